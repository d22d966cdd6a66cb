from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Kind, Mode

EXTENSIONS = (".csv", ".dbf", ".dbc", ".txt", ".xlsx")


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("O que o arquivo traz"), choices=Kind.choices)
    file = forms.FileField(
        label=_("Arquivo"),
        help_text=_(
            "SINAN: o DBF exportado do SINAN Net, o DBC do DATASUS ou um CSV com os mesmos nomes "
            "de coluna. Planilha: o modelo do SER-DH preenchido (XLSX ou CSV). Disque 100: o CSV "
            "semestral dos dados abertos. CSV em UTF-8 ou latin-1. Nada é importado antes de "
            "você ver o relatório."
        ),
    )

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [(k, Kind(k).label) for k in kinds]

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        name = uploaded.name.lower()
        if not name.endswith(EXTENSIONS):
            raise forms.ValidationError(
                _("Envie um arquivo CSV, XLSX, DBF ou DBC (este termina em %(ext)s).")
                % {"ext": "." + name.rsplit(".", 1)[-1] if "." in name else "—"}
            )
        return uploaded


class DecisionForm(forms.Form):
    mode = forms.ChoiceField(choices=Mode.choices + [("none", _("Não importar nada"))])
