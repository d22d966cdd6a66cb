"""Fixed-window counters in the database, shared by every web process and thread (the
per-process cache would let a brute force spread over processes). Used where failures must be
limited across the installation: the OAuth2 token endpoint, per client id and address.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from .models import RateCounter


def _window(now, seconds):
    return now - timedelta(seconds=int(now.timestamp()) % seconds, microseconds=now.microsecond)


def hit(scope, key, seconds):
    """Count one event for ``key``; returns the count in the current window."""
    now = timezone.now()
    fields = {"scope": scope, "key": key[:128], "window_start": _window(now, seconds)}
    with transaction.atomic():
        if not RateCounter.objects.filter(**fields).update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCounter.objects.create(**fields, count=1)
            except IntegrityError:
                RateCounter.objects.filter(**fields).update(count=F("count") + 1)
        # Old windows are of no use: drop them as we go (a few rows at most).
        RateCounter.objects.filter(
            scope=scope, window_start__lt=now - timedelta(seconds=seconds * 2)
        ).delete()
        return RateCounter.objects.filter(**fields).values_list("count", flat=True).get()


def count(scope, key, seconds):
    now = timezone.now()
    found = RateCounter.objects.filter(
        scope=scope, key=key[:128], window_start=_window(now, seconds)
    ).aggregate(n=Sum("count"))["n"]
    return found or 0


def retry_after(seconds):
    """Seconds until the current window ends."""
    now = timezone.now()
    return max(1, seconds - int(now.timestamp()) % seconds)
