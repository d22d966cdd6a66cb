"""The rows of the referral inbox (cases/_inbox_table.html).

The inbox shows up to a hundred referrals awaiting the service and a hundred it follows, each
with the case's violations and victims: rendered here in one pass, the same HTML the template
language took several times as long to write."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..choices import PartyRole, ReferralStatus, Urgency

register = template.Library()

ROW = (
    "\n  <tr{}>\n"
    '    <td><a href="{}"><strong>{}</strong></a><br><span class="muted">{} · {}{}</span></td>\n'
    '    <td><span class="badge urgency-{}">{}</span></td>\n'
    "    <td>{}{}</td>\n"
    "    <td>{}</td><td>{}</td></tr>\n  "
)


@register.simple_tag
def inbox_rows(rows, empty):
    if not rows:
        return format_html('<tr><td colspan="5">{}</td></tr>', empty)
    head, tail = reverse("cases:referral_detail", args=[987654321]).split("987654321")
    urgencies = {value: str(label) for value, label in Urgency.choices}
    statuses = {value: str(label) for value, label in ReferralStatus.choices}
    roles = {value: str(label) for value, label in PartyRole.choices}
    unclassified, no_victim = _("Violação não classificada"), _("Vítima não informada")
    overdue_badge = format_html(' <span class="badge badge-suspended">{}</span>', _("vencido"))

    def cells(r):
        case = r.case
        violations = [
            (v.subtype.label if v.subtype else "") or getattr(v.type, "label", "")
            for v in case.violations.all()
        ]
        # Party.pseudonym, with the role translated once per page instead of once per party.
        victims = [
            f"{roles.get(p.role) or p.get_role_display()} {p.ordinal}: {p.age_band}"
            for p in case.victims
        ]
        overdue = getattr(r, "overdue", False)
        return (
            mark_safe(' class="overdue"') if overdue else "",
            f"{head}{r.pk}{tail}",
            "; ".join(violations) if violations else unclassified,
            "; ".join(victims) if victims else no_victim,
            case.municipality.name,
            format_html(" · {}", case.protocol) if case.protocol else "",
            r.urgency,
            urgencies.get(r.urgency) or r.get_urgency_display(),
            r.due_date.strftime("%d/%m/%Y") if r.due_date else "",
            overdue_badge if overdue else "",
            r.from_organization.name,
            statuses.get(r.status) or r.get_status_display(),
        )

    return format_html_join("", ROW, (cells(r) for r in rows))
