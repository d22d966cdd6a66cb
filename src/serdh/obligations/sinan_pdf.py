"""The filled SINAN ficha as a PDF laid out like the official form: its sections in order, each
field in a box with the form's number, the items of multiple-choice fields (type of violence,
means, relationship, referrals…) in one box per field. A health unit copies it into SINAN or
files it; nothing is typed twice."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _

from . import sinan


def _boxes(fields):
    """One box per field number: a single value, or the items of a multiple-choice field."""
    grouped = []
    for field in fields:
        if grouped and grouped[-1][0] == field.number and field.number in sinan.GROUP_TITLES:
            grouped[-1][1].append(field)
        else:
            grouped.append((field.number, [field]))
    for number, items in grouped:
        if number in sinan.GROUP_TITLES:
            text = "; ".join(
                f"{escape(str(f.label))}: <b>{escape(str(f.value) or '—')}</b>" for f in items
            )
            yield number, str(sinan.GROUP_TITLES[number]), text, True
        else:
            f = items[0]
            yield number, str(f.label), f"<b>{escape(str(f.value) or '—')}</b>", False


def render(notification):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    label = styles["BodyText"].clone("label", fontSize=7, leading=8, textColor=colors.grey)
    story = [
        Paragraph(_("SINAN — Ficha de notificação individual"), styles["Title"]),
        Paragraph(_("Violência interpessoal/autoprovocada"), styles["Heading2"]),
        Paragraph(
            _("Preenchida pelo SIMA a partir do caso %(p)s em %(d)s. Documento sigiloso.")
            % {
                "p": notification.case.protocol,
                "d": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
            },
            small,
        ),
        Spacer(1, 0.3 * cm),
    ]
    width = A4[0] - 3 * cm
    for section, fields in sinan.ficha(notification):
        story.append(Paragraph(escape(str(section)), styles["Heading3"]))
        rows, row, spans = [], [], []
        for number, title, text, wide in _boxes(fields):
            cell = [Paragraph(f"{number} {escape(title)}", label), Paragraph(text, small)]
            if wide:
                if row:
                    rows.append([*row, ""] if len(row) == 1 else row)
                    row = []
                spans.append(len(rows))
                rows.append([cell, ""])
            else:
                row.append(cell)
                if len(row) == 2:
                    rows.append(row)
                    row = []
        if row:
            rows.append([*row, ""])
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        style += [("SPAN", (0, i), (1, i)) for i in spans]
        table = Table(rows, colWidths=[width / 2, width / 2])
        table.setStyle(TableStyle(style))
        story.append(table)
    number = notification.number or _("(a preencher)")
    story += [
        Spacer(1, 0.4 * cm),
        Paragraph(
            _("Número da notificação no SINAN: %(n)s · Notificador(a): %(u)s, %(o)s")
            % {
                "n": number,
                "u": notification.updated_by.display_name,
                "o": notification.organization.name,
            },
            small,
        ),
    ]
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        title=str(_("Ficha de notificação SINAN")),
    )
    doc.build(story)
    return buffer.getvalue()
