"""A case's life after registration: in follow-up, closed (warning about open referrals),
reopened. Each change checks access in its transaction and writes timeline and audit there."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.core import audit
from serdh.core.errors import ServiceError

from . import extensions
from .acting import acting_organization, lock_case, log
from .choices import OPEN_REFERRAL_STATUSES, CaseStatus, ReferralStatus
from .policies import CLOSE
from .registration import check_term


class OpenReferralsWarning(ServiceError):
    def __init__(self, referrals):
        self.referrals = referrals
        super().__init__(
            _(
                "Há %(n)s encaminhamento(s) ainda em aberto neste caso. Confirme para encerrar "
                "mesmo assim; os serviços que os receberam continuam vendo o caso."
            )
            % {"n": len(referrals)}
        )


def close_case(user, case, *, reason, note="", confirm_open_referrals=False):
    with transaction.atomic():
        org = acting_organization(user)
        case = lock_case(user, case, CLOSE)
        if not case.is_open:
            raise ServiceError(_("Só um caso registrado e aberto pode ser encerrado."))
        check_term(reason, "closure_reason", "reason")
        if reason is None:
            raise ServiceError(_("Informe o motivo do encerramento."), field="reason")
        open_refs = list(
            case.referrals.filter(status__in=OPEN_REFERRAL_STATUSES).select_related(
                "to_organization"
            )
        )
        if open_refs and not confirm_open_referrals:
            raise OpenReferralsWarning(open_refs)
        extensions.check_closure(user, case)
        case.status = CaseStatus.CLOSED
        case.closed_at = timezone.now()
        case.closure_reason = reason
        case.closure_note = (note or "").strip()
        case.save()
        log(
            case,
            "closed",
            _("Caso encerrado: %(r)s") % {"r": reason.label},
            user,
            org,
            detail=case.closure_note,
        )
        audit.record(
            "case.closed", case, data={"reason": reason.code, "open_referrals": len(open_refs)}
        )
    return case


def reopen_case(user, case, *, reason):
    with transaction.atomic():
        org = acting_organization(user)
        case = lock_case(user, case, CLOSE)
        if case.status != CaseStatus.CLOSED:
            raise ServiceError(_("Este caso não está encerrado."))
        if case.anonymized_at:
            raise ServiceError(
                _("Este caso foi anonimizado pelo prazo de retenção e não pode ser reaberto.")
            )
        if not (reason or "").strip():
            raise ServiceError(_("Informe por que o caso está sendo reaberto."), field="reason")
        followed = (
            case.follow_ups.exists()
            or case.referrals.filter(
                status__in=(
                    ReferralStatus.ACCEPTED,
                    ReferralStatus.IN_PROGRESS,
                    ReferralStatus.COMPLETED,
                )
            ).exists()
        )
        case.status = CaseStatus.IN_FOLLOW_UP if followed else CaseStatus.REGISTERED
        case.closed_at = None
        case.closure_reason = None
        case.save()
        log(case, "reopened", _("Caso reaberto"), user, org, detail=reason.strip())
        audit.record("case.reopened", case, reason=reason.strip())
    return case


def mark_in_follow_up(case):
    if case.status == CaseStatus.REGISTERED:
        case.status = CaseStatus.IN_FOLLOW_UP
        case.save(update_fields=["status", "updated_at"])
