"""Issue 17, the managers' table builder: any measure by up to two breakdowns, exact inside
the manager's territory and through disclosure control beyond it and in every export; saved
tables shared only among the managers of the same territory; every build and export
audited; bad input answered with field errors in Portuguese."""

import csv
import io

import pytest
from django.urls import reverse

from serdh.accounts.models import Membership, User
from serdh.core.models import AuditEvent
from serdh.demo import cases as demo_cases
from serdh.monitoring import builder, opendata
from serdh.monitoring.models import SavedTable, ViolationFact
from tests.cases.factories import acting, open_case, term

pytestmark = pytest.mark.django_db

URL = "/sima/monitoramento/tabelas/"
PASSOS = 3147907
YEAR = {"start": "2024-01", "end": "2026-12"}


def spec(**changes):
    data = {"measure": "violations", "rows": "type", "columns": "sex", **YEAR}
    data.update(changes)
    return data


def second_manager(of):
    """Another manager of the same organization as ``of``."""
    membership = Membership.objects.filter(user__username=of).first()
    user = User.objects.create(username=f"{of}.dois", full_name="Segunda Gestora")
    Membership.objects.create(
        user=user, organization=membership.organization, role=membership.role, approval="approved"
    )
    return user.username


def exact(data, municipality=None):
    qs = ViolationFact.objects.filter(
        registered_month__gte="2024-01-01", registered_month__lte="2026-12-01"
    )
    if municipality:
        qs = qs.filter(municipality_id=municipality)
    return qs


def test_inside_the_territory_the_table_is_exact(client_for):
    demo_cases.generate(120, seed=8)
    page = client_for("gestor.passos").get(URL, {**spec(), "municipality": PASSOS})
    table = page.context["table"]
    assert page.status_code == 200 and not table.protected
    assert table.grand_total == exact(spec(), PASSOS).count()
    for (type_id, _label), row in zip(table.rows, table.cells, strict=True):
        for (sex, _l), value in zip(table.columns, row, strict=True):
            expected = exact(spec(), PASSOS).filter(type_id=type_id, victim_sex=sex).count()
            assert value == expected
    assert AuditEvent.objects.filter(action="monitoring.table_built").count() == 1


