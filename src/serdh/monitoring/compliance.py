"""Indicators of the law's obligations (issue 14): the share of obligations done on time, the
median delay of those done late or still overdue, and how many times each child victim was
heard about the violence (Lei 13.431/2017 wants it as few as possible).

Read from obligations' own tables (monitoring sits above them). As for the network's work
(monitoring.work), an obligation's territory is the responsible service's: its municipality,
and the service itself when the query names one. Only aggregates leave this module.
"""

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serdh.obligations.models import Hearing, Obligation

from .indicators import indicator
from .measures import Result, Row, _label, labels_for, share_result
from .work import WORK_BREAKDOWNS, _group_field, _start_of, in_territory, median_days_result


def _due_in_period(query):
    qs = Obligation.objects.exclude(status="void").filter(
        due_at__gte=_start_of(query.start), due_at__lt=_start_of(query.end_exclusive)
    )
    return in_territory(qs, query)


@indicator(
    code="obrigacoes_no_prazo",
    name=_("Obrigações legais cumpridas no prazo (%)"),
    definition=_(
        "Entre as obrigações legais com prazo no período (comunicação ao Conselho Tutelar, à "
        "polícia e às autoridades da pessoa idosa, notificação do SINAN, escuta especializada, "
        "depoimento especial, decisão sobre medidas protetivas): as cumpridas até o prazo, "
        "sobre todas, no serviço responsável. As que deixaram de ser exigidas não contam."
    ),
    numerator=_("obrigações cumpridas no prazo"),
    denominator=_("obrigações com prazo no período"),
    factor=100,
    unit="share",
    breakdowns=WORK_BREAKDOWNS,
)
def on_time_share(ind, query):
    on_time = Q(status="done", done_at__lte=F("due_at"))
    key = _group_field(query.breakdown)
    return share_result(ind, _due_in_period(query), on_time, key, query.breakdown)


@indicator(
    code="atraso_obrigacoes",
    name=_("Atraso das obrigações legais fora do prazo (mediana, dias)"),
    definition=_(
        "Dias entre o prazo e o cumprimento, para as obrigações com prazo no período cumpridas "
        "depois dele; as ainda não cumpridas com o prazo vencido contam até o dia da consulta."
    ),
    numerator=_("dias de atraso"),
    denominator=_("obrigações atrasadas"),
    factor=1,
    unit="days",
    breakdowns=WORK_BREAKDOWNS,
)
def median_delay(ind, query):
    now = timezone.now()
    late = _due_in_period(query).filter(
        Q(status="done", done_at__gt=F("due_at")) | Q(status="due", due_at__lt=now)
    )
    key = _group_field(query.breakdown) or "organization_id"
    spans = (
        (group, ((done_at or now) - due_at).total_seconds() / 86400)
        for group, due_at, done_at in late.values_list(key, "due_at", "done_at")
    )
    return median_days_result(ind, spans, query.breakdown)


@indicator(
    code="oitivas_por_crianca",
    name=_("Oitivas por criança ou adolescente ouvido(a)"),
    definition=_(
        "Vezes que crianças e adolescentes foram ouvidos sobre a violência no período "
        "(escuta especializada, depoimento especial, outras entrevistas), sobre quantos foram "
        "ouvidos, no município do caso. Quanto mais perto de 1, menos revitimização "
        "(Lei 13.431/2017)."
    ),
    numerator=_("oitivas"),
    denominator=_("crianças e adolescentes ouvidos"),
    factor=1,
    unit="number",
    breakdowns=("municipality",),
)
def hearings_per_child(ind, query):
    qs = Hearing.objects.filter(held_on__gte=query.start, held_on__lt=query.end_exclusive)
    qs = qs.filter(case__municipality__state_id=query.state_code)
    if query.municipality_id:
        qs = qs.filter(case__municipality_id=query.municipality_id)
    if query.organization_id:
        qs = qs.filter(organization_id=query.organization_id)
    if query.breakdown is None:
        totals = qs.aggregate(n=Count("id"), heard=Count("party", distinct=True))
        value = totals["n"] / totals["heard"] if totals["heard"] else None
        return Result(ind, [], total=value, total_numerator=totals["n"])
    key = "case__municipality_id"
    counted = qs.values(key).annotate(n=Count("id"), heard=Count("party", distinct=True))
    labels = labels_for("municipality", [row[key] for row in counted])
    rows = [
        Row(r[key], _label(labels, r[key]), r["n"] / r["heard"], r["n"], r["heard"])
        for r in counted.order_by(key)
    ]
    rows.sort(key=lambda r: -(r.value or 0))
    n = sum(r.numerator for r in rows)
    heard = sum(r.denominator for r in rows)
    return Result(ind, rows, total=n / heard if heard else None, total_numerator=n)
