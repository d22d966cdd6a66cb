"""What is due (issue 13): tasks of someone with a date, "Minhas tarefas" (overdue, today,
this week, later) with the referrals the service must decide, the service's agenda (week and
month, printable, without JavaScript), reminders, and the supervision's overdue counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from serdh.core.errors import NotPermitted, ServiceError
from serdh.workflow import assignments, tasks
from serdh.workflow.models import Notification, Task
from tests.api.test_api import api_client, post
from tests.cases.factories import acting, open_case, refer
from tests.workflow.factories import second_worker

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


@pytest.fixture
def case(db):
    return open_case("creas.passos", victim_name="Tarefa Teste Souza")


def schedule(case, days, username="creas.passos", kind="home_visit", to=None):
    user = acting(username)
    return tasks.add_task(
        user, case, kind=kind, due_date=today() + timedelta(days=days), assigned_to=(to or user).pk
    )


def test_my_tasks_groups_overdue_today_week_and_later_with_referrals_to_decide(case, client_for):
    overdue, now, later = schedule(case, -3), schedule(case, 0), schedule(case, 40)
    referral = refer(open_case(victim_name="Outra Pessoa"), to="CREAS Passos")
    groups = tasks.my_tasks(acting("creas.passos"))
    # The referral's deadline falls in this week or the next depending on today's weekday:
    # compare the tasks alone, the referral below.
    assert [r.task for r in groups["overdue"] if r.task] == [overdue]
    assert [r.task for r in groups["today"] if r.task] == [now]
    assert [r.task for r in groups["later"] if r.task] == [later]
    decide = [r.referral for g in groups.values() for r in g if r.referral]
    assert decide == [referral]
    page = client_for("creas.passos").get(reverse("workflow:my_tasks"))
    body = page.content.decode()
    assert page.status_code == 200 and "Visita domiciliar" in body and "Vencidas" in body
    assert "<script" not in body.split("<main")[1]
    assert "Tarefa Teste Souza" not in body  # the list names nobody


def test_the_agenda_shows_the_week_and_the_month_of_the_whole_service(case, client_for):
    other = second_worker()
    assignments.assign(acting("coord.creas.passos"), [case.pk], acting("creas.passos").pk)
    assignments.assign(acting("coord.creas.passos"), [case.pk], other.pk, responsible=False)
    schedule(case, 0, to=other)
    coordinator = client_for("coord.creas.passos")
    week = coordinator.get(reverse("workflow:agenda")).content.decode()
    assert "Visita domiciliar" in week and other.display_name in week
    month = coordinator.get(reverse("workflow:agenda"), {"ver": "mes"}).content.decode()
    assert "Visita domiciliar" in month
    # A nonsense day falls back to today rather than failing.
    assert coordinator.get(reverse("workflow:agenda"), {"dia": "2026-13-45"}).status_code == 200


def test_a_task_needs_a_date_a_known_kind_and_someone_who_sees_the_case(case, client_for):
    cras = client_for("creas.passos")
    response = cras.post(reverse("workflow:task_add", args=[case.pk]), {"kind": "hearing"})
    assert response.status_code == 200 and "has-error" in response.content.decode()
    with pytest.raises(ServiceError):
        schedule(case, 900)
    other = second_worker()
    assignments.assign(acting("coord.creas.passos"), [case.pk], acting("creas.passos").pk)
    with pytest.raises(ServiceError) as refused:
        schedule(case, 2, to=other)
    assert refused.value.field == "assigned_to"
    with pytest.raises(ServiceError):
        schedule(case, 2, to=acting("cras.passos"))  # another service's professional
    with pytest.raises(NotPermitted):
        schedule(case, 2, username="cras.bh")
    assert Task.objects.count() == 0


def test_done_tasks_leave_the_lists_and_the_timeline_keeps_them(case, client_for):
    task = schedule(case, 1)
    response = client_for("creas.passos").post(reverse("workflow:task_done", args=[task.pk]))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "done" and task.done_by.username == "creas.passos"
    # The task left the list (the case's legal obligations stay: obligations.due).
    week = tasks.my_tasks(acting("creas.passos"))["week"]
    assert [row for row in week if row.task is not None] == []
    assert list(case.events.filter(kind__startswith="task_").values_list("kind", flat=True)) == [
        "task_added",
        "task_done",
    ]
    with pytest.raises(NotPermitted):
        tasks.finish_task(acting("creas.passos"), task)


def test_reminders_tell_once_the_day_before_and_when_overdue(case):
    schedule(case, 1)
    schedule(case, -1)
    assert tasks.remind() == 2
    assert tasks.remind() == 0
    messages = set(Notification.objects.filter(kind="task_due").values_list("message", flat=True))
    assert messages == {"Você tem uma tarefa para amanhã.", "Você tem uma tarefa vencida."}


def test_the_supervision_counts_overdue_tasks_per_professional(case, client_for):
    schedule(case, -2)
    page = client_for("coord.creas.passos").get(reverse("workflow:supervision")).content.decode()
    worker = acting("creas.passos").display_name
    row = page[page.index(worker) :].split("</tr>")[0]
    assert 'badge-suspended">1<' in row


def test_tasks_through_the_api(case):
    creas = api_client("creas.passos")
    worker = acting("creas.passos")
    made = post(
        creas,
        "/api/v1/tasks/",
        {"case": case.pk, "kind": "report", "due_date": str(today()), "assigned_to": worker.pk},
    )
    assert made.status_code == 201, made.content
    mine = creas.get("/api/v1/tasks/?mine=true").json()["results"]
    assert [t["id"] for t in mine] == [made.json()["id"]]
    assert api_client("cras.bh").get(f"/api/v1/tasks/{made.json()['id']}/").status_code == 404
    bad = post(creas, f"/api/v1/tasks/{made.json()['id']}/finish/", {"status": "maybe"})
    assert bad.status_code == 400
    done = post(creas, f"/api/v1/tasks/{made.json()['id']}/finish/", {"status": "done"})
    assert done.status_code == 200 and done.json()["status"] == "done"
