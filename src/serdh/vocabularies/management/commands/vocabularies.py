from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from serdh.core import audit
from serdh.core.context import use_context
from serdh.core.progress import ProgressLine

from ...loader import VocabularyDataError, load_all, read_files


class Command(BaseCommand):
    help = (
        "Controlled vocabularies. 'load' upserts every data file (vocabularies/data/*.json), "
        "retires terms no longer listed and never deletes; 'check' only validates the files."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("load", help="Load the data files (idempotent, all or nothing).")
        sub.add_parser("check", help="Validate the data files without loading them.")

    def handle(self, *args, verb, **options):
        try:
            if verb == "check":
                files = read_files()
                for data, flat in files:
                    self.stdout.write(f"{data['key']} {data['version']}: {len(flat)} termos")
                self.stdout.write(self.style.SUCCESS(f"{len(files)} arquivos válidos."))
                return
            self._load(options["verbosity"])
        except VocabularyDataError as exc:
            raise CommandError(str(exc)) from exc

    def _load(self, verbosity):
        progress = (lambda key: ProgressLine(key, self.stderr)) if verbosity else None
        with (
            use_context(channel="cli", actor_label="serdh vocabularies load"),
            transaction.atomic(),
        ):
            report = load_all(self.stdout if verbosity else None, progress=progress)
            audit.record(
                "vocabularies.loaded",
                object_type="vocabularies.vocabulary",
                data={
                    "versions": report.versions,
                    "changed": {
                        v.key: {
                            "created": v.created,
                            "updated": v.updated,
                            "retired": v.retired,
                        }
                        for v in report.vocabularies
                        if v.changed
                    },
                },
            )
        message = (
            "Vocabulários carregados." if report.changed else "Vocabulários já estavam em dia."
        )
        self.stdout.write(self.style.SUCCESS(message))
