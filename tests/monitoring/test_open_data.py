"""Open data as frozen releases (monitoring.releases): the files of a release never change,
nothing is blank, totals add up, labels are in Portuguese beside the codes, and the attacks
of issue 17 (differencing two releases, combining the files, solving each table) prove no
count between 1 and 4."""

import csv
import io
from datetime import date

import pytest
from django.test import Client

from serdh.cases import registration
from serdh.demo import cases as demo_cases
from serdh.monitoring import disclosure, opendata, releases
from serdh.monitoring.models import Release, ViolationFact
from tests.cases.factories import acting, term
from tests.monitoring import attacks

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)  # October 2026 is the last closed month (30 days)
PASSOS = 3147907


def read(url):
    response = Client().get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def lines(rows):
    """{line without its value: value} of a downloaded file."""
    return {tuple(r[:-1]): int(r[-1]) for r in rows[1:]}


@pytest.fixture
def published():
    demo_cases.generate(300, seed=21)
    release = releases.publish(today=TODAY)
    assert release.number == 1 and release.closed_through == date(2026, 10, 1)
    return release


def test_a_month_closes_30_days_after_it_ends_and_the_worker_publishes_then():
    assert releases.closed_through(date(2026, 12, 4)) == date(2026, 10, 1)
    assert releases.closed_through(date(2026, 12, 1)) == date(2026, 10, 1)
    assert releases.closed_through(date(2026, 11, 29)) == date(2026, 9, 1)
    demo_cases.generate(40, seed=3)
    first = releases.publish_due(today=date(2026, 12, 4))
    assert first is not None and releases.publish_due(today=date(2026, 12, 29)) is None
    second = releases.publish_due(today=date(2026, 12, 30))  # November has closed
    assert second.number == 2 and second.closed_through == date(2026, 11, 1)
    assert second.note == "Inclui novembro de 2026."  # the months before it did not move


def test_the_files_are_additive_labelled_tables_with_nothing_blank(published):
    _tables, protected = releases.tables_for(published.closed_through, with_truth=True)
    for slug, dataset in opendata.DATASETS.items():
        rows = read(f"/dados-abertos/{slug}.csv")
        assert rows[0] == dataset.header
        assert [[*r[:-1], int(r[-1])] for r in rows[1:]] == published.tables[slug]["rows"]
        values = [int(r[-1]) for r in rows[1:]]  # int(""): a blank would fail here
        assert not set(values) & {1, 2, 3, 4}
        table = protected[slug]
        for r, true_row in enumerate(table.true_cells):
            for c, n in enumerate(true_row):
                low, high = disclosure.possible(table.cells[r][c])
                assert low <= n <= high
            assert table.row_totals[r] == sum(table.cells[r])
    by_type = lines(read("/dados-abertos/violacoes-por-mes-e-tipo.csv"))
    assert ("2026-10", "sexual", "Violência sexual") in by_type  # code and pt-BR label
    municipalities = lines(read("/dados-abertos/violacoes-por-municipio-e-ano.csv"))
    assert (str(PASSOS), "Passos", "2026") in municipalities


def test_registering_a_case_changes_no_published_file(published):
    """Issue 17's leak, first half: the files were live; now a registration waits for the
    next release."""
    before = {slug: read(f"/dados-abertos/{slug}.csv") for slug in opendata.DATASETS}
    add_sexual_violence_in_passos()
    after = {slug: read(f"/dados-abertos/{slug}.csv") for slug in opendata.DATASETS}
    assert before == after and releases.publish(today=TODAY) is not None  # it counts later


def add_sexual_violence_in_passos():
    """One more sexual violation on a Passos case of a closed month (a late correction)."""
    fact = (
        ViolationFact.objects.filter(municipality_id=PASSOS, registered_month__lte="2026-10-01")
        .order_by("-registered_month")
        .first()
    )
    from serdh.cases.models import Case

    case = Case.objects.get(pk=fact.case_id)
    victim = case.parties.filter(role="victim").first()
    registration.add_violation(
        acting(_registering_user(case)),
        case,
        {"type": term("violation_type", code="sexual"), "victim": victim},
    )
    return fact.registered_month


def _registering_user(case):
    from serdh.accounts.models import Membership

    return (
        Membership.objects.filter(organization_id=case.organization_id, is_active=True)
        .values_list("user__username", flat=True)
        .first()
    )


