"""The table builder's form: a measure, the breakdowns its facts allow, a period and a
territory (the state, or one adhering municipality of it)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .builder import DIMENSION_LABELS, MEASURES, Spec
from .forms import MonthField


class BuilderForm(forms.Form):
    measure = forms.ChoiceField(label=_("Medida"))
    rows = forms.ChoiceField(label=_("Linhas"))
    columns = forms.ChoiceField(label=_("Colunas"), required=False)
    start = MonthField(label=_("De (mês)"))
    end = MonthField(label=_("Até (mês)"))
    municipality = forms.TypedChoiceField(
        label=_("Território"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [(k, m.label) for k, m in MEASURES.items()]
        every = list(DIMENSION_LABELS.items())
        self.fields["rows"].choices = every
        self.fields["columns"].choices = [("", _("(nenhuma)")), *every]
        self.fields["municipality"].choices = [("", _("Todo o estado"))] + [
            (m.code, m.name) for m in municipalities
        ]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        spec = Spec(
            measure=data["measure"],
            rows=data["rows"],
            columns=data.get("columns") or "",
            start=data["start"],
            end=data["end"],
            municipality_id=data.get("municipality"),
        )
        for field, message in spec.errors().items():
            self.add_error(field, message)
        data["spec"] = spec
        return data


class SaveForm(forms.Form):
    name = forms.CharField(label=_("Nome da tabela"), max_length=120)
    shared = forms.BooleanField(
        label=_("Compartilhar com os gestores do meu território"), required=False
    )
