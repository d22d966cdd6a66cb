"""Helpers that make every interface go through the access policy."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from . import access


def get_restricted(model, user, action=access.VIEW, queryset=None, **lookup):
    """The object if the user may ``action`` it, else 404: never a 403 that confirms it exists."""
    qs = (queryset if queryset is not None else model.objects).restrict(user, action)
    obj = qs.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def role_required(*roles):
    """Pages that belong to some roles only (the page itself is no secret: 403)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not access.actor_for(request.user).has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_roles = roles
        return wrapper

    return decorator
