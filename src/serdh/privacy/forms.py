from django import forms
from django.utils.translation import gettext_lazy as _

from .models import IncidentCriterion

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IncidentForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=200)
    description = forms.CharField(
        label=_("O que aconteceu"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sem nomes nem dados das pessoas afetadas: descreva o evento."),
    )
    occurred_on = forms.DateField(label=_("Ocorreu em"), required=False, widget=DATE)
    known_on = forms.DateField(
        label=_("Soube-se que dados pessoais foram afetados em"),
        widget=DATE,
        help_text=_("O prazo de 3 dias úteis para comunicar conta desta data."),
    )
    significant_effect = forms.BooleanField(
        label=_("Pode afetar significativamente interesses e direitos dos titulares"),
        required=False,
    )
    criteria = forms.MultipleChoiceField(
        label=_("Envolve"),
        choices=IncidentCriterion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    affected_count = forms.IntegerField(label=_("Titulares afetados (estimativa)"), min_value=0)
    affected_children = forms.IntegerField(
        label=_("Dos quais crianças, adolescentes ou idosos"), min_value=0, initial=0
    )
    measures = forms.CharField(
        label=_("Medidas adotadas"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    anpd_notified_on = forms.DateField(label=_("Comunicado à ANPD em"), required=False, widget=DATE)
    subjects_notified_on = forms.DateField(
        label=_("Comunicado aos titulares em"), required=False, widget=DATE
    )
    delay_reason = forms.CharField(
        label=_("Motivo da demora (se comunicado fora do prazo)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    closed_on = forms.DateField(label=_("Encerrado em"), required=False, widget=DATE)


class SubjectSearchForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Identificador"), choices=[("cpf", "CPF"), ("cns", "CNS"), ("nis", "NIS")]
    )
    number = forms.CharField(label=_("Número"), max_length=30)
    reference = forms.CharField(
        label=_("Referência do pedido (ex.: protocolo da ouvidoria)"),
        max_length=100,
        required=False,
    )
    reason = forms.CharField(
        label=_("Motivo"),
        max_length=300,
        help_text=_("Ex.: pedido de acesso do próprio titular, recebido pela ouvidoria."),
    )


class RectificationForm(forms.Form):
    what = forms.CharField(
        label=_("O que o titular diz estar errado"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
