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
