"""The data subject's report as a PDF (ReportLab; fonts and all drawn on the server)."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.vocabularies.models import Term


def _label(code):
    if not code:
        return "—"
    labels = [
        Term.objects.filter(code=part).values_list("label", flat=True).first() or part
        for part in code.split(",")
    ]
    return ", ".join(labels)


def identity_rows(person):
    return [
        (_("Nome civil"), person.full_name or "—"),
        (_("Nome social"), person.social_name or "—"),
        (_("Nome da mãe"), person.mother_name or "—"),
        (_("Data de nascimento"), person.birth_date or "—"),
        (_("Sexo"), person.get_sex_display() or "—"),
        (_("Identidade de gênero"), _label(person.gender_identity)),
        (_("Orientação sexual"), _label(person.sexual_orientation)),
        (_("Raça/cor"), _label(person.race_color)),
        (_("Deficiências"), _label(person.disabilities)),
        ("CPF", person.cpf or "—"),
        ("CNS", person.cns or "—"),
        ("NIS", person.nis or "—"),
        (_("Município de residência"), str(person.residence_municipality or "—")),
    ]


def render(report):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dfe6f2")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )

    def cells(rows):
        # Values are escaped: a name with "<" or "&" is text, never ReportLab markup.
        return [[Paragraph(escape(str(c)), small) for c in row] for row in rows]

    when = timezone.localtime(report.generated_at)
    story = [
        Paragraph(
            _("SER-DH — Relatório ao titular dos dados (LGPD, arts. 18 e 19)"), styles["Title"]
        ),
        Paragraph(
            _("Relatório %(id)s · gerado em %(when)s por %(who)s · pedido %(ref)s")
            % {
                "id": report.id,
                "when": f"{when:%d/%m/%Y %H:%M}",
                "who": report.generated_by,
                "ref": escape(report.reference or "—"),
            },
            small,
        ),
        Paragraph(escape(_("Motivo: %(r)s") % {"r": report.reason}), small),
        Spacer(1, 0.4 * cm),
        Paragraph(_("1. Dados que o SER-DH guarda sobre a pessoa"), styles["Heading2"]),
        Table(
            cells([(_("Dado"), _("Valor")), *identity_rows(report.person)]),
            colWidths=[5 * cm, 11 * cm],
            style=grid,
        ),
        Spacer(1, 0.4 * cm),
        Paragraph(
            _("2. Quem guarda e por quê: os casos em que a pessoa aparece"), styles["Heading2"]
        ),
    ]
    if report.cases:
        rows = [
            (
                _("Protocolo"),
                _("Papel"),
                _("Registrado por"),
                _("Encaminhado a"),
                _("Registro"),
                _("Situação"),
            )
        ]
        for c in report.cases:
            rows.append(
                (
                    c["protocol"],
                    c["roles"],
                    f"{c['registered_by']} ({c['municipality']})",
                    c["referred_to"] or "—",
                    f"{timezone.localtime(c['registered_at']):%d/%m/%Y}"
                    if c["registered_at"]
                    else "—",
                    c["status"] + (f" · {_('anonimizado')}" if c["anonymized"] else ""),
                )
            )
        story.append(Table(cells(rows), repeatRows=1, style=grid))
    else:
        story.append(Paragraph(_("Nenhum caso."), small))
    for activity in report.activities:
        story.append(
            Paragraph(
                f"<b>{escape(str(activity.name))}.</b> {escape(str(activity.purpose))} "
                f"{_('Base legal')}: {escape(str(activity.legal_basis))}",
                small,
            )
        )
    story += [
        Spacer(1, 0.4 * cm),
        Paragraph(_("3. Quem acessou e quando"), styles["Heading2"]),
        Paragraph(
            _(
                "Acessos e alterações registrados na trilha de auditoria, por organização (sem "
                "o nome dos profissionais)."
            ),
            small,
        ),
    ]
    if report.accesses:
        rows = [(_("Quando"), _("O quê"), _("Organização"), _("Canal"))]
        for a in report.accesses:
            rows.append(
                (
                    f"{timezone.localtime(a['at']):%d/%m/%Y %H:%M}",
                    a["what"],
                    a["organization"],
                    a["channel"],
                )
            )
        story.append(Table(cells(rows), repeatRows=1, style=grid))
    else:
        story.append(Paragraph(_("Nenhum acesso registrado."), small))
    story += [
        Spacer(1, 0.4 * cm),
        Paragraph(
            _(
                "Relatos, observações e dados de outras pessoas envolvidas não fazem parte deste "
                "relatório. Pedidos de correção são encaminhados ao serviço que registrou o caso."
            ),
            small,
        ),
    ]
    buffer = BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Relatório ao titular"),
        author="SER-DH",
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
    ).build(story)
    return buffer.getvalue()
