from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from serdh.core import access, approvals, audit, health, review
from serdh.core.errors import ServiceError
from serdh.core.models import AuditEvent
from serdh.core.roles import CASEWORK_ROLES, MUNICIPAL_ROLES, Role
from serdh.core.views import role_required
from serdh.network import selectors as network_selectors
from serdh.network.models import Adhesion, Organization
from serdh.network.services import require_active_adhesion

from .forms import AuditFilterForm


@never_cache
def healthz(request):
    """For monitoring tools, unauthenticated: counts and times only (core.health). 200 when
    ok or degraded, 503 when the database does not answer."""
    status, report = health.report()
    if request.META.get("REMOTE_ADDR") not in settings.SERDH_HEALTH_DETAIL_FROM:
        # Anyone else learns only whether the service is up: disk sizes, the worker's last beat
        # and dead-letter counts are for the operators' monitoring (docs/operations.md).
        report = {"status": report["status"], "time": report["time"]}
    return JsonResponse(report, status=503 if status == health.FAIL else 200)


@login_required
def home(request):
    """One home per role: what this person does first."""
    actor = access.actor_for(request.user)
    membership = request.membership
    context = {"membership": membership, "sima_blocked": None}
    if membership is None:
        return render(request, "web/home_no_membership.html", context)
    organization = membership.organization
    if actor.has_role(*CASEWORK_ROLES):
        try:
            require_active_adhesion(organization)
        except ServiceError as exc:
            context["sima_blocked"] = exc.message
        else:
            from serdh.cases import selectors as case_selectors

            counts = case_selectors.inbox_counts(request.user, organization)
            context["awaiting"] = counts.get("sent", 0) + counts.get("received", 0)
            context["overdue"] = case_selectors.overdue_count(request.user, organization)
        if actor.has_role(Role.COORDINATOR):
            context["pending_approvals"] = approvals.pending_count(request.user)
        template = "web/home_casework.html"
    elif actor.has_role(*MUNICIPAL_ROLES):
        context["organizations"] = Organization.objects.restrict(request.user).filter(
            municipality_id=actor.municipality_id
        )
        context["adhesion"] = (
            Adhesion.objects.restrict(request.user)
            .filter(municipality_id=actor.municipality_id)
            .first()
        )
        template = "web/home_municipal.html"
    elif actor.has_role(Role.STATE_MANAGER, Role.STATE_ADMIN):
        municipalities = network_selectors.state_municipalities(request.user)
        counts = {}
        for status in municipalities.values_list("adhesion_status", flat=True):
            counts[status] = counts.get(status, 0) + 1
        context["adhesion_counts"] = counts
        context["adhesions_in_progress"] = counts.get("requested", 0) + counts.get("signed", 0)
        context["municipality_total"] = sum(counts.values())
        context["organization_total"] = (
            Organization.objects.restrict(request.user).filter(is_active=True).count()
        )
        if actor.has_role(Role.STATE_ADMIN):
            context["pending_approvals"] = approvals.pending_count(request.user)
        template = "web/home_state.html"
    elif actor.has_role(Role.AUDITOR):
        context["recent_flagged"] = AuditEvent.objects.restrict(request.user).filter(flagged=True)[
            :10
        ]
        template = "web/home_auditor.html"
    else:
        template = "web/home_editor.html"
    return render(request, template, context)


@role_required(Role.AUDITOR)
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.restrict(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            events = events.filter(action__startswith=data["action"])
        if data["actor"]:
            events = events.filter(actor_label__iexact=data["actor"])
        if data["request_id"]:
            events = events.filter(request_id=data["request_id"])
        if data["flagged"]:
            events = events.filter(flagged=True)
        if data["since"]:
            events = events.filter(occurred_at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(occurred_at__date__lte=data["until"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    with transaction.atomic():
        # Reading the trail is itself traced: who looked at whose actions.
        audit.record(
            "audit.viewed",
            data={"filters": {k: str(v) for k, v in (form.cleaned_data or {}).items() if v}}
            if form.is_bound and form.is_valid()
            else {},
        )
    return render(request, "web/audit_log.html", {"form": form, "page": page})


@role_required(Role.COORDINATOR, Role.STATE_ADMIN, Role.MUNICIPAL_MANAGER)
def approval_list(request):
    """Requests waiting for this person's decision, from every app (core.approvals)."""
    return render(request, "web/approvals.html", {"sections": approvals.sections(request.user)})


@role_required(Role.AUDITOR)
def access_review(request):
    """The auditor's page of every way to case content (core.review): memberships and system
    clients under the two-person rule, break-the-glass grants to review, denied reads."""
    sections = review.sections(request.user)
    with transaction.atomic():
        audit.record("access_review.viewed")
    return render(request, "web/access_review.html", {"sections": sections})
