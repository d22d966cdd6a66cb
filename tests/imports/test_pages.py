"""The import pages without JavaScript: send the file, read the report, decide; the progress is
on the page; the report downloads as CSV; another service's batch is a 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from serdh.core.models import AuditEvent
from serdh.imports.models import ImportBatch, ImportedRecord
from tests.imports import sinan_files

pytestmark = pytest.mark.django_db


def upload(client, path, name="sinan.csv"):
    return client.post(
        reverse("imports:batch_list"),
        {"kind": "sinan", "file": SimpleUploadedFile(name, path.read_bytes())},
    )


def test_a_coordinator_sends_reads_the_report_and_imports_the_valid_rows(
    client_for, tmp_path, django_capture_on_commit_callbacks
):
    rows = sinan_files.rows(5)
    rows[2]["CS_SEXO"] = "X"
    path = sinan_files.write_csv(rows, tmp_path / "sinan.csv")
    client = client_for("coord.creas.passos")
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, path)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{batch.pk}/")
    page = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert "Validado: aguardando sua decisão" in page
    assert "Importar as 4 linhas válidas" in page and "Não importar nada" in page
    assert "<td>4</td><td>CS_SEXO</td><td>X</td><td>Use M, F ou I.</td>" in page
    assert "data-refresh-seconds" not in page  # nothing running: no refresh
    report = client.get(reverse("imports:batch_report", args=[batch.pk]))
    assert report["Content-Type"].startswith("text/csv")
    assert "4;CS_SEXO;X;Use M, F ou I." in report.content.decode("utf-8-sig")
    assert AuditEvent.objects.filter(action="imports.report_downloaded").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:batch_decide", args=[batch.pk]), {"mode": "valid"})
    batch.refresh_from_db()
    assert (batch.status, batch.created_rows) == ("done", 4)
    page = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert "Importado" in page and "<dd>4</dd>" in page
    assert ImportedRecord.objects.count() == 4


def test_the_page_refreshes_itself_while_the_worker_validates(client_for, tmp_path):
    path = sinan_files.write_csv(sinan_files.rows(2), tmp_path / "sinan.csv")
    client = client_for("coord.creas.passos")
    upload(client, path)  # no commit callbacks: the batch waits in the queue
    batch = ImportBatch.objects.get()
    page = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert 'data-refresh-seconds="2"' in page and "<progress" in page
    assert 'http-equiv="refresh"' not in page and ">Atualizar</a>" in page
    assert "Na fila para validação" in page


def test_a_file_of_the_wrong_kind_gets_a_field_error_in_portuguese(client_for, tmp_path):
    path = tmp_path / "foto.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    response = upload(client_for("coord.creas.passos"), path, name="foto.png")
    assert response.status_code == 200
    assert "Envie um arquivo CSV, XLSX, DBF ou DBC" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_batch_lists_only_for_its_service(
    client_for, tmp_path, django_capture_on_commit_callbacks
):
    path = sinan_files.write_csv(sinan_files.rows(1), tmp_path / "sinan.csv")
    with django_capture_on_commit_callbacks(execute=True):
        upload(client_for("coord.creas.passos"), path, name="do-creas.csv")
    page = client_for("coord.creas.passos").get(reverse("imports:batch_list")).content.decode()
    assert "do-creas.csv" in page
