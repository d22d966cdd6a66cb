"""Attachments: checked by content and size, stored encrypted outside any public path, every
download audited."""

import errno
import hashlib
import logging
import os
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from serdh.core import audit, crypto
from serdh.core.errors import ServiceError
from serdh.core.uploads import check_upload

from .acting import acting_organization, lock_case, log
from .models import Attachment

ALLOWED = {"application/pdf", "image/png", "image/jpeg"}
NO_SPACE = (errno.ENOSPC, errno.EDQUOT)

logger = logging.getLogger(__name__)


def storage_path(attachment):
    return Path(settings.MEDIA_ROOT) / "attachments" / attachment.storage_name


def _context(attachment):
    return f"cases.attachment:{attachment.storage_name}"


def _write(path, blob):
    """The encrypted file in full, or no file: a write that fails (disk full, quota, I/O
    error) removes what it had written. Synced before the row that points at it commits.
    A full disk is the user's refusal (ServiceError) and an ERROR for the operators."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as file:
            file.write(blob)
            file.flush()
            os.fsync(file.fileno())
    except OSError as exc:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            logger.exception("could not remove the partial attachment file %s", path)
        if exc.errno not in NO_SPACE:
            raise
        logger.error(
            "attachment not stored, no space in the media folder %s (%d bytes): %s",
            path.parent,
            len(blob),
            exc,
        )
        raise ServiceError(
            _(
                "Não há espaço em disco para guardar o anexo agora. Nada foi salvo; "
                "avise o administrador do sistema."
            )
        ) from exc


def add_attachment(user, case, uploaded, *, description=""):
    with transaction.atomic():
        org = acting_organization(user)
        case = lock_case(user, case)
        if case.status == "closed":
            raise ServiceError(_("Reabra o caso antes de anexar arquivos."))
        mime = check_upload(uploaded, ALLOWED)
        uploaded.seek(0)
        content = uploaded.read()
        attachment = Attachment(
            case=case,
            organization=org,
            uploaded_by=user,
            filename=uploaded.name[:200],
            description=(description or "").strip(),
            content_type=mime,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        path = storage_path(attachment)
        _write(path, crypto.encrypt_bytes(content, _context(attachment)))
        try:
            attachment.save()
            log(
                case,
                "attachment_added",
                _("Arquivo anexado por %(org)s") % {"org": org.name},
                user,
                org,
            )
            audit.record(
                "attachment.added",
                attachment,
                data={"case": case.pk, "size": len(content), "type": mime},
            )
        except Exception:
            path.unlink(missing_ok=True)
            raise
    return attachment


def read_attachment(user, attachment):
    """Decrypt the stored file and check it is the one that was uploaded. The caller has
    checked access; the download itself is audited here (flagged when made under a
    break-the-glass grant)."""
    from .breakglass import record_read

    content = crypto.decrypt_bytes(storage_path(attachment).read_bytes(), _context(attachment))
    if hashlib.sha256(content).hexdigest() != attachment.sha256:
        raise crypto.DecryptionError("attachment content does not match its digest")
    record_read(
        user,
        "attachment.downloaded",
        attachment,
        case_id=attachment.case_id,
        data={"case": attachment.case_id},
    )
    return content
