"""SIMA pages in the permission matrix (see tests/test_permission_matrix.py).

Two cases of CRAS Centro — Passos: ``waiting`` referred to the Conselho Tutelar of Passos and
not yet accepted; ``followed`` accepted by it. The oracle: the registering service sees both
in full; the Conselho Tutelar sees ``waiting`` only as a referral summary and ``followed`` in
full; other services, other municipalities, admins and the auditor get 404; managers of the
territory see them pseudonymized. CRAS Centro — Passos has a coordinator here (not a persona),
so its worker's "Encerrar" leads to the closure request for the coordinator (302, workflow).
"""

from serdh.cases import attachments, referrals, transfers
from serdh.network.models import Organization
from tests.cases.factories import acting, follow, open_case, refer
from tests.matrix_support import ANON, PERSONAS, Probe, logged_in, role, role_page

CASEWORK = {"worker", "coordinator"}
MANAGERS = {"municipal_manager", "state_manager"}


def casework(p):
    return role(p) in CASEWORK


def manager(p):
    return role(p) in MANAGERS


def territory_manager(p):
    return p in ("gestor.passos", "gestor.mg")


def entries(o):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from serdh.accounts.models import Membership, User

    coordinator, _new = User.objects.get_or_create(
        username="coord.cras.matriz", defaults={"full_name": "Coordenação Matriz"}
    )
    Membership.objects.get_or_create(
        user=coordinator, organization=o["passos_cras"], role="coordinator"
    )

    waiting = open_case(victim_name="Joana Matriz Teste")
    refer(waiting)
    followed = open_case(victim_name="Lucas Matriz Teste")
    accepted = refer(followed)
    referrals.transition_referral(acting("ct.passos"), accepted, "accept")
    follow(followed, "ct.passos")
    attachment = attachments.add_attachment(
        acting("cras.passos"),
        followed,
        SimpleUploadedFile("laudo.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    )
    violation = followed.violations.first()
    person = followed.parties.get(role="victim").person
    waiting_referral = waiting.referrals.get()
    # Transfers of responsibility: ``moved`` passed from CRAS Centro to CREAS Passos (CRAS now
    # reads it as its former owner); ``asking`` waits for the Conselho Tutelar (no coordinator
    # there: its worker decides).
    moved = open_case(victim_name="Rita Transferida Teste")
    transfers.accept(
        acting("coord.creas.passos"),
        transfers.request_transfer(
            acting("cras.passos"),
            moved,
            to_organization=Organization.objects.get(name="CREAS Passos"),
            reason="Família passa ao acompanhamento especializado.",
        ),
    )
    asking = open_case(victim_name="Caio Transferência Teste")
    pending_transfer = transfers.request_transfer(
        acting("cras.passos"),
        asking,
        to_organization=Organization.objects.get(name="Conselho Tutelar de Passos"),
        reason="Medida de proteção: o caso passa ao Conselho Tutelar.",
    )

    def full(p, case):
        if p == "cras.passos":
            return True
        return p == "ct.passos" and case is followed

    def detail(case):
        def status(p):
            if full(p, case):
                return 200
            if p == "ct.passos":  # referral awaiting decision: sent to the referral page
                return 302
            return 200 if territory_manager(p) else 404

        return logged_in(status)

    def act(case, owner_only=False):
        def status(p):
            allowed = p == "cras.passos" if owner_only else full(p, case)
            return 200 if allowed else 404

        return role_page(casework, status)

    def post_only(p):
        return 405

    return {
        "cases:case_list": [Probe((), role_page(lambda p: casework(p) or manager(p)))],
        "cases:case_create": [Probe((), role_page(casework))],
        "cases:case_detail": [
            Probe((waiting.pk,), detail(waiting), label="awaiting decision"),
            Probe(
                (moved.pk,),
                logged_in(
                    lambda p: (
                        200
                        if p in ("cras.passos", "creas.passos", "coord.creas.passos")
                        or territory_manager(p)
                        else 404
                    )
                ),
                label="transferred: the former owner reads it",
            ),
            Probe(
                (asking.pk,),
                logged_in(
                    lambda p: (
                        200
                        if p == "cras.passos" or territory_manager(p)
                        else 302
                        if p == "ct.passos"
                        else 404
                    )
                ),
                label="transfer awaiting the Conselho Tutelar: sent to the transfer page",
            ),
            Probe((followed.pk,), detail(followed), label="followed by the CT"),
            Probe((999999,), logged_in(lambda p: 404), label="no such case"),
        ],
        "cases:case_edit": [Probe((followed.pk,), act(followed, owner_only=True))],
        "cases:case_register": [Probe((waiting.pk,), role_page(casework, post_only))],
        "cases:case_close": [
            Probe(
                (followed.pk,),
                role_page(casework, lambda p: 302 if p == "cras.passos" else 404),
                label="a worker of a service with a coordinator: to the closure request",
            )
        ],
        "cases:case_reopen": [Probe((followed.pk,), act(followed, owner_only=True))],
        "cases:party_add": [
            Probe((followed.pk,), act(followed)),
            Probe(
                (moved.pk,),
                role_page(
                    casework,
                    lambda p: 200 if p in ("creas.passos", "coord.creas.passos") else 404,
                ),
                label="transferred: the former owner no longer changes it",
            ),
            Probe((waiting.pk,), act(waiting), label="not accepted yet"),
        ],
        "cases:violation_add": [Probe((followed.pk,), act(followed))],
        "cases:violation_remove": [
            Probe((violation.pk,), role_page(casework, post_only)),
            # A POST without "confirm" asks first: the confirmation page, inside the scope.
            Probe((violation.pk,), act(followed), method="post", label="asks first"),
        ],
        "cases:referral_create": [Probe((followed.pk,), act(followed))],
        "cases:followup_add": [Probe((followed.pk,), act(followed))],
        "cases:attachment_add": [Probe((followed.pk,), act(followed))],
        "cases:attachment_download": [
            Probe((attachment.pk,), logged_in(lambda p: 200 if full(p, followed) else 404))
        ],
        "cases:person_detail": [
            Probe((person.pk,), role_page(casework, lambda p: 200 if full(p, followed) else 404))
        ],
        "cases:break_glass": [
            Probe(
                (followed.pk,), role_page(manager, lambda p: 200 if territory_manager(p) else 404)
            )
        ],
        "cases:inbox": [Probe((), role_page(casework))],
        "cases:referral_detail": [
            Probe(
                (waiting_referral.pk,),
                role_page(casework, lambda p: 200 if p in ("cras.passos", "ct.passos") else 404),
            )
        ],
        "cases:referral_action": [
            Probe((waiting_referral.pk, "accept"), role_page(casework, post_only))
        ],
        "cases:break_glass_review": [Probe((), role_page(lambda p: role(p) == "auditor"))],
        "cases:break_glass_decide": [
            Probe((1,), role_page(lambda p: role(p) == "auditor", post_only))
        ],
        "cases:deadlines": [Probe((), role_page(lambda p: role(p) == "state_manager"))],
        "cases:transfer_create": [Probe((followed.pk,), act(followed, owner_only=True))],
        "cases:transfer_list": [Probe((), role_page(casework))],
        "cases:transfer_detail": [
            Probe(
                (pending_transfer.pk,),
                role_page(casework, lambda p: 200 if p in ("cras.passos", "ct.passos") else 404),
            )
        ],
        "cases:transfer_action": [
            Probe((pending_transfer.pk, "accept"), role_page(casework, post_only))
        ],
    }


__all__ = ["ANON", "PERSONAS"]
