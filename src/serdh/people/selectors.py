from django.db.models import Count, Q

from serdh.core import access

from .models import Person, PersonNameToken
from .services import identifier_indexes, name_tokens


def known_persons(user, data):
    """Persons the user may see that share a CPF, CNS or NIS with ``data``: offered for reuse
    instead of registering the same person twice."""
    try:
        indexes = identifier_indexes(data)
    except Exception:  # invalid identifiers are reported by the form, not here
        return Person.objects.none()
    if not indexes:
        return Person.objects.none()
    match = Q()
    for field, (_digits, index) in indexes.items():
        match |= Q(**{f"{field}_index": index})
    return Person.objects.restrict(user, access.VIEW).filter(match, Person.active_q())


def persons_named(name):
    """Person ids whose names contain every word of ``name`` (whole words). Unrestricted:
    callers intersect it with what the user may see."""
    tokens = name_tokens(name)
    if not tokens:
        return Person.objects.none().values("pk")
    return (
        PersonNameToken.objects.filter(token__in=tokens)
        .values("person_id")
        .annotate(hits=Count("token"))
        .filter(hits=len(tokens))
        .values("person_id")
    )
