"""Uploaded files are judged by their content, never by their name."""

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .errors import ServiceError

# Leading bytes of the formats SER-DH accepts, and what they are.
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def sniff(fileobj, head_bytes=16):
    position = fileobj.tell() if hasattr(fileobj, "tell") else 0
    fileobj.seek(0)
    head = fileobj.read(head_bytes)
    fileobj.seek(position)
    for magic, mime in SIGNATURES:
        if head.startswith(magic):
            return mime
    return None


def check_upload(uploaded, allowed, max_bytes=None):
    """Refuse a file that is too big or whose content is not one of ``allowed`` MIME types."""
    limit = max_bytes or settings.SERDH_MAX_UPLOAD_BYTES
    if uploaded.size > limit:
        raise ServiceError(
            _("O arquivo tem %(size)s; o limite é %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)}
        )
    mime = sniff(uploaded)
    if mime not in allowed:
        raise ServiceError(
            _(
                "O conteúdo do arquivo não é de um tipo aceito (%(types)s), "
                "seja qual for a extensão."
            )
            % {"types": ", ".join(sorted(allowed))}
        )
    return mime
