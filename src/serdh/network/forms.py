from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import AdhesionStatus, OrganizationKind, Sector
from .models import Organization
from .services import ORGANIZATION_FIELDS


class MunicipalityFilterForm(forms.Form):
    q = forms.CharField(label=_("Nome do município"), required=False)
    status = forms.ChoiceField(
        label=_("Adesão"),
        required=False,
        choices=[("", _("Todas")), ("none", _("Sem adesão"))] + list(AdhesionStatus.choices),
    )


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(label=_("Nome ou sigla"), required=False)
    municipality = forms.IntegerField(
        label=_("Código IBGE do município"), required=False, widget=forms.HiddenInput
    )
    kind = forms.ChoiceField(
        label=_("Tipo"), required=False, choices=[("", _("Todos"))] + list(OrganizationKind.choices)
    )
    sector = forms.ChoiceField(
        label=_("Setor"), required=False, choices=[("", _("Todos"))] + list(Sector.choices)
    )


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        # What the organization form edits: everything the service accepts but the level
        # (state organs are registered by the state).
        fields = [f for f in ORGANIZATION_FIELDS if f != "level"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        # The model's blank choice reads "---------": say it in words.
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = _("— escolha —")
            elif isinstance(field, forms.ChoiceField):
                field.choices = [
                    ("", _("— escolha —")) if value == "" else (value, label)
                    for value, label in field.choices
                ]


class AdhesionSignForm(forms.Form):
    signed_at = forms.DateField(
        label=_("Data da assinatura"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signatory_name = forms.CharField(label=_("Quem assinou"), max_length=150)
    signatory_role = forms.CharField(label=_("Cargo"), max_length=150, required=False)
    signed_term = forms.FileField(label=_("Termo assinado (PDF)"))


class AdhesionSuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo da suspensão"), widget=forms.Textarea(attrs={"rows": 3})
    )
