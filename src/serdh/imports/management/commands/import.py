"""``serdh import sinan FILE --user COORDINATOR``: the same import as the upload page, on the
command line, with a progress line. The file is validated first; with problems, the command
imports the valid rows only when told to (``--valid-rows``), and with ``--all-or-none`` imports
nothing. Running it again on the same file resumes an import that was stopped, and finds the
rows already imported (nothing is created twice)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from serdh.accounts.models import User
from serdh.core import context
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.progress import ProgressLine
from serdh.imports import services
from serdh.imports.choices import Kind, Mode, Status
from serdh.imports.models import ImportBatch


class Command(BaseCommand):
    help = "Import a file into SIMA (kinds: sinan). See docs/imports.md."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[k.value for k in Kind])
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="the coordinator who imports")
        choice = parser.add_mutually_exclusive_group()
        choice.add_argument(
            "--valid-rows", action="store_true", help="import the valid rows if some have problems"
        )
        choice.add_argument(
            "--all-or-none", action="store_true", help="import nothing if any row has a problem"
        )
        parser.add_argument(
            "--validate-only", action="store_true", help="write the report, import nothing"
        )
        parser.add_argument("--report", help="write the row-by-row report to this CSV file")

    def handle(self, *args, kind, file, user, **options):
        try:
            actor = User.objects.get(username=user, is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"Usuário {user} não existe ou está inativo.") from exc
        quiet = not options["verbosity"]
        ctx = context.current()
        with context.use_context(
            ctx, channel="cli", actor_id=actor.pk, actor_label=actor.get_username()
        ):
            try:
                with open(file, "rb") as handle:
                    batch = services.receive(actor, kind, handle, file)
            except OSError as exc:
                raise CommandError(f"Não foi possível ler {file}: {exc}") from exc
            except (ServiceError, NotPermitted) as exc:
                raise CommandError(str(getattr(exc, "message", exc))) from exc
            if batch.status in (Status.QUEUED, Status.VALIDATING):
                line = None if quiet else ProgressLine("Validando", self.stderr)
                services.validate(batch.pk, progress=line)
                batch.refresh_from_db()
            elif batch.status == Status.IMPORTING:
                self.stdout.write(
                    f"Retomando o lote #{batch.pk} a partir da linha {batch.next_row + 1}."
                )
            if batch.status == Status.REFUSED:
                raise CommandError(f"Arquivo recusado: {batch.error}")
            self._summary(batch)
            if options["report"]:
                self._write_report(batch, options["report"])
            if batch.status == Status.VALIDATED:
                if options["validate_only"]:
                    return
                if batch.problem_rows and not (options["valid_rows"] or options["all_or_none"]):
                    raise CommandError(
                        "Há linhas com problema: nada foi importado. Corrija o arquivo, ou rode "
                        "de novo com --valid-rows (importar as válidas) ou --all-or-none."
                    )
                mode = Mode.ALL_OR_NONE if options["all_or_none"] else Mode.VALID
                batch = services.decide(actor, batch, mode)
                if batch.status == Status.CANCELLED:
                    raise CommandError(
                        "Há linhas com problema e --all-or-none: nada foi importado."
                    )
            if batch.status == Status.IMPORTING:
                batch = services.run(
                    batch.pk, progress=None if quiet else ProgressLine("Importando", self.stderr)
                )
            batch = ImportBatch.objects.get(pk=batch.pk)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Lote #{batch.pk}: {batch.created_rows} casos criados, "
                    f"{batch.existing_rows} já estavam no SIMA, "
                    f"{batch.problem_rows} linhas com problema ficaram de fora."
                )
            )

    def _summary(self, batch):
        self.stdout.write(
            f"Lote #{batch.pk} ({batch.file_name}, {batch.file_format}, {batch.encoding}): "
            f"{batch.total_rows} linhas, {batch.valid_rows} válidas, "
            f"{batch.problem_rows} com problema, {batch.existing_rows} já importadas antes."
        )
        for problem in batch.problems.all()[:20]:
            self.stdout.write(f"  linha {problem.row}, {problem.column}: {problem.problem}")
        if batch.problem_rows > 20:
            self.stdout.write("  … (o relatório completo: --report ARQUIVO.csv)")

    def _write_report(self, batch, path):
        from serdh.imports.report import write_csv

        with sys.stdout if path == "-" else open(path, "w", encoding="utf-8", newline="") as out:
            write_csv(batch, out)
