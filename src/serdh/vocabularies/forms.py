from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from . import selectors
from .loader import CODE_RE, LIMITS


class TermForm(forms.Form):
    label = forms.CharField(label=_("Rótulo"), max_length=LIMITS["label"])
    parent = forms.ModelChoiceField(
        label=_("Tipo (termo pai)"),
        queryset=None,
        required=False,
        empty_label=_("— nenhum: termo de primeiro nível —"),
    )
    code = forms.CharField(
        label=_("Código"),
        max_length=LIMITS["code"],
        required=False,
        help_text=_(
            "Identificador estável, que não muda depois de criado. Deixe em branco para gerá-lo "
            "a partir do rótulo."
        ),
        validators=[
            RegexValidator(
                CODE_RE,
                _(
                    "Use só letras minúsculas sem acento, dígitos e “_”, com níveis separados "
                    "por ponto."
                ),
            )
        ],
    )
    sinan_code = forms.CharField(
        label=_("Código SINAN"), max_length=LIMITS["sinan_code"], required=False
    )
    disque100_code = forms.CharField(
        label=_("Código Disque 100"),
        max_length=LIMITS["disque100_code"],
        required=False,
        help_text=_("Caminho do Disque 100, por exemplo INTEGRIDADE>FÍSICA>MAUS TRATOS."),
    )
    description = forms.CharField(
        label=_("Definição"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, vocabulary, **kwargs):
        super().__init__(*args, **kwargs)
        if vocabulary.hierarchical:
            self.fields["parent"].queryset = selectors.terms(vocabulary.key).filter(
                parent__isnull=True
            )
        else:
            del self.fields["parent"]
