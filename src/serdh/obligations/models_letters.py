"""Official letters (ofícios) a service sends to bodies outside SER-DH about a case (issue 14,
"Protective measures and official letters"): numbered per organization and year without
gaps, printed from a template, with the date the answer is due and the answer recorded.

There are no drafts: a letter gets its number when it is issued (obligations.letters.issue),
in the issuing transaction, so a number is never skipped; a cancelled letter keeps its number
with the reason."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from serdh.core.access import RestrictedManager
from serdh.core.fields import EncryptedTextField

USER = settings.AUTH_USER_MODEL


class LetterStatus(models.TextChoices):
    ISSUED = "issued", _("Aguardando resposta")
    ANSWERED = "answered", _("Respondido")
    CANCELLED = "cancelled", _("Cancelado")


class LetterChannel(models.TextChoices):
    EMAIL = "email", _("E-mail institucional")
    BY_HAND = "by_hand", _("Entregue em mãos (protocolo)")
    POST = "post", _("Correios (com aviso de recebimento)")
    SYSTEM = "system", _("Sistema do órgão (PJe, SEI…)")
    OTHER = "other", _("Outro meio")


class LetterCounter(models.Model):
    """The last letter number handed out per organization and year (locked while numbering,
    like cases.models.ProtocolCounter)."""

    organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="unique_letter_year")
        ]

    def __str__(self):
        return f"{self.organization_id}-{self.year}: {self.last}"


class Letter(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="letters")
    organization = models.ForeignKey(
        "network.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("serviço emissor"),
    )
    year = models.PositiveSmallIntegerField(_("ano"))
    number = models.PositiveIntegerField(_("número"))
    issued_at = models.DateTimeField(_("emitido em"))
    template = models.CharField(_("modelo"), max_length=40, blank=True)
    addressee = models.CharField(_("destinatário (órgão)"), max_length=200)
    addressee_address = models.CharField(_("endereço do destinatário"), max_length=250, blank=True)
    subject = models.CharField(_("assunto"), max_length=200)
    # The text may name the child, the family or the author: encrypted, shown with the case
    # in full only.
    body = EncryptedTextField(_("texto"))
    sent_on = models.DateField(_("enviado em"))
    channel = models.CharField(_("meio de envio"), max_length=10, choices=LetterChannel)
    answer_due = models.DateField(_("prazo da resposta"))
    status = models.CharField(
        _("situação"), max_length=10, choices=LetterStatus, default=LetterStatus.ISSUED
    )
    # Who signs, as printed on the letter when it was issued (a later change of name or
    # role does not rewrite a sent letter).
    signer_name = models.CharField(_("assinado por"), max_length=200)
    signer_role = models.CharField(_("cargo ou função"), max_length=120)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    answered_on = models.DateField(_("respondido em"), null=True, blank=True)
    answer_note = EncryptedTextField(_("resumo da resposta"), blank=True)
    answer_attachment = models.ForeignKey(
        "cases.Attachment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("arquivo da resposta"),
    )
    answered_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_reason = EncryptedTextField(_("motivo do cancelamento"), blank=True)
    # The task made when the answer became overdue (obligations.letters.overdue_answers):
    # one per letter, never two.
    overdue_task = models.ForeignKey(
        "workflow.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RestrictedManager()

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("ofício")
        verbose_name_plural = _("ofícios")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "number"], name="letter_unique_number"
            )
        ]
        indexes = [
            models.Index(fields=["organization", "status", "answer_due"], name="letter_service"),
            models.Index(fields=["status", "answer_due"], name="letter_due"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """'Ofício nº 012/2026 — CT Passos': the acronym with the municipality (acronyms
        name a kind of service, 'CT', 'CREAS'), else the organization's name."""
        return _("Ofício nº %(n)s/%(y)s — %(o)s") % {
            "n": f"{self.number:03d}",
            "y": self.year,
            "o": self.issuer_short_name,
        }

    @property
    def issuer_short_name(self):
        org = self.organization
        if not org.acronym:
            return org.name
        municipality = org.municipality.name if org.municipality_id else ""
        if municipality and municipality not in org.acronym:
            return f"{org.acronym} {municipality}"
        return org.acronym

    @property
    def short_label(self):
        return f"{self.number:03d}/{self.year}"
