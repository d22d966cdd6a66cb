"""The case page's official letters (through cases.extensions): number, addressee, status and
the answer's due date, for the services that see the case in full."""

from django.template.loader import render_to_string
from django.utils import timezone

from serdh.cases.models import Case
from serdh.core import access
from serdh.core.roles import CASEWORK_ROLES

from .models_letters import Letter, LetterStatus


def letters_panel(request, case, mode):
    if mode != "full" or case.registered_at is None:
        return ""
    if not access.actor_for(request.user).has_role(*CASEWORK_ROLES):
        return ""
    found = list(
        Letter.objects.filter(case=case)
        .restrict_if_any(request.user)
        .select_related("organization")
        .order_by("-issued_at", "-pk")
    )
    today = timezone.localdate()
    for letter in found:
        letter.late = letter.status == LetterStatus.ISSUED and letter.answer_due < today
    can_issue = (
        case.is_open
        and Case.objects.restrict(request.user, access.CHANGE).filter(pk=case.pk).exists()
    )
    if not found and not can_issue:
        return ""
    return render_to_string(
        "obligations/_letters_panel.html",
        {"case": case, "letters": found, "can_issue": can_issue},
        request=request,
    )
