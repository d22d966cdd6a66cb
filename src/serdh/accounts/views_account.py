"""The user's own account (second factor, sessions), the second step of signing in, password
reset by e-mail, and what an admin does to another user's sign-in (reset the second factor,
end the sessions)."""

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from serdh.core import access, context
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.views import get_restricted, refusal, role_required

from . import govbr, recovery, services, sessions, signin, tasks, twofactor
from .forms import CodeForm, EnrolForm, PasswordResetRequestForm, ResetSecondFactorForm
from .models import SecondFactorReset, User
from .views import ADMIN_ROLES

# --- Second step of signing in -----------------------------------------------------------------


def second_factor(request):
    """The code after the password. Also reached by a signed-in user whose session has not
    verified the authenticator they have (SecondFactorMiddleware)."""
    held = signin.pending(request)
    if held is not None:
        user, data = held
    elif request.user.is_authenticated and twofactor.has_second_factor(request.user):
        if request.user.is_verified():
            return redirect("web:home")
        user, data = request.user, {"next": request.GET.get("next", "")}
    else:
        messages.info(request, _("Entre com o seu usuário e senha."))
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        until = twofactor.throttled_until(user)
        device = None if until else twofactor.verify(user, form.cleaned_data["code"])
        if device is not None:
            if held is not None:
                signin.complete(request, user, backend=data.get("backend"), device=device)
            else:
                django_otp.login(request, device)
            if device.__class__.__name__ == "RecoveryCodeDevice":
                messages.warning(
                    request,
                    _(
                        "Você entrou com um código de recuperação; restam %(n)d. Se perdeu o "
                        "celular, cadastre o aplicativo de novo em Minha conta."
                    )
                    % {"n": twofactor.remaining_codes(user)},
                )
            return redirect(signin.safe_next(request, data.get("next")) or "web:home")
        if until:
            form.add_error(
                "code",
                _("Muitos códigos errados. Tente de novo depois de %(time)s.")
                % {"time": formats.time_format(timezone.localtime(until), "H:i:s")},
            )
        elif held is not None and signin.count_failure(request):
            services.record_login_failure(user.get_username())
            messages.error(request, _("Códigos errados demais. Entre de novo com a sua senha."))
            return redirect("accounts:login")
        else:
            form.add_error("code", _("Código incorreto ou já usado."))
    return render(request, "accounts/second_factor.html", {"form": form})


# --- The user's own account --------------------------------------------------------------------


@login_required
def account(request):
    device = twofactor.confirmed_device(request.user)
    return render(
        request,
        "accounts/account.html",
        {
            "device": device,
            "required": twofactor.role_requires(request.memberships),
            "enforced": settings.SERDH_2FA_ENFORCED,
            "codes_left": twofactor.remaining_codes(request.user) if device else 0,
            "session_count": sessions.open_sessions(request.user).count(),
            "govbr_enabled": govbr.enabled(),
            "govbr_linked_at": request.user.govbr_linked_at,
        },
    )


def _must_be_verified(request):
    """Changing a second factor that exists needs a session that verified it."""
    if twofactor.has_second_factor(request.user) and not request.user.is_verified():
        return redirect(f"{reverse('accounts:second_factor')}?next={request.path}")
    return None


@login_required
def two_factor(request):
    """Enrolment: a QR code and the secret as text, then a code to confirm."""
    if (held := _must_be_verified(request)) is not None:
        return held
    existing = twofactor.confirmed_device(request.user)
    if existing and request.method != "POST":
        return redirect("accounts:account")
    device = twofactor.enrolment_device(request.user)
    if device is None or request.method == "POST":
        device = twofactor.start_enrolment(request.user)
    return _enrol_page(request, device, EnrolForm(), replacing=existing is not None)


def _enrol_page(request, device, form, *, replacing=False, status=200):
    uri = twofactor.provisioning_uri(device)
    return render(
        request,
        "accounts/two_factor.html",
        {
            "qr": twofactor.qr_svg(uri, _("QR code para o aplicativo autenticador")),
            "secret": twofactor.secret_text(device),
            "form": form,
            "replacing": replacing,
            "required": twofactor.is_required(request.user, request.memberships),
        },
        status=status,
    )


