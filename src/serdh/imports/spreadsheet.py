"""The spreadsheet template for legacy case lists: one row per case (its victim, at most one
probable author, one or more violations), Portuguese headers, values from the vocabularies.

``template_xlsx`` writes the template (a sheet to fill with a drop-down list on each column of
controlled values, the sheet of allowed values, and the instructions); ``Mapper`` reads a
filled row into a CaseSpec the way the SINAN mapper does. A row's key is the importing
service plus its "identificador": the same list sent again creates nothing new.
"""

import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serdh.cases.bulk import CaseSpec, PartySpec, ViolationSpec
from serdh.cases.choices import PartyRole, Recurrence, Urgency
from serdh.core.crypto import keyed_digest
from serdh.core.errors import ServiceError
from serdh.network.models import Municipality, fold
from serdh.network.services import case_municipalities
from serdh.people import services as people
from serdh.people.choices import Sex
from serdh.vocabularies.models import Term

from .casewriter import CaseMapper
from .readers import FileRefused


@dataclass(frozen=True)
class Column:
    header: str
    required: bool = False
    vocabulary: str = ""  # a vocabulary key: the value is one of its terms (label or code)
    choices: tuple = ()  # fixed values (label, value)
    help: str = ""


SEXES = ((str(Sex.FEMALE.label), "F"), (str(Sex.MALE.label), "M"), ("Intersexo", "I"))
URGENCIES = tuple((str(u.label), u.value) for u in Urgency)
RECURRENCES = tuple((str(r.label), r.value) for r in Recurrence)

COLUMNS = (
    Column("identificador", True, help=gettext_lazy("O número do caso na sua lista (único).")),
    Column("data da notificação", True, help=gettext_lazy("DD/MM/AAAA")),
    Column("data da ocorrência", help=gettext_lazy("DD/MM/AAAA")),
    Column("município", True, help=gettext_lazy("Nome ou código IBGE de 7 dígitos.")),
    Column("canal de entrada", True, vocabulary="intake_channel"),
    Column("local", vocabulary="place"),
    Column("urgência", choices=URGENCIES),
    Column("vítima: nome"),
    Column("vítima: nome social"),
    Column("vítima: nome da mãe"),
    Column("vítima: data de nascimento", help=gettext_lazy("DD/MM/AAAA")),
    Column("vítima: idade", help=gettext_lazy("Em anos, na ocorrência.")),
    Column("vítima: sexo", choices=SEXES),
    Column("vítima: raça/cor", vocabulary="race_color"),
    Column("vítima: CPF"),
    Column("vítima: CNS"),
    Column("vítima: NIS"),
    Column("autor(a): sexo", choices=SEXES),
    Column("autor(a): idade"),
    Column("relação do(a) autor(a) com a vítima", vocabulary="relationship"),
    Column(
        "violações",
        True,
        vocabulary="violation_type",
        help=gettext_lazy("Um ou mais tipos ou subtipos, separados por ponto e vírgula."),
    ),
    Column("motivação", vocabulary="motivation"),
    Column("recorrência", choices=RECURRENCES),
    Column("relato", help=gettext_lazy("O que aconteceu (fica criptografado).")),
)
VOCABULARIES = tuple(dict.fromkeys(c.vocabulary for c in COLUMNS if c.vocabulary))


def check_columns(columns):
    present = {fold(c) for c in columns}
    missing = [c.header for c in COLUMNS if c.required and fold(c.header) not in present]
    if missing:
        raise FileRefused(
            _(
                "Esta planilha não segue o modelo do SER-DH: faltam as colunas %(columns)s. "
                "Baixe o modelo na página de importações."
            )
            % {"columns": ", ".join(missing)}
        )


def allowed_values():
    """{vocabulary key: [labels]} of the active terms (subtypes as "Tipo > Subtipo")."""
    found = {key: [] for key in VOCABULARIES}
    terms = Term.objects.filter(vocabulary__key__in=VOCABULARIES, is_active=True).select_related(
        "vocabulary", "parent"
    )
    for term in terms.order_by("vocabulary__key", "order", "label"):
        label = f"{term.parent.label} > {term.label}" if term.parent_id else term.label
        found[term.vocabulary.key].append(label)
    return found


