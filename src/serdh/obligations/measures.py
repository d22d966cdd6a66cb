"""Protective measures and Maria da Penha urgent requests (issue 14): recording them, changing
their status, recording the court's decision, and the obligation the law derives from a
request (Lei 11.340/2006 art. 18: the court decides within 48 hours).

Who may receive which measure (checked here, each with its article):

- ECA art. 101 (and the requisitions of art. 136, III, a): a child or adolescent of the case,
  victim or witness, under 18 (ECA art. 2º); the requisitions may also name the guardian;
- ECA art. 129: the parents or the guardian: a party with the role "Responsável", or an
  author the case records as father, mother or caregiver of a victim;
- Lei 11.340/2006 arts. 23 and 24: a victim who is a woman (art. 5º: violence based on
  gender; art. 2º and art. 40-A: whatever her age or orientation; trans women included, as
  the STJ decided in REsp 1.977.124/SP);
- Lei 11.340/2006 art. 22: an author of the case, where the case has a woman victim.

Who applies which measure (``AppliedBy``): the Conselho Tutelar applies arts. 101, I-VII and
129, I-VII and requisitions services (ECA art. 136, I-III); the judiciary applies every ECA
measure (the others only it: art. 101 § 2º, arts. 24 and 129 sole paragraph) and the Maria da
Penha measures (art. 18-24); the police may remove the aggressor from the home where the
municipality is not the seat of a comarca (art. 12-C).
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serdh.cases.acting import acting_organization, lock_case, log
from serdh.cases.choices import PartyRole
from serdh.cases.models import Case, Party, Violation
from serdh.cases.policies import PSEUDONYMIZED
from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.network.choices import OrganizationKind
from serdh.vocabularies.models import Term
from serdh.workflow.tasks import Due, pk_link

from . import rules
from .models_measures import (
    AppliedBy,
    MeasureStatus,
    ProtectiveMeasure,
)
from .rules import is_woman

HOURS_48 = timedelta(hours=48)
FUTURE_SLACK = timedelta(minutes=5)

ECA_101, ECA_129, ECA_136 = "eca_101", "eca_129", "eca_136"
LMP_22, LMP_23, LMP_24 = "lmp_22", "lmp_23", "lmp_24"
ECA_GROUPS = (ECA_101, ECA_129, ECA_136)
LMP_GROUPS = (LMP_22, LMP_23, LMP_24)

# ECA art. 136, I and II: the Conselho Tutelar applies art. 101, I-VII and art. 129, I-VII;
# III, a: it requisitions public services. Everything else is for the judiciary.
CT_MEASURES = {
    *(
        f"{ECA_101}.{c}"
        for c in (
            "family_custody",
            "guidance",
            "school_enrolment",
            "family_programmes",
            "health_treatment",
            "substance_programme",
            "institutional_care",
        )
    ),
    *(
        f"{ECA_129}.{c}"
        for c in (
            "family_programmes",
            "substance_programme",
            "psych_treatment",
            "guidance_courses",
            "school_duty",
            "treatment_duty",
            "warning",
        )
    ),
}
# Lei 11.340/2006 art. 12-C (Lei 13.827/2019).
POLICE_MEASURES = {f"{LMP_22}.leave_home"}
# ECA art. 129: "pais ou responsável": the case's guardian, or an author recorded as such.
PARENT_RELATIONSHIPS = {"father", "mother", "caregiver"}
# Lei 11.340/2006 art. 5º and 40-A; gender identity codes of the gender_identity vocabulary.
COURT_KINDS = (OrganizationKind.CHILDHOOD_COURT,)


def group_of(term):
    """The article a measure term belongs to ("eca_101", "lmp_22"...)."""
    return term.parent.code if term.parent_id else term.code


def is_child(party):
    return party.age_years is not None and party.age_years < rules.CHILD_AGE


def _parents(case):
    """Authors the case records as father, mother or caregiver of a child victim."""
    return set(
        Violation.objects.filter(
            case=case,
            author__isnull=False,
            relationship__code__in=PARENT_RELATIONSHIPS,
            victim__age_years__lt=rules.CHILD_AGE,
        ).values_list("author_id", flat=True)
    )


def _all_parties(case):
    return list(Party.objects.filter(case=case).select_related("person").order_by("pk"))


def eligible_groups(case):
    """{group: [parties]} for the groups some party of the case may receive (two queries)."""
    parties, parents = _all_parties(case), _parents(case)
    found = {}
    for group in (*ECA_GROUPS, *LMP_GROUPS):
        eligible = eligible_parties(case, group, parties=parties, parents=parents)
        if eligible:
            found[group] = eligible
    return found


def eligible_parties(case, group, *, parties=None, parents=None):
    """The parties of the case a measure of ``group`` may be applied to."""
    parties = _all_parties(case) if parties is None else parties
    if group in (ECA_101, ECA_136):
        found = [
            p for p in parties if p.role in (PartyRole.VICTIM, PartyRole.WITNESS) and is_child(p)
        ]
        if group == ECA_136:
            found += [p for p in parties if p.role == PartyRole.GUARDIAN]
        return found
    if group == ECA_129:
        parents = _parents(case) if parents is None else parents
        return [
            p
            for p in parties
            if p.role == PartyRole.GUARDIAN or (p.role == PartyRole.AUTHOR and p.pk in parents)
        ]
    if group in (LMP_23, LMP_24):
        return [p for p in parties if p.role == PartyRole.VICTIM and is_woman(p)]
    if group == LMP_22:
        if not any(p.role == PartyRole.VICTIM and is_woman(p) for p in parties):
            return []
        return [p for p in parties if p.role == PartyRole.AUTHOR]
    return []


PARTY_ERRORS = {
    ECA_101: gettext_lazy(
        "As medidas do art. 101 do ECA são aplicadas à criança ou ao adolescente (menos de 18 "
        "anos, vítima ou testemunha). Escolha um(a) deles(as) ou registre a idade."
    ),
    ECA_136: gettext_lazy(
        "A requisição de serviço (ECA, art. 136, III, a) é feita para a criança ou o "
        "adolescente do caso ou para o seu responsável."
    ),
    ECA_129: gettext_lazy(
        "As medidas do art. 129 do ECA são aplicadas aos pais ou ao responsável: escolha o(a) "
        "responsável do caso ou o(a) autor(a) registrado(a) como pai, mãe ou cuidador(a)."
    ),
    LMP_22: gettext_lazy(
        "As medidas do art. 22 da Lei Maria da Penha obrigam o agressor de uma mulher: escolha "
        "um(a) autor(a) de caso que tenha uma mulher como vítima."
    ),
    LMP_23: gettext_lazy(
        "As medidas dos arts. 23 e 24 da Lei Maria da Penha protegem a mulher em situação de "
        "violência: escolha uma vítima mulher."
    ),
}
PARTY_ERRORS[LMP_24] = PARTY_ERRORS[LMP_23]


def measure_terms():
    """The measures that can be recorded (the items; the articles are their groups)."""
    return list(
        Term.objects.filter(
            vocabulary__key="protective_measure", is_active=True, parent__isnull=False
        )
        .select_related("parent")
        .order_by("order")
    )


def suggested_rights_groups(case):
    """The rights groups the case's violations fall under (the crosswalk of rights_group)."""
    codes = set()
    for type_code, subtype_code in Violation.objects.filter(case=case).values_list(
        "type__code", "subtype__code"
    ):
        codes.update(c for c in (type_code, subtype_code) if c)
    return [
        t
        for t in Term.objects.filter(vocabulary__key="rights_group", is_active=True)
        if codes & set(t.violation_types or [])
    ]


