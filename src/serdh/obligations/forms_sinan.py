from django import forms
from django.utils.translation import gettext_lazy as _

from . import sinan


class SinanForm(forms.Form):
    """The ficha's questions SIMA does not hold (obligations.sinan.EXTRA, procedures, referrals),
    the notification's number and date; everything else is read from the case."""

    occupation = forms.CharField(label=_("34 Ocupação"), max_length=200, required=False)
    number = forms.CharField(
        label=_("Número da notificação no SINAN"),
        max_length=7,
        required=False,
        help_text=_("7 dígitos, quando a ficha já foi digitada no SINAN."),
    )
    notified_on = forms.DateField(
        label=_("3 Data da notificação"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for column, number, label, choices in sinan.EXTRA:
            self.fields[column] = forms.ChoiceField(
                label=f"{number} {label}", choices=[("", "—"), *choices], required=False
            )
        for group, items, choices in (
            (59, sinan.PROCEDURES, sinan.YES_NO_NSA_IGN),
            (65, sinan.REFERRALS, sinan.YES_NO_IGN),
        ):
            for column, label in items:
                self.fields[column] = forms.ChoiceField(
                    label=f"{group} {label}", choices=[("", "—"), *choices], required=False
                )

    def service_data(self, send):
        data = self.cleaned_data
        return {
            "answers": {c: data[c] for c in sinan.EXTRA_COLUMNS if data.get(c)},
            "occupation": data.get("occupation", ""),
            "number": data.get("number", ""),
            "notified_on": data.get("notified_on"),
            "send": send,
        }
