"""Pages of the integration admin: system clients, webhook endpoints, the message log."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role
from serdh.core.views import get_restricted, refusal, role_required

from . import approvals, selectors, webhooks
from . import clients as client_services
from . import endpoints as endpoint_services
from .forms import (
    ApproveClientForm,
    ClientForm,
    EndpointForm,
    MessageLogFilterForm,
    RotateForApproverForm,
    RotateForm,
    StatusForm,
)
from .models import (
    ClientStatus,
    Delivery,
    EndpointStatus,
    SecretHandoff,
    SystemClient,
    WebhookEndpoint,
)
from .policies import DELIVER

ADMINS = (Role.STATE_ADMIN, Role.MUNICIPAL_ADMIN)
READERS = (*ADMINS, Role.AUDITOR)
# A coordinator sees its organization's clients: it approves those that reach case data and
# issues their secrets.
CLIENT_READERS = (*READERS, Role.COORDINATOR)


def _may_manage(user):
    return access.actor_for(user).has_role(*ADMINS)


def _secret_page(request, title, obj, secret, kind):
    response = render(
        request,
        "interop/secret.html",
        {"title": title, "object": obj, "secret": secret, "kind": kind},
    )
    response["Cache-Control"] = "no-store, private"
    return response


def _handoff_page(request, client, handoff):
    record, raw = handoff
    link = request.build_absolute_uri(reverse("interop:secret_handoff", args=[raw]))
    response = render(
        request,
        "interop/handoff_link.html",
        {"client": client, "handoff": record, "link": link},
    )
    response["Cache-Control"] = "no-store, private"
    return response


def _error(form, exc):
    form.add_error(getattr(exc, "field", None), getattr(exc, "message", None) or str(exc))


# --- system clients -------------------------------------------------------------------------


@role_required(*CLIENT_READERS)
def client_list(request):
    return render(
        request,
        "interop/client_list.html",
        {"clients": selectors.clients(request.user), "may_manage": _may_manage(request.user)},
    )


@role_required(*ADMINS)
def client_create(request):
    form = ClientForm(
        request.POST or None, organizations=selectors.managed_organizations(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            client, secret = client_services.register_client(
                request.user,
                organization=data["organization"],
                name=data["name"],
                scopes=data["scopes"],
                rate_limit=data["rate_limit"],
            )
        except (ServiceError, NotPermitted) as exc:
            _error(form, exc)
        else:
            if secret is None:
                messages.success(
                    request,
                    _(
                        "Sistema cadastrado. Como ele pede acesso a casos, a coordenação de "
                        "%(org)s precisa aprovar; o segredo é entregue a quem aprovar (ou a "
                        "quem essa pessoa indicar), não a você."
                    )
                    % {"org": client.organization.name},
                )
                return redirect("interop:client_detail", pk=client.pk)
            return _secret_page(request, _("Sistema cadastrado"), client, secret, "client")
    return render(request, "interop/client_form.html", {"form": form, "client": None})


@role_required(*CLIENT_READERS)
def client_detail(request, pk):
    client = get_restricted(
        SystemClient,
        request.user,
        pk=pk,
        queryset=SystemClient.objects.select_related(
            "organization__municipality", "approval_requested_by", "approved_by"
        ),
    )
    may_change = SystemClient.objects.restrict(request.user, access.CHANGE).filter(pk=pk).exists()
    # Who renews the secret: the admin for a directory-only client, the approver's side
    # (a coordinator of the organization) for one that reaches case data.
    may_rotate = client.status in (ClientStatus.ACTIVE, ClientStatus.SUSPENDED) and (
        SystemClient.objects.restrict(request.user, DELIVER).filter(pk=pk).exists()
        if client.reaches_cases
        else may_change
    )
    may_decide = approvals.pending_for(request.user).filter(pk=pk).exists()
    return render(
        request,
        "interop/client_detail.html",
        {
            "client": client,
            "may_change": may_change,
            "may_rotate": may_rotate,
            "may_decide": may_decide,
            "rotate_form": RotateForApproverForm() if client.reaches_cases else RotateForm(),
            "approve_form": ApproveClientForm(),
            "status_form": StatusForm(),
        },
    )


@role_required(*ADMINS)
def client_edit(request, pk):
    client = get_restricted(SystemClient, request.user, access.CHANGE, pk=pk)
    initial = {"name": client.name, "scopes": client.scope_list, "rate_limit": client.rate_limit}
    form = ClientForm(
        request.POST or None,
        initial=initial,
        organizations=selectors.managed_organizations(request.user),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            client_services.update_client(request.user, client, **form.cleaned_data)
        except (ServiceError, NotPermitted) as exc:
            _error(form, exc)
        else:
            messages.success(
                request, _("Sistema atualizado; tokens emitidos antes foram revogados.")
            )
            return redirect("interop:client_detail", pk=pk)
    return render(request, "interop/client_form.html", {"form": form, "client": client})


def _rotate(request, obj, rotate, title, kind, detail):
    form = RotateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Escolha quando o segredo anterior deixa de valer."))
        return redirect(detail, pk=obj.pk)
    secret = rotate(request.user, obj, grace_hours=form.cleaned_data["grace_hours"])
    return _secret_page(request, title, obj, secret, kind)


def _change_status(request, obj, statuses, set_status, done, detail, unchanged):
    """Apply the status the form asks for (``target``); a second click or a page left open
    while someone else acted asks for the current status, and nothing changes."""
    form = StatusForm(request.POST)
    form.is_valid()
    target = request.POST.get("target")
    if target not in statuses.values or target == obj.status:
        messages.error(request, unchanged)
        return redirect(detail, pk=obj.pk)
    try:
        set_status(request.user, obj, target, reason=form.cleaned_data.get("reason", ""))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done[target])
    return redirect(detail, pk=obj.pk)


@role_required(*ADMINS, Role.COORDINATOR)
@require_POST
def client_rotate(request, pk):
    client = get_restricted(SystemClient, request.user, access.VIEW, pk=pk)
    if not client.reaches_cases:
        client = get_restricted(SystemClient, request.user, access.CHANGE, pk=pk)
        return _rotate(
            request,
            client,
            client_services.rotate_secret,
            _("Novo segredo do sistema"),
            "client",
            "interop:client_detail",
        )
    form = RotateForApproverForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Escolha quando o segredo anterior deixa de valer."))
        return redirect("interop:client_detail", pk=pk)
    try:
        secret, handoff = approvals.rotate_for_approver(
            request.user,
            client,
            grace_hours=form.cleaned_data["grace_hours"],
            designee_username=form.cleaned_data["designee"],
        )
    except NotPermitted:
        messages.error(
            request,
            _(
                "Este sistema tem acesso a casos: só a coordenação de %(org)s troca o segredo "
                "(a administração pode suspendê-lo)."
            )
            % {"org": client.organization.name},
        )
        return redirect("interop:client_detail", pk=pk)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("interop:client_detail", pk=pk)
    if handoff is not None:
        return _handoff_page(request, client, handoff)
    return _secret_page(request, _("Novo segredo do sistema"), client, secret, "client")


@role_required(Role.COORDINATOR)
@require_POST
def client_approve(request, pk):
    client = get_restricted(SystemClient, request.user, approvals.APPROVE, pk=pk)
    form = ApproveClientForm(request.POST)
    form.is_valid()
    try:
        secret, handoff = approvals.approve_client(
            request.user, client, designee_username=form.cleaned_data.get("designee", "")
        )
    except (ServiceError, NotPermitted) as exc:
        messages.error(request, getattr(exc, "message", None) or str(exc))
        return redirect("web:approvals")
    if handoff is not None:
        return _handoff_page(request, client, handoff)
    return _secret_page(request, _("Sistema aprovado"), client, secret, "client")


@role_required(Role.COORDINATOR)
@require_POST
def client_refuse(request, pk):
    client = get_restricted(SystemClient, request.user, approvals.APPROVE, pk=pk)
    return refusal(
        request,
        lambda reason: approvals.refuse_client(request.user, client, reason=reason),
        _("Pedido do sistema recusado."),
    )


def secret_handoff(request, token):
    """The designee's one-time link: GET asks for confirmation (a link preview or a scanner
    must not consume it), POST makes the secret and shows it once."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        client, secret = approvals.collect(request.user, token)
        if client is None:
            raise Http404
        return _secret_page(request, _("Segredo do sistema"), client, secret, "client")
    handoff = (
        SecretHandoff.objects.restrict(request.user)
        .filter(token_hash=client_services.digest(token), used_at__isnull=True)
        .select_related("client__organization")
        .first()
    )
    if handoff is None or handoff.expires_at <= timezone.now():
        raise Http404
    response = render(request, "interop/handoff_collect.html", {"handoff": handoff})
    response["Cache-Control"] = "no-store, private"
    return response


