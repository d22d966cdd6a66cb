from django.core.management.base import BaseCommand, CommandError

from serdh.core import context
from serdh.core.progress import ProgressLine
from serdh.interop import messagelog


class Command(BaseCommand):
    help = (
        "API message log: 'prune' deletes entries older than the retention period "
        "(SERDH_MESSAGE_LOG_RETENTION_DAYS) and moves the chain's anchor; 'verify' checks it."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        prune = sub.add_parser("prune", help="Delete entries older than the retention period.")
        prune.add_argument("--days", type=int, default=None, help="Override the retention days.")
        sub.add_parser("verify", help="Check the message-log chain.")

    def handle(self, *args, verb, **options):
        with context.use_context(context.current(), channel="cli"):
            if verb == "prune":
                days = options["days"]
                if days is not None and days < 1:
                    raise CommandError("--days deve ser ao menos 1.")
                deleted = messagelog.prune(days=days)
                self.stdout.write(self.style.SUCCESS(f"{deleted} mensagens expurgadas."))
                return
            progress = (
                ProgressLine("Verificando mensagens", self.stderr) if options["verbosity"] else None
            )
            result = messagelog.verify(progress=progress)
            if not result.ok:
                raise CommandError(result.describe())
            self.stdout.write(self.style.SUCCESS(result.describe()))
