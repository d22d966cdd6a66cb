"""Suggestions at intake: while a worker registers a person, the persons of the state who may
be the same one (issue 15).

Person data is encrypted, so candidates are found through ``PersonMatchKey``: keyed digests
(HMAC, truncated) of the matcher's blocking keys (``matching.blocking.keys``), rebuilt with
every change of the person. The few candidates found are decrypted here, compared and scored
with the shipped model; nothing leaves this module but what the user may learn:

- a person the user may already see (a case of theirs): the person, to reuse;
- a person known only through other services' cases: that there are prior records in the
  network and which services to contact (their names and phones, through the hook the cases
  app registers), never the other cases' content nor the person's data. The worker may
  propose the link; it becomes a merge only through review (``people.merge``).

Every search is an audit event naming the persons suggested (ids only). Searches are limited
per user and hour (``core.throttle``): the registry is not a lookup service.
"""

from dataclasses import dataclass, field

from django.db.models import Count

from serdh.core import access, audit, throttle
from serdh.core.bulkrows import insert_rows
from serdh.core.crypto import keyed_digest

from .matching import blocking
from .matching.compare import compare
from .matching.model import shipped
from .matching.records import build, from_person
from .models import Person, PersonMatchKey

CANDIDATES = 30  # persons decrypted and scored per search, the most keys shared first
COMMON = 400  # a key shared by more persons does not discriminate (blocking.MAX_BLOCK)
SHOWN = 5
KEY_CHARS = 24  # 96 bits of the HMAC: enough to tell keys apart, a third of the index
PER_HOUR = 120
_CONTACTS = []  # functions(person_ids) -> {person_id: [Organization]}, registered by cases


def register_contacts(function):
    _CONTACTS.append(function)
    return function


def _digest(key):
    return keyed_digest("|".join(map(str, key)), "match")[:KEY_CHARS]


def record_keys(record):
    """Digests of the record's blocking keys; the name-only keys of every record (the batch
    uses them for undated records only), so that a search without a date finds dated persons
    and the other way round."""
    keys = {k for k in blocking.keys(record) if k[0] != "*"}
    mother = record.mother.keys[0] if record.mother.words else ""
    for name in record.names:
        keys.update(("n", key) for key in blocking.name_only(name, mother))
    return {_digest(k) for k in keys}


def rebuild_keys(person):
    PersonMatchKey.objects.filter(person=person).delete()
    if person.anonymized_at or getattr(person, "merged_into_id", None):
        return
    PersonMatchKey.objects.bulk_create(
        [PersonMatchKey(person=person, key=k) for k in record_keys(from_person(person))]
    )


def bulk_keys(persons):
    """The matching keys of persons just inserted together (one COPY for all)."""
    insert_rows(
        PersonMatchKey,
        ("person", "key"),
        ((person.pk, k) for person in persons for k in set(record_keys(from_person(person)))),
    )


def _query_record(data):
    birth = data.get("birth_date")
    municipality = data.get("residence_municipality")
    return build(
        "query",
        name=data.get("full_name") or "",
        social_name=data.get("social_name") or "",
        mother_name=data.get("mother_name") or "",
        birth_date=birth.isoformat() if hasattr(birth, "isoformat") else (birth or ""),
        birth_precision=data.get("birth_precision") or "day",
        sex=data.get("sex") or "",
        cpf=data.get("cpf") or "",
        cns=data.get("cns") or "",
        nis=data.get("nis") or "",
        municipality=str(getattr(municipality, "pk", municipality) or ""),
    )


@dataclass
class Suggestion:
    person_id: int
    probability: float
    person: Person | None = None  # only when the user may see them
    services: list = field(default_factory=list)  # otherwise: whom to contact

    @property
    def visible(self):
        return self.person is not None

    @property
    def percent(self):
        return min(99, round(self.probability * 100))


