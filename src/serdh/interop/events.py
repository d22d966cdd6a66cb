"""The transactional outbox: state changes become events, in the same transaction.

The feature apps do not import this module. Every SIMA state change already appends an audit
event inside its transaction; ``on_audit_event`` (an audit listener, see apps.py) turns the
announced ones into an ``OutboxEvent`` and one ``Delivery`` per subscribed endpoint of each
organization concerned. If the change rolls back, so do its event and deliveries; once it
commits, the worker's dispatcher delivers them (interop.webhooks).

Events carry identifiers and links, never content: no names, narrative, violation types or
reasons. A system that wants the content fetches it through the API, where the access policy
and the message log apply.
"""

from django.urls import reverse

from serdh.cases.choices import ENGAGED
from serdh.core.origin import public_url

from .models import Delivery, EndpointStatus, OutboxEvent, WebhookEndpoint

TYPE_PREFIX = "br.serdh."

# audit action -> event type
ANNOUNCED = {
    "case.registered": "case.registered",
    "case.closed": "case.closed",
    "case.reopened": "case.reopened",
    "referral.sent": "referral.sent",
    "referral.received": "referral.received",
    "referral.accepted": "referral.accepted",
    "referral.declined": "referral.declined",
    "referral.in_progress": "referral.started",
    "referral.completed": "referral.completed",
    "referral.cancelled": "referral.cancelled",
    "followup.recorded": "followup.recorded",
    # workflow: who is responsible, and the review of a closure
    "case.assigned": "case.assigned",
    "case.unassigned": "case.unassigned",
    "case.closure_requested": "case.closure_requested",
    "case.closure_approved": "case.closure_approved",
    "case.closure_refused": "case.closure_refused",
    "case.flag_added": "case.flag_added",
    "case.flag_removed": "case.flag_removed",
    # transfers of responsibility between services
    "case.transfer_requested": "case.transfer_requested",
    "case.transferred": "case.transferred",
    "case.transfer_refused": "case.transfer_refused",
    "case.transfer_cancelled": "case.transfer_cancelled",
}
EVENT_TYPES = tuple(dict.fromkeys(ANNOUNCED.values()))


def _link(name, *args):
    return public_url() + reverse(name, args=args)


def _case_organizations(case):
    """The registering service and every service engaged through a referral."""
    engaged = case.referrals.filter(status__in=ENGAGED).values_list("to_organization_id", flat=True)
    return {case.organization_id, *engaged}


def _describe(action, obj):
    """(case, referral, extra data, organizations concerned) for an announced change."""
    from serdh.cases.models import Case, CaseTransfer, FollowUp, Referral

    if isinstance(obj, Referral):
        case = obj.case
        orgs = _case_organizations(case) | {obj.from_organization_id, obj.to_organization_id}
        if action == "referral.sent":
            # Until it accepts, the receiver only learns that a referral awaits it; the other
            # services of the case need not hear of it yet.
            orgs = {obj.from_organization_id, obj.to_organization_id}
        data = {"referral_id": obj.pk, "status": obj.status}
        return case, obj, data, orgs
    if isinstance(obj, CaseTransfer):
        # Both sides of the transfer; once accepted, the case's services hear of it too.
        case = obj.case
        orgs = {obj.from_organization_id, obj.to_organization_id}
        if action == "case.transferred":
            orgs |= _case_organizations(case)
        data = {
            "transfer_id": obj.pk,
            "status": obj.status,
            "from_organization_id": obj.from_organization_id,
            "to_organization_id": obj.to_organization_id,
        }
        return case, None, data, orgs
    if isinstance(obj, FollowUp):
        case = obj.case
        return case, None, {"follow_up_id": obj.pk}, _case_organizations(case)
    if isinstance(obj, Case):
        return obj, None, {"status": obj.status}, _case_organizations(obj)
    return None, None, {}, set()


def on_audit_event(audit_event, obj):
    event_type = ANNOUNCED.get(audit_event.action)
    if event_type is None or obj is None:
        return None
    case, referral, data, orgs = _describe(audit_event.action, obj)
    if case is None:
        return None
    data = {
        "case_id": case.pk,
        "protocol": case.protocol or "",
        **data,
        "actor_organization_id": audit_event.organization_id,
        "links": {"case": _link("api:case-detail", case.pk)},
    }
    if referral is not None:
        data["links"]["referral"] = _link("api:referral-detail", referral.pk)
        data["links"]["fhir"] = _link("api:referral-fhir", referral.pk)
    subject = f"referrals/{referral.pk}" if referral is not None else f"cases/{case.pk}"
    event = OutboxEvent.objects.create(
        type=event_type,
        occurred_at=audit_event.occurred_at,
        case_id=case.pk,
        subject=subject,
        data=data,
        organization_ids=sorted(o for o in orgs if o),
        source=public_url() + "/api/v1/",
    )
    endpoints = WebhookEndpoint.objects.filter(
        organization_id__in=orgs, status=EndpointStatus.ACTIVE
    )
    Delivery.objects.bulk_create(
        [
            Delivery(
                event=event,
                endpoint=endpoint,
                case_key=case.pk,
                next_attempt_at=audit_event.occurred_at,
            )
            for endpoint in endpoints
            if endpoint.wants(event_type)
        ]
    )
    return event


def cloudevent(event):
    """The CloudEvents 1.0 structured-mode envelope of an outbox event."""
    return {
        "specversion": "1.0",
        "id": str(event.event_id),
        # Where the change happened, fixed when it was written (the worker that delivers it
        # serves no request).
        "source": event.source or public_url() + "/api/v1/",
        "type": TYPE_PREFIX + event.type,
        "subject": event.subject,
        "time": event.occurred_at.isoformat().replace("+00:00", "Z"),
        "datacontenttype": "application/json",
        "data": {**event.data, "sequence": event.pk},
    }
