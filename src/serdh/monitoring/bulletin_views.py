"""Monthly bulletins: request one (the worker produces it), follow its progress, download."""

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.core import access, audit
from serdh.core.roles import Role
from serdh.core.views import get_restricted, role_required
from serdh.network.models import Municipality

from . import bulletins
from .forms import BulletinForm
from .models import Bulletin, BulletinStatus

MANAGERS = (Role.STATE_MANAGER, Role.MUNICIPAL_MANAGER)


@role_required(*MANAGERS)
def bulletin_list(request):
    actor = access.actor_for(request.user)
    is_state = actor.has_role(Role.STATE_MANAGER)
    municipalities = Municipality.objects.restrict(request.user).filter(
        state__uf=actor.state_code, adhesion__status="active"
    )
    if not is_state:
        municipalities = municipalities.filter(code=actor.municipality_id)
    form = BulletinForm(
        request.POST or None,
        municipalities=municipalities.order_by("name"),
        allow_state=is_state,
        initial={"month": f"{timezone.localdate():%Y-%m}"},
    )
    if request.method == "POST" and form.is_valid():
        municipality = form.cleaned_data.get("municipality")
        if not is_state:
            municipality = actor.municipality_id
        state_code = (
            Municipality.objects.restrict(request.user)
            .filter(state__uf=actor.state_code)
            .values_list("state_id", flat=True)
            .first()
        )
        bulletin = bulletins.request_bulletin(
            request.user,
            state_code=state_code,
            month=form.cleaned_data["month"],
            municipality_id=municipality,
        )
        messages.success(request, _("Boletim pedido: o worker o produz em segundo plano."))
        return redirect("monitoring:bulletin_detail", pk=bulletin.pk)
    recent = list(Bulletin.objects.restrict(request.user).order_by("-created_at")[:20])
    names = dict(
        Municipality.objects.restrict(request.user)
        .filter(code__in=[b.municipality_id for b in recent if b.municipality_id])
        .values_list("code", "name")
    )
    for bulletin in recent:
        bulletin.where = names.get(bulletin.municipality_id) or _("Estado")
    return render(request, "monitoring/bulletin_list.html", {"form": form, "bulletins": recent})


@role_required(*MANAGERS)
def bulletin_detail(request, pk):
    bulletin = get_restricted(Bulletin, request.user, pk=pk)
    where = (
        Municipality.objects.restrict(request.user).get(code=bulletin.municipality_id).name
        if bulletin.municipality_id
        else _("Estado")
    )
    waiting = bulletin.status in (BulletinStatus.QUEUED, BulletinStatus.RUNNING)
    return render(
        request,
        "monitoring/bulletin_detail.html",
        {"bulletin": bulletin, "where": where, "waiting": waiting},
    )


@role_required(*MANAGERS)
def bulletin_pdf(request, pk):
    bulletin = get_restricted(Bulletin, request.user, pk=pk)
    if bulletin.status != BulletinStatus.DONE:
        raise Http404
    path = bulletins.path_of(bulletin)
    if not path.exists():
        raise Http404
    with transaction.atomic():
        audit.record("monitoring.bulletin_downloaded", bulletin)
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type="application/pdf"
    )
