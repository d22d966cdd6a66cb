"""The managers' table builder pages (monitoring.builder): build, export, save and share.
Each table built and each export is an audit event."""

from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serdh.core import access, audit, replica
from serdh.core.roles import Role
from serdh.core.views import role_required
from serdh.network.models import Municipality

from . import builder, charts, downloads, opendata
from .builder_forms import BuilderForm, SaveForm
from .models import SavedTable
from .publishing import Cell
from .views import MANAGERS

CHART_ROWS = 40


def _municipalities(user, actor):
    return (
        Municipality.objects.restrict(user)
        .filter(state__uf=actor.state_code, adhesion__status="active")
        .order_by("name")
    )


def _form(request, data):
    actor = access.actor_for(request.user)
    return actor, BuilderForm(data, municipalities=_municipalities(request.user, actor))


def _own_territory(actor, spec):
    """Whether a spec stays in the manager's territory (exact on screen)."""
    if actor.has_role(Role.STATE_MANAGER):
        return True
    return spec.municipality_id == actor.municipality_id


def query_string(spec):
    data = spec.to_dict()
    return urlencode(
        {
            "measure": data["measure"],
            "rows": data["rows"],
            "columns": data["columns"],
            "start": data["start"],
            "end": data["end"],
            "municipality": data["municipality_id"] or "",
        }
    )


@role_required(*MANAGERS)
@replica.reading_from_replica()  # saved tables: read after the audit event, so the primary
def table_builder(request):
    actor, form = _form(request, request.GET or None)
    table = chart = None
    extra = {}
    if request.GET and form.is_valid():
        spec = form.cleaned_data["spec"]
        protect = not _own_territory(actor, spec)
        table = builder.build(spec, opendata.state_code(), protect=protect)
        with transaction.atomic():
            audit.record(
                "monitoring.table_built",
                object_type="monitoring.savedtable",
                data={**spec.to_dict(), "protected": protect},
            )
        if len(table.rows) <= CHART_ROWS:
            cells = [
                Cell(label, total, key)
                for (key, label), total in zip(table.rows, table.row_totals, strict=True)
            ]
            chart = charts.bars(cells, _("Total por linha"), "grafico-tabela")
        extra = {
            "title": builder.MEASURES[spec.measure].label,
            "row_header": builder.DIMENSION_LABELS[spec.rows],
            "body": [
                {"label": label, "cells": cells, "total": total}
                for (_key, label), cells, total in zip(
                    table.rows, table.cells, table.row_totals, strict=True
                )
            ],
        }
    saved = SavedTable.objects.restrict(request.user).select_related("owner").order_by("name")
    return render(
        request,
        "monitoring/table_builder.html",
        {
            "form": form,
            "table": table,
            "chart": chart,
            "saved": [(s, "?" + query_string(builder.Spec.from_dict(s.spec))) for s in saved],
            "save_form": SaveForm(),
            "query": request.GET.urlencode(),
            **extra,
        },
    )


@role_required(*MANAGERS)
@require_POST
def save_table(request):
    actor, form = _form(request, request.POST)
    save = SaveForm(request.POST)
    if not (form.is_valid() and save.is_valid()):
        messages.error(request, _("Não foi possível salvar: confira a tabela e o nome."))
        return redirect(reverse("monitoring:table_builder") + "?" + request.POST.get("query", ""))
    spec = form.cleaned_data["spec"]
    builder.save(request.user, spec, save.cleaned_data["name"], save.cleaned_data["shared"])
    messages.success(request, _("Tabela salva."))
    return redirect(reverse("monitoring:table_builder") + "?" + query_string(spec))


@role_required(*MANAGERS)
@require_POST
def delete_table(request, pk):
    if not builder.delete(request.user, pk):
        raise Http404
    messages.success(request, _("Tabela excluída."))
    return redirect("monitoring:table_builder")


def _export(request, file_format):
    """The table of the request, always through disclosure control, and its file name."""
    _actor, form = _form(request, request.GET)
    if not form.is_valid():
        raise Http404
    spec = form.cleaned_data["spec"]
    table = builder.build(spec, opendata.state_code(), protect=True)
    with transaction.atomic():
        audit.record(
            "monitoring.exported",
            object_type="monitoring.savedtable",
            data={"format": file_format, **spec.to_dict()},
        )
    name = f"serdh-tabela-{spec.measure}-{spec.rows}-{spec.columns or 'total'}"
    return builder.rows_for_export(table), f"{name}-{spec.start:%Y%m}-{spec.end:%Y%m}"


@role_required(*MANAGERS)
@replica.reading_from_replica()
def export_table_csv(request):
    rows, name = _export(request, "csv")
    return downloads.csv_response(rows, name)


@role_required(*MANAGERS)
@replica.reading_from_replica()
def export_table_xlsx(request):
    rows, name = _export(request, "xlsx")
    return downloads.xlsx_response(rows, name)