# --- Checks ------------------------------------------------------------------------------


def _term(value, key, field, message):
    if value is None or value == "":
        return None
    pk = getattr(value, "pk", value)
    term = (
        Term.objects.filter(vocabulary__key=key, is_active=True, pk=pk)
        .select_related("parent")
        .first()
    )
    if term is None:
        raise ServiceError(message, field=field)
    return term


def _measure_term(value, field="measure"):
    term = _term(value, "protective_measure", field, _("Escolha a medida da lista."))
    if term is None or term.parent_id is None:
        raise ServiceError(_("Escolha a medida da lista (o inciso)."), field=field)
    return term


def _check_party(case, group, party_id, field="party_id"):
    party = next((p for p in eligible_parties(case, group) if p.pk == party_id), None)
    if party is None:
        raise ServiceError(str(PARTY_ERRORS[group]), field=field)
    return party


def _check_applier(term, applied_by):
    if applied_by not in AppliedBy.values:
        raise ServiceError(_("Diga quem aplicou a medida."), field="applied_by")
    group = group_of(term)
    if applied_by == AppliedBy.CONSELHO_TUTELAR and term.code not in CT_MEASURES:
        if group == ECA_136:
            return
        raise ServiceError(
            _(
                "O Conselho Tutelar aplica só as medidas dos incisos I a VII dos arts. 101 e "
                "129 do ECA e requisita serviços (art. 136); esta medida é do Judiciário."
            ),
            field="applied_by",
        )
    if applied_by == AppliedBy.JUDICIARY and group == ECA_136:
        raise ServiceError(
            _("A requisição de serviços do art. 136, III, a, é do Conselho Tutelar."),
            field="applied_by",
        )
    if applied_by == AppliedBy.POLICE and term.code not in POLICE_MEASURES:
        raise ServiceError(
            _(
                "A autoridade policial só pode afastar o agressor do lar, e só onde o município "
                "não é sede de comarca (Lei 11.340/2006, art. 12-C)."
            ),
            field="applied_by",
        )


