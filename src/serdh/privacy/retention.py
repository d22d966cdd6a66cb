"""Retention (LGPD art. 15 and 16; art. 6, III necessity): closed cases are kept with their
narratives for ``SERDH_RETENTION_YEARS`` after closing; then the worker anonymizes them
(cases.anonymize), and the people whose every case is anonymized lose their identity
(people.anonymize). Facts stay for statistics (art. 16, IV: anonymized data for the
controller's own use). Nothing else is deleted.

Run by the worker once a day, or by ``serdh retention`` (``--dry-run`` only reports). Each
batch is one transaction and one audit event.
"""

from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from serdh.cases.anonymize import anonymize_cases
from serdh.cases.choices import CaseStatus
from serdh.cases.models import Case, Party
from serdh.core import audit
from serdh.people.anonymize import anonymize_persons


def cutoff(now=None):
    return (now or timezone.now()) - timedelta(days=365.25 * settings.SERDH_RETENTION_YEARS)


def due_cases(now=None):
    return Case.objects.filter(
        status=CaseStatus.CLOSED, closed_at__lt=cutoff(now), anonymized_at__isnull=True
    ).order_by("pk")


def report(now=None):
    """What a run would do: cases due per year of closing and per municipality."""
    rows = list(due_cases(now).values_list("closed_at__year", "municipality__name"))
    return {
        "cases": len(rows),
        "cutoff": cutoff(now),
        "by_year": sorted(Counter(year for year, _ in rows).items()),
        "by_municipality": Counter(name for _, name in rows).most_common(),
    }


def _persons_done(case_ids):
    """Persons of these cases with no party left in a case that is not anonymized."""
    persons = set(
        Party.objects.filter(case_id__in=case_ids, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    still_used = set(
        Party.objects.filter(person_id__in=persons, case__anonymized_at__isnull=True)
        .exclude(case_id__in=case_ids)
        .values_list("person_id", flat=True)
    )
    return persons - still_used


def run(batch_size=500, progress=None, now=None):
    """Anonymize every due case, in batches. Returns (cases, persons)."""
    ids = list(due_cases(now).values_list("pk", flat=True))
    total_cases = total_persons = 0
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        with transaction.atomic():
            persons = _persons_done(chunk)
            cases = anonymize_cases(chunk)
            people = anonymize_persons(persons)
            audit.record(
                "retention.anonymized",
                object_type="cases.case",
                data={
                    "cases": cases,
                    "persons": people,
                    "first_case": chunk[0],
                    "last_case": chunk[-1],
                    "years": settings.SERDH_RETENTION_YEARS,
                },
            )
        total_cases += cases
        total_persons += people
        if progress:
            progress(min(start + batch_size, len(ids)), len(ids))
    if progress and not ids:
        progress(0, 0)
    return total_cases, total_persons


def run_once():
    from serdh.core import context

    with context.use_context(channel="task", actor_label="retenção"):
        return run()
