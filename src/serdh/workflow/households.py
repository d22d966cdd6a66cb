"""Linked cases and households (issue 13).

- A **link** joins two cases that belong together (same household, siblings, same author, the
  same fact reported twice) with a reason. Whoever makes it must see both cases in full and
  change one of them; it shows on both cases only to those who may see both, so a link never
  tells anyone that a case they cannot see exists.
- A **household** (família, as the SUAS family record) is one service's record: a reference
  person and members, each a person of the registry taken from a case the professional
  follows. Its cases are those in which a member takes part, each reader seeing only the ones
  they may see.

Each change writes the audit chain in the same transaction; a family also writes the case's
timeline (without names: managers read it). Links stay off the timelines, which a service
that follows only one of the two cases reads.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.cases.acting import acting_organization, lock_case, log
from serdh.cases.models import Case, Party
from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError

from .choices import Kinship, LinkKind
from .models import CaseLink, Household, HouseholdMember

MIN_REASON = 10


def link_cases(user, case, *, other, kind, reason):
    """Link ``case`` to the case whose protocol is ``other``."""
    reason = (reason or "").strip()
    if kind not in LinkKind.values:
        raise ServiceError(_("Escolha o tipo de vínculo."), field="kind")
    if len(reason) < MIN_REASON:
        raise ServiceError(
            _("Diga por que os casos estão ligados (ao menos 10 caracteres)."), field="reason"
        )
    with transaction.atomic():
        organization = acting_organization(user)
        case = lock_case(user, case)
        # The same answer whether the protocol does not exist or is not the user's to see.
        target = (
            Case.objects.restrict(user, access.VIEW)
            .filter(protocol=(other or "").strip().upper())
            .first()
        )
        if target is None:
            raise ServiceError(
                _("Nenhum caso com este protocolo entre os que você acompanha."), field="other"
            )
        if target.pk == case.pk:
            raise ServiceError(_("Escolha outro caso."), field="other")
        first, second = sorted([case.pk, target.pk])
        if CaseLink.objects.filter(
            case_a_id=first, case_b_id=second, kind=kind, removed_at__isnull=True
        ).exists():
            raise ServiceError(_("Estes casos já estão ligados assim."), field="other")
        link = CaseLink.objects.create(
            case_a_id=first,
            case_b_id=second,
            kind=kind,
            reason=reason[:1000],
            organization=organization,
            created_by=user,
            created_at=timezone.now(),
        )
        # Not on the timelines: a service that follows only one of the cases would learn
        # that another exists, and why. The audit chain keeps it.
        audit.record("case.linked", case, data={"link": link.pk, "other": target.pk})
    return link


def unlink(user, link):
    with transaction.atomic():
        acting_organization(user)
        link = (
            CaseLink.objects.restrict(user, access.CHANGE)
            .select_for_update()
            .filter(pk=link.pk, removed_at__isnull=True)
            .first()
        )
        if link is None:
            raise NotPermitted(_("Você não tem permissão para esta ação neste caso."))
        link.removed_at = timezone.now()
        link.removed_by = user
        link.save(update_fields=["removed_at", "removed_by"])
        audit.record("case.unlinked", link.case_a, data={"link": link.pk})
    return link


def links_for(user, case):
    """[(link, other case)] of the active links of ``case`` the user may see."""
    links = (
        CaseLink.objects.filter(Q(case_a=case) | Q(case_b=case), removed_at__isnull=True)
        .restrict_if_any(user, access.VIEW)
        .select_related("case_a__organization", "case_b__organization")
    )
    return [(link, link.case_b if link.case_a_id == case.pk else link.case_a) for link in links]


def case_persons(case):
    """The persons of the case's parties (a party without a person record is not a member)."""
    return {
        party.person_id: party
        for party in Party.objects.filter(case=case, person__isnull=False)
        .select_related("person")
        .order_by("role", "ordinal")
    }


def record_household(user, case, *, members, household=None, reference=None, note=""):
    """Put persons of ``case`` in a family of the service: a new one (``reference`` is the
    reference person's id) or ``household``. ``members``: {person id: kinship}."""
    members = {int(pid): kin for pid, kin in members.items() if kin}
    with transaction.atomic():
        organization = acting_organization(user)
        case = lock_case(user, case)
        persons = case_persons(case)
        unknown = (set(members) | ({int(reference)} if reference else set())) - set(persons)
        if unknown:
            raise ServiceError(_("Escolha envolvidos deste caso."), field="reference")
        if any(kin not in Kinship.values for kin in members.values()):
            raise ServiceError(_("Escolha o parentesco."), field="reference")
        now = timezone.now()
        if household is None:
            if not reference:
                raise ServiceError(
                    _("Escolha a pessoa de referência da nova família."), field="reference"
                )
            household = Household.objects.create(
                organization=organization,
                reference_person_id=int(reference),
                note=(note or "").strip()[:2000],
                created_by=user,
                created_at=now,
            )
            members[int(reference)] = Kinship.REFERENCE
        else:
            household = (
                Household.objects.restrict(user, access.CHANGE)
                .select_for_update()
                .filter(pk=household.pk)
                .first()
            )
            if household is None:
                raise NotPermitted(_("Esta família não é do seu serviço."))
        if not members:
            raise ServiceError(_("Escolha ao menos um envolvido."), field="reference")
        present = set(
            household.members.filter(left_at__isnull=True).values_list("person_id", flat=True)
        )
        added = [pid for pid in members if pid not in present]
        HouseholdMember.objects.bulk_create(
            [
                HouseholdMember(
                    household=household,
                    person_id=pid,
                    kinship=members[pid],
                    added_by=user,
                    added_at=now,
                )
                for pid in added
            ]
        )
        log(
            case,
            "household",
            _("Envolvidos incluídos numa família acompanhada pelo serviço"),
            user,
            organization,
        )
        audit.record(
            "household.recorded",
            household,
            data={"case": case.pk, "members": sorted(added)},
        )
    return household


def remove_member(user, member):
    with transaction.atomic():
        acting_organization(user)
        member = (
            HouseholdMember.objects.restrict(user, access.CHANGE)
            .select_for_update()
            .filter(pk=member.pk, left_at__isnull=True)
            .first()
        )
        if member is None:
            raise NotPermitted(_("Esta família não é do seu serviço."))
        if member.person_id == member.household.reference_person_id:
            raise ServiceError(_("A pessoa de referência não sai da família."))
        member.left_at = timezone.now()
        member.save(update_fields=["left_at"])
        audit.record(
            "household.member_removed", member.household, data={"person": member.person_id}
        )
    return member


def households_for_case(user, case):
    persons = list(Party.objects.filter(case=case).values_list("person_id", flat=True))
    return list(
        Household.objects.filter(
            members__person_id__in=[p for p in persons if p], members__left_at__isnull=True
        )
        .restrict_if_any(user, access.VIEW)
        .distinct()
        .order_by("pk")
    )


def household_cases(user, household):
    """The cases in which a current member takes part, among those the user may see."""
    persons = household.members.filter(left_at__isnull=True).values("person_id")
    return (
        Case.objects.restrict(user, access.VIEW)
        .filter(parties__person_id__in=persons)
        .distinct()
        .select_related("organization", "municipality")
        .order_by("-registered_at", "-pk")
    )


def anonymize(case_ids):
    """cases.anonymize's hook: the reasons written on links of these cases go with the
    narratives (the link itself, a fact, stays)."""
    case_ids = list(case_ids)
    CaseLink.objects.filter(Q(case_a_id__in=case_ids) | Q(case_b_id__in=case_ids)).update(reason="")
