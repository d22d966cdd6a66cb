"""The worker's periodic job for imports (registered in apps.py): stalled batches started
again, undecided ones expired, old report values removed."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from serdh.core import audit

from .choices import ENDED, OPEN, Status
from .models import ImportBatch, ImportProblem
from .services import STALLED, end

UNDECIDED = timedelta(days=7)  # a validated batch waits this long for its importer's decision
REPORT_KEPT = timedelta(days=90)  # the report's values, after the batch ended


def run():
    resume_stalled()
    expire_undecided()
    purge_reports()


def expire_undecided(now=None):
    """A validated batch nobody decided on in a week is cancelled and its file removed."""
    now = now or timezone.now()
    for batch in ImportBatch.objects.filter(
        status=Status.VALIDATED, validated_at__lt=now - UNDECIDED
    ):
        with transaction.atomic():
            if ImportBatch.objects.filter(pk=batch.pk, status=Status.VALIDATED).exists():
                end(batch, Status.CANCELLED)
                audit.record("imports.batch_expired", batch, organization_id=batch.organization_id)


def purge_reports(now=None):
    """The report's values (they may hold names) are kept 90 days after the batch ended."""
    now = now or timezone.now()
    ImportProblem.objects.filter(
        batch__finished_at__lt=now - REPORT_KEPT, batch__status__in=ENDED
    ).delete()


def resume_stalled():
    """Started again by the worker: batches whose worker stopped (killed, restarted) mid-way.
    Validation starts over (it writes nothing but the report); an import resumes at its
    checkpoint."""
    from .tasks import import_batch, validate_batch

    limit = timezone.now() - STALLED
    for batch in ImportBatch.objects.filter(status__in=OPEN, touched_at__lt=limit):
        updated = ImportBatch.objects.filter(pk=batch.pk, touched_at=batch.touched_at).update(
            touched_at=timezone.now()
        )
        if not updated:
            continue  # another worker took it
        if batch.status == Status.IMPORTING:
            import_batch.enqueue(batch.pk)
        else:
            ImportBatch.objects.filter(pk=batch.pk).update(status=Status.QUEUED)
            validate_batch.enqueue(batch.pk)
