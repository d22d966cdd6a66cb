from django.conf import settings
from django.core.management.base import BaseCommand

from serdh.core import context
from serdh.core.progress import ProgressLine


class Command(BaseCommand):
    help = (
        "Anonimiza os casos encerrados há mais de SERDH_RETENTION_YEARS anos (relatos e "
        "identidades removidos, fatos mantidos). --dry-run só mostra o que seria feito."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, dry_run, batch_size, **options):
        from serdh.privacy import retention

        plan = retention.report()
        years = settings.SERDH_RETENTION_YEARS
        self.stdout.write(
            f"Retenção: {years} anos; encerrados antes de {plan['cutoff']:%d/%m/%Y}: "
            f"{plan['cases']} casos a anonimizar."
        )
        for year, count in plan["by_year"]:
            self.stdout.write(f"  encerrados em {year}: {count}")
        for name, count in plan["by_municipality"][:20]:
            self.stdout.write(f"  {name}: {count}")
        if dry_run or not plan["cases"]:
            if dry_run:
                self.stdout.write("Simulação: nada foi alterado.")
            return
        with context.use_context(channel="cli", actor_label="serdh retention"):
            cases, persons = retention.run(
                batch_size=batch_size, progress=ProgressLine("Anonimizando", self.stderr)
            )
        self.stdout.write(self.style.SUCCESS(f"Anonimizados: {cases} casos, {persons} pessoas."))
