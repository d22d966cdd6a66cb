"""A SINAN violence notification (ficha de notificação individual de violência interpessoal/
autoprovocada, v5) as a SIMA case: one row, one case with its victim, probable author and one
violation per type of violence marked.

Columns: the DATASUS microdata names (VIOLBRyy; obligations.sinan_codes holds the lists), plus
the identification a municipality's own SINAN NET export carries (data dictionary SINAN NET
v5.0, "Notificação individual": NM_PACIENT, NM_MAE_PAC, ID_CNS_SUS). Every code goes through the
vocabularies' SINAN codes (vocabularies/data/*.json): a code with no term is reported, never
guessed. Municipalities come as DATASUS's six digits and are completed with the IBGE check digit
(through the municipality table, which also knows the nine historic exceptions).
"""

import contextlib

from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.cases.bulk import CaseSpec, PartySpec, ViolationSpec
from serdh.cases.choices import PartyRole, Recurrence
from serdh.core.errors import ServiceError
from serdh.network.models import Municipality
from serdh.network.services import case_municipalities
from serdh.obligations.sinan_codes import (
    DISABILITY_COLUMNS,
    MEANS_COLUMNS,
    RELATIONSHIP_COLUMNS,
    SEXUAL_COLUMNS,
    TYPE_COLUMNS,
)
from serdh.people import services as people
from serdh.vocabularies.models import Term

from .casewriter import CaseMapper
from .readers import FileRefused, parse_date

XLSX = False
AGRAVO = "Y09"  # CID-10 of the violence notification (field 2 of the ficha)
REQUIRED = ("NU_NOTIFIC", "DT_NOTIFIC", "ID_MUNICIP")
KEYS = (
    "violation_type",
    "means",
    "relationship",
    "disability",
    "place",
    "motivation",
    "race_color",
    "sexual_orientation",
    "gender_identity",
    "intake_channel",
)
FLAGS = {"1", "2", "8", "9", ""}
PERSON_COLUMN = {
    "full_name": "NM_PACIENT",
    "mother_name": "NM_MAE_PAC",
    "birth_date": "DT_NASC",
    "cns": "ID_CNS_SUS",
}


def check_columns(columns):
    """Refuse, before any row, a file that is not SINAN's violence notifications."""
    present = set(columns)
    missing = [c for c in REQUIRED if c not in present]
    if missing or not present & set(TYPE_COLUMNS):
        raise FileRefused(
            _(
                "Este arquivo não é de notificações de violência do SINAN: faltam as colunas "
                "%(columns)s. Exporte a ficha de violência interpessoal/autoprovocada (DBF ou "
                "CSV com os nomes de coluna do SINAN)."
            )
            % {"columns": ", ".join(missing or ["VIOL_FISIC … VIOL_OUTR"])}
        )


def age_from_code(text):
    """NU_IDADE_N: the unit (1 hours, 2 days, 3 months, 4 years) and three digits of value:
    4018 = 18 years, 3006 = 6 months (0 years). ValueError when it is not such a code."""
    text = text.strip()
    if not text:
        return None
    if len(text) != 4 or not text.isdigit() or text[0] not in "1234":
        raise ValueError(text)
    value = int(text[1:])
    return value if text[0] == "4" else 0


