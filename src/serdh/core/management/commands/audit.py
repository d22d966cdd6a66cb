from django.core.management.base import BaseCommand, CommandError

from serdh.core import audit
from serdh.core.progress import ProgressLine


class Command(BaseCommand):
    help = "Audit chain tools. 'serdh audit verify' walks the chain and names the first broken row."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser(
            "verify", help="Check every link of the audit chain and the API message log."
        )

    def handle(self, *args, verb, **options):
        if verb == "verify":
            failed = []
            for label, verify in audit.chains().items():
                progress = (
                    ProgressLine(f"Verificando cadeia ({label})", self.stderr)
                    if options["verbosity"]
                    else None
                )
                result = verify(progress=progress)
                line = f"[{label}] {result.describe()}"
                if result.ok:
                    self.stdout.write(self.style.SUCCESS(line))
                else:
                    failed.append(line)
            if failed:
                raise CommandError("\n".join(failed))
            audit.checkpoint_chains()
