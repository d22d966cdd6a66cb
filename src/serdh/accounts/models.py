import time

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.base_session import AbstractBaseSession, BaseSessionManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP

from serdh.core.access import RestrictedManager, RestrictedQuerySet
from serdh.core.fields import EncryptedTextField
from serdh.core.models import TimeStampedModel
from serdh.core.roles import Role


class SerdhUserManager(UserManager.from_queryset(RestrictedQuerySet)):
    pass


class User(AbstractUser):
    """A person who works in the network. Access comes only from memberships."""

    first_name = None
    last_name = None
    full_name = models.CharField(_("nome completo"), max_length=150)
    social_name = models.CharField(_("nome social"), max_length=150, blank=True)
    # CPF links a Login gov.br identity (its ``sub``) to this account; kept encrypted and found
    # by its blind index.
    cpf = EncryptedTextField(_("CPF"), blank=True)
    cpf_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # The identity of a system client (interop.SystemClient): no password, no web login, its
    # one membership managed by the client's page, never by the user pages.
    is_system = models.BooleanField(_("conta de sistema"), default=False, editable=False)
    # Set when the user, signed in with password and second factor, linked their gov.br
    # identity (accounts.govbr); from then on gov.br signs them in.
    govbr_linked_at = models.DateTimeField(_("gov.br vinculado em"), null=True, blank=True)

    objects = SerdhUserManager()

    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        ordering = ["username"]
        verbose_name = _("usuário(a)")
        verbose_name_plural = _("usuários(as)")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.social_name or self.full_name or self.username

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name.split(" ")[0]


class Approval(models.TextChoices):
    """Where a membership stands in the two-person rule (accounts.approvals)."""

    NOT_REQUIRED = "not_required", _("dispensada")
    PENDING = "pending", _("aguardando aprovação")
    APPROVED = "approved", _("aprovado")
    REFUSED = "refused", _("recusado")
    CANCELLED = "cancelled", _("cancelado")


class Membership(TimeStampedModel):
    """One role of one user in one organization.

    ``is_active`` says whether it can be used now. A role that reaches case content
    (``CASE_CONTENT_ROLES``) is granted inactive, ``approval=pending``, and becomes active only
    when someone other than the grantor and the grantee approves it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        "network.Organization",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organização"),
    )
    role = models.CharField(_("papel"), max_length=20, choices=Role)
    is_active = models.BooleanField(_("ativo"), default=True)
    granted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(_("concedido em"), null=True, blank=True)
    approval = models.CharField(
        _("aprovação"), max_length=12, choices=Approval, default=Approval.NOT_REQUIRED
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decidido em"), null=True, blank=True)
    decision_note = models.CharField(_("motivo da decisão"), max_length=300, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["organization__name", "role"]
        verbose_name = _("vínculo")
        verbose_name_plural = _("vínculos")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="unique_membership_role"
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()} — {self.organization}"

    @property
    def is_pending(self):
        return self.approval == Approval.PENDING


# --- Second factor (accounts.twofactor) ---------------------------------------------------------


class TotpDevice(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app (RFC 6238 TOTP, SHA-1, 6 digits, 30 s) of one user.

    django-otp's own TOTP model keeps the secret in clear text; this one keeps it encrypted
    (``EncryptedTextField``), so a copy of the database does not yield working codes. Created
    unconfirmed at enrolment; confirmed once the user types a code it produced.
    """

    secret = EncryptedTextField()  # hex, 20 random bytes
    last_t = models.BigIntegerField(default=-1)  # time step of the last code accepted
    drift = models.SmallIntegerField(default=0)

    STEP = 30
    DIGITS = 6
    TOLERANCE = 1  # one step before or after: a phone's clock a little off still works

    class Meta(Device.Meta):
        verbose_name = _("aplicativo autenticador")

    @property
    def bin_key(self):
        return bytes.fromhex(self.secret)

    def verify_token(self, token):
        allowed, _info = self.verify_is_allowed()
        if not allowed:
            return False
        token = str(token).strip().replace(" ", "")
        verified = False
        if len(token) == self.DIGITS and token.isdigit():
            totp = TOTP(self.bin_key, self.STEP, 0, self.DIGITS, self.drift)
            totp.time = time.time()
            # Only a step after the last one accepted: the same code never works twice.
            verified = totp.verify(int(token), self.TOLERANCE, self.last_t + 1)
        if verified:
            self.last_t = totp.t()
            self.drift = totp.drift
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
        else:
            self.throttle_increment(commit=True)
        return verified

    def get_throttle_factor(self):
        return settings.OTP_TOTP_THROTTLE_FACTOR


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """Single-use recovery codes, for when the phone is lost. Only salted hashes are kept."""

    class Meta(Device.Meta):
        verbose_name = _("códigos de recuperação")

    def verify_token(self, token):
        from django.contrib.auth.hashers import check_password
        from django.utils import timezone

        allowed, _info = self.verify_is_allowed()
        if not allowed:
            return False
        normalized = "".join(ch for ch in str(token).upper() if ch.isalnum())
        match = None
        if len(normalized) == RecoveryCode.LENGTH:
            # Each code is a salted password hash (ASVS 6.5.2: under 112 bits of entropy),
            # so every unused one is tried; there are ten at most.
            for code in self.codes.filter(used_at__isnull=True):
                if check_password(normalized, code.digest):
                    match = code
                    break
        # Spent in the same statement that checks it was unused: two requests racing with
        # one code cannot both succeed.
        if match is None or not RecoveryCode.objects.filter(
            pk=match.pk, used_at__isnull=True
        ).update(used_at=timezone.now()):
            self.throttle_increment(commit=True)
            return False
        self.throttle_reset(commit=True)
        return True

    def get_throttle_factor(self):
        return settings.OTP_TOTP_THROTTLE_FACTOR

    @property
    def remaining(self):
        return self.codes.filter(used_at__isnull=True).count()


class RecoveryCode(models.Model):
    LENGTH = 10  # characters of twofactor.ALPHABET (30 symbols): about 49 bits each

    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=200)  # django.contrib.auth.hashers.make_password
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.device_id}:{self.pk}"


class SecondFactorReset(TimeStampedModel):
    """An admin's request to remove a user's second factor (lost phone and codes).

    Carried out at once for a user of the admin's own organization; for a user of another
    organization it waits for a second person (accounts.twofactor.APPROVE).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="second_factor_resets")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("motivo"), max_length=300)
    status = models.CharField(
        _("situação"), max_length=12, choices=Approval, default=Approval.PENDING
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=300, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("redefinição do segundo fator")
        verbose_name_plural = _("redefinições do segundo fator")


# --- Sessions (accounts.sessions) --------------------------------------------------------------


class UserSessionManager(BaseSessionManager.from_queryset(RestrictedQuerySet)):
    pass


class UserSession(AbstractBaseSession):
    """Django's database session plus whose it is, from where, and when it was last used.

    ``handle`` names the session on pages and in forms; the session key itself never leaves
    the cookie.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="sessions"
    )
    handle = models.CharField(max_length=32, db_index=True, editable=False)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    last_seen = models.DateTimeField(auto_now=True)

    objects = UserSessionManager()

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("sessão")
        verbose_name_plural = _("sessões")
