"""The service's obligations as rows of workflow's "Minhas tarefas" and agenda: a task of the
responsible service, as the issue asks, read from the obligation itself (nothing to keep in
step). Service-wide, like the referrals to decide: the law binds the service."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.core import access
from serdh.workflow.tasks import Due

from .choices import ObligationKind, ObligationStatus
from .links import action_for
from .models import Obligation


def rows(user, organization, since=None, until=None):
    qs = (
        Obligation.objects.restrict(user, access.CHANGE)
        .filter(organization=organization, status=ObligationStatus.DUE)
        .select_related("case")
        .only("id", "key", "kind", "due_at", "victim_id", "case_id", "case__id", "case__protocol")
    )
    if since is not None:
        qs = qs.filter(due_at__gte=_midnight(since))
    if until is not None:
        qs = qs.filter(due_at__lt=_midnight(until, days=1))
    labels = {
        value: _("Obrigação legal: %(k)s") % {"k": label} for value, label in ObligationKind.choices
    }
    who = _("serviço")
    return [
        Due(timezone.localtime(o.due_at).date(), labels[o.kind], action_for(o)[0], o.case, who=who)
        for o in qs.order_by("due_at", "pk")[:500]
    ]


def _midnight(day, days=0):
    return timezone.make_aware(datetime.combine(day + timedelta(days=days), time.min))
