"""The worker's periodic jobs share one thread (core.periodic.Schedule): each runs at its own
interval, and a failing job neither stops the thread nor the others."""

import threading
import time

from serdh.core import periodic


def test_one_thread_runs_each_job_at_its_interval_and_survives_a_failure():
    runs = {"fast": 0, "slow": 0, "broken": 0}
    seen_threads = set()

    def counter(name):
        def run():
            seen_threads.add(threading.current_thread().name)
            runs[name] += 1
            if name == "broken":
                raise RuntimeError("a job that fails")

        return run

    schedule = periodic.Schedule(
        [
            periodic.Repeater("fast", counter("fast"), 0.05),
            periodic.Repeater("broken", counter("broken"), 0.05),
            periodic.Repeater("slow", counter("slow"), 60),
        ],
        tick=0.05,
    )
    schedule.start()
    deadline = time.monotonic() + 20  # a loaded machine is slow, never wrong
    while time.monotonic() < deadline and min(runs["fast"], runs["broken"]) < 4:
        time.sleep(0.05)
    schedule.stop()
    schedule.join(timeout=5)
    assert not schedule.is_alive()
    assert runs["fast"] >= 4 and runs["broken"] >= 4
    assert runs["slow"] == 1  # at start, then not before its minute
    assert seen_threads == {"periodic"}


def test_the_worker_starts_one_thread_for_all_the_repeating_jobs(db):
    made = periodic.threads(1.0)
    schedules = [t for t in made if isinstance(t, periodic.Schedule)]
    assert len(schedules) == 1
    names = {r.name for r in schedules[0].repeaters}
    assert {"escalation", "task-reminders", "notification-email", "retention"} <= names
    assert not any(isinstance(t, periodic.Repeater) for t in made)
