"""gzip for the application's own responses: HTML, JSON, CSV and other text (static files are
compressed ahead of time by WhiteNoise's storage and served before this runs).

What is compressed and why it is safe against BREACH is in docs/security.md ("Compression"):
Django's GZipMiddleware pads every response with 0–99 random bytes in the gzip header, CSRF
tokens are masked anew for every response, and the session cookie is SameSite=Lax, so another
site cannot make a signed-in browser fetch SIMA pages by the thousand. On top of that, a
signed-in person's GET with a query string (a search or filter, whose words come back in the
page beside personal data) is left uncompressed.

Files (``FileResponse``: PDFs, documents, videos) are streamed as they are, keeping their
Content-Length and byte ranges; images, archives and XLSX are compressed already.
"""

from django.http import FileResponse
from django.middleware.gzip import GZipMiddleware

TEXT_TYPES = (
    "application/json",
    "application/javascript",
    "application/xml",
    "image/svg+xml",
)


def compressible(content_type):
    media_type = content_type.split(";", 1)[0].strip().lower()
    return (
        media_type.startswith("text/")
        or media_type in TEXT_TYPES
        or (media_type.startswith("application/") and media_type.endswith(("+json", "+xml")))
    )


class CompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if response.get("Content-Encoding") == "None":
            # Wagtail's document download (wagtail.utils.sendfile) writes the guessed encoding
            # of the file name even when there is none.
            del response["Content-Encoding"]
        if isinstance(response, FileResponse):
            return response
        if not compressible(response.get("Content-Type", "")):
            return response
        user = getattr(request, "user", None)
        # Any query string at all (even one that parses to nothing, "?&"), not just parsed
        # parameters: reflected input next to a secret is what BREACH needs.
        if request.META.get("QUERY_STRING") and user is not None and user.is_authenticated:
            return response
        return super().process_response(request, response)
