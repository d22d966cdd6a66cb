"""The two-person rule for memberships that reach case content (issue 11, finding 1).

The attack reproduced: an administrator granted itself a worker membership on a CRAS, switched
to it and read a case's narrative and names. Now nobody grants or changes a membership of their
own account, and a casework or manager membership granted by an admin becomes usable only after
a second person (the receiving service's coordinator, or a state admin other than the grantor)
approves it. Every request and decision is a flagged audit event naming grantor and approver.
"""

import pytest
from django.urls import reverse

from serdh.accounts import approvals, services
from serdh.accounts.models import Approval, Membership, User
from serdh.core.errors import NotPermitted
from serdh.core.models import AuditEvent
from serdh.network.models import Organization
from tests.cases.factories import acting, open_case

CREAS = "CREAS Passos"


@pytest.fixture
def creas_case(db):
    case = open_case("creas.passos", victim_name="Rita Aprovação Teste")
    return case


def grant(client, user, org_name, role="worker"):
    org = Organization.objects.get(name=org_name)
    return client.post(
        reverse("accounts:membership_grant", args=[user.pk]),
        {"organization": org.pk, "role": role},
        follow=True,
    )


def new_user(username="nova.pessoa"):
    """Someone already in Passos' network (a portal contributor), so its admins see them."""
    user = User.objects.create(username=username, full_name="Nova Pessoa Teste")
    Membership.objects.create(
        user=user,
        organization=Organization.objects.get(
            name="Secretaria Municipal de Desenvolvimento Social de Passos"
        ),
        role="contributor",
    )
    return user


@pytest.mark.parametrize("admin", ["admin.passos", "admin.mg"])
def test_an_admin_cannot_grant_itself_a_casework_role_and_read_a_case(
    client_for, admin, creas_case
):
    client = client_for(admin)
    me = User.objects.get(username=admin)
    html = grant(client, me, CREAS).content.decode()
    assert "Ninguém concede, aprova ou altera vínculos da própria conta" in html
    assert not Membership.objects.filter(user=me, organization__name=CREAS).exists()
    assert not AuditEvent.objects.filter(
        action__startswith="membership.", actor_label=admin
    ).exists()
    # No membership to switch to, so the case stays out of reach.
    assert client.get(reverse("cases:case_detail", args=[creas_case.pk])).status_code == 404
    # Nor does the service layer let it through when called directly.
    with pytest.raises(NotPermitted):
        services.grant_membership(acting(admin), me, Organization.objects.get(name=CREAS), "worker")


def test_the_own_user_page_offers_no_grant_form(client_for):
    admin = User.objects.get(username="admin.passos")
    html = (
        client_for("admin.passos")
        .get(reverse("accounts:user_detail", args=[admin.pk]))
        .content.decode()
    )
    assert "Conceder vínculo" not in html
    assert "os seus vínculos são concedidos e alterados por outra pessoa" in html


def test_a_worker_membership_waits_for_the_coordinator_then_reads_the_case(client_for, creas_case):
    person = new_user()
    html = grant(client_for("admin.passos"), person, CREAS).content.decode()
    assert "Pedido de vínculo registrado" in html
    membership = Membership.objects.get(user=person, approval__in=["pending", "refused"])
    assert membership.approval == Approval.PENDING and not membership.is_active

    worker = client_for("nova.pessoa")
    assert worker.get(reverse("cases:case_detail", args=[creas_case.pk])).status_code == 404

    coordinator = client_for("coord.creas.passos")
    page = coordinator.get(reverse("web:approvals")).content.decode()
    assert "nova.pessoa" in page and "Aprovar" in page
    response = coordinator.post(reverse("accounts:membership_approve", args=[membership.pk]))
    assert response.status_code == 302

    membership.refresh_from_db()
    assert membership.is_active and membership.approval == Approval.APPROVED
    assert membership.decided_by.username == "coord.creas.passos"
    worker.post(reverse("accounts:switch_membership"), {"membership": membership.pk})
    detail = worker.get(reverse("cases:case_detail", args=[creas_case.pk]))
    assert detail.status_code == 200
    assert "Rita Aprovação Teste" in detail.content.decode()

    requested = AuditEvent.objects.get(action="membership.requested", object_id=str(membership.pk))
    approved = AuditEvent.objects.get(action="membership.approved", object_id=str(membership.pk))
    assert requested.flagged and approved.flagged
    assert requested.actor_label == "admin.passos"
    assert approved.actor_label == "coord.creas.passos"
    assert approved.data["granted_by"] == User.objects.get(username="admin.passos").pk
    assert approved.data["decided_by"] == User.objects.get(username="coord.creas.passos").pk


