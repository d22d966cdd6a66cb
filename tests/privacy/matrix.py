"""LGPD pages in the permission matrix: the record of processing is for everyone signed in;
the incident register is kept by the auditor (encarregado) and read by the state admin."""

from datetime import date

from serdh.accounts.models import User
from serdh.cases.models import Party
from serdh.privacy import incidents, subject
from serdh.privacy.models import Rectification
from tests.matrix_support import Probe, logged_in, role
from tests.matrix_support import role_page as page


def keeper(p):
    return role(p) in {"auditor", "state_admin"}


def entries(o):
    incident = incidents.register(
        User.objects.get(username="auditor.mg"),
        {
            "title": "Planilha enviada ao destinatário errado (matriz)",
            "description": "Evento de teste da matriz.",
            "known_on": date(2026, 11, 30),
            "criteria": ["sensitive"],
            "significant_effect": True,
            "affected_count": 3,
            "affected_children": 1,
        },
    )
    # A data subject's request about the victim of a CRAS Centro case, with a rectification
    # routed to CRAS Centro (no coordinator in the demo: nobody may decide it).
    from tests.cases.factories import open_case

    auditor = User.objects.get(username="auditor.mg")
    case = open_case("cras.passos", victim_name="Titular Matriz Souza")
    person = Party.objects.get(case=case, role="victim").person
    made = subject.open_request(
        auditor, person, reason="Pedido de acesso do titular (matriz)", reference="M-1"
    )
    (rectification,) = subject.request_rectification(
        auditor, made, what="O nome está escrito errado (matriz)."
    )
    assert isinstance(rectification, Rectification)
    auditor_only = page(lambda p: role(p) == "auditor")
    return {
        "privacy:subject_search": [Probe((), auditor_only)],
        "privacy:subject_report": [
            Probe((made.pk,), auditor_only),
            Probe((999999,), page(lambda p: role(p) == "auditor", lambda p: 404), label="none"),
        ],
        "privacy:subject_pdf": [Probe((made.pk,), auditor_only)],
        "privacy:rectification_create": [
            Probe((made.pk,), page(lambda p: role(p) == "auditor", lambda p: 405)),
            Probe(
                (made.pk,),
                page(lambda p: role(p) == "auditor", lambda p: 302),
                method="post",
                data={"what": "A data de nascimento está errada."},
            ),
        ],
        "privacy:rectification_decide": [
            Probe((rectification.pk,), page(lambda p: role(p) == "coordinator", lambda p: 405)),
            Probe(
                (rectification.pk,),
                page(lambda p: role(p) == "coordinator", lambda p: 404),
                method="post",
                data={"outcome": "done", "note": "Corrigido na matriz."},
                label="another service's request",
            ),
        ],
        "privacy:record": [Probe((), logged_in(lambda p: 200))],
        "privacy:incident_list": [Probe((), page(keeper))],
        "privacy:incident_create": [Probe((), page(lambda p: role(p) == "auditor"))],
        "privacy:incident_detail": [
            Probe((incident.pk,), page(keeper)),
            Probe((999999,), page(keeper, lambda p: 404), label="no such incident"),
            Probe(
                (incident.pk,),
                page(keeper, lambda p: 200 if role(p) == "auditor" else 404),
                method="post",
                data={"title": ""},
                label="an invalid update: the form again for the auditor",
            ),
        ],
    }
