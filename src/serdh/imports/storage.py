"""The uploaded file at rest: stored encrypted under MEDIA_ROOT/imports
(``core.crypto.encrypt_stream``), decrypted into a private temporary folder only for the step
that reads it, and deleted when its batch ends."""

import hashlib
import secrets
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from serdh.core import crypto
from serdh.core.errors import ServiceError

CONTEXT = "imports.upload"


def storage_dir():
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of(batch):
    return storage_dir() / batch.stored_name


class _Measured:
    """The upload as it is read: its size (refused past the limit) and SHA-256."""

    def __init__(self, uploaded):
        self.uploaded, self.size, self.digest = uploaded, 0, hashlib.sha256()

    def read(self, count):
        data = self.uploaded.read(count)
        self.size += len(data)
        if self.size > settings.SERDH_MAX_IMPORT_BYTES:
            raise ServiceError(_("O arquivo passa do limite de importação."), field="file")
        self.digest.update(data)
        return data


def store(uploaded, file_name):
    """Encrypt ``uploaded`` (a binary file object) to a new stored file; returns (stored name,
    size, SHA-256 of the content). Nothing stays behind a refused upload."""
    stored = f"{secrets.token_hex(16)}{Path(file_name).suffix.lower()[:8]}"
    target = storage_dir() / stored
    measured = _Measured(uploaded)
    try:
        with target.open("wb") as out:
            crypto.encrypt_stream(measured, out, CONTEXT)
    except ServiceError:
        target.unlink(missing_ok=True)
        raise
    return stored, measured.size, measured.digest.hexdigest()


@contextmanager
def plaintext(batch):
    """The batch's file decrypted into a private temporary folder for one step (validation or
    import), removed when the step ends: at rest, the upload is only ever encrypted."""
    with tempfile.TemporaryDirectory(prefix="serdh-import-") as folder:
        path = Path(folder) / f"arquivo{Path(batch.stored_name).suffix}"
        with path_of(batch).open("rb") as source, path.open("wb") as target:
            crypto.decrypt_stream(source, target, CONTEXT)
        yield path


def discard(batch):
    """The stored file goes once the batch has ended: what stays is the cases, the counts and,
    for a while, the report."""
    path_of(batch).unlink(missing_ok=True)
