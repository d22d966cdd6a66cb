from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve SER-DH over HTTP with waitress (put a TLS proxy in front in production)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args, host, port, threads, **options):
        from waitress import serve

        from serdh.wsgi import application

        self.stdout.write(f"SER-DH em http://{host}:{port}/ ({settings.ENV})")
        serve(application, host=host, port=port, threads=threads, ident="serdh")
