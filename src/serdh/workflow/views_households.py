"""Pages of linked cases and households: link a case to another (from the case page), put the
case's persons in a family of the service, the service's families and one family with its
cases followed together."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serdh.cases.views import _case, _case_form, _form_error
from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import CASEWORK_ROLES
from serdh.core.views import get_restricted, role_required
from serdh.people.models import Person

from . import households
from .assignments import responsibles
from .forms import CaseLinkForm, HouseholdForm
from .models import CaseLink, Household, HouseholdMember

casework_required = role_required(*CASEWORK_ROLES)
PAGE = 25


@casework_required
def link_add(request, pk):
    case = _case(request.user, pk)
    return _case_form(
        request,
        case,
        CaseLinkForm(request.POST or None),
        lambda data: households.link_cases(request.user, case, **data),
        _("Casos ligados."),
        title=_("Ligar a outro caso"),
        submit=_("Ligar os casos"),
    )


@casework_required
@require_POST
def link_remove(request, pk):
    link = get_restricted(CaseLink, request.user, pk=pk)
    back = request.POST.get("case")
    try:
        households.unlink(request.user, link)
    except (ServiceError, NotPermitted) as exc:
        messages.error(request, getattr(exc, "message", None) or str(exc))
    else:
        messages.success(request, _("Vínculo desfeito."))
    target = back if back in (str(link.case_a_id), str(link.case_b_id)) else link.case_a_id
    return redirect("cases:case_detail", pk=target)


@casework_required
@require_POST
def duplicate_answer(request, pk):
    """A service's answer to a possible duplicate, on its own case (workflow.duplicates)."""
    from . import duplicates
    from .models import DuplicateProposal

    proposal = get_restricted(DuplicateProposal, request.user, access.CHANGE, pk=pk)
    back = request.POST.get("case")
    if back not in (str(proposal.case_a_id), str(proposal.case_b_id)):
        back = proposal.case_a_id
    case = _case(request.user, int(back))
    answer = request.POST.get("answer")
    if answer not in ("same", "different"):
        messages.error(request, _("Escolha uma resposta."))
        return redirect("cases:case_detail", pk=case.pk)
    try:
        duplicates.answer(request.user, proposal.pk, case, answer == "same")
    except (ServiceError, NotPermitted) as exc:
        messages.error(request, getattr(exc, "message", None) or str(exc))
    else:
        messages.success(request, _("Resposta registrada."))
    return redirect("cases:case_detail", pk=case.pk)


@casework_required
def household_record(request, pk):
    case = _case(request.user, pk)
    persons = [
        (pid, f"{party.pseudonym}: {party.display_name()}")
        for pid, party in households.case_persons(case).items()
    ]
    options = list(Household.objects.restrict(request.user, access.CHANGE)[:200])
    form = HouseholdForm(request.POST or None, households=options, persons=persons)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["household"]
        household = next((h for h in options if h.pk == chosen), None) if chosen else None
        try:
            household = households.record_household(
                request.user,
                case,
                members=form.members(),
                household=household,
                reference=form.cleaned_data.get("reference"),
                note=form.cleaned_data.get("note", ""),
            )
        except (ServiceError, NotPermitted) as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Família registrada."))
            return redirect("workflow:household", pk=household.pk)
    return render(request, "workflow/household_form.html", {"case": case, "form": form})


@casework_required
def household_list(request):
    qs = Household.objects.restrict(request.user).select_related("reference_person")
    before = request.GET.get("antes", "")
    if before.isascii() and before.isdigit() and len(before) < 19:
        qs = qs.filter(pk__lt=int(before))
    rows = list(qs.order_by("-pk")[: PAGE + 1])
    more = rows[PAGE - 1].pk if len(rows) > PAGE else None
    rows = rows[:PAGE]
    visible = _visible_persons(request.user, [h.reference_person_id for h in rows])
    with transaction.atomic():
        audit.record("household.list_viewed", data={"households": [h.pk for h in rows]})
    return render(
        request,
        "workflow/household_list.html",
        {"rows": rows, "visible": visible, "next_cursor": more, "cursor": before},
    )


@casework_required
def household_detail(request, pk):
    household = get_restricted(Household, request.user, pk=pk)
    members = list(
        household.members.filter(left_at__isnull=True)
        .select_related("person")
        .order_by("added_at", "pk")
    )
    visible = _visible_persons(request.user, [m.person_id for m in members])
    cases = list(households.household_cases(request.user, household)[:100])
    team = responsibles([c.pk for c in cases])
    for case in cases:
        case.responsible = next((a for a in team.get(case.pk, []) if a.is_responsible), None)
    with transaction.atomic():
        audit.record(
            "household.viewed",
            household,
            data={"persons": sorted(visible), "cases": [c.pk for c in cases]},
        )
    return render(
        request,
        "workflow/household_detail.html",
        {"household": household, "members": members, "visible": visible, "cases": cases},
    )


@casework_required
@require_POST
def member_remove(request, pk):
    member = get_restricted(HouseholdMember, request.user, pk=pk)
    try:
        households.remove_member(request.user, member)
    except (ServiceError, NotPermitted) as exc:
        messages.error(request, getattr(exc, "message", None) or str(exc))
    else:
        messages.success(request, _("Pessoa retirada da família."))
    return redirect("workflow:household", pk=member.household_id)


def _visible_persons(user, person_ids):
    """The persons among ``person_ids`` the user may see by name ({id: person})."""
    return {
        p.pk: p for p in Person.objects.restrict(user, access.VIEW).filter(pk__in=set(person_ids))
    }
