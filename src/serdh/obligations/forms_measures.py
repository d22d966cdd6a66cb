"""Forms of the protective-measure pages (obligations.views_measures). They only parse; the
rules (who may receive which measure, who applies it) are in obligations.measures."""

from django import forms
from django.utils.translation import gettext_lazy as _

from serdh.vocabularies.models import Term

from .models_measures import AppliedBy, Decision, MeasureStatus

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]


def _datetime(label):
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=DATETIME_FORMATS,
    )


def grouped_measures(terms):
    """Choices grouped by article (an <optgroup> per article, no JavaScript needed)."""
    groups = {}
    for term in terms:
        groups.setdefault(term.parent, []).append(
            (term.pk, f"{term.label} ({term.legal_source})" if term.legal_source else term.label)
        )
    return [(parent.label, items) for parent, items in groups.items()]


def _terms(key):
    return [("", "—")] + [
        (t.pk, t.label)
        for t in Term.objects.filter(vocabulary__key=key, is_active=True).order_by("order")
    ]


def _parties(parties):
    return [("", "—")] + [(p.pk, p.pseudonym) for p in parties]


class MeasureForm(forms.Form):
    measure = forms.TypedChoiceField(label=_("Medida"), coerce=int)
    party_id = forms.TypedChoiceField(
        label=_("Aplicada a"),
        coerce=int,
        help_text=_(
            "Art. 101: a criança ou o adolescente; art. 129: os pais ou o responsável; Lei "
            "Maria da Penha: a ofendida (arts. 23 e 24) ou o agressor (art. 22)."
        ),
    )
    applied_by = forms.ChoiceField(label=_("Quem aplicou"), choices=[("", "—"), *AppliedBy.choices])
    applying_body = forms.CharField(
        label=_("Órgão que aplicou"),
        max_length=200,
        required=False,
        help_text=_("Não é preciso quando o próprio Conselho Tutelar registra a sua medida."),
    )
    applied_on = forms.DateField(label=_("Aplicada em"), **DATE)
    review_on = forms.DateField(label=_("Revisar em"), required=False, **DATE)
    expires_on = forms.DateField(
        label=_("Válida até"),
        required=False,
        help_text=_("Quando a decisão fixar prazo (medidas protetivas de urgência)."),
        **DATE,
    )
    court = forms.CharField(label=_("Juízo (vara, comarca)"), max_length=200, required=False)
    process_number = forms.CharField(label=_("Número do processo"), max_length=40, required=False)
    rights_group = forms.TypedChoiceField(
        label=_("Direito fundamental violado"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Classificação do SIPIA-CT; obrigatória nas medidas do ECA."),
    )
    violator_type = forms.TypedChoiceField(
        label=_("Agente violador"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Classificação do SIPIA-CT (ECA, art. 98); obrigatória nas medidas do ECA."),
    )
    note = forms.CharField(
        label=_("Observação (só quem vê o caso completo lê)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, terms=(), parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [("", "—"), *grouped_measures(terms)]
        self.fields["party_id"].choices = _parties(parties)
        self.fields["rights_group"].choices = _terms("rights_group")
        self.fields["violator_type"].choices = _terms("violator_type")


class MeasureChangeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Situação"),
        choices=[
            ("", "—"),
            (MeasureStatus.IN_FORCE, _("Continua em vigor (nova revisão)")),
            (MeasureStatus.ENDED, MeasureStatus.ENDED.label),
            (MeasureStatus.REVOKED, MeasureStatus.REVOKED.label),
        ],
    )
    review_on = forms.DateField(
        label=_("Nova data de revisão"),
        required=False,
        help_text=_("Se continua em vigor."),
        **DATE,
    )
    ended_on = forms.DateField(
        label=_("Encerrada ou revogada em"),
        required=False,
        help_text=_("Se terminou."),
        **DATE,
    )
    note = forms.CharField(
        label=_("Observação (só quem vê o caso completo lê)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RequestForm(forms.Form):
    victim_id = forms.TypedChoiceField(label=_("Ofendida"), coerce=int)
    requested_at = _datetime(_("Pedido feito em"))
    court = forms.CharField(label=_("Juízo (vara, comarca)"), max_length=200)
    process_number = forms.CharField(label=_("Número do processo"), max_length=40, required=False)
    measures = forms.TypedMultipleChoiceField(
        label=_("Medidas pedidas"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    author_id = forms.TypedChoiceField(
        label=_("Agressor"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Obrigatório se alguma medida do art. 22 foi pedida."),
    )

    def __init__(self, *args, terms=(), victims=(), authors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["victim_id"].choices = _parties(victims)
        self.fields["author_id"].choices = _parties(authors)
        self.fields["measures"].choices = [
            (t.pk, f"{t.label} ({t.legal_source})" if t.legal_source else t.label) for t in terms
        ]


class DecisionForm(forms.Form):
    decided_at = _datetime(_("Decidido em"))
    decision = forms.ChoiceField(label=_("Decisão"), choices=[("", "—"), *Decision.choices])
    granted = forms.TypedMultipleChoiceField(
        label=_("Medidas deferidas"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Marque só na decisão em parte."),
    )
    expires_on = forms.DateField(
        label=_("Válidas até"),
        required=False,
        help_text=_("Se a decisão fixou prazo; sem prazo, valem enquanto houver risco."),
        **DATE,
    )
    process_number = forms.CharField(label=_("Número do processo"), max_length=40, required=False)

    def __init__(self, *args, measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["granted"].choices = [(m.pk, m.measure.label) for m in measures]
