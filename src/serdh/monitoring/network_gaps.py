"""Where the network fails (issue 17): for state planning and the follow-up of adhesions,
by territory (the receiving service's municipality, or the whole state) and kind of service,
how the referrals sent in a period were answered: declined (and why, by the coded refusal
reasons), answered late or left past their deadline, cancelled by whoever sent them (and
why), and how long an acceptance took. The service directory adds where a kind of service
does not exist at all, so the demand had to cross to another municipality.

Every count is published through the cell-key method (referral facts carry record keys);
shares are computed from the perturbed counts, the median waiting time only over five
accepted referrals or more. Findings ("CREAS de Passos: 31% dos encaminhamentos recusados
por falta de vaga") are read from the published figures only.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.network.choices import OrganizationKind
from serdh.network.models import Municipality, Organization
from serdh.vocabularies.models import Term

from . import disclosure
from .measures import percentile, referral_facts

# A finding is worth saying when at least this share of at least this many referrals failed.
FINDING_SHARE = 20
FINDING_MIN = 10


@dataclass
class Gap:
    territory: str
    municipality_id: object  # None: the whole state
    kind: str
    kind_label: str
    sent: int
    declined: int
    late: int
    cancelled: int
    refusal_reasons: list = field(default_factory=list)  # [(label, published count)]
    cancellation_reasons: list = field(default_factory=list)
    median_hours_to_accept: object = None

    def share(self, part):
        return round(100 * min(part, self.sent) / self.sent) if self.sent else None

    @property
    def declined_share(self):
        return self.share(self.declined)

    @property
    def late_share(self):
        return self.share(self.late)

    @property
    def cancelled_share(self):
        return self.share(self.cancelled)

    @property
    def main_refusal(self):
        return self.refusal_reasons[0] if self.refusal_reasons else None


@dataclass
class Report:
    gaps: list
    findings: list
    missing_services: list  # (municipality name, kind label, referrals sent elsewhere)


def _late_condition():
    return Q(answered_late=True) | (
        Q(answered_at__isnull=True, due_date__lt=timezone.localdate()) & ~Q(status="cancelled")
    )


def _perturbed(n, key):
    return disclosure.perturb(n or 0, key or 0)


def report(query, by_municipality=True):
    """The gaps of a territory and period (``query``: monitoring.measures.Query), by kind of
    service and, with ``by_municipality``, by the receiving service's municipality."""
    qs = referral_facts(query)
    group = ["to_kind", "to_municipality_id"] if by_municipality else ["to_kind"]
    rows = (
        qs.values(*group)
        .annotate(
            n=Count("id"),
            k=Sum("record_key"),
            declined=Count("id", filter=Q(status="declined")),
            k_declined=Sum("record_key", filter=Q(status="declined")),
            late=Count("id", filter=_late_condition()),
            k_late=Sum("record_key", filter=_late_condition()),
            cancelled=Count("id", filter=Q(status="cancelled")),
            k_cancelled=Sum("record_key", filter=Q(status="cancelled")),
        )
        .order_by(*group)
    )
    reasons = defaultdict(list)
    for field_name, kind in (("refusal_id", "refusal"), ("cancellation_id", "cancellation")):
        for row in (
            qs.exclude(**{f"{field_name}__isnull": True})
            .values(*group, field_name)
            .annotate(n=Count("id"), k=Sum("record_key"))
        ):
            key = (kind, row["to_kind"], row.get("to_municipality_id"))
            reasons[key].append((row[field_name], _perturbed(row["n"], row["k"])))
    waits = defaultdict(list)
    for kind, place, hours in qs.filter(accepted=True, hours_to_answer__isnull=False).values_list(
        "to_kind", "to_municipality_id", "hours_to_answer"
    ):
        waits[(kind, place if by_municipality else None)].append(hours)
    term_ids = {t for values in reasons.values() for t, _n in values}
    labels = dict(Term.objects.filter(pk__in=term_ids).values_list("pk", "label"))
    places = dict(
        Municipality.objects.filter(
            code__in={r["to_municipality_id"] for r in rows if by_municipality}
        ).values_list("code", "name")
    )
    kinds = dict(OrganizationKind.choices)
    gaps = []
    for row in rows:
        place = row.get("to_municipality_id") if by_municipality else None
        kind = row["to_kind"]

        def named(kind_of_reason, kind=kind, place=place):
            listed = [
                (labels.get(term, "?"), n)
                for term, n in reasons[(kind_of_reason, kind, place)]
                if n
            ]
            return sorted(listed, key=lambda pair: (-pair[1], pair[0]))

        hours = waits[(kind, place)]
        gaps.append(
            Gap(
                territory=places.get(place, "") if place else _("Estado"),
                municipality_id=place,
                kind=kind,
                kind_label=str(kinds.get(kind, kind or _("não informado"))),
                sent=_perturbed(row["n"], row["k"]),
                declined=_perturbed(row["declined"], row["k_declined"]),
                late=_perturbed(row["late"], row["k_late"]),
                cancelled=_perturbed(row["cancelled"], row["k_cancelled"]),
                refusal_reasons=named("refusal"),
                cancellation_reasons=named("cancellation"),
                median_hours_to_accept=(
                    percentile(hours, 0.5) if len(hours) >= disclosure.threshold() else None
                ),
            )
        )
    gaps.sort(key=lambda g: (-(g.declined_share or 0) - (g.late_share or 0), g.territory))
    return Report(gaps, findings(gaps), missing_services(query))


