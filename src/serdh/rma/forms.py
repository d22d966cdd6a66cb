from django import forms
from django.utils.translation import gettext_lazy as _


class ItemForm(forms.Form):
    """One item of the form: its value, or each of its sex and age cells; and the reason."""

    reason = forms.CharField(
        label=_("Motivo da correção"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Obrigatório ao mudar um número contado pelo SIMA: diga o que o SIMA não registra "
            "ou registrou errado."
        ),
    )

    def __init__(self, *args, item, figures, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        targets = [(cell.code, cell.label) for cell in item.cells] or [(item.code, _("Quantidade"))]
        for code, label in targets:
            figure = figures[code]
            self.fields[code] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=1_000_000,
                required=False,
                initial=figure.value,
                help_text=(
                    _("Contado pelo SIMA: %(n)s") % {"n": figure.computed}
                    if figure.computed is not None
                    else _("Não vem do SIMA: preencha com o registro da unidade.")
                ),
            )
        self.order_fields([code for code, _label in targets] + ["reason"])
        self.codes = [code for code, _label in targets]

    def values(self):
        return {code: self.cleaned_data.get(code) for code in self.codes}


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Por que reabrir"),
        min_length=10,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
