"""The work around a case: who in each service is responsible for it (caseload), the review of
its closure, and what people are told (notifications)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from serdh.core.access import RestrictedManager
from serdh.core.fields import EncryptedTextField

from .choices import (
    ActionStatus,
    ClosureStatus,
    Delivery,
    EmailState,
    FlagKind,
    NotificationKind,
    PlanKind,
    PlanStatus,
    TaskKind,
    TaskStatus,
)

USER = settings.AUTH_USER_MODEL


class TeamSettings(models.Model):
    """How a service organizes its caseload. Without a row, the defaults apply: each worker
    sees in full the cases assigned to them and those nobody in the service is assigned to."""

    organization = models.OneToOneField(
        "network.Organization", on_delete=models.CASCADE, related_name="team_settings"
    )
    everyone_sees_all = models.BooleanField(
        _("toda a equipe vê todos os casos do serviço"),
        default=False,
        help_text=_(
            "Para equipes muito pequenas. Desmarcado, cada técnico(a) vê por inteiro os casos "
            "atribuídos a si e os ainda sem responsável; dos demais, só o resumo."
        ),
    )
    plan_review_days = models.PositiveSmallIntegerField(
        _("revisar os planos de acompanhamento a cada (dias)"),
        default=90,
        help_text=_("Depois da aprovação, a revisão do plano vira uma tarefa nesse prazo."),
    )
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    # Opening every case to the whole team is a new path to case content: it waits for a
    # second person (workflow.team) before ``everyone_sees_all`` turns on.
    open_requested_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    open_requested_at = models.DateTimeField(null=True, blank=True)
    open_approved_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("organização da equipe")

    def __str__(self):
        return f"{self.organization_id}: {self.everyone_sees_all}"


class Assignment(models.Model):
    """A professional of one service assigned to a case: the responsible one (técnico de
    referência, at most one per service at a time) or another member of the team. Ended
    assignments stay, so the timeline and the supervision page can tell who had the case."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assignments")
    organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="case_assignments")
    is_responsible = models.BooleanField(_("técnico(a) de referência"), default=False)
    assigned_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")

    objects = RestrictedManager()

    class Meta:
        ordering = ["-is_responsible", "assigned_at", "pk"]
        verbose_name = _("atribuição")
        verbose_name_plural = _("atribuições")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organization"],
                condition=Q(is_responsible=True, ended_at__isnull=True),
                name="one_responsible_per_service",
            ),
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=Q(ended_at__isnull=True),
                name="one_active_assignment_per_user",
            ),
        ]
        indexes = [
            models.Index(fields=["case", "organization", "ended_at"], name="assignment_case"),
            models.Index(fields=["user", "ended_at"], name="assignment_user"),
        ]

    def __str__(self):
        return f"{self.case_id} → {self.user_id}"


class ClosureRequest(models.Model):
    """A worker's closure of a case, waiting for the coordinator of the service."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="closure_requests"
    )
    organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    reason = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("motivo do encerramento"),
    )
    note = EncryptedTextField(_("observação do encerramento"), blank=True)
    status = models.CharField(
        max_length=10, choices=ClosureStatus, default=ClosureStatus.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = EncryptedTextField(_("motivo da decisão"), blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("pedido de encerramento")
        verbose_name_plural = _("pedidos de encerramento")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="pending"),
                name="one_pending_closure_per_case",
            )
        ]

    def __str__(self):
        return f"{self.case_id}: {self.status}"


class Notification(models.Model):
    """Something for one person to see in SIMA. ``message`` never holds names, narrative or
    case details (it may be e-mailed): only what kind of thing is waiting, and a link."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=24, choices=NotificationKind)
    message = models.CharField(max_length=200)
    link = models.CharField(max_length=200)  # a path inside SIMA; access is checked on arrival
    origin = models.CharField(max_length=200, blank=True)  # the site the e-mail links to
    created_at = models.DateTimeField(db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(
        max_length=8, choices=EmailState, default=EmailState.NONE, db_index=True
    )
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    # The Message-ID of its e-mail (RFC 5322 3.6.4): the same on a retry.
    message_id = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    # What the notification is about, to avoid telling the same thing twice.
    dedupe_key = models.CharField(max_length=80, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notificação")
        verbose_name_plural = _("notificações")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_once",
            )
        ]

    def __str__(self):
        return f"{self.user_id}: {self.kind}"


