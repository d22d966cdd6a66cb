"""Reads of the vocabularies. They are public reference data (see policies.py), so the
functions work without a user; they still go through ``restrict`` like every read, with the
user when there is one."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from serdh.core import access

from .models import Term, Vocabulary


def _reader(user):
    return user if user is not None else access.ANONYMOUS


def vocabularies(user=None):
    """Every vocabulary with its counts of terms in use, retired and added locally."""
    return (
        Vocabulary.objects.restrict(_reader(user))
        .annotate(
            active_count=Count("terms", filter=Q(terms__is_active=True)),
            retired_count=Count("terms", filter=Q(terms__is_active=False)),
            local_count=Count("terms", filter=Q(terms__source="local")),
        )
        .order_by("name")
    )


def terms(key, *, include_retired=False, user=None):
    """The terms of the vocabulary ``key`` in their order (parents before their children).

    Without ``include_retired``: only terms in use, and no child of a retired parent."""
    qs = (
        Term.objects.restrict(_reader(user))
        .filter(vocabulary__key=key)
        .select_related("parent")
        .order_by("order", "label")
    )
    if not include_retired:
        qs = qs.filter(is_active=True).filter(Q(parent__isnull=True) | Q(parent__is_active=True))
    return qs


def term_choices(key, *, value="pk"):
    """Choices for a form field: the terms in use; in a hierarchy, each type with subtypes
    becomes a choice group holding the type itself and its subtypes. ``value`` is the term
    attribute submitted ("pk" or "code")."""
    rows = list(terms(key))
    children = {}
    for term in rows:
        if term.parent_id:
            children.setdefault(term.parent_id, []).append(term)
    choices = []
    for term in rows:
        if term.parent_id:
            continue
        if term.pk in children:
            group = [(getattr(term, value), _("%(label)s (sem subtipo)") % {"label": term.label})]
            group += [(getattr(c, value), c.label) for c in children[term.pk]]
            choices.append((term.label, group))
        else:
            choices.append((getattr(term, value), term.label))
    return choices


def get_term(key, code, *, include_retired=True, user=None):
    """The term ``code`` of the vocabulary ``key`` (retired ones too, unless told otherwise:
    records keep the terms they were classified with). Raises ``Term.DoesNotExist``."""
    return terms(key, include_retired=include_retired, user=user).get(code=code)


def term_for_sinan(key, sinan_code):
    """The term in use carrying this SINAN code, or None."""
    return terms(key).filter(sinan_code=sinan_code).first() if sinan_code else None


def term_for_disque100(key, path):
    """The term in use for a Disque 100 path: the exact path, else its nearest ancestor
    (``INTEGRIDADE>FÍSICA>X`` falls back to ``INTEGRIDADE>FÍSICA``), or None."""
    parts = [p.strip() for p in (path or "").split(">") if p.strip()]
    candidates = [">".join(parts[:n]).upper() for n in range(len(parts), 0, -1)]
    if not candidates:
        return None
    found = {t.disque100_code: t for t in terms(key).filter(disque100_code__in=candidates)}
    return next((found[c] for c in candidates if c in found), None)
