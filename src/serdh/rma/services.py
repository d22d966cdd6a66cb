"""What changes an RMA: opening a unit's month (SIMA's figures counted and kept with the cases
behind them), counting again while it is under review, a correction with its reason, the
submission and a reopening. The unit's coordinator does all of it; the worker's periodic job
opens every unit's last month on its own. Each change is an audit event."""

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role
from serdh.network.choices import AdhesionStatus
from serdh.network.models import Organization
from serdh.workflow import notifications
from serdh.workflow.choices import NotificationKind
from serdh.workflow.closure import coordinators

from . import catalog, months, rules
from .choices import ReportStatus, RmaForm
from .models import Figure, FigureChange, MonthlyReport

REASON_MIN = 10
logger = logging.getLogger("serdh.rma")


def coordinates(user, organization_id):
    """Whether the user acts as the coordination of that unit (who changes its RMA)."""
    actor = access.actor_for(user)
    return actor.has_role(Role.COORDINATOR) and actor.organization_id == organization_id


def may_edit(user, report):
    return coordinates(user, report.organization_id)


def _require_editor(user, report):
    if not may_edit(user, report):
        raise NotPermitted(_("Só a coordenação do serviço altera o RMA da unidade."))


def _require_open(report):
    if not report.is_open:
        raise ServiceError(_("O RMA deste mês já foi enviado: reabra-o para corrigir."))


def units():
    """The CRAS and CREAS of municipalities whose adhesion is active."""
    return Organization.objects.filter(
        kind__in=RmaForm.values,
        is_active=True,
        municipality__adhesion__status=AdhesionStatus.ACTIVE,
    )


def open_month(user, organization, month):
    """The unit's RMA for ``month``, counted from SIMA now if it did not exist yet."""
    if not coordinates(user, organization.pk):
        raise NotPermitted(_("Só a coordenação do serviço abre o RMA da unidade."))
    if month > months.last_closed():
        raise ServiceError(_("O RMA só pode ser preparado depois que o mês termina."))
    adhesion = getattr(organization.municipality, "adhesion", None)
    if (
        adhesion is None
        or adhesion.activated_at is None
        or month < months.first_day(adhesion.activated_at)
    ):
        raise ServiceError(_("Antes da adesão do município o RMA não é enviado pelo SER-DH."))
    return ensure(organization, month)


def ensure(organization, month):
    """Create the month's report if missing (the worker's job, and ``open_month``)."""
    kind = catalog.form_for(organization)
    if kind is None:
        raise ServiceError(_("Só CRAS e CREAS enviam o RMA."))
    with transaction.atomic():
        report, created = MonthlyReport.objects.get_or_create(
            organization=organization,
            month=month,
            defaults={"form": kind, "computed_at": timezone.now()},
        )
        if created:
            _count(report)
            _tell_coordinators(
                report,
                _("O RMA de %(month)s está pronto para revisão.") % {"month": f"{month:%m/%Y}"},
                "ready",
            )
            audit.record(
                "rma.opened",
                report,
                organization_id=organization.pk,
                data={"month": f"{month:%Y-%m}", "form": kind},
            )
    return report


def _tell_coordinators(report, message, what):
    """The unit's coordination is told there is something to see (never a figure)."""
    link = reverse(
        "rma:report",
        kwargs={
            "org": report.organization_id,
            "year": report.month.year,
            "month": report.month.month,
        },
    )
    notifications.notify_all(
        coordinators(report.organization),
        NotificationKind.RMA_DUE,
        message,
        link,
        dedupe_key=f"rma:{what}:{report.pk}",
    )


def _count(report):
    """Count SIMA's figures again. A figure nobody corrected takes the new count; a corrected
    one keeps the unit's value (the page shows what SIMA says now beside it)."""
    form = catalog.form(report.form)
    counts = rules.compute(report.organization, report.month, form)
    existing = {f.code: f for f in report.figures.all()}
    fresh, changed = [], []
    for code in form.codes:
        count = counts.get(code)
        figure = existing.get(code)
        if figure is None:
            figure = Figure(report=report, code=code)
            fresh.append(figure)
        else:
            changed.append(figure)
        figure.computed = count.value if count else None
        figure.case_ids = sorted(count.case_ids) if count else []
        figure.unplaced_case_ids = sorted(count.unplaced) if count else []
        if not figure.corrected:
            figure.value = figure.computed
    figures = {f.code: f for f in (*fresh, *changed)}
    for item in form.items.values():
        if item.cells:
            _sum_cells(item, figures)
    for figure in figures.values():
        figure.corrected = figure.value != figure.computed
        if not figure.corrected:
            figure.reason = ""
    # One statement for the form's ~150 columns, not one each.
    Figure.objects.bulk_create(fresh)
    Figure.objects.bulk_update(
        changed, ["computed", "case_ids", "unplaced_case_ids", "value", "corrected", "reason"]
    )
    report.computed_at = timezone.now()
    report.save(update_fields=["computed_at"])


