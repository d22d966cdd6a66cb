"""Charts drawn on the server as SVG (no JavaScript, no external library): horizontal bars
for breakdowns, columns for months. Each chart is an image with a title and a description;
the page puts the same numbers in a table beside it."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .templatetags.monitoring import metric

BAR = "#1351b4"
MUTED = "#888"


def _fmt(value):
    return metric(value, "number" if isinstance(value, int) else "rate")


def bars(cells, title, chart_id, width=560, row_height=22, label_width=210):
    """Horizontal bars; suppressed cells are drawn as a hatched stub marked '—'."""
    values = [c.value for c in cells if c.value is not None]
    top = max(values) if values else 0
    height = row_height * len(cells) + 8
    scale = (width - label_width - 60) / top if top else 0
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-t" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
    ]
    for i, cell in enumerate(cells):
        y = 4 + i * row_height
        label = escape(cell.label if len(cell.label) <= 32 else cell.label[:31] + "…")
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" '
            f'font-size="12">{label}</text>'
        )
        if cell.value is None:
            parts.append(
                f'<rect x="{label_width}" y="{y + 4}" width="12" height="{row_height - 8}" '
                f'fill="none" stroke="{MUTED}" stroke-dasharray="2 2"/>'
                f'<text x="{label_width + 18}" y="{y + 15}" font-size="12" fill="{MUTED}">—</text>'
            )
            continue
        w = max(1, round(cell.value * scale)) if cell.value else 0
        parts.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{w}" height="{row_height - 8}" '
            f'fill="{BAR}"/>'
            f'<text x="{label_width + w + 6}" y="{y + 15}" font-size="12">{_fmt(cell.value)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every label is escaped above)


def columns(cells, title, chart_id, width=560, height=180):
    """Vertical columns in order (months)."""
    values = [c.value for c in cells if c.value is not None]
    top = max(values) if values else 0
    n = max(len(cells), 1)
    slot = (width - 20) / n
    scale = (height - 40) / top if top else 0
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-t" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<line x1="10" y1="{height - 20}" x2="{width - 10}" y2="{height - 20}" stroke="{MUTED}"/>',
    ]
    for i, cell in enumerate(cells):
        x = 10 + i * slot + slot * 0.15
        w = slot * 0.7
        if cell.value is None:
            parts.append(
                f'<text x="{x + w / 2:.1f}" y="{height - 26}" text-anchor="middle" '
                f'font-size="11" fill="{MUTED}">—</text>'
            )
        else:
            h = round(cell.value * scale)
            parts.append(
                f'<rect x="{x:.1f}" y="{height - 20 - h}" width="{w:.1f}" height="{h}" '
                f'fill="{BAR}"><title>{escape(cell.label)}: {_fmt(cell.value)}</title></rect>'
            )
        if n <= 12 or i % max(1, n // 12) == 0:
            parts.append(
                f'<text x="{x + w / 2:.1f}" y="{height - 6}" text-anchor="middle" '
                f'font-size="10">{escape(cell.label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every label is escaped above)
