"""Referrals between the services of the network and their life cycle.

sent → received → accepted | declined → in progress → completed; the sender may cancel while
the referral is open. Each step checks which side of the referral the actor is on.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.network.choices import Sector
from serdh.network.models import Organization
from serdh.network.services import AdhesionInactive, require_active_adhesion

from .acting import acting_organization, lock_case, log
from .choices import (
    AWAITING_DECISION,
    BASES_NEEDING_NOTE,
    DEFAULT_DEADLINE_DAYS,
    OPEN_REFERRAL_STATUSES,
    CaseStatus,
    PartyRole,
    ReferralStatus,
    SharingBasis,
    Urgency,
)
from .lifecycle import mark_in_follow_up
from .models import Referral, ReferralDeadline

S = ReferralStatus
# verb: (side that may do it, statuses it may start from, resulting status)
TRANSITIONS = {
    "receive": ("receiver", {S.SENT}, S.RECEIVED),
    "accept": ("receiver", {S.SENT, S.RECEIVED}, S.ACCEPTED),
    "decline": ("receiver", {S.SENT, S.RECEIVED}, S.DECLINED),
    "start": ("receiver", {S.ACCEPTED}, S.IN_PROGRESS),
    "complete": ("receiver", {S.ACCEPTED, S.IN_PROGRESS}, S.COMPLETED),
    "cancel": ("sender", set(OPEN_REFERRAL_STATUSES), S.CANCELLED),
}


def deadline_days(urgency):
    configured = ReferralDeadline.objects.filter(urgency=urgency).values_list("days", flat=True)
    return next(iter(configured), DEFAULT_DEADLINE_DAYS[Urgency(urgency)])


def destinations(exclude=None):
    """Active organizations that can receive referrals (adhered municipality or state organ)."""

    qs = (
        Organization.objects.filter(is_active=True)
        .filter(Q(level="state") | Q(municipality__adhesion__status="active"))
        .select_related("municipality")
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("municipality__name", "name")


def check_sharing_basis(case, organization, basis, note):
    """Consent, or a legal basis that fits the case, before a referral shares it (issue 13).
    A legal duty is accepted only where the case shows what the law names: a victim under 18
    for ECA art. 13, aged 60 or more for the Estatuto da Pessoa Idosa art. 19, a woman attended
    by a health service for Lei 10.778/2003 art. 1. Bases without consent that the law states
    in general terms (LGPD art. 11, II, b and e) need a note saying why consent was not asked."""
    if not basis:
        raise ServiceError(
            _("Informe se a vítima (ou responsável) consentiu ou a base legal para compartilhar."),
            field="sharing_basis",
        )
    if basis not in SharingBasis.values:
        raise ServiceError(_("Escolha uma das opções."), field="sharing_basis")
    victims = list(case.parties.filter(role=PartyRole.VICTIM).values_list("age_years", "sex"))
    ages = [age for age, _sex in victims if age is not None]
    if basis == SharingBasis.CHILD and not any(age < 18 for age in ages):
        raise ServiceError(
            _("O art. 13 do ECA vale para crianças e adolescentes: informe a idade da vítima."),
            field="sharing_basis",
        )
    if basis == SharingBasis.OLDER and not any(age >= 60 for age in ages):
        raise ServiceError(
            _("O art. 19 do Estatuto da Pessoa Idosa vale para vítimas com 60 anos ou mais."),
            field="sharing_basis",
        )
    if basis == SharingBasis.WOMAN_HEALTH and (
        organization.sector != Sector.HEALTH or not any(sex == "F" for _age, sex in victims)
    ):
        raise ServiceError(
            _(
                "A Lei 10.778/2003 vale para a mulher atendida em serviço de saúde: o seu serviço "
                "não é de saúde ou não há vítima do sexo feminino no caso."
            ),
            field="sharing_basis",
        )
    note = (note or "").strip()
    if basis in BASES_NEEDING_NOTE and len(note) < 10:
        raise ServiceError(
            _("Explique por que o consentimento não foi pedido ou não pôde ser obtido."),
            field="sharing_note",
        )
    return note[:1000]


def send_referral(
    user,
    case,
    *,
    to_organization,
    service_requested,
    urgency=None,
    sharing_basis="",
    sharing_note="",
):
    with transaction.atomic():
        org = acting_organization(user)
        case = lock_case(user, case)
        if case.status not in (CaseStatus.REGISTERED, CaseStatus.IN_FOLLOW_UP):
            raise ServiceError(_("Só casos registrados e abertos podem ser encaminhados."))
        if to_organization.pk == org.pk:
            raise ServiceError(_("Escolha outro serviço: este é o seu."), field="to_organization")
        if not to_organization.is_active:
            raise ServiceError(_("Este serviço está inativo."), field="to_organization")
        try:
            require_active_adhesion(to_organization)
        except AdhesionInactive as exc:
            raise ServiceError(
                _(
                    "%(org)s ainda não pode receber encaminhamentos pelo SIMA: o município não "
                    "tem adesão ativa."
                )
                % {"org": to_organization.name},
                field="to_organization",
            ) from exc
        if not (service_requested or "").strip():
            raise ServiceError(_("Diga o que se pede ao serviço."), field="service_requested")
        if case.referrals.filter(
            to_organization=to_organization, status__in=OPEN_REFERRAL_STATUSES
        ).exists():
            raise ServiceError(
                _("Já há um encaminhamento em aberto deste caso para %(org)s.")
                % {"org": to_organization.name},
                field="to_organization",
            )
        sharing_note = check_sharing_basis(case, org, sharing_basis, sharing_note)
        urgency = urgency or case.urgency
        now = timezone.now()
        referral = Referral.objects.create(
            case=case,
            from_organization=org,
            to_organization=to_organization,
            service_requested=service_requested.strip(),
            urgency=urgency,
            due_date=timezone.localdate() + timedelta(days=deadline_days(urgency)),
            sent_by=user,
            sent_at=now,
            sharing_basis=sharing_basis,
            sharing_note=sharing_note,
        )
        log(
            case,
            "referral_sent",
            _("Encaminhado a %(to)s (urgência %(u)s, resposta até %(d)s)")
            % {
                "to": to_organization.name,
                "u": referral.get_urgency_display().lower(),
                "d": formats.date_format(referral.due_date, "SHORT_DATE_FORMAT"),
            },
            user,
            org,
            detail=referral.service_requested,
        )
        audit.record(
            "referral.sent",
            referral,
            data={
                "case": case.pk,
                "to": to_organization.pk,
                "urgency": urgency,
                "sharing_basis": sharing_basis,
            },
        )
    return referral


# The coded reasons of a decline and of a cancellation (vocabularies), which the managers'
# "where the network fails" counts (monitoring.network_gaps).
REASON_VOCABULARY = {"decline": "referral_refusal", "cancel": "referral_cancellation"}


def reason_choices(verb):
    """[(code, label)] of the active coded reasons of ``verb`` (decline or cancel)."""
    from serdh.vocabularies.models import Term

    return list(
        Term.objects.filter(vocabulary__key=REASON_VOCABULARY[verb], is_active=True)
        .order_by("order", "label")
        .values_list("code", "label")
    )


def reason_term(verb, code):
    """The coded reason ``code`` of a decline or cancellation, or None when not given."""
    from serdh.vocabularies.models import Term

    code = getattr(code, "code", code)
    if not code or verb not in REASON_VOCABULARY:
        return None
    term = Term.objects.filter(
        vocabulary__key=REASON_VOCABULARY[verb], code=code, is_active=True
    ).first()
    if term is None:
        raise ServiceError(_("Escolha um motivo da lista."), field="code")
    return term


def transition_referral(user, referral, verb, *, reason="", note="", code=None):
    """Move a referral along (``TRANSITIONS``). A decline or a cancellation needs a reason:
    ``code`` (its vocabulary's term code; the web form asks for it) and/or ``reason`` in
    words, which "other" requires."""
    side, allowed_from, target = TRANSITIONS[verb]
    with transaction.atomic():
        org = acting_organization(user)
        referral = (
            Referral.objects.restrict(user, access.CHANGE)
            .select_for_update()
            .filter(pk=referral.pk)
            .select_related("case", "to_organization")
            .first()
        )
        on_side = referral is not None and (
            referral.to_organization_id == org.pk
            if side == "receiver"
            else referral.from_organization_id == org.pk
        )
        if not on_side:
            raise NotPermitted(_("Este encaminhamento não é do seu serviço."))
        if referral.status not in allowed_from:
            raise ServiceError(
                _("Não é possível: o encaminhamento está “%(s)s”.")
                % {"s": referral.get_status_display()}
            )
        reason, note = (reason or "").strip(), (note or "").strip()
        term = reason_term(verb, code)
        now = timezone.now()
        if verb == "decline" and not (reason or term):
            raise ServiceError(_("Informe o motivo da recusa."), field="code")
        if verb == "cancel" and not (reason or term):
            raise ServiceError(_("Informe o motivo do cancelamento."), field="code")
        if term is not None and term.code == "other" and not reason:
            raise ServiceError(_("Descreva o motivo."), field="reason")
        if verb == "complete" and not note:
            raise ServiceError(
                _("Escreva a contrarreferência: o que foi feito e o que fica para a rede."),
                field="note",
            )
        if verb == "receive":
            referral.received_at = now
        elif verb in ("accept", "decline"):
            referral.received_at = referral.received_at or now
            referral.answered_at = now
            referral.decline_reason = reason
            referral.refusal = term
        elif verb == "start":
            referral.started_at = now
        elif verb in ("complete", "cancel"):
            referral.finished_at = now
            referral.counter_referral = note
            referral.cancel_reason = reason if verb == "cancel" else ""
            referral.cancellation = term
        referral.status = target
        referral.save()
        case = referral.case
        if verb == "accept":
            mark_in_follow_up(case)
        summaries = {
            "receive": _("%(org)s abriu o encaminhamento"),
            "accept": _("%(org)s aceitou o encaminhamento"),
            "decline": _("%(org)s recusou o encaminhamento"),
            "start": _("%(org)s iniciou o atendimento"),
            "complete": _("%(org)s concluiu o atendimento (contrarreferência registrada)"),
            "cancel": _("%(org)s cancelou o encaminhamento a %(to)s"),
        }
        log(
            case,
            f"referral_{verb}",
            summaries[verb] % {"org": org.name, "to": referral.to_organization.name},
            user,
            org,
            detail=note or " — ".join(part for part in (term and term.label, reason) if part),
        )
        audit.record(
            f"referral.{target}",
            referral,
            data={"case": case.pk, "verb": verb, **({"code": term.code} if term else {})},
        )
    return referral


def open_referral(user, referral):
    """The receiving service opening a referral marks it received (once)."""
    if referral.status == S.SENT and referral.to_organization_id == getattr(
        access.actor_for(user), "organization_id", None
    ):
        try:
            return transition_referral(user, referral, "receive")
        except (ServiceError, NotPermitted):
            return referral
    return referral


def is_overdue(referral, today=None):
    return referral.status in AWAITING_DECISION and referral.due_date < (
        today or timezone.localdate()
    )
