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
    organization = forms.ModelChoiceField(
        label=_("Organização"), queryset=None, empty_label=_("— escolha —")
    )
    role = forms.ChoiceField(label=_("Papel"), choices=())
    password = forms.CharField(
        label=_("Senha inicial"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Pelo menos 12 caracteres; uma frase longa serve. Sem o nome do sistema, da rede "
            "nem do estado."
        ),
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
    organization = forms.ModelChoiceField(
        label=_("Organização"), queryset=None, empty_label=_("— escolha —")
    )
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


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Código"),
        max_length=20,
        help_text=_(
            "Os 6 números do aplicativo autenticador, ou um dos códigos de recuperação "
            "(ex.: ABCDE-FGH23)."
        ),
        error_messages={"required": _("Digite o código.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class EnrolForm(forms.Form):
    code = forms.RegexField(
        label=_("Código de 6 números mostrado no aplicativo"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        error_messages={
            "required": _("Digite o código."),
            "invalid": _("O código tem 6 números."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ResetSecondFactorForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo (ex.: celular perdido, confirmado por telefone)"),
        min_length=5,
        max_length=300,
        error_messages={
            "required": _("Diga por que o segundo fator deve ser redefinido."),
            "min_length": _("Diga por que o segundo fator deve ser redefinido."),
        },
    )


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail cadastrado"),
        max_length=254,
        error_messages={
            "required": _("Informe o e-mail."),
            "invalid": _("Informe um endereço de e-mail válido."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