def test_beyond_the_territory_and_in_exports_the_cells_are_perturbed(client_for):
    demo_cases.generate(120, seed=8)
    question = spec(rows="municipality", columns="type")
    page = client_for("gestor.passos").get(URL, question)
    table = page.context["table"]
    assert table.protected
    true = builder.build(builder.Spec.from_dict(question), opendata.state_code(), protect=False)
    assert table.cells != true.cells
    for shown_row in table.cells:
        # Sums of month cells each 0 or at least 5: never 1 to 4.
        assert not set(shown_row) & {1, 2, 3, 4}
    assert table.row_totals == [sum(r) for r in table.cells]
    # Another municipality is beyond the territory too.
    bh = client_for("gestor.passos").get(URL, {**spec(), "municipality": 3106200})
    assert bh.context["table"].protected
    # The export of the manager's own municipality is the protected table, not the exact one.
    own = client_for("gestor.passos").get(URL + "exportar.csv", {**spec(), "municipality": PASSOS})
    rows = list(csv.reader(io.StringIO(own.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "tipo de violação / sexo da vítima"
    exported = [[int(v) for v in row[1:-1]] for row in rows[1:] if len(row) > 2][:-1]
    protected = builder.build(
        builder.Spec.from_dict({**spec(), "municipality_id": PASSOS}),
        opendata.state_code(),
        protect=True,
    )
    exact_table = builder.build(protected.spec, opendata.state_code(), protect=False)
    assert exported == protected.cells and exported != exact_table.cells
    assert AuditEvent.objects.filter(action="monitoring.exported").count() == 1
    xlsx = client_for("gestor.mg").get(URL + "exportar.xlsx", spec())
    assert xlsx.status_code == 200 and xlsx["Content-Type"].endswith("spreadsheetml.sheet")


def test_varying_the_period_beyond_the_territory_gives_no_fresh_draw():
    """The reviewer's attack: January–April minus January–March, for every January, would
    average April's noise away if each window had its own draw. Protected windows are sums of
    fixed month values, so every such difference is the same number."""
    demo_cases.generate(200, seed=12)
    state = opendata.state_code()

    def cells(start, end):
        data = {
            "measure": "violations",
            "rows": "type",
            "columns": "",
            "start": start,
            "end": end,
            "municipality_id": PASSOS,
        }
        table = builder.build(builder.Spec.from_dict(data), state, protect=True)
        return {key: row[0] for (key, _l), row in zip(table.rows, table.cells, strict=True)}

    april = cells("2026-04", "2026-04")
    for first in ("2025-01", "2025-07", "2026-01", "2026-03"):
        longer, shorter = cells(first, "2026-04"), cells(first, "2026-03")
        difference = {k: longer.get(k, 0) - shorter.get(k, 0) for k in longer}
        assert {k: v for k, v in difference.items() if v} == {k: v for k, v in april.items() if v}


def test_victims_and_cases_count_each_person_and_case_once_per_cell():
    case = open_case(victim_name="Pessoa Contada Uma Vez", age=9)
    victim = case.parties.get(role="victim")
    from serdh.cases import registration

    registration.add_violation(
        acting("cras.passos"),
        case,
        {"type": term("violation_type", code="physical"), "victim": victim},
    )
    registration.add_violation(
        acting("cras.passos"),
        case,
        {"type": term("violation_type", code="psychological"), "victim": victim},
    )
    month = case.registered_at.strftime("%Y-%m")
    base = {"start": month, "end": month, "municipality_id": PASSOS, "columns": ""}
    state = opendata.state_code()

    def total(measure, rows="sex"):
        data = {**base, "measure": measure, "rows": rows}
        return builder.build(builder.Spec.from_dict(data), state, protect=False).grand_total

    assert total("violations") == 3
    assert total("victims") == 1 and total("cases") == 1
    assert total("victims", rows="type") == 2  # one person under each of two types


def test_bad_input_gets_field_errors_in_portuguese(client_for):
    client = client_for("gestor.mg")
    page = client.get(URL, spec(measure="referrals", rows="type"))
    assert page.context["table"] is None
    assert "Esta medida não se desagrega por essa variável." in page.content.decode()
    page = client.get(URL, spec(columns="type"))
    assert "Escolha uma variável diferente da das linhas." in page.content.decode()
    page = client.get(URL, spec(start="2019-01", end="2026-12"))
    assert "O período vai até 60 meses." in page.content.decode()
    page = client.get(URL, spec(start="2026-13"))
    assert "Informe o mês no formato AAAA-MM." in page.content.decode()
    assert client.get(URL + "exportar.csv", spec(measure="nada")).status_code == 404


def test_saved_tables_are_shared_only_within_the_territory(client_for):
    state_colleague = second_manager("gestor.mg")
    passos_colleague = second_manager("gestor.passos")
    client = client_for("gestor.mg")
    client.post(URL + "salvar/", {**spec(), "name": "Tipos por sexo", "shared": "on"})
    client.post(URL + "salvar/", {**spec(rows="month"), "name": "Só minha"})
    client_for("gestor.passos").post(
        URL + "salvar/", {**spec(), "municipality": PASSOS, "name": "Passos", "shared": "on"}
    )
    mine = SavedTable.objects.get(name="Tipos por sexo")
    assert mine.spec["rows"] == "type" and mine.municipality_id is None

    def names(username):
        page = client_for(username).get(URL)
        return {saved.name for saved, _link in page.context["saved"]}

    assert names("gestor.mg") == {"Tipos por sexo", "Só minha"}
    assert names(state_colleague) == {"Tipos por sexo"}
    assert names(passos_colleague) == {"Passos"}
    assert names("gestor.bh") == set() and names("gestor.passos") == {"Passos"}
    # Only the owner deletes; a colleague's attempt is a 404 and changes nothing.
    delete = reverse("monitoring:table_delete", args=[mine.pk])
    assert client_for(state_colleague).post(delete).status_code == 404
    assert client.post(delete).status_code == 302
    assert not SavedTable.objects.filter(pk=mine.pk).exists()
    assert AuditEvent.objects.filter(action="monitoring.table_saved").count() == 3
    assert AuditEvent.objects.filter(action="monitoring.table_deleted").count() == 1


def test_a_saved_table_opens_with_its_question(client_for):
    client = client_for("gestor.mg")
    client.post(
        URL + "salvar/",
        {
            **spec(measure="referrals", rows="kind", columns="status"),
            "name": "Encaminhamentos por tipo",
        },
    )
    page = client.get(URL)
    ((saved, link),) = page.context["saved"]
    assert "measure=referrals" in link and "rows=kind" in link and "columns=status" in link
    opened = client.get(URL + link)
    assert opened.context["table"].spec.measure == "referrals"
