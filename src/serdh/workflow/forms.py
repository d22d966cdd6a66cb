from django import forms
from django.utils.translation import gettext_lazy as _

from serdh.core.roles import Role

from .choices import (
    ActionStatus,
    Delivery,
    FlagKind,
    Kinship,
    LinkKind,
    NotificationKind,
    PlanKind,
    TaskKind,
)


class TeamSelect(forms.Select):
    """Django's select with each option written in place instead of through two included
    templates: the same HTML, for a team of hundreds in a tenth of the time."""

    template_name = "workflow/widgets/select.html"


class AssignForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Profissional"), coerce=int, widget=TeamSelect)
    responsible = forms.TypedChoiceField(
        label=_("Como"),
        coerce=lambda v: v == "1",
        choices=[
            ("1", _("Técnico(a) de referência (responsável)")),
            ("0", _("Também na equipe do caso")),
        ],
        initial="1",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, team=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Translated once, not once per professional (a service may have hundreds).
        roles = {value: str(label) for value, label in Role.choices}
        self.fields["user"].choices = [("", "—")] + [
            (m.user_id, f"{m.user.display_name} ({roles.get(m.role) or m.get_role_display()})")
            for m in team
        ]


class BulkAssignForm(AssignForm):
    cases = forms.TypedMultipleChoiceField(
        label=_("Casos"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, case_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = case_choices
        self.fields["cases"].error_messages["required"] = _("Marque ao menos um caso.")


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo (obrigatório para recusar)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TeamSettingsForm(forms.Form):
    everyone_sees_all = forms.BooleanField(
        label=_("Toda a equipe vê todos os casos do serviço"),
        required=False,
        help_text=_(
            "Para equipes muito pequenas. Desmarcado, cada técnico(a) vê por inteiro os casos "
            "atribuídos a si e os ainda sem responsável; dos demais, só o resumo."
        ),
    )
    plan_review_days = forms.IntegerField(
        label=_("Revisar os planos de acompanhamento a cada (dias)"),
        min_value=15,
        max_value=365,
        initial=90,
    )


class PreferencesForm(forms.Form):
    def __init__(self, *args, current=(), **kwargs):
        super().__init__(*args, **kwargs)
        for kind, delivery in current:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=Delivery.choices, initial=delivery
            )

    def choices(self):
        return {k: v for k, v in self.cleaned_data.items() if k in NotificationKind.values}


class FlagForm(forms.Form):
    kind = forms.ChoiceField(label=_("Alerta"), choices=[("", "—")] + list(FlagKind.choices))
    note = forms.CharField(
        label=_("Por quê (só quem vê o caso completo lê)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FlagRemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Por que o alerta deixa de valer"), widget=forms.Textarea(attrs={"rows": 3})
    )


class TaskForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo"), choices=[("", "—")] + list(TaskKind.choices))
    due_date = forms.DateField(
        label=_("Para quando"), widget=forms.DateInput(attrs={"type": "date"})
    )
    assigned_to = forms.TypedChoiceField(label=_("Quem faz"), coerce=int)
    note = forms.CharField(
        label=_("Observação"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, team=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].choices = [
            (m.user_id, f"{m.user.display_name} ({m.get_role_display()})") for m in team
        ]


class PlanStartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Plano"), choices=[("", "—")] + list(PlanKind.choices))


class PlanActionForm(forms.Form):
    goal = forms.CharField(label=_("Objetivo"), widget=forms.Textarea(attrs={"rows": 2}))
    action = forms.CharField(label=_("Ação"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible_organization = forms.TypedChoiceField(label=_("Serviço responsável"), coerce=int)
    responsible_user = forms.TypedChoiceField(
        label=_("Profissional responsável (do seu serviço)"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    due_date = forms.DateField(label=_("Prazo"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, services=(), team=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.services = {o.pk: o for o in services}
        self.fields["responsible_organization"].choices = [(o.pk, o.name) for o in services]
        self.fields["responsible_user"].choices = [("", "—")] + [
            (m.user_id, m.user.display_name) for m in team
        ]

    def clean_responsible_organization(self):
        return self.services[self.cleaned_data["responsible_organization"]]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Situação"), choices=ActionStatus.choices)


class PlanReviewForm(forms.Form):
    note = forms.CharField(
        label=_("O que a revisão concluiu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CaseLinkForm(forms.Form):
    other = forms.CharField(
        label=_("Protocolo do outro caso"),
        max_length=20,
        help_text=_("Por exemplo: MG-2026-000123. Só casos que você acompanha."),
    )
    kind = forms.ChoiceField(label=_("Vínculo"), choices=LinkKind.choices)
    reason = forms.CharField(
        label=_("Por que os casos estão ligados"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HouseholdForm(forms.Form):
    """Put persons of one case in a family of the service: a new one, or one the service
    already follows. One kinship field per person of the case (blank: not a member)."""

    household = forms.TypedChoiceField(label=_("Família"), coerce=int, empty_value=None)
    reference = forms.TypedChoiceField(
        label=_("Pessoa de referência (nova família)"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    note = forms.CharField(
        label=_("Observações sobre a família"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, households=(), persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].choices = [(0, _("Nova família"))] + [
            (h.pk, str(h)) for h in households
        ]
        self.fields["household"].initial = 0
        self.fields["reference"].choices = [("", "—")] + [(pid, label) for pid, label in persons]
        self.person_fields = []
        for pid, label in persons:
            name = f"kin_{pid}"
            self.fields[name] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[("", _("não é membro"))] + list(Kinship.choices),
            )
            self.person_fields.append((pid, name))

    def members(self):
        return {
            pid: self.cleaned_data.get(name)
            for pid, name in self.person_fields
            if self.cleaned_data.get(name)
        }
