"""Registering and classifying cases: drafts, parties, violations, the protocol number,
closing and reopening. Every function checks access inside its transaction, writes the
timeline and the audit event in that same transaction."""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.core import access, audit
from serdh.core.dates import age_on, normalize_partial
from serdh.core.errors import NotPermitted, ServiceError
from serdh.network.services import require_case_municipality
from serdh.people import services as people
from serdh.people.models import Person

from .acting import acting_organization, lock_case, log
from .choices import CaseStatus, PartyRole
from .models import Case, Party, ProtocolCounter, Violation
from .policies import CLOSE

CASE_FIELDS = (
    "municipality",
    "intake_channel",
    "reported_on",
    "reported_precision",
    "occurred_on",
    "occurred_precision",
    "place",
    "urgency",
    "narrative",
)
PERSON_FIELDS = (
    "full_name",
    "social_name",
    "mother_name",
    "birth_date",
    "birth_precision",
    "sex",
    "gender_identity",
    "sexual_orientation",
    "race_color",
    "disabilities",
    "cpf",
    "cns",
    "nis",
    "residence_municipality",
)
TERM_VOCABULARY = {
    "intake_channel": "intake_channel",
    "place": "place",
    "motivation": "motivation",
    "relationship": "relationship",
    "vulnerable_group": "vulnerable_group",
}


def check_term(term, key, field):
    """Refuse a term from another vocabulary (forms and the API may send any id)."""
    if term is not None and term.vocabulary.key != key:
        raise ServiceError(_("Escolha um termo válido."), field=field)


def _apply_case(case, data):
    for field in CASE_FIELDS:
        if field in data:
            value = data[field]
            if field == "narrative":
                value = (value or "").strip()
            setattr(case, field, value)
    for field, key in TERM_VOCABULARY.items():
        if hasattr(case, field) and field in data:
            check_term(data[field], key, field)
    case.reported_on = normalize_partial(case.reported_on, case.reported_precision)
    case.occurred_on = normalize_partial(case.occurred_on, case.occurred_precision)
    if case.municipality_id and case.municipality.state.uf != settings.SERDH_STATE:
        raise ServiceError(_("Escolha um município do estado."), field="municipality")
    today = timezone.localdate()
    if case.reported_on and case.reported_on > today:
        raise ServiceError(_("A data da notificação não pode ser futura."), field="reported_on")
    if case.occurred_on and case.occurred_on > today:
        raise ServiceError(_("A data da ocorrência não pode ser futura."), field="occurred_on")
    if case.occurred_on and case.reported_on and case.occurred_on > case.reported_on:
        raise ServiceError(
            _("A ocorrência não pode ser posterior à notificação: confira as duas datas."),
            field="occurred_on",
        )


def _has_person_data(data):
    return any(data.get(f) for f in PERSON_FIELDS if f not in ("birth_precision", "sex"))


def _add_party(user, case, org, role, person_data, party_data, reuse_person=None):
    person = None
    anonymous = bool(party_data.get("is_anonymous")) and role == PartyRole.REPORTER
    if reuse_person is not None:
        person = Person.objects.restrict(user, access.VIEW).filter(pk=reuse_person.pk).first()
        if person is None:
            raise NotPermitted(_("Você não tem acesso a esta pessoa."))
    elif not anonymous and _has_person_data(person_data):
        person = people.create_person(
            org, {k: v for k, v in person_data.items() if k in PERSON_FIELDS}
        )
    age = party_data.get("age_years")
    if age is None and person_data.get("birth_date"):
        age = age_on(person_data["birth_date"], case.occurred_on or case.reported_on)
    if age is not None and not 0 <= age <= 120:
        raise ServiceError(_("Informe uma idade entre 0 e 120 anos."), field="age_years")
    ordinal = Party.objects.filter(case=case, role=role).count() + 1
    party = Party.objects.create(
        case=case,
        person=person,
        role=role,
        ordinal=ordinal,
        is_anonymous=anonymous,
        age_years=age,
        sex=person_data.get("sex") or party_data.get("sex") or "",
        notes=(party_data.get("notes") or "").strip(),
    )
    log(
        case,
        "party_added",
        _("Envolvido(a) incluído(a): %(p)s") % {"p": party.pseudonym},
        user,
        org,
    )
    return party


