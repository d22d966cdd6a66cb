"""Linked cases and households (issue 13): imported by workflow.models, so Django sees them as
the app's models."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from serdh.core.access import RestrictedManager
from serdh.core.fields import EncryptedTextField

from .choices import Kinship, LinkKind

USER = settings.AUTH_USER_MODEL


class CaseLink(models.Model):
    """Two cases that belong together (same household, siblings, same author, the same fact
    reported twice), with why. Stored once, ``case_a`` the older; shown on both cases only to
    those who may see both (workflow.policies)."""

    case_a = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    case_b = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("vínculo"), max_length=12, choices=LinkKind)
    reason = EncryptedTextField(_("por quê"), blank=True)
    organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    removed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("vínculo entre casos")
        verbose_name_plural = _("vínculos entre casos")
        constraints = [
            models.CheckConstraint(condition=Q(case_a__lt=models.F("case_b")), name="link_ordered"),
            models.UniqueConstraint(
                fields=["case_a", "case_b", "kind"],
                condition=Q(removed_at__isnull=True),
                name="one_active_link_per_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["case_a", "removed_at"], name="link_a"),
            models.Index(fields=["case_b", "removed_at"], name="link_b"),
        ]

    def __str__(self):
        return f"{self.case_a_id} ↔ {self.case_b_id}: {self.kind}"


class Household(models.Model):
    """A family followed together by one service (the SUAS family record): a reference person
    and members, each a person of the registry. Its cases are those in which a member takes
    part; each reader sees only the ones they may see."""

    organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="+"
    )
    reference_person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("pessoa de referência"),
    )
    note = EncryptedTextField(_("observações sobre a família"), blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    objects = RestrictedManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("família")
        verbose_name_plural = _("famílias")

    def __str__(self):
        return str(_("Família nº %(pk)s") % {"pk": self.pk})


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    kinship = models.CharField(_("parentesco"), max_length=16, choices=Kinship)
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("membro da família")
        verbose_name_plural = _("membros da família")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "person"],
                condition=Q(left_at__isnull=True),
                name="one_active_membership_per_person",
            )
        ]
        indexes = [models.Index(fields=["person", "left_at"], name="household_person")]

    def __str__(self):
        return f"{self.household_id}: {self.person_id}"
