"""Webhook endpoints: registration, secret rotation, activation (interop.webhooks delivers)."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.network.models import Organization

from .events import EVENT_TYPES
from .models import Delivery, DeliveryStatus, EndpointStatus, WebhookEndpoint
from .webhooks import new_secret


def check_url(url):
    parts = urlsplit(url or "")
    allowed = ("https", "http") if settings.SERDH_WEBHOOK_ALLOW_HTTP else ("https",)
    if parts.scheme not in allowed or not parts.hostname:
        raise ServiceError(
            _("Use um endereço https:// completo (http só é aceito fora de produção)."),
            field="url",
        )
    if parts.username or parts.password:
        raise ServiceError(_("Não coloque usuário ou senha na URL."), field="url")
    return url


def clean_event_types(event_types):
    chosen = [t for t in event_types if t]
    unknown = [t for t in chosen if t not in EVENT_TYPES]
    if unknown:
        raise ServiceError(
            _("Evento desconhecido: %(e)s.") % {"e": ", ".join(unknown)}, field="event_types"
        )
    return " ".join(t for t in EVENT_TYPES if t in chosen)


def create_endpoint(user, *, organization, url, description="", event_types=()):
    """Returns (endpoint, secret); the secret is shown once (it is kept encrypted to sign)."""
    if not access.restrict(Organization.objects.all(), user, access.CHANGE).filter(
        pk=organization.pk
    ):
        raise NotPermitted(_("Você não administra esta organização."))
    secret = new_secret()
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(
            organization=organization,
            url=check_url(url),
            description=description.strip(),
            event_types=clean_event_types(event_types),
            secret=secret,
            created_by=user,
        )
        audit.record(
            "webhook.registered",
            endpoint,
            organization_id=organization.pk,
            data={"url": endpoint.url, "events": endpoint.event_types},
        )
    return endpoint, secret


def _locked(user, endpoint):
    locked = (
        WebhookEndpoint.objects.restrict(user, access.CHANGE)
        .select_for_update()
        .filter(pk=endpoint.pk)
        .first()
    )
    if locked is None:
        raise NotPermitted(_("Você não administra este destino."))
    return locked


def update_endpoint(user, endpoint, *, url, description, event_types):
    with transaction.atomic():
        endpoint = _locked(user, endpoint)
        endpoint.url = check_url(url)
        endpoint.description = description.strip()
        endpoint.event_types = clean_event_types(event_types)
        endpoint.save(update_fields=["url", "description", "event_types"])
        audit.record(
            "webhook.updated",
            endpoint,
            organization_id=endpoint.organization_id,
            data={"url": endpoint.url, "events": endpoint.event_types},
        )
    return endpoint


def rotate_secret(user, endpoint, *, grace_hours=24):
    """A new signing secret; during ``grace_hours`` messages carry both signatures."""
    if grace_hours not in (0, 1, 24, 72):
        raise ServiceError(_("Período de transição inválido."), field="grace_hours")
    secret = new_secret()
    with transaction.atomic():
        endpoint = _locked(user, endpoint)
        if grace_hours:
            endpoint.previous_secret = endpoint.secret
            endpoint.previous_valid_until = timezone.now() + timedelta(hours=grace_hours)
        else:
            endpoint.previous_secret = ""
            endpoint.previous_valid_until = None
        endpoint.secret = secret
        endpoint.save()
        audit.record(
            "webhook.secret_rotated",
            endpoint,
            organization_id=endpoint.organization_id,
            data={"grace_hours": grace_hours},
        )
    return secret


def set_status(user, endpoint, status, *, reason=""):
    with transaction.atomic():
        endpoint = _locked(user, endpoint)
        if endpoint.status == status:
            return endpoint
        endpoint.status = status
        endpoint.status_reason = (reason or "").strip()
        endpoint.save(update_fields=["status", "status_reason"])
        if status == EndpointStatus.DISABLED:
            Delivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.PENDING).update(
                status=DeliveryStatus.CANCELLED, locked_until=None
            )
        audit.record(
            f"webhook.{'enabled' if status == EndpointStatus.ACTIVE else 'disabled'}",
            endpoint,
            organization_id=endpoint.organization_id,
            reason=endpoint.status_reason,
        )
    return endpoint
