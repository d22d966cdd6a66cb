"""Facts for monitoring: one narrow row per violation, per referral and per case, kept in the
same transaction as the case changes (monitoring.facts) and rebuildable from the cases.

They hold codes and numbers, never names or narrative. ``person_id`` is a pseudonymous key
(recurrence needs to know that two cases concern the same victim). Nothing here is read by a
page directly: indicators aggregate it and disclosure control guards what leaves.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from serdh.core.access import RestrictedManager


class AgeBand(models.IntegerChoices):
    UNKNOWN = 0, _("idade não informada")
    CHILD = 1, _("criança (0–11)")
    ADOLESCENT = 2, _("adolescente (12–17)")
    YOUTH = 3, _("jovem (18–29)")
    ADULT = 4, _("adulto(a) (30–59)")
    ELDER = 5, _("pessoa idosa (60+)")


class ViolationFact(models.Model):
    violation_id = models.BigIntegerField(unique=True)
    case_id = models.BigIntegerField(db_index=True)
    person_id = models.BigIntegerField(null=True)
    state_code = models.PositiveSmallIntegerField()  # IBGE state code
    municipality_id = models.IntegerField()  # IBGE municipality code
    organization_id = models.BigIntegerField()  # registering service
    occurred_month = models.DateField(null=True)  # first day of the month
    reported_month = models.DateField(null=True)
    registered_month = models.DateField()
    type_id = models.IntegerField()
    subtype_id = models.IntegerField(null=True)
    group_id = models.IntegerField(null=True)  # vulnerable group
    relationship_id = models.IntegerField(null=True)
    place_id = models.IntegerField(null=True)
    channel_id = models.IntegerField(null=True)
    victim_sex = models.CharField(max_length=1, blank=True)
    victim_age_band = models.PositiveSmallIntegerField(choices=AgeBand, default=AgeBand.UNKNOWN)
    victim_race_id = models.IntegerField(null=True)
    victim_gender_id = models.IntegerField(null=True)
    victim_disability = models.BooleanField(null=True)
    author_sex = models.CharField(max_length=1, blank=True)
    case_status = models.CharField(max_length=12)
    # disclosure.record_key("violation", violation_id): the cell-key method's record key
    record_key = models.IntegerField(db_default=0)

    objects = RestrictedManager()

    class Meta:
        indexes = [
            models.Index(fields=["registered_month", "municipality_id"], name="vfact_month_mun"),
            models.Index(fields=["municipality_id", "registered_month"], name="vfact_mun_month"),
        ]

    def __str__(self):
        return f"violação {self.violation_id}"


class ReferralFact(models.Model):
    referral_id = models.BigIntegerField(unique=True)
    case_id = models.BigIntegerField(db_index=True)
    state_code = models.PositiveSmallIntegerField()
    municipality_id = models.IntegerField()  # of the case
    from_organization_id = models.BigIntegerField()
    to_organization_id = models.BigIntegerField(db_index=True)
    to_municipality_id = models.IntegerField()
    urgency = models.CharField(max_length=10)
    status = models.CharField(max_length=12)
    sent_at = models.DateTimeField()
    sent_month = models.DateField()
    due_date = models.DateField()
    received_at = models.DateTimeField(null=True)
    answered_at = models.DateTimeField(null=True)
    accepted = models.BooleanField(default=False)
    finished_at = models.DateTimeField(null=True)
    hours_to_receive = models.FloatField(null=True)
    hours_to_answer = models.FloatField(null=True)
    answered_late = models.BooleanField(null=True)  # None while unanswered
    record_key = models.IntegerField(db_default=0)  # disclosure.record_key("referral", pk)
    to_kind = models.CharField(max_length=20, db_default="")  # the receiving service's kind
    refusal_id = models.IntegerField(null=True)  # coded reason of a decline (Term)
    cancellation_id = models.IntegerField(null=True)  # coded reason of a cancellation (Term)

    objects = RestrictedManager()

    class Meta:
        indexes = [
            models.Index(fields=["sent_month", "municipality_id"], name="rfact_month_mun"),
        ]

    def __str__(self):
        return f"encaminhamento {self.referral_id}"


class CaseFact(models.Model):
    case_id = models.BigIntegerField(unique=True)
    state_code = models.PositiveSmallIntegerField()
    municipality_id = models.IntegerField()
    organization_id = models.BigIntegerField()
    registered_at = models.DateTimeField()
    registered_month = models.DateField()
    status = models.CharField(max_length=12)
    closed_at = models.DateTimeField(null=True)
    days_to_close = models.FloatField(null=True)
    first_follow_up_on = models.DateField(null=True)
    follow_up_within_30 = models.BooleanField(default=False)
    victim_person_ids = models.JSONField(default=list)
    violations = models.PositiveSmallIntegerField(default=0)
    record_key = models.IntegerField(db_default=0)  # disclosure.record_key("case", case_id)

    objects = RestrictedManager()

    class Meta:
        indexes = [
            models.Index(fields=["registered_month", "municipality_id"], name="cfact_month_mun"),
        ]

    def __str__(self):
        return f"caso {self.case_id}"


class Population(models.Model):
    """Resident population of a municipality in a year: the denominator of rates. Loaded from
    a CSV by ``serdh monitoring population`` (docs/operations.md gives the format)."""

    municipality = models.ForeignKey(
        "network.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    population = models.PositiveIntegerField()
    source = models.CharField(max_length=200, blank=True)

    objects = RestrictedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="unique_population_year")
        ]

    def __str__(self):
        return f"{self.municipality_id} {self.year}: {self.population}"


class ViolationCount(models.Model):
    """Violations per month, territory, registering service and one breakdown value: the
    analytics table the dashboards read (DHIS2's approach), a few thousand rows where the
    facts have a million. Kept in step with the facts in the same transaction
    (monitoring.rollups) and rebuilt with them."""

    dimension = models.CharField(max_length=12)  # total, type, group, sex, age_band, race
    month = models.DateField()
    state_code = models.PositiveSmallIntegerField()
    municipality_id = models.IntegerField()
    organization_id = models.BigIntegerField()
    value = models.CharField(max_length=24, blank=True)  # "" = not informed (or total)
    count = models.IntegerField(default=0)
    key_sum = models.BigIntegerField(db_default=0)  # sum of the record keys (disclosure)

    objects = RestrictedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "dimension",
                    "month",
                    "state_code",
                    "municipality_id",
                    "organization_id",
                    "value",
                ],
                name="unique_violation_count",
            )
        ]
        indexes = [
            models.Index(fields=["dimension", "state_code", "month"], name="vcount_dim_month"),
            models.Index(fields=["dimension", "municipality_id", "month"], name="vcount_dim_mun"),
        ]

    def __str__(self):
        return f"{self.dimension}={self.value} {self.month}: {self.count}"


class BulletinStatus(models.TextChoices):
    QUEUED = "queued", _("Na fila")
    RUNNING = "running", _("Em produção")
    DONE = "done", _("Pronto")
    FAILED = "failed", _("Falhou")


class Bulletin(models.Model):
    """A monthly bulletin (PDF) for the state or one municipality, produced by the worker.
    Its figures pass disclosure control, so the file is kept in clear under MEDIA_ROOT."""

    state_code = models.PositiveSmallIntegerField()
    municipality_id = models.IntegerField(null=True, blank=True)
    month = models.DateField(_("mês"))
    status = models.CharField(max_length=10, choices=BulletinStatus, default=BulletinStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    step = models.CharField(max_length=120, blank=True)
    error = models.CharField(max_length=300, blank=True)
    file_name = models.CharField(max_length=120, blank=True)
    requested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"boletim {self.month:%Y-%m} {self.municipality_id or self.state_code}"


class Disque100Complaint(models.Model):
    """A complaint Disque 100 received (the ministry's open data, loaded by imports): counted
    beside the cases SIMA registered, never a case. One row per complaint (its protocol's hash
    in the open data) with how many violations it names; the month is its registration at
    Disque 100."""

    complaint = models.CharField(max_length=80, unique=True)
    state_code = models.PositiveSmallIntegerField()
    municipality_id = models.IntegerField()
    registered_month = models.DateField()
    group = models.CharField(max_length=120, blank=True)  # grupo vulnerável, as published
    violations = models.PositiveIntegerField(default=0)
    batch_id = models.BigIntegerField(null=True)  # the import that brought it

    objects = RestrictedManager()

    class Meta:
        indexes = [
            models.Index(
                fields=["state_code", "registered_month", "municipality_id"],
                name="disque100_territory_month",
            )
        ]

    def __str__(self):
        return self.complaint


class Release(models.Model):
    """A frozen publication of the open data (monitoring.releases): the protected tables of
    the closed months, as published, never recomputed. A later correction is a new release
    with a note; every release stays downloadable."""

    number = models.PositiveIntegerField(unique=True)
    published_at = models.DateTimeField()
    closed_through = models.DateField()  # last month covered (day 1)
    note = models.TextField(blank=True)
    tables = models.JSONField(default=dict)  # slug -> {"header": [...], "rows": [[...], ...]}
    published_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedManager()

    class Meta:
        ordering = ["-number"]

    def __str__(self):
        return f"versão {self.number} ({self.closed_through:%Y-%m})"


class SavedTable(models.Model):
    """A table-builder question saved by a manager (monitoring.builder), private or shared
    with the managers of the same territory: the state's managers, or one municipality's."""

    name = models.CharField(_("nome"), max_length=120)
    spec = models.JSONField()  # builder.Spec.to_dict()
    owner = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    state_code = models.CharField(max_length=2)  # the owner's state (UF)
    municipality_id = models.IntegerField(null=True, blank=True)  # a municipal manager's
    shared = models.BooleanField(_("compartilhada"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class MapMesh(models.Model):
    """The state's municipal boundaries as loaded for the maps (monitoring.boundaries): public
    geography, one per state."""

    state_code = models.PositiveSmallIntegerField(unique=True)  # IBGE state code
    width = models.PositiveIntegerField()
    height = models.FloatField()
    source = models.CharField(max_length=200, blank=True)
    loaded_at = models.DateTimeField()

    objects = RestrictedManager()

    def __str__(self):
        return f"malha {self.state_code}"


class MapShape(models.Model):
    """One municipality's simplified, projected outline: an SVG path in its mesh's units."""

    mesh = models.ForeignKey(MapMesh, on_delete=models.CASCADE, related_name="shapes")
    municipality_id = models.IntegerField()  # IBGE code
    path = models.TextField()
    cx = models.FloatField()
    cy = models.FloatField()

    objects = RestrictedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mesh", "municipality_id"], name="unique_map_shape")
        ]

    def __str__(self):
        return str(self.municipality_id)