def _add_violation(user, case, data, org):
    type_, subtype = data["type"], data.get("subtype")
    check_term(type_, "violation_type", "type")
    if type_.parent_id is not None:
        raise ServiceError(_("Escolha o tipo; o subtipo vai no campo seguinte."), field="type")
    if subtype is not None and subtype.parent_id != type_.pk:
        raise ServiceError(_("Este subtipo não pertence ao tipo escolhido."), field="subtype")
    victim, author = data["victim"], data.get("author")
    if victim.case_id != case.pk or victim.role != PartyRole.VICTIM:
        raise ServiceError(_("Escolha uma vítima deste caso."), field="victim")
    if author is not None and (author.case_id != case.pk or author.role != PartyRole.AUTHOR):
        raise ServiceError(_("Escolha um(a) suposto(a) autor(a) deste caso."), field="author")
    for field in ("motivation", "relationship", "vulnerable_group"):
        check_term(data.get(field), TERM_VOCABULARY[field], field)
    means = list(data.get("means") or [])
    for term in means:
        check_term(term, "means", "means")
    violation = Violation.objects.create(
        case=case,
        victim=victim,
        author=author,
        type=type_,
        subtype=subtype,
        motivation=data.get("motivation"),
        relationship=data.get("relationship"),
        vulnerable_group=data.get("vulnerable_group"),
        recurrence=data.get("recurrence") or "unknown",
        created_by=user,
    )
    violation.means.set(means)
    log(
        case,
        "violation_added",
        _("Violação classificada: %(type)s (%(victim)s)")
        % {"type": subtype or type_, "victim": victim.pseudonym},
        user,
        org,
    )
    return violation


def open_case(user, data, *, victim=None, author=None, violation=None, register=False):
    """Create a case (a draft unless ``register``) with, optionally, its first victim, first
    alleged author and first violation, all or nothing."""
    with transaction.atomic():
        org = acting_organization(user)
        case = Case(organization=org, created_by=user, municipality=org.municipality)
        _apply_case(case, data)
        # A case belongs to the registering service's municipality; a state organ places it in
        # a municipality with an active adhesion (issue 11, finding 4).
        require_case_municipality(org, case.municipality)
        case.save()
        log(
            case,
            "created",
            # Registered at once, the timeline says so (its next line carries the protocol).
            (
                _("Caso aberto por %(org)s")
                if register
                else _("Caso aberto como rascunho por %(org)s")
            )
            % {"org": org.name},
            user,
            org,
        )
        victim_party = author_party = None
        if victim is not None:
            victim_party = _add_party(
                user,
                case,
                org,
                PartyRole.VICTIM,
                victim,
                victim,
                reuse_person=victim.get("reuse_person"),
            )
        if author is not None and (
            _has_person_data(author) or author.get("sex") or author.get("age_years") is not None
        ):
            author_party = _add_party(user, case, org, PartyRole.AUTHOR, author, author)
        if violation is not None and violation.get("type") is not None:
            if victim_party is None:
                raise ServiceError(_("Informe a vítima da violação."), field="type")
            _add_violation(
                user, case, {**violation, "victim": victim_party, "author": author_party}, org
            )
        audit.record("case.created", case, organization_id=org.pk)
        if register:
            _register(user, case, org)
    return case


