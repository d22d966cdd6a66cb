"""Disque 100 beside SIMA (issue 16): the complaints the ministry's open data counts for a
territory and month, and the cases SIMA registered there in the same months. Where SIMA
registers far fewer, the network may not be hearing of the violence Disque 100 hears of.

Both are counts of people's suffering and pass disclosure control like every other count
(monitoring.publishing). Complaints belong to a municipality, not to a service: with a service
chosen, there is nothing to compare.
"""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .indicators import indicator
from .measures import Result, Row, case_facts, grouped_counts
from .models import Disque100Complaint

BREAKDOWNS = ("municipality", "month")


def complaints_in(query):
    qs = Disque100Complaint.objects.filter(
        state_code=query.state_code,
        registered_month__gte=query.start,
        registered_month__lte=query.end,
    )
    if query.municipality_id:
        qs = qs.filter(municipality_id=query.municipality_id)
    return qs


NOT_BY_SERVICE = _("As denúncias do Disque 100 são do município, não de um serviço.")


@indicator(
    code="denuncias_disque100",
    name=_("Denúncias ao Disque 100"),
    definition=_(
        "Denúncias (protocolos distintos) recebidas pelo Disque 100 sobre o território, pelo mês "
        "de cadastro, segundo os dados abertos do Ministério dos Direitos Humanos importados."
    ),
    numerator=_("denúncias"),
    denominator="",
    factor=1,
    unit="count",
    breakdowns=BREAKDOWNS,
)
def complaints(ind, query):
    if query.organization_id:
        return Result(ind, [], total=None, note=str(NOT_BY_SERVICE))
    rows = grouped_counts(complaints_in(query), query.breakdown)
    return Result(ind, rows, total=sum(r.value for r in rows))


@indicator(
    code="casos_por_denuncia",
    name=_("Casos no SIMA por 100 denúncias ao Disque 100"),
    definition=_(
        "Casos registrados no SIMA no território e no período, por 100 denúncias ao Disque 100 "
        "do mesmo território e período. Bem abaixo de 100: a rede pode não estar sabendo de "
        "violações que chegam ao Disque 100."
    ),
    numerator=_("casos registrados"),
    denominator=_("denúncias ao Disque 100"),
    factor=100,
    unit="rate",
    breakdowns=BREAKDOWNS,
)
def cases_per_complaint(ind, query):
    if query.organization_id:
        return Result(ind, [], total=None, note=str(NOT_BY_SERVICE))
    heard = {r.key: r for r in grouped_counts(complaints_in(query), query.breakdown)}
    registered = {r.key: r for r in grouped_counts(case_facts(query), query.breakdown)}
    rows = []
    for key, complaint_row in heard.items():
        cases = registered[key].value if key in registered else 0
        value = cases * ind.factor / complaint_row.value if complaint_row.value else None
        keys = registered[key].key_sum if key in registered else 0
        rows.append(Row(key, complaint_row.label, value, cases, complaint_row.value, key_sum=keys))
    numerator = sum(r.numerator for r in rows)
    key_sum = sum(r.key_sum or 0 for r in rows)
    denominator = sum(r.denominator for r in rows)
    total = numerator * ind.factor / denominator if denominator else None
    if query.breakdown is None:
        rows = []
    return Result(ind, rows, total=total, total_numerator=numerator, total_key_sums=(key_sum, None))


def add_complaints(batch_id, found):
    """Record complaints read by an import: ``found`` {complaint: (state, municipality, month,
    group, violations)}. A complaint another import brought is left as it is (counted as
    existing); one this same import met in an earlier chunk gains the new violations. Returns
    (created, existing)."""
    with transaction.atomic():
        known = dict(
            Disque100Complaint.objects.filter(complaint__in=list(found)).values_list(
                "complaint", "batch_id"
            )
        )
        fresh = []
        for complaint, (state, municipality, month, group, violations) in found.items():
            if complaint in known:
                if known[complaint] == batch_id:
                    Disque100Complaint.objects.filter(complaint=complaint).update(
                        violations=F("violations") + violations
                    )
                continue
            fresh.append(
                Disque100Complaint(
                    complaint=complaint,
                    state_code=state,
                    municipality_id=municipality,
                    registered_month=month,
                    group=group[:120],
                    violations=violations,
                    batch_id=batch_id,
                )
            )
        Disque100Complaint.objects.bulk_create(fresh)
    existing = sum(1 for c in found if c in known and known[c] != batch_id)
    return len(fresh), existing


def known_complaints(complaints, batch_id=None):
    """Which of ``complaints`` an import other than ``batch_id`` brought already."""
    qs = Disque100Complaint.objects.filter(complaint__in=list(complaints))
    if batch_id is not None:
        qs = qs.exclude(batch_id=batch_id)
    return set(qs.values_list("complaint", flat=True))
