"""Monthly bulletins: a PDF per municipality or for the state, built by the worker with a
progress the page shows, from the same indicators and disclosure control as the dashboard.

The PDF is drawn with ReportLab: a title, the period, the indicator cards as a table, then
for each breakdown a bar chart and its table; hidden counts appear as "—".
"""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.core import audit, replica
from serdh.network.models import Municipality

from . import indicators, publishing
from .models import Bulletin, BulletinStatus

SECTIONS = (
    ("violacoes", "type"),
    ("violacoes", "age_band"),
    ("violacoes", "sex"),
    ("violacoes", "race"),
    ("violacoes", "group"),
    ("violacoes", "month"),
)
CARDS = (
    "casos",
    "violacoes",
    "taxa_violacoes",
    "tempo_aceite",
    "encaminhamentos_atrasados",
    "acompanhamento_30_dias",
    "tempo_encerramento",
)


def storage_dir():
    path = Path(settings.MEDIA_ROOT) / "bulletins"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of(bulletin):
    return storage_dir() / bulletin.file_name


def request_bulletin(user, *, state_code, month, municipality_id=None):
    """Queue a bulletin (the caller checked the territory) and start its task on commit."""
    from .tasks import build_bulletin

    with transaction.atomic():
        bulletin = Bulletin.objects.create(
            state_code=state_code,
            municipality_id=municipality_id,
            month=month.replace(day=1),
            requested_by=user,
        )
        audit.record(
            "monitoring.bulletin_requested",
            bulletin,
            data={"month": f"{bulletin.month:%Y-%m}", "municipality": municipality_id},
        )
        transaction.on_commit(lambda: build_bulletin.enqueue(bulletin.pk))
    return bulletin


def _set(bulletin, **fields):
    Bulletin.objects.filter(pk=bulletin.pk).update(**fields)


def _published(ind, query):
    """One indicator through disclosure control; its reads from the replica when it is fresh
    (the progress written between them goes to the primary, outside the scope)."""
    with replica.reading_from_replica():
        return publishing.publish(ind(query))


def _value(cell_value, unit):
    from .templatetags.monitoring import metric

    return metric(cell_value, unit)


def build(bulletin_id):
    """Produce the PDF, reporting progress; a failure is recorded, never raised to the
    worker loop."""
    bulletin = Bulletin.objects.get(pk=bulletin_id)
    _set(bulletin, status=BulletinStatus.RUNNING, progress=1, step=_("Calculando indicadores"))
    try:
        name = _draw(bulletin)
    except Exception as exc:  # the page shows why; the worker goes on
        _set(bulletin, status=BulletinStatus.FAILED, error=str(exc)[:300])
        raise
    _set(
        bulletin,
        status=BulletinStatus.DONE,
        progress=100,
        step=_("Pronto"),
        file_name=name,
        finished_at=timezone.now(),
    )
    return name


def _draw(bulletin):
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    end = bulletin.month
    start = (end - timedelta(days=330)).replace(day=1)
    where = (
        Municipality.objects.get(code=bulletin.municipality_id).name
        if bulletin.municipality_id
        else _("Estado")
    )
    base = {
        "state_code": bulletin.state_code,
        "start": end,
        "end": end,
        "municipality_id": bulletin.municipality_id,
    }
    styles = getSampleStyleSheet()
    story = [
        Paragraph(_("SER-DH — Boletim mensal de monitoramento"), styles["Title"]),
        Paragraph(f"{where} · {end:%m/%Y}", styles["Heading2"]),
        Paragraph(
            _(
                "Contagens com um pequeno ruído (até %(d)s para mais ou para menos; de 1 a "
                "%(n)s, publicadas como 0 ou %(t)s). Série mensal: %(s)s a %(e)s."
            )
            % {
                "d": publishing.disclosure.spread(),
                "t": publishing.disclosure.threshold(),
                "n": publishing.disclosure.threshold() - 1,
                "s": f"{start:%m/%Y}",
                "e": f"{end:%m/%Y}",
            },
            styles["Normal"],
        ),
        Spacer(1, 0.4 * cm),
    ]
    grid_style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dbe8fb")),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ]
    )
    cards = [[_("Indicador"), _("Valor")]]
    for code in CARDS:
        ind = indicators.REGISTRY[code]
        published = _published(ind, indicators.Query(**base))
        cards.append(
            [Paragraph(str(ind.name), styles["Normal"]), _value(published.total, ind.unit)]
        )
    story += [Table(cards, colWidths=[12 * cm, 4 * cm], style=grid_style), Spacer(1, 0.5 * cm)]
    total_steps = len(SECTIONS)
    for number, (code, breakdown) in enumerate(SECTIONS, start=1):
        ind = indicators.REGISTRY[code]
        period = {**base, "start": start} if breakdown == "month" else base
        published = _published(ind, indicators.Query(**period, breakdown=breakdown))
        title = f"{ind.name} — {indicators.BREAKDOWNS[breakdown]}"
        story.append(Paragraph(title, styles["Heading3"]))
        if published.cells:
            drawing = Drawing(16 * cm, max(2, len(published.cells)) * 0.55 * cm + 1 * cm)
            chart = HorizontalBarChart()
            chart.x, chart.y = 5 * cm, 0.5 * cm
            chart.width, chart.height = 10 * cm, len(published.cells) * 0.55 * cm
            chart.data = [[cell.value or 0 for cell in published.cells]]
            chart.categoryAxis.categoryNames = [cell.label[:30] for cell in published.cells]
            chart.categoryAxis.labels.fontSize = 7
            chart.valueAxis.valueMin = 0
            chart.bars[0].fillColor = colors.HexColor("#1351b4")
            drawing.add(chart)
            story.append(drawing)
            rows = [[indicators.BREAKDOWNS[breakdown], _("Violações")]] + [
                [cell.label, _value(cell.value, "count")] for cell in published.cells
            ]
            rows.append([_("Total"), _value(published.total, "count")])
            story.append(Table(rows, colWidths=[12 * cm, 4 * cm], style=grid_style))
        else:
            story.append(Paragraph(_("Nenhum registro no período."), styles["Normal"]))
        story.append(Spacer(1, 0.4 * cm))
        _set(
            bulletin,
            progress=min(95, 5 + round(90 * number / total_steps)),
            step=_("Seção %(n)s de %(t)s") % {"n": number, "t": total_steps},
        )
    name = (
        f"boletim-{bulletin.municipality_id or bulletin.state_code}-{end:%Y-%m}-{bulletin.pk}.pdf"
    )
    SimpleDocTemplate(
        str(storage_dir() / name),
        pagesize=A4,
        title=str(_("Boletim mensal SER-DH")),
        author="SER-DH",
        invariant=1,
    ).build(story)
    return name
