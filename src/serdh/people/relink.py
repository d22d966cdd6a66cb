"""What a merge changes, found generically and undone exactly (people.merge).

Every foreign key to ``Person`` is found through Django's model registry, hidden ones included
(``related_name="+"``: workflow's household members, privacy's requests), so the people app
imports no higher app and a new model that points at persons is moved without anyone
remembering to add it here. Three kinds of relation are not moved:

- the merge's own records (candidates and merges) and ``Person.merged_into``: they describe
  the persons, they do not belong to them;
- per-person derived rows (name tokens, matching keys…, ``DERIVED``): rebuilt for both persons
  by the ``REBUILDERS`` after a merge or an unmerge, never moved.

Identity fields: the survivor's empty ones take the absorbed person's value; the merge keeps a
keyed digest of the value it put there, so an unmerge empties only what is still that value.
"""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import UniqueConstraint
from django.utils.translation import gettext as _

from serdh.core.crypto import keyed_digest
from serdh.core.dates import DatePrecision
from serdh.core.errors import ServiceError

from . import services
from .models import Person

HISTORY = frozenset({"people.MatchCandidate", "people.PersonMerge"})
# Labels of per-person rows derived from the identity: never moved, rebuilt. A module that
# keeps such rows adds its label here and its function to REBUILDERS.
DERIVED = {"people.PersonNameToken", "people.PersonMatchKey"}


def _people_indexes(person):
    if person.merged_into_id is None:
        services.rebuild_indexes(person)  # name tokens and matching keys (people.suggest)


def _drop_derived(person):
    """An absorbed person is found by no search: its derived rows go (an unmerge rebuilds)."""
    if person.merged_into_id is None:
        return
    for model, field in links(derived=True):
        model._base_manager.filter(**{field.attname: person.pk}).delete()


# Called with each of the two persons after a merge and after an unmerge (in its
# transaction); an absorbed person has ``merged_into`` set. Higher apps append theirs (the
# monitoring facts that name persons, say) from their AppConfig.ready.
REBUILDERS = [_drop_derived, _people_indexes]


def rebuild(*persons):
    for person in persons:
        for function in REBUILDERS:
            function(person)


def links(derived=False):
    """[(model, foreign key field)] of the relations to Person a merge moves (or, with
    ``derived``, the derived rows it rebuilds)."""
    found = []
    for rel in Person._meta.get_fields(include_hidden=True):
        if not rel.auto_created or rel.concrete or not (rel.one_to_many or rel.one_to_one):
            continue
        model = rel.related_model
        label = model._meta.label
        if model is Person or label in HISTORY:
            continue
        if (label in DERIVED) == derived:
            found.append((model, rel.field))
    return sorted(found, key=lambda pair: (pair[0]._meta.label, pair[1].name))


def key(model, field):
    return f"{model._meta.label}.{field.name}"


def resolve(moved_key):
    label, name = moved_key.rsplit(".", 1)
    model = apps.get_model(label)
    return model, model._meta.get_field(name)


def _unique_sets(model, field):
    """(fields, condition) of each uniqueness rule of ``model`` that involves ``field``."""
    if field.unique:
        yield (field.name,), None
    for together in model._meta.unique_together:
        if field.name in together:
            yield tuple(together), None
    for constraint in model._meta.constraints:
        if (
            isinstance(constraint, UniqueConstraint)
            and constraint.fields
            and field.name in constraint.fields
        ):
            yield tuple(constraint.fields), constraint.condition


def conflicts(source_pk, target_pk):
    """[(model, count)]: rows that would break a uniqueness rule if the rows pointing to
    ``source_pk`` pointed to ``target_pk`` (the same person twice in one household…)."""
    found = []
    for model, field in links():
        rows = model._base_manager.all()
        for fields, condition in _unique_sets(model, field):
            mine = rows.filter(**{field.attname: source_pk})
            theirs = rows.filter(**{field.attname: target_pk})
            if condition is not None:
                mine, theirs = mine.filter(condition), theirs.filter(condition)
            others = [f for f in fields if f != field.name]
            clash = 0
            if not others:
                clash = mine.count() if theirs.exists() else 0
            else:
                for values in mine.values_list(*others):
                    if any(v is None for v in values):
                        continue  # NULLs never collide in a unique index
                    clash += theirs.filter(**dict(zip(others, values, strict=True))).exists()
            if clash:
                found.append((model, clash))
                break
    return found


def conflict_error(found):
    what = ", ".join(str(model._meta.verbose_name) for model, _count in found)
    return ServiceError(
        _(
            "Não foi possível unificar: as duas pessoas aparecem juntas no mesmo registro "
            "(%(what)s), e uma pessoa não pode constar duas vezes nele. Corrija esse registro "
            "(por exemplo, retire uma delas) e decida de novo. Nada foi alterado."
        )
        % {"what": what}
    )


def move(model, field, source_pk, target_pk, pks=None):
    """Point the rows of ``model`` whose ``field`` is ``source_pk`` (all, or those of ``pks``)
    to ``target_pk``; returns their ids."""
    rows = model._base_manager.filter(**{field.attname: source_pk})
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    ids = sorted(rows.values_list("pk", flat=True))
    if ids:
        model._base_manager.filter(pk__in=ids).update(**{field.attname: target_pk})
    return ids


# Identity fields a merge may fill, each with the fields that go with it (an identifier's
# blind index, the birth date's precision). The first of each group decides: empty on the
# survivor and present on the absorbed person.
FILLABLE = (
    ("full_name",),
    ("social_name",),
    ("mother_name",),
    ("birth_date", "birth_precision"),
    ("sex",),
    ("gender_identity",),
    ("sexual_orientation",),
    ("race_color",),
    ("disabilities",),
    ("cpf", "cpf_index"),
    ("cns", "cns_index"),
    ("nis", "nis_index"),
    ("residence_municipality",),
)
EMPTY = {"residence_municipality": None}


def _value(person, name):
    try:
        field = Person._meta.get_field(name)
    except FieldDoesNotExist:
        return getattr(person, name)
    return getattr(person, field.attname)


def _digest(name, value):
    return keyed_digest(f"{name}={value}", "merge")


def fill(survivor, absorbed):
    """Fill the survivor's empty identity fields from the absorbed person (not saved).
    Returns what ``PersonMerge.filled_fields`` keeps."""
    filled = {}
    for group in FILLABLE:
        head = group[0]
        if _value(survivor, head) or not _value(absorbed, head):
            continue
        for name in group:
            entry = {"digest": _digest(name, _value(absorbed, name))}
            if name == "birth_precision":
                entry["before"] = survivor.birth_precision
            filled[name] = entry
            setattr(survivor, Person._meta.get_field(name).attname, _value(absorbed, name))
    return filled


def unfill(survivor, filled):
    """Empty what a merge filled, where it still holds the value the merge put there (a
    field corrected since is the service's, and stays). Returns the names emptied."""
    emptied = []
    for group in FILLABLE:
        head = group[0]
        entry = filled.get(head)
        if entry is None or _digest(head, _value(survivor, head)) != entry["digest"]:
            continue
        for name in group:
            attname = Person._meta.get_field(name).attname
            if name == "birth_precision":
                value = filled.get(name, {}).get("before", DatePrecision.DAY)
            else:
                value = EMPTY.get(name, "")
            setattr(survivor, attname, value)
            emptied.append(name)
    return emptied
