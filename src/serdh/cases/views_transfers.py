"""Transfer of responsibility pages: the owning service asks (from the case page), the
receiving service decides on a page that shows what it needs before accepting (the summary a
receiving service sees of a referral, the safety flags and the reason), and each service lists
the transfers it sent and received."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import CASEWORK_ROLES
from serdh.core.views import get_restricted, role_required

from . import referrals, transfers
from .choices import PartyRole, TransferStatus
from .forms import ReasonForm, TransferForm
from .models import Case, CaseTransfer
from .policies import CLOSE
from .views import _case, _case_form

casework_required = role_required(*CASEWORK_ROLES)


@casework_required
def transfer_create(request, pk):
    case = _case(request.user, pk, CLOSE)
    form = TransferForm(
        request.POST or None,
        destinations=referrals.destinations(exclude=request.membership.organization),
    )
    return _case_form(
        request,
        case,
        form,
        lambda data: transfers.request_transfer(request.user, case, **data),
        _("Transferência pedida. O caso continua com o seu serviço até o destino aceitar."),
        "cases/transfer_form.html",
    )


@casework_required
def transfer_list(request):
    organization = request.membership.organization
    incoming = list(transfers.incoming(request.user, organization))
    recent = list(
        transfers.of_service(request.user, organization)
        .exclude(pk__in=[t.pk for t in incoming])
        .select_related("case", "from_organization", "to_organization")
        .order_by("-requested_at", "-pk")[:50]
    )
    return render(
        request,
        "cases/transfer_list.html",
        {"incoming": incoming, "recent": recent, "organization": organization},
    )


@casework_required
def transfer_detail(request, pk):
    transfer = get_restricted(
        CaseTransfer,
        request.user,
        pk=pk,
        queryset=CaseTransfer.objects.select_related(
            "case__municipality", "from_organization", "to_organization", "requested_by"
        ),
    )
    case = transfer.case
    actor = access.actor_for(request.user)
    is_receiver = transfer.to_organization_id == actor.organization_id
    with transaction.atomic():
        audit.record("case.transfer_viewed", transfer, data={"case": case.pk})
    return render(
        request,
        "cases/transfer_detail.html",
        {
            "transfer": transfer,
            "case": case,
            "victims": case.parties.filter(role=PartyRole.VICTIM).order_by("ordinal"),
            "violations": case.violations.select_related("type", "subtype"),
            "full_access": Case.objects.restrict(request.user).filter(pk=case.pk).exists(),
            "is_receiver": is_receiver,
            "is_sender": transfer.from_organization_id == actor.organization_id,
            "can_decide": is_receiver
            and transfer.status == TransferStatus.PENDING
            and transfers.may_decide(request.user, transfer),
            "form": ReasonForm(),
        },
    )


@casework_required
@require_POST
def transfer_action(request, pk, verb):
    if verb not in ("accept", "refuse", "cancel"):
        raise Http404
    transfer = get_restricted(CaseTransfer, request.user, pk=pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    try:
        if verb == "accept":
            transfers.accept(request.user, transfer)
        elif verb == "refuse":
            transfers.refuse(request.user, transfer, reason=reason)
        else:
            transfers.cancel(request.user, transfer)
    except (ServiceError, NotPermitted) as exc:
        messages.error(request, getattr(exc, "message", None) or str(exc))
        return redirect("cases:transfer_detail", pk=pk)
    done = {
        "accept": _("Transferência aceita: o caso agora é do seu serviço."),
        "refuse": _("Transferência recusada."),
        "cancel": _("Pedido de transferência cancelado."),
    }
    messages.success(request, done[verb])
    if verb == "refuse":
        return redirect("cases:transfer_list")
    return redirect("cases:case_detail", pk=transfer.case_id)
