"""The auditor's review page (web:access_review) gathers sections from every app: what
opened, or tried to open, a way to case content. Each app registers a provider
``(user) -> approvals.Section | None`` in its ``AppConfig.ready``; the kernel knows no feature.
"""

from .approvals import Registry

_registry = Registry()
register = _registry.register
sections = _registry.sections


def denied_section(user):
    """Denied reads per user over the last 30 days (core.denials)."""
    from datetime import timedelta

    from django.utils import timezone
    from django.utils.translation import gettext as _

    from . import access, denials
    from .approvals import Section

    if not access.actor_for(user).has_role("auditor"):
        return None
    since = timezone.now() - timedelta(days=30)
    return Section(
        title=_("Acessos negados por usuário (30 dias)"),
        template="web/_review_denied.html",
        items=list(denials.per_user(user, since)[:100]),
    )


register(denied_section)
