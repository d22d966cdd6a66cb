"""Signing in: the password, then (when the user has one) the second factor.

Between the two steps the user is *not* signed in: the session holds only who typed the right
password, when, and where to go next (``PENDING_KEY``), for ``SERDH_2FA_PENDING_SECONDS``.
After ``SERDH_2FA_MAX_ATTEMPTS`` wrong codes the pending sign-in is dropped and the password
is asked again (and each authenticator backs off on its own, django-otp's throttling).
"""

import time

import django_otp
from django.conf import settings
from django.contrib import auth
from django.utils.http import url_has_allowed_host_and_scheme

from . import services, sessions
from .models import User
from .selectors import SESSION_KEY, active_memberships

PENDING_KEY = "serdh_2fa_pending"


def hold(request, user, next_url):
    """Remember that ``user`` passed the password step; the code comes next."""
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "at": time.time(),
        "next": next_url or "",
        "fails": 0,
    }


def pending(request):
    """``(user, data)`` of a sign-in waiting for its code, or None (expired or absent)."""
    data = request.session.get(PENDING_KEY)
    if not data:
        return None
    if time.time() - data.get("at", 0) > settings.SERDH_2FA_PENDING_SECONDS:
        drop(request)
        return None
    user = User.objects.filter(pk=data.get("user"), is_active=True, is_system=False).first()
    if user is None:
        drop(request)
        return None
    return user, data


def drop(request):
    request.session.pop(PENDING_KEY, None)


def count_failure(request):
    """One more wrong code; True when the pending sign-in is used up."""
    data = request.session.get(PENDING_KEY) or {}
    data["fails"] = data.get("fails", 0) + 1
    request.session[PENDING_KEY] = data
    if data["fails"] >= settings.SERDH_2FA_MAX_ATTEMPTS:
        drop(request)
        return True
    return False


def safe_next(request, url):
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def complete(request, user, *, backend=None, device=None, factor=None):
    """Sign ``user`` in (the session key changes), mark the device that verified them, choose
    their first membership and write the audit event."""
    if device is not None:
        # django-otp persists it in the session on user_logged_in.
        user.otp_device = device
    auth.login(request, user, backend=backend)
    if device is not None:
        django_otp.login(request, device)
    drop(request)
    sessions.mark_signed_in(request.session)
    first = active_memberships(user).first()
    request.session[SESSION_KEY] = first.pk if first else None
    services.record_login(
        user,
        first.organization_id if first else None,
        factor=factor or (type(device).__name__ if device is not None else ""),
    )
