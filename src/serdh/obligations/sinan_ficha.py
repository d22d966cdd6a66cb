"""The SINAN ficha read from the case: every field with its number on the form, its DATASUS
column and its code (``ficha``), and the record the DBF export writes (``columns``). What the
case does not hold comes from the notification's answers (obligations.sinan)."""

import json
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from serdh.cases.choices import PartyRole
from serdh.cases.models import Party, Violation
from serdh.vocabularies.models import Term

from .sinan_codes import (
    DISABILITY_COLUMNS,
    IGN,
    INVOLVED,
    LIFE_CYCLE,
    MEANS_COLUMNS,
    NO,
    NSA,
    PREGNANCY,
    PROCEDURES,
    REFERRALS,
    RELATIONSHIP_COLUMNS,
    SCHOOLING,
    SEXUAL_COLUMNS,
    TYPE_COLUMNS,
    UNIT_KIND,
    YES,
    YES_NO_IGN,
    YES_NO_NSA_IGN,
    age_code,
    epi_week,
)


@dataclass
class Field:
    number: int
    label: str
    value: str  # as printed on the ficha
    column: str = ""
    code: str = ""  # as exported


class _Terms:
    """The vocabularies the ficha reads, in one query: a ficha names some fifty terms (every
    item of fields 39, 56, 57, 58 and 61), which would otherwise be a query each."""

    KEYS = (
        *("violation_type", "means", "relationship", "disability", "place", "motivation"),
        *("race_color", "sexual_orientation", "gender_identity"),
    )

    def __init__(self):
        rows = Term.objects.filter(vocabulary__key__in=self.KEYS).values_list(
            "pk", "vocabulary__key", "code", "sinan_code", "label"
        )
        self.by_pk, self.by_code, self.by_sinan = {}, {}, {}
        for pk, key, code, sinan_code, label in rows:
            self.by_pk[pk] = (sinan_code, label)
            self.by_code[key, code] = (sinan_code, label)
            if sinan_code:
                self.by_sinan.setdefault((key, sinan_code), label)

    def code(self, term_id):
        return self.by_pk.get(term_id, ("", ""))[0] if term_id else ""

    def label(self, term_id):
        return self.by_pk.get(term_id, ("", ""))[1] if term_id else ""

    def sinan_of(self, key, code):
        return self.by_code.get((key, code), ("", ""))[0] if code else ""

    def label_of(self, key, code):
        return self.by_code.get((key, code), ("", ""))[1] if code else ""

    def item(self, key, sinan_code, fallback):
        return self.by_sinan.get((key, sinan_code)) or fallback


def _codes_of(person_field):
    return [c for c in (person_field or "").split(",") if c]


def _label(choices, code):
    return str(dict(choices).get(code, "")) if code else ""


