from django.conf import settings

from serdh.core import access

from .navigation import menu_for


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"serdh_state": settings.SERDH_STATE}
    actor = access.actor_for(user)
    return {
        "serdh_state": settings.SERDH_STATE,
        "menu": menu_for(actor, request.path),
        "actor": actor,
        "current_membership": getattr(request, "membership", None),
        "memberships": getattr(request, "memberships", []),
    }
