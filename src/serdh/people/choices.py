from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "F", _("Feminino")
    MALE = "M", _("Masculino")
    INTERSEX = "I", _("Intersexo / ignorado")


class Origin(models.TextChoices):
    """Where a proposed pair of persons came from (people.merge.propose)."""

    INTAKE = "intake", _("sugestão no cadastro")
    BATCH = "batch", _("deduplicação em lote")
    CASE_DUPLICATE = "case_duplicate", _("caso duplicado")


class CandidateStatus(models.TextChoices):
    PENDING = "pending", _("aguardando revisão")
    ACCEPTED = "accepted", _("mesma pessoa (unificadas)")
    REJECTED = "rejected", _("pessoas diferentes")
    UNSURE = "unsure", _("não sei")


# Candidates still in the review queue: one per pair at a time.
OPEN_STATUSES = (CandidateStatus.PENDING, CandidateStatus.UNSURE)
