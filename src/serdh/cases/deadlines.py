from django.db import transaction

from serdh.core import access, audit
from serdh.core.errors import NotPermitted
from serdh.core.roles import Role

from .choices import Urgency
from .models import ReferralDeadline


def set_deadlines(user, days_by_urgency):
    with transaction.atomic():
        if not access.actor_for(user).has_role(Role.STATE_MANAGER):
            raise NotPermitted
        before = dict(ReferralDeadline.objects.values_list("urgency", "days"))
        for urgency in Urgency:
            ReferralDeadline.objects.update_or_create(
                urgency=urgency.value, defaults={"days": days_by_urgency[urgency.value]}
            )
        audit.record(
            "referral.deadlines_changed",
            data={"before": before, "after": {u.value: days_by_urgency[u.value] for u in Urgency}},
        )
