"""Requests that wait for a second person (the two-person rule), gathered from every app.

Each app that has such requests registers a provider in its ``AppConfig.ready``: a function
``(user) -> Section | None``. The approvals page (web) shows the sections of the user's
providers; the kernel knows no feature. ``core.review`` gathers the auditor's page the same
way, with its own ``Registry``.
"""

from dataclasses import dataclass, field


@dataclass
class Section:
    title: str
    template: str  # renders ``items`` (each with its approve and refuse forms)
    items: list = field(default_factory=list)


class Registry:
    """Providers ``(user) -> Section | None``, in registration order."""

    def __init__(self):
        self._providers = []

    def register(self, provider):
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    def sections(self, user):
        found = (provider(user) for provider in self._providers)
        return [section for section in found if section is not None]


_registry = Registry()
register = _registry.register
sections = _registry.sections


def pending_count(user):
    return sum(len(section.items) for section in sections(user))
