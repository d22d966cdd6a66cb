"""Permission matrix entries for the vocabulary pages (see tests/test_permission_matrix.py).

Every network user reads the vocabularies; only the state manager changes them. The POST
probes act on terms created here, so the manager's request really changes something."""

from serdh.vocabularies.models import Term, Vocabulary
from tests.matrix_support import Probe, logged_in, role, role_page


def is_state_manager(p):
    return role(p) == "state_manager"


def _matrix_terms():
    vocabulary = Vocabulary.objects.get(key="follow_up_kind")
    active, _ = Term.objects.get_or_create(
        vocabulary=vocabulary,
        code="matrix_active",
        defaults={"label": "Termo da matriz (em uso)", "source": "local", "order": 900},
    )
    retired, _ = Term.objects.get_or_create(
        vocabulary=vocabulary,
        code="matrix_retired",
        defaults={
            "label": "Termo da matriz (retirado)",
            "source": "local",
            "order": 901,
            "is_active": False,
        },
    )
    return active, retired


def entries(o):
    active, retired = _matrix_terms()
    manager = is_state_manager
    return {
        "vocabularies:vocabulary_list": [Probe((), logged_in(lambda p: 200))],
        "vocabularies:vocabulary_detail": [
            Probe(("violation_type",), logged_in(lambda p: 200)),
            Probe(("follow_up_kind",), logged_in(lambda p: 200)),
            Probe(("no_such_vocabulary",), logged_in(lambda p: 404), label="unknown key"),
        ],
        "vocabularies:term_add": [
            Probe(("violation_type",), role_page(manager, lambda p: 405)),
            Probe(
                ("follow_up_kind",),
                role_page(manager, lambda p: 200),
                method="post",
                data={"label": ""},
                label="invalid form: errors shown, nothing added",
            ),
            Probe(
                ("no_such_vocabulary",),
                role_page(manager, lambda p: 404),
                method="post",
                data={"label": "Qualquer"},
                label="unknown key",
            ),
        ],
        "vocabularies:term_retire": [
            Probe(("follow_up_kind", active.code), role_page(manager, lambda p: 405)),
            Probe(
                ("follow_up_kind", active.code),
                role_page(manager, lambda p: 302),
                method="post",
                label="retire a term in use",
            ),
            Probe(
                ("follow_up_kind", "no_such_term"),
                role_page(manager, lambda p: 404),
                method="post",
                label="unknown term",
            ),
            Probe(
                ("sex", active.code),
                role_page(manager, lambda p: 404),
                method="post",
                label="term of another vocabulary",
            ),
        ],
        "vocabularies:term_reactivate": [
            Probe(("follow_up_kind", retired.code), role_page(manager, lambda p: 405)),
            Probe(
                ("follow_up_kind", retired.code),
                role_page(manager, lambda p: 302),
                method="post",
                label="reactivate a retired term",
            ),
            Probe(
                ("no_such_vocabulary", retired.code),
                role_page(manager, lambda p: 404),
                method="post",
                label="unknown key",
            ),
        ],
    }
