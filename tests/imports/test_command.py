"""``serdh import sinan FILE``: the progress line, the report, the choices; killed mid-file and
run again, it resumes where it stopped and every row is in exactly once (a real process,
killed with SIGKILL)."""

import os
import signal
import time

import pytest
from django.core.management import CommandError, call_command

from serdh.cases.models import Case
from serdh.imports.models import ImportBatch, ImportedRecord
from tests.conftest import serdh_command, serdh_process, shared_database_url
from tests.imports import sinan_files


@pytest.mark.django_db
def test_the_command_validates_reports_and_imports_with_a_progress_line(tmp_path, capsys):
    rows = sinan_files.rows(6)
    rows[0]["LOCAL_OCOR"] = "42"
    path = sinan_files.write_dbf(rows, tmp_path / "VIOLMG.dbf")
    report = tmp_path / "relatorio.csv"
    with pytest.raises(CommandError, match="--valid-rows"):
        call_command("import", "sinan", str(path), user="coord.creas.passos", report=str(report))
    out, err = capsys.readouterr()
    assert "6 linhas, 5 válidas, 1 com problema" in out
    assert "linha 1, LOCAL_OCOR: Código sem termo no vocabulário." in out
    assert "Validando [" in err and "6/6 (100%)" in err
    assert "1;LOCAL_OCOR;42;" in report.read_text(encoding="utf-8")
    assert not ImportedRecord.objects.exists()
    call_command("import", "sinan", str(path), user="coord.creas.passos", valid_rows=True)
    out, err = capsys.readouterr()
    assert "5 casos criados, 0 já estavam no SIMA, 1 linhas com problema" in out
    assert "Importando [" in err
    with pytest.raises(CommandError, match="nada foi importado"):
        call_command("import", "sinan", str(path), user="coord.creas.passos", all_or_none=True)
    assert ImportedRecord.objects.count() == 5


@pytest.mark.django_db
def test_a_worker_refuses_to_import(tmp_path):
    path = sinan_files.write_csv(sinan_files.rows(1), tmp_path / "a.csv")
    with pytest.raises(CommandError, match="coordenação"):
        call_command("import", "sinan", str(path), user="cras.passos")


@pytest.mark.django_db(transaction=True)
def test_killed_mid_file_the_import_resumes_and_every_row_is_in_once(tmp_path):
    from serdh.demo import network as demo_network

    demo_network.seed()
    count = 3000
    path = sinan_files.write_csv(sinan_files.rows(count, seed=9), tmp_path / "grande.csv")
    env = {
        "SERDH_ENV": "test",
        "DATABASE_URL": shared_database_url(),
        "SERDH_DATA_DIR": str(tmp_path / "data"),
        "SERDH_IMPORT_CHUNK": "100",
    }
    args = ("import", "sinan", str(path), "--user", "coord.creas.passos")
    process = serdh_process(*args, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        batch = ImportBatch.objects.filter(status="importing").first()
        if batch and batch.next_row >= 300:
            break
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)
    batch = ImportBatch.objects.get()
    assert batch.status == "importing" and 0 < batch.next_row < count, (
        "the kill came too late to test anything"
    )
    stopped_at = batch.next_row
    assert ImportedRecord.objects.count() == stopped_at  # the chunk in flight rolled back
    result = serdh_command(*args, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Retomando o lote #{batch.pk} a partir da linha {stopped_at + 1}" in result.stdout
    assert ImportedRecord.objects.count() == count
    assert ImportedRecord.objects.values("external_id").distinct().count() == count
    assert Case.objects.filter(intake_channel__code="sinan_notification").count() == count
    batch.refresh_from_db()
    assert (batch.status, batch.created_rows) == ("done", count)
