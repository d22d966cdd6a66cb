"""One unit's RMA for one month (``MonthlyReport``), its figures (``Figure``: what SIMA counted,
the cases behind it, what the unit will send) and every change made to a figure, with its
reason (``FigureChange``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from serdh.core.access import RestrictedManager

from .choices import ReportStatus, RmaForm

USER = settings.AUTH_USER_MODEL


class MonthlyReport(models.Model):
    organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("mês de referência"))  # the first day of the month
    form = models.CharField(_("formulário"), max_length=5, choices=RmaForm)
    status = models.CharField(
        _("situação"), max_length=10, choices=ReportStatus, default=ReportStatus.OPEN
    )
    computed_at = models.DateTimeField(_("calculado em"))
    submitted_at = models.DateTimeField(_("enviado em"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Punctuality is judged on the first submission: reopening to correct does not make a
    # report sent on time late, nor a late one on time.
    first_submitted_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-month", "organization__name"]
        verbose_name = _("RMA mensal")
        verbose_name_plural = _("RMAs mensais")
        constraints = [
            models.UniqueConstraint(fields=["organization", "month"], name="one_rma_per_month")
        ]
        indexes = [models.Index(fields=["month", "organization"])]

    def __str__(self):
        return f"{self.get_form_display()} {self.organization} {self.month:%m/%Y}"

    @property
    def is_open(self):
        return self.status == ReportStatus.OPEN


class Figure(models.Model):
    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="figures")
    code = models.CharField(_("campo"), max_length=8)
    # What SIMA's records give (None: the item is not in SIMA, the unit types it).
    computed = models.PositiveIntegerField(null=True, blank=True)
    # What the unit sends: SIMA's figure unless someone corrected it.
    value = models.PositiveIntegerField(_("valor"), null=True, blank=True)
    corrected = models.BooleanField(default=False)
    reason = models.CharField(_("motivo da correção"), max_length=300, blank=True)
    # The cases behind SIMA's figure (ids only; opened through each reader's own access).
    case_ids = models.JSONField(default=list, blank=True)
    # Victims that meet the item but whose sex or age is missing: no cell can hold them.
    unplaced_case_ids = models.JSONField(default=list, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["report", "code"], name="one_figure")]

    def __str__(self):
        return f"{self.code}={self.value}"


class FigureChange(models.Model):
    figure = models.ForeignKey(Figure, on_delete=models.CASCADE, related_name="changes")
    previous = models.PositiveIntegerField(null=True, blank=True)
    value = models.PositiveIntegerField(null=True, blank=True)
    reason = models.CharField(_("motivo"), max_length=300, blank=True)
    changed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    objects = RestrictedManager()

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.previous} -> {self.value}"
