import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


class MonthField(forms.CharField):
    """A month as YYYY-MM (the browser's month input), cleaned to the first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "AAAA-MM"})

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        match = MONTH_RE.match(value)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise forms.ValidationError(_("Informe o mês no formato AAAA-MM."))
        return date(int(match.group(1)), int(match.group(2)), 1)


class DashboardForm(forms.Form):
    start = MonthField(label=_("De (mês)"), required=False)
    end = MonthField(label=_("Até (mês)"), required=False)
    municipality = forms.TypedChoiceField(
        label=_("Município"), required=False, coerce=int, empty_value=None
    )
    organization = forms.TypedChoiceField(
        label=_("Serviço"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, municipalities=(), organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", _("Todo o território"))] + [
            (m.code, m.name) for m in municipalities
        ]
        self.fields["organization"].choices = [("", _("Todos os serviços"))] + [
            (o.pk, o.name) for o in organizations
        ]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("O fim do período deve vir depois do início."))
        return data


class BulletinForm(forms.Form):
    month = MonthField(label=_("Mês"))
    municipality = forms.TypedChoiceField(
        label=_("Território"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, municipalities=(), allow_state=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_state:  # a municipal manager's bulletin is of its municipality
            del self.fields["municipality"]
            return
        self.fields["municipality"].choices = [("", _("Todo o estado"))] + [
            (m.code, m.name) for m in municipalities
        ]
