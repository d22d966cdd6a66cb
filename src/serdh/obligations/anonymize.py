"""What the retention job removes from the room when it anonymizes cases (cases.anonymize):
the free texts about people; the facts (kinds, dates, on time or late) stay for the
indicators."""

from .models import Hearing, Obligation, RiskAssessment, SinanNotification


def anonymize(case_ids):
    case_ids = list(case_ids)
    Obligation.objects.filter(case_id__in=case_ids).update(note="")
    Hearing.objects.filter(case_id__in=case_ids).update(justification="")
    RiskAssessment.objects.filter(case_id__in=case_ids).update(answers="{}", note="")
    SinanNotification.objects.filter(case_id__in=case_ids).update(occupation="")
