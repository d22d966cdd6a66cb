"""A referral as FHIR R4: a Bundle (collection) of ServiceRequest (what is asked) and Task
(its workflow), validated in the tests with fhir.resources (R4 4.0.1 models).

Persons are not exported: the subject is a logical reference to the case by its protocol.
"""

from serdh.cases.choices import FHIR_TASK_STATUS, ReferralStatus, Urgency
from serdh.core.origin import public_url

PRIORITY = {
    Urgency.LOW: "routine",
    Urgency.MEDIUM: "urgent",
    Urgency.HIGH: "asap",
    Urgency.CRITICAL: "stat",
}
# ServiceRequest.status (request-status) for each referral status.
REQUEST_STATUS = {
    ReferralStatus.SENT: "active",
    ReferralStatus.RECEIVED: "active",
    ReferralStatus.ACCEPTED: "active",
    ReferralStatus.IN_PROGRESS: "active",
    ReferralStatus.COMPLETED: "completed",
    ReferralStatus.DECLINED: "revoked",
    ReferralStatus.CANCELLED: "revoked",
}


def _base():
    return public_url()


def _instant(value):
    return value.isoformat() if value else None


def _organization(org):
    return {"reference": f"Organization/{org.pk}", "display": org.name}


def _case_subject(case):
    return {
        "type": "Group",
        "identifier": {"system": f"{_base()}/fhir/sid/protocolo", "value": case.protocol or ""},
        "display": f"Vítima(s) do caso {case.protocol}",
    }


def referral_bundle(referral):
    case = referral.case
    status = ReferralStatus(referral.status)
    sr_id = f"encaminhamento-{referral.pk}"
    task_id = f"encaminhamento-{referral.pk}-tarefa"
    identifier = [{"system": f"{_base()}/fhir/sid/encaminhamento", "value": str(referral.pk)}]
    service_request = {
        "resourceType": "ServiceRequest",
        "id": sr_id,
        "identifier": identifier,
        "status": REQUEST_STATUS[status],
        "intent": "order",
        "priority": PRIORITY[Urgency(referral.urgency)],
        "code": {"text": referral.service_requested},
        "subject": _case_subject(case),
        "authoredOn": _instant(referral.sent_at),
        "requester": _organization(referral.from_organization),
        "performer": [_organization(referral.to_organization)],
    }
    task = {
        "resourceType": "Task",
        "id": task_id,
        "identifier": identifier,
        "status": FHIR_TASK_STATUS[status],
        "businessStatus": {
            "coding": [
                {
                    "system": f"{_base()}/fhir/CodeSystem/situacao-encaminhamento",
                    "code": status.value,
                    "display": str(status.label),
                }
            ]
        },
        "intent": "order",
        "priority": PRIORITY[Urgency(referral.urgency)],
        "focus": {"reference": f"ServiceRequest/{sr_id}"},
        "for": _case_subject(case),
        "authoredOn": _instant(referral.sent_at),
        "lastModified": _instant(referral.updated_at),
        "requester": _organization(referral.from_organization),
        "owner": _organization(referral.to_organization),
        "restriction": {"period": {"end": referral.due_date.isoformat()}},
    }
    reason = referral.decline_reason or referral.cancel_reason
    if status in (ReferralStatus.DECLINED, ReferralStatus.CANCELLED) and reason:
        task["statusReason"] = {"text": reason}
    if status == ReferralStatus.COMPLETED and referral.counter_referral:
        task["output"] = [
            {"type": {"text": "Contrarreferência"}, "valueString": referral.counter_referral}
        ]
    base = f"{_base()}/fhir"
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _instant(referral.updated_at),
        "entry": [
            {"fullUrl": f"{base}/ServiceRequest/{sr_id}", "resource": service_request},
            {"fullUrl": f"{base}/Task/{task_id}", "resource": task},
        ],
    }
