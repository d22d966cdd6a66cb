"""The official letter as a PDF, laid out as a Brazilian ofício: the issuing organization in
the header, number and year, place and date, addressee, "Assunto:", the text, the signature
block and the page numbers. Always in the installation's language (an ofício is a Portuguese
document whoever reads the screen in English)."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def _paragraphs(text):
    """Blank lines separate paragraphs; single line breaks are kept."""
    blocks = [b.strip() for b in (text or "").replace("\r\n", "\n").split("\n\n")]
    return [escape(b).replace("\n", "<br/>") for b in blocks if b]


def render(letter, *, compress=True):
    with translation.override(settings.LANGUAGE_CODE):
        return _render(letter, compress)


def _render(letter, compress):
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.pdfgen import canvas as pdfcanvas
    from reportlab.platypus import HRFlowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer

    organization = letter.organization
    municipality = organization.municipality
    footer_label = _("Ofício nº %(n)s") % {"n": letter.short_label}
    page_label = _("página %(p)s de %(t)s")

    class NumberedCanvas(pdfcanvas.Canvas):
        """Writes 'página N de M' once the number of pages is known."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont("Helvetica", 8)
                self.setFillColor(colors.grey)
                self.drawString(2.5 * cm, 1.5 * cm, footer_label)
                self.drawRightString(
                    A4[0] - 2 * cm,
                    1.5 * cm,
                    page_label % {"p": self._pageNumber, "t": total},
                )
                super().showPage()
            super().save()

    base = getSampleStyleSheet()["Normal"]
    normal = ParagraphStyle("letter", parent=base, fontName="Helvetica", fontSize=11, leading=15)
    body = ParagraphStyle(
        "letter-body", parent=normal, alignment=TA_JUSTIFY, firstLineIndent=1.5 * cm
    )
    head = ParagraphStyle(
        "letter-head", parent=normal, fontName="Helvetica-Bold", alignment=TA_CENTER, fontSize=12
    )
    small_center = ParagraphStyle(
        "letter-small", parent=normal, alignment=TA_CENTER, fontSize=8.5, leading=11
    )
    right = ParagraphStyle("letter-right", parent=normal, alignment=TA_RIGHT)
    center = ParagraphStyle("letter-center", parent=normal, alignment=TA_CENTER)

    where = f"{municipality.name}/{municipality.state.uf}" if municipality else ""
    contact = " · ".join(
        escape(v) for v in (organization.address, organization.phone, organization.email) if v
    )
    issued_on = timezone.localdate(letter.issued_at)
    long_date = date_format(issued_on, r"j \d\e F \d\e Y")
    place = f"{municipality.name}, " if municipality else ""
    story = [Paragraph(escape(organization.name), head)]
    if where:
        story.append(Paragraph(escape(where), small_center))
    if contact:
        story.append(Paragraph(contact, small_center))
    story += [
        Spacer(1, 0.2 * cm),
        HRFlowable(width="100%", thickness=0.6, color=colors.black),
        Spacer(1, 0.5 * cm),
        Paragraph(f"<b>{escape(letter.label)}</b>", normal),
        Paragraph(escape(f"{place}{long_date}."), right),
        Spacer(1, 0.6 * cm),
        Paragraph(escape(_("A(o)")), normal),
        Paragraph(f"<b>{escape(letter.addressee)}</b>", normal),
    ]
    if letter.addressee_address:
        story.append(Paragraph(escape(letter.addressee_address), normal))
    story += [
        Spacer(1, 0.5 * cm),
        Paragraph(f"<b>{escape(_('Assunto:'))}</b> {escape(letter.subject)}", normal),
    ]
    if letter.case.protocol:
        story.append(
            Paragraph(
                f"<b>{escape(_('Referência:'))}</b> "
                + escape(_("procedimento %(p)s (SIMA)") % {"p": letter.case.protocol}),
                normal,
            )
        )
    story.append(Spacer(1, 0.5 * cm))
    for block in _paragraphs(letter.body):
        story += [Paragraph(block, body), Spacer(1, 0.25 * cm)]
    story += [
        Spacer(1, 0.2 * cm),
        Paragraph(
            escape(
                _("Resposta solicitada até %(d)s.") % {"d": letter.answer_due.strftime("%d/%m/%Y")}
            ),
            normal,
        ),
        Spacer(1, 1.4 * cm),
        KeepTogether(
            [
                Paragraph("_" * 40, center),
                Paragraph(f"<b>{escape(letter.signer_name)}</b>", center),
                Paragraph(escape(letter.signer_role), center),
            ]
        ),
    ]
    if letter.status == "cancelled":
        story += [
            Spacer(1, 0.8 * cm),
            Paragraph(
                "<b>"
                + escape(
                    _("OFÍCIO CANCELADO em %(d)s.")
                    % {"d": timezone.localdate(letter.cancelled_at).strftime("%d/%m/%Y")}
                )
                + "</b>",
                center,
            ),
        ]
    out = BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=3 * cm,
        rightMargin=2 * cm,
        topMargin=2.5 * cm,
        bottomMargin=2.5 * cm,
        title=letter.label,
        author=organization.name,
        pageCompression=1 if compress else 0,
        invariant=1,
    ).build(story, canvasmaker=NumberedCanvas)
    return out.getvalue()
