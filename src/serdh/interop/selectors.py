"""Reads for the interop pages, always from restrict()."""

from datetime import datetime, time

from django.utils import timezone

from serdh.core import access
from serdh.network.models import Organization

from .models import Delivery, MessageLogEntry, SystemClient, WebhookEndpoint


def managed_organizations(user):
    return access.restrict(Organization.objects.all(), user, access.CHANGE).select_related(
        "municipality"
    )


def clients(user):
    return SystemClient.objects.restrict(user).select_related("organization__municipality")


def endpoints(user):
    return WebhookEndpoint.objects.restrict(user).select_related("organization__municipality")


def deliveries(user, endpoint, limit=50):
    return (
        Delivery.objects.restrict(user)
        .filter(endpoint=endpoint)
        .select_related("event")
        .order_by("-pk")[:limit]
    )


def messages(user, filters, before=None, limit=50):
    """The auditor's search: newest first, by ``seq`` cursor (no COUNT over a big table)."""
    qs = MessageLogEntry.objects.restrict(user)
    if value := (filters.get("client_id") or "").strip():
        qs = qs.filter(client_id=value)
    if value := (filters.get("protocol") or "").strip().upper():
        qs = qs.filter(protocol=value)
    if value := (filters.get("request_id") or "").strip():
        qs = qs.filter(request_id=value)
    if value := filters.get("status"):
        qs = qs.filter(status=value)
    tz = timezone.get_current_timezone()
    if value := filters.get("date_from"):
        qs = qs.filter(occurred_at__gte=datetime.combine(value, time.min, tz))
    if value := filters.get("date_to"):
        qs = qs.filter(occurred_at__lte=datetime.combine(value, time.max, tz))
    if before:
        qs = qs.filter(seq__lt=before)
    rows = list(qs.order_by("-seq")[: limit + 1])
    return rows[:limit], (rows[limit - 1].seq if len(rows) > limit else None)
