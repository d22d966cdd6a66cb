"""Possible duplicates (issue 15): two cases that may be the same fact reported by two services.
Imported by workflow.models, so Django sees it as the app's model."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from serdh.core.access import RestrictedManager

USER = settings.AUTH_USER_MODEL


class DuplicateStatus(models.TextChoices):
    PENDING = "pending", _("Aguardando os serviços")
    CONFIRMED = "confirmed", _("O mesmo fato: casos ligados")
    REJECTED = "rejected", _("Fatos diferentes")


class DuplicateProposal(models.Model):
    """Cases ``case_a`` (the older) and ``case_b`` share a victim (the same person of the
    registry), a kind of violation and a date within ``workflow.duplicates.WINDOW_DAYS``. Each
    registering service answers on its own case; both saying "the same" link the cases
    (``CaseLink`` of kind duplicate), either saying "different" closes it. It holds ids and
    answers only: the reason is the rule, not the cases' content."""

    case_a = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    case_b = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    days_apart = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=DuplicateStatus, default=DuplicateStatus.PENDING
    )
    a_same = models.BooleanField(null=True)
    a_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    a_at = models.DateTimeField(null=True, blank=True)
    b_same = models.BooleanField(null=True)
    b_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    b_at = models.DateTimeField(null=True, blank=True)
    link = models.ForeignKey(
        "workflow.CaseLink", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()

    objects = RestrictedManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("possível registro em duplicidade")
        verbose_name_plural = _("possíveis registros em duplicidade")
        constraints = [
            models.CheckConstraint(
                condition=Q(case_a__lt=models.F("case_b")), name="duplicate_ordered"
            ),
            models.UniqueConstraint(fields=["case_a", "case_b"], name="one_proposal_per_pair"),
        ]
        indexes = [
            models.Index(fields=["case_b", "status"], name="duplicate_b"),
        ]

    def __str__(self):
        return f"{self.case_a_id} ≟ {self.case_b_id}: {self.status}"

    def side(self, case):
        """ "a" or "b": which of the two ``case`` is."""
        return "a" if case.pk == self.case_a_id else "b"

    def answered(self, case):
        return getattr(self, f"{self.side(case)}_same") is not None

    def other_answered(self, case):
        return getattr(self, f"{'b' if self.side(case) == 'a' else 'a'}_same") is not None
