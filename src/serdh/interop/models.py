"""Interoperability: system clients (OAuth2 client credentials), the API message log, the
event outbox and webhook deliveries."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from serdh.core.access import RestrictedManager
from serdh.core.fields import EncryptedTextField

USER = settings.AUTH_USER_MODEL


class Scope(models.TextChoices):
    CASES_READ = "cases:read", _("Ler casos do serviço")
    CASES_WRITE = "cases:write", _("Registrar e alterar casos, acompanhamentos")
    REFERRALS_READ = "referrals:read", _("Ler encaminhamentos (caixa de entrada e enviados)")
    REFERRALS_WRITE = "referrals:write", _("Encaminhar e mover encaminhamentos")
    DIRECTORY_READ = "directory:read", _("Ler a rede: organizações, municípios, vocabulários")


ALL_SCOPES = tuple(Scope.values)
# Scopes that reach case or person data: a client holds them only after a coordinator of its
# organization approves (interop.approvals). The directory is public data.
CASE_SCOPES = frozenset(ALL_SCOPES) - {Scope.DIRECTORY_READ}


class ClientStatus(models.TextChoices):
    ACTIVE = "active", _("Ativo")
    SUSPENDED = "suspended", _("Suspenso")
    PENDING = "pending", _("Aguardando aprovação")
    REFUSED = "refused", _("Recusado")


class SystemClient(models.Model):
    """A municipal or partner system that calls the API on behalf of one organization.

    It authenticates with OAuth2 client credentials. Its secret is kept only as a SHA-256
    digest (secrets are 256-bit random strings, so a fast digest cannot be brute-forced);
    after a rotation the previous secret may stay valid for a grace period. It acts through
    ``service_user``, a system account with one worker membership in ``organization``: the
    access policy of the web pages (``restrict``) applies to it unchanged, and scopes narrow
    it further.
    """

    organization = models.ForeignKey(
        "network.Organization",
        on_delete=models.PROTECT,
        related_name="system_clients",
        verbose_name=_("organização"),
    )
    name = models.CharField(_("nome do sistema"), max_length=120)
    client_id = models.CharField(_("client_id"), max_length=40, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    previous_secret_hash = models.CharField(max_length=64, blank=True, editable=False)
    previous_valid_until = models.DateTimeField(null=True, blank=True, editable=False)
    scopes = models.CharField(_("escopos"), max_length=300)
    rate_limit = models.PositiveIntegerField(
        _("limite de requisições por minuto"),
        default=120,
        help_text=_("Acima disso o sistema recebe 429 e o cabeçalho Retry-After."),
    )
    status = models.CharField(
        _("situação"), max_length=10, choices=ClientStatus, default=ClientStatus.ACTIVE
    )
    status_reason = models.CharField(_("motivo"), max_length=300, blank=True)
    # Case or person scopes asked for and not yet approved (the whole set the client will hold
    # once approved); ``scopes`` keeps what it may use meanwhile.
    pending_scopes = models.CharField(_("escopos pedidos"), max_length=300, blank=True)
    approval_requested_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approval_requested_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approval_note = models.CharField(_("motivo da decisão"), max_length=300, blank=True)
    service_user = models.OneToOneField(
        USER, on_delete=models.PROTECT, related_name="system_client", editable=False
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    secret_rotated_at = models.DateTimeField(null=True, blank=True)
    last_token_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["organization__name", "name"]
        verbose_name = _("sistema cliente")
        verbose_name_plural = _("sistemas clientes")

    def __str__(self):
        return f"{self.name} ({self.client_id})"

    @property
    def scope_list(self):
        return self.scopes.split()

    @property
    def is_active(self):
        return self.status == ClientStatus.ACTIVE

    @property
    def is_pending(self):
        return bool(self.pending_scopes)

    @property
    def reaches_cases(self):
        """Holds (or asks for) a scope that reaches case or person data."""
        return bool(CASE_SCOPES & (set(self.scope_list) | set(self.pending_scopes.split())))


class SecretHandoff(models.Model):
    """A one-time link through which the person an approver designates collects a client's
    new secret. Only the link's SHA-256 is kept; the secret is made when the link is used, so
    it exists nowhere before that."""

    client = models.ForeignKey(SystemClient, on_delete=models.CASCADE, related_name="handoffs")
    designee = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("entrega de segredo")

    def __str__(self):
        return f"entrega {self.pk} de {self.client_id}"


class AccessToken(models.Model):
    """A bearer token issued to a client; only its SHA-256 digest is stored."""

    client = models.ForeignKey(SystemClient, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    scopes = models.CharField(max_length=300)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("token de acesso")

    def __str__(self):
        return f"token {self.pk} de {self.client_id}"


class MessageLogHead(models.Model):
    """Head of the message-log chain (core.chain), with the retention anchor."""

    seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")
    anchor_seq = models.BigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64, default="")
    mac = models.CharField(max_length=64, default="")  # core.chain.head_mac

    objects = RestrictedManager()

    def __str__(self):
        return f"seq {self.seq}"


class MessageLogEntry(models.Model):
    """One API exchange: who, what, when, the digests of both bodies (never the bodies)."""

    seq = models.BigIntegerField(unique=True)
    occurred_at = models.DateTimeField(_("quando"), db_index=True)
    client_id = models.CharField(_("sistema (client_id)"), max_length=40, blank=True, db_index=True)
    user_id = models.BigIntegerField(_("usuário (id)"), null=True, blank=True)
    user_label = models.CharField(_("usuário"), max_length=150, blank=True)
    organization_id = models.BigIntegerField(_("organização"), null=True, blank=True)
    request_id = models.CharField(_("requisição"), max_length=64, db_index=True)
    protocol = models.CharField(_("protocolo do caso"), max_length=40, blank=True, db_index=True)
    method = models.CharField(_("método"), max_length=10)
    path = models.CharField(_("caminho"), max_length=300)
    status = models.PositiveSmallIntegerField(_("status"))
    latency_ms = models.PositiveIntegerField(_("latência (ms)"))
    request_sha256 = models.CharField(max_length=64)
    response_sha256 = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("mensagem da API")
        verbose_name_plural = _("registro de mensagens da API")

    def __str__(self):
        return f"{self.method} {self.path} {self.status}"


class EndpointStatus(models.TextChoices):
    ACTIVE = "active", _("Ativo")
    DISABLED = "disabled", _("Desativado")


class WebhookEndpoint(models.Model):
    """Where an organization's own system wants to hear of events (Standard Webhooks)."""

    organization = models.ForeignKey(
        "network.Organization",
        on_delete=models.PROTECT,
        related_name="webhook_endpoints",
        verbose_name=_("organização"),
    )
    url = models.URLField(_("URL"), max_length=400)
    description = models.CharField(_("descrição"), max_length=200, blank=True)
    event_types = models.CharField(
        _("eventos"),
        max_length=500,
        blank=True,
        help_text=_("Em branco: todos os eventos da organização."),
    )
    secret = EncryptedTextField(editable=False)
    previous_secret = EncryptedTextField(blank=True, editable=False)
    previous_valid_until = models.DateTimeField(null=True, blank=True, editable=False)
    status = models.CharField(
        _("situação"), max_length=10, choices=EndpointStatus, default=EndpointStatus.ACTIVE
    )
    status_reason = models.CharField(_("motivo"), max_length=300, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["organization__name", "url"]
        verbose_name = _("destino de webhook")
        verbose_name_plural = _("destinos de webhook")

    def __str__(self):
        return self.url

    def wants(self, event_type):
        return not self.event_types.strip() or event_type in self.event_types.split()


class OutboxEvent(models.Model):
    """A state change to announce, written in the transaction that made it (outbox).

    ``data`` carries identifiers and links only, never names, narratives or categories.
    """

    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(_("tipo"), max_length=60, db_index=True)
    occurred_at = models.DateTimeField(_("quando"))
    case_id = models.BigIntegerField(null=True, blank=True)
    subject = models.CharField(max_length=120, blank=True)
    data = models.JSONField(default=dict)
    organization_ids = models.JSONField(default=list)
    source = models.CharField(max_length=300, blank=True)  # CloudEvents source (core.origin)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("evento")

    def __str__(self):
        return f"{self.type} {self.event_id}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pendente")
    DELIVERED = "delivered", _("Entregue")
    DEAD = "dead", _("Falhou (fila de mortos)")
    CANCELLED = "cancelled", _("Cancelada")


class Delivery(models.Model):
    """One event to one endpoint. Events of one case reach an endpoint in order: a delivery
    waits while an earlier one of the same case and endpoint is pending."""

    event = models.ForeignKey(OutboxEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    case_key = models.BigIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus, default=DeliveryStatus.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("entrega de evento")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
            models.Index(fields=["endpoint", "case_key", "status"], name="delivery_order"),
        ]

    def __str__(self):
        return f"entrega {self.pk} ({self.status})"