def _sum_cells(item, figures):
    """An item broken down by sex and age is the sum of its cells (blank if all are)."""
    cells = [figures[c.code].value for c in item.cells]
    total = figures[item.code]
    total.value = None if all(v is None for v in cells) else sum(v or 0 for v in cells)


def recount(user, report):
    _require_editor(user, report)
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        _require_open(report)
        _count(report)
        audit.record("rma.recounted", report, organization_id=report.organization_id)
    return report


def correct(user, report, values, reason):
    """Set the unit's value of some columns ({code: int or None}). Changing a figure SIMA
    counted needs a reason; an item broken down by sex and age is the sum of its cells."""
    _require_editor(user, report)
    reason = (reason or "").strip()[:300]
    form = catalog.form(report.form)
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        _require_open(report)
        figures = {f.code: f for f in report.figures.select_for_update()}
        changed = []
        for code, value in values.items():
            figure = figures[code]
            if value == figure.value:
                continue
            if (
                figure.computed is not None
                and value != figure.computed
                and len(reason) < (REASON_MIN)
            ):
                raise ServiceError(
                    _(
                        "Diga por que o número contado pelo SIMA está errado (pelo menos 10 "
                        "letras)."
                    ),
                    field="reason",
                )
            FigureChange.objects.create(
                figure=figure,
                previous=figure.value,
                value=value,
                reason=reason,
                changed_by=user,
                changed_at=timezone.now(),
            )
            figure.value = value
            figure.corrected = value != figure.computed
            figure.reason = reason if figure.corrected else ""
            figure.save(update_fields=["value", "corrected", "reason"])
            changed.append(code)
        for item in {form.item_of(code) for code in changed}:
            if item.cells:
                _sum_cells(item, figures)
                total = figures[item.code]
                total.corrected = total.value != total.computed
                total.save(update_fields=["value", "corrected"])
        if changed:
            audit.record(
                "rma.corrected",
                report,
                organization_id=report.organization_id,
                reason=reason,
                data={"codes": changed},
            )
    return changed


def submit(user, report):
    _require_editor(user, report)
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        _require_open(report)
        now = timezone.now()
        report.status = ReportStatus.SUBMITTED
        report.submitted_at, report.submitted_by = now, user
        report.first_submitted_at = report.first_submitted_at or now
        report.save(update_fields=["status", "submitted_at", "submitted_by", "first_submitted_at"])
        audit.record(
            "rma.submitted",
            report,
            organization_id=report.organization_id,
            data={"month": f"{report.month:%Y-%m}"},
        )
    return report


def reopen(user, report, reason):
    _require_editor(user, report)
    reason = (reason or "").strip()[:300]
    if len(reason) < REASON_MIN:
        raise ServiceError(
            _("Diga por que o RMA enviado precisa ser reaberto (pelo menos 10 letras)."),
            field="reason",
        )
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        if report.is_open:
            raise ServiceError(_("Este RMA já está em revisão."))
        report.status = ReportStatus.OPEN
        report.submitted_at = report.submitted_by = None  # first_submitted_at stays
        report.save(update_fields=["status", "submitted_at", "submitted_by"])
        audit.record("rma.reopened", report, organization_id=report.organization_id, reason=reason)
    return report


REMIND_DAYS = 3  # the coordination is reminded this many days before the deadline


def run(today=None):
    """The worker's hourly job: last month opened for every unit, reminders near the deadline."""
    return open_last_month(today), remind_due(today)


def remind_due(today=None):
    """Open RMAs whose deadline is within ``REMIND_DAYS`` days: the coordination is told once."""
    today = today or timezone.localdate()
    told = 0
    for report in MonthlyReport.objects.filter(
        status=ReportStatus.OPEN, month__gte=months.previous_month(months.last_closed(today))
    ).select_related("organization"):
        due = months.due_date(report.month)
        if 0 <= (due - today).days <= REMIND_DAYS:
            _tell_coordinators(
                report,
                _("O RMA de %(month)s vence em %(due)s e ainda não foi marcado como enviado.")
                % {"month": f"{report.month:%m/%Y}", "due": f"{due:%d/%m/%Y}"},
                "due",
            )
            told += 1
    return told


def open_last_month(today=None):
    """The worker's job: every unit's last ended month is ready for review on the 1st."""
    month = months.last_closed(today)
    have = set(MonthlyReport.objects.filter(month=month).values_list("organization_id", flat=True))
    opened = 0
    for organization in units().exclude(pk__in=have).select_related("municipality"):
        try:
            ensure(organization, month)
        except Exception:  # one unit's failure does not hold back the others
            logger.exception("RMA of unit %s for %s not opened", organization.pk, month)
            continue
        opened += 1
    return opened
