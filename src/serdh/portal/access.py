"""Who counts as a network professional on the portal: the training area (courses, modules,
lessons and their handouts) is theirs alone."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def is_professional(user):
    """A person signed in with at least one active role in an active service of the network.
    System accounts (API clients) are not people and never read training content."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if getattr(user, "is_system", False):
        return False
    cached = getattr(user, "_serdh_is_professional", None)
    if cached is None:
        cached = user.memberships.filter(is_active=True, organization__is_active=True).exists()
        user._serdh_is_professional = cached
    return cached


def require_professional(request):
    """None when the request may see professional content; else the response to send
    (the login page for a visitor, 403 for a signed-in account that is not a professional)."""
    if is_professional(request.user):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied
