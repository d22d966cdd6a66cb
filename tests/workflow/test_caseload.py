"""Caseload (issue 13): the coordinator assigns the service's cases; a worker sees in full the
cases assigned to them and those nobody in the service is assigned to, and only the summary
(with who is responsible) of the others; a team setting keeps "everyone sees everything"."""

import pytest
from django.urls import reverse

from serdh.cases.models import Case
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.models import AuditEvent
from serdh.people.models import Person
from serdh.workflow import assignments
from serdh.workflow import team as team_rules
from serdh.workflow.models import Assignment, Notification, TeamSettings
from tests.cases.factories import acting, open_case
from tests.workflow.factories import second_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(db):
    other = second_worker()
    case = open_case("creas.passos", victim_name="Marina Caseload Teste")
    return {"case": case, "other": other}


def sees_in_full(username, case):
    return Case.objects.restrict(acting(username)).filter(pk=case.pk).exists()


def test_a_case_nobody_is_assigned_to_is_seen_in_full_by_every_worker_of_the_service(team):
    assert sees_in_full("creas.passos", team["case"])
    assert sees_in_full("creas2.passos", team["case"])


def test_once_assigned_the_other_worker_sees_only_the_summary_and_who_is_responsible(
    team, client_for
):
    case, owner = team["case"], acting("creas.passos")
    assignments.assign(acting("coord.creas.passos"), [case.pk], owner.pk)
    assert sees_in_full("creas.passos", case)
    assert not sees_in_full("creas2.passos", case)
    assert sees_in_full("coord.creas.passos", case)  # the coordinator sees all

    page = client_for("creas2.passos").get(reverse("cases:case_detail", args=[case.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Marina Caseload Teste" not in body
    assert "Relato de teste" not in body
    assert owner.display_name in body  # who is responsible
    assert "Técnico(a) de referência" in body
    # ...and no write through any page, nor the victim's person page.
    other = client_for("creas2.passos")
    assert other.get(reverse("cases:party_add", args=[case.pk])).status_code == 404
    person = case.parties.get(role="victim").person
    assert other.get(reverse("cases:person_detail", args=[person.pk])).status_code == 404
    assert not Person.objects.restrict(acting("creas2.passos")).filter(pk=person.pk).exists()
    assert AuditEvent.objects.filter(action="case.summary_viewed", object_id=str(case.pk)).exists()


def test_the_case_list_of_the_other_worker_leaves_out_the_assigned_case(team, client_for):
    case = team["case"]
    assignments.assign(acting("coord.creas.passos"), [case.pk], acting("creas.passos").pk)
    listing = client_for("creas2.passos").get(reverse("cases:case_list"))
    assert case.protocol not in listing.content.decode()
    assert (
        case.protocol in client_for("creas.passos").get(reverse("cases:case_list")).content.decode()
    )


def test_a_worker_added_to_the_team_of_the_case_sees_it_in_full(team):
    case = team["case"]
    coordinator = acting("coord.creas.passos")
    assignments.assign(coordinator, [case.pk], acting("creas.passos").pk)
    assignments.assign(coordinator, [case.pk], team["other"].pk, responsible=False)
    assert sees_in_full("creas2.passos", case)


def test_a_small_team_may_keep_everyone_seeing_everything_once_a_second_person_approves(
    team, client_for
):
    """The attack of the last review: the coordinator alone opened every case of the service
    to the whole team. Now the choice waits for another coordinator or the municipal manager;
    the one who asked cannot approve it; the opening is flagged for the auditor."""
    case = team["case"]
    assignments.assign(acting("coord.creas.passos"), [case.pk], acting("creas.passos").pk)
    response = client_for("coord.creas.passos").post(
        reverse("workflow:team_settings"), {"everyone_sees_all": "on", "plan_review_days": "60"}
    )
    assert response.status_code == 302
    row = TeamSettings.objects.get(organization=case.organization)
    assert not row.everyone_sees_all and row.plan_review_days == 60
    assert not sees_in_full("creas2.passos", case)
    assert AuditEvent.objects.get(action="team.open_requested").flagged
    # The requester cannot approve it, on the page or in the service.
    client_for("coord.creas.passos").post(
        reverse("workflow:team_open_decide", args=[row.pk]), {"decision": "approve"}
    )
    assert not TeamSettings.objects.get(pk=row.pk).everyone_sees_all
    with pytest.raises(NotPermitted):
        team_rules.decide(acting("coord.creas.passos"), row, approve=True)
    # Another municipality's manager does not find it; Passos's manager is told and approves.
    other = client_for("gestor.bh").post(
        reverse("workflow:team_open_decide", args=[row.pk]), {"decision": "approve"}
    )
    assert other.status_code == 404
    told = Notification.objects.get(user__username="gestor.passos", kind="approval_waiting")
    assert "CREAS" not in told.message
    page = client_for("gestor.passos").get(reverse("web:approvals")).content.decode()
    assert "Abrir todos os casos do serviço a toda a equipe" in page
    client_for("gestor.passos").post(
        reverse("workflow:team_open_decide", args=[row.pk]), {"decision": "approve"}
    )
    row.refresh_from_db()
    assert row.everyone_sees_all and row.open_approved_by.username == "gestor.passos"
    assert sees_in_full("creas2.passos", case)
    assert AuditEvent.objects.get(action="team.open_approved").flagged
    # Narrowing again needs nobody else.
    client_for("coord.creas.passos").post(
        reverse("workflow:team_settings"), {"plan_review_days": "60"}
    )
    assert not TeamSettings.objects.get(pk=row.pk).everyone_sees_all
    assert not sees_in_full("creas2.passos", case)


def test_a_refusal_needs_a_reason_and_keeps_the_team_narrow(team, client_for):
    client_for("coord.creas.passos").post(
        reverse("workflow:team_settings"), {"everyone_sees_all": "on", "plan_review_days": "90"}
    )
    row = TeamSettings.objects.get(organization=team["case"].organization)
    with pytest.raises(ServiceError):
        team_rules.decide(acting("gestor.passos"), row, approve=False, reason="")
    team_rules.decide(acting("gestor.passos"), row, approve=False, reason="Equipe grande demais")
    row.refresh_from_db()
    assert not row.everyone_sees_all and row.open_requested_by is None


def test_reassigning_the_responsible_ends_the_previous_one_and_tells_the_new_one(team):
    case, coordinator = team["case"], acting("coord.creas.passos")
    first = acting("creas.passos")
    assignments.assign(coordinator, [case.pk], first.pk)
    assignments.assign(coordinator, [case.pk], team["other"].pk)
    active = Assignment.objects.filter(case=case, ended_at__isnull=True)
    assert [(a.user_id, a.is_responsible) for a in active] == [(team["other"].pk, True)]
    assert Assignment.objects.filter(case=case, user=first, ended_at__isnull=False).exists()
    assert not sees_in_full("creas.passos", case)
    kinds = list(case.events.filter(kind="assigned").values_list("summary", flat=True))
    assert len(kinds) == 2 and "trocado" in kinds[1]
    told = Notification.objects.get(user=team["other"], kind="case_assigned")
    assert "Marina" not in told.message and case.protocol not in told.message
    # The same assignment twice changes and tells nothing.
    assignments.assign(coordinator, [case.pk], team["other"].pk)
    assert Notification.objects.filter(user=team["other"], kind="case_assigned").count() == 1


def test_bulk_assignment_from_the_supervision_page(team, client_for):
    more = [open_case("creas.passos", victim_name=f"Pessoa Lote {i}") for i in range(3)]
    coordinator = client_for("coord.creas.passos")
    page = coordinator.get(reverse("workflow:supervision"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Casos sem técnico(a) de referência" in body
    assert "Pessoa Lote" not in body  # the list names nobody
    response = coordinator.post(
        reverse("workflow:bulk_assign"),
        {"cases": [c.pk for c in more], "user": team["other"].pk, "responsible": "1"},
    )
    assert response.status_code == 302
    assert Assignment.objects.filter(user=team["other"], is_responsible=True).count() == 3
    page = coordinator.get(reverse("workflow:supervision")).content.decode()
    assert team["other"].display_name in page
    # caseload row: 3 as reference
    row = page[page.index(team["other"].display_name) :].split("</tr>")[0]
    assert "<td>3</td>" in row


def test_bulk_assignment_with_nothing_marked_says_so_in_portuguese(team, client_for):
    response = client_for("coord.creas.passos").post(
        reverse("workflow:bulk_assign"), {"user": team["other"].pk, "responsible": "1"}, follow=True
    )
    assert "Marque ao menos um caso." in response.content.decode()


def test_only_the_coordinator_of_the_service_assigns(team):
    case = team["case"]
    with pytest.raises(NotPermitted):
        assignments.assign(acting("creas.passos"), [case.pk], team["other"].pk)
    # A coordinator role elsewhere is not enough: the case is not their service's.
    from serdh.accounts.models import Membership
    from serdh.network.models import Organization

    outsider = second_worker("coord.cras.passos", "CRAS Centro — Passos")
    Membership.objects.filter(user=outsider).update(role="coordinator")
    with pytest.raises(NotPermitted):
        assignments.assign(acting("coord.cras.passos"), [case.pk], outsider.pk)
    # A professional of another service cannot be assigned.
    with pytest.raises(ServiceError):
        assignments.assign(acting("coord.creas.passos"), [case.pk], outsider.pk)
    assert not Assignment.objects.exists()
    assert Organization.objects.filter(name="CRAS Centro — Passos").exists()


@pytest.mark.parametrize(
    "username, status",
    [
        ("coord.creas.passos", 200),
        ("creas.passos", 403),
        ("cras.passos", 403),
        ("gestor.passos", 403),
        ("admin.passos", 403),
        ("auditor.mg", 403),
    ],
)
def test_supervision_pages_belong_to_the_coordinator(team, client_for, username, status):
    client = client_for(username)
    assert client.get(reverse("workflow:supervision")).status_code == status
    assert client.get(reverse("workflow:team_settings")).status_code == status


@pytest.mark.parametrize(
    "username, status",
    [
        ("coord.creas.passos", 200),
        ("creas.passos", 403),
        ("ct.passos", 403),
        ("gestor.passos", 403),
    ],
)
def test_the_case_team_page(team, client_for, username, status):
    url = reverse("workflow:case_team", args=[team["case"].pk])
    assert client_for(username).get(url).status_code == status


def test_the_coordinator_of_another_municipality_gets_404_for_the_case_team_page(team, client_for):
    other = second_worker("coord.creas.bh", "CREAS Centro-Sul")
    from serdh.accounts.models import Membership

    Membership.objects.filter(user=other).update(role="coordinator")
    url = reverse("workflow:case_team", args=[team["case"].pk])
    assert client_for("coord.creas.bh").get(url).status_code == 404