def test_differencing_two_releases_proves_no_single_violation(published):
    """Issue 17's leak, second half: one sexual violation added in Passos; the next release
    differs from the first by noise as much as by that violation."""
    month = add_sexual_violence_in_passos()
    second = releases.publish(today=TODAY)
    assert second.number == 2 and "números já publicados mudaram" in second.note
    for slug in opendata.DATASETS:
        first_file = lines(read(f"/dados-abertos/versao-1/{slug}.csv"))
        second_file = lines(read(f"/dados-abertos/versao-2/{slug}.csv"))
        assert first_file == lines([[], *published.tables[slug]["rows"]])  # frozen
        for line, (low, high) in attacks.differencing(first_file, second_file).items():
            assert not attacks.disclosed(low, high, 5), f"{slug} {line}: [{low}, {high}]"
            assert low <= 0 or high >= 5  # never "exactly 1 to 4 more"
    # The lines that hold the new violation: the attacker cannot tell +1 from 0 or from +5.
    changes = attacks.differencing(
        lines(read("/dados-abertos/versao-1/violacoes-por-mes-e-tipo.csv")),
        lines(read("/dados-abertos/versao-2/violacoes-por-mes-e-tipo.csv")),
    )
    low, high = changes[(f"{month:%Y-%m}", "sexual", "Violência sexual")]
    assert low <= 0 and high >= 1


def test_combining_the_files_proves_no_small_count(published):
    """The month × type and year × type tables count the same violations (each year is the
    sum of its months; both add up to the municipality table's state total): solved together
    by linear programming, no cell is proven between 1 and 4."""
    tables = {slug: lines([[], *t["rows"]]) for slug, t in published.tables.items()}
    months = {k: v for k, v in tables["violacoes-por-mes-e-tipo"].items() if "Total" not in k}
    years = {k: v for k, v in tables["violacoes-por-ano-e-tipo"].items() if "Total" not in k}
    places = {k: v for k, v in tables["violacoes-por-municipio-e-ano"].items() if "Total" not in k}
    cells = {("m", *k): v for k, v in months.items()}
    cells.update({("y", *k): v for k, v in years.items()})
    cells.update({("p", *k): v for k, v in places.items()})
    equalities = []
    for year, code, _label in years:
        parts = [("m", *k) for k in months if k[0].startswith(year) and k[1] == code]
        equalities.append(([("y", year, code, _label)], parts))
    for year in {k[0] for k in years}:
        by_type = [("y", *k) for k in years if k[0] == year]
        by_place = [("p", *k) for k in places if k[2] == year]
        equalities.append((by_type, by_place))
    found = attacks.solve(cells, equalities)
    assert found  # there are small published cells to attack
    for cell, (low, high) in found.items():
        assert not attacks.disclosed(low, high, 5), f"{cell} proven in [{low}, {high}]"


def test_the_open_data_page_lists_releases_notes_and_the_method(published):
    html = Client().get("/dados-abertos/").content.decode()
    for slug, dataset in opendata.DATASETS.items():
        assert (
            f"/dados-abertos/{slug}.csv" in html and f"/dados-abertos/versao-1/{slug}.csv" in html
        )
        for column in (*dataset.row_columns, *dataset.column_columns):
            assert f"<code>{column.name}</code>" in html
    assert "Como protegemos os números" in html and published.note in html
    assert "Versão 1, publicada em" in html


def test_before_any_release_the_files_do_not_exist_and_the_page_says_why():
    assert not Release.objects.exists()
    assert Client().get("/dados-abertos/violacoes-por-mes-e-tipo.csv").status_code == 404
    assert "Nenhuma versão foi publicada ainda" in Client().get("/dados-abertos/").content.decode()


def test_rows_and_columns_never_depend_on_the_counts(published):
    """A municipality row or a type column that appeared with a first registration would say
    there was one: every municipality of the state and every type is always there."""
    from serdh.network.models import Municipality
    from serdh.vocabularies.models import Term

    places = lines(read("/dados-abertos/violacoes-por-municipio-e-ano.csv"))
    codes = {line[0] for line in places if line[0] != "Total"}
    assert codes == {
        str(c) for c in Municipality.objects.filter(state__uf="MG").values_list("code", flat=True)
    }
    types = {line[1] for line in lines(read("/dados-abertos/violacoes-por-ano-e-tipo.csv"))}
    roots = Term.objects.filter(vocabulary__key="violation_type", parent__isnull=True)
    assert types - {"Total"} == set(roots.values_list("code", flat=True))
