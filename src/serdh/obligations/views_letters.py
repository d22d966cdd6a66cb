"""The pages of official letters: the service's list, issuing one on a case (choose a
template, edit, issue), a letter's page with its PDF, the answer and the cancellation."""

from datetime import timedelta

from django.contrib import messages
from django.db.models import Case as Ranked
from django.db.models import IntegerField, Value, When
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.cases.breakglass import record_read
from serdh.cases.models import Case
from serdh.cases.views import _form_error, casework_required
from serdh.core import access
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.views import deny, get_restricted

from . import letter_pdf, letters
from .forms_letters import AnswerForm, CancelForm, LetterForm
from .models_letters import Letter, LetterStatus

BLANK = "livre"
LIST_LIMIT = 300


def _attempt(request, form, action, success):
    """A valid POST calls the service; a refusal shows on the form. Returns the result or
    None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except (ServiceError, NotPermitted) as exc:
        _form_error(form, exc)
        return None
    messages.success(request, success)
    return result


@casework_required
def letter_list(request):
    organization = request.membership.organization
    today = timezone.localdate()
    found = (
        Letter.objects.restrict(request.user)
        .filter(organization=organization)
        .select_related("organization", "case")
        .annotate(
            rank=Ranked(
                When(status=LetterStatus.ISSUED, answer_due__lt=today, then=Value(0)),
                When(status=LetterStatus.ISSUED, then=Value(1)),
                When(status=LetterStatus.ANSWERED, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "answer_due", "-year", "-number")
    )
    status = request.GET.get("situacao", "")
    if status in LetterStatus.values:
        found = found.filter(status=status)
    rows = list(found[:LIST_LIMIT])
    for letter in rows:
        letter.late = letter.rank == 0
    return render(
        request,
        "obligations/letter_list.html",
        {
            "letters": rows,
            "limited": len(rows) == LIST_LIMIT,
            "status": status,
            "statuses": LetterStatus.choices,
            "late_count": sum(1 for r in rows if r.late),
        },
    )


@casework_required
def letter_add(request, pk):
    case = Case.objects.restrict(request.user, access.CHANGE).filter(pk=pk).first()
    if case is None:
        deny("cases.case", pk)
    organization = request.membership.organization
    key = request.POST.get("template") if request.method == "POST" else request.GET.get("modelo")
    template = letters.get_template(key) if key and key != BLANK else None
    if key is None or (key and key != BLANK and template is None):
        return render(
            request,
            "obligations/letter_choose.html",
            {"case": case, "templates": letters.templates(), "blank": BLANK},
        )
    if template is not None:
        initial = letters.prefill(template, case, organization)
    else:
        today = timezone.localdate()
        initial = {"template": "", "sent_on": today, "answer_due": today + timedelta(days=10)}
    initial["signer_role"] = letters.default_signer_role(request.membership)
    form = LetterForm(request.POST or None, initial=initial)
    letter = _attempt(
        request,
        form,
        lambda data: letters.issue(request.user, case, **data),
        _("Ofício emitido."),
    )
    if letter is not None:
        return redirect("obligations:letter_detail", pk=letter.pk)
    return render(
        request,
        "obligations/letter_form.html",
        {"case": case, "form": form, "template": template},
    )


@casework_required
def letter_detail(request, pk):
    letter = get_restricted(
        Letter,
        request.user,
        pk=pk,
        queryset=Letter.objects.select_related("organization", "case", "answer_attachment"),
    )
    can_change = (
        letter.status == LetterStatus.ISSUED
        and Letter.objects.restrict(request.user, access.CHANGE).filter(pk=pk).exists()
    )
    template = letters.get_template(letter.template) if letter.template else None
    return render(
        request,
        "obligations/letter_detail.html",
        {
            "case": letter.case,
            "letter": letter,
            "template": template,
            "can_change": can_change,
            "late": letter.status == LetterStatus.ISSUED
            and letter.answer_due < timezone.localdate(),
        },
    )


@casework_required
def letter_pdf_view(request, pk):
    letter = get_restricted(
        Letter, request.user, pk=pk, queryset=Letter.objects.select_related("organization", "case")
    )
    content = letter_pdf.render(letter)
    record_read(
        request.user,
        "letter.downloaded",
        letter,
        case_id=letter.case_id,
        data={"case": letter.case_id, "number": letter.short_label},
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="oficio-{letter.number:03d}-{letter.year}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response


def _changeable(request, pk):
    return get_restricted(
        Letter,
        request.user,
        access.CHANGE,
        pk=pk,
        status=LetterStatus.ISSUED,
        queryset=Letter.objects.select_related("organization", "case"),
    )


@casework_required
def letter_answer(request, pk):
    letter = _changeable(request, pk)
    form = AnswerForm(
        request.POST or None,
        request.FILES or None,
        initial={"answered_on": timezone.localdate()},
    )
    done = _attempt(
        request,
        form,
        lambda data: letters.record_answer(
            request.user,
            letter,
            answered_on=data["answered_on"],
            note=data["note"],
            uploaded=data["file"],
        ),
        _("Resposta registrada."),
    )
    if done is not None:
        return redirect("obligations:letter_detail", pk=letter.pk)
    return render(
        request,
        "obligations/letter_action.html",
        {
            "case": letter.case,
            "letter": letter,
            "form": form,
            "title": _("Registrar resposta: %(n)s") % {"n": letter.label},
            "submit": _("Registrar resposta"),
            "multipart": True,
        },
    )


@casework_required
def letter_cancel(request, pk):
    letter = _changeable(request, pk)
    form = CancelForm(request.POST or None)
    done = _attempt(
        request,
        form,
        lambda data: letters.cancel(request.user, letter, reason=data["reason"]),
        _("Ofício cancelado."),
    )
    if done is not None:
        return redirect("obligations:letter_detail", pk=letter.pk)
    return render(
        request,
        "obligations/letter_action.html",
        {
            "case": letter.case,
            "letter": letter,
            "form": form,
            "title": _("Cancelar: %(n)s") % {"n": letter.label},
            "submit": _("Cancelar o ofício"),
        },
    )