@role_required(*ADMINS)
@require_POST
def client_status(request, pk):
    client = get_restricted(SystemClient, request.user, access.CHANGE, pk=pk)
    return _change_status(
        request,
        client,
        ClientStatus,
        client_services.set_status,
        {
            ClientStatus.SUSPENDED: _("Sistema suspenso; seus tokens foram revogados."),
            ClientStatus.ACTIVE: _("Sistema reativado."),
        },
        "interop:client_detail",
        _("O sistema já está nesta situação; nada foi alterado."),
    )


# --- webhook endpoints ----------------------------------------------------------------------


@role_required(*READERS)
def endpoint_list(request):
    return render(
        request,
        "interop/endpoint_list.html",
        {"endpoints": selectors.endpoints(request.user), "may_manage": _may_manage(request.user)},
    )


@role_required(*ADMINS)
def endpoint_create(request):
    form = EndpointForm(
        request.POST or None, organizations=selectors.managed_organizations(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, secret = endpoint_services.create_endpoint(request.user, **form.cleaned_data)
        except (ServiceError, NotPermitted) as exc:
            _error(form, exc)
        else:
            return _secret_page(request, _("Destino cadastrado"), endpoint, secret, "endpoint")
    return render(request, "interop/endpoint_form.html", {"form": form, "endpoint": None})


@role_required(*READERS)
def endpoint_detail(request, pk):
    endpoint = get_restricted(
        WebhookEndpoint,
        request.user,
        pk=pk,
        queryset=WebhookEndpoint.objects.select_related("organization__municipality"),
    )
    may_change = (
        WebhookEndpoint.objects.restrict(request.user, access.CHANGE).filter(pk=pk).exists()
    )
    return render(
        request,
        "interop/endpoint_detail.html",
        {
            "endpoint": endpoint,
            "deliveries": selectors.deliveries(request.user, endpoint),
            "may_change": may_change,
            "rotate_form": RotateForm(),
            "status_form": StatusForm(),
        },
    )


@role_required(*ADMINS)
def endpoint_edit(request, pk):
    endpoint = get_restricted(WebhookEndpoint, request.user, access.CHANGE, pk=pk)
    initial = {
        "url": endpoint.url,
        "description": endpoint.description,
        "event_types": endpoint.event_types.split(),
    }
    form = EndpointForm(
        request.POST or None,
        initial=initial,
        organizations=selectors.managed_organizations(request.user),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            endpoint_services.update_endpoint(request.user, endpoint, **form.cleaned_data)
        except (ServiceError, NotPermitted) as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Destino atualizado."))
            return redirect("interop:endpoint_detail", pk=pk)
    return render(request, "interop/endpoint_form.html", {"form": form, "endpoint": endpoint})


@role_required(*ADMINS)
@require_POST
def endpoint_rotate(request, pk):
    endpoint = get_restricted(WebhookEndpoint, request.user, access.CHANGE, pk=pk)
    return _rotate(
        request,
        endpoint,
        endpoint_services.rotate_secret,
        _("Novo segredo de assinatura"),
        "endpoint",
        "interop:endpoint_detail",
    )


@role_required(*ADMINS)
@require_POST
def endpoint_status(request, pk):
    endpoint = get_restricted(WebhookEndpoint, request.user, access.CHANGE, pk=pk)
    return _change_status(
        request,
        endpoint,
        EndpointStatus,
        endpoint_services.set_status,
        {
            EndpointStatus.ACTIVE: _("Destino reativado."),
            EndpointStatus.DISABLED: _("Destino desativado."),
        },
        "interop:endpoint_detail",
        _("O destino já está nesta situação; nada foi alterado."),
    )


@role_required(*ADMINS)
@require_POST
def delivery_replay(request, pk):
    delivery = get_restricted(Delivery, request.user, access.CHANGE, pk=pk)
    try:
        webhooks.replay(request.user, delivery)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Entrega recolocada na fila; o worker a envia em instantes."))
    return redirect("interop:endpoint_detail", pk=delivery.endpoint_id)


# --- message log ----------------------------------------------------------------------------


@role_required(Role.AUDITOR)
def message_log(request):
    form = MessageLogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    before = request.GET.get("antes", "")
    before = int(before) if before.isascii() and before.isdigit() and len(before) < 19 else None
    rows, next_before = selectors.messages(request.user, filters, before=before)
    with transaction.atomic():
        audit.record(
            "messagelog.viewed",
            object_type="interop.messagelogentry",
            data={"filters": {k: str(v) for k, v in filters.items() if v}, "rows": len(rows)},
        )
    query = request.GET.copy()
    query.pop("antes", None)
    return render(
        request,
        "interop/message_log.html",
        {"form": form, "rows": rows, "next_before": next_before, "page_query": query.urlencode()},
    )
