"""Possible duplicates proposed, reviewed, merged and unmerged (issue 15).

- ``propose``: a pair of persons the matcher (batch, intake suggestion, duplicate case) thinks
  may be one, for review; idempotent while the pair waits.
- ``decide``: the reviewer (a manager of the territory, never who proposed it) says the same
  person (the pair is merged), different persons, or "não sei" (it stays in the queue).
- ``merge``: in one transaction, every row that points at the absorbed person points at the
  survivor (found generically, people.relink), the survivor's empty identity fields take the
  absorbed person's values, the absorbed person is kept and marked ``merged_into``, and a
  ``PersonMerge`` records exactly what changed.
- ``unmerge``: restores the previous persons from that record.

Merges are undone in reverse order: a merge can be undone only when no later merge, still in
force, involves either of its persons. A later merge built on the result (the survivor
absorbed a third person, or was itself absorbed) may have moved the same rows again or filled
fields from values this merge brought; undoing the older one first would move back rows that
no longer belong to the pair, or leave the later merge unable to restore its own persons.
Undoing the later merges first keeps every unmerge exact.

- ``decisions``: the reviewers' accepted and rejected pairs as (levels, is_match), the training
  data of ``matching.model.from_decisions`` (a pair whose merge was undone is left out: its
  label is in doubt).

Every decision, merge and unmerge is an audit event flagged for the auditor.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError

from . import relink
from .choices import OPEN_STATUSES, CandidateStatus, Origin  # noqa: F401 (Origin for callers)
from .models import MatchCandidate, Person, PersonMerge

REBUILDERS = relink.REBUILDERS  # the hook other modules append to (see people.relink)
DECISIONS = {
    "accept": CandidateStatus.ACCEPTED,
    "reject": CandidateStatus.REJECTED,
    "unsure": CandidateStatus.UNSURE,
}
MIN_REASON = 5


def _pk(value):
    return getattr(value, "pk", value)


def _merged_or_gone(*persons):
    return any(p.merged_into_id or p.anonymized_at for p in persons)


def propose(
    pair,
    probability,
    levels,
    origin,
    user=None,
    organization=None,
    municipality=None,
    organization_id=None,
):
    """The pair (two persons or ids) as a candidate for review. While one waits for the
    pair, it is returned unchanged; a pair already judged different returns that decision
    (the matcher does not ask again); a pair with a merged or anonymized person, or a person
    with itself, gives None. ``municipality`` (whose managers review it) defaults to either
    person's municipality of residence."""
    a_pk, b_pk = sorted(_pk(p) for p in pair)
    if a_pk == b_pk:
        return None
    persons = Person.objects.filter(pk__in=(a_pk, b_pk)).in_bulk()
    if len(persons) != 2 or _merged_or_gone(*persons.values()):
        return None
    pair_q = Q(person_a_id=a_pk, person_b_id=b_pk)
    earlier = (
        MatchCandidate.objects.filter(pair_q)
        .filter(Q(status__in=OPEN_STATUSES) | Q(status=CandidateStatus.REJECTED))
        .order_by("-pk")
        .first()
    )
    if earlier is not None:
        return earlier
    if municipality is None:
        municipality = (
            persons[a_pk].residence_municipality_id or persons[b_pk].residence_municipality_id
        )
    try:
        with transaction.atomic():
            candidate = MatchCandidate.objects.create(
                person_a_id=a_pk,
                person_b_id=b_pk,
                probability=float(probability),
                levels=[int(level) for level in levels],
                origin=origin,
                proposed_by=user,
                proposed_by_organization_id=_pk(organization) or organization_id,
                municipality_id=_pk(municipality),
            )
            audit.record(
                "match_candidate.proposed",
                candidate,
                actor=user,
                data={
                    "persons": [a_pk, b_pk],
                    "origin": origin,
                    "probability": round(float(probability), 3),
                },
            )
    except IntegrityError:  # proposed at the same moment by someone else
        return MatchCandidate.objects.filter(pair_q, status__in=OPEN_STATUSES).first()
    return candidate


def _current_levels(candidate):
    """The levels and probability of the pair as the persons are now (decrypted here only)."""
    from .matching.compare import compare
    from .matching.model import shipped
    from .matching.records import from_person

    levels = compare(from_person(candidate.person_a), from_person(candidate.person_b))[0]
    model = shipped()
    return [int(level) for level in levels], model.pair_probability(levels)


