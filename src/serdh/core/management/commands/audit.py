from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from serdh.core import audit
from serdh.core.progress import ProgressLine


class Command(BaseCommand):
    help = "Audit chain tools. 'serdh audit verify' walks the chain and names the first broken row."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        verify = sub.add_parser(
            "verify", help="Check every link of the audit chain and the API message log."
        )
        verify.add_argument(
            "--incremental",
            action="store_true",
            help="Check only the audit events after the last verified-through checkpoint "
            "(the whole chain when there is none or it does not hold).",
        )
        verify.add_argument(
            "--from",
            dest="from_seq",
            type=int,
            metavar="SEQ",
            help="Check only the audit events from this seq on (a spot check).",
        )
        verify.add_argument(
            "--to",
            dest="to_seq",
            type=int,
            metavar="SEQ",
            help="With --from: the last seq to check (default: the end of the chain).",
        )

    def handle(self, *args, verb, **options):
        if verb == "verify":
            if options["to_seq"] is not None and options["from_seq"] is None:
                raise CommandError(_("--to exige --from."))
            if options["from_seq"] is not None and options["incremental"]:
                raise CommandError(_("--from e --incremental não se combinam."))
            if options["from_seq"] is not None:
                return self.verify_range(options)
            self.verify_all(options)

    def progress(self, options, label):
        if not options["verbosity"]:
            return None
        return ProgressLine(f"Verificando cadeia ({label})", self.stderr)

    def verify_all(self, options):
        failed = []
        audit_result, full = None, True
        for label, verify in audit.chains().items():
            progress = self.progress(options, label)
            if verify is audit.verify and options["incremental"]:
                result, start_seq, problem = audit.verify_incremental(progress=progress)
                full = start_seq is None
                if full:
                    # Said on stdout: the daily log shows that this run read everything.
                    self.stdout.write(
                        _("[%(label)s] Verificação completa: %(problem)s.")
                        % {"label": label, "problem": problem}
                    )
                else:
                    self.stdout.write(
                        _(
                            "[%(label)s] Verificação incremental após o ponto de controle "
                            "seq %(seq)s."
                        )
                        % {"label": label, "seq": start_seq}
                    )
            else:
                result = verify(progress=progress)
            if verify is audit.verify:
                audit_result = result
            line = f"[{label}] {result.describe()}"
            if result.ok:
                self.stdout.write(self.style.SUCCESS(line))
            else:
                failed.append(line)
        if failed:
            raise CommandError("\n".join(failed))
        audit.checkpoint_chains()
        if audit_result is not None:
            audit.record_verified(audit_result, full=full)

    def verify_range(self, options):
        first, last = options["from_seq"], options["to_seq"]
        result = audit.verify_range(first, last, progress=self.progress(options, "auditoria"))
        line = f"[auditoria] {result.describe()}"
        if not result.ok:
            raise CommandError(line)
        self.stdout.write(
            _("[auditoria] Intervalo seq %(first)s–%(last)s (nenhum ponto de controle registrado).")
            % {"first": first, "last": result.last_seq}
        )
        self.stdout.write(self.style.SUCCESS(line))
