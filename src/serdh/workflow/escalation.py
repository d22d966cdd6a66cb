"""Escalation of overdue critical referrals (issue 13, "Who is told").

A critical referral still awaiting its decision after its deadline tells the coordinators of
the receiving service (its whole team if it has no coordinator); ``SERDH_ESCALATION_DAYS``
(default 2) days later, the municipal managers of that service's municipality are told how
many critical referrals of the municipality are overdue: a count, once a day, never which case
(they see cases pseudonymized, and the notification names none). Run by the worker every hour;
each notification is told once (dedupe keys)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.accounts.models import Membership
from serdh.cases.choices import AWAITING_DECISION, Urgency
from serdh.cases.models import Referral
from serdh.core.roles import Role

from . import notifications
from .choices import NotificationKind
from .closure import coordinators
from .events import team_users


def _second_deadline_days():
    return int(getattr(settings, "SERDH_ESCALATION_DAYS", 2))


def overdue_critical(today):
    return Referral.objects.filter(
        urgency=Urgency.CRITICAL, status__in=list(AWAITING_DECISION), due_date__lt=today
    )


def run_once(today=None):
    """Returns (service notifications, manager notifications) made."""
    today = today or timezone.localdate()
    to_services = to_managers = 0
    with transaction.atomic():
        for referral in overdue_critical(today).select_related("to_organization"):
            people = coordinators(referral.to_organization) or team_users(
                referral.to_organization_id
            )
            to_services += len(
                notifications.notify_all(
                    people,
                    NotificationKind.REFERRAL_OVERDUE,
                    _("Um encaminhamento de urgência crítica está com o prazo vencido."),
                    reverse("cases:referral_detail", args=[referral.pk]),
                    dedupe_key=f"overdue:{referral.pk}",
                )
            )
        late = today - timedelta(days=_second_deadline_days())
        per_municipality = (
            overdue_critical(late)
            .values("to_organization__municipality_id")
            .annotate(n=Count("pk"))
            .values_list("to_organization__municipality_id", "n")
        )
        for municipality_id, count in per_municipality:
            managers = [
                m.user
                for m in Membership.objects.filter(
                    role=Role.MUNICIPAL_MANAGER,
                    is_active=True,
                    user__is_active=True,
                    organization__municipality_id=municipality_id,
                ).select_related("user")
            ]
            to_managers += len(
                notifications.notify_all(
                    managers,
                    NotificationKind.REFERRAL_OVERDUE,
                    _(
                        "%(n)s encaminhamento(s) de urgência crítica do município seguem sem "
                        "resposta %(d)s dia(s) depois do prazo."
                    )
                    % {"n": count, "d": _second_deadline_days()},
                    reverse("monitoring:dashboard"),
                    dedupe_key=f"overdue-municipal:{municipality_id}:{today.isoformat()}",
                )
            )
    return to_services, to_managers


def run():
    made = run_once()
    return sum(made)
