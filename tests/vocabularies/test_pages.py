"""The state manager curates the vocabularies through the pages; everyone else only reads."""

import pytest
from django.urls import reverse

from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.models import AuditEvent
from serdh.vocabularies import selectors, services
from serdh.vocabularies.models import Term, Vocabulary

pytestmark = pytest.mark.django_db

MANAGER = "gestor.mg"


def detail(key):
    return reverse("vocabularies:vocabulary_detail", args=[key])


def test_every_network_user_reads_the_vocabularies(client_for):
    html = client_for("cras.passos").get(reverse("vocabularies:vocabulary_list")).content.decode()
    assert "Tipos de violação" in html and "Meios de agressão" in html
    html = client_for("cras.passos").get(detail("violation_type")).content.decode()
    assert "Estupro" in html and "58.2" in html and "INTEGRIDADE&gt;FÍSICA&gt;MAUS TRATOS" in html
    assert "Retirar" not in html and "Incluir termo" not in html


def test_the_manager_sees_the_menu_entry_and_the_controls(client_for):
    client = client_for(MANAGER)
    html = client.get(reverse("web:home")).content.decode()
    assert reverse("vocabularies:vocabulary_list") in html
    html = client.get(detail("violation_type")).content.decode()
    assert "Incluir termo" in html and "Retirar" in html
    assert (
        reverse("vocabularies:vocabulary_list")
        not in client_for("cras.passos").get(reverse("web:home")).content.decode()
    )


def test_the_manager_adds_a_subtype_through_the_page(client_for):
    sexual = selectors.get_term("violation_type", "sexual")
    response = client_for(MANAGER).post(
        reverse("vocabularies:term_add", args=["violation_type"]),
        {"label": "Importunação sexual", "parent": sexual.pk, "description": "Lei 13.718/2018."},
    )
    assert response.status_code == 302
    term = Term.objects.get(vocabulary__key="violation_type", label="Importunação sexual")
    assert term.code == "sexual.importunacao_sexual"
    assert term.parent == sexual and term.source == "local" and term.is_active
    event = AuditEvent.objects.get(action="vocabulary.term_added", object_id=str(term.pk))
    assert event.data["code"] == "sexual.importunacao_sexual"
    assert event.data["vocabulary"] == "violation_type"
    assert term in selectors.terms("violation_type")


def test_the_manager_retires_and_reactivates_a_term_through_the_page(client_for):
    client = client_for(MANAGER)
    term = selectors.get_term("place", "bar")
    response = client.post(reverse("vocabularies:term_retire", args=["place", "bar"]))
    assert response.status_code == 302
    term.refresh_from_db()
    assert not term.is_active and term.retired_at is not None
    assert AuditEvent.objects.filter(action="vocabulary.term_retired", object_id=str(term.pk))
    html = client.get(detail("place")).content.decode()
    assert "retirado" in html and "Reativar" in html

    response = client.post(reverse("vocabularies:term_reactivate", args=["place", "bar"]))
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.is_active and term.retired_at is None
    assert AuditEvent.objects.filter(action="vocabulary.term_reactivated", object_id=str(term.pk))


def test_a_worker_cannot_change_a_vocabulary(client_for):
    client = client_for("cras.passos")
    before = list(Term.objects.order_by("pk").values())
    responses = [
        client.post(
            reverse("vocabularies:term_add", args=["means"]), {"label": "Arma branca improvisada"}
        ),
        client.post(reverse("vocabularies:term_retire", args=["means", "firearm"])),
        client.post(reverse("vocabularies:term_reactivate", args=["means", "firearm"])),
    ]
    assert [r.status_code for r in responses] == [403, 403, 403]
    assert list(Term.objects.order_by("pk").values()) == before
    assert not AuditEvent.objects.filter(action__startswith="vocabulary.")


@pytest.mark.parametrize("username", ["admin.mg", "gestor.passos", "auditor.mg"])
def test_other_state_and_municipal_roles_cannot_either(client_for, username):
    response = client_for(username).post(
        reverse("vocabularies:term_retire", args=["means", "firearm"])
    )
    assert response.status_code == 403
    assert selectors.get_term("means", "firearm").is_active


