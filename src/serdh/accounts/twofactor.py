"""The second factor (ASVS 5.0 V6.5-V6.6): an authenticator app (TOTP, RFC 6238) and
single-use recovery codes.

- Enrolment: an unconfirmed ``TotpDevice`` with a fresh secret, shown as a QR code rendered on
  the server (SVG, no script, no outside service) and as text; confirmed when the user types a
  code from it. Confirming issues ``SERDH_RECOVERY_CODES`` recovery codes, shown once.
- Sign-in: after the password, ``accounts.views.SecondFactorView`` asks for a code before the
  user is signed in at all (``accounts.signin``).
- Mandatory roles (``SERDH_2FA_REQUIRED_ROLES``, when ``SERDH_2FA_ENFORCED``): a user holding
  one and no device reaches nothing but enrolment (``SecondFactorMiddleware``).
- Reset (lost phone and codes): an admin asks; for a user of the admin's own organization it is
  carried out at once, otherwise a second person approves it (the user's service coordinator
  or another state admin), as memberships do. Every step is a flagged audit event.
"""

import secrets
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role

from . import sessions
from .models import (
    Approval,
    Membership,
    RecoveryCode,
    RecoveryCodeDevice,
    SecondFactorReset,
    TotpDevice,
)
from .policies import RESET_APPROVE as APPROVE  # decide another admin's reset request

APPROVER_ROLES = (Role.COORDINATOR, Role.STATE_ADMIN)
# Crockford-like: no 0/O, 1/I/L or U, so a code read from paper is typed right.
ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"


# --- Who needs one ---------------------------------------------------------------------------


def role_requires(memberships):
    """Whether one of these memberships holds a role that needs a second factor."""
    required = set(settings.SERDH_2FA_REQUIRED_ROLES)
    return any(m.role in required for m in memberships)


def is_required(user, memberships):
    return bool(settings.SERDH_2FA_ENFORCED) and role_requires(memberships)


def confirmed_device(user):
    return TotpDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user):
    return TotpDevice.objects.filter(user=user, confirmed=True).exists()


# --- Enrolment -------------------------------------------------------------------------------


def start_enrolment(user):
    """A new, unconfirmed device for the user (an earlier unconfirmed one is dropped)."""
    with transaction.atomic():
        TotpDevice.objects.filter(user=user, confirmed=False).delete()
        return TotpDevice.objects.create(
            user=user,
            name=_("Aplicativo autenticador"),
            confirmed=False,
            secret=secrets.token_hex(20),
        )


def enrolment_device(user):
    return TotpDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def secret_text(device):
    """The secret in Base32, in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(device):
    """The ``otpauth://`` URI authenticator apps read from the QR code (Key URI Format)."""
    issuer = settings.SERDH_2FA_ISSUER.replace(":", "")
    label = f"{issuer}:{device.user.get_username()}"
    params = urlencode(
        {
            "secret": secret_text(device).replace(" ", ""),
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": TotpDevice.DIGITS,
            "period": TotpDevice.STEP,
        },
        quote_via=quote,
    )
    return f"otpauth://totp/{quote(label)}?{params}"


def qr_svg(text, title):
    """An inline SVG QR code of ``text`` (error correction M), drawn on the server."""
    import segno
    from django.utils.html import escape

    svg = segno.make(text, error="m", micro=False).svg_inline(
        scale=5, border=4, title=title, dark="#1a1a1a", light="#ffffff", svgclass="qr"
    )
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)


def confirm_enrolment(user, device, code, *, keep_session=None):
    """Confirm the device with a code it produced; returns the new recovery codes, or None.

    The user's other sessions end (ASVS 7.4.3), except ``keep_session`` (the one enrolling).
    """
    if device is None or device.user_id != user.pk or device.confirmed:
        return None
    if not device.verify_token(code):
        return None
    with transaction.atomic():
        TotpDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_codes(user)
        ended = sessions.end_sessions(user, keep=keep_session) if keep_session else 0
        audit.record("2fa.enrolled", user, actor=user, data={"sessions_ended": ended})
    return codes


def _new_codes(user):
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name=_("Códigos de recuperação"))
    codes = [
        "".join(secrets.choice(ALPHABET) for _ in range(RecoveryCode.LENGTH))
        for _ in range(settings.SERDH_RECOVERY_CODES)
    ]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, digest=make_password(code)) for code in codes
    )
    half = RecoveryCode.LENGTH // 2
    return [f"{code[:half]}-{code[half:]}" for code in codes]


def renew_recovery_codes(user):
    """New recovery codes (the old ones stop working). The caller has verified the user."""
    if not has_second_factor(user):
        raise ServiceError(_("Cadastre primeiro o aplicativo autenticador."))
    with transaction.atomic():
        codes = _new_codes(user)
        audit.record("2fa.recovery_codes_renewed", user, actor=user)
    return codes


def remaining_codes(user):
    device = RecoveryCodeDevice.objects.filter(user=user).first()
    return device.remaining if device else 0


def remove_own(user, memberships, *, keep_session=None):
    """A user whose roles do not need a second factor may turn theirs off."""
    if role_requires(memberships) and settings.SERDH_2FA_ENFORCED:
        raise ServiceError(_("Seu papel exige o segundo fator: ele não pode ser desligado."))
    with transaction.atomic():
        _remove_devices(user)
        ended = sessions.end_sessions(user, keep=keep_session) if keep_session else 0
        audit.record("2fa.removed", user, actor=user, data={"sessions_ended": ended})


def _remove_devices(user):
    TotpDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()


# --- Sign-in ---------------------------------------------------------------------------------


