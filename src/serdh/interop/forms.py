from django import forms
from django.utils.translation import gettext_lazy as _

from .events import EVENT_TYPES
from .models import Scope

GRACE_CHOICES = (
    (0, _("Imediatamente (segredo vazado: tokens atuais revogados)")),
    (1, _("Em 1 hora")),
    (24, _("Em 24 horas")),
    (72, _("Em 72 horas")),
)


class ClientForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=None, label=_("Organização"), empty_label=_("— escolha —")
    )
    name = forms.CharField(label=_("Nome do sistema"), max_length=120)
    scopes = forms.MultipleChoiceField(
        label=_("Escopos"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    rate_limit = forms.IntegerField(
        label=_("Limite de requisições por minuto"), min_value=1, max_value=6000, initial=120
    )

    def __init__(self, *args, organizations, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if editing:
            del self.fields["organization"]


class EndpointForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=None, label=_("Organização"), empty_label=_("— escolha —")
    )
    url = forms.URLField(
        label=_("URL que recebe os eventos"), max_length=400, assume_scheme="https"
    )
    description = forms.CharField(label=_("Descrição"), max_length=200, required=False)
    event_types = forms.MultipleChoiceField(
        label=_("Eventos"),
        choices=[(t, t) for t in EVENT_TYPES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Nenhum marcado: todos os eventos da organização."),
    )

    def __init__(self, *args, organizations, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if editing:
            del self.fields["organization"]


class RotateForm(forms.Form):
    grace_hours = forms.TypedChoiceField(
        label=_("O segredo anterior deixa de valer"), choices=GRACE_CHOICES, coerce=int, initial=24
    )


class DesigneeForm(forms.Form):
    designee = forms.CharField(
        label=_("Entregar o segredo a outra pessoa (usuário)"),
        max_length=150,
        required=False,
        help_text=_(
            "Em branco: o segredo aparece para você, uma única vez. Com um usuário: essa pessoa "
            "recebe um link de uso único, válido por 24 horas, e só ela o abre."
        ),
    )


class ApproveClientForm(DesigneeForm):
    pass


class RotateForApproverForm(RotateForm, DesigneeForm):
    pass


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Motivo da recusa"), min_length=5, max_length=300)


class StatusForm(forms.Form):
    reason = forms.CharField(label=_("Motivo"), max_length=300, required=False)


class MessageLogFilterForm(forms.Form):
    client_id = forms.CharField(label=_("Sistema (client_id)"), max_length=40, required=False)
    protocol = forms.CharField(label=_("Protocolo do caso"), max_length=40, required=False)
    request_id = forms.CharField(label=_("Requisição"), max_length=64, required=False)
    status = forms.IntegerField(
        label=_("Status HTTP"), min_value=100, max_value=599, required=False
    )
    date_from = forms.DateField(
        label=_("De"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Até"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