@login_required
@require_POST
def two_factor_confirm(request):
    if (held := _must_be_verified(request)) is not None:
        return held
    device = twofactor.enrolment_device(request.user)
    if device is None:
        messages.error(request, _("Comece o cadastro de novo."))
        return redirect("accounts:two_factor")
    form = EnrolForm(request.POST)
    codes = None
    if form.is_valid():
        codes = twofactor.confirm_enrolment(
            request.user,
            device,
            form.cleaned_data["code"],
            keep_session=request.session.session_key,
        )
        if codes is None:
            form.add_error(
                "code", _("Código incorreto. Confira o relógio do celular e tente de novo.")
            )
    if codes is None:
        return _enrol_page(request, device, form, status=422)
    device.refresh_from_db()
    django_otp.login(request, device)
    messages.success(request, _("Segundo fator ativado."))
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@login_required
@require_POST
def recovery_codes(request):
    if not request.user.is_verified():
        return redirect(f"{reverse('accounts:second_factor')}?next={reverse('accounts:account')}")
    try:
        codes = twofactor.renew_recovery_codes(request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:account")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "renewed": True})


@login_required
@require_POST
def two_factor_remove(request):
    form = CodeForm(request.POST)
    if not request.user.is_verified() or not form.is_valid():
        messages.error(request, _("Confirme com um código do aplicativo para desligar."))
        return redirect("accounts:account")
    if twofactor.verify(request.user, form.cleaned_data["code"]) is None:
        messages.error(request, _("Código incorreto ou já usado."))
        return redirect("accounts:account")
    try:
        twofactor.remove_own(
            request.user, request.memberships, keep_session=request.session.session_key
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Segundo fator desligado."))
    return redirect("accounts:account")


# --- Sessions ----------------------------------------------------------------------------------


@login_required
def session_list(request):
    current = sessions.handle_of(request.session.session_key or "")
    rows = [
        {
            "handle": s.handle,
            "device": sessions.describe_agent(s.user_agent) or _("Navegador desconhecido"),
            "ip": s.ip or "—",
            "last_seen": s.last_seen,
            "current": s.handle == current,
        }
        for s in sessions.open_sessions(request.user)
    ]
    return render(request, "accounts/sessions.html", {"rows": rows})


@login_required
@require_POST
def session_end(request, handle):
    # Another user's session, an unknown one, or this one (it ends with "Sair"): 404.
    if not sessions.end_own(request.user, handle, request.session.session_key):
        raise Http404
    messages.success(request, _("Sessão encerrada."))
    return redirect("accounts:sessions")


@login_required
@require_POST
def session_end_others(request):
    ended = sessions.end_others(request.user, request.session.session_key)
    messages.success(
        request,
        ngettext("%(n)d sessão encerrada.", "%(n)d sessões encerradas.", ended) % {"n": ended},
    )
    return redirect("accounts:sessions")


# --- An admin, on another user's sign-in -------------------------------------------------------


def _changeable_user(request, pk):
    return get_restricted(User, request.user, access.CHANGE, pk=pk)


@role_required(*ADMIN_ROLES)
@require_POST
def user_sessions_end(request, pk):
    user = _changeable_user(request, pk)
    ended = sessions.end_all_by_admin(user)
    messages.success(
        request,
        ngettext("%(n)d sessão encerrada.", "%(n)d sessões encerradas.", ended) % {"n": ended},
    )
    return redirect("accounts:user_detail", pk=pk)


@role_required(*ADMIN_ROLES)
@require_POST
def user_second_factor_reset(request, pk):
    user = _changeable_user(request, pk)
    form = ResetSecondFactorForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0])
        return redirect("accounts:user_detail", pk=pk)
    try:
        reset = twofactor.request_reset(request.user, user, reason=form.cleaned_data["reason"])
    except (ServiceError, NotPermitted) as exc:
        messages.error(request, getattr(exc, "message", None) or str(exc))
    else:
        if reset.status == "approved":
            messages.success(
                request,
                _(
                    "Segundo fator redefinido e sessões encerradas: %(user)s cadastra um novo "
                    "ao entrar."
                )
                % {"user": user},
            )
        else:
            messages.success(
                request,
                _(
                    "Pedido registrado. A redefinição acontece quando outra pessoa (a coordenação "
                    "do serviço da pessoa ou a administração estadual) aprovar."
                ),
            )
    return redirect("accounts:user_detail", pk=pk)


@role_required(*twofactor.APPROVER_ROLES)
@require_POST
def reset_approve(request, pk):
    reset = get_restricted(SecondFactorReset, request.user, twofactor.APPROVE, pk=pk)
    try:
        twofactor.approve_reset(request.user, reset)
    except NotPermitted as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Segundo fator de %(user)s redefinido.") % {"user": reset.user})
    return redirect("web:approvals")


@role_required(*twofactor.APPROVER_ROLES)
@require_POST
def reset_refuse(request, pk):
    reset = get_restricted(SecondFactorReset, request.user, twofactor.APPROVE, pk=pk)
    return refusal(
        request,
        lambda reason: twofactor.refuse_reset(request.user, reset, reason=reason),
        _("Pedido recusado."),
    )


# --- Password reset by e-mail (Django's single-use, short-lived tokens) ------------------------


def password_reset(request):
    """The same answer whether or not the address belongs to someone: the look-up and the
    message happen in a background task (accounts.tasks), so neither the page nor its timing
    tells."""
    if request.user.is_authenticated:
        return redirect("accounts:password_change")
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if recovery.reset_allowed(request, email):
            tasks.send_password_reset.enqueue(email, request_context=context.current().as_dict())
        # Over the limit the page is the same and no message leaves (no mail bombing).
        return redirect("accounts:password_reset_sent")
    return render(request, "accounts/password_reset.html", {"form": form})


def password_reset_sent(request):
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    return render(request, "accounts/password_reset_sent.html", {"minutes": minutes})


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A new password from the e-mailed link; every session of the account ends. The second
    factor stays: the next sign-in still asks for it."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        recovery.password_was_reset(self.user)
        return response


def password_reset_complete(request):
    return render(request, "accounts/password_reset_complete.html")
