"""Dates known only in part (occurred 'in March 2024', born 'in 1990')."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("dia exato")
    MONTH = "month", _("mês")
    YEAR = "year", _("ano")


def format_partial(value, precision):
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year}"
    if precision == DatePrecision.MONTH:
        return f"{value.month:02d}/{value.year}"
    return value.strftime("%d/%m/%Y")


def normalize_partial(value, precision):
    """Store the first day of the period, so comparisons stay meaningful."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def age_on(birth, day):
    """Whole years from ``birth`` to ``day`` (None if either is missing)."""
    if not birth or not day:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
