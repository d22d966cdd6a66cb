"""Monthly bulletins: requested on a page, produced by the task with progress, downloaded as
a PDF; each manager only for its territory."""

import re

import pytest

from serdh.core.models import AuditEvent
from serdh.demo import cases as demo_cases
from serdh.monitoring.models import Bulletin, BulletinStatus

pytestmark = pytest.mark.django_db
PASSOS, BH = 3147907, 3106200


def test_a_municipal_manager_requests_a_bulletin_and_downloads_the_pdf(
    client_for, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    demo_cases.generate(150, seed=9)
    manager = client_for("gestor.passos")
    page = manager.get("/sima/monitoramento/boletins/")
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True) as started:
        response = manager.post("/sima/monitoramento/boletins/", {"month": "2026-10"})
    assert len(started) == 1  # the task is enqueued only once the request commits
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{bulletin.pk}/")
    # The test settings run tasks at once: the bulletin is done.
    assert bulletin.status == BulletinStatus.DONE and bulletin.progress == 100
    assert bulletin.municipality_id == PASSOS
    detail = manager.get(f"/sima/monitoramento/boletins/{bulletin.pk}/").content.decode()
    assert "<progress" in detail and "data-refresh-seconds" not in detail
    pdf = manager.get(f"/sima/monitoramento/boletins/{bulletin.pk}/pdf")
    content = b"".join(pdf.streaming_content)
    assert content.startswith(b"%PDF-") and len(content) > 2000
    assert AuditEvent.objects.filter(action="monitoring.bulletin_downloaded").exists()


def test_a_bulletin_in_progress_refreshes_itself_and_shows_its_progress(client_for):
    from serdh.accounts.models import User

    bulletin = Bulletin.objects.create(
        state_code=31,
        municipality_id=PASSOS,
        month="2026-10-01",
        status=BulletinStatus.RUNNING,
        progress=40,
        step="Seção 3 de 6",
        requested_by=User.objects.get(username="gestor.passos"),
    )
    html = client_for("gestor.passos").get(f"/sima/monitoramento/boletins/{bulletin.pk}/")
    text = html.content.decode()
    # It reloads itself with JavaScript (no <meta refresh>: WCAG 2.2.1) and offers a link without.
    assert 'data-refresh-seconds="2"' in text and 'http-equiv="refresh"' not in text
    assert f'href="/sima/monitoramento/boletins/{bulletin.pk}/">Atualizar</a>' in text
    assert re.search(r'<progress max="100" value="40"', text)
    assert (
        client_for("gestor.passos")
        .get(f"/sima/monitoramento/boletins/{bulletin.pk}/pdf")
        .status_code
        == 404
    )


def test_managers_see_only_the_bulletins_of_their_territory(client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client_for("gestor.mg").post(
        "/sima/monitoramento/boletins/", {"month": "2026-10", "municipality": BH}
    )
    state_wide = client_for("gestor.mg").post("/sima/monitoramento/boletins/", {"month": "2026-10"})
    assert state_wide.status_code == 302
    bh = Bulletin.objects.get(municipality_id=BH)
    assert (
        client_for("gestor.passos").get(f"/sima/monitoramento/boletins/{bh.pk}/").status_code == 404
    )
    assert client_for("gestor.bh").get(f"/sima/monitoramento/boletins/{bh.pk}/").status_code == 200
    # A municipal manager cannot ask for another municipality: its own is used.
    client_for("gestor.passos").post(
        "/sima/monitoramento/boletins/", {"month": "2026-10", "municipality": BH}
    )
    assert not Bulletin.objects.filter(requested_by__username="gestor.passos", municipality_id=BH)
    bad = client_for("gestor.passos").post("/sima/monitoramento/boletins/", {"month": "10/2026"})
    assert "Informe o mês no formato AAAA-MM." in bad.content.decode()