def findings(gaps):
    """Plain sentences for the gaps that stand out, from the published figures."""
    out = []
    for gap in gaps:
        if gap.sent < FINDING_MIN:
            continue
        where = f"{gap.kind_label} — {gap.territory}"
        if gap.main_refusal and gap.share(gap.main_refusal[1]) >= FINDING_SHARE:
            out.append(
                _("%(w)s: %(p)s%% dos encaminhamentos recusados por “%(r)s”.")
                % {"w": where, "p": gap.share(gap.main_refusal[1]), "r": gap.main_refusal[0]}
            )
        if (gap.late_share or 0) >= FINDING_SHARE:
            out.append(
                _("%(w)s: %(p)s%% dos encaminhamentos respondidos fora do prazo ou vencidos.")
                % {"w": where, "p": gap.late_share}
            )
    return out


# The kinds of service the protection network expects in every adhering municipality.
EXPECTED_KINDS = (OrganizationKind.CRAS, OrganizationKind.CREAS, OrganizationKind.CONSELHO_TUTELAR)


def missing_services(query):
    """(municipality, kind) of the territory with no active service of an expected kind,
    and how many referrals its cases sent to that kind elsewhere (published)."""
    municipalities = Municipality.objects.filter(
        state_id=query.state_code, adhesion__status="active"
    )
    if query.municipality_id:
        municipalities = municipalities.filter(code=query.municipality_id)
    present = set(
        Organization.objects.filter(
            municipality__in=municipalities, is_active=True, kind__in=EXPECTED_KINDS
        ).values_list("municipality_id", "kind")
    )
    places = list(municipalities.order_by("name").values_list("code", "name"))
    missing = [(c, n, k) for c, n in places for k in EXPECTED_KINDS if (c, k) not in present]
    if not missing:
        return []
    # One query for all of them: referrals of the municipality's cases, by receiving kind.
    sent = {
        (row["municipality_id"], row["to_kind"]): (row["n"], row["k"])
        for row in referral_facts(query.__class__(query.state_code, query.start, query.end))
        .filter(municipality_id__in={c for c, _n, _k in missing}, to_kind__in=EXPECTED_KINDS)
        .values("municipality_id", "to_kind")
        .annotate(n=Count("id"), k=Sum("record_key"))
    }
    kinds = dict(OrganizationKind.choices)
    return [
        (name, str(kinds[kind]), _perturbed(*sent.get((code, kind), (0, 0))))
        for code, name, kind in missing
    ]
