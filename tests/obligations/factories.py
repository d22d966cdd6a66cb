"""Cases for the obligations tests, through the real services: who registers, the victim's age
and sex, the violation type, the relationship and the place."""

from datetime import date

from serdh.accounts.models import Membership, User
from serdh.cases import registration
from serdh.network.models import Organization
from serdh.vocabularies.models import Term
from tests.cases.factories import acting, term

UBS = "UBS Bela Vista — Passos"


def code(key, value):
    return Term.objects.get(vocabulary__key=key, code=value)


def health_worker(username="ubs.passos.teste", organization=UBS):
    """A worker of a health service (the demo has no health persona)."""
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": "Enfermeira Teste da Silva"}
    )
    if created:
        Membership.objects.create(
            user=user, organization=Organization.objects.get(name=organization), role="worker"
        )
    return user


def case_with(
    username="cras.passos",
    *,
    age=9,
    sex="F",
    violation="physical",
    subtype=None,
    relationship="father",
    place=None,
    victim_name="Bianca Teste Pereira",
    witness_age=None,
    gender_identity="",
    register=True,
):
    user = acting(username)
    data = {
        "intake_channel": term("intake_channel"),
        "reported_on": date(2026, 3, 10),
        "reported_precision": "day",
        "urgency": "high",
        "narrative": "Relato de teste.",
    }
    if place:
        data["place"] = code("place", place)
    victim = {
        "full_name": victim_name,
        "age_years": age,
        "sex": sex,
        "gender_identity": gender_identity,
    }
    author = {"full_name": "Autor Fictício Teste", "sex": "M", "age_years": 40}
    violation_data = {
        "type": code("violation_type", violation),
        "subtype": code("violation_type", subtype) if subtype else None,
        "relationship": code("relationship", relationship) if relationship else None,
        "recurrence": "first",
    }
    case = registration.open_case(
        user, data, victim=victim, author=author, violation=violation_data, register=False
    )
    if witness_age is not None:
        registration.add_party(
            user,
            case,
            "witness",
            {"full_name": "Testemunha Mirim Teste", "age_years": witness_age},
            {"age_years": witness_age},
        )
    if register:
        registration.register_case(user, case)
        case.refresh_from_db()
    return case
