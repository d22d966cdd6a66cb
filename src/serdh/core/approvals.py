"""Requests that wait for a second person (the two-person rule), gathered from every app.

Each app that has such requests registers a provider in its ``AppConfig.ready``: a function
``(user) -> Section | None``. The approvals page (web) shows the sections of the user's
providers; the kernel knows no feature.
"""

from dataclasses import dataclass, field


@dataclass
class Section:
    title: str
    template: str  # renders ``items`` (each with its approve and refuse forms)
    items: list = field(default_factory=list)


_providers = []


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def sections(user):
    found = (provider(user) for provider in _providers)
    return [section for section in found if section is not None]


def pending_count(user):
    return sum(len(section.items) for section in sections(user))
