"""Working days (England and Wales bank holidays) and calendar-month arithmetic.

"Within N working days of x" counts the working days after x up to and including the event date
(Working Together 2018); "within N months" clamps to month end (31 Jan + 1 month = 29 Feb 2020).
"""

import datetime as dt
from functools import cache

import holidays
import polars as pl

FIRST_YEAR = 2000
LAST_YEAR = 2040


@cache
def bank_holidays() -> tuple[dt.date, ...]:
    """England and Wales bank holidays, one-off holidays included, from 2000 to 2040."""
    england = holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1))
    return tuple(sorted(england.keys()))


def working_days_between(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    return pl.business_day_count(
        start + pl.duration(days=1), end + pl.duration(days=1), holidays=bank_holidays()
    ).clip(lower_bound=0)


def within_working_days(start: pl.Expr, end: pl.Expr, days: int) -> pl.Expr:
    """Whether ``end`` is within ``days`` working days of ``start`` (``working_days_between``
    at most ``days``): whether it is before ``after_working_days``."""
    return end < after_working_days(start, days)


def after_working_days(start: pl.Expr, days: int) -> pl.Expr:
    """The first day no longer within ``days`` working days of ``start``: the working day after
    the ``days``-th. It depends on the start alone, so it can be worked out once for many events
    sharing one start (the reviews of a period of care)."""
    return add_working_days(start, days + 1)


def add_working_days(start: pl.Expr, days: int | pl.Expr) -> pl.Expr:
    """The ``days``-th working day after ``start``; a non-working start counts from the working
    day before it, so that ``working_days_between(start, result) == days``."""
    return start.dt.add_business_days(days, holidays=bank_holidays(), roll="backward")


def add_months(date: pl.Expr, months: int | pl.Expr) -> pl.Expr:
    """``date`` plus whole calendar months, clamped to the end of a shorter month."""
    if isinstance(months, int):
        return date.dt.offset_by(f"{months}mo")
    return date.dt.offset_by(pl.format("{}mo", months))


def add_years(date: pl.Expr, years: int) -> pl.Expr:
    """``date`` plus whole calendar years (29 February clamps to 28 February)."""
    return date.dt.offset_by(f"{years}y")