class Mapper(CaseMapper):
    """Everything one row needs, loaded once per file: the terms by SINAN code, the
    municipalities by their six digits, and where the importing service may place cases."""

    source = "sinan"
    key_column = "NU_NOTIFIC"

    def __init__(self, organization, today=None):
        self.organization = organization
        self.today = today or timezone.localdate()
        self.terms, self.term_code = {}, {}
        for pk, key, code, sinan_code in Term.objects.filter(
            vocabulary__key__in=KEYS, is_active=True
        ).values_list("pk", "vocabulary__key", "code", "sinan_code"):
            self.term_code[pk] = code
            if sinan_code:
                self.terms.setdefault((key, sinan_code), pk)
            self.terms.setdefault((key, f"code:{code}"), pk)
        self.channel = self.terms[("intake_channel", "code:sinan_notification")]
        rows = Municipality.objects.values_list("code", "name")
        self.municipalities = {code // 10: (code, name) for code, name in rows}
        self.allowed = set(case_municipalities(organization).values_list("code", flat=True))

    # -- helpers that add a problem and return None ------------------------------------------

    def _municipality(self, row, column, problems, required=False):
        text = row.get(column, "").strip()
        if not text:
            if required:
                problems.append((column, text, _("Informe o município.")))
            return None
        digits = text[:6] if len(text) in (6, 7) and text.isdigit() else ""
        found = self.municipalities.get(int(digits)) if digits else None
        if found is not None and len(text) == 7 and int(text) != found[0]:
            found = None  # seven digits whose check digit is not the municipality's
            problems.append((column, text, _("Código de município do IBGE desconhecido.")))
            return None
        return found

    def _term(self, key, code, column, problems, text=None):
        if code in ("", None):
            return None
        pk = self.terms.get((key, code))
        if pk is None:
            problems.append(
                (column, text if text is not None else code, _("Código sem termo no vocabulário."))
            )
        return pk

    def _flag(self, row, column, problems):
        value = row.get(column, "").strip()
        if value not in FLAGS:
            problems.append((column, value, _("Use 1 (sim), 2 (não), 8 (não se aplica) ou 9.")))
            return ""
        return value

    # -- the row ----------------------------------------------------------------------------

    def external_id(self, row):
        """SINAN's own key of a notification: number, notifying municipality, disease and
        notification date."""
        notified = row.get("DT_NOTIFIC", "").strip()
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            notified = parse_date(notified).isoformat()  # else reported by parse
        parts = (
            row.get("ID_MUNICIP", "").strip()[:6],
            row.get("NU_NOTIFIC", "").strip().lstrip("0"),
            (row.get("ID_AGRAVO", "").strip().upper() or AGRAVO)[:3],
            notified,
        )
        return ":".join(parts)

    def parse(self, row):
        """(CaseSpec or None, external id, [(column, value, problem)])."""
        problems = []
        agravo = row.get("ID_AGRAVO", "").strip().upper()
        if agravo and not agravo.startswith(AGRAVO):
            problems.append(
                ("ID_AGRAVO", agravo, _("Não é uma notificação de violência (CID-10 Y09)."))
            )
        number = row.get("NU_NOTIFIC", "").strip()
        if not number or not number.isdigit() or len(number) > 7:
            problems.append(("NU_NOTIFIC", number, _("Número da notificação inválido.")))
        notified = self._date(row, "DT_NOTIFIC", problems, required=True)
        occurred = self._date(row, "DT_OCOR", problems)
        if occurred and notified and occurred > notified:
            problems.append(
                ("DT_OCOR", row.get("DT_OCOR", ""), _("A ocorrência é posterior à notificação."))
            )
        notifying = self._municipality(row, "ID_MUNICIP", problems, required=True)
        place_of = self._municipality(row, "ID_MN_OCOR", problems) or notifying
        if place_of and place_of[0] not in self.allowed:
            column = "ID_MN_OCOR" if row.get("ID_MN_OCOR", "").strip() else "ID_MUNICIP"
            problems.append(
                (
                    column,
                    row.get(column, ""),
                    _("%(name)s está fora do território do seu serviço.") % {"name": place_of[1]},
                )
            )
        victim = self._victim(row, notified, occurred, problems)
        author = self._author(row, problems)
        violations = self._violations(row, problems)
        place_code = row.get("LOCAL_OCOR", "").strip()
        place = self._term(
            "place", place_code.zfill(2) if place_code else "", "LOCAL_OCOR", problems, place_code
        )
        if problems:
            return None, self.external_id(row), problems
        spec = CaseSpec(
            municipality_id=place_of[0],
            intake_channel_id=self.channel,
            reported_on=notified,
            occurred_on=occurred,
            place_id=place,
            victim=victim,
            author=author,
            violations=violations,
            note=_("notificação SINAN nº %(n)s") % {"n": number},
        )
        return spec, self.external_id(row), problems

    def _victim(self, row, notified, occurred, problems):
        sex = row.get("CS_SEXO", "").strip().upper()
        if sex not in ("M", "F", "I", ""):
            problems.append(("CS_SEXO", sex, _("Use M, F ou I.")))
            sex = ""
        try:
            age = age_from_code(row.get("NU_IDADE_N", ""))
        except ValueError:
            problems.append(
                (
                    "NU_IDADE_N",
                    row.get("NU_IDADE_N", ""),
                    _("Idade no formato do SINAN: 4018 = 18 anos."),
                )
            )
            age = None
        birth = self._date(row, "DT_NASC", problems)
        if age is None and birth:
            age = self._age_from_birth(birth, occurred, notified)
        if age is not None and not 0 <= age <= 120:
            problems.append(
                ("NU_IDADE_N", row.get("NU_IDADE_N", ""), _("Idade fora de 0 a 120 anos."))
            )
            age = None
        person = {
            "full_name": row.get("NM_PACIENT", "").strip(),
            "mother_name": row.get("NM_MAE_PAC", "").strip(),
            "cns": row.get("ID_CNS_SUS", "").strip(),
        }
        person = {k: v for k, v in person.items() if v}
        if person.get("full_name") or person.get("cns"):
            person["sex"] = sex
            if birth:
                person["birth_date"], person["birth_precision"] = birth, "day"
            for key, column in (
                ("race_color", "CS_RACA"),
                ("sexual_orientation", "ORIENT_SEX"),
                ("gender_identity", "IDENT_GEN"),
            ):
                pk = self._term(key, row.get(column, "").strip(), column, problems)
                if pk:
                    person[key] = self.term_code[pk]
            disabilities = []
            for n, column in enumerate(DISABILITY_COLUMNS, start=1):
                if self._flag(row, column, problems) == "1":
                    pk = self._term("disability", f"39.{n}", column, problems, "1")
                    if pk:
                        disabilities.append(self.term_code[pk])
            person["disabilities"] = disabilities
            residence = self._municipality(row, "ID_MN_RESI", problems)
            if residence:
                person["residence_municipality"] = Municipality(code=residence[0])
            try:
                people.check_person(person)
            except ServiceError as exc:
                column = PERSON_COLUMN.get(exc.field or "", "")
                problems.append((column, row.get(column, ""), str(exc.message)))
        return PartySpec(PartyRole.VICTIM, person=person or None, age_years=age, sex=sex)

    def _author(self, row, problems):
        code = row.get("AUTOR_SEXO", "").strip()
        if code not in ("1", "2", "3", "9", ""):
            problems.append(("AUTOR_SEXO", code, _("Use 1, 2, 3 ou 9.")))
        self_inflicted = row.get("LES_AUTOP", "").strip() == "1" or row.get("REL_PROPRI", "") == "1"
        if (
            self_inflicted
            or code in ("", "9")
            and not any(row.get(c, "") == "1" for c in RELATIONSHIP_COLUMNS)
        ):
            return None
        return PartySpec(PartyRole.AUTHOR, sex={"1": "M", "2": "F"}.get(code, ""))

    def _violations(self, row, problems):
        motivation_code = row.get("VIOL_MOTIV", "").strip()
        motivation = self._term(
            "motivation",
            motivation_code.zfill(2) if motivation_code else "",
            "VIOL_MOTIV",
            problems,
            motivation_code,
        )
        # Every flag is checked; the first relationship marked is the violations'.
        marked = [c for c in RELATIONSHIP_COLUMNS if self._flag(row, c, problems) == "1"]
        relationship = (
            self._term("relationship", marked[0], marked[0], problems, "1") if marked else None
        )
        means = tuple(
            pk
            for n, column in enumerate(MEANS_COLUMNS, start=1)
            if self._flag(row, column, problems) == "1"
            and (pk := self._term("means", f"57.{n}", column, problems, "1"))
        )
        recurrence = {"1": Recurrence.REPEATED, "2": Recurrence.FIRST}.get(
            row.get("OUT_VEZES", "").strip(), Recurrence.UNKNOWN
        )

        def violation(type_id, subtype_id=None):
            return ViolationSpec(
                type_id=type_id,
                subtype_id=subtype_id,
                motivation_id=motivation,
                relationship_id=relationship,
                recurrence=recurrence,
                means_ids=means,
            )

        found = []
        for n, column in enumerate(TYPE_COLUMNS, start=1):
            if self._flag(row, column, problems) != "1":
                continue
            type_id = self._term("violation_type", f"56.{n}", column, problems, "1")
            if type_id is None:
                continue
            if column == "VIOL_SEXU":
                subtypes = [
                    pk
                    for k, sexual in enumerate(SEXUAL_COLUMNS, start=1)
                    if self._flag(row, sexual, problems) == "1"
                    and (pk := self._term("violation_type", f"58.{k}", sexual, problems, "1"))
                ]
                found.extend(violation(type_id, s) for s in subtypes or [None])
            else:
                found.append(violation(type_id))
        if not found:
            problems.append(
                (
                    "VIOL_FISIC",
                    "",
                    _("Nenhum tipo de violência marcado com 1 (VIOL_FISIC … VIOL_OUTR)."),
                )
            )
        return found
