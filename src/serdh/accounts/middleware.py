from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from serdh.core.middleware import bind_actor

from . import sessions, twofactor
from .govbr import VERIFIED_KEY as GOVBR_VERIFIED
from .selectors import SESSION_KEY, active_memberships, use_membership


class ActiveMembershipMiddleware:
    """Resolves the membership the user acts through for this request.

    The choice is kept in the session; a membership that was revoked or belongs to another user
    is ignored and the first active one is used instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        membership = None
        if user.is_authenticated:
            memberships = list(active_memberships(user))
            chosen = request.session.get(SESSION_KEY)
            membership = next((m for m in memberships if m.pk == chosen), None) or (
                memberships[0] if memberships else None
            )
            use_membership(user, membership)
            request.memberships = memberships
        else:
            request.memberships = []
        request.membership = membership
        bind_actor(request, user, membership.organization_id if membership else None)
        return self.get_response(request)


# Pages a signed-in user who still owes the second factor may reach.
SECOND_FACTOR_OPEN = frozenset(
    {
        "accounts:second_factor",
        "accounts:two_factor",
        "accounts:two_factor_confirm",
        "accounts:logout",
        "set_language",
    }
)


class SecondFactorMiddleware:
    """Holds back a signed-in user who owes the second factor (accounts.twofactor).

    - A user with a confirmed authenticator whose session has not verified it (signed in
      before enrolling elsewhere, say) is sent to type a code.
    - A user of a mandatory role with no authenticator, while ``SERDH_2FA_ENFORCED``, is sent
      to enrolment and reaches nothing else.

    System clients (bearer tokens) are not users of the web and pass. API requests get a
    problem document instead of a redirect.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            not user.is_authenticated
            or user.is_system
            or user.is_verified()
            or request.session.get(GOVBR_VERIFIED)  # signed in by gov.br (accounts.govbr)
        ):
            return self.get_response(request)
        target = None
        if twofactor.has_second_factor(user):
            target = "accounts:second_factor"
        elif twofactor.is_required(user, request.memberships):
            target = "accounts:two_factor"
        if target is None:
            return self.get_response(request)
        match = _resolve(request.path_info)
        if match is not None and match.view_name in SECOND_FACTOR_OPEN:
            return self.get_response(request)
        if request.path.startswith(("/api/", "/oauth/")):
            from serdh.core.api import _problem_json

            return _problem_json(
                403, _("Confirme o segundo fator antes de usar esta sessão."), request
            )
        return redirect_to_login(request.get_full_path(), login_url=reverse(target))


def _resolve(path):
    try:
        return resolve(path)
    except Resolver404:
        return None


class SessionClientMiddleware:
    """Hands the request's address and browser to the session store (accounts.sessions), and
    ends a session older than ``SERDH_SESSION_MAX_SECONDS`` since sign-in (ASVS 7.3.2)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None:
            session.client_ip = request.META.get("REMOTE_ADDR") or None
            session.client_agent = request.META.get("HTTP_USER_AGENT", "")
            if request.user.is_authenticated and sessions.past_lifetime(session):
                from django.contrib import messages
                from django.contrib.auth import logout

                logout(request)
                messages.info(request, _("Sua sessão chegou ao limite de duração. Entre de novo."))
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
