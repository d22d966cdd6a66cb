from django import forms
from django.utils.translation import gettext_lazy as _

from .models_letters import LetterChannel

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class LetterForm(forms.Form):
    template = forms.CharField(required=False, widget=forms.HiddenInput)
    addressee = forms.CharField(
        label=_("Destinatário (órgão)"),
        max_length=200,
        help_text=_("O órgão e, se souber, o cargo de quem recebe (ex.: Juiz(a) de Direito)."),
    )
    addressee_address = forms.CharField(
        label=_("Endereço do destinatário"), max_length=250, required=False
    )
    subject = forms.CharField(
        label=_("Assunto"),
        max_length=200,
        help_text=_("Sem nomes: o assunto aparece nas listas do serviço."),
    )
    body = forms.CharField(
        label=_("Texto do ofício"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Preencha os campos entre chaves, como {servico}. Escreva só o necessário sobre a "
            "criança, a família e o autor."
        ),
    )
    sent_on = forms.DateField(label=_("Data de envio"), **DATE)
    channel = forms.ChoiceField(
        label=_("Meio de envio"), choices=[("", "—"), *LetterChannel.choices]
    )
    answer_due = forms.DateField(label=_("Prazo para a resposta"), **DATE)
    signer_role = forms.CharField(
        label=_("Cargo ou função de quem assina"), max_length=120, required=False
    )


class AnswerForm(forms.Form):
    answered_on = forms.DateField(label=_("Data da resposta"), **DATE)
    note = forms.CharField(
        label=_("Resumo da resposta"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    file = forms.FileField(label=_("Arquivo da resposta (PDF, PNG ou JPEG)"), required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo do cancelamento"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("O número fica registrado como cancelado; ele não é reaproveitado."),
    )
