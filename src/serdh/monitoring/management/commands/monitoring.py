from django.core.management.base import BaseCommand

from serdh.core import audit, context
from serdh.core.progress import ProgressLine
from serdh.monitoring import facts


class Command(BaseCommand):
    help = (
        "Monitoring: 'rebuild' recomputes every fact (violations, referrals, cases) from the "
        "cases, in one transaction, with a progress line."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        rebuild = sub.add_parser("rebuild", help="Recompute all monitoring facts.")
        rebuild.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, verb, **options):
        with context.use_context(context.current(), channel="cli"):
            progress = (
                ProgressLine("Recalculando fatos", self.stderr) if options["verbosity"] else None
            )
            counts = facts.rebuild(progress=progress, batch_size=options["batch_size"])
            audit.record(
                "monitoring.rebuilt",
                object_type="monitoring.violationfact",
                data=dict(zip(("violations", "referrals", "cases"), counts, strict=True)),
            )
            violations, referrals, cases = counts
            self.stdout.write(
                self.style.SUCCESS(
                    f"Fatos recalculados: {violations} violações, {referrals} encaminhamentos, "
                    f"{cases} casos."
                )
            )
