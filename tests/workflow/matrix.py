"""Workflow pages in the permission matrix (see tests/test_permission_matrix.py).

A case of CREAS Passos (which has a worker, creas.passos, and a coordinator,
coord.creas.passos), assigned by the coordinator to the worker, with the worker's closure
request waiting; a notification of the Conselho Tutelar of Passos. The oracle: supervision and
assignment pages are the coordinator's (403 for every other role); the closure request is the
registering service's; its decision page is seen by that service and decided by the
coordinator (404 elsewhere); each person's notifications are their own (404 for anyone else's).
"""

from datetime import date

from django.utils.timezone import now

from serdh.workflow import (
    assignments,
    closure,
    flags,
    households,
    notifications,
    plans,
    tasks,
    team,
)
from serdh.workflow.models import DuplicateProposal
from tests.cases.factories import acting, open_case, term
from tests.matrix_support import ANON, Probe, logged_in, role, role_page

CREAS_TEAM = ("creas.passos", "coord.creas.passos")


def coordinator(p):
    return role(p) == "coordinator"


def casework(p):
    return role(p) in ("worker", "coordinator")


def entries(o):
    case = open_case("creas.passos", victim_name="Matriz Fluxo Teste")
    [assignment] = assignments.assign(
        acting("coord.creas.passos"), [case.pk], acting("creas.passos").pk
    )
    request = closure.request_closure(acting("creas.passos"), case, reason=term("closure_reason"))
    flag = flags.add_flag(acting("creas.passos"), case, kind="author_armed", note="Matriz")
    task = tasks.add_task(
        acting("creas.passos"),
        case,
        kind="home_visit",
        due_date=date(2026, 12, 10),
        assigned_to=acting("creas.passos").pk,
    )
    plan = plans.start_plan(acting("creas.passos"), case, kind="paf")
    team_row, _waiting = team.save(
        acting("coord.creas.passos"), everyone_sees_all=True, plan_review_days=90
    )
    ct = acting("ct.passos")
    note = notifications.notify(ct, "case_assigned", "Matriz", "/sima/", dedupe_key="matriz")
    sibling = open_case("creas.passos", victim_name="Irmã Matriz Teste")
    link = households.link_cases(
        acting("creas.passos"),
        case,
        other=sibling.protocol,
        kind="siblings",
        reason="Irmãs vítimas do mesmo autor.",
    )
    proposal = DuplicateProposal.objects.create(
        case_a_id=min(case.pk, sibling.pk), case_b_id=max(case.pk, sibling.pk), created_at=now()
    )
    victim = case.parties.get(role="victim").person_id
    family = households.record_household(acting("creas.passos"), case, members={}, reference=victim)
    member = (
        households.record_household(
            acting("creas.passos"),
            sibling,
            members={sibling.parties.get(role="victim").person_id: "sibling"},
            household=family,
        )
        .members.exclude(person_id=victim)
        .get()
    )

    def closure_request_status(p):
        if p == "creas.passos":
            return 200
        if p == "coord.creas.passos":
            return 302  # closes directly: sent to the closing page
        return 404

    def api(status_fn):
        return lambda p: 401 if p == ANON else status_fn(p)

    def team_page(p):
        return 200 if p in CREAS_TEAM else 404

    def team_only(p):
        return 200 if p in CREAS_TEAM else 404

    everyone = api(lambda p: 200)  # lists are filtered to the caller (tested in test_api.py)
    post_only = api(lambda p: 405)
    return {
        "api:assignment-list": [Probe((), everyone)],
        "api:assignment-detail": [Probe((assignment.pk,), api(team_only))],
        "api:assignment-end": [Probe((assignment.pk,), post_only)],
        "api:closure-request-list": [Probe((), everyone)],
        "api:closure-request-detail": [Probe((request.pk,), api(team_only))],
        "api:closure-request-approve": [Probe((request.pk,), post_only)],
        "api:closure-request-refuse": [Probe((request.pk,), post_only)],
        "api:closure-request-withdraw": [Probe((request.pk,), post_only)],
        "api:safety-flag-list": [Probe((), everyone)],
        # Safety information, not identity: the territory's managers see it with the
        # pseudonymized case (without the reason).
        "api:safety-flag-detail": [
            Probe(
                (flag.pk,),
                api(lambda p: 200 if p in (*CREAS_TEAM, "gestor.passos", "gestor.mg") else 404),
            )
        ],
        "api:safety-flag-remove": [Probe((flag.pk,), post_only)],
        "workflow:flag_add": [Probe((case.pk,), role_page(casework, team_page))],
        "workflow:flag_remove": [Probe((flag.pk,), role_page(casework, team_page))],
        "api:task-list": [Probe((), everyone)],
        "api:task-detail": [Probe((task.pk,), api(team_only))],
        "api:task-finish": [Probe((task.pk,), post_only)],
        "workflow:my_tasks": [Probe((), role_page(casework))],
        "workflow:agenda": [
            Probe((), role_page(casework)),
            Probe((), role_page(casework), label="month", data={"ver": "mes", "dia": "2026-02-30"}),
        ],
        "workflow:task_add": [Probe((case.pk,), role_page(casework, team_page))],
        "workflow:task_done": [Probe((task.pk,), role_page(casework, lambda p: 405))],
        "api:plan-list": [Probe((), everyone)],
        "api:plan-detail": [Probe((plan.pk,), api(team_only))],
        "api:plan-actions": [Probe((plan.pk,), post_only)],
        "api:plan-submit": [Probe((plan.pk,), post_only)],
        "api:plan-approve": [Probe((plan.pk,), post_only)],
        "api:plan-refuse": [Probe((plan.pk,), post_only)],
        "api:plan-review": [Probe((plan.pk,), post_only)],
        "workflow:plan": [Probe((case.pk,), role_page(casework, team_page))],
        "api:notification-list": [Probe((), everyone)],
        "api:notification-read": [Probe((note.pk,), post_only)],
        "api:notification-read-all": [Probe((), post_only)],
        "workflow:supervision": [Probe((), role_page(coordinator))],
        "workflow:bulk_assign": [Probe((), role_page(coordinator, lambda p: 405))],
        "workflow:team_settings": [Probe((), role_page(coordinator))],
        "workflow:team_open_decide": [
            Probe(
                (team_row.pk,),
                role_page(lambda p: role(p) in ("coordinator", "municipal_manager"), lambda p: 405),
            )
        ],
        "workflow:case_team": [Probe((case.pk,), role_page(coordinator))],
        "workflow:unassign": [Probe((assignment.pk,), role_page(coordinator, lambda p: 405))],
        "workflow:closure_request": [
            Probe((case.pk,), role_page(casework, closure_request_status))
        ],
        "workflow:closure_decide": [
            Probe(
                (request.pk,),
                role_page(casework, lambda p: 200 if p in CREAS_TEAM else 404),
            )
        ],
        "workflow:link_add": [Probe((case.pk,), role_page(casework, team_page))],
        "workflow:link_remove": [Probe((link.pk,), role_page(casework, lambda p: 405))],
        "workflow:duplicate_answer": [Probe((proposal.pk,), role_page(casework, lambda p: 405))],
        "workflow:household_record": [Probe((case.pk,), role_page(casework, team_page))],
        "workflow:households": [Probe((), role_page(casework))],
        "workflow:household": [Probe((family.pk,), role_page(casework, team_page))],
        "workflow:household_member_remove": [
            Probe((member.pk,), role_page(casework, lambda p: 405))
        ],
        "workflow:notifications": [Probe((), logged_in(lambda p: 200))],
        "workflow:preferences": [Probe((), logged_in(lambda p: 200))],
        "workflow:notification_open": [
            Probe((note.pk,), logged_in(lambda p: 302 if p == "ct.passos" else 404))
        ],
    }
