import os

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve SER-DH over HTTP with waitress (put a TLS proxy in front in production)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--threads",
            type=int,
            default=8,
            help="Requests handled at once (default 8: a slow export or upload being processed "
            "does not hold up everyone else; docs/operations.md 'Web process').",
        )
        parser.add_argument(
            "--trusted-proxy",
            default=os.environ.get("SERDH_TRUSTED_PROXY", ""),
            help="Address of the TLS reverse proxy whose X-Forwarded-For/-Proto headers are "
            "believed (default: SERDH_TRUSTED_PROXY; none).",
        )

    def handle(self, *args, host, port, threads, trusted_proxy, **options):
        from waitress import serve

        from serdh.wsgi import application

        self.stdout.write(f"SER-DH em http://{host}:{port}/ ({settings.ENV})")
        settings.SERDH_SERVED_URL = f"http://{host}:{port}"
        proxy = {}
        if trusted_proxy:
            # Without this, waitress drops the proxy's headers: HTTPS redirects would loop and
            # the audit trail would record the proxy's address instead of the person's.
            proxy = {
                "trusted_proxy": trusted_proxy,
                "trusted_proxy_headers": "x-forwarded-for x-forwarded-proto x-forwarded-host",
                "clear_untrusted_proxy_headers": True,
            }
        serve(application, host=host, port=port, threads=threads, ident="serdh", **proxy)
