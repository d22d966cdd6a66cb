"""Transfer of responsibility for a case between services (issue 13): the family moved to
another municipality, or the case passes from CRAS to CREAS.

It is not a referral. The owning service asks; the receiving service (its coordinator, if it
has one) accepts or refuses with a reason. On acceptance the case's owner changes
(``Case.organization``), the former owner keeps reading what it wrote (a ``CaseCustody``:
cases.policies) and nothing more, and the timeline of both says so. A transfer to another
municipality needs that municipality's adhesion to be active, when asked and when accepted.
The case stays counted where it happened (``Case.municipality`` is the place of occurrence).

Each step re-checks access in its transaction and writes the timeline and the audit chain
(the audit listeners of workflow and interop tell people and systems).
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.accounts.models import Membership
from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role
from serdh.network.services import AdhesionInactive, require_active_adhesion

from .acting import acting_organization, lock_case, log
from .choices import CaseStatus, TransferStatus
from .models import Case, CaseCustody, CaseTransfer
from .policies import CLOSE

MIN_REASON = 10


def _reason(text, field="reason"):
    text = (text or "").strip()
    if len(text) < MIN_REASON:
        raise ServiceError(
            _("Explique o motivo em ao menos %(n)s caracteres.") % {"n": MIN_REASON},
            field=field,
        )
    return text[:2000]


def _require_destination(organization):
    if not organization.is_active:
        raise ServiceError(_("Este serviço está inativo."), field="to_organization")
    try:
        require_active_adhesion(organization)
    except AdhesionInactive as exc:
        raise ServiceError(
            _("%(org)s não pode receber casos pelo SIMA: o município não tem adesão ativa.")
            % {"org": organization.name},
            field="to_organization",
        ) from exc


def has_coordinator(organization_id):
    return Membership.objects.filter(
        organization_id=organization_id,
        role=Role.COORDINATOR,
        is_active=True,
        user__is_active=True,
    ).exists()


def may_decide(user, transfer):
    """The receiving service decides: its coordinator, or anyone of its team when it has no
    coordinator (as with closures, workflow.closure)."""
    actor = access.actor_for(user)
    if actor.organization_id != transfer.to_organization_id:
        return False
    if actor.has_role(Role.COORDINATOR):
        return True
    return actor.has_role(Role.WORKER) and not has_coordinator(transfer.to_organization_id)


def pending(case):
    return case.transfers.filter(status=TransferStatus.PENDING).first()


def request_transfer(user, case, *, to_organization, reason):
    reason = _reason(reason)
    with transaction.atomic():
        organization = acting_organization(user)
        case = lock_case(user, case, CLOSE)
        # The owning service, and someone of it who sees the case in full (workflow's
        # caseload narrows what a worker sees).
        if not Case.objects.restrict(user, access.CHANGE).filter(pk=case.pk).exists():
            raise NotPermitted(_("Você não tem permissão para esta ação neste caso."))
        if case.status not in (CaseStatus.REGISTERED, CaseStatus.IN_FOLLOW_UP):
            raise ServiceError(_("Só um caso registrado e aberto pode ser transferido."))
        if to_organization.pk == organization.pk:
            raise ServiceError(_("Escolha outro serviço: este é o seu."), field="to_organization")
        _require_destination(to_organization)
        if pending(case) is not None:
            raise ServiceError(
                _("Já há uma transferência deste caso aguardando o serviço de destino."),
                field="to_organization",
            )
        transfer = CaseTransfer.objects.create(
            case=case,
            from_organization=organization,
            to_organization=to_organization,
            reason=reason,
            requested_by=user,
            requested_at=timezone.now(),
        )
        log(
            case,
            "transfer_requested",
            _("Transferência de responsabilidade pedida a %(to)s") % {"to": to_organization.name},
            user,
            organization,
            detail=reason,
        )
        audit.record(
            "case.transfer_requested",
            transfer,
            data={"case": case.pk, "from": organization.pk, "to": to_organization.pk},
        )
    return transfer


def _locked(user, transfer, side):
    organization = acting_organization(user)
    locked = (
        CaseTransfer.objects.restrict(user, access.CHANGE)
        .select_for_update()
        .filter(pk=transfer.pk, status=TransferStatus.PENDING)
        .select_related("case", "from_organization", "to_organization")
        .first()
    )
    if locked is None:
        raise NotPermitted(_("Esta transferência não está mais aguardando decisão."))
    own = locked.to_organization_id if side == "receiver" else locked.from_organization_id
    if own != organization.pk:
        raise NotPermitted(_("Esta transferência não é do seu serviço."))
    return organization, locked


def _decide(transfer, user, status, reason=""):
    transfer.status = status
    transfer.decided_by = user
    transfer.decided_at = timezone.now()
    transfer.decision_reason = reason
    transfer.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])


def accept(user, transfer):
    with transaction.atomic():
        organization, transfer = _locked(user, transfer, "receiver")
        if not may_decide(user, transfer):
            raise NotPermitted(_("Quem decide a transferência é a coordenação do serviço."))
        # The receiving side has no access to change the case yet: lock the row directly,
        # after the transfer itself was re-checked above.
        case = Case.objects.select_for_update().get(pk=transfer.case_id)
        if case.organization_id != transfer.from_organization_id or not case.is_open:
            raise ServiceError(_("O caso mudou desde o pedido: a transferência não vale mais."))
        _require_destination(organization)
        now = timezone.now()
        CaseCustody.objects.create(
            case=case,
            organization_id=transfer.from_organization_id,
            transfer=transfer,
            ended_at=now,
        )
        case.organization = organization
        case.save(update_fields=["organization", "updated_at"])
        _decide(transfer, user, TransferStatus.ACCEPTED)
        log(
            case,
            "transferred",
            _("Responsabilidade pelo caso transferida de %(old)s para %(new)s")
            % {"old": transfer.from_organization.name, "new": organization.name},
            user,
            organization,
        )
        audit.record(
            "case.transferred",
            transfer,
            data={
                "case": case.pk,
                "from": transfer.from_organization_id,
                "to": organization.pk,
            },
        )
    return transfer


def refuse(user, transfer, *, reason):
    reason = _reason(reason)
    with transaction.atomic():
        organization, transfer = _locked(user, transfer, "receiver")
        if not may_decide(user, transfer):
            raise NotPermitted(_("Quem decide a transferência é a coordenação do serviço."))
        _decide(transfer, user, TransferStatus.REFUSED, reason)
        log(
            transfer.case,
            "transfer_refused",
            _("%(org)s recusou a transferência de responsabilidade") % {"org": organization.name},
            user,
            organization,
            detail=reason,
        )
        audit.record("case.transfer_refused", transfer, data={"case": transfer.case_id})
    return transfer


def cancel(user, transfer):
    with transaction.atomic():
        organization, transfer = _locked(user, transfer, "sender")
        lock_case(user, transfer.case, CLOSE)
        _decide(transfer, user, TransferStatus.CANCELLED)
        log(
            transfer.case,
            "transfer_cancelled",
            _("Pedido de transferência a %(to)s cancelado") % {"to": transfer.to_organization.name},
            user,
            organization,
        )
        audit.record("case.transfer_cancelled", transfer, data={"case": transfer.case_id})
    return transfer


def for_case(user, case):
    """The case's transfers the user's service took part in, newest first."""
    return list(
        CaseTransfer.objects.restrict(user, access.VIEW)
        .filter(case=case)
        .select_related("from_organization", "to_organization", "requested_by", "decided_by")
    )


def incoming(user, organization):
    """Transfers waiting for the service's decision, oldest first."""
    return (
        CaseTransfer.objects.restrict(user, access.VIEW)
        .filter(to_organization=organization, status=TransferStatus.PENDING)
        .select_related("case__municipality", "from_organization")
        .order_by("requested_at", "pk")
    )


def of_service(user, organization):
    """Every transfer the service sent or received (for the API's list)."""
    return CaseTransfer.objects.restrict(user, access.VIEW).filter(
        Q(from_organization=organization) | Q(to_organization=organization)
    )
