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


class Schedule:
    """One thread for every ``Repeater``: each job runs when its interval has passed, in
    registration order (the worker runs five of them; one thread instead of five saves a
    database connection and a malloc arena each, docs/operations.md 'Memory budget'). A
    failing run is logged and the next one still comes."""

    def __init__(self, repeaters, tick=1.0):
        import threading

        self.repeaters, self.tick = list(repeaters), tick
        self._stop_event = threading.Event()
        self._thread = threading.Thread(target=self._run, name="periodic", daemon=True)

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
        import time

        from django.db import close_old_connections

        due = {id(job): 0.0 for job in self.repeaters}
        while not self._stop_event.is_set():
            for job in self.repeaters:
                if self._stop_event.is_set() or time.monotonic() < due[id(job)]:
                    continue
                close_old_connections()
                try:
                    job.func()
                except Exception:
                    logging.getLogger("serdh.periodic").exception("%s failed", job.name)
                finally:
                    close_old_connections()
                due[id(job)] = time.monotonic() + job.interval
            wait = min(due.values(), default=time.monotonic() + self.tick) - time.monotonic()
            self._stop_event.wait(max(0.05, min(wait, self.tick)))


def threads(interval):
    """The worker's threads: the jobs with a thread of their own, and one ``Schedule`` for
    all the ``Repeater`` ones, the first of which is the worker's heartbeat (core.health,
    read by ``/healthz``: it shows the schedule is turning)."""
    from . import health

    made = [job.thread(interval) for job in jobs()]
    heartbeat = Repeater("heartbeat", health.beat, health.HEARTBEAT_SECONDS)
    repeaters = [heartbeat, *(t for t in made if isinstance(t, Repeater))]
    others = [t for t in made if not isinstance(t, Repeater)]
    return [*others, Schedule(repeaters)]
