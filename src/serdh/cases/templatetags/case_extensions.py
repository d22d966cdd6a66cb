from django import template
from django.utils.html import format_html_join

from .. import extensions

register = template.Library()


@register.simple_tag
def case_banners(case):
    """What the apps above cases show at the top of every page of a case (cases.extensions).
    Each banner is a template's output (safe); anything else would be escaped."""
    if case is None or not getattr(case, "pk", None):
        return ""
    return format_html_join("", "{}", ((html,) for html in extensions.banners(case)))
