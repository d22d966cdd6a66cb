"""Pages of the integration admin: system clients, webhook endpoints, the message log."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role
from serdh.core.views import get_restricted, role_required

from . import clients as client_services
from . import endpoints as endpoint_services
from . import selectors, webhooks
from .forms import ClientForm, EndpointForm, MessageLogFilterForm, RotateForm, StatusForm
from .models import ClientStatus, Delivery, EndpointStatus, SystemClient, WebhookEndpoint

ADMINS = (Role.STATE_ADMIN, Role.MUNICIPAL_ADMIN)
READERS = (*ADMINS, Role.AUDITOR)


def _may_manage(user):
    return access.actor_for(user).has_role(*ADMINS)


def _secret_page(request, title, obj, secret, kind):
    response = render(
        request,
        "interop/secret.html",
        {"title": title, "object": obj, "secret": secret, "kind": kind},
    )
    response["Cache-Control"] = "no-store"
    return response


def _error(form, exc):
    form.add_error(getattr(exc, "field", None), getattr(exc, "message", None) or str(exc))


# --- system clients -------------------------------------------------------------------------


@role_required(*READERS)
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
            return _secret_page(request, _("Sistema cadastrado"), client, secret, "client")
    return render(request, "interop/client_form.html", {"form": form, "client": None})


@role_required(*READERS)
def client_detail(request, pk):
    client = get_restricted(
        SystemClient,
        request.user,
        pk=pk,
        queryset=SystemClient.objects.select_related("organization__municipality"),
    )
    may_change = SystemClient.objects.restrict(request.user, access.CHANGE).filter(pk=pk).exists()
    return render(
        request,
        "interop/client_detail.html",
        {
            "client": client,
            "may_change": may_change,
            "rotate_form": RotateForm(),
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


@role_required(*ADMINS)
@require_POST
def client_rotate(request, pk):
    client = get_restricted(SystemClient, request.user, access.CHANGE, pk=pk)
    return _rotate(
        request,
        client,
        client_services.rotate_secret,
        _("Novo segredo do sistema"),
        "client",
        "interop:client_detail",
    )


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
        {"form": form, "rows": rows, "next_before": next_before, "query": query.urlencode()},
    )
