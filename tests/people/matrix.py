"""The review of persons in the permission matrix (see tests/test_permission_matrix.py).

Two pairs waiting for review, one of Passos and one of Belo Horizonte, and a merge in force in
Passos. The oracle: the review and the history are pages of the managers (403 for every
other role, the services included); a pair or a merge of a municipality is seen and decided by
that municipality's manager and by the state manager, and is a 404 for the other
municipality's manager."""

from serdh.people import merge
from serdh.people.choices import Origin
from serdh.people.matching.compare import FIELDS
from tests.cases.factories import acting, open_case
from tests.matrix_support import BH, HOME_MUNICIPALITY, PASSOS, Probe, role, role_page

LEVELS = [0] * len(FIELDS)  # what the proposer says; a decision stores the levels seen


def reviewer(p):
    return role(p) in ("state_manager", "municipal_manager")


def of(municipality, inside=200):
    def status(p):
        if role(p) == "state_manager" or HOME_MUNICIPALITY.get(p) == municipality:
            return inside
        return 404

    return status


def _victim(username, name):
    return open_case(username, victim_name=name).parties.get(role="victim").person


def _pair(first, second, name, municipality):
    return merge.propose(
        (_victim(first, name), _victim(second, name)),
        0.7,
        LEVELS,
        Origin.BATCH,
        municipality=municipality,
    )


def entries(o):
    passos = _pair("cras.passos", "creas.passos", "Joana Matriz Pereira", PASSOS)
    bh = _pair("cras.bh", "ct.bh", "Rita Matriz Alves", BH)
    done = _pair("cras.passos", "ct.passos", "Lúcia Matriz Rocha", PASSOS)
    merge.decide(done, acting("gestor.passos"), "accept", "Mesma pessoa (matriz).")
    [made] = done.merges.all()
    page = role_page
    return {
        "people:review_queue": [Probe((), page(reviewer))],
        "people:candidate": [
            Probe((passos.pk,), page(reviewer, of(PASSOS)), label="a pair of Passos"),
            Probe((bh.pk,), page(reviewer, of(BH)), label="a pair of Belo Horizonte"),
            Probe((999999,), page(reviewer, lambda p: 404), label="no such pair"),
        ],
        "people:candidate_decide": [
            Probe((passos.pk,), page(reviewer, lambda p: 405)),
            # "Não sei" keeps the pair open: each manager of the territory may say it in turn.
            Probe(
                (bh.pk,),
                page(reviewer, of(BH, inside=302)),
                method="post",
                data={"decision": "unsure", "note": "Matriz"},
                label="deciding another municipality's pair",
            ),
        ],
        "people:merge_list": [Probe((), page(reviewer))],
        "people:merge_undo": [
            Probe((made.pk,), page(reviewer, of(PASSOS)), label="a merge of Passos"),
            Probe(
                (made.pk,),
                page(reviewer, of(PASSOS)),
                method="post",
                data={"reason": ""},
                label="without a reason: the form again, nothing undone",
            ),
        ],
    }