def template_xlsx():
    """The template's bytes: "casos" to fill, "valores permitidos", "instruções"."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    cases = book.active
    cases.title = "casos"
    cases.append([c.header for c in COLUMNS])
    for cell in cases[1]:
        cell.font = Font(bold=True)
    values = book.create_sheet("valores permitidos")
    lists = allowed_values()
    lists.update({c.header: [label for label, _v in c.choices] for c in COLUMNS if c.choices})
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cases.column_dimensions[letter].width = max(14, len(column.header) + 2)
        if column.header in IDENTIFIER_COLUMNS or column.header == "identificador":
            cases.column_dimensions[letter].number_format = "@"  # a CPF keeps its leading zero
        key = column.vocabulary or (column.header if column.choices else "")
        if not key:
            continue
        items = lists[key]
        values.cell(row=1, column=index, value=column.header).font = Font(bold=True)
        for row, label in enumerate(items, start=2):
            values.cell(row=row, column=index, value=label)
        values.column_dimensions[letter].width = 40
        if column.vocabulary == "violation_type":
            continue  # several values in one cell: no drop-down
        rule = DataValidation(
            type="list",
            formula1=f"'valores permitidos'!${letter}$2:${letter}${len(items) + 1}",
            allow_blank=not column.required,
            showErrorMessage=True,
            errorTitle=str(_("Valor não permitido")),
            error=str(_("Escolha um valor da lista (aba 'valores permitidos').")),
        )
        rule.add(f"{letter}2:{letter}5000")
        cases.add_data_validation(rule)
    notes = book.create_sheet("instruções")
    notes.append([str(_("Coluna")), str(_("Obrigatória")), str(_("Como preencher"))])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        how = str(column.help) if column.help else ""
        if column.vocabulary or column.choices:
            how = (how + " " + str(_("Um valor da aba 'valores permitidos'."))).strip()
        notes.append([column.header, str(_("sim")) if column.required else "", how])
    notes.column_dimensions["A"].width = 36
    notes.column_dimensions["C"].width = 80
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_csv():
    return ";".join(c.header for c in COLUMNS) + "\r\n"


XLSX = True  # this kind of file may come as an Excel workbook
IDENTIFIER_COLUMNS = ("vítima: CPF", "vítima: CNS", "vítima: NIS")


def _digits(text, width):
    """An identifier typed as a number in a spreadsheet lost its leading zeros: put them
    back (only for a value made of digits alone)."""
    return text.zfill(width) if text.isdigit() and len(text) < width else text


class Mapper(CaseMapper):
    source = "spreadsheet"
    key_column = "identificador"

    def __init__(self, organization, today=None):
        self.organization = organization
        self.today = today or timezone.localdate()
        self.terms = {}
        for term in Term.objects.filter(
            vocabulary__key__in=VOCABULARIES, is_active=True
        ).select_related("vocabulary", "parent"):
            key = term.vocabulary.key
            names = {term.code, term.label}
            if term.parent_id:
                names.add(f"{term.parent.label} > {term.label}")
            for name in names:
                self.terms.setdefault((key, fold(name)), (term.pk, term.parent_id, term.code))
        rows = Municipality.objects.filter(state__uf=organization.municipality.state.uf)
        self.municipalities = {}
        for code, name in rows.values_list("code", "name"):
            self.municipalities[str(code)] = (code, name)
            self.municipalities[fold(name)] = (code, name)
        self.allowed = set(case_municipalities(organization).values_list("code", flat=True))

    def _value(self, row, header):
        return row.get(fold(header), "").strip()

    def _choice(self, row, header, choices, problems):
        text = self._value(row, header)
        if not text:
            return ""
        for label, value in choices:
            if fold(text) in (fold(label), fold(value)):
                return value
        problems.append((header, text, _("Valor fora da lista de valores permitidos.")))
        return ""

    def _term(self, row, header, key, problems, required=False):
        text = self._value(row, header)
        if not text:
            if required:
                problems.append((header, text, _("Preencha esta coluna.")))
            return None
        found = self.terms.get((key, fold(text)))
        if found is None:
            problems.append((header, text, _("Valor fora da lista de valores permitidos.")))
        return found

    def _age(self, row, header, problems):
        text = self._value(row, header)
        if not text:
            return None
        if not text.isdigit() or not 0 <= int(text) <= 120:
            problems.append((header, text, _("Informe a idade em anos, de 0 a 120.")))
            return None
        return int(text)

    def external_id(self, row):
        """The service and a keyed digest of its identificador (a list may number its cases
        by the victim's name: the key keeps no text of it)."""
        return f"{self.organization.pk}:{keyed_digest(self._value(row, 'identificador'), 'import')}"

    def parse(self, raw):
        row = {fold(k): v for k, v in raw.items()}
        problems = []
        if not self._value(row, "identificador"):
            problems.append(("identificador", "", _("Preencha esta coluna.")))
        notified = self._date(row, "data da notificação", problems, required=True)
        occurred = self._date(row, "data da ocorrência", problems)
        if occurred and notified and occurred > notified:
            problems.append(
                (
                    "data da ocorrência",
                    self._value(row, "data da ocorrência"),
                    _("A ocorrência é posterior à notificação."),
                )
            )
        where_text = self._value(row, "município")
        where = self.municipalities.get(fold(where_text)) if where_text else None
        if not where_text:
            problems.append(("município", "", _("Preencha esta coluna.")))
        elif where is None:
            problems.append(("município", where_text, _("Município do estado não encontrado.")))
        elif where[0] not in self.allowed:
            problems.append(
                (
                    "município",
                    where_text,
                    _("%(name)s está fora do território do seu serviço.") % {"name": where[1]},
                )
            )
        channel = self._term(row, "canal de entrada", "intake_channel", problems, required=True)
        place = self._term(row, "local", "place", problems)
        urgency = self._choice(row, "urgência", URGENCIES, problems) or Urgency.MEDIUM
        victim = self._victim(row, notified, occurred, problems)
        author_sex = self._choice(row, "autor(a): sexo", SEXES, problems)
        author_age = self._age(row, "autor(a): idade", problems)
        relationship = self._term(
            row, "relação do(a) autor(a) com a vítima", "relationship", problems
        )
        motivation = self._term(row, "motivação", "motivation", problems)
        recurrence = self._choice(row, "recorrência", RECURRENCES, problems) or Recurrence.UNKNOWN
        violations = []
        text = self._value(row, "violações")
        for part in [p.strip() for p in text.split(";") if p.strip()]:
            found = self.terms.get(("violation_type", fold(part)))
            if found is None:
                problems.append(
                    ("violações", part, _("Valor fora da lista de valores permitidos."))
                )
                continue
            pk, parent, _code = found
            violations.append(
                ViolationSpec(
                    type_id=parent or pk,
                    subtype_id=pk if parent else None,
                    motivation_id=motivation and motivation[0],
                    relationship_id=relationship and relationship[0],
                    recurrence=recurrence,
                )
            )
        if not text:
            problems.append(("violações", "", _("Preencha esta coluna.")))
        if problems:
            return None, self.external_id(row), problems
        author = None
        if author_sex or author_age is not None:
            author = PartySpec(PartyRole.AUTHOR, age_years=author_age, sex=author_sex)
        spec = CaseSpec(
            municipality_id=where[0],
            intake_channel_id=channel[0],
            reported_on=notified,
            occurred_on=occurred,
            place_id=place and place[0],
            urgency=urgency,
            narrative=self._value(row, "relato"),
            victim=victim,
            author=author,
            violations=violations,
            note=_("identificador %(id)s na planilha do serviço")
            % {"id": self._value(row, "identificador")[:80]},
        )
        return spec, self.external_id(row), problems

    def _victim(self, row, notified, occurred, problems):
        sex = self._choice(row, "vítima: sexo", SEXES, problems)
        age = self._age(row, "vítima: idade", problems)
        birth = self._date(row, "vítima: data de nascimento", problems)
        if age is None and birth:
            age = self._age_from_birth(birth, occurred, notified)
        person = {
            "full_name": self._value(row, "vítima: nome"),
            "social_name": self._value(row, "vítima: nome social"),
            "mother_name": self._value(row, "vítima: nome da mãe"),
            "cpf": _digits(self._value(row, "vítima: CPF"), 11),
            "cns": _digits(self._value(row, "vítima: CNS"), 15),
            "nis": _digits(self._value(row, "vítima: NIS"), 11),
        }
        person = {k: v for k, v in person.items() if v}
        race = self._term(row, "vítima: raça/cor", "race_color", problems)
        if not person:
            return PartySpec(PartyRole.VICTIM, age_years=age, sex=sex)
        person["sex"] = sex
        if birth:
            person["birth_date"], person["birth_precision"] = birth, "day"
        if race:
            person["race_color"] = race[2]
        try:
            people.check_person(person)
        except ServiceError as exc:
            header = {
                "cpf": "vítima: CPF",
                "cns": "vítima: CNS",
                "nis": "vítima: NIS",
                "birth_date": "vítima: data de nascimento",
            }.get(exc.field or "", "")
            problems.append((header, self._value(row, header) if header else "", str(exc.message)))
        return PartySpec(PartyRole.VICTIM, person=person, age_years=age, sex=sex)
