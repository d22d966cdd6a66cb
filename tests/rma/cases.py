"""Cases placed in a chosen month for the RMA tests: built through the real services, then
their dates moved (registration, acceptance, follow-ups) to the month under test."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from serdh.cases import followups, registration
from serdh.cases.choices import CaseStatus
from serdh.cases.models import Case, FollowUp, Referral
from serdh.rma import months
from tests.cases.factories import acting, refer, term


def at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def violation_term(code):
    from serdh.vocabularies.models import Term

    return Term.objects.get(vocabulary__key="violation_type", code=code)


def case(
    username,
    registered_on,
    *,
    age=9,
    sex="F",
    violation="sexual.rape",
    relationship="father",
    disabilities="",
    motivation=None,
    name="Ana Beatriz Souza",
):
    user = acting(username)
    violation_term_ = violation_term(violation)
    kind = violation_term_.parent or violation_term_
    sub = violation_term_ if violation_term_.parent_id else None
    data = {
        "intake_channel": term("intake_channel"),
        "reported_on": registered_on,
        "reported_precision": "day",
        "occurred_on": registered_on,
        "occurred_precision": "day",
        "urgency": "high",
        "narrative": "Relato de teste.",
    }
    victim = {"full_name": name, "age_years": age, "sex": sex, "disabilities": disabilities}
    found = {
        "type": kind,
        "subtype": sub,
        "relationship": term("relationship", code=relationship),
        "recurrence": "repeated",
    }
    if motivation:
        found["motivation"] = term("motivation", code=motivation)
    created = registration.open_case(
        user,
        data,
        victim=victim,
        author={"full_name": "Carlos Eduardo Lima", "sex": "M", "age_years": 40},
        violation=found,
        register=True,
    )
    Case.objects.filter(pk=created.pk).update(registered_at=at(registered_on))
    return Case.objects.get(pk=created.pk)


def close(the_case, on):
    """Closed on ``on`` (closing through the service asks a supervisor's approval first,
    workflow.closure; what the RMA reads is the closure's date)."""
    Case.objects.filter(pk=the_case.pk).update(status=CaseStatus.CLOSED, closed_at=at(on))


def referred(the_case, from_user, to, accepted_by, accepted_on):
    from serdh.cases import referrals

    referral = refer(the_case, from_user=from_user, to=to)
    referrals.transition_referral(acting(accepted_by), referral, "accept")
    Referral.objects.filter(pk=referral.pk).update(
        sent_at=at(accepted_on) - timedelta(hours=2), answered_at=at(accepted_on)
    )
    return referral


def follow_up(the_case, username, kind, on):
    made = followups.record_follow_up(
        acting(username),
        the_case,
        kind=term("follow_up_kind", code=kind),
        happened_on=on,
        description="Feito",
    )
    FollowUp.objects.filter(pk=made.pk).update(happened_on=on)
    return made


def month_under_test():
    return months.last_closed()


def refer_only(the_case, from_user, to, on):
    referral = refer(the_case, from_user=from_user, to=to)
    Referral.objects.filter(pk=referral.pk).update(sent_at=at(on))
    return referral
