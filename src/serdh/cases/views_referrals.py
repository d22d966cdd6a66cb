"""The referral inbox, a referral's page (what the receiving service needs to decide before
accepting), the referral actions, break-the-glass (request and review) and the deadline
settings."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import CASEWORK_ROLES, Role
from serdh.core.views import deny, get_restricted, role_required

from . import breakglass, referrals, selectors
from .choices import DEFAULT_DEADLINE_DAYS, PartyRole, Urgency
from .forms import (
    BreakGlassForm,
    DeadlineForm,
    ReferralActionForm,
    ReferralDecisionForm,
    ReviewForm,
)
from .models import BreakGlass, Referral, ReferralDeadline
from .views import MANAGERS, _cursor, _form_error

casework_required = role_required(*CASEWORK_ROLES)


def _page(value):
    # ASCII digits only ("²".isdigit() is True); past the last page is an empty page.
    if value and value.isascii() and value.isdigit() and len(value) < 6:
        return max(1, min(int(value), selectors.INBOX_MAX_PAGE))
    return 1


def _section(rows, total, page, size, param):
    first = (page - 1) * size + 1 if rows else 0
    return {
        "rows": rows,
        "total": total,
        "page": page,
        "first": first,
        "last": first + len(rows) - 1 if rows else 0,
        "previous": page - 1 if page > 1 else None,
        "next": page + 1 if page * size < total else None,
        "param": param,
    }


@casework_required
def inbox(request):
    organization = request.membership.organization
    size = selectors.INBOX_LIMIT
    pages = {key: _page(request.GET.get(key)) for key in ("aguardando", "acompanhando")}
    awaiting = list(selectors.inbox(request.user, organization, page=pages["aguardando"]))
    engaged = list(
        selectors.inbox(request.user, organization, engaged=True, page=pages["acompanhando"])
    )
    for referral in awaiting:
        referral.overdue = referrals.is_overdue(referral)
    sent = selectors.sent_referrals(
        request.user, organization, cursor=_cursor(request.GET.get("enviados_antes"))
    )
    counts = selectors.inbox_counts(request.user, organization)
    awaiting_total = counts.get("sent", 0) + counts.get("received", 0)
    engaged_total = counts.get("accepted", 0) + counts.get("in_progress", 0)
    return render(
        request,
        "cases/inbox.html",
        {
            "awaiting": awaiting,
            "engaged": engaged,
            "awaiting_page": _section(
                awaiting, awaiting_total, pages["aguardando"], size, "aguardando"
            ),
            "engaged_page": _section(
                engaged, engaged_total, pages["acompanhando"], size, "acompanhando"
            ),
            "counts": counts,
            "awaiting_total": awaiting_total,
            "engaged_total": engaged_total,
            "sent": sent,
            "overdue": selectors.overdue_count(request.user, organization),
        },
    )


@casework_required
def referral_detail(request, pk, failed=None):
    """The page; ``failed``: (verb, form data, ServiceError) of a decision that was refused,
    shown on its form's field and in the error summary, with what the person typed."""
    referral = get_restricted(
        Referral,
        request.user,
        pk=pk,
        queryset=Referral.objects.select_related(
            "case__municipality", "from_organization", "to_organization"
        ),
    )
    organization_id = access.actor_for(request.user).organization_id
    if referral.to_organization_id == organization_id:
        referral = referrals.open_referral(request.user, referral)
    case = referral.case
    victims = case.parties.filter(role=PartyRole.VICTIM).order_by("ordinal")
    violations = case.violations.select_related("type", "subtype")
    full_access = case.__class__.objects.restrict(request.user).filter(pk=case.pk).exists()
    with transaction.atomic():
        audit.record("referral.viewed", referral, data={"case": case.pk})
    return render(
        request,
        "cases/referral_detail.html",
        {
            "referral": referral,
            "case": case,
            "victims": victims,
            "violations": violations,
            "full_access": full_access,
            **_decision_forms(failed),
            "is_receiver": referral.to_organization_id == organization_id,
            "is_sender": referral.from_organization_id == organization_id,
            "overdue": referrals.is_overdue(referral),
        },
    )


DECISION_FIELDS = {
    "decline": ("code", "reason"),
    "cancel": ("code", "reason"),
    "complete": ("note",),
}


