"""Sign-in pages in the permission matrix (issue 12): everyone signed in reaches their own
account, second factor and sessions; the second step of signing in and password reset are
for whoever is not signed in; admins act on the sign-in of the users they manage (their
territory), and a second-factor reset another admin asked for is decided by a coordinator of
the user's service or another state admin (none can, for the reset below: admin.mg asked it
and nobody coordinates CRAS Barreiro)."""

from serdh.accounts.models import SecondFactorReset, User
from tests.matrix_support import (
    ANON,
    PASSOS,
    Probe,
    is_state_admin,
    logged_in,
    municipal_admin_of,
    role,
)
from tests.matrix_support import role_page as page


def admin(p):
    return role(p) in {"state_admin", "municipal_admin"}


def approver(p):
    return role(p) in {"coordinator", "state_admin"}


def manages_passos_user(p):
    return 302 if is_state_admin(p) or municipal_admin_of(p, PASSOS) else 404


def entries(o):
    cras_passos = User.objects.get(username="cras.passos")
    pending = SecondFactorReset.objects.create(
        user=User.objects.get(username="cras.bh"),
        requested_by=User.objects.get(username="admin.mg"),
        reason="Celular perdido (matriz)",
    )
    everyone = lambda p: 200  # noqa: E731
    return {
        "accounts:account": [Probe((), logged_in(everyone))],
        # Nobody here has a pending sign-in or an authenticator: back to the login page.
        "accounts:second_factor": [Probe((), lambda p: 302)],
        "accounts:two_factor": [Probe((), logged_in(everyone))],
        "accounts:two_factor_confirm": [Probe((), logged_in(lambda p: 405))],
        "accounts:recovery_codes": [Probe((), logged_in(lambda p: 405))],
        "accounts:two_factor_remove": [
            Probe((), logged_in(lambda p: 405)),
            Probe((), logged_in(lambda p: 302), method="post", data={"code": "123456"}),
        ],
        "accounts:sessions": [Probe((), logged_in(everyone))],
        "accounts:session_end": [
            Probe(("0" * 32,), logged_in(lambda p: 405)),
            Probe(("0" * 32,), logged_in(lambda p: 404), method="post", label="not theirs"),
        ],
        "accounts:session_end_others": [
            Probe((), logged_in(lambda p: 405)),
            Probe((), logged_in(lambda p: 302), method="post"),
        ],
        "accounts:user_sessions_end": [
            Probe((cras_passos.pk,), page(admin, lambda p: 405)),
            Probe((cras_passos.pk,), page(admin, manages_passos_user), method="post"),
        ],
        "accounts:user_second_factor_reset": [
            Probe((cras_passos.pk,), page(admin, lambda p: 405)),
            Probe(
                (cras_passos.pk,),
                page(admin, manages_passos_user),
                method="post",
                data={"reason": "Celular perdido"},
            ),
        ],
        "accounts:reset_approve": [
            Probe((pending.pk,), page(approver, lambda p: 405)),
            Probe(
                (pending.pk,),
                page(approver, lambda p: 404),
                method="post",
                label="the requester's own, another service's",
            ),
        ],
        "accounts:reset_refuse": [
            Probe((pending.pk,), page(approver, lambda p: 405)),
            Probe(
                (pending.pk,),
                page(approver, lambda p: 404),
                method="post",
                data={"reason": "Teste da matriz"},
                label="the requester's own, another service's",
            ),
        ],
        # Login gov.br is off unless SERDH_GOVBR_CLIENT_ID is set (tests/accounts/test_govbr.py
        # turns it on against a local provider).
        "accounts:govbr_login": [Probe((), lambda p: 404)],
        "accounts:govbr_callback": [Probe((), lambda p: 404)],
        "accounts:govbr_link": [
            Probe((), logged_in(lambda p: 405)),
            Probe((), logged_in(lambda p: 404), method="post", label="gov.br off"),
        ],
        "accounts:govbr_unlink": [
            Probe((), logged_in(lambda p: 405)),
            Probe((), logged_in(lambda p: 404), method="post", label="gov.br off"),
        ],
        "accounts:password_reset": [Probe((), lambda p: 200 if p == ANON else 302)],
        "accounts:password_reset_sent": [Probe((), everyone)],
        "accounts:password_reset_confirm": [
            Probe(("MQ", "no-such-token"), everyone, label="invalid link")
        ],
        "accounts:password_reset_complete": [Probe((), everyone)],
    }
