import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from serdh.cases.models import Case
from serdh.core.progress import ProgressLine
from serdh.demo import cases, network
from serdh.demo import interop as demo_interop
from serdh.demo import monitoring as demo_monitoring
from serdh.demo import obligations as demo_obligations
from serdh.demo import portal as demo_portal
from serdh.demo import rma as demo_rma
from serdh.demo import workflow as demo_workflow


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = (
        "Prepare the demo (migrate, load the demo network) and serve it on "
        "http://127.0.0.1:8000 with a background worker beside it. --no-serve only prepares."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--cases",
            type=int,
            default=2000,
            help="Generated cases on the first run (default 2000; 0 for none).",
        )

    def handle(self, *args, no_serve, host, port, **options):
        # Links written while the demo prepares its data point where it will serve.
        settings.SERDH_SERVED_URL = f"http://{host}:{port}"
        self.stdout.write("Preparando o banco de dados…")
        call_command("migrate", interactive=False, verbosity=0)
        created = network.seed(stdout=self.stdout)
        if options["cases"] and not Case.objects.exists():
            made = cases.generate(
                options["cases"], progress=ProgressLine("Casos de demonstração", self.stderr)
            )
            self.stdout.write(f"{made} casos de demonstração gerados.")
            demo_workflow.load(stdout=self.stdout)
            # The generator writes in bulk, past the audit listeners: the law's obligations
            # of the generated cases are worked out once, here, with their demo history.
            demo_obligations.load(
                progress=ProgressLine("Obrigações legais", self.stderr), stdout=self.stdout
            )
            demo_rma.load(stdout=self.stdout)
        demo_monitoring.ensure_population()
        if release := demo_monitoring.ensure_release():
            self.stdout.write(f"Dados abertos: versão {release.number} publicada.")
        demo_portal.load(stdout=self.stdout)
        self.print_logins(host, port, fresh=created)
        client_id, secret = demo_interop.ensure_demo_client()
        self.stdout.write(
            f"API: http://{host}:{port}/api/docs/ · sistema do Conselho Tutelar de Passos: "
            f"client_id={client_id} client_secret={secret}"
        )
        self.stdout.write("")
        if no_serve:
            return
        # Ctrl+C or a service manager's SIGTERM stop the server *and* its worker (a shell may
        # have started us with SIGINT ignored; take it back).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _raise_interrupt)
        worker = subprocess.Popen([sys.executable, "-m", "serdh.cli", "worker", "--verbosity", "0"])
        self.stdout.write(f"Worker em segundo plano (pid {worker.pid}).")
        try:
            call_command("serve", host=host, port=port)
        except KeyboardInterrupt:
            pass
        finally:
            worker.terminate()
            worker.wait(timeout=10)

    def print_logins(self, host, port, fresh):
        password_source = "SERDH_DEMO_PASSWORD" if "SERDH_DEMO_PASSWORD" in os.environ else "padrão"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"SER-DH demo: http://{host}:{port}/conta/entrar/"))
        self.stdout.write(
            f"Portal: http://{host}:{port}/ · área editorial: http://{host}:{port}/editorial/ "
            "(editor.mg publica; colab.passos escreve e envia para revisão)"
        )
        if fresh:
            self.stdout.write(
                f"Senha de todas as contas ({password_source}): {settings.SERDH_DEMO_PASSWORD}"
            )
        else:
            self.stdout.write(
                "Senha de todas as contas: a definida quando a demo foi preparada pela primeira "
                f"vez (padrão: {settings.SERDH_DEMO_PASSWORD}). Para recomeçar, apague "
                f"{settings.DATA_DIR}."
            )
        for username, org, role in network.USERS:
            self.stdout.write(f"  {username:<20} {role.label:<32} {org}")
        self.stdout.write("")
