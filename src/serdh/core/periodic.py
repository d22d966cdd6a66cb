"""Periodic work that ``serdh worker`` runs beside the queued tasks, registered by each app in
its ``AppConfig.ready`` (the kernel knows no feature):

    periodic.register("webhooks", run_once=webhooks.deliver_due,
                      thread=lambda interval: webhooks.Dispatcher(interval=interval))

``run_once`` serves ``serdh worker --batch``; ``thread(interval)`` returns a started-later
thread with ``stop()`` for the long-running worker.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    name: str
    run_once: object
    thread: object


_jobs = {}


def register(name, *, run_once, thread):
    _jobs[name] = Job(name, run_once, thread)


def jobs():
    return list(_jobs.values())


class Repeater:
    """A thread that calls ``func()`` every ``interval`` seconds until stopped (for jobs
    with no schedule of their own). A failing run is logged and the next one still comes."""

    def __init__(self, name, func, interval):
        import threading

        self.name, self.func, self.interval = name, func, interval
        self._stop_event = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self):
        self._thread.start()

    def stop(self):
        self._stop_event.set()

    def join(self, timeout=None):
        self._thread.join(timeout)

    def is_alive(self):
        return self._thread.is_alive()

    def _run(self):
        import logging

        from django.db import close_old_connections

        while not self._stop_event.is_set():
            close_old_connections()
            try:
                self.func()
            except Exception:
                logging.getLogger("serdh.periodic").exception("%s failed", self.name)
            finally:
                close_old_connections()
            self._stop_event.wait(self.interval)