class NotificationPreference(models.Model):
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=NotificationKind)
    delivery = models.CharField(max_length=8, choices=Delivery, default=Delivery.SIMA)

    objects = RestrictedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.user_id}: {self.kind} {self.delivery}"


class DigestRun(models.Model):
    """The day a user's digest went out (one per user and day, whatever the worker does)."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_day")]

    def __str__(self):
        return f"{self.user_id} {self.day}"


class SafetyFlag(models.Model):
    """A safety warning on a case, shown on every page of the case and in the summary a
    receiving service sees before accepting (safety information, not identity). ``note`` (why)
    is read only by those who see the case in full."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="safety_flags")
    organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("alerta"), max_length=24, choices=FlagKind)
    note = EncryptedTextField(_("por quê"), blank=True)
    flagged_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    flagged_at = models.DateTimeField()
    removed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    removed_at = models.DateTimeField(null=True, blank=True)
    removal_reason = EncryptedTextField(_("motivo da retirada"), blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["flagged_at", "pk"]
        verbose_name = _("alerta de segurança")
        verbose_name_plural = _("alertas de segurança")
        indexes = [models.Index(fields=["case", "removed_at"], name="flag_case_active")]

    def __str__(self):
        return f"{self.case_id}: {self.kind}"


class Task(models.Model):
    """Something with a date that someone of a service must do on a case: a follow-up, a home
    visit, a hearing, a plan review, a requested report. (A referral to decide is a task of
    the receiving service too, read from the referral itself: workflow.tasks.)"""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="tasks")
    organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("tipo"), max_length=12, choices=TaskKind)
    due_date = models.DateField(_("para quando"))
    assigned_to = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("quem faz"),
    )
    note = EncryptedTextField(_("observação"), blank=True)
    status = models.CharField(max_length=10, choices=TaskStatus, default=TaskStatus.OPEN)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    done_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("tarefa")
        verbose_name_plural = _("tarefas")
        indexes = [
            models.Index(fields=["assigned_to", "status", "due_date"], name="task_mine"),
            models.Index(fields=["organization", "status", "due_date"], name="task_agenda"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.due_date}"


class CasePlan(models.Model):
    """The follow-up plan of one service for a case (PIA / PAF): goals and actions, approved by
    the coordinator, reviewed on the service's schedule (TeamSettings.plan_review_days)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="plans")
    organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("plano"), max_length=4, choices=PlanKind)
    status = models.CharField(max_length=10, choices=PlanStatus, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = EncryptedTextField(_("motivo da devolução"), blank=True)
    last_review_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True, db_index=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("plano de acompanhamento")
        verbose_name_plural = _("planos de acompanhamento")
        constraints = [
            models.UniqueConstraint(fields=["case", "organization"], name="one_plan_per_service")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.case_id}"


class PlanAction(models.Model):
    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="actions")
    goal = EncryptedTextField(_("objetivo"))
    action = EncryptedTextField(_("ação"))
    responsible_organization = models.ForeignKey(
        "network.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("serviço responsável"),
    )
    responsible_user = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("profissional responsável"),
    )
    due_date = models.DateField(_("prazo"))
    status = models.CharField(
        _("situação"), max_length=12, choices=ActionStatus, default=ActionStatus.PLANNED
    )
    task = models.OneToOneField(
        Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_action"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("ação do plano")
        verbose_name_plural = _("ações do plano")

    def __str__(self):
        return f"{self.plan_id}: {self.due_date}"


# Linked cases and households, and possible duplicates, live in their own modules.
from .models_duplicates import DuplicateProposal, DuplicateStatus  # noqa: E402,F401
from .models_households import CaseLink, Household, HouseholdMember  # noqa: E402,F401
