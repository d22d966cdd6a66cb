"""What a reviewer sees of a possible duplicate: pseudonymized (LGPD art. 13).

Deciding whether two records are one person needs their data; the reviewer (a manager) may
not read it. So both persons are decrypted here, compared with the matcher, and only this
leaves the module, field by field: the comparison level in words (``compare.LEVELS``) and
values masked as far as the decision allows:

- names as initials per word ("M. A. d. S."), the agnome (Júnior, Filho…) spelled out;
- the birth date as its year (with its precision), the level saying the rest ("dia e mês
  trocados", "um dígito ou um dia"…);
- CPF, CNS and NIS as "informado" and the level ("igual", "diferente", "um dígito"), never a
  digit;
- sex and the municipality of residence as they are.

The level words come from the matcher and are shown through gettext (the catalogue needs them
marked where ``LEVELS`` is written). Every view is an audit event
(``match_candidate.viewed``) naming the two persons by id.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serdh.core import audit
from serdh.core.dates import DatePrecision

from .matching.compare import FIELDS, LEVELS, compare
from .matching.model import shipped
from .matching.names import AGNOMES, PARTICLES, fold
from .matching.records import from_person

LABELS = {
    "first_name": gettext_lazy("Primeiro nome"),
    "middle": gettext_lazy("Nomes do meio"),
    "surname": gettext_lazy("Último sobrenome"),
    "agnome": gettext_lazy("Agnome (Júnior, Filho, Neto…)"),
    "mother": gettext_lazy("Nome da mãe"),
    "birth": gettext_lazy("Nascimento"),
    "sex": gettext_lazy("Sexo"),
    "cpf": gettext_lazy("CPF"),
    "cns": gettext_lazy("CNS"),
    "nis": gettext_lazy("NIS"),
    "ids": gettext_lazy("Documentos (CPF, CNS, NIS)"),
    "municipality": gettext_lazy("Município de residência"),
    "phone": gettext_lazy("Telefone"),
}
AGNOME_NAMES = {
    "junior": "Júnior",
    "filho": "Filho",
    "neto": "Neto",
    "sobrinho": "Sobrinho",
    "segundo": "Segundo",
    "terceiro": "Terceiro",
    "bisneto": "Bisneto",
}
IDENTIFIERS = (("cpf", "CPF"), ("cns", "CNS"), ("nis", "NIS"))


def initials(name):
    """ "Maria Aparecida da Silva Júnior" -> "M. A. d. S. Júnior": a letter per word
    (particles in lower case), the agnome spelled out (it is one of a handful of words)."""
    words = (name or "").replace("'", " ").replace("-", " ").split()
    out = []
    for position, word in enumerate(words):
        bare = fold(word).strip(".")
        if not bare:
            continue
        if position == len(words) - 1 and position and bare in AGNOMES:
            out.append(AGNOME_NAMES[AGNOMES[bare]])
        elif bare in PARTICLES:
            out.append(f"{bare[0]}.")
        else:
            letter = next((ch for ch in word if ch.isalpha()), "")
            if letter:
                out.append(f"{letter.upper()}.")
    return " ".join(out)


def birth_year(person):
    year = (person.birth_date or "")[:4]
    if not year.isdigit():
        return ""
    if person.birth_precision != DatePrecision.DAY:
        return _("%(year)s (%(precision)s)") % {
            "year": year,
            "precision": _("data aproximada"),
        }
    return year


def _kinds(person):
    return ", ".join(label for kind, label in IDENTIFIERS if getattr(person, kind)) or "—"


@dataclass
class Row:
    label: str
    a: str
    b: str
    level: str
    agree: bool | None = None  # True: the level says "the same"; False: "different"


@dataclass
class Comparison:
    candidate: object
    probability: float
    rows: list = field(default_factory=list)
    hard: bool = False  # the matcher says these can never be one person

    @property
    def percent(self):
        # A model is never certain: 99 at most, 1 at least, as on the intake suggestions.
        return min(99, max(1, round(self.probability * 100)))


def _name_parts(name):
    """(first, middle, last) of a name's initials, the agnome left out."""
    parts = initials(name).split()
    if parts and not parts[-1].endswith("."):
        parts = parts[:-1]  # the agnome, spelled out: its own row
    if not parts:
        return "", "", ""
    if len(parts) == 1:
        return parts[0], "", ""
    return parts[0], " ".join(parts[1:-1]), parts[-1]


def _masked(name, person, record):
    """What the reviewer sees of ``person`` for the matcher's field ``name``; None for a field
    the registry does not keep (the batch's phone)."""
    first, middle, last = _name_parts(person.full_name)
    if name == "first_name":
        return first
    if name == "middle":
        return middle
    if name == "surname":
        return last
    if name == "agnome":
        return AGNOME_NAMES.get(record.name.agnome, "")
    if name == "mother":
        return initials(person.mother_name)
    if name == "birth":
        return birth_year(person)
    if name == "sex":
        return person.get_sex_display()
    if name in ("cpf", "cns", "nis"):
        return _("informado") if getattr(person, name) else ""
    if name == "ids":
        return _kinds(person)
    if name == "municipality":
        return str(person.residence_municipality or "")
    return None


def _agree(name, level):
    if level == 0:
        return None
    return True if level == len(LEVELS[name]) - 1 else False if level == 1 else None


def compare_candidate(candidate):
    """The pseudonymized comparison of ``candidate``'s two persons (callers check access and
    audit: ``viewed``). One row per field of the matcher, in its order."""
    a, b = candidate.person_a, candidate.person_b
    record_a, record_b = from_person(a), from_person(b)
    levels, _first, _last, hard = compare(record_a, record_b)
    model = shipped()
    rows = [
        Row(
            _("Nome civil (iniciais)"),
            initials(a.full_name),
            initials(b.full_name),
            "",
        )
    ]
    if a.social_name or b.social_name:
        rows.append(
            Row(
                _("Nome social (iniciais)"),
                initials(a.social_name),
                initials(b.social_name),
                _("comparado também com o nome civil"),
            )
        )
    for name, level in zip(FIELDS, levels, strict=True):
        value_a, value_b = _masked(name, a, record_a), _masked(name, b, record_b)
        if value_a is None and not level:
            continue
        rows.append(
            Row(
                LABELS.get(name, name),
                value_a or "",
                value_b or "",
                _(LEVELS[name][level]),
                _agree(name, level),
            )
        )
    return Comparison(
        candidate=candidate,
        probability=model.pair_probability(levels),
        rows=rows,
        hard=hard,
    )


def viewed(user, candidate):
    """The comparison, recorded in the audit trail (one event per view)."""
    comparison = compare_candidate(candidate)
    with transaction.atomic():
        audit.record(
            "match_candidate.viewed",
            candidate,
            data={"persons": [candidate.person_a_id, candidate.person_b_id]},
        )
    return comparison
