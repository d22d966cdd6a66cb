from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Channel, HearingKind
from .models import ProceedingKind
from .models_risk import RiskLevel


class CommunicationForm(forms.Form):
    done_at = forms.DateTimeField(
        label=_("Quando foi feita"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"],
    )
    channel = forms.ChoiceField(label=_("Meio"), choices=[("", "—"), *Channel.choices])
    recipient = forms.CharField(label=_("Destinatário"), max_length=200)
    protocol = forms.CharField(
        label=_("Número de protocolo, ofício ou recibo"),
        max_length=80,
        required=False,
        help_text=_("Na notificação do SINAN, o número da notificação."),
    )
    note = forms.CharField(
        label=_("Observação (só quem vê o caso completo lê)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HearingForm(forms.Form):
    party_id = forms.TypedChoiceField(label=_("Quem foi ouvido(a)"), coerce=int)
    kind = forms.ChoiceField(label=_("Tipo de oitiva"), choices=[("", "—"), *HearingKind.choices])
    held_on = forms.DateField(label=_("Data"), widget=forms.DateInput(attrs={"type": "date"}))
    justification = forms.CharField(
        label=_("Por que foi preciso ouvir de novo"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obrigatório quando já houve escuta especializada ou depoimento especial."),
    )

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_id"].choices = [("", "—")] + [(p.pk, p.pseudonym) for p in parties]


class ProceedingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo"), choices=[("", "—"), *ProceedingKind.choices])
    number = forms.CharField(label=_("Número"), max_length=40)
    body = forms.CharField(label=_("Órgão (delegacia, vara, comarca)"), max_length=200)
    opened_on = forms.DateField(label=_("Data"), widget=forms.DateInput(attrs={"type": "date"}))


class RiskForm(forms.Form):
    """One radio group per question of the form (obligations/data/risk_form.json), then the
    professional's assessment (Parte II)."""

    victim_id = forms.TypedChoiceField(label=_("Mulher avaliada"), coerce=int)

    def __init__(self, *args, victims=(), questions=(), answer_labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["victim_id"].choices = [(p.pk, p.pseudonym) for p in victims]
        choices = list((answer_labels or {}).items())
        self.question_fields = []
        for q in questions:
            self.fields[q["code"]] = forms.ChoiceField(
                label=q["text"],
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Responda esta pergunta.")},
            )
            self.question_fields.append(q["code"])
        self.fields["level"] = forms.ChoiceField(
            label=_("Nível de risco avaliado pelo(a) profissional (Parte II)"),
            choices=[("", "—"), *RiskLevel.choices],
        )
        self.fields["note"] = forms.CharField(
            label=_("Avaliação do(a) profissional"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=_("Obrigatória quando o nível difere do sugerido pelas respostas."),
        )
        self.fields["apply_urgency"] = forms.BooleanField(
            label=_("Aplicar ao caso a urgência correspondente ao nível avaliado"),
            required=False,
        )

    def service_data(self):
        data = self.cleaned_data
        return {
            "victim_id": data["victim_id"],
            "answers": {code: data[code] for code in self.question_fields},
            "level": data["level"],
            "note": data.get("note", ""),
            "apply_urgency": data.get("apply_urgency", False),
        }