def _key_counts(digests):
    """{digest: persons}, each counted only up to ``COMMON + 1``: one bounded index range per
    key (the ``(key, person)`` index alone), so the count costs the same at 1,000 and at
    1,000,000 persons."""
    from django.db import connection

    table = PersonMatchKey._meta.db_table
    # The table's name and the limit are the code's own; the keys are parameters. PostgreSQL
    # before 16 wants an alias on a subquery in FROM.
    inner = f"SELECT key FROM {table} WHERE key = %s LIMIT {COMMON + 1}"  # noqa: S608
    one = f"SELECT key, COUNT(*) FROM ({inner}) AS k GROUP BY key"  # noqa: S608
    ordered = sorted(digests)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join([one] * len(ordered)), ordered)
        return dict(cursor.fetchall())


def candidates(record, model=None, exclude=()):
    """[(probability, person_id)] best first, unrestricted: callers decide what to show.

    The persons sharing most keys with the record are scored. A key shared by more than
    ``COMMON`` persons (the phonetic Maria Silva without a date) does not discriminate: it is
    left out, as blocking leaves out its too common blocks; a record with nothing but such
    keys is looked up by its two least common ones."""
    model = model or shipped()
    digests = record_keys(record)
    if not digests or not record.names:
        return []
    counts = _key_counts(digests)
    useful = [key for key, n in counts.items() if n <= COMMON]
    if not useful:
        useful = sorted(counts, key=counts.get)[:2]
    if not useful:
        return []
    ids = list(
        PersonMatchKey.objects.filter(key__in=useful)
        .exclude(person_id__in=list(exclude))
        .values("person_id")
        .annotate(shared=Count("id"))
        .order_by("-shared", "-person_id")
        .values_list("person_id", flat=True)[:CANDIDATES]
    )
    persons = Person.objects.filter(pk__in=ids, anonymized_at__isnull=True, merged_into=None)
    scored = []
    for person in persons:
        levels, first, last, hard = compare(record, from_person(person))
        if hard:
            continue
        probability = model.pair_probability(levels)
        if probability >= model.review_band[0]:
            scored.append((probability, person.pk))
    scored.sort(reverse=True)
    return scored[:SHOWN]


class TooManySearches(Exception):
    pass


def suggest(user, data, exclude=()):
    """Suggestions for the person typed in ``data`` (a registration form's cleaned data)."""
    record = _query_record(data)
    if not record.names:
        return []
    if throttle.hit("people.suggest", f"user:{user.pk}", 3600) > PER_HOUR:
        raise TooManySearches
    found = candidates(record, exclude=exclude)
    ids = [pk for _p, pk in found]
    visible = {p.pk: p for p in Person.objects.restrict(user, access.VIEW).filter(pk__in=ids)}
    hidden = [pk for pk in ids if pk not in visible]
    contacts = {}
    for function in _CONTACTS:
        for pk, organizations in function(hidden).items():
            contacts.setdefault(pk, []).extend(organizations)
    suggestions = [
        Suggestion(pk, p, person=visible.get(pk), services=contacts.get(pk, [])) for p, pk in found
    ]
    audit.record(
        "people.suggested",
        object_type="people.Person",
        data={
            "shown": [
                {"person": s.person_id, "p": round(s.probability, 3), "visible": s.visible}
                for s in suggestions
            ],
        },
    )
    return suggestions


def propose_link(user, person, other_id, municipality_id=None):
    """The worker says the new ``person`` is ``other_id`` (a suggestion it may not see): a
    candidate for review, scored here (the reviewer sees the levels, not the data)."""
    from . import merge

    other = Person.objects.filter(pk=other_id).first()
    if other is None or other.pk == person.pk:
        return None
    model = shipped()
    levels = compare(from_person(person), from_person(other))[0]
    probability = model.pair_probability(levels)
    return merge.propose(
        (person, other),
        probability,
        list(levels),
        merge.Origin.INTAKE,
        user=user,
        organization_id=access.actor_for(user).organization_id,
        municipality=municipality_id,
    )
