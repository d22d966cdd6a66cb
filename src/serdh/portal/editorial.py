"""Editorial roles: SER-DH memberships decide who edits the portal. A membership with the
``editor`` role (state level) puts its user in the state editors' group; ``contributor``
(municipal) in the municipal contributors' group. Groups are kept in step whenever a
membership or a user changes, so the Wagtail admin never grants more than SER-DH does."""

from django.contrib.auth.models import Group
from django.db.models.signals import post_delete, post_save

from serdh.core.roles import Role

from . import setup

GROUP_FOR_ROLE = {Role.EDITOR: setup.STATE_EDITORS, Role.CONTRIBUTOR: setup.CONTRIBUTORS}


def sync_groups(user):
    """Put ``user`` in exactly the editorial groups its active memberships call for."""
    wanted = set()
    if user.is_active and not getattr(user, "is_system", False):
        roles = set(
            user.memberships.filter(is_active=True, organization__is_active=True).values_list(
                "role", flat=True
            )
        )
        wanted = {name for role, name in GROUP_FOR_ROLE.items() if role in roles}
    groups = {g.name: g for g in Group.objects.filter(name__in=GROUP_FOR_ROLE.values())}
    current = set(
        user.groups.filter(name__in=GROUP_FOR_ROLE.values()).values_list("name", flat=True)
    )
    for name in wanted - current:
        if name in groups:
            user.groups.add(groups[name])
    for name in current - wanted:
        user.groups.remove(groups[name])


def _membership_changed(sender, instance, **kwargs):
    sync_groups(instance.user)


# Saves that cannot change the groups a user needs: a sign-in writes last_login (every login,
# three queries for nothing before).
NOT_ABOUT_ROLES = frozenset({"last_login"})


def _user_changed(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if created or raw or (update_fields and set(update_fields) <= NOT_ABOUT_ROLES):
        return
    sync_groups(instance)


def connect():
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from serdh.accounts.models import Membership, User

    from .context_processors import forget_links

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget_links, dispatch_uid=f"portal-links-{signal}")

    def page_changed(sender, instance, **kwargs):
        if isinstance(instance, Page):
            forget_links()

    post_save.connect(page_changed, dispatch_uid="portal-links-save", weak=False)
    post_delete.connect(page_changed, dispatch_uid="portal-links-delete", weak=False)

    post_save.connect(_membership_changed, sender=Membership, dispatch_uid="portal-membership")
    post_delete.connect(_membership_changed, sender=Membership, dispatch_uid="portal-membership-d")
    post_save.connect(_user_changed, sender=User, dispatch_uid="portal-user")
