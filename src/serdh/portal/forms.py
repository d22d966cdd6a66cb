from django import forms
from django.utils.translation import gettext_lazy as _


class ExperienceForm(forms.Form):
    title = forms.CharField(label=_("Título da experiência"), max_length=200)
    summary = forms.CharField(
        label=_("Resumo"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Duas ou três frases: o que foi feito e para quê."),
    )
    body = forms.CharField(
        label=_("Relato"),
        max_length=12000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Como começou, quem participou, como funciona. Separe parágrafos com uma "
            "linha em branco."
        ),
    )
    results = forms.CharField(
        label=_("Resultados"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    no_personal_data = forms.BooleanField(
        label=_(
            "Confirmo que o relato não identifica nenhuma pessoa atendida (nome, apelido, "
            "endereço, escola, imagem ou detalhe que permita reconhecê-la)."
        ),
        error_messages={"required": _("Confirme que o relato não identifica ninguém.")},
    )

    def clean_body(self):
        body = self.cleaned_data["body"]
        if len(body.split()) < 30:
            raise forms.ValidationError(_("Conte um pouco mais: pelo menos 30 palavras."))
        return body


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Buscar no portal"), max_length=200, required=False)
