from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from serdh.core.identifiers import validate_cpf
from serdh.core.roles import Role


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Usuário ou senha incorretos. Após várias tentativas erradas a conta é bloqueada "
            "temporariamente."
        ),
        "inactive": _("Esta conta está desativada. Procure a administração do seu município."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Usuário")
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].label = _("Senha")


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("Usuário"),
        max_length=150,
        regex=r"^[a-zA-Z0-9._-]+$",
        error_messages={
            "invalid": _("Use letras sem acento, números, ponto, hífen ou sublinhado.")
        },
    )
    full_name = forms.CharField(label=_("Nome completo"), max_length=150)
    social_name = forms.CharField(label=_("Nome social"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"))
    cpf = forms.CharField(
        label=_("CPF"),
        required=False,
        validators=[validate_cpf],
        help_text=_("Usado para entrar com gov.br. Opcional."),
    )
    organization = forms.ModelChoiceField(label=_("Organização"), queryset=None)
    role = forms.ChoiceField(label=_("Papel"), choices=())
    password = forms.CharField(
        label=_("Senha inicial"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Pelo menos 10 caracteres, combinando letras, números e símbolos."),
    )

    def __init__(self, *args, organizations, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["role"].choices = [(r.value, r.label) for r in roles]


class UserEditForm(forms.Form):
    full_name = forms.CharField(label=_("Nome completo"), max_length=150)
    social_name = forms.CharField(label=_("Nome social"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"))
    cpf = forms.CharField(label=_("CPF"), required=False, validators=[validate_cpf])
    is_active = forms.BooleanField(label=_("Conta ativa"), required=False)


class MembershipForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organização"), queryset=None)
    role = forms.ChoiceField(label=_("Papel"), choices=())

    def __init__(self, *args, organizations, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["role"].choices = [(r.value, r.label) for r in roles]


ROLE_FILTER_CHOICES = [("", _("Todos os papéis"))] + [(r.value, r.label) for r in Role]


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Buscar por nome ou usuário"), required=False)
    role = forms.ChoiceField(label=_("Papel"), choices=ROLE_FILTER_CHOICES, required=False)


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Motivo da recusa"), min_length=5, max_length=300)
