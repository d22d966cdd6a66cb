"""An uploaded file and what became of it: ``ImportBatch`` (its progress, counts and the
choice of the person who imported it), ``ImportProblem`` (the row-by-row report: row, column,
value, problem) and ``ImportedRecord`` (each record of an outside system that became a case:
the same record never becomes two cases, and a resumed import knows where it was)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serdh.core.access import RestrictedManager
from serdh.core.fields import EncryptedTextField

from .choices import Kind, Mode, Status

USER = settings.AUTH_USER_MODEL


class ImportBatch(models.Model):
    kind = models.CharField(_("tipo"), max_length=12, choices=Kind)
    organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("arquivo"), max_length=200)
    stored_name = models.CharField(max_length=80)
    sha256 = models.CharField(max_length=64)
    file_format = models.CharField(_("formato"), max_length=8, blank=True)
    encoding = models.CharField(_("codificação"), max_length=20, blank=True)
    status = models.CharField(_("situação"), max_length=12, choices=Status, default=Status.QUEUED)
    mode = models.CharField(_("o que importar"), max_length=5, choices=Mode, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    problem_rows = models.PositiveIntegerField(default=0)
    # Rows done by the import: every row before ``next_row`` is imported, skipped (already
    # imported, by this or an earlier file) or left out (a problem). Saved with each chunk.
    next_row = models.PositiveIntegerField(default=0)
    created_rows = models.PositiveIntegerField(default=0)
    existing_rows = models.PositiveIntegerField(default=0)
    skipped_rows = models.PositiveIntegerField(default=0)  # not about the territory
    progress = models.PositiveSmallIntegerField(default=0)  # percent of the current step
    error = models.CharField(max_length=400, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    touched_at = models.DateTimeField(default=timezone.now)  # each step and chunk: alive
    validated_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lote de importação")
        verbose_name_plural = _("lotes de importação")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class ImportProblem(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="problems")
    row = models.PositiveIntegerField(_("linha"))  # as a spreadsheet shows it (header = 1)
    column = models.CharField(_("coluna"), max_length=40, blank=True)
    value = EncryptedTextField(_("valor"), blank=True)  # may be a name: encrypted
    problem = models.CharField(_("problema"), max_length=300)

    class Meta:
        ordering = ["row", "pk"]
        indexes = [models.Index(fields=["batch", "row"], name="import_problem_row")]

    def __str__(self):
        return f"{self.row} {self.column}"


class ImportedRecord(models.Model):
    """One record of an outside system (a SINAN notification) and the case it became."""

    source = models.CharField(max_length=12, choices=Kind)
    external_id = models.CharField(max_length=80)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="records")
    row = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="one_case_per_record")
        ]
        indexes = [models.Index(fields=["case"], name="imported_case")]

    def __str__(self):
        return f"{self.source}:{self.external_id}"
