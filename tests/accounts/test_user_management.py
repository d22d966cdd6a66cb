import pytest
from django.conf import settings
from django.urls import reverse

from serdh.accounts import services
from serdh.accounts.models import Membership, User
from serdh.accounts.selectors import use_membership
from serdh.core.crypto import blind_index
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.models import AuditEvent
from serdh.network.models import Organization


def acting(persona, username):
    user = persona(username)
    use_membership(user, user.memberships.get())
    return user


def new_user_form(org, role="worker", **extra):
    return {
        "username": "nova.tecnica",
        "full_name": "Nova Técnica",
        "email": "n@demo.invalid",
        "organization": org.pk,
        "role": role,
        "password": "Boa#Chave2026x",
        **extra,
    }


def test_a_municipal_admin_creates_a_worker_in_its_municipality(client_for):
    org = Organization.objects.get(name="CREAS Passos")
    response = client_for("admin.passos").post(reverse("accounts:user_create"), new_user_form(org))
    user = User.objects.get(username="nova.tecnica")
    assert response.status_code == 302
    membership = user.memberships.get()
    assert membership.organization == org
    # A worker role reaches case content: usable only after a second person approves it
    # (tests/accounts/test_approvals.py).
    assert membership.is_pending and not membership.is_active
    assert user.check_password("Boa#Chave2026x")
    assert AuditEvent.objects.filter(action="user.created", object_id=str(user.pk)).exists()
    assert AuditEvent.objects.filter(action="membership.requested").first().actor_label == (
        "admin.passos"
    )


def test_a_municipal_admin_cannot_grant_in_another_municipality(persona):
    admin = acting(persona, "admin.passos")
    with pytest.raises(NotPermitted):
        services.create_user(
            admin,
            username="x.y",
            full_name="X Y",
            email="x@demo.invalid",
            password="Boa#Chave2026x",
            role="worker",
            organization=Organization.objects.get(name="CREAS Centro-Sul"),
        )
    assert not User.objects.filter(username="x.y").exists()


def test_a_municipal_admin_cannot_grant_state_roles(persona):
    admin = acting(persona, "admin.passos")
    org = Organization.objects.get(name="CREAS Passos")
    assert not services.may_grant(admin, org, "state_manager")
    assert not services.may_grant(admin, org, "auditor")
    assert services.may_grant(admin, org, "coordinator")


def test_the_create_form_offers_only_the_admins_organizations(client_for):
    html = client_for("admin.passos").get(reverse("accounts:user_create")).content.decode()
    assert "CREAS Passos" in html
    assert "CREAS Centro-Sul" not in html
    assert "Delegacia de Polícia Civil de Passos" not in html  # a state organ
    assert "Gestor(a) estadual" not in html


def test_bad_input_is_refused_field_by_field_and_keeps_what_was_typed(client_for):
    org = Organization.objects.get(name="CREAS Passos")
    response = client_for("admin.passos").post(
        reverse("accounts:user_create"),
        new_user_form(org, cpf="111.111.111-11"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "CPF inválido" in html
    assert 'value="Nova Técnica"' in html  # nothing lost
    response = client_for("admin.passos").post(
        reverse("accounts:user_create"), new_user_form(org, username="cras.passos")
    )
    assert "já está em uso" in response.content.decode()
    response = client_for("admin.passos").post(
        reverse("accounts:user_create"), new_user_form(org, password="fraca")
    )
    assert "pelo menos 12 caracteres" in response.content.decode()
    assert not User.objects.filter(username="nova.tecnica").exists()


def test_a_cpf_is_stored_encrypted_and_found_by_its_blind_index(persona):
    admin = acting(persona, "admin.passos")
    org = Organization.objects.get(name="CREAS Passos")
    user = services.create_user(
        admin,
        username="com.cpf",
        full_name="Com CPF",
        email="c@demo.invalid",
        password="Boa#Chave2026x",
        role="worker",
        organization=org,
        cpf="529.982.247-25",
    )
    assert User.objects.get(cpf_index=blind_index("52998224725", "cpf")) == user
    with pytest.raises(ServiceError):
        services.create_user(
            admin,
            username="outro.cpf",
            full_name="Outro",
            email="o@demo.invalid",
            password="Boa#Chave2026x",
            role="worker",
            organization=org,
            cpf="52998224725",
        )


def test_revoking_takes_effect_on_the_next_request(client_for):
    worker = client_for("cras.passos")
    assert worker.get(reverse("web:home")).status_code == 200
    membership = Membership.objects.get(user__username="cras.passos")
    response = client_for("admin.passos").post(
        reverse("accounts:membership_revoke", args=[membership.pk])
    )
    assert response.status_code == 302
    assert "nenhum vínculo ativo" in worker.get(reverse("web:home")).content.decode()
    assert AuditEvent.objects.filter(action="membership.revoked").exists()


def test_an_admin_cannot_edit_someone_who_also_works_elsewhere(client_for, persona):
    user = persona("cras.passos")
    Membership.objects.create(
        user=user, role="worker", organization=Organization.objects.get(name="CRAS Barreiro")
    )
    response = client_for("admin.passos").post(
        reverse("accounts:user_detail", args=[user.pk]),
        {"full_name": "Trocado", "email": "t@demo.invalid", "is_active": ""},
    )
    assert response.status_code == 404
    user.refresh_from_db()
    assert user.is_active and user.full_name != "Trocado"
    response = client_for("admin.mg").post(
        reverse("accounts:user_detail", args=[user.pk]),
        {
            "full_name": "Nome Corrigido",
            "email": "t@demo.invalid",
            "is_active": "on",
            "cpf": user.cpf,
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Nome Corrigido"
    event = AuditEvent.objects.filter(action="user.updated").first()
    assert event.data == {"changed": ["email", "full_name"]}  # which fields, never the values


def test_a_membership_can_be_granted_again_after_revocation(client_for, persona):
    user = persona("cras.passos")
    org = Organization.objects.get(name="CREAS Passos")
    admin = client_for("admin.passos")
    url = reverse("accounts:membership_grant", args=[user.pk])
    admin.post(url, {"organization": org.pk, "role": "coordinator"})
    membership = Membership.objects.get(user=user, organization=org, role="coordinator")
    assert membership.is_pending
    html = admin.post(
        url, {"organization": org.pk, "role": "coordinator"}, follow=True
    ).content.decode()
    assert "Este vínculo já aguarda aprovação" in html
    client_for("coord.creas.passos").post(
        reverse("accounts:membership_approve", args=[membership.pk])
    )
    membership.refresh_from_db()
    assert membership.is_active
    admin.post(reverse("accounts:membership_revoke", args=[membership.pk]))
    membership.refresh_from_db()
    assert not membership.is_active
    # Granted again after revocation: a new request, approved again.
    admin.post(url, {"organization": org.pk, "role": "coordinator"})
    membership.refresh_from_db()
    assert membership.is_pending and membership.decided_by is None
    client_for("coord.creas.passos").post(
        reverse("accounts:membership_approve", args=[membership.pk])
    )
    membership.refresh_from_db()
    assert membership.is_active
    html = admin.post(
        url, {"organization": org.pk, "role": "coordinator"}, follow=True
    ).content.decode()
    assert "Este vínculo já existe" in html


def test_the_demo_password_is_a_valid_password(db):
    from django.contrib.auth.password_validation import validate_password

    validate_password(settings.SERDH_DEMO_PASSWORD)
