"""Reads of accounts data. ``actor_for_user`` is the resolver core.access calls."""

from serdh.core.access import Actor

from .models import Membership

SESSION_KEY = "serdh_membership_id"


def active_memberships(user):
    """The user's own usable memberships (the access kernel reading its own input)."""
    return (
        Membership.objects.filter(user=user, is_active=True, organization__is_active=True)
        .select_related("organization__municipality__state")
        .order_by("pk")
    )


def build_actor(user, membership):
    if membership is None:
        return Actor(user_id=user.pk, username=user.get_username())
    org = membership.organization
    return Actor(
        user_id=user.pk,
        username=user.get_username(),
        membership_id=membership.pk,
        role=membership.role,
        organization_id=org.pk,
        municipality_id=org.municipality_id,
        state_code=org.municipality.state.uf,
    )


def current_membership(user):
    """The membership the user is acting through: chosen in the session, else the first."""
    if hasattr(user, "_serdh_membership"):
        return user._serdh_membership
    membership = active_memberships(user).first()
    user._serdh_membership = membership
    return membership


def actor_for_user(user):
    cached = getattr(user, "_serdh_actor", None)
    if cached is not None:
        return cached
    actor = build_actor(user, current_membership(user))
    user._serdh_actor = actor
    return actor


def use_membership(user, membership):
    """Make ``user`` act through ``membership`` (must be one of its active memberships)."""
    user._serdh_membership = membership
    user.__dict__.pop("_serdh_actor", None)
