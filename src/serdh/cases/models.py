"""SIMA: cases, who is involved, what was done to whom, referrals and what each service did."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from serdh.core.access import RestrictedManager
from serdh.core.dates import DatePrecision, format_partial
from serdh.core.fields import EncryptedTextField
from serdh.core.models import TimeStampedModel

from .choices import (
    AWAITING_DECISION,
    ENGAGED_OPEN,
    BreakGlassReason,
    CaseStatus,
    PartyRole,
    Recurrence,
    ReferralStatus,
    SharingBasis,
    Urgency,
    age_band,
    urgency_rank,
)

USER = settings.AUTH_USER_MODEL


class ProtocolCounter(models.Model):
    """The last protocol number handed out per state and year (locked while numbering)."""

    state_code = models.CharField(max_length=2)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["state_code", "year"], name="unique_protocol_year")
        ]

    def __str__(self):
        return f"{self.state_code}-{self.year}: {self.last}"


class Case(TimeStampedModel):
    protocol = models.CharField(_("protocolo"), max_length=20, unique=True, null=True, blank=True)
    status = models.CharField(
        _("situação"), max_length=12, choices=CaseStatus, default=CaseStatus.DRAFT, db_index=True
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("município da ocorrência"),
    )
    organization = models.ForeignKey(
        "network.Organization",
        on_delete=models.PROTECT,
        related_name="registered_cases",
        verbose_name=_("serviço que registrou"),
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    intake_channel = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("canal de entrada"),
    )
    reported_on = models.DateField(_("data da notificação"), null=True, blank=True)
    reported_precision = models.CharField(
        max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    occurred_on = models.DateField(_("data da ocorrência"), null=True, blank=True)
    occurred_precision = models.CharField(
        max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    place = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("local de ocorrência"),
    )
    urgency = models.CharField(
        _("urgência / risco"), max_length=10, choices=Urgency, default=Urgency.MEDIUM
    )
    narrative = EncryptedTextField(_("relato (sigiloso)"), blank=True)
    registered_at = models.DateTimeField(_("registrado em"), null=True, blank=True)
    closed_at = models.DateTimeField(_("encerrado em"), null=True, blank=True)
    closure_reason = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("motivo do encerramento"),
    )
    closure_note = EncryptedTextField(_("observação do encerramento"), blank=True)
    # Set by the retention job (privacy.retention, cases.anonymize): narratives and identities
    # removed, facts kept. An anonymized case cannot be reopened.
    anonymized_at = models.DateTimeField(_("anonimizado em"), null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-registered_at", "-pk"]
        verbose_name = _("caso")
        verbose_name_plural = _("casos")
        indexes = [
            models.Index(fields=["organization", "-registered_at"], name="case_org_recent"),
            models.Index(
                fields=["municipality", "status", "-registered_at"], name="case_mun_status_recent"
            ),
            models.Index(fields=["-registered_at", "-id"], name="case_recent"),
            # The service's open cases, read from the index alone (workflow's supervision).
            models.Index(fields=["organization", "status", "id"], name="case_org_status"),
        ]

    def __str__(self):
        return self.protocol or str(_("Rascunho nº %(pk)s") % {"pk": self.pk})

    @property
    def reported_display(self):
        return format_partial(self.reported_on, self.reported_precision)

    @property
    def occurred_display(self):
        return format_partial(self.occurred_on, self.occurred_precision)

    @property
    def is_open(self):
        return self.status in (CaseStatus.REGISTERED, CaseStatus.IN_FOLLOW_UP)


class Party(models.Model):
    """A person's role in one case, with what was true of them then (age at the occurrence)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="parties"
    )
    role = models.CharField(_("papel no caso"), max_length=10, choices=PartyRole)
    ordinal = models.PositiveSmallIntegerField(default=1)
    is_anonymous = models.BooleanField(_("quer ficar anônimo(a)"), default=False)
    age_years = models.PositiveSmallIntegerField(
        _("idade na ocorrência (anos)"), null=True, blank=True
    )
    sex = models.CharField(_("sexo"), max_length=1, blank=True)
    notes = EncryptedTextField(_("observações"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "ordinal"]
        verbose_name = _("envolvido(a)")
        verbose_name_plural = _("envolvidos(as)")
        indexes = [models.Index(fields=["person"])]

    def __str__(self):
        return self.pseudonym

    @property
    def pseudonym(self):
        """What a manager sees instead of a name: 'Vítima 1', 'Suposto(a) autor(a) 2'."""
        return f"{self.get_role_display()} {self.ordinal}"

    @property
    def age_band(self):
        return age_band(self.age_years)

    def sex_label(self):
        """The sex in words ("Feminino"), not its SINAN code."""
        from serdh.people.choices import Sex

        return Sex(self.sex).label if self.sex in Sex.values else ""

    def display_name(self):
        if self.is_anonymous:
            return str(_("Anônimo(a)"))
        if self.person_id:
            return self.person.display_name
        return self.pseudonym


class Violation(models.Model):
    """The countable act: one victim × one type × optionally one author."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="violations")
    victim = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="suffered")
    author = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="committed"
    )
    type = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tipo de violação"),
    )
    subtype = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subtipo"),
    )
    means = models.ManyToManyField(
        "vocabularies.Term", blank=True, related_name="+", verbose_name=_("meios de agressão")
    )
    motivation = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("motivação"),
    )
    relationship = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("relação do(a) autor(a) com a vítima"),
    )
    vulnerable_group = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("grupo vulnerável"),
    )
    recurrence = models.CharField(
        _("recorrência"), max_length=10, choices=Recurrence, default=Recurrence.UNKNOWN
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("violação")
        verbose_name_plural = _("violações")
        indexes = [models.Index(fields=["type", "case"])]

    def __str__(self):
        return str(self.subtype or self.type)


class ReferralDeadline(models.Model):
    """Days a service has to answer a referral, by urgency; configured by the state."""

    urgency = models.CharField(max_length=10, choices=Urgency, unique=True)
    days = models.PositiveSmallIntegerField(_("dias"))

    objects = RestrictedManager()

    def __str__(self):
        return f"{self.get_urgency_display()}: {self.days}"


class Referral(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    from_organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_organization = models.ForeignKey(
        "network.Organization",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("encaminhar para"),
    )
    service_requested = models.CharField(_("o que se pede"), max_length=300)
    urgency = models.CharField(_("urgência"), max_length=10, choices=Urgency)
    due_date = models.DateField(_("prazo para resposta"))
    status = models.CharField(
        _("situação"), max_length=12, choices=ReferralStatus, default=ReferralStatus.SENT
    )
    sent_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    received_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)  # accepted or declined
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)  # completed or cancelled
    decline_reason = models.TextField(_("motivo da recusa"), blank=True)
    cancel_reason = models.TextField(_("motivo do cancelamento"), blank=True)
    # Coded reasons (vocabularies referral_refusal and referral_cancellation): what the
    # managers' "where the network fails" counts; the text above says the rest.
    refusal = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("motivo da recusa (código)"),
    )
    cancellation = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("motivo do cancelamento (código)"),
    )
    counter_referral = EncryptedTextField(_("contrarreferência"), blank=True)
    # Consent or the legal basis for sharing the case (cases.choices.SharingBasis), recorded
    # before the referral leaves and shown to the receiving service. Empty on referrals sent
    # before it was asked (issue 13).
    sharing_basis = models.CharField(
        _("base para compartilhar o caso"), max_length=16, choices=SharingBasis, blank=True
    )
    sharing_note = EncryptedTextField(_("observação sobre o compartilhamento"), blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("encaminhamento")
        verbose_name_plural = _("encaminhamentos")
        indexes = [
            models.Index(fields=["to_organization", "status", "due_date"], name="referral_inbox"),
            models.Index(fields=["from_organization", "-sent_at"], name="referral_sent"),
            models.Index(fields=["case", "to_organization", "status"], name="referral_access"),
            # The inbox's rows, counts and order read from the index alone.
            models.Index(
                fields=[
                    *("to_organization", "status", "urgency", "due_date"),
                    *("id", "case", "from_organization"),
                ],
                name="referral_inbox_rows",
            ),
            # The inbox's two sections in their order (urgency, then deadline): an ordered
            # index scan that stops at the page, instead of sorting every open referral.
            models.Index(
                F("to_organization"),
                urgency_rank(),
                F("due_date"),
                F("id"),
                condition=Q(status__in=AWAITING_DECISION),
                name="referral_awaiting_order",
            ),
            models.Index(
                F("to_organization"),
                urgency_rank(),
                F("due_date"),
                F("id"),
                condition=Q(status__in=ENGAGED_OPEN),
                name="referral_engaged_order",
            ),
            # The service's unanswered referrals past their deadline (supervision).
            models.Index(
                fields=["from_organization", "status", "due_date", "case", "id"],
                name="referral_sent_due",
            ),
        ]

    def __str__(self):
        return f"{self.case} → {self.to_organization}"


class FollowUp(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="follow_ups")
    organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tipo de acompanhamento"),
    )
    happened_on = models.DateField(_("data"))
    description = EncryptedTextField(_("o que foi feito"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("acompanhamento")
        verbose_name_plural = _("acompanhamentos")

    def __str__(self):
        return f"{self.kind} {self.happened_on}"


class CaseEvent(models.Model):
    """One line of the case timeline, written by the service that changed the case.

    ``summary`` never holds names or the narrative: a manager may read the timeline.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40)
    at = models.DateTimeField()
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, null=True, related_name="+"
    )
    summary = models.CharField(max_length=300)
    # Free text that only those who see the whole case may read (reasons, notes).
    detail = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d} {self.kind}"


def attachment_name():
    return uuid.uuid4().hex


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    filename = EncryptedTextField(_("nome do arquivo"))
    description = EncryptedTextField(_("descrição"), blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=32, unique=True, default=attachment_name)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("anexo")
        verbose_name_plural = _("anexos")

    def __str__(self):
        return f"anexo {self.pk}"


class BreakGlass(models.Model):
    """A manager's exceptional, justified, time-limited full view of one case."""

    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="break_glass")
    reason_category = models.CharField(
        _("motivo"), max_length=12, choices=BreakGlassReason, default=BreakGlassReason.OTHER
    )
    justification = models.TextField(_("justificativa"))
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    reviewed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_outcome = models.CharField(max_length=12, blank=True)  # justified / unjustified
    review_note = models.TextField(blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("acesso excepcional")
        verbose_name_plural = _("acessos excepcionais")
        indexes = [models.Index(fields=["user", "case", "expires_at"])]

    def __str__(self):
        return f"{self.user_id} → {self.case_id}"


# Transfers of responsibility live in their own module (cases.models_transfers).
from .models_transfers import CaseCustody, CaseTransfer  # noqa: E402,F401
