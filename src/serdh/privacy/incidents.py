"""The incident register (LGPD art. 48; Regulamento de Comunicação de Incidente de Segurança,
Res. CD/ANPD 15/2024).

- An incident of *relevant risk* (art. 4: it may significantly affect the subjects' interests
  and rights **and** involves sensitive data, data of children, adolescents or older people,
  financial or authentication data, data under secrecy, or data at large scale) is
  communicated to the ANPD and to the subjects within **3 working days** of the controller
  knowing that personal data were affected (art. 6); late communications state why.
- The ANPD communication may be completed within 20 working days of it (art. 6, § 3).
- Every incident stays in the register, communicated or not, for at least five years (art. 10):
  nothing here deletes one.

SER-DH processes sensitive data and children's data throughout, so almost every incident with
its data meets a criterion.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.core import audit, workdays
from serdh.core.errors import ServiceError

from .models import Incident, IncidentCriterion

COMMUNICATION_DAYS = 3
COMPLEMENT_DAYS = 20
FIELDS = (
    "title",
    "description",
    "occurred_on",
    "known_on",
    "criteria",
    "significant_effect",
    "affected_count",
    "affected_children",
    "measures",
    "anpd_notified_on",
    "subjects_notified_on",
    "delay_reason",
    "closed_on",
)


def relevant_risk(incident):
    valid = {c.value for c in IncidentCriterion}
    return bool(incident.significant_effect and set(incident.criteria or []) & valid)


@dataclass
class Deadline:
    due: date | None  # None: no communication owed
    left: int | None  # working days left (negative: late)
    done: bool
    complement_due: date | None


def deadline(incident, today=None):
    today = today or timezone.localdate()
    if not relevant_risk(incident):
        return Deadline(None, None, False, None)
    due = workdays.add_working_days(incident.known_on, COMMUNICATION_DAYS)
    communicated = incident.anpd_notified_on and incident.subjects_notified_on
    reference = min(incident.anpd_notified_on or today, incident.subjects_notified_on or today)
    left = workdays.working_days_between(reference if communicated else today, due)
    complement = (
        workdays.add_working_days(incident.anpd_notified_on, COMPLEMENT_DAYS)
        if incident.anpd_notified_on
        else None
    )
    return Deadline(due, left, bool(communicated), complement)


def _validate(data):
    today = timezone.localdate()
    errors = {}
    if data.get("known_on") and data["known_on"] > today:
        errors["known_on"] = _("A data em que se soube não pode estar no futuro.")
    if data.get("occurred_on") and data.get("known_on") and data["occurred_on"] > data["known_on"]:
        errors["occurred_on"] = _("Não pode ter ocorrido depois de se saber.")
    for key in ("anpd_notified_on", "subjects_notified_on"):
        if data.get(key) and data.get("known_on") and data[key] < data["known_on"]:
            errors[key] = _("A comunicação não pode ser anterior à data em que se soube.")
    if data.get("affected_children", 0) > data.get("affected_count", 0):
        errors["affected_children"] = _("Não pode passar do total de titulares afetados.")
    if errors:
        field, message = next(iter(errors.items()))
        raise ServiceError(message, field=field)


def _late_without_reason(incident):
    info = deadline(incident)
    return info.done and info.left is not None and info.left < 0 and not incident.delay_reason


def register(user, data):
    _validate(data)
    with transaction.atomic():
        incident = Incident(registered_by=user, **{k: data[k] for k in FIELDS if k in data})
        if _late_without_reason(incident):
            raise ServiceError(
                _("A comunicação foi feita fora do prazo: diga o motivo da demora."),
                field="delay_reason",
            )
        incident.save()
        audit.record(
            "incident.registered",
            incident,
            flagged=True,
            data={"relevant_risk": relevant_risk(incident), "criteria": incident.criteria},
        )
    return incident


def update(user, incident, data):
    merged = {**{k: getattr(incident, k) for k in FIELDS}, **data}
    _validate(merged)
    with transaction.atomic():
        locked = Incident.objects.select_for_update().get(pk=incident.pk)
        changed = []
        for key in FIELDS:
            if key in data and getattr(locked, key) != data[key]:
                setattr(locked, key, data[key])
                changed.append(key)
        if _late_without_reason(locked):
            raise ServiceError(
                _("A comunicação foi feita fora do prazo: diga o motivo da demora."),
                field="delay_reason",
            )
        locked.save()
        audit.record("incident.updated", locked, flagged=True, data={"changed": changed})
    return locked
