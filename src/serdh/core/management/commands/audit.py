from django.core.management.base import BaseCommand, CommandError

from serdh.core import audit
from serdh.core.progress import ProgressLine


class Command(BaseCommand):
    help = "Audit chain tools. 'serdh audit verify' walks the chain and names the first broken row."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("verify", help="Check every link of the audit chain.")

    def handle(self, *args, verb, **options):
        if verb == "verify":
            progress = (
                ProgressLine("Verificando cadeia", self.stderr) if options["verbosity"] else None
            )
            result = audit.verify(progress=progress)
            if not result.ok:
                raise CommandError(result.describe())
            self.stdout.write(self.style.SUCCESS(result.describe()))
