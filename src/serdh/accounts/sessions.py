"""Sessions a user can see and end (ASVS 5.0 V7): Django's database sessions, kept in
``accounts.UserSession`` with the user, the address, the browser and the last request.

``SESSION_ENGINE = "serdh.accounts.sessions"``. ``SessionClientMiddleware`` hands the request's
address and browser to the store before the session is saved.
"""

import hashlib
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.utils import timezone

SIGNED_IN_AT = "serdh_signed_in_at"


def mark_signed_in(session):
    session[SIGNED_IN_AT] = time.time()


def past_lifetime(session):
    """Whether the session has lived longer than ``SERDH_SESSION_MAX_SECONDS`` since sign-in.
    A session signed in some other way (a test's force_login) starts counting now."""
    started = session.get(SIGNED_IN_AT)
    if started is None:
        mark_signed_in(session)
        return False
    return time.time() - started > settings.SERDH_SESSION_MAX_SECONDS


def handle_of(session_key):
    """The public name of a session: a digest, so pages never carry the key itself."""
    return hashlib.sha256(f"serdh-session:{session_key}".encode()).hexdigest()[:32]


class SessionStore(DbSessionStore):
    client_ip = None
    client_agent = ""

    @classmethod
    def get_model_class(cls):
        from .models import UserSession

        return UserSession

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        user_id = data.get(AUTH_SESSION_KEY)
        instance.user_id = int(user_id) if user_id not in (None, "") else None
        instance.handle = handle_of(self._get_or_create_session_key())
        # The last request's address and browser (each request saves the session).
        instance.ip = self.client_ip or None
        instance.user_agent = (self.client_agent or "")[:300]
        return instance


def clear_expired():
    """Delete sessions past their expiry (the worker runs this every hour)."""
    return SessionStore.clear_expired()


def open_sessions(user):
    return user.sessions.filter(expire_date__gt=timezone.now()).order_by("-last_seen")


def end_sessions(user, *, keep=None):
    """End the user's sessions, except the one with key ``keep``. Returns how many ended."""
    qs = user.sessions.all()
    if keep:
        qs = qs.exclude(session_key=keep)
    count, _ = qs.delete()
    return count


def end_own(user, handle, current_key):
    """The user ends one of their other sessions (the current one ends by signing out).
    Returns whether one ended."""
    from django.db import transaction

    from serdh.core import access, audit

    from .models import UserSession

    if handle == handle_of(current_key or ""):
        return False
    with transaction.atomic():
        ended, _ = UserSession.objects.restrict(user, access.DELETE).filter(handle=handle).delete()
        if ended:
            audit.record("auth.session_ended", user, actor=user, data={"own": True})
    return bool(ended)


def end_others(user, current_key):
    from django.db import transaction

    from serdh.core import audit

    with transaction.atomic():
        ended = end_sessions(user, keep=current_key)
        audit.record("auth.session_ended", user, actor=user, data={"own": True, "count": ended})
    return ended


def end_all_by_admin(user):
    """An admin ends every session of a user they manage (the caller checked CHANGE)."""
    from django.db import transaction

    from serdh.core import audit

    with transaction.atomic():
        ended = end_sessions(user)
        audit.record("auth.sessions_ended_by_admin", user, flagged=True, data={"count": ended})
    return ended


def describe_agent(agent):
    """A short, human name for a browser's User-Agent ("Firefox em Android")."""
    agent = agent or ""
    browser = next(
        (
            name
            for token, name in (
                ("Edg/", "Edge"),
                ("OPR/", "Opera"),
                ("Firefox/", "Firefox"),
                ("Chrome/", "Chrome"),
                ("Chromium/", "Chromium"),
                ("Safari/", "Safari"),
            )
            if token in agent
        ),
        "",
    )
    system = next(
        (
            name
            for token, name in (
                ("Android", "Android"),
                ("iPhone", "iPhone"),
                ("iPad", "iPad"),
                ("Windows", "Windows"),
                ("Mac OS X", "macOS"),
                ("CrOS", "ChromeOS"),
                ("Linux", "Linux"),
            )
            if token in agent
        ),
        "",
    )
    return " · ".join(part for part in (browser, system) if part)
