"""Safety flags on a case: set with a reason, removed with a reason; both on the timeline
(without the reason, which managers must not read) and in the audit chain."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.cases.acting import acting_organization, lock_case, log
from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError

from .choices import FlagKind
from .models import SafetyFlag


def active(case):
    return case.safety_flags.filter(removed_at__isnull=True)


def add_flag(user, case, *, kind, note=""):
    if kind not in FlagKind.values:
        raise ServiceError(_("Escolha um alerta da lista."), field="kind")
    note = (note or "").strip()
    if kind == FlagKind.OTHER and len(note) < 10:
        raise ServiceError(_("Descreva o alerta (ao menos 10 caracteres)."), field="note")
    with transaction.atomic():
        organization = acting_organization(user)
        case = lock_case(user, case)
        if active(case).filter(kind=kind).exists():
            raise ServiceError(_("Este alerta já está ativo no caso."), field="kind")
        flag = SafetyFlag.objects.create(
            case=case,
            organization=organization,
            kind=kind,
            note=note[:2000],
            flagged_by=user,
            flagged_at=timezone.now(),
        )
        log(
            case,
            "flag_added",
            _("Alerta de segurança: %(k)s") % {"k": flag.get_kind_display()},
            user,
            organization,
            detail=flag.note,
        )
        audit.record("case.flag_added", case, data={"flag": flag.pk, "kind": kind})
    return flag


def remove_flag(user, flag, *, reason):
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ServiceError(
            _("Diga por que o alerta deixa de valer (ao menos 10 caracteres)."), field="reason"
        )
    with transaction.atomic():
        organization = acting_organization(user)
        flag = (
            SafetyFlag.objects.restrict(user, access.CHANGE)
            .select_for_update()
            .filter(pk=flag.pk, removed_at__isnull=True)
            .first()
        )
        if flag is None:
            raise NotPermitted(_("Você não tem permissão para esta ação neste caso."))
        lock_case(user, flag.case)
        flag.removed_by = user
        flag.removed_at = timezone.now()
        flag.removal_reason = reason[:1000]
        flag.save(update_fields=["removed_by", "removed_at", "removal_reason"])
        log(
            flag.case,
            "flag_removed",
            _("Alerta de segurança retirado: %(k)s") % {"k": flag.get_kind_display()},
            user,
            organization,
            detail=flag.removal_reason,
        )
        audit.record("case.flag_removed", flag.case, data={"flag": flag.pk})
    return flag


def anonymize(case_ids):
    SafetyFlag.objects.filter(case_id__in=list(case_ids)).update(note="", removal_reason="")
