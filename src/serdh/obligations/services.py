"""Obligations kept in step with the case, and what professionals record to fulfil them.

``evaluate(case)`` runs after every change of the facts the rules read (an audit listener,
in the change's transaction: obligations.events). It is a system operation: it reads the
case through the plain managers, since it acts for the law, not for a user; what it writes
is shown only through the policies (obligations.policies). It is idempotent: an obligation
is keyed by its rule and subject, raised once, voided (not deleted) when the facts change,
raised again if they change back; one fulfilled stays fulfilled.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from serdh.cases.acting import acting_organization, line, lock_case, log
from serdh.cases.choices import PartyRole
from serdh.cases.models import Case, CaseEvent, Party, Referral, Violation
from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError

from . import rules
from .choices import Channel, DoneHow, HearingKind, ObligationKind, ObligationStatus
from .links import OWN_FULFILMENT, action_for
from .models import Hearing, Obligation, Proceeding, ProceedingKind

FUTURE_SLACK = timedelta(minutes=5)

# Loaders registered by other modules of the room (measures, letters) that add to
# Facts.extra what their rules read: func(list of Facts), one query for all of them.
_loaders = []


def register_loader(func):
    if func not in _loaders:
        _loaders.append(func)
    return func


PARTY_COLUMNS = (
    *("id", "case_id", "role", "ordinal", "age_years", "sex", "person_id"),
    *("person__id", "person__gender_identity"),
)
REFERRAL_COLUMNS = (
    *("id", "case_id", "status", "sent_at", "answered_at", "from_organization_id"),
    *("to_organization__id", "to_organization__kind", "to_organization__sector"),
    *("to_organization__name", "to_organization__municipality_id"),
)


def _by_case(rows):
    grouped = {}
    for row in rows:
        grouped.setdefault(row.case_id, []).append(row)
    return grouped


def load_facts(case):
    return load_facts_many([case])[0]


def load_facts_many(cases):
    """The facts of each case (``cases``: with organization and place loaded), in one query
    per kind of row whatever the number of cases: evaluate_all reads a chunk at a time."""
    ids = [case.pk for case in cases]
    # Only what the rules read: the person's other fields are encrypted, and decrypting them
    # on every change of the case would cost more than the rest of the evaluation.
    parties = (
        Party.objects.filter(case__in=ids, role__in=[PartyRole.VICTIM, PartyRole.WITNESS])
        .select_related("person")
        .only(*PARTY_COLUMNS)
        .order_by("case_id", "pk")
    )
    victims, witnesses = {}, {}
    for party in parties:
        if party.role == PartyRole.VICTIM:
            victims[party.pk] = rules.VictimFacts(party)
        else:
            witnesses.setdefault(party.case_id, []).append(party)
    violations = Violation.objects.filter(case__in=ids).values_list(
        "victim_id",
        "type__code",
        "subtype__code",
        "relationship__code",
        "vulnerable_group__code",
        "motivation__code",
    )
    for victim_id, type_code, subtype, relationship, group, motivation in violations:
        victim = victims.get(victim_id)
        if victim is None:
            continue
        victim.types.update(c for c in (type_code, subtype) if c)
        if relationship:
            victim.relationships.add(relationship)
        if group:
            victim.groups.add(group)
        if motivation:
            victim.motivations.add(motivation)
    victims_of = {}
    for victim in victims.values():
        victims_of.setdefault(victim.party.case_id, []).append(victim)
    referrals = _by_case(
        Referral.objects.filter(case__in=ids)
        .select_related("to_organization")
        .only(*REFERRAL_COLUMNS)
        .order_by("pk")
    )
    hearings = _by_case(Hearing.objects.filter(case__in=ids).order_by("pk"))
    proceedings = _by_case(
        Proceeding.objects.filter(case__in=ids).select_related("organization").order_by("pk")
    )
    many = [
        rules.Facts(
            case=case,
            registered_at=case.registered_at,
            organization=case.organization,
            place=case.place.code if case.place_id else "",
            victims=victims_of.get(case.pk, []),
            witnesses=witnesses.get(case.pk, []),
            referrals=referrals.get(case.pk, []),
            hearings=hearings.get(case.pk, []),
            proceedings=proceedings.get(case.pk, []),
        )
        for case in cases
    ]
    for loader in _loaders:
        loader(many)
    return many


def evaluate(case):
    """Raise, void and fulfil the case's obligations from its current facts. Returns the
    obligations raised or fulfilled now (for the caller's message).

    One audit event per evaluation that changed something (``obligation.evaluated`` on the
    case, naming each obligation raised, voided and fulfilled) and one timeline line for those
    raised: a registration raises several at once, and each write costs the case's
    transaction."""
    return evaluate_many([case.pk]).get(case.pk, [])


def evaluate_many(case_ids):
    """``evaluate`` for several cases at once, in the caller's transaction: the facts are read
    and the obligations and timeline lines written in a few queries for all of them (one
    audit event per case that changed, as ``evaluate``). Returns {case id: obligations raised
    or fulfilled}."""
    cases = list(
        Case.objects.select_related("organization", "place")
        .defer("narrative", "closure_note")
        .filter(pk__in=case_ids, registered_at__isnull=False, anonymized_at__isnull=True)
        .order_by("pk")
    )
    existing_of = _by_case(Obligation.objects.filter(case__in=[c.pk for c in cases]))
    now = timezone.now()
    new, changed, lines, outcome, audits = [], [], [], {}, []
    for facts in load_facts_many(cases):
        case = facts.case
        existing = {o.key: o for o in existing_of.get(case.pk, [])}
        for obligation in existing.values():
            obligation.case = case  # already loaded: its timeline lines need it
        needs = {}
        for rule in rules.all_rules():
            for need in rule.needs(facts):
                needs.setdefault(need.key, need)
        raised, voided, fulfilled = [], [], []
        for key, need in needs.items():
            obligation = existing.get(key)
            if obligation is None:
                obligation = Obligation(
                    case=case,
                    key=key,
                    kind=need.kind,
                    rule=need.rule,
                    organization=need.organization,
                    victim=need.victim,
                    starts_at=need.starts_at,
                    due_at=need.due_at,
                )
                existing[key] = obligation
                new.append(obligation)
                raised.append(obligation)
            elif obligation.status == ObligationStatus.VOID:
                obligation.status = ObligationStatus.DUE
                obligation.voided_at = None
                obligation.void_reason = ""
                changed.append(obligation)
                raised.append(obligation)
        for key, obligation in existing.items():
            if key not in needs and obligation.status == ObligationStatus.DUE:
                obligation.status = ObligationStatus.VOID
                obligation.voided_at = now
                obligation.void_reason = "facts_changed"
                changed.append(obligation)
                lines.append(
                    line(
                        case,
                        "obligation_void",
                        _("Obrigação deixou de ser exigida (os dados do caso mudaram): %(k)s")
                        % {"k": obligation.get_kind_display()},
                        at=now,
                        organization=obligation.organization_id,
                    )
                )
                voided.append(obligation)
        for obligation in existing.values():
            if obligation.status != ObligationStatus.DUE:
                continue
            rule = rules.get(obligation.rule)
            found = rule.fulfilled_by(facts, obligation) if rule and rule.fulfilled_by else None
            if found:
                # (done_at, how, referral[, {field: value} recorded with it])
                done_at, how, referral, *more = found
                lines.append(
                    _mark_done(
                        obligation,
                        now,
                        done_at=done_at,
                        how=how,
                        referral=referral,
                        **(more[0] if more else {}),
                    )
                )
                if obligation.pk is not None and obligation not in changed:
                    changed.append(obligation)
                fulfilled.append(obligation)
        if raised:
            lines.append(_raised_line(case, raised, now))
        outcome[case.pk] = raised + [o for o in fulfilled if o not in raised]
        if raised or voided or fulfilled:
            audits.append((case, raised, voided, fulfilled))
    if new:
        Obligation.objects.bulk_create(new)
    if changed:
        Obligation.objects.bulk_update(changed, CHANGED_FIELDS)
    if lines:
        CaseEvent.objects.bulk_create(lines)
    for case, raised, voided, fulfilled in audits:
        audit.record(
            "obligation.evaluated",
            case,
            data={
                "raised": [[o.pk, o.rule, o.organization_id] for o in raised],
                "voided": [o.pk for o in voided],
                "fulfilled": [[o.pk, o.done_how, o.on_time] for o in fulfilled],
            },
        )
    return outcome


CHANGED_FIELDS = (
    *("status", "voided_at", "void_reason", "done_at", "done_how", "done_by", "referral"),
    *("channel", "recipient", "protocol"),
)


def _raised_line(case, raised, at):
    return line(
        case,
        "obligation_raised",
        _("Obrigações legais: %(list)s")
        % {
            "list": "; ".join(
                _("%(k)s até %(d)s")
                % {
                    "k": o.get_kind_display(),
                    "d": date_format(timezone.localtime(o.due_at), "SHORT_DATETIME_FORMAT"),
                }
                for o in raised
            )
        },
        at=at,
    )


def _mark_done(obligation, at, *, done_at, how, referral=None, user=None, **recorded):
    """Set the obligation done (the caller saves it) and return its timeline line."""
    obligation.status = ObligationStatus.DONE
    obligation.done_at = done_at
    obligation.done_how = how
    obligation.done_by = user
    obligation.referral = referral
    for name, value in recorded.items():
        setattr(obligation, name, value)
    late = done_at > obligation.due_at
    return line(
        obligation.case,
        "obligation_done",
        (
            _("Obrigação cumprida fora do prazo: %(k)s")
            if late
            else _("Obrigação cumprida no prazo: %(k)s")
        )
        % {"k": obligation.get_kind_display()},
        at=at,
        user=user,
        organization=obligation.organization_id,
    )


def _fulfil(obligation, *, done_at, how, referral=None, user=None, **recorded):
    timeline = _mark_done(
        obligation,
        timezone.now(),
        done_at=done_at,
        how=how,
        referral=referral,
        user=user,
        **recorded,
    )
    obligation.save()
    timeline.save()
    audit.record(
        "obligation.fulfilled",
        obligation,
        data={"case": obligation.case_id, "how": how, "late": done_at > obligation.due_at},
        organization_id=obligation.organization_id,
    )


def record_communication(user, obligation, *, done_at, channel, recipient, protocol="", note=""):
    """A professional of the responsible service records how the obligation was fulfilled
    outside SIMA: when, by which channel, to whom, with which protocol or receipt. The act
    may precede its record (the Conselho Tutelar called before the case was typed in)."""
    if channel not in Channel.values:
        raise ServiceError(_("Escolha o meio da lista."), field="channel")
    recipient = (recipient or "").strip()
    if len(recipient) < 3:
        raise ServiceError(
            _("Diga a quem foi feita a comunicação (o órgão e, se houver, a pessoa)."),
            field="recipient",
        )
    if done_at is None:
        raise ServiceError(_("Informe quando foi feita."), field="done_at")
    if done_at > timezone.now() + FUTURE_SLACK:
        raise ServiceError(_("A data e a hora não podem estar no futuro."), field="done_at")
    with transaction.atomic():
        organization = acting_organization(user)
        locked = (
            Obligation.objects.restrict(user, access.CHANGE)
            .select_for_update()
            .filter(pk=obligation.pk, organization=organization)
            .first()
        )
        if locked is None:
            raise NotPermitted(_("Só o serviço responsável registra o cumprimento."))
        if locked.status != ObligationStatus.DUE:
            raise ServiceError(_("Esta obrigação não está mais a cumprir."))
        if locked.kind in OWN_FULFILMENT:
            # The court's decision, a hearing: recorded as such, not as a communication.
            raise ServiceError(
                _("Esta obrigação se cumpre registrando o próprio ato: %(a)s.")
                % {"a": action_for(locked)[1].lower()}
            )
        case = lock_case(user, locked.case)
        if case.reported_on and timezone.localtime(done_at).date() < case.reported_on:
            raise ServiceError(
                _("A data não pode ser anterior à notificação do caso."), field="done_at"
            )
        how = (
            DoneHow.SINAN
            if locked.kind == ObligationKind.SINAN_NOTIFICATION
            else DoneHow.COMMUNICATION
        )
        _fulfil(
            locked,
            done_at=done_at,
            how=how,
            user=user,
            channel=channel,
            recipient=recipient[:200],
            protocol=(protocol or "").strip()[:80],
            note=(note or "").strip()[:2000],
        )
    return locked


QUALIFIED = (HearingKind.SPECIALIZED_LISTENING, HearingKind.SPECIAL_TESTIMONY)


def qualified_hearings(case, party):
    """The qualified hearings the child already had in this case, with who holds them (not
    what was said): what a service is told before it hears the child again."""
    return list(
        Hearing.objects.filter(case=case, party=party, kind__in=QUALIFIED)
        .select_related("organization")
        .order_by("held_on", "pk")
    )


def record_hearing(user, case, *, party_id, kind, held_on, justification=""):
    """Lei 13.431/2017: each time a child or adolescent is heard about the violence it is
    recorded. After a qualified hearing, another one needs a reason (art. 11, § 2º: a new
    testimony only when justified as indispensable)."""
    if kind not in HearingKind.values:
        raise ServiceError(_("Escolha o tipo de oitiva da lista."), field="kind")
    if held_on is None or held_on > timezone.localdate():
        raise ServiceError(_("A data não pode estar no futuro."), field="held_on")
    justification = (justification or "").strip()
    with transaction.atomic():
        organization = acting_organization(user)
        case = lock_case(user, case)
        party = Party.objects.filter(
            case=case, pk=party_id, role__in=[PartyRole.VICTIM, PartyRole.WITNESS]
        ).first()
        if party is None or party.age_years is None or party.age_years >= rules.CHILD_AGE:
            raise ServiceError(
                _("Escolha a criança ou o adolescente ouvido(a) (vítima ou testemunha)."),
                field="party",
            )
        earlier = qualified_hearings(case, party)
        if earlier and len(justification) < 10:
            raise ServiceError(
                _(
                    "Esta criança ou adolescente já foi ouvido(a) de forma qualificada. Diga "
                    "por que é indispensável ouvir de novo (ao menos 10 caracteres)."
                ),
                field="justification",
            )
        hearing = Hearing.objects.create(
            case=case,
            party=party,
            organization=organization,
            kind=kind,
            held_on=held_on,
            recorded_by=user,
            justification=justification[:2000],
        )
        log(
            case,
            "hearing",
            _("Oitiva registrada: %(k)s (%(p)s)")
            % {"k": hearing.get_kind_display(), "p": party.pseudonym},
            user,
            organization,
            detail=hearing.justification,
        )
        audit.record(
            "obligation.hearing_recorded",
            case,
            data={"hearing": hearing.pk, "kind": kind, "repeated": bool(earlier)},
        )
    return hearing


def record_proceeding(user, case, *, kind, number, body, opened_on):
    if kind not in ProceedingKind.values:
        raise ServiceError(_("Escolha o tipo da lista."), field="kind")
    number, body = (number or "").strip(), (body or "").strip()
    if len(number) < 3:
        raise ServiceError(_("Informe o número."), field="number")
    if len(body) < 3:
        raise ServiceError(_("Informe o órgão."), field="body")
    if opened_on is None or opened_on > timezone.localdate():
        raise ServiceError(_("A data não pode estar no futuro."), field="opened_on")
    with transaction.atomic():
        organization = acting_organization(user)
        case = lock_case(user, case)
        proceeding = Proceeding.objects.create(
            case=case,
            kind=kind,
            number=number[:40],
            body=body[:200],
            opened_on=opened_on,
            organization=organization,
            recorded_by=user,
        )
        log(
            case,
            "proceeding",
            _("Procedimento registrado: %(k)s") % {"k": proceeding.get_kind_display()},
            user,
            organization,
        )
        audit.record("obligation.proceeding_recorded", case, data={"proceeding": proceeding.pk})
    return proceeding


def evaluate_all(progress=None, since=None, chunk=200):
    """Work out the obligations of every registered case (``since``: registered from that
    day): after an upgrade that brings a new rule, or for cases loaded in bulk (the demo,
    imports). Idempotent; one transaction and a few queries per chunk of cases
    (evaluate_many), so an interrupted run resumes where it stopped by simply running again."""
    qs = Case.objects.filter(registered_at__isnull=False, anonymized_at__isnull=True)
    if since is not None:
        qs = qs.filter(registered_at__date__gte=since)
    ids = list(qs.order_by("pk").values_list("pk", flat=True))
    raised = 0
    for start in range(0, len(ids), chunk):
        with transaction.atomic():
            done = evaluate_many(ids[start : start + chunk])
        raised += sum(len(found) for found in done.values())
        if progress:
            progress(min(start + chunk, len(ids)), len(ids))
    if progress and not ids:
        progress(0, 0)
    return raised
