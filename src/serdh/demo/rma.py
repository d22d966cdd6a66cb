"""The demo's RMA (data/rma.json): the last months of every CRAS and CREAS counted from the
generated cases, and the CREAS Passos coordination's review and submission of some of them
(one on time, one late), through the real services; only the submission's date is moved to
the month it would have happened in."""

import json
from datetime import datetime, time, timedelta
from pathlib import Path

from django.utils import timezone

from serdh.accounts.models import User
from serdh.accounts.selectors import use_membership
from serdh.network.models import Organization
from serdh.rma import months, services
from serdh.rma.models import MonthlyReport

DATA = Path(__file__).parent / "data" / "rma.json"


def load(stdout=None):
    plan = json.loads(DATA.read_text(encoding="utf-8"))
    if MonthlyReport.objects.exists():
        return 0
    month_list = [months.last_closed()]
    for _ in range(plan["months"] - 1):
        month_list.append(months.previous_month(month_list[-1]))
    made = 0
    for unit in services.units():
        for month in month_list:
            services.ensure(unit, month)
            made += 1
    for entry in plan["submissions"]:
        _submit(entry, month_list[entry["months_ago"] - 1])
    if stdout is not None:
        stdout.write(f"{made} RMAs de demonstração contados do SIMA.")
    return made


def _submit(entry, month):
    user = User.objects.get(username=entry["coordinator"])
    use_membership(user, user.memberships.filter(is_active=True).first())
    report = MonthlyReport.objects.get(
        organization=Organization.objects.get(name=entry["unit"]), month=month
    )
    services.correct(user, report, entry.get("typed", {}), "")
    figures = {f.code: f for f in report.figures.all()}
    for fix in entry.get("corrections", []):
        value = (figures[fix["code"]].value or 0) + fix["add"]
        services.correct(user, report, {fix["code"]: value}, fix["reason"])
    services.submit(user, report)
    sent = timezone.make_aware(
        datetime.combine(months.due_date(month) + timedelta(days=entry["days_after_due"]), time(16))
    )
    MonthlyReport.objects.filter(pk=report.pk).update(submitted_at=sent, first_submitted_at=sent)
