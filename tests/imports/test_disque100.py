"""Issue 16, Disque 100: the ministry's open data is loaded by the state's managers as statistics
(never as cases): one complaint per distinct hash with its violations, only the state's rows,
the same file twice counted once; the dashboard sets the complaints beside SIMA's cases per
municipality and month, through disclosure control."""

import csv
from datetime import date

import pytest
from django.urls import reverse

from serdh.core.errors import NotPermitted
from serdh.imports import services
from serdh.imports.choices import Kind, Mode, Status
from serdh.monitoring import indicators, publishing
from serdh.monitoring.models import Disque100Complaint
from tests.cases.factories import acting
from tests.imports import sinan_files

pytestmark = pytest.mark.django_db

HEADER = [
    "hash",
    "Data_de_cadastro",
    "Canal_de_atendimento",
    "UF",
    "Município",
    "Grupo_vulnerável",
    "violacao",
]


def complaint_rows(count, municipality, start=0, violations=2, month="2026-03-10"):
    rows = []
    for n in range(start, start + count):
        for v in range(violations):
            rows.append(
                [
                    f"h{municipality}-{n:05d}",
                    month,
                    "Disque 100",
                    "MG" if str(municipality).startswith("31") else "SP",
                    f"{municipality} | NOME",
                    "Crianças e Adolescentes",
                    f"INTEGRIDADE>FÍSICA>MAUS TRATOS {v}",
                ]
            )
    return rows


def write(path, rows, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def load(path, username="gestor.mg", chunk=None):
    user = acting(username)
    with open(path, "rb") as handle:
        batch = services.receive(user, Kind.DISQUE100, handle, path.name)
    services.validate(batch.pk)
    batch.refresh_from_db()
    if batch.status != Status.VALIDATED:
        return batch
    return services.run(services.decide(user, batch, Mode.VALID).pk, chunk=chunk)


def test_complaints_of_the_state_are_counted_once_with_their_violations(tmp_path):
    rows = (
        complaint_rows(12, 3147907, violations=3)  # Passos
        + complaint_rows(3, 3106200)  # Belo Horizonte
        + complaint_rows(4, 3550308)  # São Paulo: another state
        + [["hx-1", "2026-03-02", "Disque 100", "MG", "NÃO INFORMADO", "", "X"]]
    )
    batch = load(write(tmp_path / "disque100.csv", rows), chunk=5)  # complaints cross chunks
    assert batch.status == Status.DONE
    assert (batch.total_rows, batch.skipped_rows, batch.created_rows) == (51, 9, 15)
    passos = Disque100Complaint.objects.filter(municipality_id=3147907)
    assert passos.count() == 12 and {c.violations for c in passos} == {3}
    assert set(passos.values_list("registered_month", flat=True)) == {date(2026, 3, 1)}
    assert not Disque100Complaint.objects.filter(municipality_id=3550308).exists()
    again = load(write(tmp_path / "de-novo.csv", rows))
    assert (again.created_rows, Disque100Complaint.objects.count()) == (0, 15)


def test_a_municipality_the_state_does_not_have_is_reported(tmp_path):
    rows = complaint_rows(2, 3147907) + [
        ["hz-1", "2026-03-02", "Disque 100", "MG", "3199999 | NENHUM", "", "X"],
        ["hz-2", "03/2026", "Disque 100", "MG", "3147907 | PASSOS", "", "X"],
    ]
    user = acting("gestor.mg")
    path = write(tmp_path / "d.csv", rows)
    with open(path, "rb") as handle:
        batch = services.receive(user, Kind.DISQUE100, handle, path.name)
    services.validate(batch.pk)
    batch.refresh_from_db()
    report = {(p.row, p.column): p.problem for p in batch.problems.all()}
    assert report[(6, "MUNICÍPIO")] == "Município do estado não encontrado."
    assert report[(7, "DATA_DE_CADASTRO")] == "Data inválida."


def test_only_the_state_manager_loads_disque_100_and_a_coordinator_loads_cases(tmp_path):
    path = write(tmp_path / "d.csv", complaint_rows(1, 3147907))
    for username in ("coord.creas.passos", "gestor.passos", "admin.mg", "auditor.mg"):
        with pytest.raises(NotPermitted), open(path, "rb") as handle:
            services.receive(acting(username), Kind.DISQUE100, handle, "d.csv")
    sinan = sinan_files.write_csv(sinan_files.rows(1), tmp_path / "s.csv")
    with pytest.raises(NotPermitted), open(sinan, "rb") as handle:
        services.receive(acting("gestor.mg"), Kind.SINAN, handle, "s.csv")


def test_the_dashboard_sets_complaints_beside_cases_with_small_counts_perturbed(
    tmp_path, client_for
):
    rows = complaint_rows(12, 3147907) + complaint_rows(7, 3143302) + complaint_rows(3, 3106200)
    load(write(tmp_path / "d.csv", rows))
    query = indicators.Query(state_code=31, start=date(2026, 1, 1), end=date(2026, 6, 1))
    by_place = publishing.publish(
        indicators.REGISTRY["denuncias_disque100"](
            indicators.Query(**{**query.__dict__, "breakdown": "municipality"})
        )
    )
    cells = {c.key: c for c in by_place.cells}
    assert abs(cells[3147907].value - 12) <= 2
    assert cells[3106200].value in (0, 5)  # three complaints: never published as 3
    page = client_for("gestor.mg").get(
        reverse("monitoring:dashboard"), {"start": "2026-01", "end": "2026-06"}
    )
    html = page.content.decode()
    assert "Disque 100 e SIMA por município" in html and "Casos no SIMA por 100 denúncias" in html
    monthly = client_for("gestor.passos").get(
        reverse("monitoring:dashboard"), {"start": "2026-01", "end": "2026-06"}
    )
    assert "Disque 100 e SIMA por mês" in monthly.content.decode()
