from serdh.core.middleware import bind_actor

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
