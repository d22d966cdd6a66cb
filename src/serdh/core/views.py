"""Helpers that make every interface go through the access policy."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from . import access, denials


def get_restricted(model, user, action=access.VIEW, queryset=None, **lookup):
    """The object if the user may ``action`` it, else 404: never a 403 that confirms it exists.
    The refusal is counted as a denied read (core.denials)."""
    qs = (queryset if queryset is not None else model.objects).restrict(user, action)
    obj = qs.filter(**lookup).first()
    if obj is None:
        deny(model._meta.label_lower, next(iter(lookup.values()), ""))
    return obj


def deny(object_type, object_id="", status=404):
    """Record a denied read and answer it: 404 (the object's existence stays unconfirmed) or
    403 (a page or an action of another role)."""
    denials.record(object_type, object_id, status=status)
    if status == 403:
        raise PermissionDenied
    raise Http404


def role_required(*roles):
    """Pages that belong to some roles only (the page itself is no secret: 403)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not access.actor_for(request.user).has_role(*roles):
                deny(
                    "page",
                    request.resolver_match.view_name if request.resolver_match else "",
                    status=403,
                )
            return view(request, *args, **kwargs)

        wrapper.required_roles = roles
        return wrapper

    return decorator


def refusal(request, refuse, success):
    """A refusal posted from the approvals page (any app's request under the two-person rule):
    ``refuse(reason)`` decides it; the person is sent back to the approvals page with the
    outcome. The services check the reason again and truncate it."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from .errors import NotPermitted, ServiceError

    reason = (request.POST.get("reason") or "").strip()
    if len(reason) < 5:
        messages.error(request, _("Diga em poucas palavras por que recusa o pedido."))
        return redirect("web:approvals")
    try:
        refuse(reason[:300])
    except (ServiceError, NotPermitted) as exc:
        messages.error(request, getattr(exc, "message", None) or str(exc))
    else:
        messages.success(request, success)
    return redirect("web:approvals")
