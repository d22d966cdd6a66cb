"""What a transfer of responsibility (cases.transfers) changes in the work around the case:
the former owner's team is no longer assigned, its open tasks on the case are cancelled and a
closure it asked for is withdrawn; its plan stays, as a record, readable by the services
involved. Runs in the transfer's transaction (an audit listener, workflow.events)."""

from django.utils import timezone

from .choices import ClosureStatus, TaskStatus
from .models import Assignment, ClosureRequest, Task


def former_owner_steps_back(transfer):
    now = timezone.now()
    by = transfer.decided_by
    former = transfer.from_organization_id
    Assignment.objects.filter(
        case_id=transfer.case_id, organization_id=former, ended_at__isnull=True
    ).update(ended_at=now, ended_by=by)
    Task.objects.filter(
        case_id=transfer.case_id, organization_id=former, status=TaskStatus.OPEN
    ).update(status=TaskStatus.CANCELLED, done_by=by, done_at=now)
    ClosureRequest.objects.filter(
        case_id=transfer.case_id, organization_id=former, status=ClosureStatus.PENDING
    ).update(status=ClosureStatus.WITHDRAWN, decided_by=by, decided_at=now)
