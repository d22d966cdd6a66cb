"""``serdh people``: the person registry's batch work (docs/people.md).

- ``serdh people dedupe INPUT.csv --out OUTPUT.csv``: which records of a file are the same
  person. INPUT has the columns ``record_id, source, name, social_name, mother_name,
  birth_date, sex, cpf, cns, nis, municipality_ibge, phone`` (any may be empty; dates
  AAAA-MM-DD); OUTPUT gets ``record_id, person_id, match_probability``. Reads no database.
- ``serdh people reindex``: rebuild the matching keys of every person (after an upgrade that
  changes the keys, or a bulk load that wrote persons directly).
- ``serdh people train --out MODEL.json``: learn the model from the reviewers' decisions.
"""

import csv
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from serdh.core import audit
from serdh.core.progress import ProgressLine
from serdh.people.matching import batch
from serdh.people.matching.model import Model, from_decisions
from serdh.people.matching.records import COLUMNS

MIN_DECISIONS = 200


class Command(BaseCommand):
    help = "Pessoas: dedupe (agrupa registros da mesma pessoa), reindex, train"

    def add_arguments(self, parser):
        parser.add_argument("verb", choices=["dedupe", "reindex", "train"])
        parser.add_argument("input", nargs="?", help="dedupe: CSV de registros de pessoas")
        parser.add_argument("--out", help="dedupe: CSV de saída; train: modelo (JSON)")
        parser.add_argument("--model", help="Modelo (JSON) no lugar do que acompanha o SER-DH")
        parser.add_argument(
            "--em",
            action="store_true",
            help="Reestima os pesos nos próprios registros, sem rótulos (EM), antes de agrupar",
        )
        parser.add_argument("--save-model", help="Grava o modelo estimado neste arquivo")
        parser.add_argument("--workers", type=int, default=2, help="Processos para comparar")
        parser.add_argument("--threshold", type=float, help="Probabilidade mínima para unir")

    def handle(self, *args, verb, **options):
        getattr(self, f"_{verb}")(**options)

    def _model(self, path, threshold=None):
        try:
            model = Model.load(path) if path else Model.load()
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Modelo inválido: {exc}") from exc
        if threshold is not None:
            if not 0 < threshold < 1:
                raise CommandError("--threshold deve estar entre 0 e 1.")
            model.threshold = threshold
        return model

    def _dedupe(self, input=None, out=None, **options):
        if not input or not out:
            raise CommandError("Use: serdh people dedupe ENTRADA.csv --out SAIDA.csv")
        source = Path(input)
        if not source.is_file():
            raise CommandError(f"Arquivo não encontrado: {source}")
        with source.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), [])
        missing = [c for c in ("record_id", "name") if c not in header]
        unknown = [c for c in header if c not in COLUMNS]
        if missing:
            raise CommandError(f"Faltam colunas em {source}: {', '.join(missing)}")
        if unknown:
            self.stderr.write(f"Colunas ignoradas: {', '.join(unknown)}")
        figures = batch.dedupe(
            source,
            out,
            model=self._model(options["model"], options["threshold"]),
            train=options["em"],
            workers=max(1, options["workers"]),
            progress=lambda label: ProgressLine(label, self.stderr),
            save_model=options["save_model"],
        )
        self.stdout.write(json.dumps(figures, ensure_ascii=False))

    def _reindex(self, **options):
        from serdh.people.models import Person
        from serdh.people.suggest import rebuild_keys

        persons = Person.objects.filter(anonymized_at__isnull=True, merged_into__isnull=True)
        total = persons.count()
        progress = ProgressLine("Chaves de pareamento", self.stderr)
        for done, person in enumerate(persons.order_by("pk").iterator(chunk_size=2000), 1):
            rebuild_keys(person)
            if done % 500 == 0 or done == total:
                progress(done, total)
        audit.record("people.reindexed", data={"persons": total})
        self.stdout.write(f"{total} pessoas com chaves refeitas.")

    def _train(self, out=None, **options):
        from serdh.people.merge import decisions

        if not out:
            raise CommandError("Use: serdh people train --out MODELO.json")
        labelled = list(decisions())
        if len(labelled) < MIN_DECISIONS:
            raise CommandError(
                f"Só {len(labelled)} decisões de revisão; são precisas ao menos {MIN_DECISIONS} "
                "para estimar os pesos."
            )
        model = from_decisions(labelled, self._model(options["model"]))
        model.info = {"made": "serdh people train", "decisions": len(labelled)}
        model.save(out)
        audit.record("people.model_trained", data={"decisions": len(labelled)})
        self.stdout.write(f"Modelo estimado com {len(labelled)} decisões: {out}")
