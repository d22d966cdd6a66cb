"""Transfer of responsibility (issue 13): the owning service asks, the receiving service (its
coordinator, if it has one) accepts or refuses with a reason; on acceptance the case's owner
changes, the former owner keeps reading what it wrote and nothing it did not, and changes
nothing; a transfer to another municipality needs that municipality's adhesion active."""

from datetime import date

import pytest
from django.urls import reverse

from serdh.cases import followups, transfers
from serdh.cases.models import Case, CaseCustody, CaseEvent, CaseTransfer
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.models import AuditEvent
from serdh.network.models import Adhesion, Organization
from serdh.network.services import AdhesionInactive
from serdh.workflow import assignments, tasks
from serdh.workflow.models import Assignment, Notification, Task
from tests.cases.factories import acting, follow, open_case, term

pytestmark = pytest.mark.django_db

REASON = "A família mudou-se; o acompanhamento passa a outro serviço."


def org(name):
    return Organization.objects.get(name=name)


@pytest.fixture
def case():
    return open_case("cras.passos", victim_name="Helena Transferência Teste")


def ask(case, to="CREAS Passos", user="cras.passos"):
    return transfers.request_transfer(acting(user), case, to_organization=org(to), reason=REASON)


def test_the_receiving_coordinator_accepts_and_the_case_changes_owner(case, client_for):
    follow(case, "cras.passos")  # what CRAS wrote before the transfer
    transfer = ask(case)
    told = Notification.objects.get(kind="transfer_requested")
    assert told.user.username == "coord.creas.passos"  # the coordinator decides
    assert "Helena" not in told.message and case.protocol not in told.message
    # Before it accepts, the receiving worker sees only what it needs to decide.
    worker = client_for("creas.passos")
    page = worker.get(reverse("cases:case_detail", args=[case.pk]))
    assert page.status_code == 302
    assert page["Location"] == reverse("cases:transfer_detail", args=[transfer.pk])
    html = worker.get(page["Location"]).content.decode()
    assert REASON in html and "Helena" not in html
    assert "Aceitar a transferência" not in html  # a worker where there is a coordinator
    with pytest.raises(NotPermitted):
        transfers.accept(acting("creas.passos"), transfer)

    transfers.accept(acting("coord.creas.passos"), transfer)
    case.refresh_from_db()
    assert case.organization == org("CREAS Passos")
    assert case.municipality_id == org("CRAS Centro — Passos").municipality_id
    assert CaseCustody.objects.filter(case=case, organization=org("CRAS Centro — Passos")).exists()
    timeline = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert "transfer_requested" in timeline and "transferred" in timeline
    assert AuditEvent.objects.filter(action="case.transferred").exists()
    decided = Notification.objects.get(kind="transfer_decided")
    assert decided.user.username == "cras.passos"
    # The new owner now works the case in full.
    html = client_for("creas.passos").get(reverse("cases:case_detail", args=[case.pk]))
    assert html.status_code == 200 and "Helena" in html.content.decode()


