"""Issue 16, legacy case lists: the template (XLSX with drop-down lists and the allowed values,
or a CSV header) filled by a service becomes its cases; bad values are reported under the
template's own headers; the same list twice creates nothing new."""

import io
from datetime import datetime

import pytest
from openpyxl import Workbook, load_workbook

from serdh.cases.models import Party, Violation
from serdh.imports import services, spreadsheet
from serdh.imports.choices import Kind, Mode, Status
from serdh.imports.models import ImportedRecord
from tests.cases.factories import acting

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in spreadsheet.COLUMNS]
GOOD = {
    "identificador": "2019-017",
    "data da notificação": datetime(2019, 3, 14),
    "data da ocorrência": "10/03/2019",
    "município": "Passos",
    "canal de entrada": "Demanda espontânea",
    "local": "Residência",
    "urgência": "Alta",
    "vítima: nome": "Helena Duarte Campos",
    "vítima: nome da mãe": "Rosa Duarte Campos",
    "vítima: data de nascimento": datetime(2010, 5, 2),
    "vítima: sexo": "Feminino",
    "vítima: raça/cor": "Parda",
    "vítima: CPF": "52998224725",
    "autor(a): sexo": "Masculino",
    "autor(a): idade": 41,
    "relação do(a) autor(a) com a vítima": "Padrasto",
    "violações": "Violência sexual > Estupro; Violência psicológica/moral",
    "recorrência": "Repetida",
    "relato": "Relato de teste da planilha.",
}


