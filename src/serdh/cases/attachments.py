"""Attachments: checked by content and size, stored encrypted outside any public path, every
download audited."""

import hashlib
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


def storage_path(attachment):
    return Path(settings.MEDIA_ROOT) / "attachments" / attachment.storage_name


def _context(attachment):
    return f"cases.attachment:{attachment.storage_name}"


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
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(crypto.encrypt_bytes(content, _context(attachment)))
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