def test_the_former_owner_reads_what_it_wrote_and_nothing_it_did_not(case, client_for):
    mine = follow(case, "cras.passos")
    transfers.accept(acting("coord.creas.passos"), ask(case))
    theirs = followups.record_follow_up(
        acting("creas.passos"),
        case,
        kind=term("follow_up_kind"),
        happened_on=date(2026, 4, 2),
        description="Registro novo do CREAS sobre a família",
    )
    cras = client_for("cras.passos")
    html = cras.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Helena" in html  # the case record it registered
    assert "foi transferido para CREAS Passos" in html
    assert mine.description in html
    assert theirs.description not in html
    assert "Encerrar" not in html and "Incluir envolvido(a)" not in html
    # No writes, through any page or the service itself.
    for name in ("party_add", "followup_add", "referral_create", "case_edit", "transfer_create"):
        assert cras.get(reverse(f"cases:{name}", args=[case.pk])).status_code == 404, name
    with pytest.raises(NotPermitted):
        followups.record_follow_up(
            acting("cras.passos"), case, kind=term("follow_up_kind"), happened_on=date.today()
        )
    # The API answers the same: the case, not the new owner's follow-up, no writes.
    body = cras.get(f"/api/v1/cases/{case.pk}/").json()
    assert body["organization"] == org("CREAS Passos").pk
    response = cras.post(
        f"/api/v1/cases/{case.pk}/follow-ups/",
        {"kind": term("follow_up_kind").code, "happened_on": "2026-04-03"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_a_transfer_to_another_municipality_needs_its_adhesion_active(case):
    with pytest.raises(ServiceError) as refused:
        ask(case, to="CRAS Leste — Juiz de Fora")
    assert refused.value.field == "to_organization"
    assert not CaseTransfer.objects.exists()
    # Active when asked, suspended before the decision: the acceptance is refused.
    transfer = ask(case, to="CRAS Barreiro")
    Adhesion.objects.filter(municipality=org("CRAS Barreiro").municipality).update(
        status="suspended"
    )
    with pytest.raises(AdhesionInactive):
        transfers.accept(acting("cras.bh"), transfer)  # the service's adhesion is inactive
    assert Case.objects.get(pk=case.pk).organization == org("CRAS Centro — Passos")


def test_a_case_moved_to_another_municipality_keeps_its_place_and_can_be_edited(case, client_for):
    transfers.accept(acting("cras.bh"), ask(case, to="CRAS Barreiro"))  # no coordinator
    case.refresh_from_db()
    assert case.organization == org("CRAS Barreiro")
    assert case.municipality_id == org("CRAS Centro — Passos").municipality_id
    from serdh.cases import registration

    registration.update_case(acting("cras.bh"), case, {"narrative": "Relato revisado em BH"})
    case.refresh_from_db()
    assert case.narrative == "Relato revisado em BH"
    # Other services of Belo Horizonte, and of Passos, still get a 404.
    assert client_for("ct.bh").get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    assert (
        client_for("ct.passos").get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    )


def test_refusing_needs_a_reason_and_leaves_the_case_where_it_was(case, client_for):
    transfer = ask(case, to="Conselho Tutelar de Passos")
    ct = client_for("ct.passos")
    url = reverse("cases:transfer_action", args=[transfer.pk, "refuse"])
    response = ct.post(url, {"reason": "curto"}, follow=True)
    assert "ao menos 10 caracteres" in response.content.decode()
    assert CaseTransfer.objects.get(pk=transfer.pk).status == "pending"
    ct.post(url, {"reason": "O caso não é de competência do Conselho Tutelar."})
    transfer.refresh_from_db()
    assert transfer.status == "refused"
    assert Case.objects.get(pk=case.pk).organization == org("CRAS Centro — Passos")
    assert Notification.objects.filter(user__username="cras.passos", kind="transfer_decided")


def test_only_the_two_services_see_a_transfer_and_only_the_sender_cancels(case, client_for):
    transfer = ask(case, to="Conselho Tutelar de Passos")
    for other in ("ct.bh", "cras.bh", "creas.passos"):
        page = client_for(other).get(reverse("cases:transfer_detail", args=[transfer.pk]))
        assert page.status_code == 404, other
    with pytest.raises(NotPermitted):
        transfers.cancel(acting("ct.passos"), transfer)
    with pytest.raises(ServiceError):
        ask(case)  # one pending transfer at a time
    transfers.cancel(acting("cras.passos"), transfer)
    assert CaseTransfer.objects.get(pk=transfer.pk).status == "cancelled"
    with pytest.raises(NotPermitted):
        transfers.accept(acting("ct.passos"), transfer)


def test_only_the_owner_transfers_and_not_a_draft_nor_a_closed_case(case):
    with pytest.raises(NotPermitted):
        transfers.request_transfer(
            acting("ct.passos"), case, to_organization=org("CREAS Passos"), reason=REASON
        )
    draft = open_case("cras.passos", register=False)
    with pytest.raises(ServiceError):
        ask(draft)
    with pytest.raises(ServiceError) as short:
        transfers.request_transfer(
            acting("cras.passos"), case, to_organization=org("CREAS Passos"), reason="mudou"
        )
    assert short.value.field == "reason"


def test_the_former_services_work_on_the_case_stops(client_for):
    case = open_case("creas.passos", victim_name="Bruno Equipe Teste")
    assignments.assign(acting("coord.creas.passos"), [case.pk], acting("creas.passos").pk)
    task = tasks.add_task(
        acting("creas.passos"),
        case,
        kind="home_visit",
        due_date=date(2026, 12, 20),
        assigned_to=acting("creas.passos").pk,
    )
    transfer = transfers.request_transfer(
        acting("coord.creas.passos"),
        case,
        to_organization=org("CRAS Centro — Passos"),
        reason=REASON,
    )
    transfers.accept(acting("cras.passos"), transfer)  # CRAS Centro has no coordinator
    assert not Assignment.objects.filter(case=case, ended_at__isnull=True).exists()
    assert Task.objects.get(pk=task.pk).status == "cancelled"
    # CREAS's worker still reads the case it followed (read only).
    page = client_for("creas.passos").get(reverse("cases:case_detail", args=[case.pk]))
    assert page.status_code == 200 and "foi transferido" in page.content.decode()


def test_the_transfer_is_announced_to_both_services_systems():
    from serdh.interop.models import OutboxEvent

    case = open_case("cras.passos")
    transfer = ask(case)
    transfers.accept(acting("coord.creas.passos"), transfer)
    events = {e.type: e for e in OutboxEvent.objects.filter(case_id=case.pk)}
    assert {"case.transfer_requested", "case.transferred"} <= set(events)
    moved = events["case.transferred"]
    assert {org("CRAS Centro — Passos").pk, org("CREAS Passos").pk} <= set(moved.organization_ids)
    assert "Helena" not in str(moved.data) and REASON not in str(moved.data)


def test_the_api_asks_and_decides_with_problem_errors(case, client_for):
    cras = client_for("cras.passos")
    bad = cras.post(
        "/api/v1/transfers/",
        {
            "case": case.pk,
            "to_organization": org("CRAS Leste — Juiz de Fora").pk,
            "reason": REASON,
        },
        content_type="application/json",
    )
    assert bad.status_code in (400, 422)
    assert bad["Content-Type"] == "application/problem+json"
    made = cras.post(
        "/api/v1/transfers/",
        {"case": case.pk, "to_organization": org("CREAS Passos").pk, "reason": REASON},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    transfer_id = made.json()["id"]
    # Another municipality's service: 404, never 403.
    other = client_for("cras.bh").post(
        f"/api/v1/transfers/{transfer_id}/accept/", {}, content_type="application/json"
    )
    assert other.status_code == 404
    worker = client_for("creas.passos").post(
        f"/api/v1/transfers/{transfer_id}/accept/", {}, content_type="application/json"
    )
    assert worker.status_code == 403
    done = client_for("coord.creas.passos").post(
        f"/api/v1/transfers/{transfer_id}/accept/", {}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == "accepted"
    listed = client_for("coord.creas.passos").get("/api/v1/transfers/?box=received").json()
    assert [t["id"] for t in listed["results"]] == [transfer_id]
    # Someone else's case cannot be transferred by id-guessing: 404.
    again = client_for("cras.bh").post(
        "/api/v1/transfers/",
        {"case": case.pk, "to_organization": org("CRAS Barreiro").pk, "reason": REASON},
        content_type="application/json",
    )
    assert again.status_code == 404
