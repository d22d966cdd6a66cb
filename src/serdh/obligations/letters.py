"""Official letters (ofícios) to bodies outside SER-DH: issue, cancel, record the answer, and
the periodic job that turns an overdue answer into a task (docs/letters.md).

Numbering. ``next_number`` increments the issuing organization's counter for the year in the
issuing transaction: the counter row stays locked until that transaction ends and rolls back
with it, so two letters never share a number and a failed issue burns none (the scheme of
cases.registration.next_protocol). A letter exists only once numbered (no drafts); a
cancelled letter keeps its number, with the reason.
"""

import json
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from serdh.accounts.selectors import current_membership, use_membership
from serdh.cases.acting import acting_organization, lock_case, log
from serdh.cases.choices import CaseStatus
from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.network.choices import OrganizationKind

from .models_letters import Letter, LetterChannel, LetterCounter, LetterStatus

TEMPLATES_FILE = Path(__file__).parent / "data" / "letter_templates.json"
MAX_ANSWER_DAYS = 365
SEND_AHEAD_DAYS = 7
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


# Templates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterTemplate:
    key: str
    name: str
    source: str
    addressee: str
    subject: str
    answer_days: int
    body: str


@cache
def _load():
    data = json.loads(TEMPLATES_FILE.read_text(encoding="utf-8"))
    found = {}
    for row in data["templates"]:
        found[row["key"]] = LetterTemplate(**row)
    return found


def templates():
    return list(_load().values())


def get_template(key):
    return _load().get(key)


class _Keep(dict):
    """Leaves unknown placeholders as they are, for the professional to fill."""

    def __missing__(self, key):
        return "{" + key + "}"


def known_values(case, organization, *, answer_due=None, today=None):
    """What SIMA fills in a template by itself: nothing about people."""
    today = today or timezone.localdate()
    municipality = organization.municipality
    values = {
        "protocolo": case.protocol or "",
        "municipio": municipality.name if municipality else "",
        "uf": municipality.state.uf if municipality else "",
        "orgao": organization.name,
        "data": date_format(today, "DATE_FORMAT"),
    }
    if answer_due is not None:
        values["prazo"] = answer_due.strftime("%d/%m/%Y")
    return values


def fill(text, values):
    return (text or "").format_map(_Keep(values)) if "{" in (text or "") else (text or "")


def prefill(template, case, organization, today=None):
    """The issue form's initial data from a template (the professional edits it)."""
    today = today or timezone.localdate()
    due = today + timedelta(days=template.answer_days)
    values = known_values(case, organization, answer_due=due, today=today)
    return {
        "template": template.key,
        "addressee": fill(template.addressee, values),
        "subject": fill(template.subject, values),
        "body": fill(template.body, values),
        "sent_on": today,
        "answer_due": due,
    }


def default_signer_role(membership):
    if membership is None:
        return ""
    organization = membership.organization
    if organization.kind == OrganizationKind.CONSELHO_TUTELAR:
        role = _("Conselheiro(a) Tutelar")
    else:
        role = membership.get_role_display()
    return f"{role} — {organization.name}"[:120]


def _now():
    # One seam for the tests of the year change.
    return timezone.now()


# Numbering -----------------------------------------------------------------------------


def next_number(organization, year):
    """Gap-free numbering per organization and year: the counter row is locked until the
    issuing transaction ends, and rolls back with it."""
    LetterCounter.objects.bulk_create(
        [LetterCounter(organization=organization, year=year, last=0)], ignore_conflicts=True
    )
    counter = LetterCounter.objects.filter(organization=organization, year=year)
    counter.update(last=F("last") + 1)
    return counter.values_list("last", flat=True).get()


# Writes --------------------------------------------------------------------------------


def _clean_text(value, field, minimum, maximum, message):
    value = (value or "").strip()
    if len(value) < minimum:
        raise ServiceError(message, field=field)
    return value[:maximum]


def _recorded(case, letter, step, user, organization, summary):
    # The timeline says what happened to which letter number, never to whom it was written
    # nor what it says (a manager may read the timeline).
    log(case, f"letter_{step}", summary, user, organization)
    audit.record(
        "obligation.letter_recorded",
        case,
        data={"letter": letter.pk, "step": step, "number": letter.short_label},
        organization_id=letter.organization_id,
    )


