"""The SINAN notification pages: the ficha's form on a case, its PDF, and the service's list of
notifications with the DBF export."""

import io
import json
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.accounts.selectors import current_membership
from serdh.cases.choices import PartyRole
from serdh.cases.views import _form_error, casework_required
from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role
from serdh.core.views import deny, get_restricted

from . import sinan, sinan_dbf, sinan_pdf
from .forms_sinan import SinanForm
from .models_sinan import SinanNotification
from .views import _changeable_case


@casework_required
def ficha_form(request, pk, victim):
    case = _changeable_case(request.user, pk)
    party = case.parties.filter(pk=victim, role=PartyRole.VICTIM).first()
    if party is None:
        deny("cases.party", victim)
    organization = request.membership.organization
    existing = (
        SinanNotification.objects.restrict(request.user)
        .filter(case=case, victim=party, organization=organization)
        .first()
    )
    if existing and existing.sent_at:
        return redirect("obligations:sinan_detail", pk=existing.pk)
    if existing:
        initial = {
            **json.loads(existing.answers or "{}"),
            "occupation": existing.occupation,
            "number": existing.number,
            "notified_on": existing.notified_on,
        }
    else:
        initial = sinan.defaults(case, party, organization)
    form = SinanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        send = "send" in request.POST
        try:
            notification = sinan.save(
                request.user, case, victim_id=party.pk, **form.service_data(send)
            )
        except (ServiceError, NotPermitted) as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request,
                _("Notificação registrada como enviada ao SINAN.")
                if send
                else _("Ficha salva. Registre o envio quando ela for digitada no SINAN."),
            )
            return redirect("obligations:sinan_detail", pk=notification.pk)
    return render(
        request,
        "obligations/sinan_form.html",
        {
            "case": case,
            "victim": party,
            "form": form,
            "is_health": organization.sector == "health",
            "title": _("Notificação SINAN: %(v)s") % {"v": party.pseudonym},
        },
    )


@casework_required
def ficha_detail(request, pk):
    notification = get_restricted(SinanNotification, request.user, access.VIEW, pk=pk)
    return render(
        request,
        "obligations/sinan_detail.html",
        {
            "case": notification.case,
            "notification": notification,
            "sections": sinan.ficha(notification),
        },
    )


@casework_required
def ficha_pdf(request, pk):
    notification = get_restricted(SinanNotification, request.user, access.VIEW, pk=pk)
    # On the case, so the data subject's access report lists it (privacy.subject).
    audit.record(
        "sinan.ficha_downloaded", notification.case, data={"notification": notification.pk}
    )
    response = HttpResponse(sinan_pdf.render(notification), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ficha-sinan-{notification.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _period(params):
    """(start, end) from ?desde=&ate= (ISO dates); this month by default; (None, None) if bad."""
    today = timezone.localdate()
    try:
        start = date.fromisoformat(params.get("desde") or today.replace(day=1).isoformat())
        end = date.fromisoformat(params.get("ate") or today.isoformat())
    except ValueError:
        return None, None
    return start, end


@casework_required
def notification_list(request):
    organization = request.membership.organization
    start, end = _period(request.GET)
    if start is None:
        messages.error(request, _("Datas inválidas: use o calendário."))
        start, end = _period({})
    rows = (
        SinanNotification.objects.restrict(request.user)
        .filter(organization=organization, updated_at__date__gte=start, updated_at__date__lte=end)
        .select_related("case", "victim")
        .order_by("-updated_at")[:200]
    )
    return render(
        request,
        "obligations/sinan_list.html",
        {
            "rows": rows,
            "start": start,
            "end": end,
            "can_export": current_membership(request.user).role == Role.COORDINATOR,
        },
    )


@casework_required
def notification_export(request):
    """The service's notifications sent to SINAN in the period, as a DBF with SINAN's columns.
    The coordinator's, and flagged for the auditor: it takes case data out of SIMA."""
    if current_membership(request.user).role != Role.COORDINATOR:
        raise PermissionDenied(_("Só a coordenação do serviço exporta as notificações."))
    start, end = _period(request.GET)
    if start is None or start > end:
        return HttpResponse(_("Período inválido."), status=400, content_type="text/plain")
    organization = request.membership.organization
    found = (
        SinanNotification.objects.restrict(request.user)
        .filter(
            organization=organization,
            sent_at__isnull=False,
            notified_on__gte=start,
            notified_on__lte=end,
        )
        .select_related(
            "case__municipality__state", "victim__person", "organization", "case__place"
        )
        .order_by("notified_on", "pk")
    )
    buffer = io.BytesIO()
    records = [sinan.columns(n) for n in found]
    sinan_dbf.write(records, buffer)
    audit.record(
        "sinan.exported",
        object_type="obligations.sinannotification",
        data={"rows": len(records), "start": start, "end": end},
        flagged=True,
    )
    response = HttpResponse(buffer.getvalue(), content_type="application/x-dbase")
    response["Content-Disposition"] = (
        f'attachment; filename="sinan-violencia-{start:%Y%m%d}-{end:%Y%m%d}.dbf"'
    )
    response["Cache-Control"] = "no-store"
    return response
