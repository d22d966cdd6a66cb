"""Notifications (issue 13): in SIMA (badge, list, mark as read) and by e-mail through a real
SMTP server on loopback. No e-mail carries names, narrative or case details; the worker sends
each one once and loses none when it is killed mid-send."""

import os
import signal
import time
from datetime import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from serdh.workflow import notifications
from serdh.workflow.models import DigestRun, Notification, NotificationPreference
from tests.cases.factories import acting, open_case, refer
from tests.conftest import serdh_process, shared_database_url
from tests.workflow.smtp import SMTPServer

VICTIM = "Beatriz Notificacao Teste"


def wait_for(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _output(process):
    process.kill()
    return process.communicate(timeout=10)[0][-3000:]


def secrets_of(case):
    """What must never be in an e-mail about this case."""
    victim = case.parties.get(role="victim")
    words = [VICTIM, *VICTIM.split(), "Carlos Eduardo Lima", "Relato de teste", case.protocol]
    words += [str(v.type.label) for v in case.violations.all()]
    words += [str(v.subtype.label) for v in case.violations.all() if v.subtype]
    words += [case.municipality.name, victim.person.display_name]
    return words


@pytest.mark.django_db
def test_a_referral_tells_every_member_of_the_receiving_service_in_sima(client_for):
    case = open_case(victim_name=VICTIM, urgency="critical")
    referral = refer(case)
    told = Notification.objects.filter(kind="referral_received")
    assert [n.user.username for n in told] == ["ct.passos"]
    note = told.get()
    assert "urgência crítica" in note.message
    for word in secrets_of(case):
        assert word not in note.message
    ct = client_for("ct.passos")
    home = ct.get(reverse("workflow:notifications")).content.decode()
    assert 'class="badge badge-count"' in home
    response = ct.get(reverse("workflow:notification_open", args=[note.pk]))
    assert response["Location"] == reverse("cases:referral_detail", args=[referral.pk])
    note.refresh_from_db()
    assert note.read_at is not None
    # Someone else's notification is a 404.
    assert (
        client_for("cras.passos")
        .get(reverse("workflow:notification_open", args=[note.pk]))
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_answers_tell_who_sent_the_referral_and_mark_all_read_clears_the_badge(client_for):
    from serdh.cases import referrals

    case = open_case(victim_name=VICTIM)
    referral = refer(case)
    referrals.transition_referral(acting("ct.passos"), referral, "accept")
    assert Notification.objects.filter(user__username="cras.passos", kind="referral_answered")
    cras = client_for("cras.passos")
    cras.post(reverse("workflow:notifications"))
    assert notifications.unread_count(acting("cras.passos")) == 0


@pytest.mark.django_db
def test_each_person_chooses_per_kind(client_for):
    client = client_for("ct.passos")
    page = client.get(reverse("workflow:preferences"))
    assert page.status_code == 200
    data = {kind: "sima" for kind, _d in notifications.preferences(acting("ct.passos"))}
    data["referral_received"] = "digest"
    assert client.post(reverse("workflow:preferences"), data).status_code == 302
    assert NotificationPreference.objects.get(kind="referral_received").delivery == "digest"
    refer(open_case(victim_name=VICTIM))
    assert Notification.objects.get(kind="referral_received").email_state == "digest"
    bad = client.post(reverse("workflow:preferences"), {**data, "referral_received": "fax"})
    assert bad.status_code == 200 and "has-error" in bad.content.decode()


@pytest.mark.django_db
def test_the_e_mail_says_only_that_there_is_something_to_see():
    case = open_case(victim_name=VICTIM, urgency="critical")
    refer(case)
    note = Notification.objects.get(kind="referral_received")
    assert note.email_state == "pending"
    with SMTPServer() as server, override_settings(**server.settings()):
        assert notifications.send_due() == 1
        assert notifications.send_due() == 0  # nothing twice
    [message] = server.handler.received()
    assert message["to"] == [note.user.email]
    assert message["message_id"] == f"<{note.message_id}@serdh>"
    assert reverse("workflow:notification_open", args=[note.pk]) in message["body"]
    for word in secrets_of(case):
        assert word not in message["raw"], word
    note.refresh_from_db()
    assert note.email_state == "sent" and note.emailed_at is not None


@pytest.mark.django_db
def test_a_refused_message_is_tried_again_later_and_not_lost():
    refer(open_case(victim_name=VICTIM))
    with SMTPServer() as server, override_settings(**server.settings()):
        server.handler.hold_at = 1
        server.handler.release.set()  # refuse at once (451)
        assert notifications.send_due() == 0
        assert Notification.objects.get().email_state == "pending"
        assert notifications.send_due() == 1
    assert len(server.handler.received()) == 1


@pytest.mark.django_db
def test_the_daily_digest_is_one_message_with_a_count_once_a_day():
    user = acting("ct.passos")
    NotificationPreference.objects.create(user=user, kind="referral_received", delivery="digest")
    for i in range(3):
        refer(open_case(victim_name=f"{VICTIM} {i}"))
    morning = timezone.make_aware(datetime(2026, 12, 3, 8, 0))
    with SMTPServer() as server, override_settings(**server.settings()):
        assert notifications.send_digests(now=morning.replace(hour=5)) == 0  # before the hour
        assert notifications.send_digests(now=morning) == 1
        assert notifications.send_digests(now=morning.replace(hour=9)) == 0
    [message] = server.handler.received()
    assert "Há 3 notificação(ões)" in message["body"]
    assert VICTIM not in message["raw"]
    assert DigestRun.objects.get(user=user).sent_at is not None
    assert set(Notification.objects.values_list("email_state", flat=True)) == {"sent"}


@pytest.mark.django_db
def test_no_e_mail_reaches_the_outbox_during_the_change_itself():
    # E-mails go from the worker, never from the request that made the change.
    mail.outbox = []
    refer(open_case(victim_name=VICTIM))
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_killing_the_worker_mid_send_sends_nothing_twice_and_loses_nothing(tmp_path):
    from serdh.demo import network as demo_network

    demo_network.seed()
    from tests.workflow.factories import second_worker

    for i in range(4):
        second_worker(f"ct{i}.passos", "Conselho Tutelar de Passos")
    for i in range(2):
        refer(open_case(victim_name=f"{VICTIM} {i}"))
    told = list(Notification.objects.all())
    expected = {f"<{n.message_id}@serdh>" for n in told}
    assert len(expected) == 10  # 5 members of the Conselho Tutelar × 2 referrals
    # (the worker's other jobs may tell others meanwhile, e.g. an RMA ready for review)
    referral_notices = Notification.objects.filter(pk__in=[n.pk for n in told])
    with SMTPServer() as server:
        server.handler.hold_at = 4  # the fourth message is in flight at the kill
        env = {
            "SERDH_ENV": "test",
            "DATABASE_URL": shared_database_url(),
            "SERDH_DATA_DIR": str(tmp_path),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(server.port),
            "SERDH_EMAIL_LEASE_SECONDS": "2",
            "SERDH_TASKS_BACKEND": "database",
        }
        worker = serdh_process("worker", "--interval", "0.1", env=env)
        try:
            assert server.handler.holding.wait(60), "the worker never sent the fourth e-mail"
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(10)
            server.handler.release.set()
            assert len(server.handler.received()) == 3
            assert Notification.objects.filter(email_state="sending").exists()
            worker = serdh_process("worker", "--interval", "0.1", env=env)
            assert wait_for(lambda: len(server.handler.received()) >= 10), _output(worker)
            assert wait_for(
                lambda: set(referral_notices.values_list("email_state", flat=True)) == {"sent"}
            )
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(15)
            except Exception:
                worker.kill()
    ids = [m["message_id"] for m in server.handler.received()]
    assert len(ids) == len(set(ids)) == 10
    assert set(ids) == expected
