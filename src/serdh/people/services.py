"""Creating and updating persons. Identifiers are validated, encrypted and blind-indexed here,
and the name tokens that make name search possible are rebuilt on every change."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from serdh.core.bulkrows import insert_rows
from serdh.core.crypto import blind_index, keyed_digest, normalize_identifier
from serdh.core.errors import ServiceError
from serdh.core.identifiers import validate_cns, validate_cpf, validate_nis
from serdh.network.models import fold

from .models import Person, PersonNameToken
from .suggest import bulk_keys, rebuild_keys

IDENTIFIERS = {"cpf": validate_cpf, "cns": validate_cns, "nis": validate_nis}
PLAIN_FIELDS = ("sex", "birth_precision", "residence_municipality")
ENCRYPTED_FIELDS = (
    "full_name",
    "social_name",
    "mother_name",
    "gender_identity",
    "sexual_orientation",
    "race_color",
)


def name_tokens(*names):
    """Keyed digests of each word of the names (2+ letters, accents and case folded)."""
    words = set()
    for name in names:
        for word in fold(name or "").replace("'", " ").split():
            if len(word) >= 2:
                words.add(word)
    return {keyed_digest(word, "name") for word in words} - {""}


def identifier_indexes(data):
    """Validate CPF/CNS/NIS present in ``data``; return {field: (digits, index)}."""
    out = {}
    for field, validate in IDENTIFIERS.items():
        value = (data.get(field) or "").strip()
        if not value:
            continue
        try:
            validate(value)
        except ValidationError as exc:
            raise ServiceError(exc.messages[0], field=field) from exc
        digits = normalize_identifier(value)
        out[field] = (digits, blind_index(digits, field))
    return out


def _apply(person, data):
    for field in ENCRYPTED_FIELDS:
        if field in data:
            setattr(person, field, (data[field] or "").strip())
    for field in PLAIN_FIELDS:
        if field in data:
            setattr(
                person, field, data[field] or ("" if field != "residence_municipality" else None)
            )
    if "birth_date" in data:
        birth = data["birth_date"]
        if birth and birth > date.today():
            raise ServiceError(_("A data de nascimento não pode ser futura."), field="birth_date")
        person.birth_date = birth.isoformat() if birth else ""
    if "disabilities" in data:
        person.disabilities = ",".join(sorted(data["disabilities"] or []))
    for field, (digits, index) in identifier_indexes(data).items():
        setattr(person, field, digits)
        setattr(person, f"{field}_index", index)


def create_person(organization, data):
    """Called by case services, inside their transaction (they check access and audit)."""
    person = Person(created_by_organization=organization)
    _apply(person, data)
    person.save()
    rebuild_indexes(person)
    return person


def check_person(data):
    """Refuse ``data`` as create_person would (identifiers, a future birth date), saving
    nothing: for importers that validate a whole file first."""
    _apply(Person(), data)


def build_person(organization, data):
    """An unsaved Person, for writers that insert many at once; ``index_many`` after the
    insert."""
    person = Person(created_by_organization=organization)
    _apply(person, data)
    return person


def index_many(persons):
    """The name tokens and matching keys of persons just inserted together."""
    bulk_keys(persons)
    insert_rows(
        PersonNameToken,
        ("person", "token"),
        (
            (person.pk, t)
            for person in persons
            for t in name_tokens(person.full_name, person.social_name)
        ),
    )


def update_person(person, data):
    _apply(person, data)
    person.save()
    rebuild_indexes(person)
    return person


def rebuild_indexes(person):
    """The name tokens and matching keys of a person, after any change of its identity."""
    rebuild_keys(person)
    PersonNameToken.objects.filter(person=person).delete()
    PersonNameToken.objects.bulk_create(
        [
            PersonNameToken(person=person, token=t)
            for t in name_tokens(person.full_name, person.social_name)
        ]
    )
