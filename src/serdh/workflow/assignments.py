"""Caseload: the coordinator of a service assigns its cases to the professionals of the
service (one responsible, técnico de referência, and others), one at a time or in bulk. Each
change re-checks access in its transaction, writes the case timeline and the audit chain, and
tells the professional (notifications)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.accounts.models import Membership
from serdh.cases.acting import acting_organization, log
from serdh.cases.models import Case
from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import CASEWORK_ROLES, Role

from . import notifications
from .choices import NotificationKind
from .models import Assignment

BULK_LIMIT = 200


def team(organization):
    """The professionals who may be assigned: active casework memberships of the service."""
    return (
        Membership.objects.filter(
            organization=organization, role__in=list(CASEWORK_ROLES), is_active=True
        )
        .select_related("user")
        .filter(user__is_active=True)
        .order_by("user__full_name", "user__username")
    )


def _coordinator(user):
    organization = acting_organization(user)
    if not access.actor_for(user).has_role(Role.COORDINATOR):
        raise NotPermitted(_("Só a coordenação do serviço atribui casos."))
    return organization


def _lock(user, case_ids):
    # The coordinator sees every case of the service (registered or accepted) in full.
    cases = list(
        Case.objects.restrict(user, access.CHANGE)
        .select_for_update()
        .filter(pk__in=case_ids)
        .order_by("pk")
    )
    if len(cases) != len(set(case_ids)):
        raise NotPermitted(_("Você não tem permissão para esta ação neste caso."))
    return cases


def _member(organization, user_id):
    membership = team(organization).filter(user_id=user_id).first()
    if membership is None:
        raise ServiceError(_("Escolha um(a) profissional do próprio serviço."), field="user")
    return membership.user


def _end(assignment, by, now):
    assignment.ended_at = now
    assignment.ended_by = by
    assignment.save(update_fields=["ended_at", "ended_by"])


def assign(user, case_ids, professional_id, *, responsible=True):
    """Assign the cases to one professional of the service. As responsible, the previous
    responsible of the service (if another) stops being assigned. Returns the assignments."""
    case_ids = list(dict.fromkeys(int(pk) for pk in case_ids))
    if not case_ids:
        raise ServiceError(_("Escolha ao menos um caso."), field="cases")
    if len(case_ids) > BULK_LIMIT:
        raise ServiceError(
            _("Atribua no máximo %(n)s casos de uma vez.") % {"n": BULK_LIMIT}, field="cases"
        )
    with transaction.atomic():
        organization = _coordinator(user)
        professional = _member(organization, professional_id)
        cases = _lock(user, case_ids)
        now = timezone.now()
        made = []
        for case in cases:
            active = list(
                Assignment.objects.select_for_update().filter(
                    case=case, organization=organization, ended_at__isnull=True
                )
            )
            current = next((a for a in active if a.user_id == professional.pk), None)
            previous = next((a for a in active if a.is_responsible), None)
            if current is not None and (current.is_responsible or not responsible):
                made.append(current)
                continue  # already so: nothing to change, nothing to tell
            if responsible and previous is not None:
                _end(previous, user, now)
            if current is not None:
                _end(current, user, now)
            assignment = Assignment.objects.create(
                case=case,
                organization=organization,
                user=professional,
                is_responsible=responsible,
                assigned_by=user,
                assigned_at=now,
            )
            made.append(assignment)
            if responsible:
                summary = (
                    _("Técnico(a) de referência trocado(a) no serviço")
                    if previous is not None
                    else _("Técnico(a) de referência definido(a) no serviço")
                )
            else:
                summary = _("Profissional incluído(a) na equipe do caso")
            log(case, "assigned", summary, user, organization)
            audit.record(
                "case.assigned",
                case,
                data={
                    "user": professional.pk,
                    "responsible": responsible,
                    "previous": previous.user_id if previous else None,
                },
            )
            notifications.notify(
                professional,
                NotificationKind.CASE_ASSIGNED,
                _("Um caso foi atribuído a você."),
                case_link(case),
                dedupe_key=f"assigned:{assignment.pk}",
            )
    return made


def unassign(user, assignment):
    with transaction.atomic():
        organization = _coordinator(user)
        assignment = (
            Assignment.objects.restrict(user, access.CHANGE)
            .select_for_update()
            .filter(pk=assignment.pk, ended_at__isnull=True)
            .first()
        )
        if assignment is None:
            raise NotPermitted(_("Você não tem permissão para esta ação neste caso."))
        _lock(user, [assignment.case_id])
        _end(assignment, user, timezone.now())
        log(
            assignment.case,
            "unassigned",
            _("Profissional retirado(a) da equipe do caso"),
            user,
            organization,
        )
        audit.record(
            "case.unassigned",
            assignment.case,
            data={"user": assignment.user_id, "responsible": assignment.is_responsible},
        )
    return assignment


def case_link(case):
    from django.urls import reverse

    return reverse("cases:case_detail", args=[case.pk])


def responsibles(case_ids, organization_id=None):
    """{case id: [active assignments]} (responsible first), for lists and summaries."""
    qs = Assignment.objects.filter(case_id__in=list(case_ids), ended_at__isnull=True)
    if organization_id is not None:
        qs = qs.filter(organization_id=organization_id)
    result = {}
    for a in qs.select_related("user", "organization").order_by("-is_responsible", "pk"):
        result.setdefault(a.case_id, []).append(a)
    return result