def _applier(organization, applied_by, applying_body):
    """(applying organization, body name): the acting service when it is the body that
    applied (a Conselho Tutelar, a court in SER-DH); else the name typed in."""
    own = (
        applied_by == AppliedBy.CONSELHO_TUTELAR
        and organization.kind == OrganizationKind.CONSELHO_TUTELAR
    ) or (applied_by == AppliedBy.JUDICIARY and organization.kind in COURT_KINDS)
    if own:
        return organization, ""
    body = (applying_body or "").strip()
    if len(body) < 3:
        raise ServiceError(
            _("Informe o órgão que aplicou a medida (o Conselho Tutelar, a vara, a delegacia)."),
            field="applying_body",
        )
    return None, body[:200]


def _past(value, field, message=None):
    if value is None:
        raise ServiceError(message or _("Informe a data."), field=field)
    if value > timezone.localdate():
        raise ServiceError(_("A data não pode estar no futuro."), field=field)


def _past_datetime(value, field):
    if value is None:
        raise ServiceError(_("Informe a data e a hora."), field=field)
    if value > timezone.now() + FUTURE_SLACK:
        raise ServiceError(_("A data e a hora não podem estar no futuro."), field=field)


def _not_before(value, start, field, message):
    if value is not None and start is not None and value < start:
        raise ServiceError(message, field=field)


def _open_case(user, case):
    case = lock_case(user, case)
    if not case.is_open:
        raise ServiceError(_("O caso não está aberto: reabra-o antes de registrar."))
    return case


def _write(user, case, organization, kind, summary, data):
    log(case, kind, summary, user, organization)
    # Re-evaluates the case's obligations (obligations.events.TRIGGERS).
    audit.record("obligation.measure_recorded", case, data=data)


# --- Measures ----------------------------------------------------------------------------


def record_measure(
    user,
    case,
    *,
    measure,
    party_id,
    applied_by,
    applied_on,
    applying_body="",
    review_on=None,
    expires_on=None,
    court="",
    process_number="",
    rights_group=None,
    violator_type=None,
    note="",
):
    """A measure applied (in force from ``applied_on``), as the Conselho Tutelar or the court
    decided it. ECA measures carry SIPIA-CT's classification (violated right, violator)."""
    term = _measure_term(measure)
    group = group_of(term)
    _check_applier(term, applied_by)
    _past(applied_on, "applied_on", _("Informe quando a medida foi aplicada."))
    _not_before(
        review_on,
        applied_on,
        "review_on",
        _("A revisão não pode ser antes da aplicação."),
    )
    _not_before(
        expires_on,
        applied_on,
        "expires_on",
        _("A validade não pode terminar antes da aplicação."),
    )
    rights = _term(
        rights_group, "rights_group", "rights_group", _("Escolha o direito violado da lista.")
    )
    violator = _term(
        violator_type, "violator_type", "violator_type", _("Escolha o agente violador da lista.")
    )
    if group in ECA_GROUPS:
        if rights is None:
            raise ServiceError(
                _("Informe o direito fundamental violado (classificação do SIPIA-CT)."),
                field="rights_group",
            )
        if violator is None:
            raise ServiceError(
                _("Informe o agente violador (classificação do SIPIA-CT)."),
                field="violator_type",
            )
    court, process_number = (court or "").strip(), (process_number or "").strip()
    if group in LMP_GROUPS and applied_by == AppliedBy.JUDICIARY and len(court) < 3:
        raise ServiceError(
            _("Informe o juízo que concedeu a medida (vara e comarca)."), field="court"
        )
    with transaction.atomic():
        organization = acting_organization(user)
        case = _open_case(user, case)
        party = _check_party(case, group, party_id)
        applying_org, body = _applier(organization, applied_by, applying_body)
        row = ProtectiveMeasure.objects.create(
            case=case,
            measure=term,
            party=party,
            applied_by=applied_by,
            applying_organization=applying_org,
            applying_body=body,
            organization=organization,
            status=MeasureStatus.IN_FORCE,
            applied_on=applied_on,
            review_on=review_on,
            expires_on=expires_on,
            court=court[:200],
            process_number=process_number[:40],
            rights_group=rights,
            violator_type=violator,
            note=(note or "").strip()[:2000],
            recorded_by=user,
        )
        _write(
            user,
            case,
            organization,
            "measure",
            _("Medida de proteção registrada: %(m)s (%(p)s)")
            % {"m": term.legal_source or term.label, "p": party.pseudonym},
            {"measure": row.pk, "term": term.code, "status": row.status},
        )
    return row


