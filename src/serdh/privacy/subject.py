"""The data subject's report (LGPD arts. 18 and 19) and rectification requests.

The auditor (encarregado) finds a person by CPF, CNS or NIS (blind indexes) and produces, with
a reason and the request's reference, a PDF of:

- what SER-DH holds about the person: their identification and the attributes in the
  registry (art. 18, I-II);
- which services hold it and why: each case the person appears in (protocol, role, the
  registering service and the services it was referred to, dates, status) and the legal basis
  from the record of processing (art. 18, VII; art. 19, II);
- who read it and when: the audit trail's reads and changes of those cases and of the person,
  by organization, date and channel.

Never in the report: narratives, notes, other parties, and the names of professionals (the
subject may be the alleged author; the people who protected the victim are not theirs to
know). Producing it is a flagged audit event with the reason. A rectification request is
recorded and routed to the registering service of each case (its coordinator decides).
"""

import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serdh.cases.models import Case, Party, Referral
from serdh.cases.policies import SUBJECT_REPORT
from serdh.core import access, audit, processing
from serdh.core.crypto import blind_index
from serdh.core.errors import ServiceError
from serdh.core.models import AuditEvent
from serdh.network.models import Organization
from serdh.people.models import Person

from .models import Rectification, RectificationStatus, SubjectRequest

KINDS = {"cpf": "cpf_index", "cns": "cns_index", "nis": "nis_index"}
READS = {
    "case.viewed": gettext_lazy("leitura do caso"),
    "case.viewed_pseudonymized": gettext_lazy("leitura pseudonimizada (gestão)"),
    "person.viewed": gettext_lazy("leitura do cadastro da pessoa"),
    "attachment.downloaded": gettext_lazy("download de anexo"),
    "risk_assessment.viewed": gettext_lazy("leitura da avaliação de risco"),
    "sinan.ficha_downloaded": gettext_lazy("download da ficha de notificação do SINAN"),
    "case.break_glass": gettext_lazy("acesso excepcional justificado"),
    "case.created": gettext_lazy("registro do caso"),
    "case.registered": gettext_lazy("registro do caso"),
    "case.updated": gettext_lazy("alteração do caso"),
    "case.party_added": gettext_lazy("inclusão de envolvido"),
    "case.closed": gettext_lazy("encerramento do caso"),
    "case.reopened": gettext_lazy("reabertura do caso"),
}
CHANNELS = {
    "web": gettext_lazy("web"),
    "api": gettext_lazy("API (sistema integrado)"),
    "cli": gettext_lazy("linha de comando"),
    "task": gettext_lazy("tarefa automática"),
    "system": gettext_lazy("sistema"),
}


def find(user, kind, number):
    """The person of the state with this identifier, or None (a miss tells nothing more)."""
    column = KINDS.get(kind)
    if column is None:
        raise ServiceError(_("Escolha CPF, CNS ou NIS."), field="kind")
    index = blind_index(number, kind)
    person = (
        Person.objects.restrict(user, SUBJECT_REPORT).filter(**{column: index}).first()
        if index
        else None
    )
    # Every look-up is a question about someone's data: audited, found or not.
    with transaction.atomic():
        audit.record(
            "privacy.subject_search",
            person,
            flagged=True,
            data={"kind": kind, "found": person is not None},
        )
    return person


@dataclass
class Report:
    id: str
    request: object
    person: Person
    generated_at: object
    generated_by: str
    reason: str
    reference: str
    cases: list = field(default_factory=list)
    accesses: list = field(default_factory=list)
    activities: list = field(default_factory=list)


def open_request(user, person, *, reason, reference):
    """Record the subject's request (the report is built from it, now and on download)."""
    reason, reference = (reason or "").strip(), (reference or "").strip()
    if len(reason.split()) < 4:
        raise ServiceError(
            _("Diga o motivo do relatório (ao menos 4 palavras), ex.: pedido do titular."),
            field="reason",
        )
    with transaction.atomic():
        request = SubjectRequest.objects.create(
            person=person, reason=reason[:300], reference=reference[:100], produced_by=user
        )
        audit.record(
            "privacy.subject_request",
            request,
            flagged=True,
            reason=request.reason,
            data={"person": person.pk, "reference": request.reference},
        )
    return request


