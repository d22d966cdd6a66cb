"""Login gov.br pages: sign in, link and unlink an account, and the return from gov.br."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import govbr, signin


def _enabled_or_404():
    if not govbr.enabled():
        raise Http404


def govbr_login(request):
    _enabled_or_404()
    if request.user.is_authenticated:
        return redirect("web:home")
    return govbr.start(request, "login")


@login_required
@require_POST
def govbr_link(request):
    _enabled_or_404()
    if not request.user.is_verified():
        # Linking needs a session that proved both factors (password and authenticator).
        messages.error(
            request,
            _("Para vincular o gov.br, entre com senha e segundo fator (ative-o em Minha conta)."),
        )
        return redirect("accounts:account")
    return govbr.start(request, "link")


@login_required
@require_POST
def govbr_unlink(request):
    _enabled_or_404()
    govbr.unlink(request.user)
    messages.success(request, _("Conta gov.br desvinculada."))
    return redirect("accounts:account")


def govbr_callback(request):
    _enabled_or_404()
    try:
        purpose, claims = govbr.finish(request)
        if purpose == "link":
            if not (request.user.is_authenticated and request.user.is_verified()):
                raise govbr.GovBrRefused(_("Entre com senha e segundo fator para vincular."))
            govbr.link(request.user, claims)
            messages.success(request, _("Conta gov.br vinculada: da próxima vez, entre por ela."))
            return redirect("accounts:account")
        user, level = govbr.account_for(claims)
    except govbr.GovBrRefused as exc:
        messages.error(request, str(exc))
        return redirect("accounts:account" if request.user.is_authenticated else "accounts:login")
    signin.complete(
        request,
        user,
        backend="django.contrib.auth.backends.ModelBackend",
        factor=f"govbr:{govbr.LEVEL_NAMES[level]}",
    )
    request.session[govbr.VERIFIED_KEY] = f"govbr:{govbr.LEVEL_NAMES[level]}"
    return redirect("web:home")
