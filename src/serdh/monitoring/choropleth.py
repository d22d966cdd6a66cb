"""Choropleth maps drawn on the server as SVG (monitoring.boundaries holds the shapes): a
rate per 100,000 inhabitants by municipality in five classes (quantiles of the values shown),
with a legend. Municipalities with a value are links (keyboard: Tab; each names itself and its
value to screen readers); the rest are drawn grey and hidden from assistive technology. The
same figures are always in a table beside the map."""

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .templatetags.monitoring import metric

# Five sequential blues, light to dark (distinguishable in grey and by colour-blind readers).
PALETTE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#eeeeee"
CLASSES = len(PALETTE)


def classes(values, n=CLASSES):
    """Upper bounds of up to ``n`` classes (quantiles of ``values``), distinct and sorted."""
    ordered = sorted(values)
    if not ordered:
        return []
    bounds = []
    for i in range(1, n + 1):
        bound = ordered[min(len(ordered) - 1, round(i * len(ordered) / n) - 1)]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return bounds


def _class_of(value, bounds):
    for index, bound in enumerate(bounds):
        if value <= bound:
            return index
    return len(bounds) - 1


def render(mesh, shapes, values, names, *, title, chart_id, link, unit=None):
    """The SVG of ``shapes`` ([MapShape]) coloured by ``values`` {municipality: rate or None};
    ``link(code)`` is where a municipality leads."""
    unit = unit or _("por 100 mil habitantes")
    shown = {code: v for code, v in values.items() if v is not None}
    bounds = classes(list(shown.values()))
    colours = PALETTE[-len(bounds) :] if bounds else ()
    legend_height = 24 * (len(bounds) + 1) + 10
    height = mesh.height + legend_height
    parts = [
        format_html(
            '<svg class="map" viewBox="0 0 {} {}" width="100%" role="group" '
            'aria-labelledby="{}-title {}-desc" id="{}"><title id="{}-title">{}</title>'
            '<desc id="{}-desc">{}</desc>',
            mesh.width,
            round(height),
            chart_id,
            chart_id,
            chart_id,
            chart_id,
            title,
            chart_id,
            _("Mapa dos municípios; os mesmos números estão na tabela ao lado."),
        ),
        f'<g aria-hidden="true" fill="{NO_DATA}" stroke="#ffffff" stroke-width="0.6">',
    ]
    for shape in shapes:
        if shape.municipality_id not in shown:
            parts.append(format_html('<path d="{}"></path>', shape.path))
    parts.append('</g><g stroke="#ffffff" stroke-width="0.6">')
    for shape in shapes:
        code = shape.municipality_id
        if code not in shown:
            continue
        value = shown[code]
        label = f"{names.get(code, code)}: {metric(value, 'rate')} {unit}"
        parts.append(
            format_html(
                '<a href="{}" aria-label="{}"><path d="{}" fill="{}"><title>{}</title></path></a>',
                link(code),
                label,
                shape.path,
                colours[_class_of(value, bounds)],
                label,
            )
        )
    top = mesh.height + 10
    parts.append(f'</g><g class="legend" transform="translate(10 {round(top)})">')
    low = 0
    for index, bound in enumerate(bounds):
        y = 24 * index
        parts.append(
            format_html(
                '<rect x="0" y="{}" width="18" height="18" fill="{}" stroke="#666"></rect>'
                '<text x="26" y="{}" font-size="16">{} – {}</text>',
                y,
                colours[index],
                y + 14,
                metric(low, "rate"),
                metric(bound, "rate"),
            )
        )
        low = bound
    y = 24 * len(bounds)
    parts.append(
        format_html(
            '<rect x="0" y="{}" width="18" height="18" fill="{}" stroke="#666"></rect>'
            '<text x="26" y="{}" font-size="16">{}</text>',
            y,
            NO_DATA,
            y + 14,
            _("sem dados (sem adesão ou sem população)"),
        )
    )
    parts.append("</g></svg>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308  (every value escaped above)
