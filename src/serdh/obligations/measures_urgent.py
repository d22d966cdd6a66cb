"""Maria da Penha urgent protective measures: the request to the court, the court's decision,
and the obligation the law derives from a request (Lei 11.340/2006 art. 18: the court decides
within 48 hours). Who may receive which measure is checked by obligations.measures, whose
helpers this module shares."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serdh.cases.acting import acting_organization
from serdh.core import access
from serdh.core.errors import NotPermitted, ServiceError

from . import rules, services
from .choices import ObligationKind
from .measures import (
    HOURS_48,
    LMP_22,
    LMP_23,
    LMP_GROUPS,
    _check_party,
    _measure_term,
    _not_before,
    _open_case,
    _past_datetime,
    _write,
    group_of,
)
from .models_measures import (
    AppliedBy,
    Decision,
    MeasureStatus,
    ProtectiveMeasure,
    UrgentMeasureRequest,
)

# --- Maria da Penha: the request and the court's decision (Lei 11.340/2006 arts. 18-19) ---


def record_request(
    user,
    case,
    *,
    victim_id,
    requested_at,
    court,
    measures,
    author_id=None,
    process_number="",
):
    """A request for urgent protective measures taken to the court (by the police, art. 12,
    III; by the woman or the Ministério Público, art. 19): from its time the court has 48
    hours to decide (art. 18), which SIMA tracks as an obligation of the recording service."""
    terms = [_measure_term(m, "measures") for m in measures or []]
    if not terms:
        raise ServiceError(_("Escolha ao menos uma medida pedida."), field="measures")
    if any(group_of(t) not in LMP_GROUPS for t in terms):
        raise ServiceError(
            _("Escolha só medidas protetivas de urgência da Lei Maria da Penha (arts. 22 a 24)."),
            field="measures",
        )
    if len({t.pk for t in terms}) != len(terms):
        raise ServiceError(_("Há uma medida repetida."), field="measures")
    _past_datetime(requested_at, "requested_at")
    court, process_number = (court or "").strip(), (process_number or "").strip()
    if len(court) < 3:
        raise ServiceError(_("Informe o juízo (vara e comarca)."), field="court")
    with transaction.atomic():
        organization = acting_organization(user)
        case = _open_case(user, case)
        victim = _check_party(case, LMP_23, victim_id, "victim_id")
        author = None
        if any(group_of(t) == LMP_22 for t in terms):
            author = _check_party(case, LMP_22, author_id, "author_id")
        request = UrgentMeasureRequest.objects.create(
            case=case,
            victim=victim,
            organization=organization,
            requested_at=requested_at,
            court=court[:200],
            process_number=process_number[:40],
            recorded_by=user,
        )
        for term in terms:
            ProtectiveMeasure.objects.create(
                case=case,
                measure=term,
                party=author if group_of(term) == LMP_22 else victim,
                applied_by=AppliedBy.JUDICIARY,
                applying_body=court[:200],
                organization=organization,
                status=MeasureStatus.REQUESTED,
                court=court[:200],
                process_number=process_number[:40],
                request=request,
                recorded_by=user,
            )
        _write(
            user,
            case,
            organization,
            "measure_request",
            _("Pedido de medidas protetivas de urgência registrado (%(n)s medida(s); %(p)s)")
            % {"n": len(terms), "p": victim.pseudonym},
            {"request": request.pk, "measures": [t.code for t in terms]},
        )
    return request


def record_decision(
    user, request, *, decided_at, decision, granted=(), expires_on=None, process_number=""
):
    """The court's decision on a request: the measures granted come into force on the day of
    the decision (until ``expires_on`` when the court set a term; art. 19 § 6º: otherwise
    while the risk lasts); the others are marked denied. Fulfils the art. 18 obligation."""
    if decision not in Decision.values:
        raise ServiceError(_("Escolha a decisão da lista."), field="decision")
    _past_datetime(decided_at, "decided_at")
    with transaction.atomic():
        organization = acting_organization(user)
        locked = (
            UrgentMeasureRequest.objects.restrict(user, access.CHANGE)
            .select_for_update()
            .filter(pk=request.pk)
            .first()
        )
        if locked is None:
            raise NotPermitted(_("Só o serviço que registrou o pedido registra a decisão."))
        if locked.decided_at is not None:
            raise ServiceError(_("A decisão deste pedido já foi registrada."))
        if decided_at < locked.requested_at:
            raise ServiceError(_("A decisão não pode ser anterior ao pedido."), field="decided_at")
        decided_on = timezone.localtime(decided_at).date()
        _not_before(
            expires_on,
            decided_on,
            "expires_on",
            _("A validade não pode terminar antes da decisão."),
        )
        case = _open_case(user, locked.case)
        asked = list(locked.measures.select_related("measure"))
        chosen = {int(pk) for pk in granted or ()}
        if decision == Decision.GRANTED:
            chosen = {m.pk for m in asked}
        elif decision == Decision.DENIED:
            chosen = set()
        elif not chosen or not chosen < {m.pk for m in asked}:
            raise ServiceError(
                _("Na decisão em parte, marque as medidas deferidas (algumas, não todas)."),
                field="granted",
            )
        process_number = (process_number or "").strip()[:40] or locked.process_number
        locked.decided_at = decided_at
        locked.decision = decision
        locked.expires_on = expires_on
        locked.process_number = process_number
        locked.save()
        for row in asked:
            if row.pk in chosen:
                row.status = MeasureStatus.IN_FORCE
                row.applied_on = decided_on
                row.expires_on = expires_on
            else:
                row.status = MeasureStatus.DENIED
            row.process_number = process_number
            row.save()
        _write(
            user,
            case,
            organization,
            "measure_decision",
            _("Decisão sobre medidas protetivas de urgência registrada: %(d)s")
            % {"d": locked.get_decision_display()},
            {"request": locked.pk, "decision": decision, "granted": sorted(chosen)},
        )
    return locked


# --- The obligation: Lei 11.340/2006 art. 18 ------------------------------------------------
# "Recebido o expediente com o pedido da ofendida, caberá ao juiz, no prazo de 48 (quarenta e
# oito) horas: I - conhecer do expediente e do pedido e decidir sobre as medidas protetivas de
# urgência". The court acts; SIMA makes the service that recorded the request responsible for
# following it up and recording the decision (done when it is recorded, at its time).


def load_requests(many):
    requests = {facts.case.pk: [] for facts in many}
    for request in UrgentMeasureRequest.objects.filter(case__in=list(requests)).order_by("pk"):
        requests[request.case_id].append(request)
    for facts in many:
        facts.extra["urgent_requests"] = requests[facts.case.pk]


def _lei_11340_18(facts):
    for request in facts.extra.get("urgent_requests", ()):
        yield rules.Need(
            key=f"lmp18:{request.pk}",
            kind=ObligationKind.PROTECTIVE_DECISION,
            rule="lei11340.18",
            organization=request.organization,
            starts_at=request.requested_at,
            due_at=request.requested_at + HOURS_48,
            victim=request.victim,
        )


def _lei_11340_18_done(facts, obligation):
    for request in facts.extra.get("urgent_requests", ()):
        if f"lmp18:{request.pk}" == obligation.key and request.decided_at is not None:
            return request.decided_at, "decision", None
    return None


rules.register(
    rules.Rule(
        code="lei11340.18",
        kind=ObligationKind.PROTECTIVE_DECISION,
        source=gettext_lazy("Lei 11.340/2006 (Maria da Penha), art. 18"),
        deadline=gettext_lazy("48 horas"),
        needs=_lei_11340_18,
        fulfilled_by=_lei_11340_18_done,
    )
)
services.register_loader(load_requests)