def build(user, request):
    """The report of ``request``, read now; producing it is a flagged audit event."""
    person = request.person
    cases = list(
        Case.objects.restrict(user, SUBJECT_REPORT)
        .filter(parties__person=person)
        .select_related("organization", "municipality")
        .distinct()
        .order_by("registered_at", "pk")
    )
    roles = {}
    for party in access.restrict(Party.objects.all(), user, SUBJECT_REPORT).filter(person=person):
        roles.setdefault(party.case_id, set()).add(party.get_role_display())
    referred = {}
    for case_id, org in Referral.objects.filter(case__in=cases).values_list(
        "case_id", "to_organization__name"
    ):
        referred.setdefault(case_id, set()).add(org)
    case_rows = [
        {
            "protocol": c.protocol or _("(rascunho)"),
            "roles": ", ".join(sorted(roles.get(c.pk, []))),
            "registered_by": c.organization.name,
            "municipality": c.municipality.name,
            "referred_to": ", ".join(sorted(referred.get(c.pk, []))),
            "registered_at": c.registered_at,
            "status": c.get_status_display(),
            "anonymized": bool(c.anonymized_at),
        }
        for c in cases
    ]
    events = AuditEvent.objects.restrict(user).filter(
        object_type="cases.case", object_id__in=[str(c.pk) for c in cases]
    ) | AuditEvent.objects.restrict(user).filter(
        object_type="people.person", object_id=str(person.pk)
    )
    events = list(events.order_by("occurred_at")[:2000])
    orgs = dict(
        Organization.objects.filter(
            pk__in={e.organization_id for e in events if e.organization_id}
        ).values_list("pk", "name")
    )
    accesses = [
        {
            "at": e.occurred_at,
            "what": READS.get(e.action, _("alteração ou registro")),
            "organization": orgs.get(e.organization_id, _("sistema")),
            "channel": CHANNELS.get(e.channel, e.channel),
        }
        for e in events
        if not e.action.startswith(("retention.", "privacy.", "rectification."))
    ]
    report = Report(
        id=uuid.uuid4().hex[:12].upper(),
        request=request,
        person=person,
        generated_at=timezone.now(),
        generated_by=user.get_username(),
        reason=request.reason,
        reference=request.reference,
        cases=case_rows,
        accesses=accesses,
        activities=[
            a for a in processing.activities() if a.key in ("cases.casework", "people.registry")
        ],
    )
    with transaction.atomic():
        audit.record(
            "privacy.subject_report",
            person,
            flagged=True,
            reason=report.reason,
            organization_id=access.actor_for(user).organization_id,
            data={"report": report.id, "request": request.pk, "cases": len(cases)},
        )
    return report


def mark_answered(request):
    """The PDF went to the subject: the request is answered (the first time counts)."""
    SubjectRequest.objects.filter(pk=request.pk, answered_at__isnull=True).update(
        answered_at=timezone.now()
    )


def registering_services(user, person):
    return Organization.objects.filter(
        pk__in=Case.objects.restrict(user, SUBJECT_REPORT)
        .filter(parties__person=person)
        .values("organization_id")
    ).order_by("name")


def request_rectification(user, request, *, what):
    """Route a rectification request to each service that registered a case of the person."""
    what = (what or "").strip()
    if len(what.split()) < 3:
        raise ServiceError(_("Descreva o que o titular diz estar errado."), field="what")
    services = list(registering_services(user, request.person))
    if not services:
        raise ServiceError(_("Nenhum serviço registrou caso desta pessoa."))
    with transaction.atomic():
        made = [
            Rectification.objects.create(
                request=request,
                person=request.person,
                organization=org,
                what=what[:2000],
                requested_by=user,
            )
            for org in services
        ]
        for rectification in made:
            audit.record(
                "rectification.requested",
                rectification,
                flagged=True,
                data={"organization": rectification.organization_id, "request": request.pk},
            )
    return made


def pending_rectifications(user):
    return (
        Rectification.objects.restrict(user, access.CHANGE)
        .filter(status=RectificationStatus.OPEN)
        .select_related("organization", "request")
    )


def decide_rectification(user, rectification, *, done, note):
    note = (note or "").strip()
    if len(note) < 5:
        raise ServiceError(_("Diga o que foi corrigido, ou por que não."), field="note")
    with transaction.atomic():
        locked = (
            Rectification.objects.restrict(user, access.CHANGE)
            .select_for_update()
            .filter(pk=rectification.pk, status=RectificationStatus.OPEN)
            .first()
        )
        if locked is None:
            from serdh.core.errors import NotPermitted

            raise NotPermitted(_("Este pedido não está entre os que você pode decidir."))
        locked.status = RectificationStatus.DONE if done else RectificationStatus.REFUSED
        locked.decided_by = user
        locked.decided_at = timezone.now()
        locked.decision_note = note[:2000]
        locked.save()
        audit.record(
            f"rectification.{locked.status}",
            locked,
            flagged=True,
            data={"organization": locked.organization_id, "request": locked.request_id},
        )
    return locked


def approvals_section(user):
    """The coordinator's list of rectification requests for their service (web approvals)."""
    from serdh.core.approvals import Section
    from serdh.core.roles import Role

    if not access.actor_for(user).has_role(Role.COORDINATOR):
        return None
    return Section(
        title=_("Pedidos de retificação (LGPD)"),
        template="privacy/_rectification_approvals.html",
        items=list(pending_rectifications(user)),
    )
