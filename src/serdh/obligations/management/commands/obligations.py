"""``serdh obligations evaluate [--since YYYY-MM-DD]``: work out the law's obligations of the
registered cases (after an upgrade that adds a rule, or cases loaded in bulk)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from serdh.core import audit
from serdh.core.progress import ProgressLine
from serdh.obligations import services


class Command(BaseCommand):
    help = "Obrigações legais dos casos: evaluate"

    def add_arguments(self, parser):
        parser.add_argument("verb", choices=["evaluate"])
        parser.add_argument("--since", help="Só os casos registrados desde esta data (AAAA-MM-DD)")

    def handle(self, *args, verb, since=None, **options):
        try:
            since = date.fromisoformat(since) if since else None
        except ValueError as exc:
            raise CommandError("Data inválida em --since: use AAAA-MM-DD.") from exc
        changed = services.evaluate_all(
            progress=ProgressLine("Obrigações legais", self.stderr), since=since
        )
        audit.record("obligations.evaluated", data={"changed": changed, "since": since})
        self.stdout.write(f"{changed} obrigações criadas ou cumpridas.")
