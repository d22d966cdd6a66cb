"""Permission-matrix entries of the measures pages (merged by tests/obligations/matrix.py).

A case of a girl registered by the Conselho Tutelar de Passos (persona ct.passos) with an art.
101 measure it applied; a case of a woman registered by CREAS Passos (creas.passos and its
coordinator, coord.creas.passos) with a Maria da Penha request awaiting the court's decision.
The oracle: only casework roles reach these pages (403 for the others, managers included:
they count measures through monitoring, never read them); the service that follows the case
records (404 for every other service: the case is not theirs); a measure or a request is
updated by the service that recorded it.
"""

from datetime import date, timedelta

from django.utils import timezone

from serdh.obligations import measures
from tests.cases.factories import acting
from tests.matrix_support import Probe, role, role_page
from tests.obligations.factories import case_with, code

CREAS_TEAM = ("creas.passos", "coord.creas.passos")


def casework(p):
    return role(p) in ("worker", "coordinator")


def entries(o):
    child = case_with("ct.passos", age=9, victim_name="Matriz Medidas Teste")
    measure = measures.record_measure(
        acting("ct.passos"),
        child,
        measure=code("protective_measure", "eca_101.guidance"),
        party_id=child.parties.get(role="victim").pk,
        applied_by="ct",
        applied_on=date(2026, 3, 12),
        rights_group=code("rights_group", "freedom_respect_dignity"),
        violator_type=code("violator_type", "parents_guardian"),
    )
    woman = case_with(
        "creas.passos", age=30, relationship="partner", victim_name="Matriz Penha Teste"
    )
    request = measures.record_request(
        acting("creas.passos"),
        woman,
        victim_id=woman.parties.get(role="victim").pk,
        requested_at=timezone.now() - timedelta(hours=1),
        court="Vara Criminal de Passos",
        measures=[code("protective_measure", "lmp_23.protection_programme")],
    )

    def ct_only(p):
        return 200 if p == "ct.passos" else 404

    def creas_team(p):
        return 200 if p in CREAS_TEAM else 404

    return {
        "obligations:measure_add": [Probe((child.pk,), role_page(casework, ct_only))],
        "obligations:measure_change": [Probe((measure.pk,), role_page(casework, ct_only))],
        "obligations:measure_request_add": [Probe((woman.pk,), role_page(casework, creas_team))],
        "obligations:measure_request_decide": [
            Probe((request.pk,), role_page(casework, creas_team))
        ],
    }
