"""Case pages. Views parse input and call services or selectors; access is decided by
restrict() (through the selectors and services) and every read of case data is audited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import CASEWORK_ROLES, Role
from serdh.core.views import deny, get_restricted, role_required
from serdh.network.services import AdhesionInactive
from serdh.people.models import Person

from . import (
    attachments,
    breakglass,
    extensions,
    followups,
    lifecycle,
    person_match,
    referrals,
    registration,
    selectors,
    transfers,
)
from .acting import acting_organization
from .choices import AWAITING_DECISION, URGENCY_CRITERIA, CaseStatus, PartyRole, Urgency
from .forms import (
    AttachmentForm,
    AuthorForm,
    CaseForm,
    CloseForm,
    FirstViolationForm,
    FollowUpForm,
    PartyForm,
    ReasonForm,
    ReferralForm,
    VictimForm,
    ViolationForm,
)
from .models import Attachment, Case, Violation
from .policies import CLOSE

casework_required = role_required(*CASEWORK_ROLES)
MANAGERS = (Role.MUNICIPAL_MANAGER, Role.STATE_MANAGER)


def _form_error(form, exc):
    message = getattr(exc, "message", None) or str(exc)
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, message)


def _case(user, pk, action=access.VIEW):
    """The case in full, or 404. ``CLOSE`` pages (edit, close, reopen) belong to the
    registering service alone."""
    case, mode = selectors.case_for(user, pk)
    if case is None or mode != "full":
        deny("cases.case", pk)
    if action == CLOSE and not Case.objects.restrict(user, CLOSE).filter(pk=pk).exists():
        deny("cases.case", pk)
    return case


def _cursor(value):
    # ASCII digits only: "²".isdigit() is True and int("²") fails.
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 19 else None


@casework_required
def case_create(request):
    try:
        acting_organization(request.user)
    except AdhesionInactive as exc:
        return render(request, "cases/blocked.html", {"message": exc.message})
    actor = access.actor_for(request.user)
    registering = "register" in request.POST
    case_form = CaseForm(
        request.POST or None,
        organization=request.membership.organization,
        initial={"municipality": actor.municipality_id},
        registering=registering,
    )
    victim_form = VictimForm(request.POST or None)
    author_form = AuthorForm(request.POST or None)
    violation_form = FirstViolationForm(request.POST or None, registering=registering)
    forms = (case_form, victim_form, author_form, violation_form)
    suggestions = None
    if request.method == "POST" and all(f.is_valid() for f in forms):
        decision, suggestions = person_match.resolve(request, victim_form.cleaned_data)
    if suggestions is None and request.method == "POST" and all(f.is_valid() for f in forms):
        register = registering
        try:
            case = registration.open_case(
                request.user,
                case_form.cleaned_data,
                victim={**victim_form.cleaned_data, "reuse_person": decision.reuse},
                author=author_form.cleaned_data,
                violation=violation_form.cleaned_data,
                register=register,
            )
        except (ServiceError, NotPermitted) as exc:
            target = {"type": violation_form, "subtype": violation_form}.get(
                getattr(exc, "field", None), case_form
            )
            if getattr(exc, "field", None) in ("cpf", "cns", "nis", "birth_date", "age_years"):
                target = victim_form
            _form_error(target, exc)
        else:
            victim = case.parties.filter(role=PartyRole.VICTIM).first()
            person_match.propose_links(
                request.user, victim and victim.person, decision, case.municipality_id
            )
            if register:
                messages.success(request, _("Caso registrado: %(p)s.") % {"p": case.protocol})
            else:
                messages.success(request, _("Rascunho salvo. Você pode completá-lo depois."))
            return redirect("cases:case_detail", pk=case.pk)
    return render(
        request,
        "cases/case_form.html",
        {
            "case_form": case_form,
            "victim_form": victim_form,
            "author_form": author_form,
            "violation_form": violation_form,
            "urgency_criteria": _criteria(),
            "all_forms": forms,
            "suggestions": suggestions,
        },
    )


def _criteria():
    return [(u.value, u.label, URGENCY_CRITERIA[u]) for u in Urgency]


@login_required
def case_detail(request, pk):
    case, mode = selectors.case_for(request.user, pk)
    if case is None:
        deny("cases.case", pk)
    actor = access.actor_for(request.user)
    if mode == "summary":
        awaiting = case.referrals.filter(
            to_organization_id=actor.organization_id,
            status__in=AWAITING_DECISION,
        ).first()
        if awaiting is not None:
            return redirect("cases:referral_detail", pk=awaiting.pk)
        incoming = transfers.pending(case)
        if incoming is not None and incoming.to_organization_id == actor.organization_id:
            return redirect("cases:transfer_detail", pk=incoming.pk)
        # A case of the service that someone else on the team follows (workflow's caseload):
        # the summary a receiving service sees, and who is responsible.
        return _case_summary(request, case)
    full = mode in ("full", "former")
    grant = None if not full else breakglass.active_grant(request.user, case)
    details = selectors.case_details(case, full, request.user, former=mode == "former")
    persons = sorted({p.person_id for p in details["parties"] if p.person_id})
    breakglass.record_read(
        request.user,
        "case.viewed" if full else "case.viewed_pseudonymized",
        case,
        case_id=case.pk,
        data={"persons": persons} if full else {},
    )
    transfer_list = transfers.for_case(request.user, case) if full else []
    context = {
        "case": case,
        "mode": mode,
        "grant": grant,
        **details,
        "can_act": mode == "full" and grant is None and actor.has_role(*CASEWORK_ROLES),
        "can_close": mode == "full"
        and grant is None
        and case.organization_id == actor.organization_id,
        "transfers": transfer_list,
        "pending_transfer": next(
            (t for t in transfer_list if t.status == "pending" and mode == "full"), None
        ),
        "can_break_glass": mode == "pseudonymized",
        "victims": [p for p in details["parties"] if p.role == PartyRole.VICTIM],
        "panels": extensions.panels(request, case, mode),
    }
    template = "cases/case_detail.html" if full else "cases/case_pseudonymized.html"
    return render(request, template, context)


def _case_summary(request, case):
    victims = case.parties.filter(role=PartyRole.VICTIM).order_by("ordinal")
    violations = case.violations.select_related("type", "subtype")
    with transaction.atomic():
        audit.record("case.summary_viewed", case)
    return render(
        request,
        "cases/case_summary.html",
        {
            "case": case,
            "victims": victims,
            "violations": violations,
            "panels": extensions.panels(request, case, "summary"),
        },
    )


def _case_form(request, case, form, action, success, template="cases/simple_form.html", **context):
    """GET shows the form; a valid POST calls ``action(cleaned_data)`` (a service), reports a
    refusal on the form without losing what was typed, or goes back to the case."""
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except (ServiceError, NotPermitted) as exc:
            _form_error(form, exc)
        else:
            messages.success(request, success)
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, template, {"case": case, "form": form, **context})


@casework_required
def case_edit(request, pk):
    case = _case(request.user, pk, CLOSE)
    initial = {f: getattr(case, f) for f in registration.CASE_FIELDS}
    form = CaseForm(
        request.POST or None,
        organization=request.membership.organization,
        initial=initial,
        registering=case.status != CaseStatus.DRAFT,
    )
    return _case_form(
        request,
        case,
        form,
        lambda data: registration.update_case(request.user, case, data),
        _("Caso atualizado."),
        "cases/case_edit.html",
        urgency_criteria=_criteria(),
    )


@casework_required
@require_POST
def case_register(request, pk):
    case = _case(request.user, pk, CLOSE)
    try:
        registration.register_case(request.user, case)
    except (ServiceError, NotPermitted) as exc:
        messages.error(request, getattr(exc, "message", None) or str(exc))
    else:
        case.refresh_from_db()
        messages.success(request, _("Caso registrado: %(p)s.") % {"p": case.protocol})
    return redirect("cases:case_detail", pk=pk)


@casework_required
def party_add(request, pk):
    case = _case(request.user, pk)
    form = PartyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.person_data()
        decision, suggestions = person_match.resolve(request, data)
        if decision is None:
            return render(
                request,
                "cases/party_form.html",
                {"case": case, "form": form, "suggestions": suggestions},
            )
        try:
            party = registration.add_party(
                request.user, case, data["role"], data, data, reuse_person=decision.reuse
            )
        except (ServiceError, NotPermitted) as exc:
            _form_error(form, exc)
        else:
            person_match.propose_links(request.user, party.person, decision, case.municipality_id)
            messages.success(request, _("Envolvido(a) incluído(a)."))
            return redirect("cases:case_detail", pk=pk)
    return render(request, "cases/party_form.html", {"case": case, "form": form})


@casework_required
def violation_add(request, pk):
    case = _case(request.user, pk)
    form = ViolationForm(request.POST or None, case=case)
    return _case_form(
        request,
        case,
        form,
        lambda data: registration.add_violation(request.user, case, data),
        _("Violação classificada."),
        "cases/violation_form.html",
    )


@casework_required
@require_POST
def violation_remove(request, pk):
    """Asks first (the violation may be another service's classification), then removes.
    Only who sees the case in full reaches either step (a violation has no policy of its own:
    it is the case's)."""
    violation = (
        Violation.objects.filter(pk=pk, case__in=Case.objects.restrict(request.user))
        .select_related("case", "type", "subtype", "victim")
        .first()
    )
    if violation is None:
        deny("cases.violation", pk)
    case = _case(request.user, violation.case_id)
    if request.POST.get("confirm") != "1":
        return render(
            request, "cases/violation_remove.html", {"case": case, "violation": violation}
        )
    try:
        registration.remove_violation(request.user, violation)
    except (ServiceError, NotPermitted) as exc:
        messages.error(request, getattr(exc, "message", None) or str(exc))
    return redirect("cases:case_detail", pk=violation.case_id)


@casework_required
def referral_create(request, pk):
    case = _case(request.user, pk)
    form = ReferralForm(
        request.POST or None,
        initial={"urgency": case.urgency},
        destinations=referrals.destinations(exclude=request.membership.organization),
    )
    return _case_form(
        request,
        case,
        form,
        lambda data: referrals.send_referral(request.user, case, **data),
        _("Encaminhamento enviado."),
        "cases/referral_form.html",
    )


@casework_required
def followup_add(request, pk):
    case = _case(request.user, pk)
    return _case_form(
        request,
        case,
        FollowUpForm(request.POST or None),
        lambda data: followups.record_follow_up(request.user, case, **data),
        _("Acompanhamento registrado."),
        title=_("Registrar acompanhamento"),
        submit=_("Registrar"),
    )


@casework_required
def attachment_add(request, pk):
    case = _case(request.user, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    return _case_form(
        request,
        case,
        form,
        lambda data: attachments.add_attachment(
            request.user, case, data["file"], description=data["description"]
        ),
        _("Arquivo anexado."),
        title=_("Anexar arquivo"),
        submit=_("Anexar"),
        multipart=True,
    )


@login_required
def attachment_download(request, pk):
    attachment = get_restricted(Attachment, request.user, pk=pk)
    content = attachments.read_attachment(request.user, attachment)
    response = HttpResponse(content, content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="anexo-{attachment.pk}"'
    response["Cache-Control"] = "no-store"
    return response


@casework_required
def case_close(request, pk):
    case = _case(request.user, pk, CLOSE)
    if route := extensions.closure_route(request.user, case):
        return redirect(route)
    form = CloseForm(request.POST or None)
    open_refs = []
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.close_case(request.user, case, **form.cleaned_data)
        except lifecycle.OpenReferralsWarning as exc:
            open_refs = exc.referrals
            form = CloseForm(initial={**form.cleaned_data, "confirm_open_referrals": True})
        except (ServiceError, NotPermitted) as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Caso encerrado."))
            return redirect("cases:case_detail", pk=pk)
    return render(
        request, "cases/case_close.html", {"case": case, "form": form, "open_refs": open_refs}
    )


@casework_required
def case_reopen(request, pk):
    case = _case(request.user, pk, CLOSE)
    return _case_form(
        request,
        case,
        ReasonForm(request.POST or None),
        lambda data: lifecycle.reopen_case(request.user, case, reason=data["reason"]),
        _("Caso reaberto."),
        title=_("Reabrir caso"),
        submit=_("Reabrir"),
    )


@casework_required
def person_detail(request, pk):
    person = get_restricted(Person, request.user, pk=pk)
    from .models import Case

    cases = (
        Case.objects.restrict(request.user, access.VIEW)
        .filter(parties__person=person)
        .distinct()
        .select_related("municipality")
    )
    with transaction.atomic():
        audit.record("person.viewed", person)
    return render(request, "cases/person_detail.html", {"person": person, "cases": cases})
