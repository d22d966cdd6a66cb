"""gzip (docs/security.md, "Compression"): pages, JSON and CSV are compressed when the browser
asks; files are streamed as they are; a signed-in person's search or filter is not compressed;
static files are compressed ahead of time by WhiteNoise's storage."""

import gzip

import pytest
from django.core.management import call_command
from django.test import Client

from serdh.core.compression import compressible
from serdh.portal import models as portal

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def assert_compressed(client, url, **params):
    plain = client.get(url, params)
    packed = client.get(url, params, **GZIP)
    assert plain.status_code == packed.status_code == 200, url
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip", url
    assert "Accept-Encoding" in packed["Vary"]
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content) / 2
    return plain, gzip.decompress(packed.content)


def test_the_portal_home_and_a_sima_page_are_compressed_when_asked(client, client_for):
    plain, unpacked = assert_compressed(client, portal.HomePage.objects.get().url)
    assert unpacked.decode().endswith("</html>\n") and b"Content-Security-Policy" not in unpacked
    # The masked CSRF token differs from one response to the next; everything else is equal.
    assert abs(len(unpacked) - len(plain.content)) < 100
    worker = client_for("cras.passos")
    _plain, unpacked = assert_compressed(worker, "/sima/casos/")
    assert "</html>" in unpacked.decode()
    assert_compressed(client, "/dados-abertos/")


def test_json_is_compressed_and_answers_the_same(client):
    plain, unpacked = assert_compressed(client, "/api/hsds/services", per_page=100)
    assert plain["Content-Type"].startswith("application/json")
    assert unpacked == plain.content


def test_a_signed_in_search_or_filter_is_not_compressed(client_for):
    worker = client_for("cras.passos")
    filtered = worker.get("/sima/casos/", {"status": "open", "page": "1"}, **GZIP)
    assert filtered.status_code == 200 and "Content-Encoding" not in filtered
    assert len(filtered.content) > 1000  # long enough to compress: left plain on purpose


def test_files_are_streamed_as_they_are_and_exports_still_work(client, client_for):
    document = portal.LibraryDocument.objects.filter(category="cartilhas").first()
    download = client.get(document.url, **GZIP)
    assert download.status_code == 200 and download.streaming
    assert "Content-Encoding" not in download  # not even Wagtail's "None"
    content = body(download)
    assert content.startswith(b"%PDF-") and int(download["Content-Length"]) == len(content)
    manager = client_for("gestor.passos")
    params = {"indicador": "violacoes", "por": "type", "start": "2020-01", "end": "2030-12"}
    export = manager.get("/sima/monitoramento/exportar.csv", params, **GZIP)
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    assert export.content.decode("utf-8-sig").startswith("tipo de violação;")


def test_only_text_is_compressed():
    for kind in (
        "text/html; charset=utf-8",
        "text/csv",
        "application/json",
        "application/problem+json",
        "application/fhir+json; charset=utf-8",
        "image/svg+xml",
    ):
        assert compressible(kind), kind
    for kind in (
        "application/pdf",
        "image/png",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "video/mp4",
        "",
    ):
        assert not compressible(kind), kind


def test_static_files_collected_for_production_are_served_gzipped(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.contrib.staticfiles.storage import staticfiles_storage

    url = staticfiles_storage.url("serdh/css/serdh.css")
    assert (tmp_path / url.removeprefix("/static/")).with_suffix(".css.gz").exists()
    client = Client()  # a new client builds WhiteNoise anew, on the collected files
    packed = client.get(url, **GZIP)
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    plain = client.get(url)
    assert "Content-Encoding" not in plain
    packed_bytes, plain_bytes = body(packed), body(plain)
    assert gzip.decompress(packed_bytes) == plain_bytes
    assert len(packed_bytes) < len(plain_bytes) / 3