def _decision_forms(failed):
    """The decline, complete and cancel forms; the one that failed bound to what was typed,
    with the service's message on its field."""
    verb_failed, data, exc = failed or (None, None, None)
    made = {}
    for verb in DECISION_FIELDS:
        reasons = referrals.reason_choices(verb) if verb != "complete" else ()
        if verb == verb_failed:
            form = ReferralDecisionForm(verb, data, reasons=reasons)
            form.is_valid()
            form.add_error(exc.field, getattr(exc, "message", None) or str(exc))
        else:
            form = ReferralDecisionForm(verb, reasons=reasons)
        made[f"{verb}_form"] = form
    return made


@casework_required
@require_POST
def referral_action(request, pk, verb):
    if verb not in referrals.TRANSITIONS or verb == "receive":
        raise Http404
    referral = get_restricted(Referral, request.user, pk=pk)
    form = ReferralActionForm(request.POST)
    form.is_valid()
    if verb in referrals.REASON_VOCABULARY and not form.cleaned_data.get("code"):
        # The page asks for the coded reason: it is what shows where the network fails.
        message = (
            _("Escolha o motivo da recusa.")
            if verb == "decline"
            else _("Escolha o motivo do cancelamento.")
        )
        return referral_detail(
            request, pk, failed=(verb, request.POST, ServiceError(message, field="code"))
        )
    try:
        referrals.transition_referral(
            request.user,
            referral,
            verb,
            reason=form.cleaned_data.get("reason", ""),
            note=form.cleaned_data.get("note", ""),
            code=form.cleaned_data.get("code", ""),
        )
    except (ServiceError, NotPermitted) as exc:
        if getattr(exc, "field", None) in DECISION_FIELDS.get(verb, ()):
            return referral_detail(request, pk, failed=(verb, request.POST, exc))
        messages.error(request, getattr(exc, "message", None) or str(exc))
        return redirect("cases:referral_detail", pk=pk)
    done = {
        "accept": _("Encaminhamento aceito: o caso completo está disponível."),
        "decline": _("Encaminhamento recusado."),
        "start": _("Atendimento iniciado."),
        "complete": _("Encaminhamento concluído com a contrarreferência."),
        "cancel": _("Encaminhamento cancelado."),
    }
    messages.success(request, done[verb])
    if verb in ("accept", "start", "complete", "cancel"):
        return redirect("cases:case_detail", pk=referral.case_id)
    return redirect("cases:inbox")


@role_required(*MANAGERS)
def break_glass(request, pk):
    case, mode = selectors.case_for(request.user, pk)
    if case is None or mode != "pseudonymized":
        deny("cases.case", pk)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            breakglass.request_break_glass(request.user, case, **form.cleaned_data)
        except (ServiceError, NotPermitted) as exc:
            _form_error(form, exc)
        else:
            messages.warning(
                request, _("Acesso excepcional concedido e registrado para revisão da auditoria.")
            )
            return redirect("cases:case_detail", pk=pk)
    return render(request, "cases/break_glass.html", {"case": case, "form": form})


@role_required(Role.AUDITOR)
def break_glass_review(request):
    grants = BreakGlass.objects.restrict(request.user).select_related(
        "user", "organization", "case", "reviewed_by"
    )
    pending = [g for g in grants if not g.reviewed_at]
    reviewed = [g for g in grants if g.reviewed_at][:50]
    with transaction.atomic():
        audit.record("break_glass.list_viewed")
    return render(
        request,
        "cases/break_glass_review.html",
        {"pending": pending, "reviewed": reviewed, "form": ReviewForm()},
    )


@role_required(Role.AUDITOR)
@require_POST
def break_glass_decide(request, pk):
    grant = get_restricted(BreakGlass, request.user, access.CHANGE, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Escolha o resultado da revisão."))
    else:
        try:
            breakglass.review_break_glass(request.user, grant, **form.cleaned_data)
        except (ServiceError, NotPermitted) as exc:
            messages.error(request, getattr(exc, "message", None) or str(exc))
        else:
            messages.success(request, _("Revisão registrada."))
    return redirect("cases:break_glass_review")


@role_required(Role.STATE_MANAGER)
def deadlines(request):
    from .deadlines import set_deadlines

    configured = dict(
        ReferralDeadline.objects.restrict(request.user).values_list("urgency", "days")
    )
    current = {u.value: configured.get(u.value, DEFAULT_DEADLINE_DAYS[u]) for u in Urgency}
    form = DeadlineForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            set_deadlines(request.user, form.cleaned_data)
        except NotPermitted as exc:
            raise Http404 from exc
        messages.success(request, _("Prazos atualizados. Valem para os próximos encaminhamentos."))
        return redirect("cases:deadlines")
    return render(request, "cases/deadlines.html", {"form": form})
