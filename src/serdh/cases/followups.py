from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.core import audit
from serdh.core.errors import ServiceError

from .acting import acting_organization, lock_case, log
from .lifecycle import mark_in_follow_up
from .models import FollowUp


def record_follow_up(user, case, *, kind, happened_on, description=""):
    with transaction.atomic():
        org = acting_organization(user)
        case = lock_case(user, case)
        if not case.is_open:
            raise ServiceError(_("Só casos registrados e abertos recebem acompanhamentos."))
        if kind is None or kind.vocabulary.key != "follow_up_kind":
            raise ServiceError(_("Escolha o tipo de acompanhamento."), field="kind")
        if happened_on > timezone.localdate():
            raise ServiceError(_("A data não pode ser futura."), field="happened_on")
        follow_up = FollowUp.objects.create(
            case=case,
            organization=org,
            kind=kind,
            happened_on=happened_on,
            description=(description or "").strip(),
            recorded_by=user,
        )
        mark_in_follow_up(case)
        log(
            case,
            "follow_up",
            _("%(kind)s registrado por %(org)s") % {"kind": kind.label, "org": org.name},
            user,
            org,
            detail=follow_up.description,
        )
        audit.record("followup.recorded", follow_up, data={"case": case.pk, "kind": kind.code})
    return follow_up
