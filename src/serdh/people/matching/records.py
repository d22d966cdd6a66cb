"""One person record as the matcher sees it: parsed names, a birth date with its precision,
identifiers with their check digits verified, municipality, phone."""

import re
from dataclasses import dataclass
from datetime import date

from serdh.core.identifiers import is_valid_cns, is_valid_cpf, is_valid_nis

from .names import EMPTY, Name, parse

# Dates that registries write when only the year is known (or the year is a guess): compared
# with a year's tolerance, never as an exact day.
ESTIMATED_DAYS = frozenset({(1, 1), (7, 1), (6, 30), (12, 31)})
_THIS_YEAR = date.today().year
COLUMNS = (
    "record_id",
    "source",
    "name",
    "social_name",
    "mother_name",
    "birth_date",
    "sex",
    "cpf",
    "cns",
    "nis",
    "municipality_ibge",
    "phone",
)


@dataclass(slots=True)
class Record:
    id: str
    names: tuple  # Name: the civil name and the nome social, when they differ
    mother: Name
    birth: tuple | None  # (year, month, day)
    estimated: bool  # only the year is trustworthy
    sex: str  # "M", "F" or ""
    cpf: tuple | None  # (digits, check digits valid)
    cns: tuple | None
    nis: tuple | None
    municipality: str
    phone: str  # last 8 digits

    @property
    def name(self) -> Name:
        return self.names[0] if self.names else EMPTY


_NOT_DIGIT = re.compile(r"[^0-9]")


def _digits(text):
    return _NOT_DIGIT.sub("", text) if text else ""


def _date(text, precision="day"):
    text = (text or "").strip()[:10]
    try:
        year, month, day = (int(p) for p in text.split("-"))
    except ValueError:
        return None, False
    if not (1880 <= year <= _THIS_YEAR and 1 <= month <= 12 and 1 <= day <= 31):
        return None, False  # a date in the future is a typo: it tells nothing
    estimated = precision != "day" or (month, day) in ESTIMATED_DAYS
    return (year, month, day), estimated


_VALIDATORS = (("cpf", is_valid_cpf), ("cns", is_valid_cns), ("nis", is_valid_nis))


def build(
    record_id,
    *,
    name="",
    social_name="",
    mother_name="",
    birth_date="",
    birth_precision="day",
    sex="",
    cpf="",
    cns="",
    nis="",
    municipality="",
    phone="",
):
    names = []
    for text in (name, social_name):
        parsed = parse(text or "")
        if parsed.words and parsed not in names:
            names.append(parsed)
    birth, estimated = _date(birth_date, birth_precision)
    ids = {}
    for kind, valid in _VALIDATORS:
        digits = _digits({"cpf": cpf, "cns": cns, "nis": nis}[kind])
        ids[kind] = (digits, valid(digits)) if digits else None
    sex = (sex or "").strip().upper()[:1]
    return Record(
        id=str(record_id),
        names=tuple(names),
        mother=parse(mother_name or ""),
        birth=birth,
        estimated=estimated,
        sex=sex if sex in ("M", "F") else "",
        cpf=ids["cpf"],
        cns=ids["cns"],
        nis=ids["nis"],
        municipality=_digits(municipality)[:7],
        phone=_digits(phone)[-8:],
    )


def from_row(row):
    """A row of the batch CSV (``COLUMNS``)."""
    return build(
        row.get("record_id", ""),
        name=row.get("name", ""),
        social_name=row.get("social_name", ""),
        mother_name=row.get("mother_name", ""),
        birth_date=row.get("birth_date", ""),
        sex=row.get("sex", ""),
        cpf=row.get("cpf", ""),
        cns=row.get("cns", ""),
        nis=row.get("nis", ""),
        municipality=row.get("municipality_ibge", ""),
        phone=row.get("phone", ""),
    )


def from_person(person):
    """A ``people.Person`` (decrypting its fields: callers check access first)."""
    return build(
        person.pk,
        name=person.full_name,
        social_name=person.social_name,
        mother_name=person.mother_name,
        birth_date=person.birth_date,
        birth_precision=person.birth_precision,
        sex=person.sex,
        cpf=person.cpf,
        cns=person.cns,
        nis=person.nis,
        municipality=str(person.residence_municipality_id or ""),
    )
