from django import forms
from django.utils.translation import gettext_lazy as _


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Ação (prefixo)"), required=False)
    actor = forms.CharField(label=_("Usuário"), required=False)
    request_id = forms.CharField(label=_("Requisição"), required=False)
    flagged = forms.BooleanField(label=_("Só sinalizados"), required=False)
    since = forms.DateField(
        label=_("De"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Até"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