def change_measure(user, measure, *, status, review_on=None, ended_on=None, note=""):
    """The service that recorded a measure in force keeps it current: a new review date, or
    its end (fulfilled, expired) or revocation, with the date."""
    if status not in (MeasureStatus.IN_FORCE, MeasureStatus.ENDED, MeasureStatus.REVOKED):
        raise ServiceError(_("Escolha a situação da lista."), field="status")
    with transaction.atomic():
        organization = acting_organization(user)
        row = (
            ProtectiveMeasure.objects.restrict(user, access.CHANGE)
            .select_for_update()
            .filter(pk=measure.pk)
            .first()
        )
        if row is None:
            raise NotPermitted(_("Só o serviço que registrou a medida a atualiza."))
        if row.status != MeasureStatus.IN_FORCE:
            raise ServiceError(_("Só uma medida em vigor pode ser atualizada."))
        case = _open_case(user, row.case)
        if status == MeasureStatus.IN_FORCE:
            if review_on is None:
                raise ServiceError(_("Informe a nova data de revisão."), field="review_on")
            _not_before(
                review_on,
                row.applied_on,
                "review_on",
                _("A revisão não pode ser antes da aplicação."),
            )
            row.review_on = review_on
        else:
            _past(ended_on, "ended_on", _("Informe quando a medida terminou."))
            _not_before(
                ended_on,
                row.applied_on,
                "ended_on",
                _("A medida não pode terminar antes de ser aplicada."),
            )
            row.status = status
            row.ended_on = ended_on
        note = (note or "").strip()
        if note:
            row.note = (f"{row.note}\n{note}" if row.note else note)[:4000]
        row.save()
        _write(
            user,
            case,
            organization,
            "measure",
            _("Medida de proteção atualizada: %(m)s — %(s)s")
            % {"m": row.measure.legal_source or row.measure.label, "s": row.get_status_display()},
            {"measure": row.pk, "status": row.status},
        )
    return row


def counts(user):
    """What a manager learns of the measures (for the monitoring dashboard): how many, per
    article and status, on the cases of the territory they see pseudonymized. Numbers only;
    the rows stay with the services (obligations.policies)."""
    cases = Case.objects.restrict(user, PSEUDONYMIZED).values("pk")
    rows = (
        ProtectiveMeasure.objects.filter(case__in=cases)
        .values("measure__parent__code", "status")
        .annotate(n=Count("pk"))
        .order_by("measure__parent__code", "status")
    )
    return [
        {"article": r["measure__parent__code"], "status": r["status"], "count": r["n"]}
        for r in rows
    ]


def review_rows(user, organization, since=None, until=None):
    """The measures in force the service recorded, as rows of workflow's "Minhas tarefas" and
    agenda on their review date (ECA art. 99: measures are replaced when needed; the review
    date is the one the service set)."""
    qs = (
        ProtectiveMeasure.objects.restrict(user, access.CHANGE)
        .filter(organization=organization, status=MeasureStatus.IN_FORCE, review_on__isnull=False)
        .select_related("case", "measure")
        .only("id", "review_on", "measure__label", "case_id", "case__id", "case__protocol")
    )
    if since is not None:
        qs = qs.filter(review_on__gte=since)
    if until is not None:
        qs = qs.filter(review_on__lte=until)
    link = pk_link("obligations:measure_change")
    who = _("serviço")
    return [
        Due(
            m.review_on,
            _("Revisar medida de proteção: %(m)s") % {"m": m.measure.label},
            link(m.pk),
            m.case,
            who=who,
        )
        for m in qs.order_by("review_on", "pk")[:500]
    ]


def anonymize(case_ids):
    """The retention job keeps the facts (which measure, when, by whom) and drops the notes."""
    ProtectiveMeasure.objects.filter(case_id__in=list(case_ids)).update(note="")


# The Maria da Penha requests, decisions and their rule (obligations.measures_urgent).
from .measures_urgent import load_requests, record_decision, record_request  # noqa: E402,F401
