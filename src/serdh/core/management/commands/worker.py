from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run the background worker: queued tasks (django-tasks database backend) and, beside "
        "them, the periodic work the apps register (core.periodic: the webhook dispatcher, "
        "the portal's scheduled publishing) and the heartbeat /healthz reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, **options):
        from serdh.core import health, periodic

        threads = []
        if options["batch"]:
            health.beat()  # /healthz sees a batch run (from a timer) like a running worker
            for job in periodic.jobs():
                job.run_once()
        else:
            threads = periodic.threads(options["interval"])
            for thread in threads:
                thread.start()
        try:
            call_command(
                "db_worker",
                queue_name="*",
                interval=options["interval"],
                batch=options["batch"],
                reload=False,
                verbosity=options["verbosity"],
            )
        finally:
            for thread in threads:
                thread.stop()
            for thread in threads:
                thread.join(timeout=15)
