"""Obligations pages in the permission matrix (see tests/test_permission_matrix.py).

A case of a child victim registered by CRAS Centro — Passos (persona cras.passos) raises the
communication to the Conselho Tutelar, a CRAS obligation. The oracle: only casework roles reach
these pages (403 for the others); only the CRAS, which may change the case and is responsible
for the obligation, gets the forms (404 for every other service: the case is not theirs).
The measures and letters pages add their own entries (matrix_measures, matrix_letters).
"""

from serdh.obligations import risk, sinan
from serdh.obligations.models import Obligation
from tests.cases.factories import acting, open_case
from tests.matrix_support import Probe, role, role_page

from . import matrix_letters, matrix_measures


def casework(p):
    return role(p) in ("worker", "coordinator")


def entries(o):
    case = open_case("cras.passos", victim_name="Matriz Obrigações Teste", age=10)
    obligation = Obligation.objects.get(case=case, kind="ct_communication")

    woman = open_case("cras.passos", victim_name="Matriz Risco Teste", age=31)
    assessment = risk.record(
        acting("cras.passos"),
        woman,
        victim_id=woman.parties.get(role="victim").pk,
        answers={q["code"]: "no" for q in risk.questions()},
        level="low",
    )

    notification = sinan.save(
        acting("cras.passos"),
        case,
        victim_id=case.parties.get(role="victim").pk,
        answers={"CS_GESTANT": "6"},
    )

    def cras_only(p):
        return 200 if p == "cras.passos" else 404

    return {
        "obligations:fulfil": [Probe((obligation.pk,), role_page(casework, cras_only))],
        "obligations:hearing_add": [Probe((case.pk,), role_page(casework, cras_only))],
        "obligations:proceeding_add": [Probe((case.pk,), role_page(casework, cras_only))],
        "obligations:risk_add": [Probe((woman.pk,), role_page(casework, cras_only))],
        "obligations:risk_detail": [Probe((assessment.pk,), role_page(casework, cras_only))],
        "obligations:sinan_form": [
            Probe((case.pk, notification.victim_id), role_page(casework, cras_only))
        ],
        "obligations:sinan_detail": [Probe((notification.pk,), role_page(casework, cras_only))],
        "obligations:sinan_pdf": [Probe((notification.pk,), role_page(casework, cras_only))],
        "obligations:sinan_list": [Probe((), role_page(casework))],
        # The DBF export is the coordinator's (flagged for the auditor).
        "obligations:sinan_export": [
            Probe((), role_page(casework, lambda p: 200 if role(p) == "coordinator" else 403))
        ],
        **matrix_measures.entries(o),
        **matrix_letters.entries(o),
    }
