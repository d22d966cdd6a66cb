from django import template
from django.utils.translation import gettext as _

register = template.Library()


def _number(value, decimals):
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


@register.filter
def metric(value, unit):
    """A value for display in pt-BR, with its unit; '—' when suppressed or unknown."""
    if value is None:
        return "—"
    if unit == "count":
        return _number(value, 0)
    if unit == "number":  # whole numbers as such; an average (cases per professional) 1 decimal
        return _number(value, 0 if float(value).is_integer() else 1)
    if unit == "share":
        return _number(value, 1) + " %"
    if unit == "rate":
        return _number(value, 1)
    if unit == "hours":
        return _number(value, 1) + " h"
    if unit == "days":
        return _number(value, 1) + " " + _("dias")
    return _number(value, 1)
