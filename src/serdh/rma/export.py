"""The RMA out of SER-DH: a CSV with one row per unit and month and one column per field of
the federal form (the MDS microdata's names: A1, C1e…), and a PDF laid out like the federal
form (the unit's header, each block's items, the sex and age grids). Both always in Portuguese:
the RMA is a federal form whoever reads the screen in English."""

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from serdh.core.csvsafe import SafeWriter

from . import catalog, selectors

HEADER = ["mes_referencia", "codigo_ibge", "municipio", "uf", "unidade", "id_cadsuas", "situacao"]


def csv_text(reports, form_kind):
    """Reports of one form (CRAS or CREAS), one row each; blank where no value was given."""
    form = catalog.form(form_kind)
    buffer = io.StringIO()
    writer = SafeWriter(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER + form.codes)
    for report in reports:
        unit, figures = report.organization, {f.code: f.value for f in report.figures.all()}
        municipality = unit.municipality
        writer.writerow(
            [
                f"{report.month:%Y-%m}",
                municipality.code if municipality else "",
                municipality.name if municipality else "",
                municipality.state.uf if municipality else "",
                unit.name,
                unit.cadsuas_id,
                report.status,
            ]
            + ["" if figures.get(code) is None else figures[code] for code in form.codes]
        )
    return buffer.getvalue()


def pdf_bytes(report):
    with translation.override(settings.LANGUAGE_CODE):
        return _pdf(report)


def _pdf(report):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    form, blocks, _figures = selectors.report_rows(report)
    unit = report.organization
    municipality = unit.municipality
    base = getSampleStyleSheet()["Normal"]
    normal = ParagraphStyle("rma", parent=base, fontName="Helvetica", fontSize=8.5, leading=10.5)
    title = ParagraphStyle("rma-title", parent=normal, fontName="Helvetica-Bold", fontSize=12)
    bar = ParagraphStyle(
        "rma-bar", parent=normal, fontName="Helvetica-Bold", textColor=colors.white, fontSize=9.5
    )
    bold = ParagraphStyle("rma-bold", parent=normal, fontName="Helvetica-Bold")
    small = ParagraphStyle("rma-small", parent=normal, fontSize=7, leading=8.5)
    width = A4[0] - 3 * cm
    grid_style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 0), (-1, -1), "CENTER"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
    ]

    def value(figure):
        if figure is None or figure.value is None:
            return "—"
        return f"{figure.value}{' *' if figure.corrected and figure.computed is not None else ''}"

    def P(text, style=normal):
        return Paragraph(escape(str(text)), style)

    where = f"{municipality.name}/{municipality.state.uf}" if municipality else ""
    header = [
        [P(_("Unidade"), bold), P(unit.name), P(_("ID CadSUAS"), bold), P(unit.cadsuas_id or "—")],
        [P(_("Endereço"), bold), P(unit.address or "—"), P(_("Município/UF"), bold), P(where)],
        [
            P(_("Mês de referência"), bold),
            P(f"{report.month:%m/%Y}"),
            P(_("Situação"), bold),
            P(report.get_status_display()),
        ],
    ]
    story = [
        P(form.title, title),
        Spacer(1, 0.2 * cm),
        Table(
            header,
            colWidths=[3 * cm, width / 2 - 3 * cm, 3 * cm, width / 2 - 3 * cm],
            style=[("GRID", (0, 0), (-1, -1), 0.4, colors.grey)],
        ),
        Spacer(1, 0.3 * cm),
    ]
    for block in blocks:
        story.append(
            Table(
                [[P(block["block"].title, bar)]],
                colWidths=[width],
                style=[("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#1f4e79"))],
            )
        )
        for group in block["groups"]:
            story.append(Spacer(1, 0.15 * cm))
            plain = [row for row in group["items"] if not row["cells"]]
            gridded = [row for row in group["items"] if row["cells"]]
            if plain:
                data = [[P(group["group"].title, bold), P(_("Total"), bold)]]
                data += [[P(row["item"].label), value(row["figure"])] for row in plain]
                story.append(Table(data, colWidths=[width - 2.2 * cm, 2.2 * cm], style=grid_style))
            for row in gridded:
                cells = row["cells"]
                columns = len(cells) + 1
                cell_width = min(1.7 * cm, (width - 6 * cm) / columns)
                data = [
                    [P(row["item"].label, bold)]
                    + [P(cell.label, small) for cell, _figure in cells]
                    + [P(_("Total"), small)],
                    [P(_("Quantidade"))]
                    + [value(figure) for _cell, figure in cells]
                    + [value(row["figure"])],
                ]
                story.append(
                    Table(
                        data,
                        colWidths=[width - cell_width * columns] + [cell_width] * columns,
                        style=grid_style,
                    )
                )
        story.append(Spacer(1, 0.3 * cm))
    computed_at = timezone.localtime(report.computed_at).strftime("%d/%m/%Y %H:%M")
    notes = [
        _("Números contados pelo SIMA em %(at)s.") % {"at": computed_at},
        _("* valor corrigido pela unidade (o motivo fica registrado no SER-DH)."),
        _("— item não preenchido."),
        form.legal_source + ".",
    ]
    if report.submitted_at:
        notes.insert(
            0,
            _("Enviado em %(at)s.")
            % {"at": timezone.localtime(report.submitted_at).strftime("%d/%m/%Y %H:%M")},
        )
    story += [P(note, small) for note in notes]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        title=f"{form.title} — {unit.name} — {report.month:%m/%Y}",
    ).build(story)
    return buffer.getvalue()
