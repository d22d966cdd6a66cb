"""Denied reads are audit events (ASVS 5.0 16.3.2), summarized so a crawler cannot flood the
chain.

Whenever a signed-in user asks for an object outside their access (a 404 or 403 on a case,
person, referral, attachment or API object, or a page of another role), ``record`` counts it
in ``DeniedAccess`` for (user, kind of object, ``WINDOW``), and appends to the audit chain:

- ``access.denied`` for the first denial of the window (with the object asked for);
- ``access.denied_summary`` when the window's count reaches 10, 100, 1000…

so 10,000 denied requests in one window cost the chain five events, and the exact counts stay
in the table for the auditor's review page.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Sum
from django.utils import timezone

from . import audit, context
from .models import DeniedAccess

WINDOW = timedelta(minutes=10)


def _window_start(now):
    epoch = int(now.timestamp())
    seconds = int(WINDOW.total_seconds())
    return now - timedelta(seconds=epoch % seconds, microseconds=now.microsecond)


def _is_power_of_ten(n):
    while n >= 10 and n % 10 == 0:
        n //= 10
    return n == 1


def record(object_type, object_id="", *, status=404):
    """Count one denied read by the current actor (anonymous requests are not recorded:
    they never reach an object)."""
    ctx = context.current()
    if ctx.actor_id is None:
        return None
    now = timezone.now()
    key = {
        "user_id": ctx.actor_id,
        "object_type": object_type[:80],
        "window_start": _window_start(now),
    }
    object_id = str(object_id)[:64]
    with transaction.atomic():
        updated = DeniedAccess.objects.filter(**key).update(
            count=F("count") + 1, last_object_id=object_id, last_at=now
        )
        if not updated:
            try:
                with transaction.atomic():
                    DeniedAccess.objects.create(
                        **key,
                        actor_label=ctx.actor_label,
                        count=1,
                        first_object_id=object_id,
                        last_object_id=object_id,
                        last_at=now,
                        ip=ctx.ip,
                    )
            except IntegrityError:  # the same user's parallel request created it first
                DeniedAccess.objects.filter(**key).update(
                    count=F("count") + 1, last_object_id=object_id, last_at=now
                )
        count = DeniedAccess.objects.filter(**key).values_list("count", flat=True).get()
        if count == 1:
            audit.record(
                "access.denied",
                object_type=object_type,
                object_id=object_id,
                data={"status": status},
            )
        elif _is_power_of_ten(count):
            audit.record(
                "access.denied_summary",
                object_type=object_type,
                flagged=True,
                data={
                    "status": status,
                    "count": count,
                    "window_start": key["window_start"].isoformat(),
                },
            )
    return count


def per_user(user, since):
    """Denied reads per user since ``since``, most first (the auditor's review page)."""
    return (
        DeniedAccess.objects.restrict(user)
        .filter(window_start__gte=since)
        .values("user_id", "actor_label")
        .annotate(
            total=Sum("count"), kinds=Count("object_type", distinct=True), last=Max("last_at")
        )
        .order_by("-total", "actor_label")
    )
