from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run the background worker: queued tasks (django-tasks database backend) and, beside "
        "them, the webhook dispatcher (interop.webhooks)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, **options):
        from serdh.interop import webhooks

        dispatcher = None
        if options["batch"]:
            webhooks.deliver_due()
        else:
            dispatcher = webhooks.Dispatcher(interval=options["interval"])
            dispatcher.start()
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
            if dispatcher is not None:
                dispatcher.stop()
                dispatcher.join(timeout=15)