def _lock_for(model, user, obj, refusal):
    """The row of ``obj`` locked for the change, if the user may change it; else NotPermitted
    with ``refusal`` (the same whether it does not exist or is not theirs)."""
    locked = (
        model.objects.restrict(user, access.CHANGE)
        .select_for_update(of=("self",))
        .filter(pk=_pk(obj))
        .first()
    )
    if locked is None:
        raise NotPermitted(refusal)
    return locked


def decide(candidate, user, decision, note="", survivor=None):
    """Record the reviewer's decision; "accept" merges the pair (the older person, the lower
    id, survives unless ``survivor`` says otherwise). Returns the candidate."""
    status = DECISIONS.get(decision)
    if status is None:
        raise ServiceError(_("Escolha uma decisão."), field="decision")
    note = (note or "").strip()[:2000]
    with transaction.atomic():
        locked = _lock_for(
            MatchCandidate, user, candidate, _("Este par não está entre os que você pode revisar.")
        )
        if not locked.is_open:
            raise ServiceError(_("Este par já foi decidido."))
        if locked.proposed_by_id is not None and locked.proposed_by_id == user.pk:
            raise ServiceError(
                _("Quem propôs o par não pode revisá-lo: outra pessoa da gestão decide.")
            )
        if _merged_or_gone(locked.person_a, locked.person_b):
            raise ServiceError(
                _("Uma das pessoas já foi unificada com outra ou anonimizada: o par não vale mais.")
            )
        # The training data is what the reviewer saw: the pair as it is now.
        locked.levels, locked.probability = _current_levels(locked)
        locked.status = status
        locked.decided_by = user
        locked.decided_at = timezone.now()
        locked.note = note
        locked.save()
        audit.record(
            f"match_candidate.{status}",
            locked,
            flagged=True,
            reason=note[:300],
            data={
                "persons": [locked.person_a_id, locked.person_b_id],
                "probability": round(locked.probability, 3),
                "levels": locked.levels,
            },
        )
        if status == CandidateStatus.ACCEPTED:
            keep = locked.person_a
            if survivor is not None and _pk(survivor) == locked.person_b_id:
                keep = locked.person_b
            other = locked.person_b if keep.pk == locked.person_a_id else locked.person_a
            reason = note or _("Mesma pessoa, segundo a revisão do par nº %(pk)s.") % {
                "pk": locked.pk
            }
            merge(keep, other, user, reason, candidate=locked)
    return locked


def _lock_persons(*pks):
    found = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=pks).order_by("pk")}
    if len(found) != len(set(pks)):
        raise ServiceError(_("Pessoa não encontrada."))
    return [found[pk] for pk in pks]


