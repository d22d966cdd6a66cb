"""What every SIMA write starts with: who acts, for which service, on which case."""

from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.accounts.selectors import current_membership
from serdh.core import access
from serdh.core.errors import NotPermitted
from serdh.core.roles import CASEWORK_ROLES
from serdh.network.services import require_active_adhesion

from .models import Case, CaseEvent


def acting_organization(user):
    """The service the user acts for. Only casework roles act, and only while their
    municipality's adhesion is active (AdhesionInactive says why not)."""
    membership = current_membership(user)
    if membership is None or membership.role not in CASEWORK_ROLES:
        raise NotPermitted(_("Só os serviços da rede registram e acompanham casos."))
    require_active_adhesion(membership.organization)
    return membership.organization


def lock_case(user, case, action=access.CHANGE):
    """Re-check access inside the transaction and lock the case row."""
    locked = Case.objects.restrict(user, action).select_for_update().filter(pk=case.pk).first()
    if locked is None:
        raise NotPermitted(_("Você não tem permissão para esta ação neste caso."))
    return locked


def log(case, kind, summary, user=None, organization=None, detail=""):
    """A line of the case timeline. ``summary`` must not hold names or narrative (managers
    read it); ``detail`` is encrypted and shown only with the whole case."""
    event = line(case, kind, summary, user=user, organization=organization, detail=detail)
    event.save()
    return event


def line(case, kind, summary, *, at=None, user=None, organization=None, detail=""):
    """``log``'s line, not saved yet: for writers that insert many at once (bulk_create).
    ``organization``: the Organization or its id."""
    organization_id = getattr(organization, "pk", organization)
    return CaseEvent(
        case=case,
        kind=kind,
        summary=str(summary)[:300],
        at=at or timezone.now(),
        actor=user,
        organization_id=organization_id,
        detail=detail or "",
    )
