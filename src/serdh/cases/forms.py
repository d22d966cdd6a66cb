from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serdh.core.dates import DatePrecision
from serdh.core.identifiers import validate_cns, validate_cpf, validate_nis
from serdh.core.widgets import FastSelect
from serdh.network.services import case_municipalities
from serdh.people.choices import Sex
from serdh.vocabularies.selectors import terms as vocabulary_terms

from .breakglass import justification_problem
from .choices import (
    URGENCY_CRITERIA,
    BreakGlassReason,
    CaseStatus,
    PartyRole,
    Recurrence,
    SharingBasis,
    Urgency,
)


def terms(key, top_level=None):
    """The vocabulary's terms in use (vocabularies.selectors.terms), optionally only types."""
    qs = vocabulary_terms(key)
    return qs.filter(parent__isnull=True) if top_level else qs


class TermField(forms.ModelChoiceField):
    def __init__(self, key, *, top_level=None, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("empty_label", _("— escolha —"))
        super().__init__(queryset=terms(key, top_level), **kwargs)


class SubtypeField(forms.ChoiceField):
    """Subtypes grouped under their type in one select (works without JavaScript); cleans to
    a Term or None."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=self._grouped, **kwargs)

    @staticmethod
    def _grouped():
        groups, order = {}, []
        subtypes = (
            vocabulary_terms("violation_type")
            .filter(parent__isnull=False)
            .order_by("parent__order", "order")
        )
        for term in subtypes:
            if term.parent_id not in groups:
                groups[term.parent_id] = (term.parent.label, [])
                order.append(term.parent_id)
            groups[term.parent_id][1].append((str(term.pk), term.label))
        return [("", _("— sem subtipo —"))] + [groups[k] for k in order]

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        term = vocabulary_terms("violation_type").filter(pk=value).first()
        if term is None:
            raise forms.ValidationError(_("Escolha um subtipo válido."))
        return term


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("A data não pode ser futura."))


class CaseForm(forms.Form):
    intake_channel = TermField("intake_channel", label=_("Como o caso chegou"))
    reported_on = forms.DateField(
        label=_("Data da notificação"), required=False, widget=DATE_WIDGET, validators=[_not_future]
    )
    reported_precision = forms.ChoiceField(
        label=_("Precisão"), choices=DatePrecision.choices, initial=DatePrecision.DAY
    )
    occurred_on = forms.DateField(
        label=_("Data da ocorrência"),
        required=False,
        widget=DATE_WIDGET,
        validators=[_not_future],
        help_text=_("Se souber só o mês ou o ano, informe qualquer dia dele e escolha a precisão."),
    )
    occurred_precision = forms.ChoiceField(
        label=_("Precisão"), choices=DatePrecision.choices, initial=DatePrecision.DAY
    )
    municipality = forms.ModelChoiceField(
        label=_("Município da ocorrência"),
        queryset=None,
        widget=FastSelect,
        empty_label=_("— escolha —"),
    )
    place = TermField("place", label=_("Local da ocorrência"))
    urgency = forms.ChoiceField(
        label=_("Urgência / risco"),
        choices=Urgency.choices,
        initial=Urgency.MEDIUM,
        widget=forms.RadioSelect,
    )
    narrative = forms.CharField(
        label=_("Relato (sigiloso)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Guardado criptografado. Registre só o necessário para proteger a vítima "
            "(escuta especializada, Lei 13.431/2017)."
        ),
    )

    # Optional for a draft, needed to register (registration._register): marked with "*".
    needed = {"intake_channel", "reported_on"}

    def __init__(self, *args, organization, registering=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.registering = registering
        # Only where this service may place a case (network.services.case_municipalities).
        self.fields["municipality"].queryset = case_municipalities(organization).select_related(
            "state"
        )
        self.urgency_criteria = [(u.value, u.label, URGENCY_CRITERIA[u]) for u in Urgency]

    def clean(self):
        data = super().clean()
        occurred, reported = data.get("occurred_on"), data.get("reported_on")
        if occurred and reported and occurred > reported:
            self.add_error(
                "occurred_on",
                _("A ocorrência não pode ser posterior à notificação: confira as duas datas."),
            )
        if self.registering:
            if not data.get("intake_channel") and "intake_channel" not in self.errors:
                self.add_error("intake_channel", _("Escolha como o caso chegou."))
            if not data.get("reported_on") and "reported_on" not in self.errors:
                self.add_error("reported_on", _("Informe a data da notificação."))
        return data


class PersonFields(forms.Form):
    full_name = forms.CharField(label=_("Nome civil"), required=False, max_length=150)
    social_name = forms.CharField(
        label=_("Nome social"),
        required=False,
        max_length=150,
        help_text=_("Se houver, é o nome mostrado em todo o SIMA."),
    )
    age_years = forms.IntegerField(
        label=_("Idade (anos)"), required=False, min_value=0, max_value=120
    )
    birth_date = forms.DateField(
        label=_("Data de nascimento"), required=False, widget=DATE_WIDGET, validators=[_not_future]
    )
    sex = forms.ChoiceField(
        label=_("Sexo"), required=False, choices=[("", _("— não informado —"))] + list(Sex.choices)
    )
    cpf = forms.CharField(label=_("CPF"), required=False, validators=[validate_cpf])
    cns = forms.CharField(label=_("CNS (Cartão do SUS)"), required=False, validators=[validate_cns])
    nis = forms.CharField(label=_("NIS"), required=False, validators=[validate_nis])


def _person_term(label):
    """A person's vocabulary field (race/colour, gender identity...), by term code."""
    return forms.ModelChoiceField(
        label=label,
        required=False,
        queryset=None,
        to_field_name="code",
        empty_label=_("— não informada —"),
    )


def _disabilities():
    return forms.ModelMultipleChoiceField(
        label=_("Deficiências"),
        required=False,
        queryset=None,
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
    )


# Person fields drawn from a vocabulary: field name -> vocabulary key.
PERSON_TERMS = {
    "race_color": "race_color",
    "gender_identity": "gender_identity",
    "sexual_orientation": "sexual_orientation",
    "disabilities": "disability",
}


class PersonTermsMixin:
    """Fills the vocabulary fields a person form has, and turns the chosen terms into the
    codes the registration services take (PERSON_FIELDS), as the API does."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field, key in PERSON_TERMS.items():
            if field in self.fields:
                self.fields[field].queryset = terms(key)

    def term_codes(self, data):
        data = dict(data)
        for field in PERSON_TERMS:
            if field not in self.fields:
                continue
            if field == "disabilities":
                data[field] = [t.code for t in data.get(field) or []]
            else:
                data[field] = data[field].code if data.get(field) else ""
        return data


class FullPersonFields(PersonTermsMixin, PersonFields):
    mother_name = forms.CharField(label=_("Nome da mãe"), required=False, max_length=150)
    birth_precision = forms.ChoiceField(
        label=_("Precisão da data de nascimento"), choices=DatePrecision.choices, initial="day"
    )
    race_color = _person_term(_("Raça/cor (IBGE)"))
    gender_identity = _person_term(_("Identidade de gênero"))
    sexual_orientation = _person_term(_("Orientação sexual"))
    disabilities = _disabilities()

    def person_data(self):
        return self.term_codes(self.cleaned_data)


class VictimForm(PersonTermsMixin, PersonFields):
    prefix = "victim"
    # The strongest signal that two records are one person (people.matching).
    mother_name = forms.CharField(label=_("Nome da mãe"), required=False, max_length=150)
    # Asked at registration: the dashboards count victims by race/colour, disability and
    # gender identity (SINAN's notification form asks them too).
    race_color = _person_term(_("Raça/cor (IBGE)"))
    gender_identity = _person_term(_("Identidade de gênero"))
    disabilities = _disabilities()

    field_order = ["full_name", "social_name", "mother_name"]

    def clean(self):
        return self.term_codes(super().clean())


class AuthorForm(forms.Form):
    prefix = "author"
    full_name = forms.CharField(
        label=_("Nome do(a) suposto(a) autor(a)"), required=False, max_length=150
    )
    sex = forms.ChoiceField(
        label=_("Sexo"), required=False, choices=[("", _("— não informado —"))] + list(Sex.choices)
    )
    age_years = forms.IntegerField(
        label=_("Idade aproximada"), required=False, min_value=0, max_value=120
    )


class FirstViolationForm(forms.Form):
    prefix = "violation"
    type = TermField("violation_type", top_level=True, label=_("Tipo de violação"))
    subtype = SubtypeField(label=_("Subtipo"))
    relationship = TermField("relationship", label=_("Relação do(a) autor(a) com a vítima"))
    recurrence = forms.ChoiceField(
        label=_("Recorrência"), choices=Recurrence.choices, initial=Recurrence.UNKNOWN
    )
    needed = {"type"}

    def __init__(self, *args, registering=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.registering = registering

    def clean(self):
        data = super().clean()
        if self.registering and not data.get("type") and "type" not in self.errors:
            self.add_error("type", _("Escolha o tipo de violação."))
        return data


class ViolationForm(FirstViolationForm):
    prefix = None
    victim = forms.ModelChoiceField(label=_("Vítima"), queryset=None, empty_label=None)
    author = forms.ModelChoiceField(
        label=_("Suposto(a) autor(a)"),
        queryset=None,
        required=False,
        empty_label=_("— não identificado(a) —"),
    )
    means = forms.ModelMultipleChoiceField(
        label=_("Meios de agressão"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    motivation = TermField("motivation", label=_("Motivação"))
    vulnerable_group = TermField("vulnerable_group", label=_("Grupo vulnerável"))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].required = True
        self.fields["type"].error_messages["required"] = _("Escolha o tipo de violação.")
        parties = case.parties.select_related("person")
        self.fields["victim"].queryset = parties.filter(role=PartyRole.VICTIM)
        self.fields["author"].queryset = parties.filter(role=PartyRole.AUTHOR)
        self.fields["victim"].label_from_instance = lambda p: p.display_name()
        self.fields["author"].label_from_instance = lambda p: p.display_name()
        self.fields["means"].queryset = terms("means")


class PartyForm(FullPersonFields):
    role = forms.ChoiceField(label=_("Papel no caso"), choices=PartyRole.choices)
    is_anonymous = forms.BooleanField(label=_("Comunicante quer ficar anônimo(a)"), required=False)
    notes = forms.CharField(
        label=_("Observações"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # Rendered by the template as radio buttons when a known person is offered; checked by
    # the view against the persons this user may see.
    reuse = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["role", "is_anonymous"]

    def __init__(self, *args, known=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.known = list(known)
        self.fields["reuse"].choices = [(str(p.pk), str(p.pk)) for p in self.known] + [
            ("new", _("Cadastrar como nova pessoa"))
        ]


class DestinationForm(forms.Form):
    """A form whose ``to_organization`` lists the given destinations with their municipality."""

    def __init__(self, *args, destinations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organization"].queryset = destinations
        self.fields["to_organization"].label_from_instance = lambda o: (
            f"{o.name} — {o.municipality.name}"
        )


class ReferralForm(DestinationForm):
    to_organization = forms.ModelChoiceField(
        label=_("Encaminhar para"),
        queryset=None,
        widget=FastSelect,
        empty_label=_("— escolha —"),
    )
    service_requested = forms.CharField(
        label=_("O que se pede"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Por exemplo: atendimento psicossocial, aplicação de medida de proteção, "
            "avaliação de saúde."
        ),
    )
    urgency = forms.ChoiceField(label=_("Urgência"), choices=Urgency.choices)
    sharing_basis = forms.ChoiceField(
        label=_("Consentimento ou base legal para compartilhar o caso"),
        choices=SharingBasis.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "O serviço de destino verá esta informação. Sem consentimento, escolha a obrigação "
            "legal que se aplica ao caso."
        ),
    )
    sharing_note = forms.CharField(
        label=_("Observação sobre o consentimento"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Obrigatória sem consentimento e sem obrigação legal específica: por que não foi "
            "possível pedir o consentimento. Não escreva nomes."
        ),
    )


class TransferForm(DestinationForm):
    to_organization = forms.ModelChoiceField(
        label=_("Transferir a responsabilidade para"),
        queryset=None,
        widget=FastSelect,
        empty_label=_("— escolha —"),
    )
    reason = forms.CharField(
        label=_("Motivo da transferência"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Por exemplo: a família mudou de município; o caso passa à proteção especial (CREAS)."
        ),
    )


class FollowUpForm(forms.Form):
    kind = TermField("follow_up_kind", label=_("O que foi feito"), required=True)
    happened_on = forms.DateField(
        label=_("Data"), widget=DATE_WIDGET, validators=[_not_future], initial=timezone.localdate
    )
    description = forms.CharField(
        label=_("Registro"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Arquivo (PDF, PNG ou JPEG)"))
    description = forms.CharField(label=_("Descrição"), required=False, max_length=300)


class CloseForm(forms.Form):
    reason = TermField("closure_reason", label=_("Motivo do encerramento"), required=True)
    note = forms.CharField(
        label=_("Observação"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm_open_referrals = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motivo"), widget=forms.Textarea(attrs={"rows": 3}))


class ReferralActionForm(forms.Form):
    code = forms.CharField(label=_("Motivo"), required=False, max_length=40)
    reason = forms.CharField(
        label=_("Motivo"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    note = forms.CharField(
        label=_("Contrarreferência"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class ReferralDecisionForm(forms.Form):
    """One of the referral page's decisions (decline, complete, cancel) drawn like every other
    form, so that a missing reason is marked on its field and in the page's error summary. The
    names stay ``code``, ``reason`` and ``note``; ``auto_id`` keeps each form's ids apart. The
    service (referrals.transition_referral) decides what is missing."""

    def __init__(self, verb, *args, reasons=(), **kwargs):
        super().__init__(*args, auto_id=f"{verb}-%s", **kwargs)
        self.verb = verb
        if verb == "complete":
            self.fields["note"] = forms.CharField(
                label=_("Contrarreferência: o que foi feito e o que fica para a rede"),
                widget=forms.Textarea(attrs={"rows": 5}),
            )
            return
        self.fields["code"] = forms.ChoiceField(
            label=_("Motivo da recusa") if verb == "decline" else _("Motivo do cancelamento"),
            choices=[("", _("— escolha —")), *reasons],
        )
        self.fields["reason"] = forms.CharField(
            label=_("Detalhes"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3 if verb == "decline" else 2}),
            help_text=_("Obrigatório em “Outro motivo”."),
        )

    def full_clean(self):
        # Only the service's error is shown (added by the view): no second, generic message.
        self._errors = forms.utils.ErrorDict()
        self.cleaned_data = {}


class BreakGlassForm(forms.Form):
    reason_category = forms.ChoiceField(
        label=_("Motivo"), choices=[("", "—")] + list(BreakGlassReason.choices)
    )
    justification = forms.CharField(
        label=_("Justificativa"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Descreva com pelo menos 8 palavras o que aconteceu e por que o caso completo é "
            "indispensável. Fica registrada, sinalizada na trilha de auditoria e é revisada "
            "pela auditoria."
        ),
    )

    def clean_justification(self):
        text = self.cleaned_data["justification"].strip()
        if problem := justification_problem(text):
            raise forms.ValidationError(problem)
        return text

    hours = forms.TypedChoiceField(
        label=_("Por quanto tempo"),
        coerce=int,
        choices=[(1, _("1 hora")), (4, _("4 horas")), (8, _("8 horas"))],
    )


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Resultado"),
        choices=[("justified", _("Justificado")), ("unjustified", _("Não justificado"))],
    )
    note = forms.CharField(
        label=_("Observação"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CaseFilterForm(forms.Form):
    protocol = forms.CharField(label=_("Protocolo"), required=False)
    name = forms.CharField(
        label=_("Nome da pessoa"),
        required=False,
        help_text=_("Palavras inteiras, por exemplo: Maria Souza"),
    )
    type = forms.ModelChoiceField(
        label=_("Tipo de violação"), required=False, queryset=None, empty_label=_("Todos")
    )
    status = forms.ChoiceField(
        label=_("Situação"), required=False, choices=[("", _("Todas"))] + list(CaseStatus.choices)
    )
    urgency = forms.ChoiceField(
        label=_("Urgência"), required=False, choices=[("", _("Todas"))] + list(Urgency.choices)
    )
    municipality = forms.ModelChoiceField(
        label=_("Município"),
        required=False,
        queryset=None,
        empty_label=_("Todos"),
        widget=FastSelect,
    )
    since = forms.DateField(label=_("Notificados de"), required=False, widget=DATE_WIDGET)
    until = forms.DateField(label=_("até"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, municipalities, show_name=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = vocabulary_terms("violation_type")
        self.fields["municipality"].queryset = municipalities
        if not show_name:
            del self.fields["name"]


class DeadlineForm(forms.Form):
    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        for urgency in Urgency:
            self.fields[urgency.value] = forms.IntegerField(
                label=urgency.label, min_value=1, max_value=90, initial=current[urgency.value]
            )