def merge(survivor, absorbed, user, reason, candidate=None, municipality=None):
    """Merge ``absorbed`` into ``survivor`` (see the module's docstring). Callers check the
    user's access (``decide`` does, through the candidate). A uniqueness rule the move would
    break (the same person twice in one household) refuses the merge and changes nothing.
    ``municipality`` (whose managers see the merge) defaults to the candidate's, or else to
    either person's municipality of residence."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ServiceError(_("Diga por que as duas são a mesma pessoa."), field="reason")
    if _pk(survivor) == _pk(absorbed):
        raise ServiceError(_("Uma pessoa não pode ser unificada com ela mesma."))
    try:
        with transaction.atomic():
            survivor, absorbed = _lock_persons(_pk(survivor), _pk(absorbed))
            if _merged_or_gone(survivor, absorbed):
                raise ServiceError(_("Uma das pessoas já foi unificada com outra ou anonimizada."))
            clash = relink.conflicts(absorbed.pk, survivor.pk)
            if clash:
                raise relink.conflict_error(clash)
            moved = {}
            for model, field in relink.links():
                ids = relink.move(model, field, absorbed.pk, survivor.pk)
                if ids:
                    moved[relink.key(model, field)] = ids
            filled = relink.fill(survivor, absorbed)
            if filled:
                survivor.save()
            absorbed.merged_into = survivor
            absorbed.merged_at = timezone.now()
            absorbed.save(update_fields=["merged_into", "merged_at", "updated_at"])
            record = PersonMerge.objects.create(
                survivor=survivor,
                absorbed=absorbed,
                candidate=candidate,
                municipality_id=_pk(municipality)
                or (candidate.municipality_id if candidate is not None else None)
                or survivor.residence_municipality_id
                or absorbed.residence_municipality_id,
                reason=reason[:2000],
                merged_by=user,
                filled_fields=filled,
                moved=moved,
            )
            relink.rebuild(survivor, absorbed)
            audit.record(
                "person.merged",
                record,
                flagged=True,
                reason=reason[:300],
                data={
                    "survivor": survivor.pk,
                    "absorbed": absorbed.pk,
                    "candidate": candidate.pk if candidate is not None else None,
                    "moved": {k: len(v) for k, v in moved.items()},
                    "filled": sorted(filled),
                },
            )
    except IntegrityError as exc:  # a rule relink.conflicts does not know (a database one)
        raise ServiceError(
            _(
                "Não foi possível unificar: um registro ligado às duas pessoas não permite. "
                "Nada foi alterado."
            )
        ) from exc
    return record


def blocking_merge(person_merge):
    """The first later merge still in force that involves either person, or None."""
    ids = (person_merge.survivor_id, person_merge.absorbed_id)
    return (
        PersonMerge.objects.filter(undone_at__isnull=True, pk__gt=person_merge.pk)
        .filter(Q(survivor_id__in=ids) | Q(absorbed_id__in=ids))
        .order_by("pk")
        .first()
    )


def unmerge(person_merge, user, reason):
    """Restore the persons as they were before ``person_merge``: exactly the rows it moved go
    back, the fields it filled are emptied (where they still hold what it put there), the
    absorbed person is active again. Later merges of the same persons are undone first."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ServiceError(_("Diga por que a unificação deve ser desfeita."), field="reason")
    try:
        with transaction.atomic():
            locked = _lock_for(
                PersonMerge,
                user,
                person_merge,
                _("Esta unificação não está entre as que você pode desfazer."),
            )
            if locked.undone_at is not None:
                raise ServiceError(_("Esta unificação já foi desfeita."))
            later = blocking_merge(locked)
            if later is not None:
                raise ServiceError(
                    _(
                        "Desfaça antes a unificação nº %(pk)s, feita depois desta com a mesma "
                        "pessoa."
                    )
                    % {"pk": later.pk}
                )
            survivor, absorbed = _lock_persons(locked.survivor_id, locked.absorbed_id)
            if survivor.anonymized_at or absorbed.anonymized_at:
                raise ServiceError(
                    _("A pessoa foi anonimizada pela retenção: a unificação não pode ser desfeita.")
                )
            restored = {}
            for moved_key, ids in locked.moved.items():
                model, field = relink.resolve(moved_key)
                back = relink.move(model, field, survivor.pk, absorbed.pk, pks=ids)
                restored[moved_key] = len(back)
            emptied = relink.unfill(survivor, locked.filled_fields)
            if emptied:
                survivor.save()
            absorbed.merged_into = None
            absorbed.merged_at = None
            absorbed.save(update_fields=["merged_into", "merged_at", "updated_at"])
            locked.undone_at = timezone.now()
            locked.undone_by = user
            locked.undo_reason = reason[:2000]
            locked.save(update_fields=["undone_at", "undone_by", "undo_reason"])
            relink.rebuild(survivor, absorbed)
            audit.record(
                "person.unmerged",
                locked,
                flagged=True,
                reason=reason[:300],
                data={
                    "survivor": survivor.pk,
                    "absorbed": absorbed.pk,
                    "restored": restored,
                    "emptied": emptied,
                },
            )
    except IntegrityError as exc:
        raise ServiceError(
            _(
                "Não foi possível desfazer: um registro ligado às pessoas não permite. "
                "Nada foi alterado."
            )
        ) from exc
    return locked


def decisions():
    """(levels, is_match) of the reviewed pairs, for ``matching.model.from_decisions``."""
    reviewed = MatchCandidate.objects.filter(
        status__in=(CandidateStatus.ACCEPTED, CandidateStatus.REJECTED)
    ).exclude(merges__undone_at__isnull=False)
    for levels, status in reviewed.values_list("levels", "status").iterator():
        if levels:
            yield tuple(levels), status == CandidateStatus.ACCEPTED
