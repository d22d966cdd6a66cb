"""Reference months: the first day stands for the month; bounds are local midnights."""

from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone


def first_day(value):
    return value.replace(day=1)


def next_month(month):
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def previous_month(month):
    return date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


def bounds(month):
    """The month as [start, end) aware datetimes in the installation's time zone."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(month, time.min), tz)
    end = timezone.make_aware(datetime.combine(next_month(month), time.min), tz)
    return start, end


def due_date(month):
    """The last day to send a month's RMA: day ``SERDH_RMA_DUE_DAY`` of the next month (the
    state sets it by its own calendar with the federal system's; 15 unless configured)."""
    following = next_month(month)
    return following.replace(day=min(max(int(settings.SERDH_RMA_DUE_DAY), 1), 28))


def parse(value):
    """'2026-10' -> date(2026, 10, 1); anything else -> None."""
    try:
        year, month = (int(part) for part in str(value).split("-"))
        return date(year, month, 1)
    except (TypeError, ValueError):
        return None


def last_closed(today=None):
    """The latest month that has ended."""
    return previous_month(first_day(today or timezone.localdate()))
