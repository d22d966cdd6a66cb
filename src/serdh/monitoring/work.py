"""Indicators of the network's work (issue 13): open cases without a responsible professional,
caseload per professional, case-plan reviews overdue, and the time a coordinator takes to decide
a closure.

They are read from workflow's and cases' own tables (monitoring sits above both), not from the
facts: three are the state of the day the query runs, and all four are about a service's work.
Their territory is therefore the *service's*, as for the referral indicators (the receiving
service): the state and municipality of the service whose work is measured, and the service
itself when the query names one. A municipal manager gets their municipality's services and
nothing else. Only aggregates leave this module: no name, no case, no professional.
"""

from datetime import datetime, time

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serdh.cases.models import Case, Referral
from serdh.workflow.models import Assignment, CasePlan, ClosureRequest

from .indicators import indicator
from .measures import Result, Row, _label, labels_for, percentile

OPEN = ("registered", "in_follow_up")
FOLLOWING = ("accepted", "in_progress")  # a receiving service follows the case too
DECIDED = ("approved", "refused")
WORK_BREAKDOWNS = ("municipality", "organization")


def in_territory(qs, query, org="organization"):
    """``qs`` restricted to the query's territory through its service field ``org``."""
    qs = qs.filter(**{f"{org}__municipality__state_id": query.state_code})
    if query.municipality_id:
        qs = qs.filter(**{f"{org}__municipality_id": query.municipality_id})
    if query.organization_id:
        qs = qs.filter(**{f"{org}_id": query.organization_id})
    return qs


def _group_field(breakdown, org="organization"):
    return {"municipality": f"{org}__municipality_id", "organization": f"{org}_id"}.get(breakdown)


def _labelled(breakdown, pairs):
    """[Row] from (key, value) pairs, labelled for the breakdown."""
    labels = labels_for(breakdown, [k for k, _v in pairs])
    return [Row(k, _label(labels, k), v) for k, v in pairs]


def _counts_result(ind, qs, breakdown, org="organization", note=""):
    if breakdown is None:
        n = qs.count()
        return Result(ind, [Row(None, str(_("Total")), n)], total=n, note=note)
    key = _group_field(breakdown, org)
    pairs = [(row[key], row["n"]) for row in qs.values(key).annotate(n=Count("pk")).order_by(key)]
    rows = _labelled(breakdown, pairs)
    rows.sort(key=lambda r: (-r.value, r.label))
    return Result(ind, rows, total=sum(r.value for r in rows), note=note)


# --- 1. open cases without a responsible -------------------------------------------------------


def _without_responsible(query):
    """{(case, service, service's municipality)} for the open cases a service of the territory
    follows with nobody of its own responsible: the registering service, and each service
    that accepted a referral for the case."""

    def responsible(case_ref, org_ref):
        return Assignment.objects.filter(
            case_id=OuterRef(case_ref),
            organization_id=OuterRef(org_ref),
            is_responsible=True,
            ended_at__isnull=True,
        )

    owners = in_territory(Case.objects.filter(status__in=OPEN), query).filter(
        ~Exists(responsible("pk", "organization_id"))
    )
    receivers = in_territory(
        Referral.objects.filter(status__in=FOLLOWING, case__status__in=OPEN),
        query,
        "to_organization",
    ).filter(~Exists(responsible("case_id", "to_organization_id")))
    found = set(owners.values_list("pk", "organization_id", "organization__municipality_id"))
    found.update(
        receivers.values_list("case_id", "to_organization_id", "to_organization__municipality_id")
    )
    return found


@indicator(
    code="casos_sem_responsavel",
    name=_("Casos abertos sem técnico(a) de referência"),
    definition=_(
        "Casos abertos (registrados ou em acompanhamento), no dia da consulta, que um serviço "
        "acompanha sem ninguém do serviço como técnico(a) de referência: o serviço que "
        "registrou o caso e cada serviço que aceitou um encaminhamento dele. O período não se "
        "aplica. Por serviço, um caso conta em cada serviço que o acompanha sem responsável."
    ),
    numerator=_("casos abertos sem responsável no serviço"),
    denominator="",
    factor=1,
    unit="count",
    breakdowns=WORK_BREAKDOWNS,
)
def cases_without_responsible(ind, query):
    found = _without_responsible(query)
    total = len({case for case, _org, _m in found})
    if query.breakdown is None:
        return Result(ind, [Row(None, str(_("Total")), total)], total=total)
    position = 1 if query.breakdown == "organization" else 2
    groups = {}
    for item in found:
        groups.setdefault(item[position], set()).add(item[0])
    rows = _labelled(query.breakdown, [(k, len(v)) for k, v in groups.items()])
    rows.sort(key=lambda r: (-r.value, r.label))
    note = ""
    if query.breakdown and sum(r.value for r in rows) != total:
        note = str(_("Um caso pode estar sem responsável em mais de um serviço."))
    return Result(ind, rows, total=total, note=note)


