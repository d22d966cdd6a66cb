"""Building cases through the real services, for tests and benchmarks."""

from datetime import date

from serdh.accounts.models import User
from serdh.accounts.selectors import use_membership
from serdh.cases import followups, referrals, registration
from serdh.network.models import Organization
from serdh.vocabularies.models import Term


def acting(username):
    user = User.objects.get(username=username)
    use_membership(user, user.memberships.filter(is_active=True).first())
    return user


def term(key, parent=False, **filters):
    qs = Term.objects.filter(vocabulary__key=key, is_active=True, **filters)
    if parent is not None:
        qs = qs.filter(parent__isnull=not parent)
    found = qs.order_by("order").first()
    assert found is not None, f"no term in vocabulary {key} with {filters}"
    return found


def violation_type(with_subtype=True):
    parent = (
        Term.objects.filter(
            vocabulary__key="violation_type",
            parent__isnull=True,
            children__isnull=False,
            is_active=True,
        )
        .order_by("order")
        .first()
    )
    subtype = parent.children.filter(is_active=True).order_by("order").first()
    return parent, (subtype if with_subtype else None)


def open_case(
    username="cras.passos",
    *,
    victim_name="Ana Beatriz Souza",
    age=9,
    cpf="",
    register=True,
    **case_overrides,
):
    user = acting(username)
    type_, subtype = violation_type()
    data = {
        "intake_channel": term("intake_channel"),
        "reported_on": date(2026, 3, 10),
        "reported_precision": "day",
        "occurred_on": date(2026, 3, 1),
        "occurred_precision": "day",
        "urgency": "high",
        "narrative": "Relato de teste: a criança contou à professora.",
        **case_overrides,
    }
    victim = {"full_name": victim_name, "age_years": age, "sex": "F", "cpf": cpf}
    author = {"full_name": "Carlos Eduardo Lima", "sex": "M", "age_years": 40}
    violation = {
        "type": type_,
        "subtype": subtype,
        "relationship": term("relationship"),
        "recurrence": "repeated",
    }
    return registration.open_case(
        user, data, victim=victim, author=author, violation=violation, register=register
    )


def refer(
    case,
    from_user="cras.passos",
    to="Conselho Tutelar de Passos",
    sharing_basis="consent_victim",
    sharing_note="",
):
    return referrals.send_referral(
        acting(from_user),
        case,
        to_organization=Organization.objects.get(name=to),
        service_requested="Aplicar medida de proteção",
        sharing_basis=sharing_basis,
        sharing_note=sharing_note,
    )


def follow(case, username):
    return followups.record_follow_up(
        acting(username),
        case,
        kind=term("follow_up_kind"),
        happened_on=date(2026, 3, 12),
        description="Visita feita",
    )
