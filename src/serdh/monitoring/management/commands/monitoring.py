from django.core.management.base import BaseCommand, CommandError

from serdh.core import audit, context
from serdh.core.progress import ProgressLine
from serdh.monitoring import facts


class Command(BaseCommand):
    help = (
        "Monitoring: 'rebuild' recomputes every fact (violations, referrals, cases) from the "
        "cases, in one transaction, with a progress line; 'release' publishes a new version "
        "of the open data (a correction, with --note)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        rebuild = sub.add_parser("rebuild", help="Recompute all monitoring facts.")
        rebuild.add_argument("--batch-size", type=int, default=1000)
        population = sub.add_parser(
            "population", help="Load resident population from a CSV (docs/operations.md)."
        )
        population.add_argument("file")
        release = sub.add_parser(
            "release", help="Publish the open data of the closed months as a new release."
        )
        release.add_argument("--note", default="", help="What this release corrects.")
        boundaries = sub.add_parser(
            "boundaries",
            help="Load the state's municipal mesh (IBGE GeoJSON) for the maps (docs/operations).",
        )
        boundaries.add_argument("file")
        boundaries.add_argument("--source", default="", help="Where the file came from.")

    def handle(self, *args, verb, **options):
        if verb == "population":
            return self.load_population(options["file"], options["verbosity"])
        if verb == "release":
            return self.release(options["note"])
        if verb == "boundaries":
            return self.load_boundaries(options["file"], options["source"], options["verbosity"])
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

    def load_population(self, path, verbosity):
        from serdh.monitoring import population

        text = _read(path)
        progress = ProgressLine("Carregando população", self.stderr) if verbosity else None
        try:
            with context.use_context(context.current(), channel="cli"):
                count = population.load(text, progress=progress)
                audit.record(
                    "monitoring.population_loaded",
                    object_type="monitoring.population",
                    data={"rows": count, "file": str(path)},
                )
        except population.LoadError as exc:
            raise CommandError(f"Nada foi carregado: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"{count} linhas de população carregadas."))

    def release(self, note):
        from serdh.monitoring import releases

        with context.use_context(context.current(), channel="cli"):
            made = releases.publish(note=note.strip())
        if made is None:
            self.stdout.write("Nada mudou desde a última versão: nenhuma versão nova.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Versão {made.number} publicada (meses fechados até "
                f"{made.closed_through:%m/%Y}): {made.note}"
            )
        )

    def load_boundaries(self, path, source, verbosity):
        from serdh.monitoring import boundaries, opendata

        text = _read(path)
        progress = ProgressLine("Carregando a malha", self.stderr) if verbosity else None
        try:
            with context.use_context(context.current(), channel="cli"):
                count = boundaries.load(
                    text, opendata.state_code(), source=source or str(path), progress=progress
                )
        except boundaries.LoadError as exc:
            problems = "\n".join(f"  - {p}" for p in exc.problems[:50])
            raise CommandError(f"Nada foi carregado:\n{problems}") from exc
        self.stdout.write(self.style.SUCCESS(f"Malha carregada: {count} municípios."))


def _read(path):
    """A file's text (UTF-8, with or without BOM), or a CommandError that says why not."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read()
    except OSError as exc:
        raise CommandError(f"Não foi possível ler {path}: {exc}") from exc
