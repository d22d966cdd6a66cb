"""Forms the gov.br / GOV.UK way: an error summary at the top linking to each field in error,
each field marked with ``aria-invalid`` and described by its own message, the same words in
both places; the asterisk only on what a person must fill in.

- ``{% error_summary form other_form %}``: nothing when every form is valid.
- ``{{ field|control }}``: the field's widget described by its help text and its error.
- ``{{ field|asks_for_input }}``: whether the label carries the required asterisk.

A form marks fields that are optional to save but needed for a further step (registering a
case needs the intake channel) with ``form.needed = {"intake_channel", ...}``: they get the
asterisk and ``aria-required`` without the browser's ``required``."""

from django import forms, template
from django.utils.translation import gettext as _

register = template.Library()


def _needed(field):
    return field.name in getattr(field.form, "needed", ())


@register.filter
def asks_for_input(field):
    """Required, and something the person could leave empty: a select without an empty choice
    or a radio with a value already chosen cannot be missed, so it carries no asterisk."""
    if _needed(field):
        return True
    if not field.field.required:
        return False
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return True
    if isinstance(widget, (forms.Select, forms.RadioSelect)) and not isinstance(
        widget, forms.SelectMultiple
    ):
        choices = list(getattr(field.field, "choices", ()))
        has_blank = any(value in ("", None) for value, _label in choices)
        return has_blank or (isinstance(widget, forms.RadioSelect) and not field.value())
    return True


def field_anchor(field):
    """Where the summary's link goes: the control, or the group of a radio/checkbox list."""
    widget = field.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"{field.auto_id}_group"
    return field.id_for_label or field.auto_id


@register.filter
def control(field):
    """The widget, described by its help text and error messages (ids ``<id>_help`` and
    ``<id>_error``), ``aria-invalid`` when in error, ``aria-required`` when needed."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_help")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if field.errors:
        attrs["aria-invalid"] = "true"
    if _needed(field):
        attrs["aria-required"] = "true"
    return field.as_widget(attrs=attrs)


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms_):
    items = []
    for form in forms_:
        if form is None or not form.is_bound or not form.errors:
            continue
        for message in form.non_field_errors():
            items.append({"href": "", "text": message})
        for field in form:
            for message in field.errors:
                items.append(
                    {"href": f"#{field_anchor(field)}", "text": f"{field.label}: {message}"}
                )
    return {"items": items, "title": _("Há um problema") if items else ""}
