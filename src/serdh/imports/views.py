"""The import pages: send a file (the worker validates it), read the row-by-row report with
its progress, then import the valid rows or nothing. Cases: a service's coordinator, for that
service; Disque 100's statistics: the state's managers."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role
from serdh.core.views import get_restricted, role_required

from . import report, services, spreadsheet
from .choices import OPEN, Mode, Status
from .forms import DecisionForm, UploadForm
from .models import ImportBatch

COORDINATOR = (Role.COORDINATOR,)
IMPORTERS = (Role.COORDINATOR, Role.STATE_MANAGER)
PROBLEMS_PER_PAGE = 50


@role_required(*IMPORTERS)
def batch_list(request):
    role = access.actor_for(request.user).role
    form = UploadForm(request.POST or None, request.FILES or None, kinds=services.kinds_for(role))
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            batch = services.receive(
                request.user, form.cleaned_data["kind"], uploaded, uploaded.name
            )
        except (ServiceError, NotPermitted) as exc:
            form.add_error("file", str(getattr(exc, "message", exc)))
        else:
            messages.success(request, _("Arquivo recebido: a validação corre em segundo plano."))
            return redirect("imports:batch_detail", pk=batch.pk)
    batches = ImportBatch.objects.restrict(request.user).select_related("uploaded_by")[:30]
    return render(
        request,
        "imports/batch_list.html",
        {"form": form, "batches": batches, "cases": role == Role.COORDINATOR},
    )


@role_required(*IMPORTERS)
def batch_detail(request, pk):
    batch = get_restricted(ImportBatch, request.user, pk=pk)
    page = Paginator(batch.problems.all(), PROBLEMS_PER_PAGE).get_page(request.GET.get("pagina"))
    if page.object_list:
        # The report's values may hold names: reading them is recorded, as the download is.
        with transaction.atomic():
            audit.record("imports.report_viewed", batch, data={"page": page.number})
    return render(
        request,
        "imports/batch_detail.html",
        {
            "batch": batch,
            "problems": page,
            "waiting": batch.status in OPEN,
            "deciding": batch.status == Status.VALIDATED,
            "modes": Mode,
        },
    )


@role_required(*IMPORTERS)
@require_POST
def batch_decide(request, pk):
    batch = get_restricted(ImportBatch, request.user, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Escolha o que importar."))
        return redirect("imports:batch_detail", pk=batch.pk)
    try:
        if form.cleaned_data["mode"] == "none":
            services.cancel(request.user, batch)
            messages.info(request, _("Nada foi importado."))
        else:
            batch = services.decide(request.user, batch, form.cleaned_data["mode"])
            if batch.status == Status.CANCELLED:
                messages.info(request, _("Há linhas com problema: nada foi importado."))
            else:
                messages.success(request, _("Importação iniciada."))
    except (ServiceError, NotPermitted) as exc:
        messages.error(request, str(getattr(exc, "message", exc)))
    return redirect("imports:batch_detail", pk=batch.pk)


@role_required(*COORDINATOR)
def template(request):
    """The spreadsheet template (XLSX with the allowed values, or the CSV header)."""
    if request.GET.get("formato") == "csv":
        response = HttpResponse(spreadsheet.template_csv(), content_type="text/csv; charset=utf-8")
        name = "modelo-casos-ser-dh.csv"
    else:
        response = HttpResponse(
            spreadsheet.template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = "modelo-casos-ser-dh.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(*IMPORTERS)
def batch_report(request, pk):
    batch = get_restricted(ImportBatch, request.user, pk=pk)
    with transaction.atomic():
        audit.record("imports.report_downloaded", batch, data={"rows": batch.problem_rows})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="relatorio-importacao-{batch.pk}.csv"'
    response.write("\ufeff")
    report.write_csv(batch, response)
    return response
