"""The SINAN notification from the case: the ficha de notificação individual de violência
interpessoal/autoprovocada filled from what SIMA holds plus what only the ficha asks.

Field numbers and codes follow the ficha (v5) as listed in ../shared/reference/domain-facts.md;
column names are those of the DATASUS microdata (VIOLBRyy). What the case holds is read
(``case_values``); what it does not is asked on the SINAN page and kept in
``SinanNotification.answers`` (``EXTRA``). ``ficha(notification)`` gives every field with its
number for the PDF (obligations.sinan_pdf) and its column for the DBF export
(obligations.sinan_dbf). Recording the notification as sent, with SINAN's number, fulfils the
compulsory notification (rule ``pc4.anexo5``: obligations.rules).
"""

import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.cases.acting import acting_organization, lock_case, log
from serdh.cases.choices import PartyRole
from serdh.cases.models import Party, Referral, Violation
from serdh.core import audit
from serdh.core.errors import ServiceError

from . import rules, services
from .models_sinan import SinanNotification
from .sinan_codes import (  # noqa: F401 (re-exported: sinan.EXTRA, sinan.epi_week...)
    DISABILITY_COLUMNS,
    EXTRA,
    EXTRA_COLUMNS,
    GROUP_TITLES,
    IGN,
    INVOLVED,
    LIFE_CYCLE,
    MEANS_COLUMNS,
    NO,
    NSA,
    PREGNANCY,
    PROCEDURES,
    REFERRAL_KIND,
    REFERRAL_SECTOR,
    REFERRALS,
    RELATIONSHIP_COLUMNS,
    SCHOOLING,
    SEXUAL_COLUMNS,
    TYPE_COLUMNS,
    UNIT_KIND,
    YES,
    YES_NO_IGN,
    YES_NO_NSA_IGN,
    age_code,
    epi_week,
    life_cycle,
)
from .sinan_ficha import Field, columns, ficha  # noqa: F401 (re-exported)


def defaults(case, victim, organization):
    """What SIMA can already say for the ficha's questions it does not hold as such."""
    violations = list(
        Violation.objects.filter(case=case, victim=victim).select_related("relationship", "type")
    )
    authors = list(Party.objects.filter(case=case, role=PartyRole.AUTHOR))
    self_inflicted = any(v.relationship and v.relationship.code == "self" for v in violations)
    found = {
        "CS_GESTANT": "6" if victim.sex != "F" or (victim.age_years or 0) < 10 else "",
        "CS_ESCOL_N": "10" if victim.age_years is not None and victim.age_years < 6 else "",
        "LES_AUTOP": YES if self_inflicted else NO,
        "NUM_ENVOLV": "2" if len(authors) > 1 else ("1" if authors else IGN),
        "AUTOR_ALCO": IGN,
        "CICL_VID": life_cycle(authors[0].age_years) if len(authors) == 1 else IGN,
        "REL_TRAB": IGN,
        "REL_CAT": NSA,
    }
    sexual = any(v.type.code == "sexual" for v in violations)
    for column, _label in PROCEDURES:
        found[column] = "" if sexual else NSA
    sent_to = set()
    for referral in (
        Referral.objects.filter(case=case, from_organization=organization)
        .exclude(status="cancelled")
        .select_related("to_organization")
    ):
        org = referral.to_organization
        column = REFERRAL_KIND.get(org.kind) or REFERRAL_SECTOR.get(org.sector)
        if column:
            sent_to.add(column)
    for column, _label in REFERRALS:
        found[column] = YES if column in sent_to else NO
    return found


def save(user, case, *, victim_id, answers, occupation="", number="", notified_on=None, send=False):
    """Keep the ficha's answers; with ``send``, record that it went to SINAN with its number,
    which fulfils the compulsory notification."""
    for column, value in answers.items():
        allowed = {code for code, _label in EXTRA_COLUMNS.get(column, ())}
        if column not in EXTRA_COLUMNS or value not in allowed:
            raise ServiceError(_("Escolha uma resposta da lista."), field=column)
    number = (number or "").strip()
    if send:
        missing = [c for c in EXTRA_COLUMNS if not answers.get(c)]
        if missing:
            raise ServiceError(
                _("Para enviar a notificação, responda todos os campos da ficha."),
                field=missing[0],
            )
        if not (number.isdigit() and len(number) == 7):
            raise ServiceError(
                _("Informe o número da notificação no SINAN (7 dígitos)."), field="number"
            )
        if notified_on is None or notified_on > timezone.localdate():
            raise ServiceError(
                _("Informe a data da notificação (não pode estar no futuro)."),
                field="notified_on",
            )
    with transaction.atomic():
        organization = acting_organization(user)
        case = lock_case(user, case)
        victim = Party.objects.filter(case=case, pk=victim_id, role=PartyRole.VICTIM).first()
        if victim is None:
            raise ServiceError(_("Escolha a vítima da notificação."), field="victim")
        notification, _created = SinanNotification.objects.select_for_update().get_or_create(
            case=case,
            victim=victim,
            organization=organization,
            defaults={"updated_by": user, "updated_at": timezone.now()},
        )
        if notification.sent_at:
            raise ServiceError(_("Esta notificação já foi enviada ao SINAN."))
        notification.answers = json.dumps(answers, sort_keys=True)
        notification.occupation = (occupation or "").strip()[:200]
        notification.number = number
        notification.notified_on = notified_on
        notification.updated_by = user
        notification.updated_at = timezone.now()
        if send:
            notification.sent_at = timezone.now()
            notification.sent_by = user
        notification.save()
        if send:
            log(
                case,
                "sinan_sent",
                _("Notificação SINAN registrada (%(p)s)") % {"p": victim.pseudonym},
                user,
                organization,
            )
        audit.record(
            "obligation.sinan_recorded",
            case,
            data={"notification": notification.pk, "sent": bool(send)},
        )
    return notification


# The rule pc4.anexo5 is fulfilled by a notification recorded as sent (obligations.rules).
@services.register_loader
def load_facts(many):
    sent = {facts.case.pk: {} for facts in many}
    notifications = SinanNotification.objects.filter(
        case__in=list(sent), sent_at__isnull=False
    ).order_by("pk")
    for n in notifications.values_list(
        "case_id", "organization_id", "victim_id", "sent_at", "number"
    ):
        sent[n[0]].setdefault((n[1], n[2]), (n[3], n[4]))
    for facts in many:
        facts.extra["sinan_sent"] = sent[facts.case.pk]


def _sinan_done(facts, obligation):
    sent = facts.extra.get("sinan_sent", {}).get((obligation.organization_id, obligation.victim_id))
    if not sent:
        return None
    sent_at, number = sent
    recorded = {"channel": "system", "recipient": str(_("SINAN")), "protocol": number or ""}
    return sent_at, "sinan", None, recorded


rules.attach_fulfilment("pc4.anexo5", _sinan_done)