def test_field_errors_are_in_portuguese_and_keep_the_input(client_for):
    response = client_for(MANAGER).post(
        reverse("vocabularies:term_add", args=["means"]),
        {"label": "", "code": "Código Inválido", "sinan_code": "57.99"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Este campo é obrigatório" in html
    assert "Use só letras minúsculas sem acento" in html
    assert 'value="57.99"' in html and 'value="Código Inválido"' in html
    assert not Term.objects.filter(sinan_code="57.99").exists()


def test_a_service_refusal_becomes_a_field_error(client_for):
    response = client_for(MANAGER).post(
        reverse("vocabularies:term_add", args=["means"]),
        {"label": "Arma de fogo artesanal", "sinan_code": "57.7"},
    )
    assert response.status_code == 200
    assert "Outro termo deste vocabulário já usa este código SINAN" in response.content.decode()


def test_the_services_recheck_the_role(persona):
    vocabulary = Vocabulary.objects.get(key="means")
    with pytest.raises(NotPermitted):
        services.add_term(persona("cras.passos"), vocabulary, label="Qualquer")
    with pytest.raises(NotPermitted):
        services.retire_term(persona("admin.mg"), selectors.get_term("means", "firearm"))
    assert not Term.objects.filter(vocabulary=vocabulary, label="Qualquer").exists()


def test_generated_codes_are_unique_and_explicit_codes_are_checked(persona):
    manager = persona(MANAGER)
    vocabulary = Vocabulary.objects.get(key="follow_up_kind")
    first = services.add_term(manager, vocabulary, label="Reunião de rede")
    vocabulary_again = Vocabulary.objects.get(key="follow_up_kind")
    with pytest.raises(ServiceError) as excinfo:
        services.add_term(manager, vocabulary_again, label="reunião de rede")
    assert excinfo.value.field == "label"
    Term.objects.filter(pk=first.pk).update(label="Reunião da rede (antiga)")
    second = services.add_term(manager, vocabulary, label="Reunião de rede")
    assert (first.code, second.code) == ("reuniao_de_rede", "reuniao_de_rede_2")
    with pytest.raises(ServiceError) as excinfo:
        services.add_term(manager, vocabulary, label="Outra", code="home_visit")
    assert excinfo.value.field == "code"
    with pytest.raises(ServiceError) as excinfo:
        services.add_term(
            manager, vocabulary, label="Sub", parent=selectors.get_term("follow_up_kind", "care")
        )
    assert excinfo.value.field == "parent"


def test_a_retired_term_leaves_terms_but_stays_in_the_database(persona):
    term = selectors.get_term("closure_reason", "moved_away")
    services.retire_term(persona(MANAGER), term)
    assert "moved_away" not in set(selectors.terms("closure_reason").values_list("code", flat=True))
    assert "moved_away" in set(
        selectors.terms("closure_reason", include_retired=True).values_list("code", flat=True)
    )
    assert Term.objects.get(pk=term.pk).retired_at is not None
    with pytest.raises(ServiceError):
        services.retire_term(persona(MANAGER), term)


def test_retiring_a_type_retires_its_subtypes_and_they_come_back_one_by_one(persona):
    manager = persona(MANAGER)
    torture = selectors.get_term("violation_type", "torture")
    services.retire_term(manager, torture)
    codes = set(selectors.terms("violation_type").values_list("code", flat=True))
    assert not {"torture", "torture.physical", "torture.psychological"} & codes
    event = AuditEvent.objects.filter(action="vocabulary.term_retired").latest("seq")
    assert sorted(event.data["children"]) == ["torture.physical", "torture.psychological"]
    with pytest.raises(ServiceError, match="Reative antes o termo pai"):
        services.reactivate_term(manager, selectors.get_term("violation_type", "torture.physical"))
    services.reactivate_term(manager, torture)
    services.reactivate_term(manager, selectors.get_term("violation_type", "torture.physical"))
    codes = set(selectors.terms("violation_type").values_list("code", flat=True))
    assert {"torture", "torture.physical"} <= codes and "torture.psychological" not in codes


def test_term_choices_group_subtypes_under_their_type():
    choices = selectors.term_choices("violation_type", value="code")
    groups = {label: options for label, options in choices if isinstance(options, list)}
    assert [code for code, _ in groups["Violência sexual"]] == [
        "sexual",
        "sexual.harassment",
        "sexual.rape",
        "sexual.child_pornography",
        "sexual.exploitation",
        "sexual.other",
    ]
    plain = dict(c for c in choices if not isinstance(c[1], list))
    assert plain["neglect"] == "Negligência/abandono"
    assert selectors.term_choices("sex", value="code") == [
        ("male", "Masculino"),
        ("female", "Feminino"),
        ("unknown", "Ignorado"),
    ]


@pytest.mark.parametrize("url", ["vocabularies:vocabulary_list", "vocabularies:vocabulary_detail"])
def test_the_pages_do_not_query_per_row(client_for, persona, url):
    """No N+1: twelve more terms on the page, not one more query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(MANAGER)
    target = reverse(url, args=["violation_type"] if url.endswith("detail") else [])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(target).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    manager = persona(MANAGER)
    vocabulary = Vocabulary.objects.get(key="violation_type")
    physical = selectors.get_term("violation_type", "physical")
    for i in range(6):
        services.add_term(manager, vocabulary, label=f"Extra {i}")
        services.add_term(manager, vocabulary, label=f"Sub {i}", parent=physical)
    assert count() == before