# --- 2. caseload per professional ---------------------------------------------------------------


@indicator(
    code="casos_por_profissional",
    name=_("Casos por técnico(a) de referência (média)"),
    definition=_(
        "No dia da consulta: casos abertos com técnico(a) de referência ativo(a) no serviço, "
        "divididos pelo número de profissionais distintos que os têm. Um caso acompanhado por "
        "dois serviços conta uma vez em cada um. Nenhum profissional é identificado; o período "
        "não se aplica."
    ),
    numerator=_("casos abertos com técnico(a) de referência"),
    denominator=_("profissionais de referência"),
    factor=1,
    unit="number",
    breakdowns=WORK_BREAKDOWNS,
)
def caseload(ind, query):
    qs = in_territory(
        Assignment.objects.filter(
            is_responsible=True, ended_at__isnull=True, case__status__in=OPEN
        ),
        query,
    )
    totals = qs.aggregate(n=Count("pk"), people=Count("user_id", distinct=True))
    average = totals["n"] / totals["people"] if totals["people"] else None
    rows = []
    if query.breakdown:
        key = _group_field(query.breakdown)
        counted = (
            qs.values(key)
            .annotate(n=Count("pk"), people=Count("user_id", distinct=True))
            .order_by(key)
        )
        labels = labels_for(query.breakdown, [row[key] for row in counted])
        rows = [
            Row(
                row[key],
                _label(labels, row[key]),
                row["n"] / row["people"],
                row["n"],
                row["people"],
            )
            for row in counted
        ]
        rows.sort(key=lambda r: (-r.value, r.label))
    return Result(ind, rows, total=average, total_numerator=totals["n"])


# --- 3. plan reviews overdue --------------------------------------------------------------------


@indicator(
    code="revisoes_plano_atrasadas",
    name=_("Planos de acompanhamento com revisão atrasada"),
    definition=_(
        "No dia da consulta: planos de acompanhamento (PIA/PAF) aprovados, de casos abertos, "
        "cuja data da próxima revisão já passou. Conta no serviço que fez o plano; o período "
        "não se aplica."
    ),
    numerator=_("planos com revisão atrasada"),
    denominator="",
    factor=1,
    unit="count",
    breakdowns=WORK_BREAKDOWNS,
)
def overdue_plan_reviews(ind, query):
    qs = in_territory(
        CasePlan.objects.filter(
            status="approved",
            next_review_on__lt=timezone.localdate(),
            case__status__in=OPEN,
        ),
        query,
    )
    return _counts_result(ind, qs, query.breakdown)


# --- 4. time to decide a closure ----------------------------------------------------------------


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


@indicator(
    code="tempo_decisao_encerramento",
    name=_("Tempo até a coordenação decidir um encerramento (mediana, dias)"),
    definition=_(
        "Dias entre o pedido de encerramento do(a) técnico(a) e a decisão da coordenação "
        "(aprovado ou recusado), para os pedidos decididos no período, no serviço do pedido. "
        "Mostrado só onde o número de pedidos decididos pode ser publicado."
    ),
    numerator=_("dias até a decisão"),
    denominator=_("pedidos de encerramento decididos"),
    factor=1,
    unit="days",
    breakdowns=WORK_BREAKDOWNS,
)
def time_to_decide_closure(ind, query):
    qs = in_territory(
        ClosureRequest.objects.filter(
            status__in=DECIDED,
            decided_at__gte=_start_of(query.start),
            decided_at__lt=_start_of(query.end_exclusive),
        ),
        query,
    )
    key = _group_field(query.breakdown) or "organization_id"
    spans = (
        (group, max(0.0, (decided - requested).total_seconds() / 86400))
        for group, requested, decided in qs.values_list(key, "requested_at", "decided_at")
    )
    return median_days_result(ind, spans, query.breakdown)


def median_days_result(ind, spans, breakdown):
    """The median of (group, days) pairs, overall and by ``breakdown`` (None: overall only);
    each row's numerator is how many values it rests on."""
    groups = {}
    for group, days in spans:
        groups.setdefault(group, []).append(days)
    every = [days for values in groups.values() for days in values]
    rows = []
    if breakdown:
        labels = labels_for(breakdown, list(groups))
        rows = [Row(k, _label(labels, k), percentile(v, 0.5), len(v)) for k, v in groups.items()]
        rows.sort(key=lambda r: (-(r.value or 0), r.label))
    return Result(ind, rows, total=percentile(every, 0.5), total_numerator=len(every))