def issue(
    user,
    case,
    *,
    addressee,
    subject,
    body,
    sent_on,
    channel,
    answer_due,
    addressee_address="",
    template="",
    signer_role="",
):
    """Number and record an official letter of the user's service on the case."""
    addressee = _clean_text(
        addressee, "addressee", 3, 200, _("Informe o órgão destinatário do ofício.")
    )
    subject = _clean_text(subject, "subject", 5, 200, _("Informe o assunto do ofício."))
    body = _clean_text(body, "body", 20, 20000, _("Escreva o texto do ofício."))
    left = sorted(set(PLACEHOLDER.findall(body + " " + subject + " " + addressee)))
    if left:
        raise ServiceError(
            _("Substitua os campos entre chaves antes de emitir: %(f)s.")
            % {"f": ", ".join("{" + name + "}" for name in left)},
            field="body",
        )
    if channel not in LetterChannel.values:
        raise ServiceError(_("Escolha o meio de envio da lista."), field="channel")
    if template and get_template(template) is None:
        template = ""
    now = _now()
    today = timezone.localdate(now)
    if sent_on is None:
        raise ServiceError(_("Informe a data de envio."), field="sent_on")
    if sent_on > today + timedelta(days=SEND_AHEAD_DAYS):
        raise ServiceError(
            _("A data de envio pode estar no máximo %(d)s dias à frente.") % {"d": SEND_AHEAD_DAYS},
            field="sent_on",
        )
    if answer_due is None or answer_due < sent_on:
        raise ServiceError(
            _("O prazo da resposta deve ser igual ou posterior ao envio."), field="answer_due"
        )
    if answer_due > sent_on + timedelta(days=MAX_ANSWER_DAYS):
        raise ServiceError(
            _("O prazo da resposta pode ser de no máximo um ano."), field="answer_due"
        )
    with transaction.atomic():
        organization = acting_organization(user)
        case = lock_case(user, case)
        if not case.is_open:
            raise ServiceError(_("Só casos abertos recebem ofícios."))
        if case.reported_on and sent_on < case.reported_on:
            raise ServiceError(
                _("A data de envio não pode ser anterior à notificação do caso."),
                field="sent_on",
            )
        membership = current_membership(user)
        signer_role = (signer_role or "").strip()[:120] or default_signer_role(membership)
        letter = Letter.objects.create(
            case=case,
            organization=organization,
            year=today.year,
            number=next_number(organization, today.year),
            issued_at=now,
            template=template,
            addressee=addressee,
            addressee_address=(addressee_address or "").strip()[:250],
            subject=subject,
            body=body,
            sent_on=sent_on,
            channel=channel,
            answer_due=answer_due,
            signer_name=user.display_name[:200],
            signer_role=signer_role,
            created_by=user,
        )
        _recorded(
            case,
            letter,
            "issued",
            user,
            organization,
            _("Ofício emitido: %(n)s, resposta esperada até %(d)s")
            % {"n": letter.label, "d": answer_due.strftime("%d/%m/%Y")},
        )
    return letter


def _lock_letter(user, letter):
    locked = (
        Letter.objects.restrict(user, access.CHANGE)
        .select_for_update()
        .filter(pk=letter.pk)
        .select_related("organization")
        .first()
    )
    if locked is None:
        raise NotPermitted(_("Só o serviço que emitiu o ofício pode alterá-lo."))
    return locked


def cancel(user, letter, *, reason):
    """A letter issued by mistake is cancelled, not deleted: its number stays, with why."""
    reason = _clean_text(
        reason,
        "reason",
        10,
        1000,
        _("Diga por que o ofício é cancelado (ao menos 10 caracteres)."),
    )
    with transaction.atomic():
        organization = acting_organization(user)
        letter = _lock_letter(user, letter)
        if letter.status != LetterStatus.ISSUED:
            raise ServiceError(_("Só um ofício aguardando resposta pode ser cancelado."))
        letter.status = LetterStatus.CANCELLED
        letter.cancelled_at = timezone.now()
        letter.cancelled_by = user
        letter.cancel_reason = reason
        letter.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
        _close_task(user, letter)
        _recorded(
            letter.case,
            letter,
            "cancelled",
            user,
            organization,
            _("Ofício cancelado: %(n)s") % {"n": letter.label},
        )
    return letter


