from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serdh.core import access
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role
from serdh.core.views import get_restricted, role_required

from . import incidents, pdf, record, subject
from .forms import IncidentForm, RectificationForm, SubjectSearchForm
from .models import Incident, Rectification, SubjectRequest

KEEPERS = (Role.AUDITOR, Role.STATE_ADMIN)


@login_required
def processing_record(request):
    """LGPD art. 37: what the platform processes, why, on which basis, for whom, how long."""
    return render(request, "privacy/record.html", {"rows": record.rows()})


@role_required(*KEEPERS)
def incident_list(request):
    rows = [
        (i, incidents.deadline(i), incidents.relevant_risk(i))
        for i in Incident.objects.restrict(request.user).select_related("registered_by")
    ]
    can_add = access.actor_for(request.user).has_role(Role.AUDITOR)
    return render(request, "privacy/incident_list.html", {"rows": rows, "can_add": can_add})


def _save(request, form, incident=None):
    try:
        if incident is None:
            return incidents.register(request.user, form.cleaned_data)
        return incidents.update(request.user, incident, form.cleaned_data)
    except ServiceError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return None


@role_required(Role.AUDITOR)
def incident_create(request):
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (saved := _save(request, form)):
        messages.success(request, _("Incidente registrado."))
        return redirect("privacy:incident_detail", pk=saved.pk)
    return render(request, "privacy/incident_form.html", {"form": form})


@role_required(*KEEPERS)
def incident_detail(request, pk):
    incident = get_restricted(Incident, request.user, access.VIEW, pk=pk)
    can_edit = Incident.objects.restrict(request.user, access.CHANGE).filter(pk=pk).exists()
    form = IncidentForm(
        request.POST or None,
        initial={k: getattr(incident, k) for k in incidents.FIELDS},
    )
    if request.method == "POST":
        if not can_edit:
            get_restricted(Incident, request.user, access.CHANGE, pk=pk)
        if form.is_valid() and _save(request, form, incident):
            messages.success(request, _("Incidente atualizado."))
            return redirect("privacy:incident_detail", pk=pk)
    return render(
        request,
        "privacy/incident_detail.html",
        {
            "incident": incident,
            "deadline": incidents.deadline(incident),
            "relevant": incidents.relevant_risk(incident),
            "form": form if can_edit else None,
        },
    )


# --- The data subject's report (LGPD arts. 18-19) ------------------------------------------


@role_required(Role.AUDITOR)
def subject_search(request):
    form = SubjectSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = subject.find(request.user, data["kind"], data["number"])
            if person is None:
                form.add_error("number", _("Nenhuma pessoa com este identificador nos casos."))
            else:
                made = subject.open_request(
                    request.user, person, reason=data["reason"], reference=data["reference"]
                )
                return redirect("privacy:subject_report", pk=made.pk)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    requests = SubjectRequest.objects.restrict(request.user).order_by("-created_at")[:50]
    return render(
        request,
        "privacy/subject_search.html",
        {"form": form, "requests": requests, "today": timezone.localdate()},
    )


@role_required(Role.AUDITOR)
def subject_report(request, pk):
    made = get_restricted(SubjectRequest, request.user, access.VIEW, pk=pk)
    report = subject.build(request.user, made)
    return render(
        request,
        "privacy/subject_report.html",
        {
            "report": report,
            "identity": pdf.identity_rows(report.person),
            "form": RectificationForm(),
            "rectifications": Rectification.objects.restrict(request.user).filter(request=made),
        },
    )


@role_required(Role.AUDITOR)
def subject_pdf(request, pk):
    made = get_restricted(SubjectRequest, request.user, access.VIEW, pk=pk)
    report = subject.build(request.user, made)
    subject.mark_answered(made)
    response = HttpResponse(pdf.render(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="relatorio-titular-{report.id}.pdf"'
    return response


@role_required(Role.AUDITOR)
@require_POST
def rectification_create(request, pk):
    made = get_restricted(SubjectRequest, request.user, access.VIEW, pk=pk)
    form = RectificationForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError(_("Descreva o que o titular diz estar errado."), field="what")
        routed = subject.request_rectification(request.user, made, what=form.cleaned_data["what"])
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Pedido de retificação encaminhado a: %(orgs)s.")
            % {"orgs": ", ".join(r.organization.name for r in routed)},
        )
    return redirect("privacy:subject_report", pk=pk)


@role_required(Role.COORDINATOR)
@require_POST
def rectification_decide(request, pk):
    rectification = get_restricted(Rectification, request.user, access.CHANGE, pk=pk)
    try:
        subject.decide_rectification(
            request.user,
            rectification,
            done=request.POST.get("outcome") == "done",
            note=request.POST.get("note", ""),
        )
    except (ServiceError, NotPermitted) as exc:
        messages.error(request, getattr(exc, "message", None) or str(exc))
    else:
        messages.success(request, _("Resposta registrada e enviada à auditoria."))
    return redirect("web:approvals")
