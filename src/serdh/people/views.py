"""The review of possible duplicates and the history of merges: pages of the state manager
(the whole state) and of each municipal manager (their municipality), never of the services.
The comparison is pseudonymized by people.review; decisions, merges and unmerges are
people.merge's."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role
from serdh.core.views import get_restricted, role_required

from . import merge, review
from .choices import OPEN_STATUSES, CandidateStatus
from .forms import DecisionForm, UndoForm
from .models import MatchCandidate, Person, PersonMerge

REVIEWERS = (Role.STATE_MANAGER, Role.MUNICIPAL_MANAGER)
CANDIDATES = MatchCandidate.objects.select_related(
    "person_a__residence_municipality",
    "person_b__residence_municipality",
    "municipality",
    "proposed_by_organization",
)


def _form_error(form, exc):
    message = getattr(exc, "message", None) or str(exc)
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, message)


@role_required(*REVIEWERS)
def review_queue(request):
    pending = (
        MatchCandidate.objects.restrict(request.user)
        .filter(Person.active_q("person_a__"), Person.active_q("person_b__"))
        .filter(status__in=OPEN_STATUSES)
        .select_related("municipality", "proposed_by_organization")
        .order_by("status", "-probability", "pk")
    )
    page = Paginator(pending, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/review_queue.html",
        {"page": page, "candidates": page.object_list, "unsure": CandidateStatus.UNSURE},
    )


def _candidate_page(request, candidate, form):
    comparison = review.viewed(request.user, candidate)
    return render(
        request,
        "people/candidate.html",
        {
            "candidate": candidate,
            "comparison": comparison,
            "form": form,
            "can_decide": candidate.is_open
            and candidate.person_a.merged_into_id is None
            and candidate.person_b.merged_into_id is None
            and candidate.proposed_by_id != request.user.pk,
            "merges": list(candidate.merges.all()),
        },
    )


@role_required(*REVIEWERS)
def candidate_detail(request, pk):
    candidate = get_restricted(
        MatchCandidate, request.user, access.VIEW, pk=pk, queryset=CANDIDATES
    )
    return _candidate_page(request, candidate, DecisionForm())


@role_required(*REVIEWERS)
@require_POST
def candidate_decide(request, pk):
    candidate = get_restricted(
        MatchCandidate, request.user, access.CHANGE, pk=pk, queryset=CANDIDATES
    )
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decided = merge.decide(candidate, request.user, data["decision"], data["note"])
        except (ServiceError, NotPermitted) as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request,
                {
                    CandidateStatus.ACCEPTED: _(
                        "Pessoas unificadas. A unificação pode ser desfeita no histórico."
                    ),
                    CandidateStatus.REJECTED: _("Registrado: são pessoas diferentes."),
                    CandidateStatus.UNSURE: _("Registrado: o par continua na fila como “não sei”."),
                }[decided.status],
            )
            return redirect("people:review_queue")
    return _candidate_page(request, candidate, form)


@role_required(*REVIEWERS)
def merge_list(request):
    merges = PersonMerge.objects.restrict(request.user).select_related(
        "merged_by", "undone_by", "municipality"
    )
    page = Paginator(merges, 30).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    # The reasons are the managers' own words about persons: reading them is recorded.
    with transaction.atomic():
        audit.record(
            "person_merge.listed",
            object_type="people.PersonMerge",
            data={"merges": [m.pk for m in rows]},
        )
    return render(
        request,
        "people/merge_list.html",
        {"page": page, "merges": rows, "form": UndoForm()},
    )


@role_required(*REVIEWERS)
def merge_undo(request, pk):
    action = access.CHANGE if request.method == "POST" else access.VIEW
    item = get_restricted(
        PersonMerge,
        request.user,
        action,
        pk=pk,
        queryset=PersonMerge.objects.select_related("merged_by", "undone_by", "municipality"),
    )
    form = UndoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            merge.unmerge(item, request.user, form.cleaned_data["reason"])
        except (ServiceError, NotPermitted) as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request, _("Unificação desfeita: as duas pessoas voltaram a ser como eram.")
            )
            return redirect("people:merge_list")
    with transaction.atomic():
        audit.record("person_merge.viewed", item)
    return render(
        request,
        "people/merge_undo.html",
        {"item": item, "form": form, "blocking": merge.blocking_merge(item)},
    )
