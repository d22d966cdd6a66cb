"""The webhook dead letters for ``/healthz`` (core.health): deliveries that used up their
attempts wait for an admin's *Reenviar*. Counts and a time only."""

from datetime import timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from .models import Delivery, DeliveryStatus

RECENT_HOURS = 24


def dead_letters():
    """Not ok while a delivery died in the last day; older ones still show in ``count``."""
    since = timezone.now() - timedelta(hours=RECENT_HOURS)
    figures = Delivery.objects.filter(status=DeliveryStatus.DEAD).aggregate(
        count=Count("pk"),
        recent=Count("pk", filter=Q(last_attempt_at__gte=since)),
        last=Max("last_attempt_at"),
    )
    last = figures["last"]
    return {
        "ok": figures["recent"] == 0,
        "count": figures["count"],
        "last_24h": figures["recent"],
        "last_at": last.isoformat(timespec="seconds") if last else None,
    }