def test_a_new_account_with_a_casework_role_starts_pending(client_for):
    org = Organization.objects.get(name=CREAS)
    client_for("admin.passos").post(
        reverse("accounts:user_create"),
        {
            "username": "outra.pessoa",
            "full_name": "Outra Pessoa",
            "email": "o@demo.invalid",
            "organization": org.pk,
            "role": "worker",
            "password": "Boa#Chave2026x",
        },
    )
    membership = Membership.objects.get(user__username="outra.pessoa")
    assert membership.is_pending and not membership.is_active


def test_the_grantor_cannot_approve_its_own_request(client_for, persona):
    person = new_user()
    admin = client_for("admin.mg")
    grant(admin, person, CREAS)
    membership = Membership.objects.get(user=person, approval__in=["pending", "refused"])
    assert "nova.pessoa" not in admin.get(reverse("web:approvals")).content.decode()
    response = admin.post(reverse("accounts:membership_approve", args=[membership.pk]))
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.is_pending
    with pytest.raises(NotPermitted):
        approvals.approve_membership(acting("admin.mg"), membership)


def test_nobody_approves_a_request_for_their_own_account(persona):
    coordinator = persona("coord.creas.passos")
    Membership.objects.create(
        user=coordinator,
        organization=Organization.objects.get(name=CREAS),
        role="worker",
        is_active=False,
        approval=Approval.PENDING,
        granted_by=persona("admin.passos"),
    )
    assert not approvals.pending_for(acting("coord.creas.passos")).exists()


def test_a_coordinator_of_another_service_cannot_approve(client_for, persona):
    person = new_user()
    grant(client_for("admin.passos"), person, "CRAS Centro — Passos")
    membership = Membership.objects.get(user=person, approval__in=["pending", "refused"])
    coordinator = client_for("coord.creas.passos")
    assert "nova.pessoa" not in coordinator.get(reverse("web:approvals")).content.decode()
    response = coordinator.post(reverse("accounts:membership_approve", args=[membership.pk]))
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.is_pending
    # The state admin (not the grantor) may.
    assert (
        client_for("admin.mg")
        .post(reverse("accounts:membership_approve", args=[membership.pk]))
        .status_code
        == 302
    )
    membership.refresh_from_db()
    assert membership.is_active


def test_a_manager_role_needs_a_state_admin_not_a_coordinator(client_for, persona):
    person = new_user()
    grant(
        client_for("admin.passos"),
        person,
        "Secretaria Municipal de Desenvolvimento Social de Passos",
        role="municipal_manager",
    )
    membership = Membership.objects.get(user=person, approval__in=["pending", "refused"])
    assert membership.is_pending
    assert not approvals.pending_for(acting("coord.creas.passos")).filter(pk=membership.pk)
    assert approvals.pending_for(acting("admin.mg")).filter(pk=membership.pk).exists()


def test_a_role_without_case_content_needs_no_approval(client_for):
    person = new_user()
    grant(client_for("admin.passos"), person, "CRAS Centro — Passos", role="contributor")
    membership = Membership.objects.get(
        user=person, role="contributor", organization__name="CRAS Centro — Passos"
    )
    assert membership.is_active and membership.approval == Approval.NOT_REQUIRED
    assert AuditEvent.objects.filter(action="membership.granted", flagged=False).exists()


def test_a_refusal_needs_a_reason_and_is_flagged(client_for):
    person = new_user()
    grant(client_for("admin.passos"), person, CREAS)
    membership = Membership.objects.get(user=person, approval__in=["pending", "refused"])
    coordinator = client_for("coord.creas.passos")
    url = reverse("accounts:membership_refuse", args=[membership.pk])
    html = coordinator.post(url, {"reason": ""}, follow=True).content.decode()
    assert "por que recusa" in html
    membership.refresh_from_db()
    assert membership.is_pending
    coordinator.post(url, {"reason": "Não trabalha neste serviço."})
    membership.refresh_from_db()
    assert membership.approval == Approval.REFUSED and not membership.is_active
    event = AuditEvent.objects.get(action="membership.refused")
    assert event.flagged and event.reason == "Não trabalha neste serviço."
    # Deciding twice changes nothing.
    assert (
        coordinator.post(reverse("accounts:membership_approve", args=[membership.pk])).status_code
        == 404
    )
    membership.refresh_from_db()
    assert membership.approval == Approval.REFUSED


def test_withdrawing_a_pending_request_cancels_it(client_for):
    person = new_user()
    admin = client_for("admin.passos")
    grant(admin, person, CREAS)
    membership = Membership.objects.get(user=person, approval__in=["pending", "refused"])
    admin.post(reverse("accounts:membership_revoke", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.approval == Approval.CANCELLED and not membership.is_active
    assert not approvals.pending_for(acting("coord.creas.passos")).exists()
    assert AuditEvent.objects.filter(action="membership.withdrawn", flagged=True).exists()
