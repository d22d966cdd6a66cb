"""Who sees a unit's RMA: the unit's own workers and coordination; the municipal managers of
its municipality and the state's managers (the figures are counts; the cases behind them open
through each reader's own access to cases). Admins configure and do not read them."""

from serdh.core import access
from serdh.core.roles import Role

CASEWORK = (Role.WORKER, Role.COORDINATOR)


def territory_filter(actor, prefix="organization__"):
    """The lookups that limit units (or their reports) to what the actor answers for."""
    if actor.is_anonymous or actor.organization_id is None:
        return None
    if actor.has_role(*CASEWORK):
        return {f"{prefix}pk" if prefix else "pk": actor.organization_id}
    if actor.has_role(Role.MUNICIPAL_MANAGER):
        return {f"{prefix}municipality_id": actor.municipality_id}
    if actor.has_role(Role.STATE_MANAGER):
        return {f"{prefix}municipality__state__uf": actor.state_code}
    return None


@access.register_policy("rma.MonthlyReport")
def report_policy(actor, action, qs):
    lookups = territory_filter(actor)
    if lookups is None:
        return None
    if action != access.VIEW:
        if not actor.has_role(Role.COORDINATOR):
            return None
        lookups = {"organization_id": actor.organization_id}
    return qs.filter(**lookups)


def _readable_reports(actor):
    from .models import MonthlyReport

    return report_policy(actor, access.VIEW, MonthlyReport.objects.all())


@access.register_policy("rma.Figure")
def figure_policy(actor, action, qs):
    """A figure is read with its report, and changed only through the report's services."""
    reports = _readable_reports(actor)
    if reports is None or action != access.VIEW:
        return None
    return qs.filter(report__in=reports)


@access.register_policy("rma.FigureChange")
def figure_change_policy(actor, action, qs):
    reports = _readable_reports(actor)
    if reports is None or action != access.VIEW:
        return None
    return qs.filter(figure__report__in=reports)
