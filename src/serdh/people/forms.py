from django import forms
from django.utils.translation import gettext_lazy as _

MIN_REASON = 5  # the services' minimum (people.merge.MIN_REASON), said in the form first


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decisão"),
        choices=[
            ("accept", _("São a mesma pessoa: unificar")),
            ("reject", _("São pessoas diferentes")),
            ("unsure", _("Não sei (fica na fila)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Escolha uma decisão.")},
    )
    note = forms.CharField(
        label=_("Observação"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Por que decidiu assim (fica no histórico). Sem nomes nem números de documentos."
        ),
    )


class UndoForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo para desfazer"),
        max_length=2000,
        min_length=MIN_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Diga por que a unificação deve ser desfeita."),
            "min_length": _("Diga por que a unificação deve ser desfeita."),
        },
        help_text=_("As duas pessoas voltam a ser como eram antes, com os seus registros."),
    )
