"""Removing the narratives of cases whose retention period has passed (privacy.retention).

What was written about the people (narrative, closure note, parties' notes, counter-referrals,
follow-ups, the details of the case history) and the attachments' content go; the facts stay:
dates, municipality, services, classification, violations, referrals and their statuses, the
parties' roles, ages and sex. Nothing is deleted but the attachment files.
"""

from django.db import transaction
from django.utils import timezone

from . import attachments, extensions
from .models import Attachment, Case, CaseEvent, FollowUp, Party, Referral


def anonymize_cases(case_ids):
    """Anonymize these cases (in the caller's transaction). Returns how many."""
    case_ids = list(case_ids)
    if not case_ids:
        return 0
    paths = [attachments.storage_path(a) for a in Attachment.objects.filter(case_id__in=case_ids)]
    # The files go once the transaction commits (a rolled-back batch keeps them).
    transaction.on_commit(lambda: [path.unlink(missing_ok=True) for path in paths])
    Attachment.objects.filter(case_id__in=case_ids).update(filename="", description="")
    Party.objects.filter(case_id__in=case_ids).update(notes="")
    Referral.objects.filter(case_id__in=case_ids).update(counter_referral="")
    FollowUp.objects.filter(case_id__in=case_ids).update(description="")
    CaseEvent.objects.filter(case_id__in=case_ids).update(detail="")
    extensions.anonymize(case_ids)
    return Case.objects.filter(pk__in=case_ids).update(
        narrative="", closure_note="", anonymized_at=timezone.now()
    )
