"""Scheduled publishing: pages (and their revisions) approved with a "go live" date are
published, and pages past their "expire" date unpublished, by the worker once a minute."""

import io
import logging
import threading

from django.core.management import call_command
from django.db import close_old_connections

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 60.0


def publish_due():
    """Publish what is due now; returns Wagtail's report (empty when nothing was due)."""
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()


class Scheduler(threading.Thread):
    def __init__(self, interval=INTERVAL_SECONDS):
        super().__init__(name="portal-scheduler", daemon=True)
        self.interval = interval
        self._stop_event = threading.Event()

    def stop(self):
        self._stop_event.set()

    def run(self):
        while not self._stop_event.is_set():
            close_old_connections()
            try:
                publish_due()
            except Exception:  # a bad page must not stop the worker; the log says which
                log.exception("scheduled publishing failed")
            finally:
                close_old_connections()
            self._stop_event.wait(self.interval)
