"""Break-the-glass: a manager's justified, time-limited full view of one case, flagged in the
audit trail and reviewed by the auditor."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.accounts.selectors import current_membership
from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError

from .acting import log
from .models import BreakGlass, Case
from .policies import PSEUDONYMIZED

DURATIONS = (1, 4, 8)
MIN_JUSTIFICATION = 30
OUTCOMES = {"justified": _("Justificado"), "unjustified": _("Não justificado")}


def request_break_glass(user, case, *, justification, hours):
    justification = (justification or "").strip()
    if len(justification) < MIN_JUSTIFICATION:
        raise ServiceError(
            _("Explique em pelo menos %(n)s caracteres por que precisa ver o caso completo.")
            % {"n": MIN_JUSTIFICATION},
            field="justification",
        )
    if hours not in DURATIONS:
        raise ServiceError(_("Escolha uma duração válida."), field="hours")
    with transaction.atomic():
        case = Case.objects.restrict(user, PSEUDONYMIZED).filter(pk=case.pk).first()
        if case is None:
            raise NotPermitted(_("Este caso não está no seu território."))
        membership = current_membership(user)
        now = timezone.now()
        grant = BreakGlass.objects.create(
            user=user,
            organization=membership.organization,
            case=case,
            justification=justification,
            granted_at=now,
            expires_at=now + timedelta(hours=hours),
        )
        log(
            case,
            "break_glass",
            _("Acesso excepcional da gestão (%(org)s)") % {"org": membership.organization.name},
            user,
            membership.organization,
        )
        audit.record(
            "case.break_glass",
            case,
            reason=justification,
            flagged=True,
            data={"grant": grant.pk, "hours": hours},
        )
    return grant


def active_grant(user, case):
    return BreakGlass.objects.filter(user=user, case=case, expires_at__gt=timezone.now()).first()


def review_break_glass(user, grant, *, outcome, note=""):
    if outcome not in OUTCOMES:
        raise ServiceError(_("Escolha o resultado da revisão."), field="outcome")
    with transaction.atomic():
        grant = (
            BreakGlass.objects.restrict(user, access.CHANGE)
            .select_for_update()
            .filter(pk=grant.pk)
            .first()
        )
        if grant is None:
            raise NotPermitted(_("Só a auditoria revisa acessos excepcionais."))
        if grant.reviewed_at:
            raise ServiceError(_("Este acesso já foi revisado."))
        grant.reviewed_by = user
        grant.reviewed_at = timezone.now()
        grant.review_outcome = outcome
        grant.review_note = (note or "").strip()
        grant.save()
        audit.record(
            "break_glass.reviewed",
            grant,
            flagged=outcome == "unjustified",
            reason=grant.review_note,
            data={"outcome": outcome},
        )
    return grant
