import json

from django.core.management.base import BaseCommand, CommandError

from serdh.core import context, keys, rotation
from serdh.core.progress import ProgressLine


class Command(BaseCommand):
    # 'generate' must work before any key exists; the other verbs load the keys themselves.
    requires_system_checks = []
    help = (
        "Encryption keys. 'generate' prints a new key file; 'status' counts rows per key; "
        "'rotate' re-encrypts every encrypted value with the current key (with progress), "
        "or enqueues that work for the worker with --background."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("generate", help="Print a new key file (JSON) on standard output.")
        sub.add_parser("status", help="Rows still encrypted with an older key.")
        rotate = sub.add_parser("rotate", help="Re-encrypt with the current key.")
        rotate.add_argument("--background", action="store_true")
        rotate.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, verb, **options):
        if verb == "generate":
            self.stdout.write(json.dumps(keys.new_key_file_data(), indent=2))
            return
        ring = keys.keyring()
        if verb == "status":
            self.stdout.write(f"Chave atual: {ring.current_field_key_id}")
            for column, stale in rotation.stale_counts().items():
                self.stdout.write(f"  {column}: {stale} valores com chave antiga")
            return
        if verb == "rotate":
            if options["background"]:
                from serdh.core.tasks import rotate_keys

                ctx = context.current()
                result = rotate_keys.enqueue(
                    batch_size=options["batch_size"],
                    request_context={**ctx.as_dict(), "channel": "cli"},
                )
                self.stdout.write(f"Rotação enfileirada (tarefa {result.id}).")
                return
            if options["batch_size"] < 1:
                raise CommandError("--batch-size deve ser positivo.")
            done = rotation.rotate(
                progress=ProgressLine("Recriptografando", self.stderr),
                batch_size=options["batch_size"],
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"{done} valores recriptografados com {ring.current_field_key_id}."
                )
            )
