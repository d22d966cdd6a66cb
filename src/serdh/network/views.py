from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role
from serdh.core.views import get_restricted, role_required

from . import selectors, services
from .choices import KIND_SECTOR
from .forms import (
    AdhesionSignForm,
    AdhesionSuspendForm,
    MunicipalityFilterForm,
    OrganizationFilterForm,
    OrganizationForm,
)
from .models import Adhesion, Municipality, Organization


@login_required
def municipality_list(request):
    form = MunicipalityFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.state_municipalities(
        request.user, q=filters.get("q", ""), status=filters.get("status", "")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "network/municipality_list.html", {"form": form, "page": page})


@login_required
def municipality_detail(request, code):
    municipality = get_restricted(
        Municipality, request.user, code=code, state__uf=settings.SERDH_STATE
    )
    adhesion = Adhesion.objects.restrict(request.user).filter(municipality=municipality).first()
    organizations = Organization.objects.restrict(request.user).filter(municipality=municipality)
    may_manage = services.may_manage_adhesions(request.user, municipality)
    return render(
        request,
        "network/municipality_detail.html",
        {
            "municipality": municipality,
            "adhesion": adhesion,
            "organizations": organizations,
            "may_manage": may_manage,
            "sign_form": AdhesionSignForm(),
            "suspend_form": AdhesionSuspendForm(),
        },
    )


@role_required(Role.STATE_ADMIN)
@require_POST
def adhesion_request(request, code):
    municipality = get_restricted(
        Municipality, request.user, code=code, state__uf=settings.SERDH_STATE
    )
    try:
        services.request_adhesion(request.user, municipality)
    except (ServiceError, NotPermitted) as exc:
        messages.error(request, getattr(exc, "message", None) or str(exc))
    else:
        messages.success(request, _("Solicitação de adesão registrada."))
    return redirect("network:municipality_detail", code=code)


@role_required(Role.STATE_ADMIN)
def adhesion_transition(request, code, verb):
    if verb not in services.ADHESION_TRANSITIONS:
        raise Http404
    adhesion = get_restricted(
        Adhesion,
        request.user,
        access.CHANGE,
        municipality_id=code,
        queryset=Adhesion.objects.select_related("municipality"),
    )
    form_class = {"sign": AdhesionSignForm, "suspend": AdhesionSuspendForm}.get(verb)
    form = form_class(request.POST or None, request.FILES or None) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            services.transition_adhesion(
                request.user, adhesion, verb, **(form.cleaned_data if form else {})
            )
        except ServiceError as exc:
            if form is not None:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.error(request, exc.message)
                return redirect("network:municipality_detail", code=code)
        else:
            messages.success(
                request,
                _("Adesão atualizada: %(status)s.") % {"status": adhesion.get_status_display()},
            )
            return redirect("network:municipality_detail", code=code)
    return render(
        request, "network/adhesion_form.html", {"adhesion": adhesion, "verb": verb, "form": form}
    )


@login_required
def adhesion_term(request, code):
    adhesion = get_restricted(Adhesion, request.user, municipality_id=code)
    if not adhesion.signed_term:
        raise Http404
    with transaction.atomic():
        audit.record("adhesion.term_downloaded", adhesion)
    return FileResponse(
        adhesion.signed_term.open("rb"),
        as_attachment=True,
        filename=f"termo-adesao-{code}.pdf",
        content_type="application/pdf",
    )


@login_required
def organization_list(request):
    form = OrganizationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.directory(request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    may_add = request.user.is_authenticated and access.actor_for(request.user).has_role(
        Role.STATE_ADMIN, Role.MUNICIPAL_ADMIN
    )
    return render(
        request, "network/organization_list.html", {"form": form, "page": page, "may_add": may_add}
    )


@login_required
def organization_detail(request, pk):
    organization = get_restricted(
        Organization,
        request.user,
        pk=pk,
        queryset=Organization.objects.select_related("municipality__state"),
    )
    may_edit = Organization.objects.restrict(request.user, access.CHANGE).filter(pk=pk).exists()
    return render(
        request,
        "network/organization_detail.html",
        {"organization": organization, "may_edit": may_edit},
    )


def _municipalities_for(user):
    actor = access.actor_for(user)
    qs = Municipality.objects.restrict(user).filter(state__uf=actor.state_code)
    if not actor.has_role(Role.STATE_ADMIN):
        qs = qs.filter(code=actor.municipality_id)
    return qs.select_related("state")


@role_required(Role.STATE_ADMIN, Role.MUNICIPAL_ADMIN)
def organization_create(request):
    actor = access.actor_for(request.user)
    initial = {"municipality": actor.municipality_id}
    if kind := request.GET.get("kind"):
        initial.update(kind=kind, sector=KIND_SECTOR.get(kind, ""))
    form = OrganizationForm(
        request.POST or None, initial=initial, municipalities=_municipalities_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            org = services.create_organization(request.user, form.cleaned_data)
        except (ServiceError, NotPermitted) as exc:
            form.add_error(None, getattr(exc, "message", None) or str(exc))
        else:
            messages.success(request, _("Organização cadastrada."))
            return redirect("network:organization_detail", pk=org.pk)
    return render(request, "network/organization_form.html", {"form": form, "organization": None})


@role_required(Role.STATE_ADMIN, Role.MUNICIPAL_ADMIN)
def organization_edit(request, pk):
    organization = get_restricted(Organization, request.user, access.CHANGE, pk=pk)
    form = OrganizationForm(
        request.POST or None,
        instance=organization,
        municipalities=_municipalities_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organization(request.user, organization, form.cleaned_data)
        except (ServiceError, NotPermitted) as exc:
            form.add_error(None, getattr(exc, "message", None) or str(exc))
        else:
            messages.success(request, _("Organização atualizada."))
            return redirect("network:organization_detail", pk=pk)
    return render(
        request, "network/organization_form.html", {"form": form, "organization": organization}
    )
