from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from serdh.core import access
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role
from serdh.core.views import get_restricted, refusal, role_required
from serdh.network.models import Organization

from . import approvals, lockout, services, signin, twofactor
from .forms import (
    LoginForm,
    MembershipForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from .models import Membership, User
from .selectors import SESSION_KEY

ADMIN_ROLES = (Role.STATE_ADMIN, Role.MUNICIPAL_ADMIN)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        from . import govbr

        return {**super().get_context_data(**kwargs), "govbr_enabled": govbr.enabled()}

    def post(self, request, *args, **kwargs):
        # An address spraying passwords across accounts is refused before any check.
        if lockout.address_blocked(request):
            return lockout.refuse_address(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        if twofactor.has_second_factor(user):
            # Not signed in yet: the code comes first (accounts.signin).
            signin.hold(self.request, user, self.get_redirect_url())
            return redirect("accounts:second_factor")
        signin.complete(self.request, user)
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form):
        services.record_login_failure(self.request.POST.get("username", ""))
        return super().form_invalid(form)


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        services.record_logout(request.user)
    return auth_views.LogoutView.as_view()(request)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing the password keeps this session and ends every other one (ASVS 7.4.3)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        ended = services.password_changed(self.request.user, keep=self.request.session.session_key)
        messages.success(
            self.request,
            ngettext(
                "Senha alterada. %(n)d outra sessão foi encerrada.",
                "Senha alterada. %(n)d outras sessões foram encerradas.",
                ended,
            )
            % {"n": ended}
            if ended
            else _("Senha alterada."),
        )
        return response


@login_required
@require_POST
def switch_membership(request):
    try:
        wanted = int(request.POST.get("membership", ""))
    except ValueError as exc:
        raise Http404 from exc
    if not any(m.pk == wanted for m in request.memberships):
        raise Http404
    request.session[SESSION_KEY] = wanted
    return redirect("web:home")


def _managed_organizations(user):
    return Organization.objects.restrict(user, access.CHANGE).select_related("municipality")


@role_required(*ADMIN_ROLES)
def user_list(request):
    form = UserFilterForm(request.GET or None)
    users = User.objects.restrict(request.user, access.VIEW).order_by("username")
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
        if role := form.cleaned_data["role"]:
            users = users.filter(memberships__role=role, memberships__is_active=True).distinct()
    page = Paginator(users, 25).get_page(request.GET.get("page"))
    memberships = (
        Membership.objects.restrict(request.user, access.VIEW)
        .filter(user__in=list(page.object_list), is_active=True)
        .select_related("organization")
    )
    by_user = {}
    for m in memberships:
        by_user.setdefault(m.user_id, []).append(m)
    rows = [(u, by_user.get(u.pk, [])) for u in page.object_list]
    return render(request, "accounts/user_list.html", {"form": form, "page": page, "rows": rows})


@role_required(*ADMIN_ROLES)
def user_create(request):
    organizations = _managed_organizations(request.user)
    roles = services.grantable_roles(request.user)
    form = UserCreateForm(request.POST or None, organizations=organizations, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_user(request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except NotPermitted as exc:
            form.add_error("role", str(exc))
        else:
            messages.success(request, _("Conta criada para %(name)s.") % {"name": user})
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@role_required(*ADMIN_ROLES)
def user_detail(request, pk):
    user = get_restricted(User, request.user, access.VIEW, pk=pk)
    if request.method == "GET":
        services.record_user_viewed(user)
    can_edit = User.objects.restrict(request.user, access.CHANGE).filter(pk=pk).exists()
    edit_form = UserEditForm(
        request.POST or None,
        initial={
            "full_name": user.full_name,
            "social_name": user.social_name,
            "email": user.email,
            "cpf": user.cpf,
            "is_active": user.is_active,
        },
    )
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if edit_form.is_valid():
            try:
                services.update_user(request.user, user, edit_form.cleaned_data)
            except ServiceError as exc:
                edit_form.add_error(
                    exc.field if exc.field in edit_form.fields else None, exc.message
                )
            else:
                messages.success(request, _("Dados atualizados."))
                return redirect("accounts:user_detail", pk=pk)
    memberships = (
        Membership.objects.restrict(request.user, access.VIEW)
        .filter(user=user)
        .select_related("organization__municipality", "granted_by", "decided_by")
    )
    manageable = set(
        Membership.objects.restrict(request.user, access.CHANGE)
        .filter(user=user)
        .values_list("pk", flat=True)
    )
    grant_form = MembershipForm(
        organizations=_managed_organizations(request.user),
        roles=services.grantable_roles(request.user),
    )
    return render(
        request,
        "accounts/user_detail.html",
        {
            "subject": user,
            "can_edit": can_edit,
            "edit_form": edit_form,
            "memberships": memberships,
            "manageable": manageable,
            "sign_in": _sign_in_facts(request.user, user, can_edit),
            # Nobody grants themselves a membership (the service refuses it too).
            "grant_form": grant_form if user.pk != request.user.pk else None,
        },
    )


def _sign_in_facts(actor, user, can_edit):
    """What an admin sees of another user's sign-in: whether a second factor exists (never
    the device), how many sessions are open, and a reset waiting for approval."""
    if not can_edit or user.pk == actor.pk:
        return None
    return twofactor.sign_in_facts(actor, user)


@role_required(*ADMIN_ROLES)
@require_POST
def membership_grant(request, pk):
    user = get_restricted(User, request.user, access.VIEW, pk=pk)
    form = MembershipForm(
        request.POST,
        organizations=_managed_organizations(request.user),
        roles=services.grantable_roles(request.user),
    )
    if form.is_valid():
        try:
            membership = services.grant_membership(
                request.user, user, form.cleaned_data["organization"], form.cleaned_data["role"]
            )
        except (ServiceError, NotPermitted) as exc:
            messages.error(request, getattr(exc, "message", None) or str(exc))
        else:
            messages.success(
                request,
                _(
                    "Pedido de vínculo registrado. Ele passa a valer quando outra pessoa "
                    "(a coordenação do serviço ou a administração estadual) aprovar."
                )
                if membership.is_pending
                else _("Vínculo concedido."),
            )
    else:
        messages.error(request, _("Escolha uma organização e um papel válidos."))
    return redirect("accounts:user_detail", pk=pk)


@role_required(*ADMIN_ROLES)
@require_POST
def membership_revoke(request, pk):
    membership = get_restricted(Membership, request.user, access.CHANGE, pk=pk)
    try:
        services.revoke_membership(request.user, membership)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Vínculo revogado."))
    return redirect("accounts:user_detail", pk=membership.user_id)


@role_required(*approvals.APPROVER_ROLES)
@require_POST
def membership_approve(request, pk):
    membership = get_restricted(Membership, request.user, approvals.APPROVE, pk=pk)
    try:
        approvals.approve_membership(request.user, membership)
    except NotPermitted as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Vínculo aprovado: %(user)s já pode atuar em %(org)s.")
            % {"user": membership.user, "org": membership.organization},
        )
    return redirect("web:approvals")


@role_required(*approvals.APPROVER_ROLES)
@require_POST
def membership_refuse(request, pk):
    membership = get_restricted(Membership, request.user, approvals.APPROVE, pk=pk)
    return refusal(
        request,
        lambda reason: approvals.refuse_membership(request.user, membership, reason=reason),
        _("Pedido de vínculo recusado."),
    )
