"""What people are told: a notification centre in SIMA and, by each person's choice, an e-mail
at once or a daily digest.

No e-mail carries names, narrative or case details: only that there is something to see and a
link to the notification in SIMA, where the access policy decides what the person sees
(DESIGN.md, 'Audit and privacy'; the standards: people get no personal data by e-mail).

Delivery is at most once per notification and never lost: the worker claims a batch
(``sending``), sends each message and marks it ``sent`` right after the SMTP server accepts
it. A worker killed mid-batch leaves its claimed rows in ``sending``; after the lease
(``SERDH_EMAIL_LEASE_SECONDS``) another run sends them again with the same Message-ID
(RFC 5322 3.6.4), so the only message that can arrive twice is the one whose acceptance the
killed worker had not yet written, and mail clients treat it as one.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from serdh.core.origin import public_url

from .choices import Delivery, EmailState, NotificationKind
from .models import DigestRun, Notification, NotificationPreference

log = logging.getLogger("serdh.workflow.notifications")

# What arrives by e-mail at once unless the person chooses otherwise: what needs a decision.
DEFAULT_DELIVERY = {
    NotificationKind.REFERRAL_RECEIVED: Delivery.EMAIL,
    NotificationKind.REFERRAL_OVERDUE: Delivery.EMAIL,
    NotificationKind.CLOSURE_REQUESTED: Delivery.DIGEST,
    NotificationKind.APPROVAL_WAITING: Delivery.DIGEST,
}
MAX_ATTEMPTS = 5


def delivery_for(user, kind):
    chosen = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("delivery", flat=True)
        .first()
    )
    return chosen or DEFAULT_DELIVERY.get(kind, Delivery.SIMA)


def preferences(user):
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [
        (kind, chosen.get(kind.value) or DEFAULT_DELIVERY.get(kind, Delivery.SIMA))
        for kind in NotificationKind
    ]


def set_preferences(user, choices):
    with transaction.atomic():
        for kind, delivery in choices.items():
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"delivery": delivery}
            )


def notify(user, kind, message, link, *, dedupe_key=""):
    """Tell one person (in the caller's transaction). ``message`` names nobody and nothing of
    the case. With ``dedupe_key``, the same thing is told once."""
    if user is None or not user.is_active:
        return None
    delivery = delivery_for(user, kind)
    state = {
        Delivery.SIMA: EmailState.NONE,
        Delivery.EMAIL: EmailState.PENDING,
        Delivery.DIGEST: EmailState.DIGEST,
    }[delivery]
    if not user.email:
        state = EmailState.NONE
    try:
        with transaction.atomic():
            return Notification.objects.create(
                user=user,
                kind=kind,
                message=str(message)[:200],
                link=link,
                origin=public_url(),
                created_at=timezone.now(),
                email_state=state,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if not dedupe_key:
            raise
        return None  # already told


def notify_all(users, kind, message, link, *, dedupe_key=""):
    return [n for user in users if (n := notify(user, kind, message, link, dedupe_key=dedupe_key))]


def unread_count(user):
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user, notification_ids=None):
    qs = Notification.objects.restrict(user, "change").filter(read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())


# --- e-mail -------------------------------------------------------------------------------


def _message_id(uuid_value):
    return f"<{uuid_value}@serdh>"


def _email_for(notification):
    link = (notification.origin or public_url()) + reverse(
        "workflow:notification_open", args=[notification.pk]
    )
    with override(settings.LANGUAGE_CODE):
        subject = _("SER-DH: há algo para você ver no SIMA")
        body = _(
            "Olá,\n\nHá uma nova notificação para você no SIMA (%(kind)s).\n\n"
            "Para ver, entre no SIMA:\n%(link)s\n\n"
            "Por segurança, este e-mail não traz nomes nem detalhes do caso.\n"
            "Você escolhe quais avisos recebe por e-mail em Notificações > Preferências.\n"
        ) % {"kind": notification.get_kind_display(), "link": link}
    return EmailMessage(
        subject,
        body,
        to=[notification.user.email],
        headers={"Message-ID": _message_id(notification.message_id)},
    )


def _lease():
    return timedelta(seconds=int(getattr(settings, "SERDH_EMAIL_LEASE_SECONDS", 600)))


def _claim(batch, now):
    due = Q(email_state=EmailState.PENDING) | Q(
        email_state=EmailState.SENDING, email_claimed_at__lt=now - _lease()
    )
    with transaction.atomic():
        ids = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(due)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        Notification.objects.filter(pk__in=ids).filter(due).update(
            email_state=EmailState.SENDING,
            email_claimed_at=now,
            email_attempts=F("email_attempts") + 1,
        )
    return list(
        Notification.objects.filter(
            pk__in=ids, email_state=EmailState.SENDING, email_claimed_at=now
        )
        .select_related("user")
        .order_by("pk")
    )


def send_due(batch=50):
    """Send the e-mails due now (``serdh worker``). Returns how many were sent."""
    now = timezone.now()
    claimed = _claim(batch, now)
    if not claimed:
        return 0
    sent = 0
    connection = get_connection(fail_silently=False)
    try:
        for notification in claimed:
            try:
                connection.send_messages([_email_for(notification)])
            except Exception:
                log.exception("notification e-mail %s failed", notification.pk)
                failed = notification.email_attempts >= MAX_ATTEMPTS
                Notification.objects.filter(pk=notification.pk).update(
                    email_state=EmailState.FAILED if failed else EmailState.PENDING
                )
                continue
            Notification.objects.filter(pk=notification.pk, email_state=EmailState.SENDING).update(
                email_state=EmailState.SENT, emailed_at=timezone.now()
            )
            sent += 1
    finally:
        connection.close()
    return sent


def send_digests(now=None):
    """Once a day (from ``SERDH_DIGEST_HOUR``), one e-mail per person with what waits for them
    that they chose to receive as a digest: a count and a link, nothing else."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < int(getattr(settings, "SERDH_DIGEST_HOUR", 7)):
        return 0
    day = local.date()
    users = (
        Notification.objects.filter(email_state=EmailState.DIGEST)
        .values_list("user_id", flat=True)
        .distinct()
    )
    sent = 0
    for user_id in list(users):
        with transaction.atomic():
            run, _created = DigestRun.objects.select_for_update().get_or_create(
                user_id=user_id, day=day
            )
            if run.sent_at is not None:
                continue
            waiting = Notification.objects.filter(user_id=user_id, email_state=EmailState.DIGEST)
            count = waiting.count()
            first = waiting.select_related("user").first()
            if first is None or not first.user.email:
                continue
            link = (first.origin or public_url()) + reverse("workflow:notifications")
            with override(settings.LANGUAGE_CODE):
                message = EmailMessage(
                    _("SER-DH: resumo do dia no SIMA"),
                    _(
                        "Olá,\n\nHá %(n)s notificação(ões) para você no SIMA.\n\n"
                        "Para ver, entre no SIMA:\n%(link)s\n\n"
                        "Por segurança, este e-mail não traz nomes nem detalhes dos casos.\n"
                    )
                    % {"n": count, "link": link},
                    to=[first.user.email],
                    headers={"Message-ID": _message_id(run.message_id)},
                )
            # Sent inside the transaction: the day's run and the notifications are marked
            # only if the server accepted it; a killed worker leaves the run unsent.
            message.send()
            waiting.update(email_state=EmailState.SENT, emailed_at=timezone.now())
            run.sent_at = timezone.now()
            run.save(update_fields=["sent_at"])
            sent += 1
    return sent


def run_once():
    return send_due() + send_digests()