def workbook(rows):
    book = load_workbook(io.BytesIO(spreadsheet.template_xlsx()))
    sheet = book["casos"]
    for row in rows:
        sheet.append([row.get(h, "") for h in HEADERS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_file(tmp_path, content, name="casos.xlsx", mode=Mode.VALID):
    path = tmp_path / name
    path.write_bytes(content)
    user = acting("coord.creas.passos")
    with open(path, "rb") as handle:
        batch = services.receive(user, Kind.SPREADSHEET, handle, name)
    services.validate(batch.pk)
    batch.refresh_from_db()
    if batch.status != Status.VALIDATED:
        return batch
    return services.run(services.decide(user, batch, mode).pk)


def test_the_template_has_the_headers_the_allowed_values_and_drop_down_lists():
    book = load_workbook(io.BytesIO(spreadsheet.template_xlsx()))
    assert book.sheetnames == ["casos", "valores permitidos", "instruções"]
    assert [c.value for c in book["casos"][1]] == HEADERS
    channel = HEADERS.index("canal de entrada") + 1
    allowed = [r[channel - 1] for r in book["valores permitidos"].iter_rows(values_only=True)]
    assert "Demanda espontânea" in allowed and "Notificação SINAN" in allowed
    kinds = [
        r[HEADERS.index("violações")]
        for r in book["valores permitidos"].iter_rows(values_only=True)
    ]
    assert "Violência sexual > Estupro" in kinds
    rules = book["casos"].data_validations.dataValidation
    letters = {str(rule.sqref).split(":")[0][:-1] for rule in rules}
    assert "E" in letters  # canal de entrada
    assert spreadsheet.template_csv().startswith("identificador;data da notificação;")


def test_a_filled_template_becomes_the_services_cases(tmp_path):
    batch = import_file(
        tmp_path, workbook([GOOD, {**GOOD, "identificador": "2019-018", "vítima: CPF": ""}])
    )
    assert (batch.status, batch.file_format, batch.created_rows) == (Status.DONE, "xlsx", 2)
    case = ImportedRecord.objects.get(row=2).case
    assert "2019-017" not in ImportedRecord.objects.get(row=2).external_id  # a keyed digest
    assert case.organization.name == "CREAS Passos" and case.urgency == "high"
    assert (
        case.reported_on.isoformat() == "2019-03-14"
        and case.occurred_on.isoformat() == "2019-03-10"
    )
    assert case.narrative == "Relato de teste da planilha."
    victim = Party.objects.get(case=case, role="victim")
    assert victim.person.full_name == "Helena Duarte Campos" and victim.person.cpf == "52998224725"
    assert victim.age_years == 8 and victim.person.race_color == "brown"
    author = Party.objects.get(case=case, role="author")
    assert (author.sex, author.age_years) == ("M", 41)
    found = sorted(
        (v.type.code, v.subtype.code if v.subtype else None, v.relationship.code, v.recurrence)
        for v in Violation.objects.filter(case=case)
    )
    assert found == [
        ("psychological", None, "stepfather", "repeated"),
        ("sexual", "sexual.rape", "stepfather", "repeated"),
    ]
    again = import_file(tmp_path, workbook([GOOD]), name="de-novo.xlsx")
    assert (again.created_rows, again.existing_rows) == (0, 1)


def test_bad_values_are_reported_under_the_templates_headers(tmp_path):
    rows = [
        {**GOOD, "identificador": "1", "canal de entrada": "Carta"},
        {**GOOD, "identificador": "2", "município": "Belo Horizonte"},
        {**GOOD, "identificador": "3", "vítima: CPF": "12345678900"},
        {**GOOD, "identificador": ""},
        {**GOOD, "identificador": "5", "violações": "Violência física; Bruxaria"},
        {**GOOD, "identificador": "6", "data da notificação": "31/02/2019"},
        {**GOOD, "identificador": "7", "vítima: idade": "200", "vítima: data de nascimento": ""},
        {**GOOD, "identificador": "8"},
    ]
    batch = import_file(tmp_path, workbook(rows), mode=Mode.ALL_OR_NONE)
    assert batch.status == Status.CANCELLED and not ImportedRecord.objects.exists()
    report = {(p.row, p.column): (p.value, p.problem) for p in batch.problems.all()}
    assert report[(2, "canal de entrada")] == (
        "Carta",
        "Valor fora da lista de valores permitidos.",
    )
    assert "fora do território" in report[(3, "município")][1]
    assert (4, "vítima: CPF") in report
    assert report[(5, "identificador")][1] == "Preencha esta coluna."
    assert report[(6, "violações")][0] == "Bruxaria"
    assert "Data inválida" in report[(7, "data da notificação")][1]
    assert (8, "vítima: idade") in report
    assert (batch.valid_rows, batch.problem_rows) == (1, 7)


def test_a_csv_of_the_template_in_latin1_is_read(tmp_path):
    import csv

    values = {
        **GOOD,
        "data da notificação": "14/03/2019",
        "vítima: data de nascimento": "02/05/2010",
    }
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(HEADERS)
    writer.writerow([values.get(h, "") for h in HEADERS])
    batch = import_file(tmp_path, text.getvalue().encode("latin-1"), name="casos.csv")
    assert (batch.encoding, batch.created_rows) == ("latin-1", 1), list(
        batch.problems.values_list("column", "problem")
    )
    case = ImportedRecord.objects.get().case
    assert Party.objects.get(case=case, role="victim").person.full_name == "Helena Duarte Campos"


def test_a_sheet_that_is_not_the_template_is_refused_whole(tmp_path):
    book = Workbook()
    book.active.append(["nome", "idade"])
    book.active.append(["Ana", 3])
    buffer = io.BytesIO()
    book.save(buffer)
    batch = import_file(tmp_path, buffer.getvalue())
    assert batch.status == Status.REFUSED and "identificador" in batch.error
    damaged = import_file(tmp_path, b"PK\x03\x04" + b"\0" * 200, name="quebrada.xlsx")
    assert damaged.status == Status.REFUSED and "danificado" in damaged.error


def test_a_cpf_typed_as_a_number_keeps_its_leading_zero(tmp_path):
    batch = import_file(tmp_path, workbook([{**GOOD, "vítima: CPF": 100000037}]))
    assert batch.created_rows == 1, list(batch.problems.values_list("column", "problem"))
    person = Party.objects.get(case=ImportedRecord.objects.get().case, role="victim").person
    assert person.cpf == "00100000037"
