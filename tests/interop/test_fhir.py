"""The FHIR R4 view of a referral validates with SMART's fhirclient models (generated from
FHIR 4.0.1; strict: unknown elements, wrong types and missing required elements fail) and
follows the status table of docs/api.md through the whole workflow."""

import inspect

import pytest
from fhirclient.models import task as task_module
from fhirclient.models.bundle import Bundle
from fhirclient.models.servicerequest import ServiceRequest
from fhirclient.models.task import Task

from serdh.cases import referrals
from tests.cases.factories import acting, open_case, refer
from tests.interop.factories import bearer, org, system_client, token

pytestmark = pytest.mark.django_db


def fhir_view(api, referral):
    response = api.get(f"/api/v1/referrals/{referral.pk}/fhir/")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/fhir+json")
    bundle = Bundle(response.json(), strict=True)
    request, task = (entry.resource for entry in bundle.entry)
    assert isinstance(request, ServiceRequest) and isinstance(task, Task)
    return response.json(), request, task


def test_the_models_are_r4():
    assert "Generated from FHIR 4.0.1" in inspect.getsource(task_module)


def test_the_validator_refuses_what_r4_does_not_allow():
    from fhirclient.models.fhirabstractbase import FHIRValidationError

    with pytest.raises(FHIRValidationError):
        Task({"resourceType": "Task", "status": "requested"}, strict=True)  # no intent
    with pytest.raises(FHIRValidationError):
        Task({"resourceType": "Task", "status": "requested", "intent": "order", "x": 1})


@pytest.mark.parametrize(
    "verbs, task_status, request_status",
    [
        ([], "requested", "active"),
        (["accept"], "accepted", "active"),
        (["accept", "start"], "in-progress", "active"),
        (["accept", "start", "complete"], "completed", "completed"),
        (["decline"], "rejected", "revoked"),
    ],
)
def test_each_status_maps_to_fhir_and_validates(verbs, task_status, request_status):
    case = open_case(victim_name="Iara Fhir Campos")
    referral = refer(case)
    for verb in verbs:
        referrals.transition_referral(
            acting("ct.passos"),
            referral,
            verb,
            reason="Fora da nossa competência" if verb == "decline" else "",
            note="Medida aplicada; família acompanhada." if verb == "complete" else "",
        )
    client, secret = system_client(org("Conselho Tutelar de Passos"))
    raw, request, task = fhir_view(bearer(token(client, secret)), referral)
    assert task.status == task_status and request.status == request_status
    assert task.focus.reference == f"ServiceRequest/{request.id}"
    assert task.owner.display == "Conselho Tutelar de Passos"
    assert request.requester.display == "CRAS Centro — Passos"
    assert request.priority == "asap"  # urgency high
    assert (
        task.businessStatus.coding[0].code == referral.__class__.objects.get(pk=referral.pk).status
    )
    if task_status == "completed":
        assert task.output[0].valueString == "Medida aplicada; família acompanhada."
    if task_status == "rejected":
        assert task.statusReason.text == "Fora da nossa competência"
    # Persons never leave in the FHIR view: the subject is the case, by protocol.
    assert "Iara" not in str(raw) and request.subject.identifier.value == case.protocol


def test_the_fhir_view_is_for_the_two_services_only():
    referral = refer(open_case())
    other, secret = system_client(org("CRAS Barreiro"), by="admin.bh")
    assert (
        bearer(token(other, secret)).get(f"/api/v1/referrals/{referral.pk}/fhir/").status_code
        == 404
    )
