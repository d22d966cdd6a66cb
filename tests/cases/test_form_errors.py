"""Forms the gov.br / GOV.UK way (issue 18): an error summary at the top linking to each field
in error, the field marked ``aria-invalid`` and described by its message, the same words in
both; the asterisk only on what must be filled in; nothing typed is lost."""

import re

import pytest
from django.urls import reverse

from serdh.cases.models import Case, Party, Referral
from tests.cases.factories import open_case, refer

pytestmark = pytest.mark.django_db

PASSOS = 3147907


def label_of(html, field_id):
    match = re.search(rf'<label for="{field_id}">(.*?)</label>', html, re.S)
    assert match, f"no label for {field_id}"
    return match.group(1)


def control_of(html, field_id):
    match = re.search(rf'<(?:select|input|textarea)[^>]*\bid="{field_id}"[^>]*>', html)
    assert match, f"no control {field_id}"
    return match.group(0)


def summary_links(html):
    box = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert box, "no error summary"
    return dict(re.findall(r'<a href="#([^"]+)">([^<]+)</a>', box.group(0)))


def test_the_asterisk_marks_what_registering_needs_and_nothing_prefilled(client_for):
    html = client_for("cras.passos").get(reverse("cases:case_create")).content.decode()
    for needed in ("id_intake_channel", "id_reported_on", "id_violation-type"):
        assert 'class="req"' in label_of(html, needed), needed
        assert 'aria-required="true"' in control_of(html, needed)
    # A select without an empty choice cannot be missed: no asterisk.
    for prefilled in ("id_reported_precision", "id_occurred_precision", "id_violation-recurrence"):
        assert 'class="req"' not in label_of(html, prefilled), prefilled
    assert "error-summary" not in html and 'aria-invalid="true"' not in html


def test_registering_without_what_it_needs_links_each_missing_field(client_for):
    response = client_for("cras.passos").post(
        reverse("cases:case_create"),
        {
            "reported_precision": "day",
            "occurred_precision": "day",
            "urgency": "high",
            "municipality": PASSOS,
            "victim-full_name": "Nome Que Fica",
            "narrative": "Relato que não se perde",
            "violation-recurrence": "unknown",
            "register": "1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and Case.objects.count() == 0
    links = summary_links(html)
    assert links == {
        "id_intake_channel": "Como o caso chegou: Escolha como o caso chegou.",
        "id_reported_on": "Data da notificação: Informe a data da notificação.",
        "id_violation-type": "Tipo de violação: Escolha o tipo de violação.",
    }
    for field_id in links:
        control = control_of(html, field_id)
        assert 'aria-invalid="true"' in control and f"{field_id}_error" in control
        # The message under the label uses the summary's words.
        message = links[field_id].split(": ", 1)[1]
        assert re.search(rf'id="{field_id}_error">.*?{re.escape(message)}</p>', html, re.S)
    assert 'value="Nome Que Fica"' in html and "Relato que não se perde" in html


def test_a_draft_needs_none_of_it(client_for):
    response = client_for("cras.passos").post(
        reverse("cases:case_create"),
        {
            "reported_precision": "day",
            "occurred_precision": "day",
            "urgency": "medium",
            "municipality": PASSOS,
            "violation-recurrence": "unknown",
            "draft": "1",
        },
    )
    assert response.status_code == 302
    assert Case.objects.get().status == "draft"


def test_the_quick_registration_asks_race_gender_identity_and_disability(client_for):
    client = client_for("cras.passos")
    html = client.get(reverse("cases:case_create")).content.decode()
    assert 'id="id_victim-race_color"' in html and 'id="id_victim-gender_identity"' in html
    assert 'name="victim-disabilities"' in html
    from serdh.vocabularies.models import Term

    race = Term.objects.filter(vocabulary__key="race_color").exclude(code="").first()
    gender = Term.objects.filter(vocabulary__key="gender_identity").first()
    disability = Term.objects.filter(vocabulary__key="disability").first()
    violence = Term.objects.filter(vocabulary__key="violation_type", parent=None).first()
    channel = Term.objects.filter(vocabulary__key="intake_channel").first()
    response = client.post(
        reverse("cases:case_create"),
        {
            "intake_channel": channel.pk,
            "reported_on": "2026-03-10",
            "reported_precision": "day",
            "occurred_precision": "day",
            "urgency": "medium",
            "municipality": PASSOS,
            "victim-age_years": "9",
            "victim-sex": "F",
            "victim-race_color": race.code,
            "victim-gender_identity": gender.code,
            "victim-disabilities": [disability.code],
            "violation-type": violence.pk,
            "violation-recurrence": "unknown",
            "register": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    victim = Party.objects.get(role="victim")
    assert victim.person.race_color == race.code
    assert victim.person.gender_identity == gender.code
    assert victim.person.disabilities == disability.code


def test_declining_without_a_reason_marks_the_reason_and_keeps_the_words(client_for):
    referral = refer(open_case())
    client = client_for("ct.passos")
    url = reverse("cases:referral_action", args=[referral.pk, "decline"])
    response = client.post(url, {"code": "", "reason": "Palavras que ficam"})
    html = response.content.decode()
    assert response.status_code == 200
    assert summary_links(html) == {"decline-code": "Motivo da recusa: Escolha o motivo da recusa."}
    assert 'aria-invalid="true"' in control_of(html, "decline-code")
    assert "Palavras que ficam" in html
    assert Referral.objects.get(pk=referral.pk).status != "declined"
    # "Outro motivo" needs the words: the details field is the one marked.
    response = client.post(url, {"code": "other", "reason": ""})
    html = response.content.decode()
    assert summary_links(html) == {"decline-reason": "Detalhes: Descreva o motivo."}
    assert 'aria-invalid="true"' in control_of(html, "decline-reason")
    assert re.search(r'<option value="other" selected>', html)


def test_completing_without_a_counter_referral_marks_it(client_for):
    referral = refer(open_case())
    client = client_for("ct.passos")
    client.post(reverse("cases:referral_action", args=[referral.pk, "accept"]))
    response = client.post(
        reverse("cases:referral_action", args=[referral.pk, "complete"]), {"note": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200
    links = summary_links(html)
    assert list(links) == ["complete-note"]
    assert links["complete-note"].endswith(
        "Escreva a contrarreferência: o que foi feito e o que fica para a rede."
    )
    assert 'aria-invalid="true"' in control_of(html, "complete-note")
    assert Referral.objects.get(pk=referral.pk).status == "accepted"


def test_removing_a_violation_asks_first(client_for):
    case = open_case()
    violation = case.violations.get()
    client = client_for("cras.passos")
    url = reverse("cases:violation_remove", args=[violation.pk])
    page = client.post(url)
    assert page.status_code == 200 and "Retirar esta violação?" in page.content.decode()
    assert case.violations.count() == 1  # nothing removed by the first click
    assert client.post(url, {"confirm": "1"}).status_code == 302


def test_the_case_page_shows_sex_in_words_and_a_direct_registration_as_such(client_for):
    case = open_case()
    html = client_for("cras.passos").get(reverse("cases:case_detail", args=[case.pk]))
    text = html.content.decode()
    assert "<td>Feminino</td>" in text or "<td>Masculino</td>" in text
    assert not re.search(r"<td>[MFI]</td>", text)
    assert "Caso aberto como rascunho" not in text and "Caso aberto por" in text
