from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from serdh.accounts.selectors import use_membership
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.models import AuditEvent
from serdh.demo.network import DEMO_PDF, JUIZ_DE_FORA, PASSOS
from serdh.network import services
from serdh.network.models import Adhesion, Municipality, Organization

pytestmark = pytest.mark.django_db

UBERABA = 3170107
ALFENAS = 3101607


def pdf(name="termo.pdf", content=DEMO_PDF):
    return SimpleUploadedFile(name, content, "application/pdf")


@pytest.fixture
def state_admin(persona):
    user = persona("admin.mg")
    use_membership(user, user.memberships.get())
    return user


def test_an_adhesion_goes_requested_signed_active_suspended_and_back(state_admin):
    municipality = Municipality.objects.get(code=ALFENAS)
    adhesion = services.request_adhesion(state_admin, municipality)
    services.transition_adhesion(
        state_admin,
        adhesion,
        "sign",
        signed_at=date(2026, 1, 10),
        signatory_name="Prefeita Fictícia",
        signed_term=pdf(),
    )
    services.transition_adhesion(state_admin, adhesion, "activate")
    services.transition_adhesion(state_admin, adhesion, "suspend", reason="Termo vencido")
    adhesion.refresh_from_db()
    assert adhesion.status == "suspended" and adhesion.suspension_reason == "Termo vencido"
    services.transition_adhesion(state_admin, adhesion, "activate")
    adhesion.refresh_from_db()
    assert adhesion.status == "active" and adhesion.signed_term.read().startswith(b"%PDF")
    actions = list(
        AuditEvent.objects.filter(object_id=str(adhesion.pk), object_type="network.adhesion")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "adhesion.requested",
        "adhesion.sign",
        "adhesion.activate",
        "adhesion.suspend",
        "adhesion.activate",
    ]


def test_a_transition_out_of_order_is_refused_in_portuguese(state_admin):
    adhesion = Adhesion.objects.get(municipality_id=UBERABA)  # requested
    with pytest.raises(ServiceError, match="Não é possível passar de “Solicitada” para “Ativa”"):
        services.transition_adhesion(state_admin, adhesion, "activate")


def test_only_the_state_admin_manages_adhesions(persona):
    for username in ("admin.passos", "gestor.mg", "auditor.mg"):
        user = persona(username)
        use_membership(user, user.memberships.get())
        with pytest.raises(NotPermitted):
            services.transition_adhesion(
                user, Adhesion.objects.get(municipality_id=PASSOS), "suspend", reason="x"
            )
    assert Adhesion.objects.get(municipality_id=PASSOS).status == "active"


def test_an_executable_renamed_pdf_is_refused_and_nothing_changes(client_for):
    client = client_for("admin.mg")
    url = reverse("network:adhesion_transition", args=[UBERABA, "sign"])
    response = client.post(
        url,
        {
            "signed_at": "2026-01-10",
            "signatory_name": "Prefeito Fictício",
            "signed_term": pdf("termo.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "O conteúdo do arquivo não é de um tipo aceito" in html
    assert 'value="Prefeito Fictício"' in html
    assert Adhesion.objects.get(municipality_id=UBERABA).status == "requested"


def test_an_oversized_term_and_a_future_date_are_refused(client_for, settings):
    settings.SERDH_MAX_UPLOAD_BYTES = 1024
    client = client_for("admin.mg")
    url = reverse("network:adhesion_transition", args=[UBERABA, "sign"])
    big = pdf(content=DEMO_PDF + b"0" * 2048)
    html = client.post(
        url, {"signed_at": "2026-01-10", "signatory_name": "P F", "signed_term": big}
    ).content.decode()
    assert "o limite é 1,0" in html
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    html = client.post(
        url, {"signed_at": tomorrow, "signatory_name": "P F", "signed_term": pdf()}
    ).content.decode()
    assert "não pode ser futura" in html
    assert Adhesion.objects.get(municipality_id=UBERABA).status == "requested"


def test_a_service_without_active_adhesion_cannot_act_in_sima(persona, client_for):
    jf_cras = Organization.objects.get(name="CRAS Leste — Juiz de Fora")
    with pytest.raises(services.AdhesionInactive, match="ainda não tem adesão ativa"):
        services.require_active_adhesion(jf_cras)
    services.require_active_adhesion(Organization.objects.get(name="CRAS Centro — Passos"))
    html = client_for("cras.jf").get(reverse("web:home")).content.decode()
    assert "O SIMA ainda não está disponível para o seu serviço" in html
    assert "Juiz de Fora ainda não tem adesão ativa" in html
    assert "situação: assinada" in html


def test_suspending_an_adhesion_blocks_its_services_at_once(state_admin, client_for):
    worker = client_for("cras.passos")
    assert "não está disponível" not in worker.get(reverse("web:home")).content.decode()
    services.transition_adhesion(
        state_admin,
        Adhesion.objects.get(municipality_id=PASSOS),
        "suspend",
        reason="Revisão do termo",
    )
    assert "não está disponível" in worker.get(reverse("web:home")).content.decode()


def test_state_organs_do_not_depend_on_a_municipal_adhesion():
    police = Organization.objects.get(name="Delegacia de Polícia Civil de Passos")
    police.municipality_id = JUIZ_DE_FORA
    services.require_active_adhesion(police)  # no exception


def test_the_signed_term_download_is_audited(client_for):
    response = client_for("gestor.passos").get(reverse("network:adhesion_term", args=[PASSOS]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    event = AuditEvent.objects.filter(action="adhesion.term_downloaded").first()
    assert event.actor_label == "gestor.passos"
