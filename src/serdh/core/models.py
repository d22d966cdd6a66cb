from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .access import RestrictedManager
from .fields import EncryptedTextField


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("criado em"), auto_now_add=True)
    updated_at = models.DateTimeField(_("atualizado em"), auto_now=True)

    class Meta:
        abstract = True


class AuditChainHead(models.Model):
    """The single row that serializes appends to the audit chain and records its end."""

    seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")
    mac = models.CharField(max_length=64, default="")  # core.chain.head_mac

    class Meta:
        verbose_name = _("cabeça da cadeia de auditoria")

    def __str__(self):
        return f"seq {self.seq}"


class AuditEvent(models.Model):
    """One link of the audit chain. Never updated or deleted by the application.

    ``hash`` is an HMAC-SHA256 (audit key) over this row's fields and ``prev_hash``; ``seq`` has
    no gaps, so a deleted row shows as a gap and a changed row as a broken hash.
    """

    seq = models.BigIntegerField(unique=True)
    occurred_at = models.DateTimeField(_("quando"), db_index=True)
    # Plain integers, not foreign keys: deleting a user must not touch the chain.
    actor_id = models.BigIntegerField(_("quem (id)"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("quem"), max_length=150, blank=True)
    organization_id = models.BigIntegerField(_("organização"), null=True, blank=True)
    action = models.CharField(_("ação"), max_length=80, db_index=True)
    object_type = models.CharField(_("tipo de objeto"), max_length=80, blank=True)
    object_id = models.CharField(_("objeto"), max_length=64, blank=True)
    request_id = models.CharField(_("requisição"), max_length=64, blank=True, db_index=True)
    ip = models.CharField(_("endereço IP"), max_length=45, blank=True)
    channel = models.CharField(_("canal"), max_length=10, blank=True)
    reason = models.TextField(_("justificativa"), blank=True)
    flagged = models.BooleanField(_("sinalizado"), default=False, db_index=True)
    data = models.JSONField(_("dados"), default=dict, blank=True)
    key_id = models.CharField(max_length=16, default="a1")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("evento de auditoria")
        verbose_name_plural = _("eventos de auditoria")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class IdempotencyKey(models.Model):
    """The first response to a POST with an ``Idempotency-Key`` (see core.api.idempotent)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    # The first response may hold names and narrative: encrypted like the case itself, and
    # deleted after IDEMPOTENCY_HOURS (core.api.idempotent prunes as it goes).
    response_body = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="unique_idempotency_key")
        ]

    def __str__(self):
        return self.key


class DeniedAccess(models.Model):
    """Denied reads of one user on one kind of object within one time window (core.denials).

    The audit chain gets the first denial of each window and a summary at 10, 100, 1000…
    denials, so a crawler cannot flood it; this table keeps the exact counts for the auditor's
    review page ("acessos negados").
    """

    user_id = models.BigIntegerField(db_index=True)
    actor_label = models.CharField(max_length=150, blank=True)
    object_type = models.CharField(max_length=80)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)
    first_object_id = models.CharField(max_length=64, blank=True)
    last_object_id = models.CharField(max_length=64, blank=True)
    last_at = models.DateTimeField()
    ip = models.CharField(max_length=45, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("acesso negado")
        verbose_name_plural = _("acessos negados")
        constraints = [
            models.UniqueConstraint(
                fields=["user_id", "object_type", "window_start"], name="unique_denied_window"
            )
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self):
        return f"{self.actor_label} {self.object_type} × {self.count}"


class RateCounter(models.Model):
    """Hits of one key in one fixed time window, shared by every process (core.throttle)."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=128)
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("contador de tentativas")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "window_start"], name="unique_rate_window"
            )
        ]

    def __str__(self):
        return f"{self.scope}:{self.key} × {self.count}"


class WorkerHeartbeat(models.Model):
    """When the background worker last showed it was alive (core.health; one row per
    worker name, written by ``serdh worker`` and read by ``/healthz``)."""

    name = models.CharField(max_length=40, unique=True)
    beat_at = models.DateTimeField()

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("sinal de vida do worker")

    def __str__(self):
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M:%S}"
