"""The SINAN notification of one victim by one health service (issue 14, "SINAN: the ficha
from the case"): what the ficha needs that SIMA does not hold, the notification's number, and
whether it was sent. Everything else is read from the case when the ficha is produced."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from serdh.core.access import RestrictedManager
from serdh.core.fields import EncryptedTextField

USER = settings.AUTH_USER_MODEL


class SinanNotification(models.Model):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="sinan_notifications"
    )
    victim = models.ForeignKey("cases.Party", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="+"
    )
    # NU_NOTIFIC: the number SINAN gives the notification (7 digits), known once it is typed in.
    number = models.CharField(_("número da notificação (SINAN)"), max_length=7, blank=True)
    notified_on = models.DateField(_("data da notificação"), null=True, blank=True)
    # The ficha's fields SIMA does not hold, as {DBF column: code} (obligations.sinan.EXTRA),
    # encrypted: pregnancy, schooling, the procedures after sexual violence...
    answers = EncryptedTextField(default="{}")
    occupation = EncryptedTextField(_("ocupação"), blank=True)
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")

    objects = RestrictedManager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("notificação SINAN")
        verbose_name_plural = _("notificações SINAN")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "victim", "organization"], name="sinan_one_per_victim_service"
            )
        ]
        indexes = [models.Index(fields=["organization", "sent_at"], name="sinan_service_sent")]

    def __str__(self):
        return self.number or f"notificação {self.pk}"
