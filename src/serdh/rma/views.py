"""The RMA pages: a unit's months; one month under review (each figure with the cases behind
it, a correction with its reason, the submission); the CSV and PDF; and the managers' board of
who sent what, on time or late."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serdh.cases.models import Case
from serdh.cases.policies import PSEUDONYMIZED
from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role
from serdh.core.views import deny, role_required
from serdh.network.models import Municipality

from . import catalog, export, months, selectors, services
from .choices import RmaForm
from .forms import ItemForm, ReopenForm
from .models import FigureChange, MonthlyReport

CASEWORK = (Role.WORKER, Role.COORDINATOR)
MANAGERS = (Role.MUNICIPAL_MANAGER, Role.STATE_MANAGER)
READERS = CASEWORK + MANAGERS
MONTHS_SHOWN = 12
BOARD_MONTHS = 6


@role_required(*READERS)
def home(request):
    actor = access.actor_for(request.user)
    if actor.has_role(*MANAGERS):
        return redirect("rma:status")
    unit = selectors.visible_units(request.user).first()
    rows = []
    if unit is not None:
        month_list = selectors.recent_months(MONTHS_SHOWN)
        reports = {
            r.month: r
            for r in MonthlyReport.objects.restrict(request.user).filter(
                organization=unit, month__in=month_list
            )
        }
        since = selectors.expected_from(unit)
        rows = [
            (
                m,
                reports.get(m),
                selectors.punctuality(reports.get(m), m, since=since),
                months.due_date(m),
            )
            for m in month_list
        ]
    return render(request, "rma/home.html", {"unit": unit, "rows": rows})


def _load(request, org, year, month, *, required=True):
    unit = selectors.unit_or_404(request.user, org)
    month = selectors.month_or_404(year, month)
    report = (
        MonthlyReport.objects.restrict(request.user)
        .filter(organization=unit, month=month)
        .select_related("submitted_by")
        .first()
    )
    if required and report is None:
        deny("rma.monthlyreport", f"{unit.pk}:{month:%Y-%m}")
    return unit, month, report


def _back(report):
    return redirect(
        "rma:report", org=report.organization_id, year=report.month.year, month=report.month.month
    )


@role_required(*READERS)
def report(request, org, year, month):
    unit, month, report = _load(request, org, year, month, required=False)
    context = {
        "unit": unit,
        "month": month,
        "report": report,
        "due": months.due_date(month),
        "punctuality": selectors.punctuality(report, month, since=selectors.expected_from(unit)),
        "may_edit": report is not None and services.may_edit(request.user, report),
        "may_open": report is None and services.coordinates(request.user, unit.pk),
    }
    if report is not None:
        form, blocks, by_code = selectors.report_rows(report)
        context.update(
            form=form,
            blocks=blocks,
            reopen_form=ReopenForm(),
            unplaced=sum(1 for f in by_code.values() if f.unplaced_case_ids),
            blank=[
                item.code
                for item in form.items.values()
                if not item.from_sima and getattr(by_code.get(item.code), "value", 0) is None
            ],
            changes=FigureChange.objects.restrict(request.user)
            .filter(figure__report=report)
            .select_related("figure", "changed_by")
            .order_by("-changed_at")[:20],
        )
    return render(request, "rma/report.html", context)


def _act(request, action, success):
    try:
        action()
    except (ServiceError, NotPermitted) as exc:
        messages.error(request, getattr(exc, "message", None) or str(exc))
    else:
        messages.success(request, success)


@role_required(Role.COORDINATOR)
@require_POST
def open_report(request, org, year, month):
    unit, month, _report = _load(request, org, year, month, required=False)
    try:
        report = services.open_month(request.user, unit, month)
    except (ServiceError, NotPermitted) as exc:
        messages.error(request, getattr(exc, "message", None) or str(exc))
        return redirect("rma:report", org=unit.pk, year=month.year, month=month.month)
    messages.success(request, _("RMA preparado com os números do SIMA: revise e envie."))
    return _back(report)


@role_required(Role.COORDINATOR)
@require_POST
def recount(request, org, year, month):
    _unit, _month, report = _load(request, org, year, month)
    _act(
        request,
        lambda: services.recount(request.user, report),
        _("Números contados de novo; as correções da unidade foram mantidas."),
    )
    return _back(report)


@role_required(Role.COORDINATOR)
def item_edit(request, org, year, month, code):
    _unit, _month, report = _load(request, org, year, month)
    form_def = catalog.form(report.form)
    item = form_def.items.get(code)
    if item is None:
        raise Http404
    if not services.may_edit(request.user, report):
        raise Http404
    if not report.is_open:
        messages.error(request, _("O RMA deste mês já foi enviado: reabra-o para corrigir."))
        return _back(report)
    figures = {f.code: f for f in report.figures.filter(code__in=item.codes)}
    form = ItemForm(request.POST or None, item=item, figures=figures)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.correct(
                request.user, report, form.values(), form.cleaned_data["reason"]
            )
        except ServiceError as exc:
            form.add_error(exc.field or None, exc.message)
        else:
            if changed:
                messages.success(request, _("Correção registrada com o motivo."))
            return _back(report)
    changes = (
        FigureChange.objects.restrict(request.user)
        .filter(figure__report=report, figure__code__in=item.codes)
        .select_related("figure", "changed_by")
        .order_by("-changed_at")
    )
    return render(
        request,
        "rma/item_edit.html",
        {"report": report, "item": item, "form": form, "changes": changes},
    )


@role_required(*READERS)
def item_cases(request, org, year, month, code):
    _unit, _month, report = _load(request, org, year, month)
    figure = report.figures.filter(code=code).first()
    if figure is None or figure.computed is None:
        raise Http404
    try:
        item = catalog.form(report.form).item_of(code)
    except KeyError:  # a column of an older version of the form
        raise Http404 from None
    actor = access.actor_for(request.user)
    action = access.VIEW if actor.has_role(*CASEWORK) else PSEUDONYMIZED
    wanted = set(figure.case_ids) | set(figure.unplaced_case_ids)
    visible = list(
        Case.objects.restrict(request.user, action)
        .filter(pk__in=wanted)
        .select_related("organization")
        .order_by("registered_at", "pk")
    )
    counted = [c for c in visible if c.pk in set(figure.case_ids)]
    unplaced = [c for c in visible if c.pk in set(figure.unplaced_case_ids)]
    if visible:
        with transaction.atomic():
            audit.record(
                "rma.cases_viewed",
                report,
                organization_id=report.organization_id,
                data={"code": code, "cases": [c.pk for c in visible]},
            )
    return render(
        request,
        "rma/item_cases.html",
        {
            "report": report,
            "item": item,
            "figure": figure,
            "code": code,
            "cell": next((c for c in item.cells if c.code == code), None),
            "counted": counted,
            "unplaced": unplaced,
            "hidden": len(wanted) - len(visible),
        },
    )


@role_required(Role.COORDINATOR)
@require_POST
def submit(request, org, year, month):
    _unit, _month, report = _load(request, org, year, month)
    _act(
        request,
        lambda: services.submit(request.user, report),
        _("RMA marcado como enviado. Lance os mesmos números no sistema federal do RMA."),
    )
    return _back(report)


@role_required(Role.COORDINATOR)
@require_POST
def reopen(request, org, year, month):
    _unit, _month, report = _load(request, org, year, month)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Diga por que o RMA enviado precisa ser reaberto."))
        return _back(report)
    _act(
        request,
        lambda: services.reopen(request.user, report, form.cleaned_data["reason"]),
        _("RMA reaberto para correção."),
    )
    return _back(report)


def _file_name(report, extension):
    return f"rma-{report.form}-{report.organization_id}-{report.month:%Y-%m}.{extension}"


def _exported(report, what):
    with transaction.atomic():
        audit.record(
            "rma.exported", report, organization_id=report.organization_id, data={"as": what}
        )


@role_required(*READERS)
def export_csv(request, org, year, month):
    _unit, _month, report = _load(request, org, year, month)
    _exported(report, "csv")
    response = HttpResponse(
        export.csv_text([report], report.form), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(report, "csv")}"'
    return response


@role_required(*READERS)
def export_pdf(request, org, year, month):
    _unit, _month, report = _load(request, org, year, month)
    _exported(report, "pdf")
    response = HttpResponse(export.pdf_bytes(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(report, "pdf")}"'
    return response


def _municipalities(user):
    actor = access.actor_for(user)
    qs = Municipality.objects.restrict(user).filter(
        state__uf=actor.state_code, adhesion__status="active"
    )
    if actor.has_role(Role.MUNICIPAL_MANAGER):
        qs = qs.filter(code=actor.municipality_id)
    return qs.order_by("name")


@role_required(*MANAGERS)
def status(request):
    municipalities = _municipalities(request.user)
    chosen = request.GET.get("municipio", "")
    municipality = int(chosen) if chosen.isdigit() and len(chosen) == 7 else None  # IBGE code
    kind = request.GET.get("formulario", "")
    kind = kind if kind in RmaForm.values else ""
    month_list = selectors.recent_months(BOARD_MONTHS)
    rows, summary = selectors.board(request.user, month_list, municipality=municipality, form=kind)
    return render(
        request,
        "rma/status.html",
        {
            "rows": rows,
            "summary": summary,
            "months": month_list,
            "municipalities": municipalities,
            "municipality": municipality,
            "kind": kind,
            "forms": RmaForm.choices,
        },
    )


@role_required(*MANAGERS)
def status_csv(request, year, month):
    month = selectors.month_or_404(year, month)
    kind = request.GET.get("formulario", RmaForm.CREAS)
    if kind not in RmaForm.values:
        raise Http404
    units = selectors.visible_units(request.user)
    chosen = request.GET.get("municipio", "")
    if chosen.isdigit() and len(chosen) == 7:  # the board's filter, kept in its links
        units = units.filter(municipality_id=int(chosen))
    reports = (
        MonthlyReport.objects.restrict(request.user)
        .filter(month=month, form=kind, organization__in=units)
        .select_related("organization__municipality__state")
        .prefetch_related("figures")
        .order_by("organization__municipality__name", "organization__name")
    )
    with transaction.atomic():
        audit.record(
            "rma.exported",
            object_type="rma.monthlyreport",
            data={"as": "csv", "month": f"{month:%Y-%m}", "form": kind, "reports": len(reports)},
        )
    response = HttpResponse(export.csv_text(reports, kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rma-{kind}-{month:%Y-%m}.csv"'
    return response
