"""Permission-matrix entries of the letters pages (merged by tests/obligations/matrix.py).

A case registered by the Conselho Tutelar of Passos (persona ct.passos), not referred to
anyone, with one letter of the Conselho awaiting its answer. The oracle: only casework roles
reach these pages (403 for the others); only the Conselho, which follows the case and issued
the letter, gets them (404 for every other service, of Passos or elsewhere: the case is not
theirs); the service's list of letters is every casework service's own (200).
"""

from datetime import timedelta

from django.utils import timezone

from serdh.obligations import letters
from tests.cases.factories import acting, open_case
from tests.matrix_support import Probe, role, role_page


def casework(p):
    return role(p) in ("worker", "coordinator")


def entries(o):
    case = open_case("ct.passos", victim_name="Matriz Ofício Teste", age=11)
    today = timezone.localdate()
    letter = letters.issue(
        acting("ct.passos"),
        case,
        addressee="Vara da Infância e Juventude da Comarca de Passos",
        subject="Encaminhamento à autoridade judiciária",
        body="Encaminhamos o caso para as providências cabíveis (matriz de permissões).",
        sent_on=today,
        channel="email",
        answer_due=today + timedelta(days=30),
    )

    def ct_only(p):
        return 200 if p == "ct.passos" else 404

    page = role_page(casework, ct_only)
    return {
        "obligations:letter_list": [
            Probe((), role_page(casework)),
            Probe((), role_page(casework), label="filtered", data={"situacao": "issued"}),
        ],
        "obligations:letter_add": [
            Probe((case.pk,), page),
            Probe((case.pk,), page, label="template", data={"modelo": "requisicao_servico"}),
        ],
        "obligations:letter_detail": [Probe((letter.pk,), page)],
        "obligations:letter_pdf": [Probe((letter.pk,), page)],
        "obligations:letter_answer": [Probe((letter.pk,), page)],
        "obligations:letter_cancel": [Probe((letter.pk,), page)],
    }
