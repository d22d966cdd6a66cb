from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

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