def record_answer(user, letter, *, answered_on, note="", uploaded=None):
    """The body's answer: when it came, a summary, and the file (stored as an attachment of
    the case, encrypted, through cases.attachments)."""
    from serdh.cases import attachments

    note = (note or "").strip()[:5000]
    if answered_on is None:
        raise ServiceError(_("Informe a data da resposta."), field="answered_on")
    if answered_on > timezone.localdate():
        raise ServiceError(_("A data da resposta não pode estar no futuro."), field="answered_on")
    if not note and uploaded is None:
        raise ServiceError(
            _("Anexe o arquivo da resposta ou resuma o que foi respondido."), field="note"
        )
    with transaction.atomic():
        organization = acting_organization(user)
        letter = _lock_letter(user, letter)
        if letter.status != LetterStatus.ISSUED:
            raise ServiceError(_("Este ofício não está aguardando resposta."))
        if answered_on < letter.sent_on:
            raise ServiceError(
                _("A resposta não pode ser anterior ao envio do ofício."), field="answered_on"
            )
        if uploaded is not None:
            letter.answer_attachment = attachments.add_attachment(
                user,
                letter.case,
                uploaded,
                description=_("Resposta ao %(n)s") % {"n": letter.label},
            )
        letter.status = LetterStatus.ANSWERED
        letter.answered_on = answered_on
        letter.answered_by = user
        letter.answer_note = note
        letter.save(
            update_fields=[
                "status",
                "answered_on",
                "answered_by",
                "answer_note",
                "answer_attachment",
            ]
        )
        _close_task(user, letter)
        _recorded(
            letter.case,
            letter,
            "answered",
            user,
            organization,
            _("Resposta registrada: %(n)s") % {"n": letter.label},
        )
    return letter


def _close_task(user, letter):
    """The overdue task of a letter is done once the letter is answered or cancelled."""
    from serdh.workflow import tasks
    from serdh.workflow.choices import TaskStatus

    task = letter.overdue_task
    if task is None or task.status != TaskStatus.OPEN:
        return
    try:
        with transaction.atomic():
            tasks.finish_task(user, task)
    except (ServiceError, NotPermitted):
        # Someone else's task on the service: it stays for them to close.
        pass


# Overdue answers -----------------------------------------------------------------------


def overdue(today=None):
    """Letters whose answer is late: issued, not answered, past the due date."""
    today = today or timezone.localdate()
    return Letter.objects.filter(status=LetterStatus.ISSUED, answer_due__lt=today)


def _candidates(letter):
    """Who takes the overdue task: the issuer while still on the service, else the service's
    coordinators, else the rest of its team."""
    from serdh.core.roles import Role
    from serdh.workflow.assignments import team

    members = list(team(letter.organization))
    members.sort(
        key=lambda m: (
            m.user_id != letter.created_by_id,
            m.role != Role.COORDINATOR,
            m.user.full_name,
        )
    )
    return members


def overdue_answers(today=None):
    """The worker's job: a task for each letter whose answer is overdue, made once per letter
    (the letter keeps it, and is locked while it is made). Returns the number of tasks
    made."""
    from serdh.workflow import tasks
    from serdh.workflow.choices import TaskKind

    today = today or timezone.localdate()
    made = 0
    pending = overdue(today).filter(
        overdue_task__isnull=True,
        case__status__in=[CaseStatus.REGISTERED, CaseStatus.IN_FOLLOW_UP],
    )
    for pk in list(pending.values_list("pk", flat=True)):
        with transaction.atomic():
            letter = (
                Letter.objects.select_for_update()
                .filter(pk=pk, status=LetterStatus.ISSUED, overdue_task__isnull=True)
                .select_related("organization", "case")
                .first()
            )
            if letter is None or not letter.case.is_open:
                continue
            note = _("Cobrar a resposta do %(n)s, enviado a %(a)s; prazo vencido em %(d)s.") % {
                "n": letter.label,
                "a": letter.addressee,
                "d": letter.answer_due.strftime("%d/%m/%Y"),
            }
            for membership in _candidates(letter):
                worker = membership.user
                use_membership(worker, membership)
                try:
                    with transaction.atomic():
                        task = tasks.add_task(
                            worker,
                            letter.case,
                            kind=TaskKind.OTHER,
                            due_date=today,
                            assigned_to=worker.pk,
                            note=note,
                        )
                except (ServiceError, NotPermitted):
                    continue
                letter.overdue_task = task
                letter.save(update_fields=["overdue_task"])
                made += 1
                break
    return made


# Hooks of the room -----------------------------------------------------------------------


def anonymize(case_ids):
    """The retention job's anonymization: the texts go, the numbers stay (no gaps)."""
    Letter.objects.filter(case_id__in=list(case_ids)).update(
        body="", answer_note="", cancel_reason="", addressee_address=""
    )