def ficha(notification):
    """Every field of the ficha for this notification: [(section, [Field])], numbered as on
    the form, each with its DATASUS column and code where the export carries one."""
    terms = _Terms()
    case = notification.case
    victim = notification.victim
    person = victim.person
    org = notification.organization
    answers = json.loads(notification.answers or "{}")
    violations = list(Violation.objects.filter(case=case, victim=victim).prefetch_related("means"))
    authors = list(Party.objects.filter(case=case, role=PartyRole.AUTHOR))
    type_codes = {
        code
        for v in violations
        for code in (terms.code(v.type_id), terms.code(v.subtype_id))
        if code
    }
    means_codes = {m.sinan_code for v in violations for m in v.means.all() if m.sinan_code}
    rel_columns = {terms.code(v.relationship_id) for v in violations if v.relationship_id}
    motivation = next((terms.code(v.motivation_id) for v in violations if v.motivation_id), "")
    repeated = any(v.recurrence == "repeated" for v in violations)
    first = all(v.recurrence == "first" for v in violations)
    birth = person.birth_date if person and person.birth_precision == "day" else ""
    disabilities = {
        terms.sinan_of("disability", c) for c in _codes_of(person and person.disabilities)
    }
    yes_no = {True: YES, False: NO}

    def flag(present):
        return yes_no[bool(present)]

    mun = case.municipality_id
    residence = person.residence_municipality_id if person else None
    sex = victim.sex or (person.sex if person else "") or "I"
    general = [
        Field(1, _("Tipo de notificação"), _("2 — Individual"), "TP_NOT", "2"),
        Field(
            2,
            _("Agravo/doença"),
            _("Violência interpessoal/autoprovocada (CID-10 Y09)"),
            "ID_AGRAVO",
            "Y09",
        ),
        Field(
            3,
            _("Data da notificação"),
            notification.notified_on.strftime("%d/%m/%Y") if notification.notified_on else "",
            "DT_NOTIFIC",
            notification.notified_on.isoformat() if notification.notified_on else "",
        ),
        Field(4, _("UF"), case.municipality.state.uf, "SG_UF_NOT", str(case.municipality.state_id)),
        Field(
            5,
            _("Município de notificação"),
            case.municipality.name,
            "ID_MUNICIP",
            str(org.municipality_id)[:6],
        ),
        Field(
            6,
            _("Unidade notificadora"),
            _label(
                ((UNIT_KIND.get(org.sector, "7"), org.get_sector_display()),),
                UNIT_KIND.get(org.sector, "7"),
            ),
            "TPUNINOT",
            UNIT_KIND.get(org.sector, "7"),
        ),
        Field(7, _("Nome da unidade notificadora"), org.name),
        Field(
            9,
            _("Data da ocorrência da violência"),
            case.occurred_on.strftime("%d/%m/%Y") if case.occurred_on else "",
            "DT_OCOR",
            case.occurred_on.isoformat() if case.occurred_on else "",
        ),
    ]
    person_fields = [
        Field(10, _("Nome"), (person.full_name if person else "") or victim.pseudonym),
        Field(
            11,
            _("Data de nascimento"),
            birth and date.fromisoformat(birth).strftime("%d/%m/%Y"),
            "DT_NASC",
            birth,
        ),
        Field(
            12,
            _("Idade"),
            f"{victim.age_years} anos" if victim.age_years is not None else "",
            "NU_IDADE_N",
            age_code(victim.age_years),
        ),
        Field(
            13,
            _("Sexo"),
            {"M": _("Masculino"), "F": _("Feminino")}.get(sex, _("Ignorado")),
            "CS_SEXO",
            sex,
        ),
        Field(
            14,
            _("Gestante"),
            _label(PREGNANCY, answers.get("CS_GESTANT")),
            "CS_GESTANT",
            answers.get("CS_GESTANT", ""),
        ),
        Field(
            15,
            _("Raça/cor"),
            terms.label_of("race_color", person and person.race_color),
            "CS_RACA",
            terms.sinan_of("race_color", person and person.race_color) or IGN,
        ),
        Field(
            16,
            _("Escolaridade"),
            _label(SCHOOLING, answers.get("CS_ESCOL_N")),
            "CS_ESCOL_N",
            answers.get("CS_ESCOL_N", ""),
        ),
        Field(17, _("Número do Cartão SUS"), (person.cns if person else "") or ""),
        Field(18, _("Nome da mãe"), (person.mother_name if person else "") or ""),
        Field(
            20,
            _("Município de residência"),
            person.residence_municipality.name if residence else "",
            "ID_MN_RESI",
            str(residence)[:6] if residence else "",
        ),
        Field(33, _("Nome social"), (person.social_name if person else "") or ""),
        Field(34, _("Ocupação"), notification.occupation),
        Field(
            36,
            _("Orientação sexual"),
            terms.label_of("sexual_orientation", person and person.sexual_orientation),
            "ORIENT_SEX",
            terms.sinan_of("sexual_orientation", person and person.sexual_orientation) or IGN,
        ),
        Field(
            37,
            _("Identidade de gênero"),
            terms.label_of("gender_identity", person and person.gender_identity),
            "IDENT_GEN",
            terms.sinan_of("gender_identity", person and person.gender_identity) or NSA,
        ),
        Field(
            38,
            _("Possui algum tipo de deficiência/transtorno?"),
            _label(YES_NO_IGN, flag(disabilities)),
            "DEF_TRANS",
            flag(disabilities),
        ),
    ]
    for n, column in enumerate(DISABILITY_COLUMNS, start=1):
        present = f"39.{n}" in disabilities
        person_fields.append(
            Field(
                39,
                terms.item("disability", f"39.{n}", column),
                _label(YES_NO_NSA_IGN, flag(present) if disabilities else NSA),
                column,
                flag(present) if disabilities else NSA,
            )
        )
    occurrence = [
        Field(41, _("Município de ocorrência"), case.municipality.name, "ID_MN_OCOR", str(mun)[:6]),
        Field(
            52,
            _("Local de ocorrência"),
            case.place.label if case.place_id else "",
            "LOCAL_OCOR",
            terms.code(case.place_id) or "99",
        ),
        Field(
            53,
            _("Ocorreu outras vezes?"),
            _label(YES_NO_IGN, YES if repeated else NO if first else IGN),
            "OUT_VEZES",
            YES if repeated else NO if first else IGN,
        ),
        Field(
            54,
            _("A lesão foi autoprovocada?"),
            _label(YES_NO_IGN, answers.get("LES_AUTOP")),
            "LES_AUTOP",
            answers.get("LES_AUTOP", ""),
        ),
    ]
    violence = [
        Field(
            55,
            _("Essa violência foi motivada por"),
            terms.label(next((v.motivation_id for v in violations if v.motivation_id), None)),
            "VIOL_MOTIV",
            motivation or "99",
        ),
    ]
    for n, column in enumerate(TYPE_COLUMNS, start=1):
        violence.append(
            Field(
                56,
                terms.item("violation_type", f"56.{n}", column),
                _label(YES_NO_IGN, flag(f"56.{n}" in type_codes)),
                column,
                flag(f"56.{n}" in type_codes),
            )
        )
    for n, column in enumerate(MEANS_COLUMNS, start=1):
        violence.append(
            Field(
                57,
                terms.item("means", f"57.{n}", column),
                _label(YES_NO_IGN, flag(f"57.{n}" in means_codes)),
                column,
                flag(f"57.{n}" in means_codes),
            )
        )
    sexual = "56.4" in type_codes
    for n, column in enumerate(SEXUAL_COLUMNS, start=1):
        code = flag(f"58.{n}" in type_codes) if sexual else NSA
        violence.append(
            Field(
                58,
                terms.item("violation_type", f"58.{n}", column),
                _label(YES_NO_NSA_IGN, code),
                column,
                code,
            )
        )
    for column, label in PROCEDURES:
        code = answers.get(column, "")
        violence.append(Field(59, str(label), _label(YES_NO_NSA_IGN, code), column, code))
    author = [
        Field(
            60,
            _("Número de envolvidos"),
            _label(INVOLVED, answers.get("NUM_ENVOLV")),
            "NUM_ENVOLV",
            answers.get("NUM_ENVOLV", ""),
        ),
    ]
    for column in RELATIONSHIP_COLUMNS:
        author.append(
            Field(
                61,
                terms.item("relationship", column, column),
                _label(YES_NO_IGN, flag(column in rel_columns)),
                column,
                flag(column in rel_columns),
            )
        )
    author_sexes = {a.sex for a in authors if a.sex in ("M", "F")}
    author_sex = (
        "3"
        if author_sexes == {"M", "F"}
        else {"M": "1", "F": "2"}.get(next(iter(author_sexes), ""), IGN)
    )
    author += [
        Field(
            62,
            _("Sexo do provável autor da violência"),
            {"1": _("Masculino"), "2": _("Feminino"), "3": _("Ambos os sexos")}.get(
                author_sex, _("Ignorado")
            ),
            "AUTOR_SEXO",
            author_sex,
        ),
        Field(
            63,
            _("Suspeita de uso de álcool"),
            _label(YES_NO_IGN, answers.get("AUTOR_ALCO")),
            "AUTOR_ALCO",
            answers.get("AUTOR_ALCO", ""),
        ),
        Field(
            64,
            _("Ciclo de vida do provável autor"),
            _label(LIFE_CYCLE, answers.get("CICL_VID")),
            "CICL_VID",
            answers.get("CICL_VID", ""),
        ),
    ]
    referrals = [
        Field(
            65, str(label), _label(YES_NO_IGN, answers.get(column)), column, answers.get(column, "")
        )
        for column, label in REFERRALS
    ]
    final = [
        Field(
            66,
            _("Violência relacionada ao trabalho"),
            _label(YES_NO_IGN, answers.get("REL_TRAB")),
            "REL_TRAB",
            answers.get("REL_TRAB", ""),
        ),
        Field(
            67,
            _("Se sim, foi emitida a CAT?"),
            _label(YES_NO_NSA_IGN, answers.get("REL_CAT")),
            "REL_CAT",
            answers.get("REL_CAT", ""),
        ),
    ]
    return [
        (_("Dados gerais"), general),
        (_("Dados da pessoa atendida"), person_fields),
        (_("Dados da ocorrência"), occurrence),
        (_("Violência"), violence),
        (_("Dados do provável autor da violência"), author),
        (_("Encaminhamento"), referrals),
        (_("Dados finais"), final),
    ]


def columns(notification):
    """{DATASUS column: code} of the notification (the export's record)."""
    found = {"NU_NOTIFIC": notification.number}
    for _section, fields in ficha(notification):
        for f in fields:
            if f.column:
                found[f.column] = f.code
    if notification.notified_on:
        found["SEM_NOT"] = epi_week(notification.notified_on)
        found["NU_ANO"] = str(notification.notified_on.year)
    return found
