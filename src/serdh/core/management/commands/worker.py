from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run the background worker: queued tasks (django-tasks database backend) and, beside "
        "them, the webhook dispatcher (interop.webhooks) and the portal's scheduled "
        "publishing (portal.scheduling)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, **options):
        from serdh.interop import webhooks
        from serdh.portal import scheduling

        threads = []
        if options["batch"]:
            webhooks.deliver_due()
            scheduling.publish_due()
        else:
            threads = [
                webhooks.Dispatcher(interval=options["interval"]),
                scheduling.Scheduler(),
            ]
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
