"""Duplicate persons: a proposed pair waits for a person's review (``MatchCandidate``), and an
accepted pair becomes a merge that keeps its history and can be undone (``PersonMerge``).
The services are in people.merge; who sees them is in people.policies."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from serdh.core.access import RestrictedManager
from serdh.core.fields import EncryptedTextField
from serdh.core.models import TimeStampedModel

from .choices import OPEN_STATUSES, CandidateStatus, Origin

USER = settings.AUTH_USER_MODEL


class MatchCandidate(TimeStampedModel):
    """Two persons the matcher (or a worker at intake) thinks may be one. ``person_a`` is the
    older record (lower id). ``levels`` are the matcher's comparison levels, field by field
    (people.matching.compare.LEVELS), kept as training data with the reviewer's decision."""

    person_a = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("pessoa A")
    )
    person_b = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("pessoa B")
    )
    probability = models.FloatField(_("probabilidade de ser a mesma pessoa"))
    levels = models.JSONField(_("níveis de comparação"), default=list, blank=True)
    origin = models.CharField(_("origem"), max_length=16, choices=Origin)
    proposed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_by_organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Whose managers review it: the municipality of the case that proposed it, or of residence.
    municipality = models.ForeignKey(
        "network.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("município"),
    )
    status = models.CharField(
        _("situação"), max_length=10, choices=CandidateStatus, default=CandidateStatus.PENDING
    )
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decidido em"), null=True, blank=True)
    note = EncryptedTextField(_("observação da revisão"), blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-probability", "pk"]
        verbose_name = _("possível duplicidade")
        verbose_name_plural = _("possíveis duplicidades")
        constraints = [
            models.CheckConstraint(
                condition=Q(person_a__lt=F("person_b")), name="match_candidate_ordered"
            ),
            models.UniqueConstraint(
                fields=["person_a", "person_b"],
                condition=Q(status__in=OPEN_STATUSES),
                name="one_open_candidate_per_pair",
            ),
        ]
        indexes = [models.Index(fields=["status", "municipality"], name="candidate_queue")]

    def __str__(self):
        return f"{self.person_a_id} ~ {self.person_b_id}"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES


class PersonMerge(models.Model):
    """One merge: ``absorbed`` became part of ``survivor``. Exactly what it changed is kept so
    that ``people.merge.unmerge`` restores the previous persons:

    - ``moved``: {"app_label.Model.field": [pks]} of every row whose foreign key pointed to the
      absorbed person and was pointed to the survivor (the field named, as a model may have two
      foreign keys to persons);
    - ``filled_fields``: {field: {"digest": keyed digest of the value the merge put there}} for
      the survivor's fields that were empty and took the absorbed person's value (the digest
      tells an unmerge whether the value is still the one the merge put there, without keeping
      a copy of it; "before" keeps the previous value of a non-identifying field, the birth
      date's precision).
    """

    survivor = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("mantida")
    )
    absorbed = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("absorvida")
    )
    candidate = models.ForeignKey(
        MatchCandidate, on_delete=models.PROTECT, null=True, blank=True, related_name="merges"
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("município"),
    )
    reason = EncryptedTextField(_("motivo"))
    merged_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("unificadas em"), auto_now_add=True)
    filled_fields = models.JSONField(_("campos preenchidos"), default=dict, blank=True)
    moved = models.JSONField(_("registros transferidos"), default=dict, blank=True)
    undone_at = models.DateTimeField(_("desfeita em"), null=True, blank=True)
    undone_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undo_reason = EncryptedTextField(_("motivo para desfazer"), blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("unificação de pessoas")
        verbose_name_plural = _("unificações de pessoas")

    def __str__(self):
        return f"{self.absorbed_id} → {self.survivor_id}"

    @property
    def moved_count(self):
        return sum(len(pks) for pks in self.moved.values())
