"""Official letters (issue 14, "Protective measures and official letters"): numbered per
organization and year without gaps, printed as an ofício from a template, the answer recorded
with its file, an overdue answer turned into one task, seen and changed by the right
services."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from serdh.cases import referrals
from serdh.cases.models import CaseEvent
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.models import AuditEvent
from serdh.obligations import letter_pdf, letters
from serdh.obligations.models import Letter, LetterCounter
from serdh.workflow.models import Task
from tests.cases.factories import acting, open_case, refer

pytestmark = pytest.mark.django_db

VICTIM = "Letícia Ofício Teste"


def today():
    return timezone.localdate()


@pytest.fixture
def case(db):
    return open_case("ct.passos", victim_name=VICTIM, age=12)


def issue(case, username="ct.passos", *, template="requisicao_servico", **overrides):
    user = acting(username)
    data = letters.prefill(
        letters.get_template(template), case, user._serdh_membership.organization
    )
    data = {
        k: letters.PLACEHOLDER.sub("atendimento de teste", v) if isinstance(v, str) else v
        for k, v in data.items()
    }
    data.update({"channel": "email", "signer_role": ""})
    data.update(overrides)
    return letters.issue(user, case, **data)


# Numbering -------------------------------------------------------------------------------


def test_letters_are_numbered_per_organization_and_year_without_gaps(case):
    first, second = issue(case), issue(case, template="comunicacao_mp")
    bh_case = open_case("ct.bh", victim_name="Outra Criança Teste", age=8)
    bh = issue(
        bh_case,
        "ct.bh",
        template="informacoes_escola",
        body="Pedimos a frequência escolar dos últimos meses.",
        addressee="Escola Estadual Teste",
        subject="Pedido de informações escolares",
    )
    assert (first.number, second.number, bh.number) == (1, 2, 1)
    assert first.year == second.year == today().year
    assert first.label == f"Ofício nº 001/{today().year} — CT Passos"
    assert bh.label.endswith(" Belo Horizonte") and bh.organization.kind == "conselho_tutelar"
    # Cancelled letters keep their number: the next one follows.
    letters.cancel(acting("ct.passos"), second, reason="Emitido para o órgão errado.")
    assert issue(case).number == 3


def test_a_new_year_starts_again_at_one(case, monkeypatch):
    assert issue(case).number == 1
    new_year = timezone.make_aware(timezone.datetime(today().year + 1, 1, 2, 9, 0))
    monkeypatch.setattr(letters, "_now", lambda: new_year)
    later = issue(case, sent_on=new_year.date(), answer_due=new_year.date() + timedelta(days=10))
    assert (later.number, later.year) == (1, today().year + 1)
    assert later.short_label == f"001/{today().year + 1}"


def test_a_rolled_back_issue_burns_no_number(case):
    with pytest.raises(RuntimeError), transaction.atomic():
        issue(case)
        raise RuntimeError("the caller's transaction fails after numbering")
    assert not Letter.objects.exists()
    # A refused issue burns none either.
    with pytest.raises(ServiceError):
        issue(case, answer_due=today() - timedelta(days=1))
    assert issue(case).number == 1
    counter = LetterCounter.objects.get()
    assert counter.last == 1


def test_placeholders_must_be_filled_and_dates_make_sense(case):
    with pytest.raises(ServiceError) as left:
        issue(case, body="Requisitamos {servico} para a criança, com urgência.")
    assert left.value.field == "body" and "{servico}" in left.value.message
    with pytest.raises(ServiceError) as far:
        issue(case, sent_on=today() + timedelta(days=30))
    assert far.value.field == "sent_on"
    with pytest.raises(ServiceError) as channel:
        issue(case, channel="pigeon")
    assert channel.value.field == "channel"


def test_templates_fill_what_sima_knows_and_nothing_about_people(case):
    data = letters.prefill(
        letters.get_template("comunicacao_vara"),
        case,
        acting("ct.passos")._serdh_membership.organization,
    )
    assert case.protocol in data["body"] and "Passos" in data["addressee"]
    assert "{fatos}" in data["body"]  # left for the professional
    assert VICTIM not in data["body"]
    assert data["answer_due"] == today() + timedelta(days=30)
    assert {t.key for t in letters.templates()} >= {
        "requisicao_servico",
        "comunicacao_mp",
        "informacoes_escola",
        "comunicacao_vara",
    }


# The PDF ---------------------------------------------------------------------------------


def test_the_pdf_is_an_oficio_with_number_addressee_subject_and_signature(case):
    letter = issue(case, body="Requisitamos atendimento psicológico.\n\nAtenciosamente,")
    content = letter_pdf.render(letter, compress=False)
    assert content.startswith(b"%PDF")
    text = content.decode("latin-1")
    assert f"001/{today().year}" in text
    assert "Assunto:" in text and "Requisi" in text
    assert "Secretaria Municipal de Sa" in text  # the addressee
    assert "Conselho Tutelar de Passos" in text  # the header
    assert "gina 1 de 1" in text  # page numbers ("página", Latin-1 escaped)
    assert acting("ct.passos").display_name.split()[0] in text  # signature block


def test_downloading_the_pdf_checks_access_and_is_audited(case, client_for):
    letter = issue(case)
    url = reverse("obligations:letter_pdf", args=[letter.pk])
    response = client_for("ct.passos").get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"].startswith("no-store")
    assert AuditEvent.objects.filter(
        action="letter.downloaded", object_id=str(letter.pk), actor_label="ct.passos"
    ).exists()
    assert client_for("cras.passos").get(url).status_code == 404
    assert client_for("ct.bh").get(url).status_code == 404
    assert client_for("gestor.passos").get(url).status_code == 403


# Answers and overdue tasks ---------------------------------------------------------------


def test_the_answer_is_recorded_with_its_file(case, client_for):
    letter = issue(case, sent_on=today() - timedelta(days=3))
    page = client_for("ct.passos").post(
        reverse("obligations:letter_answer", args=[letter.pk]),
        {
            "answered_on": today().isoformat(),
            "note": "Atendimento agendado.",
            "file": SimpleUploadedFile("resposta.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        },
    )
    assert page.status_code == 302
    letter.refresh_from_db()
    assert letter.status == "answered" and letter.answered_on == today()
    assert letter.answer_note == "Atendimento agendado."
    assert letter.answer_attachment.case_id == case.pk
    detail = client_for("ct.passos").get(reverse("obligations:letter_detail", args=[letter.pk]))
    assert reverse("cases:attachment_download", args=[letter.answer_attachment.pk]) in (
        detail.content.decode()
    )
    with pytest.raises(ServiceError):
        letters.record_answer(acting("ct.passos"), letter, answered_on=today(), note="De novo")


def test_an_answer_needs_a_date_and_a_file_or_a_summary(case, client_for):
    letter = issue(case)
    with pytest.raises(ServiceError) as empty:
        letters.record_answer(acting("ct.passos"), letter, answered_on=today())
    assert empty.value.field == "note"
    with pytest.raises(ServiceError):
        letters.record_answer(
            acting("ct.passos"), letter, answered_on=today() + timedelta(days=2), note="x"
        )
    page = client_for("ct.passos").post(
        reverse("obligations:letter_answer", args=[letter.pk]), {"note": ""}
    )
    assert page.status_code == 200 and "Este campo é obrigatório." in page.content.decode()


def test_an_overdue_answer_becomes_exactly_one_task(case):
    letter = issue(
        case, sent_on=today() - timedelta(days=20), answer_due=today() - timedelta(days=1)
    )
    on_time = issue(case)
    assert letters.overdue_answers() == 1
    assert letters.overdue_answers() == 0  # idempotent: the letter keeps its task
    [task] = Task.objects.filter(case=case)
    letter.refresh_from_db()
    assert letter.overdue_task == task and on_time.overdue_task is None
    assert task.kind == "other" and task.assigned_to.username == "ct.passos"
    assert task.due_date == today() and letter.short_label in task.note
    # Answering closes the task; the job never makes another.
    letters.record_answer(acting("ct.passos"), letter, answered_on=today(), note="Respondido.")
    task.refresh_from_db()
    assert task.status == "done"
    assert letters.overdue_answers(today() + timedelta(days=60)) == 1  # the other letter now
    assert Task.objects.filter(case=case).count() == 2


def test_the_service_list_shows_overdue_answers_first(case, client_for):
    waiting = issue(case)
    late = issue(case, sent_on=today() - timedelta(days=9), answer_due=today() - timedelta(days=2))
    answered = issue(case)
    letters.record_answer(acting("ct.passos"), answered, answered_on=today(), note="Ok.")
    body = client_for("ct.passos").get(reverse("obligations:letter_list")).content.decode()
    order = [body.index(f">{x.short_label}<") for x in (late, waiting, answered)]
    assert order == sorted(order)
    assert "resposta atrasada" in body
    assert VICTIM not in body
    assert "<script" not in body.split("<main")[1]
    others = client_for("cras.passos").get(reverse("obligations:letter_list")).content.decode()
    assert reverse("obligations:letter_detail", args=[late.pk]) not in others


# Pages and permissions -------------------------------------------------------------------


def test_issuing_from_a_template_through_the_pages(case, client_for):
    ct = client_for("ct.passos")
    add = reverse("obligations:letter_add", args=[case.pk])
    chooser = ct.get(add).content.decode()
    assert (
        "Requisição de serviço público" in chooser and "ECA (Lei 8.069/1990), art. 136" in chooser
    )
    form = ct.get(add, {"modelo": "requisicao_servico"}).content.decode()
    assert case.protocol in form and "{servico}" in form
    refused = ct.post(add, {"template": "requisicao_servico", "addressee": "", "body": "x"})
    assert refused.status_code == 200 and "Este campo é obrigatório." in refused.content.decode()
    done = ct.post(
        add,
        {
            "template": "requisicao_servico",
            "addressee": "Secretaria Municipal de Saúde de Passos",
            "subject": "Requisição de atendimento",
            "body": "Requisitamos atendimento psicológico com prioridade absoluta.",
            "sent_on": today().isoformat(),
            "channel": "by_hand",
            "answer_due": (today() + timedelta(days=10)).isoformat(),
            "signer_role": "Conselheira Tutelar",
        },
    )
    letter = Letter.objects.get()
    assert done.status_code == 302 and done.url == reverse(
        "obligations:letter_detail", args=[letter.pk]
    )
    assert letter.template == "requisicao_servico" and letter.signer_role == "Conselheira Tutelar"
    case_page = ct.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert letter.label in case_page
    # The timeline names the number, never the addressee nor the text.
    line = CaseEvent.objects.get(case=case, kind="letter_issued")
    assert letter.short_label in line.summary and "Requisitamos" not in line.summary
    assert AuditEvent.objects.filter(action="obligation.letter_recorded").exists()


def test_only_the_issuing_service_sees_and_changes_its_letters(case, client_for):
    letter = issue(case)
    detail = reverse("obligations:letter_detail", args=[letter.pk])
    assert client_for("ct.passos").get(detail).status_code == 200
    for other in ("cras.passos", "creas.passos", "ct.bh"):  # same municipality, another one
        assert client_for(other).get(detail).status_code == 404
        assert not Letter.objects.restrict(acting(other)).exists()
    assert client_for("gestor.passos").get(detail).status_code == 403
    assert not Letter.objects.restrict(acting("gestor.passos")).exists()
    assert not Letter.objects.restrict(acting("gestor.mg")).exists()
    with pytest.raises(NotPermitted):
        letters.cancel(acting("cras.passos"), letter, reason="Tentativa de outro serviço.")
    with pytest.raises(NotPermitted):
        issue(case, "cras.passos")
    cancel = reverse("obligations:letter_cancel", args=[letter.pk])
    assert client_for("cras.passos").get(cancel).status_code == 404
    assert client_for("ct.passos").post(cancel, {"reason": "curto"}).status_code == 200
    assert (
        client_for("ct.passos").post(cancel, {"reason": "Emitido em duplicidade."}).status_code
        == 302
    )
    letter.refresh_from_db()
    assert letter.status == "cancelled" and letter.cancel_reason == "Emitido em duplicidade."
    # A cancelled letter takes no answer and no second cancellation.
    assert client_for("ct.passos").get(cancel).status_code == 404


def test_a_referred_case_shows_the_letters_to_the_services_that_follow_it(client_for):
    case = open_case("cras.passos", victim_name=VICTIM, age=12)
    referral = refer(case)  # to the Conselho Tutelar of Passos
    referrals.transition_referral(acting("ct.passos"), referral, "accept")
    letter = issue(case)
    assert letter.organization.name == "Conselho Tutelar de Passos"
    detail = reverse("obligations:letter_detail", args=[letter.pk])
    # The registering service follows the case in full: it reads the letter, changes nothing.
    cras = client_for("cras.passos").get(detail)
    assert cras.status_code == 200 and "Registrar resposta" not in cras.content.decode()
    with pytest.raises(NotPermitted):
        letters.record_answer(acting("cras.passos"), letter, answered_on=today(), note="Ok.")
    assert client_for("ct.bh").get(detail).status_code == 404


def test_the_job_is_registered_and_anonymization_keeps_the_numbers(case):
    from serdh.core import periodic

    assert "letter-answers" in {job.name for job in periodic.jobs()}
    letter = issue(case)
    letters.cancel(acting("ct.passos"), letter, reason="Emitido para o órgão errado.")
    letters.anonymize([case.pk])
    letter.refresh_from_db()
    assert (letter.body, letter.cancel_reason) == ("", "")
    assert (letter.number, letter.status) == (1, "cancelled")
