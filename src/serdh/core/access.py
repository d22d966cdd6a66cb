"""One entry point decides who sees what: ``Model.objects.restrict(user, action)``.

Each model registers a *policy*: a function ``(actor, action, queryset) -> queryset`` written
in code in its app's ``policies.py``. ``restrict`` finds the policy and applies it. Fail closed:
a model without a policy gets an empty queryset, and a policy returns nothing for any action
or actor it does not name. What an anonymous user or a user without an active membership may
see is each policy's explicit choice (public reference data such as municipalities and the
public directory; their own account).

The ``Actor`` is the user acting through one active membership (one role in one
organization). accounts registers the resolver that builds it, so the kernel imports no
feature app.
"""

from dataclasses import dataclass

from django.db import models

VIEW = "view"
ADD = "add"
CHANGE = "change"
DELETE = "delete"


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str = ""
    membership_id: int | None = None
    role: str = ""
    organization_id: int | None = None
    municipality_id: int | None = None  # IBGE code of the organization's municipality
    state_code: str = ""  # UF of the organization's state

    @property
    def is_anonymous(self):
        return self.user_id is None

    def has_role(self, *roles):
        return bool(self.role) and self.role in roles


ANONYMOUS = Actor(user_id=None)

_policies = {}
_refinements = {}
_actor_resolver = None


def register_policy(model_label):
    """Decorator: ``@register_policy("network.Organization")``."""

    def decorator(func):
        if model_label in _policies:
            raise RuntimeError(f"A policy for {model_label} is already registered.")
        _policies[model_label] = func
        return func

    return decorator


def register_refinement(model_label):
    """Decorator for a higher app that narrows a lower model's policy without the lower app
    knowing it (workflow narrows what a worker sees of the service's cases to their caseload):
    ``refine(actor, action, queryset) -> queryset``, applied after the policy. A refinement
    can only narrow: its result is what the policy allowed, filtered."""

    def decorator(func):
        _refinements.setdefault(model_label, []).append(func)
        return func

    return decorator


def set_actor_resolver(func):
    global _actor_resolver
    _actor_resolver = func


def actor_for(user):
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    if _actor_resolver is None:
        return ANONYMOUS
    return _actor_resolver(user)


def restrict(queryset, user, action):
    policy = _policies.get(queryset.model._meta.label)
    if policy is None:
        return queryset.none()
    actor = user if isinstance(user, Actor) else actor_for(user)
    result = policy(actor, action, queryset)
    if result is None:
        return queryset.none()
    for refine in _refinements.get(queryset.model._meta.label, ()):
        refined = refine(actor, action, result)
        result = result.none() if refined is None else refined
    return result


def restrict_if_any(queryset, user, action):
    """``restrict``, after a plain check that there is any row at all: the same answer,
    without building and compiling the policy's subqueries for nothing. For the pages that ask
    for many kinds of rows of one case, most of them usually absent."""
    if not queryset.exists():
        return queryset.none()
    return restrict(queryset, user, action)


def registered_policies():
    return dict(_policies)


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action=VIEW):
        return restrict(self, user, action)

    def restrict_if_any(self, user, action=VIEW):
        return restrict_if_any(self, user, action)


class RestrictedManager(models.Manager.from_queryset(RestrictedQuerySet)):
    pass


@register_policy("core.AuditEvent")
def audit_event_policy(actor, action, qs):
    # Only the auditor (encarregado LGPD) reads the trail, and nobody changes it.
    if action == VIEW and actor.has_role("auditor"):
        return qs
    return None


@register_policy("core.DeniedAccess")
def denied_access_policy(actor, action, qs):
    # The counts of denied reads (core.denials) are part of the trail: the auditor's alone.
    if action == VIEW and actor.has_role("auditor"):
        return qs
    return None


@register_policy("core.RateCounter")
def rate_counter_policy(actor, action, qs):
    return None  # read by core.throttle only


@register_policy("core.WorkerHeartbeat")
def worker_heartbeat_policy(actor, action, qs):
    return None  # written by the worker and read by core.health only (a time, no person)
