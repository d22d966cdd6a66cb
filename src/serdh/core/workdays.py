"""Working days (dias úteis) for legal deadlines: Monday to Friday, except national holidays.

National holidays: Lei 662/1949 (as amended by Lei 10.607/2002): 1 January, 21 April,
1 May, 7 September, 2 November, 15 November, 25 December; Lei 6.802/1980: 12 October;
Lei 14.759/2023: 20 November (from 2024); and Good Friday (Paixão de Cristo), kept as a
national day off by federal practice. Carnival and Corpus Christi are *pontos facultativos*
(not holidays) and count as working days here; state and municipal holidays are not known to
the platform (``SERDH_EXTRA_HOLIDAYS`` lists them as ISO dates).
"""

from datetime import date, timedelta
from functools import lru_cache

from django.conf import settings

FIXED = ((1, 1), (4, 21), (5, 1), (9, 7), (10, 12), (11, 2), (11, 15), (12, 25))


def easter(year):
    """Easter Sunday (the Gregorian computus, "anonymous" algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    line = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * line) // 451
    month = (h + line - 7 * m + 114) // 31
    day = ((h + line - 7 * m + 114) % 31) + 1
    return date(year, month, day)


@lru_cache(maxsize=64)
def _national(year):
    days = {date(year, m, d) for m, d in FIXED}
    if year >= 2024:
        days.add(date(year, 11, 20))
    days.add(easter(year) - timedelta(days=2))  # Good Friday
    return frozenset(days)


def holidays(year):
    extra = {
        date.fromisoformat(d)
        for d in getattr(settings, "SERDH_EXTRA_HOLIDAYS", [])
        if d.startswith(str(year))
    }
    return _national(year) | extra


def is_working_day(day):
    return day.weekday() < 5 and day not in holidays(day.year)


def add_working_days(start, count):
    """The day ``count`` working days after ``start`` (``start`` itself does not count)."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def working_days_between(start, end):
    """Working days after ``start`` up to and including ``end`` (negative if ``end`` is
    before ``start``)."""
    if end < start:
        return -working_days_between(end, start)
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        days += is_working_day(day)
    return days
