"""Case plans (issue 13): goals and actions with the responsible service and professional,
due dates and status; the coordinator approves (a refusal needs a reason); reviewed on the
service's schedule, the review and each action of a professional becoming their task."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from serdh.core.errors import NotPermitted, ServiceError
from serdh.workflow import plans
from serdh.workflow.models import CasePlan, Task, TeamSettings
from tests.api.test_api import api_client, post
from tests.cases.factories import acting, open_case, refer

pytestmark = pytest.mark.django_db
GOAL = "Fortalecer os vínculos familiares"


@pytest.fixture
def case(db):
    return open_case("creas.passos", victim_name="Plano Teste Lima")


def soon(days=10):
    return timezone.localdate() + timedelta(days=days)


def test_a_worker_plans_two_actions_and_the_coordinator_approves(case, client_for):
    worker = client_for("creas.passos")
    url = reverse("workflow:plan", args=[case.pk])
    assert worker.post(url, {"op": "start", "kind": "paf"}).status_code == 302
    me = acting("creas.passos")
    for days in (7, 30):
        response = worker.post(
            url,
            {
                "op": "add",
                "goal": GOAL,
                "action": f"Visita domiciliar em {days} dias",
                "responsible_organization": case.organization_id,
                "responsible_user": me.pk,
                "due_date": soon(days).isoformat(),
            },
        )
        assert response.status_code == 302
    plan = CasePlan.objects.get(case=case)
    assert plan.actions.count() == 2
    assert Task.objects.filter(assigned_to=me, kind="plan_action").count() == 2
    worker.post(url, {"op": "submit"})
    plan.refresh_from_db()
    assert plan.status == "pending"
    coordinator = client_for("coord.creas.passos")
    page = coordinator.get(url).content.decode()
    assert "Aprovar o plano" in page and GOAL in page
    coordinator.post(url, {"op": "approve"})
    plan.refresh_from_db()
    assert plan.status == "approved" and plan.approved_by.username == "coord.creas.passos"
    assert plan.next_review_on == timezone.localdate() + timedelta(days=90)
    review = Task.objects.get(kind="plan_review", status="open")
    assert review.assigned_to == me and review.due_date == plan.next_review_on
    kinds = list(case.events.values_list("kind", flat=True))
    assert "plan_submitted" in kinds and "plan_approved" in kinds


def test_a_refusal_needs_a_reason_and_sends_the_plan_back(case):
    plan = plans.start_plan(acting("creas.passos"), case, kind="paf")
    with pytest.raises(ServiceError):
        plans.submit(acting("creas.passos"), plan)  # no action yet
    plans.add_action(acting("creas.passos"), plan, goal=GOAL, action="Atendimento", due_date=soon())
    plans.submit(acting("creas.passos"), plan)
    with pytest.raises(NotPermitted):
        plans.decide(acting("creas.passos"), plan, approve=True)
    with pytest.raises(ServiceError):
        plans.decide(acting("coord.creas.passos"), plan, approve=False, reason="não")
    plan = plans.decide(
        acting("coord.creas.passos"),
        plan,
        approve=False,
        reason="Falta a ação com a escola da criança.",
    )
    assert plan.status == "draft" and "escola" in plan.refusal_reason


def test_the_review_follows_the_services_schedule(case):
    TeamSettings.objects.create(organization=case.organization, plan_review_days=30)
    plan = plans.start_plan(acting("coord.creas.passos"), case, kind="pia")
    plans.add_action(
        acting("coord.creas.passos"), plan, goal=GOAL, action="Atendimento", due_date=soon()
    )
    plan = plans.submit(acting("coord.creas.passos"), plan)  # the coordinator approves at once
    assert plan.status == "approved" and plan.next_review_on == soon(30)
    CasePlan.objects.filter(pk=plan.pk).update(next_review_on=soon(-1))
    assert list(plans.overdue_reviews()) == [plan]
    plans.review(acting("creas.passos"), plan, note="Metas mantidas.")
    assert not plans.overdue_reviews().exists()
    assert Task.objects.filter(kind="plan_review", status="open").count() == 1


def test_other_services_of_the_case_read_the_plan_but_do_not_change_it(case, client_for):
    from serdh.cases import referrals

    plan = plans.start_plan(acting("creas.passos"), case, kind="paf")
    plans.add_action(acting("creas.passos"), plan, goal=GOAL, action="Atendimento", due_date=soon())
    referral = refer(case, from_user="creas.passos")
    ct_page = client_for("ct.passos").get(reverse("workflow:plan", args=[case.pk]))
    assert ct_page.status_code == 404  # not accepted yet: the summary only
    referrals.transition_referral(acting("ct.passos"), referral, "accept")
    ct_page = client_for("ct.passos").get(reverse("workflow:plan", args=[case.pk])).content
    assert "Atendimento" in ct_page.decode()
    with pytest.raises(NotPermitted):
        plans.add_action(acting("ct.passos"), plan, goal="x", action="y", due_date=soon())
    assert client_for("cras.bh").get(reverse("workflow:plan", args=[case.pk])).status_code == 404


def test_plans_through_the_api(case):
    creas = api_client("creas.passos")
    made = post(creas, "/api/v1/plans/", {"case": case.pk, "kind": "paf"})
    assert made.status_code == 201, made.content
    plan_id = made.json()["id"]
    bad = post(creas, f"/api/v1/plans/{plan_id}/actions/", {"goal": GOAL})
    assert bad.status_code == 400
    added = post(
        creas,
        f"/api/v1/plans/{plan_id}/actions/",
        {"goal": GOAL, "action": "Atendimento", "due_date": str(soon())},
    )
    assert added.status_code == 200 and len(added.json()["actions"]) == 1
    assert post(creas, f"/api/v1/plans/{plan_id}/submit/", {}).json()["status"] == "pending"
    assert post(creas, f"/api/v1/plans/{plan_id}/approve/", {}).status_code == 403
    approved = post(api_client("coord.creas.passos"), f"/api/v1/plans/{plan_id}/approve/", {})
    assert approved.json()["status"] == "approved"
    assert api_client("cras.bh").get(f"/api/v1/plans/{plan_id}/").status_code == 404