def verify(user, code):
    """The device that accepts ``code`` (authenticator first, then a recovery code), or None.

    Each device backs off after failures (django-otp's throttling: 1, 2, 4… seconds), so a
    stolen password does not buy unlimited guesses across sessions.
    """
    code = (code or "").strip()
    with transaction.atomic():
        digits = code.replace(" ", "")
        if digits.isdigit() and len(digits) == TotpDevice.DIGITS:
            device = TotpDevice.objects.select_for_update().filter(user=user, confirmed=True)
            device = device.first()
            if device is not None and device.verify_token(digits):
                return device
        else:
            device = RecoveryCodeDevice.objects.select_for_update().filter(user=user).first()
            if device is not None and device.verify_token(code):
                audit.record(
                    "2fa.recovery_code_used",
                    user,
                    actor=user,
                    flagged=True,
                    data={"remaining": device.remaining},
                )
                return device
        audit.record("auth.second_factor_failed", user, actor=user)
    return None


def throttled_until(user):
    """When the user's authenticator accepts codes again, if it is backing off now."""
    device = confirmed_device(user)
    if device is None:
        return None
    allowed, info = device.verify_is_allowed()
    return None if allowed else (info or {}).get("locked_until")


def sign_in_facts(actor_user, user):
    """For an admin's view of ``user``: the confirmed device (its dates only are shown), the
    open sessions' count, and a reset waiting for approval that the admin may see."""
    return {
        "device": confirmed_device(user),
        "sessions": sessions.open_sessions(user).count(),
        "pending_reset": SecondFactorReset.objects.restrict(actor_user)
        .filter(user=user, status=Approval.PENDING)
        .first(),
    }


# --- Reset by an admin (two-person rule for another organization's user) ----------------------


def _same_organization(actor_user, target):
    """Whether every active membership of ``target`` is in the actor's current organization."""
    actor = access.actor_for(actor_user)
    orgs = set(
        Membership.objects.filter(user=target, is_active=True).values_list(
            "organization_id", flat=True
        )
    )
    return bool(orgs) and orgs == {actor.organization_id}


def request_reset(actor_user, target, *, reason):
    from .models import User

    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ServiceError(_("Diga por que o segundo fator deve ser redefinido."), field="reason")
    if target.pk == actor_user.pk:
        raise NotPermitted(_("Ninguém redefine o próprio segundo fator por aqui."))
    if not User.objects.restrict(actor_user, access.CHANGE).filter(pk=target.pk).exists():
        raise NotPermitted(_("Você não tem permissão para esta ação."))
    if not TotpDevice.objects.filter(user=target).exists():
        raise ServiceError(_("Esta pessoa não tem segundo fator cadastrado."))
    if SecondFactorReset.objects.filter(user=target, status=Approval.PENDING).exists():
        raise ServiceError(_("Já há um pedido de redefinição aguardando aprovação."))
    with transaction.atomic():
        reset = SecondFactorReset.objects.create(
            user=target, requested_by=actor_user, reason=reason[:300]
        )
        audit.record(
            "2fa.reset_requested",
            reset,
            flagged=True,
            reason=reset.reason,
            data={"user": target.pk, "requested_by": actor_user.pk},
        )
        if _same_organization(actor_user, target):
            _carry_out(reset, actor_user, note="")
    return reset


def pending_resets_for(user):
    return (
        SecondFactorReset.objects.restrict(user, APPROVE)
        .select_related("user", "requested_by")
        .order_by("created_at", "pk")
    )


def _carry_out(reset, decider, note):
    reset.status = Approval.APPROVED
    reset.decided_by = decider
    reset.decided_at = timezone.now()
    reset.decision_note = note
    reset.save()
    _remove_devices(reset.user)
    ended = sessions.end_sessions(reset.user)
    audit.record(
        "2fa.reset",
        reset,
        flagged=True,
        data={
            "user": reset.user_id,
            "requested_by": reset.requested_by_id,
            "decided_by": decider.pk,
            "sessions_ended": ended,
        },
    )


def _decide(user, reset, outcome, note):
    with transaction.atomic():
        locked = (
            SecondFactorReset.objects.restrict(user, APPROVE)
            .select_for_update()
            .filter(pk=reset.pk)
            .first()
        )
        if locked is None:
            raise NotPermitted(_("Este pedido não está entre os que você pode decidir."))
        if outcome == Approval.APPROVED:
            _carry_out(locked, user, note)
        else:
            locked.status = outcome
            locked.decided_by = user
            locked.decided_at = timezone.now()
            locked.decision_note = note
            locked.save()
            audit.record(
                "2fa.reset_refused",
                locked,
                flagged=True,
                reason=note,
                data={"user": locked.user_id, "requested_by": locked.requested_by_id},
            )
    return locked


def approve_reset(user, reset):
    return _decide(user, reset, Approval.APPROVED, "")


def refuse_reset(user, reset, *, reason):
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ServiceError(_("Diga em poucas palavras por que recusa o pedido."), field="reason")
    return _decide(user, reset, Approval.REFUSED, reason[:300])


def approvals_section(user):
    from serdh.core.approvals import Section

    if not access.actor_for(user).has_role(*APPROVER_ROLES):
        return None
    return Section(
        title=_("Redefinições do segundo fator"),
        template="accounts/_reset_approvals.html",
        items=list(pending_resets_for(user)),
    )


def review_section(user):
    from serdh.core.approvals import Section

    if not access.actor_for(user).has_role(Role.AUDITOR):
        return None
    rows = (
        SecondFactorReset.objects.restrict(user)
        .select_related("user", "requested_by", "decided_by")
        .order_by("-created_at")[:100]
    )
    return Section(
        title=_("Redefinições do segundo fator: pedidos e decisões"),
        template="accounts/_reset_review.html",
        items=list(rows),
    )
