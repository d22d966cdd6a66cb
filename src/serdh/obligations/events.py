"""Obligations follow the case: after each change of the facts the rules read (an audit
listener, in the change's transaction, so a rolled-back change raises nothing)."""

from serdh.cases.models import Case, Referral

# The audit actions after which a case's obligations are worked out again. Reads and the
# room's own events are not among them.
TRIGGERS = frozenset(
    {
        "case.registered",
        "case.updated",
        "case.party_added",
        "case.violation_added",
        "case.violation_removed",
        "case.transferred",
        "case.reopened",
        "referral.sent",
        "referral.accepted",
        "referral.declined",
        "referral.cancelled",
        "referral.completed",
        "referral.started",
        "obligation.hearing_recorded",
        "obligation.proceeding_recorded",
        "obligation.measure_recorded",
        "obligation.letter_recorded",
        "obligation.sinan_recorded",
    }
)


def on_audit_event(audit_event, obj):
    if audit_event.action not in TRIGGERS:
        return
    from . import services

    if isinstance(obj, Case):
        services.evaluate(obj)
    elif isinstance(obj, Referral):
        services.evaluate(obj.case)
    elif audit_event.object_type == "cases.case":
        services.evaluate(Case(pk=int(audit_event.object_id)))
