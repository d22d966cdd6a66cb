"""Escalation (issue 13): an overdue critical referral tells the receiving service's
coordinator, then (after SERDH_ESCALATION_DAYS) the municipal manager, as a count; and a
membership waiting for approval tells those who may approve it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from serdh.accounts import services as account_services
from serdh.accounts.models import User
from serdh.cases.models import Referral
from serdh.network.models import Organization
from serdh.workflow import escalation
from serdh.workflow.models import Notification
from tests.cases.factories import acting, open_case, refer

pytestmark = pytest.mark.django_db


def overdue_to_creas(days, urgency="critical"):
    referral = refer(open_case(urgency=urgency, victim_name="Escalada Teste"), to="CREAS Passos")
    Referral.objects.filter(pk=referral.pk).update(
        due_date=timezone.localdate() - timedelta(days=days)
    )
    return referral


def test_an_overdue_critical_referral_tells_the_coordinator_once():
    referral = overdue_to_creas(1)
    overdue_to_creas(5, urgency="high")  # not critical: no escalation
    assert escalation.run_once() == (1, 0)
    assert escalation.run_once() == (0, 0)  # told once
    note = Notification.objects.get(kind="referral_overdue")
    assert note.user.username == "coord.creas.passos"
    assert note.link.endswith(f"/encaminhamentos/{referral.pk}/")
    assert "Escalada" not in note.message


def test_after_the_second_deadline_the_municipal_manager_gets_a_count(settings):
    settings.SERDH_ESCALATION_DAYS = 2
    overdue_to_creas(1)
    assert escalation.run_once()[1] == 0
    overdue_to_creas(3)
    overdue_to_creas(4)
    services, managers = escalation.run_once()
    assert managers == 1
    note = Notification.objects.get(user__username="gestor.passos")
    assert note.message.startswith("2 encaminhamento(s)")
    assert "Escalada" not in note.message and "MG-" not in note.message
    assert escalation.run_once()[1] == 0  # once a day
    # The manager of another municipality hears nothing.
    assert not Notification.objects.filter(user__username="gestor.bh").exists()


def test_a_membership_waiting_for_approval_tells_the_coordinator_not_the_grantor():
    worker = User.objects.create(username="novo.creas", full_name="Novo Tecnico")
    account_services.grant_membership(
        acting("admin.passos"), worker, Organization.objects.get(name="CREAS Passos"), "worker"
    )
    told = Notification.objects.filter(kind="approval_waiting")
    assert [n.user.username for n in told] == ["coord.creas.passos"]
