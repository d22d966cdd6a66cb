"""The Formulário Nacional de Avaliação de Risco on a case (Lei 14.149/2021; Resolução Conjunta
CNJ/CNMP nº 5/2020): asked of a woman victim, repeated over time, the suggested level shown and
offered as the case urgency; the professional decides and the timeline keeps both."""

import json

import pytest
from django.db import connection
from django.urls import reverse

from serdh.core.errors import ServiceError
from serdh.obligations import risk
from serdh.obligations.models import RiskAssessment
from tests.cases.factories import acting
from tests.obligations.factories import case_with

pytestmark = pytest.mark.django_db


def answers(yes=(), default="no"):
    return {q["code"]: ("yes" if q["code"] in yes else default) for q in risk.questions()}


def woman_case(**kwargs):
    return case_with("cras.passos", age=32, sex="F", relationship="spouse", **kwargs)


def test_lei_14149_the_questions_come_from_the_versioned_form_data_in_the_forms_blocks():
    form = risk.form()
    assert [b["title"].split(" — ")[0] for b in form["blocks"]] == [
        "Bloco I",
        "Bloco II",
        "Bloco III",
        "Bloco IV",
    ]
    codes = [q["code"] for q in risk.questions()]
    assert len(codes) == len(set(codes)) >= 20
    assert "Lei 14.149/2021" in form["source"]


def test_lei_14149_the_suggested_level_follows_the_summary_rule():
    assert risk.suggest(answers())[2] == "low"
    four = ("q2_beating", "q7_substance", "q10_money_trouble", "q20_dependence")
    assert risk.suggest(answers(four)) == (4, 0, "medium")
    assert risk.suggest(answers(("q11_firearm",))) == (1, 1, "high")  # a severe factor
    eight = [q["code"] for q in risk.questions() if not q.get("severe")][:8]
    assert risk.suggest(answers(eight))[2] == "high"


def test_lei_14149_recording_keeps_the_answers_encrypted_and_both_levels_on_the_timeline():
    case = woman_case()
    victim = case.parties.get(role="victim")
    assessment = risk.record(
        acting("cras.passos"),
        case,
        victim_id=victim.pk,
        answers=answers(("q11_firearm",)),
        level="high",
        apply_urgency=True,
    )
    assert assessment.suggested_level == "high" and assessment.level == "high"
    assert json.loads(assessment.answers)["q11_firearm"] == "yes"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT answers FROM obligations_riskassessment WHERE id = %s", [assessment.pk]
        )
        [(raw,)] = cursor.fetchall()
    assert "q11_firearm" not in str(raw)  # ciphertext in the database
    case.refresh_from_db()
    assert case.urgency == "critical"
    summaries = list(case.events.values_list("summary", flat=True))
    assert "Avaliação de risco (FONAR): sugerido elevado, avaliado elevado" in summaries
    assert "Urgência alterada de alta para crítica pela avaliação de risco" in summaries


def test_lei_14149_the_professional_may_decide_otherwise_but_must_say_why():
    case = woman_case()
    victim = case.parties.get(role="victim")
    with pytest.raises(ServiceError) as refused:
        risk.record(
            acting("cras.passos"),
            case,
            victim_id=victim.pk,
            answers=answers(("q11_firearm",)),
            level="medium",
        )
    assert refused.value.field == "note"
    assessment = risk.record(
        acting("cras.passos"),
        case,
        victim_id=victim.pk,
        answers=answers(("q11_firearm",)),
        level="medium",
        note="A arma foi apreendida ontem pela polícia.",
    )
    case.refresh_from_db()
    assert assessment.suggested_level == "high" and assessment.level == "medium"
    assert case.urgency == "high"  # not applied: unchanged


def test_lei_14149_every_question_must_be_answered_and_only_for_a_woman_victim():
    case = woman_case()
    victim = case.parties.get(role="victim")
    partial = answers()
    partial.pop("q21_shelter")
    with pytest.raises(ServiceError) as refused:
        risk.record(acting("cras.passos"), case, victim_id=victim.pk, answers=partial, level="low")
    assert refused.value.field == "q21_shelter"
    man = case_with("cras.passos", age=40, sex="M", relationship="spouse")
    with pytest.raises(ServiceError):
        risk.record(
            acting("cras.passos"),
            man,
            victim_id=man.parties.get(role="victim").pk,
            answers=answers(),
            level="low",
        )


def test_lei_14149_repeated_over_time_the_case_page_lists_each_assessment(client_for):
    case = woman_case()
    victim = case.parties.get(role="victim")
    for level, yes in (("low", ()), ("high", ("q6_escalation",))):
        risk.record(
            acting("cras.passos"), case, victim_id=victim.pk, answers=answers(yes), level=level
        )
    html = client_for("cras.passos").get(reverse("cases:case_detail", args=[case.pk]))
    html = html.content.decode()
    assert html.count(reverse("obligations:risk_detail", args=[0]).replace("0/", "")) >= 2
    assert "risco elevado" in html and "risco baixo" in html


def test_the_form_page_shows_every_question_and_errors_in_portuguese(client_for):
    case = woman_case()
    client = client_for("cras.passos")
    url = reverse("obligations:risk_add", args=[case.pk])
    html = client.get(url).content.decode()
    for q in risk.questions():
        assert q["text"] in html
    response = client.post(url, {"victim_id": case.parties.get(role="victim").pk, "level": "low"})
    assert response.status_code == 200
    assert "Responda esta pergunta." in response.content.decode()
    assert not RiskAssessment.objects.filter(case=case).exists()


def test_a_case_without_a_woman_victim_has_no_risk_form(client_for):
    case = case_with("cras.passos", age=40, sex="M")
    response = client_for("cras.passos").get(reverse("obligations:risk_add", args=[case.pk]))
    assert response.status_code == 404


def test_the_answers_are_read_only_by_the_services_that_see_the_case_in_full(client_for):
    case = woman_case()
    assessment = risk.record(
        acting("cras.passos"),
        case,
        victim_id=case.parties.get(role="victim").pk,
        answers=answers(),
        level="low",
    )
    url = reverse("obligations:risk_detail", args=[assessment.pk])
    assert client_for("cras.passos").get(url).status_code == 200
    assert client_for("creas.passos").get(url).status_code == 404
    assert client_for("cras.bh").get(url).status_code == 404
    assert client_for("gestor.passos").get(url).status_code == 403
