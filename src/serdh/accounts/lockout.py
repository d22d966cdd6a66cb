"""Sign-in throttling, on top of django-axes.

- An account is locked for the cool-off after ``AXES_FAILURE_LIMIT`` wrong passwords *from the
  same address* (axes, parameters username + IP): a stranger elsewhere cannot lock a worker
  out, and a colleague behind the same office NAT still signs in.
- One address that fails ``SERDH_LOGIN_IP_FAILURE_LIMIT`` times across any usernames within the
  cool-off is refused for the rest of it (password spraying); the limit is high because a
  whole CRAS may share one public address.

Both answers are the same page (429), which says in Portuguese how long to wait and whom to
ask, and the per-address refusal is an audit event.
"""

from datetime import timedelta

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

from serdh.core import audit


def _cool_off():
    return get_cool_off() or timedelta(minutes=15)


def cool_off_minutes():
    return max(1, round(_cool_off().total_seconds() / 60))


def address_failures(ip):
    since = timezone.now() - _cool_off()
    total = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return total or 0


def address_blocked(request):
    ip = request.META.get("REMOTE_ADDR") or None
    return ip is not None and address_failures(ip) >= settings.SERDH_LOGIN_IP_FAILURE_LIMIT


def locked_out_page(request, *, by_address=False):
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": cool_off_minutes(), "by_address": by_address},
        status=429,
    )


def refuse_address(request):
    with transaction.atomic():
        audit.record(
            "auth.address_throttled",
            flagged=True,
            data={"failures": address_failures(request.META.get("REMOTE_ADDR"))},
        )
    return locked_out_page(request, by_address=True)


def axes_lockout(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: axes' lockout answered with our page."""
    return locked_out_page(request)