def update_case(user, case, data):
    with transaction.atomic():
        org = acting_organization(user)
        case = lock_case(user, case, CLOSE)
        if case.status == CaseStatus.CLOSED:
            raise ServiceError(_("Reabra o caso antes de alterá-lo."))
        before = {
            f: str(getattr(case, f"{f}_id", None) or getattr(case, f, ""))
            for f in CASE_FIELDS
            if f != "narrative"
        }
        where = case.municipality_id
        _apply_case(case, data)
        # A case received by a transfer from another municipality keeps its place of
        # occurrence; only a change of it is checked against the service's municipality.
        if "municipality" in data and case.municipality_id != where:
            require_case_municipality(org, case.municipality)
        case.save()
        changed = sorted(
            f
            for f in before
            if before[f] != str(getattr(case, f"{f}_id", None) or getattr(case, f, ""))
        )
        if "narrative" in data:
            changed.append("narrative")
        log(case, "updated", _("Dados do caso alterados"), user, org)
        audit.record("case.updated", case, data={"fields": changed})
    return case


def add_party(user, case, role, person_data, party_data, reuse_person=None):
    with transaction.atomic():
        org = acting_organization(user)
        case = lock_case(user, case)
        if case.status == CaseStatus.CLOSED:
            raise ServiceError(_("Reabra o caso antes de alterá-lo."))
        party = _add_party(user, case, org, role, person_data, party_data, reuse_person)
        audit.record(
            "case.party_added",
            case,
            data={"party": party.pk, "role": role, "person": party.person_id},
        )
    return party


def add_violation(user, case, data):
    with transaction.atomic():
        org = acting_organization(user)
        case = lock_case(user, case)
        if case.status == CaseStatus.CLOSED:
            raise ServiceError(_("Reabra o caso antes de alterá-lo."))
        violation = _add_violation(user, case, data, org)
        audit.record(
            "case.violation_added",
            case,
            data={"violation": violation.pk, "type": violation.type.code},
        )
    return violation


def remove_violation(user, violation):
    with transaction.atomic():
        org = acting_organization(user)
        case = lock_case(user, violation.case)
        if case.status == CaseStatus.CLOSED:
            raise ServiceError(_("Reabra o caso antes de alterá-lo."))
        if case.status != CaseStatus.DRAFT and case.violations.count() == 1:
            raise ServiceError(_("Um caso registrado precisa de ao menos uma violação."))
        label = str(violation)
        violation.delete()
        log(case, "violation_removed", _("Classificação retirada: %(t)s") % {"t": label}, user, org)
        audit.record("case.violation_removed", case, data={"violation": violation.pk})


def next_protocol(state_code, year):
    """Gap-free numbering: the counter row is locked until the registering transaction ends,
    and rolls back with it."""
    ProtocolCounter.objects.bulk_create(
        [ProtocolCounter(state_code=state_code, year=year, last=0)], ignore_conflicts=True
    )
    counter = ProtocolCounter.objects.filter(state_code=state_code, year=year)
    counter.update(last=F("last") + 1)
    number = counter.values_list("last", flat=True).get()
    return f"{state_code}-{year}-{number:06d}"


def _register(user, case, org):
    missing = []
    if case.intake_channel_id is None:
        missing.append(_("canal de entrada"))
    if case.reported_on is None:
        missing.append(_("data da notificação"))
    if not case.parties.filter(role=PartyRole.VICTIM).exists():
        missing.append(_("ao menos uma vítima"))
    if not case.violations.exists():
        missing.append(_("ao menos uma violação classificada"))
    if missing:
        raise ServiceError(
            _("Para registrar o caso, falta: %(items)s. Você pode salvar como rascunho.")
            % {"items": ", ".join(str(m) for m in missing)}
        )
    now = timezone.now()
    case.protocol = next_protocol(case.municipality.state.uf, timezone.localdate().year)
    case.status = CaseStatus.REGISTERED
    case.registered_at = now
    case.save(update_fields=["protocol", "status", "registered_at", "updated_at"])
    log(
        case,
        "registered",
        _("Caso registrado com o protocolo %(p)s") % {"p": case.protocol},
        user,
        org,
    )
    audit.record("case.registered", case, data={"protocol": case.protocol})


def register_case(user, case):
    with transaction.atomic():
        org = acting_organization(user)
        case = lock_case(user, case, CLOSE)
        if case.status != CaseStatus.DRAFT:
            raise ServiceError(_("Este caso já foi registrado."))
        _register(user, case, org)
    return case
