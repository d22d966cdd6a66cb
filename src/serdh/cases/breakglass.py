"""Break-the-glass: a manager's justified, time-limited full view of one case, flagged in the
audit trail and reviewed by the auditor."""

import re
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.accounts.selectors import current_membership
from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role

from .acting import log
from .choices import BreakGlassReason
from .models import BreakGlass, Case
from .policies import PSEUDONYMIZED

MANAGER_ROLES = (Role.MUNICIPAL_MANAGER, Role.STATE_MANAGER)
DURATIONS = (1, 4, 8)
MIN_WORDS = 8
MIN_DISTINCT_WORDS = 6
OUTCOMES = {"justified": _("Justificado"), "unjustified": _("Não justificado")}

_WORD = re.compile(r"[^\W\d_]+")
_VOWELS = set("aeiouyáàâãéêíóôõúü")


def justification_problem(text):
    """Why ``text`` does not yet justify a full read, or None. A justification is read by the
    auditor: it needs real words (at least MIN_WORDS, MIN_DISTINCT_WORDS different ones), not
    a key held down ("aaaa…") or one word repeated."""
    words = [w.lower() for w in _WORD.findall(text or "") if len(w) >= 2]
    if len(words) < MIN_WORDS:
        return _("Explique com pelo menos %(n)s palavras por que precisa ver o caso completo.") % {
            "n": MIN_WORDS
        }
    filler = [w for w in words if len(set(w)) == 1 or not (_VOWELS & set(w))]
    distinct = set(words) - set(filler)
    most = max(words.count(w) for w in set(words))
    if len(distinct) < MIN_DISTINCT_WORDS or len(filler) * 4 > len(words) or most * 3 > len(words):
        return _(
            "A justificativa precisa dizer, com palavras, o que aconteceu e por que o caso "
            "completo é indispensável: a auditoria vai lê-la."
        )
    return None


def request_break_glass(user, case, *, justification, hours, reason_category):
    justification = (justification or "").strip()
    if reason_category not in BreakGlassReason.values:
        raise ServiceError(_("Escolha o motivo do acesso."), field="reason_category")
    if problem := justification_problem(justification):
        raise ServiceError(problem, field="justification")
    if hours not in DURATIONS:
        raise ServiceError(_("Escolha uma duração válida."), field="hours")
    with transaction.atomic():
        case = Case.objects.restrict(user, PSEUDONYMIZED).filter(pk=case.pk).first()
        if case is None:
            raise NotPermitted(_("Este caso não está no seu território."))
        membership = current_membership(user)
        now = timezone.now()
        grant = BreakGlass.objects.create(
            user=user,
            organization=membership.organization,
            case=case,
            reason_category=reason_category,
            justification=justification,
            granted_at=now,
            expires_at=now + timedelta(hours=hours),
        )
        log(
            case,
            "break_glass",
            _("Acesso excepcional da gestão (%(org)s)") % {"org": membership.organization.name},
            user,
            membership.organization,
        )
        audit.record(
            "case.break_glass",
            case,
            reason=justification,
            flagged=True,
            data={"grant": grant.pk, "hours": hours, "reason_category": reason_category},
        )
    return grant


def active_grant(user, case):
    return BreakGlass.objects.filter(user=user, case=case, expires_at__gt=timezone.now()).first()


def read_marks(user, case_id):
    """What an audit event of a read of case ``case_id`` must carry: made under an active
    break-the-glass grant, it is flagged, with the grant's id and justification. Every read
    path (case page, API, attachments) records its event with these."""
    if not access.actor_for(user).has_role(*MANAGER_ROLES):
        return {"flagged": False, "reason": "", "data": {}}
    grant = (
        BreakGlass.objects.filter(user=user, case_id=case_id, expires_at__gt=timezone.now())
        .order_by("-granted_at")
        .first()
    )
    if grant is None:
        return {"flagged": False, "reason": "", "data": {}}
    return {
        "flagged": True,
        "reason": grant.justification,
        "data": {"break_glass": grant.pk, "reason_category": grant.reason_category},
    }


def review_break_glass(user, grant, *, outcome, note=""):
    if outcome not in OUTCOMES:
        raise ServiceError(_("Escolha o resultado da revisão."), field="outcome")
    with transaction.atomic():
        grant = (
            BreakGlass.objects.restrict(user, access.CHANGE)
            .select_for_update()
            .filter(pk=grant.pk)
            .first()
        )
        if grant is None:
            raise NotPermitted(_("Só a auditoria revisa acessos excepcionais."))
        if grant.reviewed_at:
            raise ServiceError(_("Este acesso já foi revisado."))
        grant.reviewed_by = user
        grant.reviewed_at = timezone.now()
        grant.review_outcome = outcome
        grant.review_note = (note or "").strip()
        grant.save()
        audit.record(
            "break_glass.reviewed",
            grant,
            flagged=outcome == "unjustified",
            reason=grant.review_note,
            data={"outcome": outcome},
        )
    return grant


def record_read(user, action, obj=None, *, case_id, data=None):
    """Audit one read of case data, with the break-the-glass marks when there is a grant."""
    marks = read_marks(user, case_id)
    with transaction.atomic():
        return audit.record(
            action,
            obj,
            flagged=marks["flagged"],
            reason=marks["reason"],
            data={**(data or {}), **marks["data"]},
        )


def review_section(user):
    """Break-the-glass grants still waiting for the auditor's review (the review itself is on
    its own page, cases:break_glass_review)."""
    from serdh.core.approvals import Section

    if not access.actor_for(user).has_role(Role.AUDITOR):
        return None
    pending = (
        BreakGlass.objects.restrict(user)
        .filter(reviewed_at__isnull=True)
        .select_related("user", "organization", "case")
        .order_by("granted_at")[:100]
    )
    return Section(
        title=_("Acessos excepcionais aguardando revisão"),
        template="cases/_break_glass_pending.html",
        items=list(pending),
    )
