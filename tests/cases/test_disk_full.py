"""Disk full on the media folder while an attachment uploads (issue 19, faults): a clear
error on the form, no half file, no row pointing at a missing file. On a real full file
system, not a mock: a small tmpfs mounted as MEDIA_ROOT (needs root with CAP_SYS_ADMIN)."""

import logging
import os
import subprocess
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from serdh.cases import attachments
from serdh.cases.models import Attachment
from serdh.obligations.models import Letter
from tests.cases.factories import open_case
from tests.obligations.test_letters import issue

pytestmark = pytest.mark.django_db

# .ci/run sets SERDH_CI_TMPFS=1 once it has mounted and unmounted a tmpfs in a scratch
# folder: then a refused mount is a failure, not a skip. Elsewhere the test says why it skips.
REQUIRED = os.environ.get("SERDH_CI_TMPFS") == "1"
SIZE = 64 * 1024
FREE_LEFT = 8 * 1024  # what the filler leaves: less than one upload, more than nothing


def _run(*command):
    return subprocess.run(command, capture_output=True, text=True, timeout=30)


@pytest.fixture
def tiny_media(tmp_path, settings):
    """A 64 KB tmpfs as MEDIA_ROOT, unmounted whatever the test does."""
    media = tmp_path / "media"
    media.mkdir()
    reason = None
    if os.geteuid() != 0:
        reason = "mounting a tmpfs needs root"
    else:
        mounted = _run("mount", "-t", "tmpfs", "-o", f"size={SIZE},mode=0700", "tmpfs", media)
        if mounted.returncode != 0:
            reason = f"mount -t tmpfs refused: {(mounted.stderr or mounted.stdout).strip()}"
    if reason:
        if REQUIRED:
            pytest.fail(f"SERDH_CI_TMPFS=1 but {reason}")
        pytest.skip(reason)
    settings.MEDIA_ROOT = media
    try:
        yield media
    finally:
        if _run("umount", media).returncode != 0:
            _run("umount", "-l", media)


def _fill(media, leave):
    """A filler file that leaves about ``leave`` bytes free on the tmpfs."""
    stat = os.statvfs(media)
    free = stat.f_bavail * stat.f_frsize
    filler = media / "filler.bin"
    filler.write_bytes(b"\0" * (free - leave))
    return filler


def _pdf(size):
    return SimpleUploadedFile("laudo.pdf", b"%PDF-1.4\n" + os.urandom(size), "application/pdf")


def _files(media):
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


class _Records(logging.Handler):
    """The log records themselves (the suite may run with ``-p no:logging``: no caplog)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def test_a_full_media_disk_refuses_the_upload_cleanly_then_a_fitting_one_works(
    tiny_media, client_for
):
    case = open_case()
    client = client_for("cras.passos")
    url = reverse("cases:attachment_add", args=[case.pk])
    filler = _fill(tiny_media, FREE_LEFT)
    before = Attachment.objects.count()
    records = _Records()
    logger = logging.getLogger("serdh")
    logger.addHandler(records)
    try:
        response = client.post(url, {"file": _pdf(20 * 1024), "description": "laudo do IML"})
    finally:
        logger.removeHandler(records)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Não há espaço em disco para guardar o anexo" in html
    assert "Nada foi salvo" in html
    assert "laudo do IML" in html  # what was typed is kept
    assert Attachment.objects.count() == before
    assert not case.attachments.exists()
    assert _files(tiny_media) == ["filler.bin"]  # no half file, no temporary file
    errors = [r for r in records.records if r.levelno >= logging.ERROR]
    assert errors and "espaço" not in errors[0].getMessage()  # for operators, in English
    assert "No space left" in errors[0].getMessage() or "ENOSPC" in errors[0].getMessage()

    filler.unlink()
    response = client.post(url, {"file": _pdf(20 * 1024), "description": "laudo do IML"})
    assert response.status_code == 302
    attachment = case.attachments.get()
    assert attachments.storage_path(attachment).is_file()
    assert _files(tiny_media) == [f"attachments/{attachment.storage_name}"]
    download = client.get(reverse("cases:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200 and download.content.startswith(b"%PDF-1.4")


def test_a_letters_answer_on_a_full_disk_is_refused_and_the_letter_still_awaits_it(
    tiny_media, client_for
):
    """The other way in (obligations: the answer to an ofício, stored as an attachment): the
    same refusal, and the letter is not marked answered."""
    case = open_case("ct.passos")
    letter = issue(case, sent_on=timezone.localdate() - timedelta(days=3))
    _fill(tiny_media, FREE_LEFT)
    response = client_for("ct.passos").post(
        reverse("obligations:letter_answer", args=[letter.pk]),
        {
            "answered_on": timezone.localdate().isoformat(),
            "note": "Atendimento agendado.",
            "file": _pdf(20 * 1024),
        },
    )
    assert response.status_code == 200
    assert "Não há espaço em disco para guardar o anexo" in response.content.decode()
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.status == "issued" and letter.answer_attachment_id is None
    assert not case.attachments.exists()
    assert _files(tiny_media) == ["filler.bin"]
