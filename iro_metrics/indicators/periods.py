"""Reporting periods: reporting years (1 April – 31 March), financial quarters, calendar months and
custom date ranges, all with both ends inclusive, and the ``--period`` text that names them."""

import datetime as dt
import re
from dataclasses import dataclass, field

import polars as pl

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
YEAR_START_MONTH = 4  # a reporting year starts on 1 April
ONE_DAY = dt.timedelta(days=1)
FAR_FUTURE = dt.date(9999, 12, 31)
"""Stands in for the missing end of something still open, where a date is needed."""
_REPORTING_YEAR = re.compile(r"(\d{4})-(\d{2})")
_DATE_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class Period:
    """A span of days, both ends inclusive, with the label shown to people (``2019-20``)."""

    start: dt.date
    end: dt.date
    label: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period {self.label} ends on {_day(self.end)}, before it starts on "
                             f"{_day(self.start)}")

    @property
    def snapshot(self) -> dt.date:
        """The date stock indicators are taken on: the period end."""
        return self.end


def open_on(start: str, end: str, day: pl.Expr | dt.date) -> list[pl.Expr]:
    """The conditions for a row running from column ``start`` to ``end`` (the first day it no
    longer covers; missing while it goes on) to be open on ``day``, as separate expressions so
    that a ``join_where`` can take them as well as a filter."""
    return [pl.col(start) <= day, pl.col(end).fill_null(FAR_FUTURE) > day]


@dataclass(frozen=True, eq=False)
class Spell:
    """What makes a row count on a day: open that day (``open_on`` its ``start`` and ``end``
    columns) and ``counts`` true, a condition of the row alone. Shared by the snapshot counts
    and the month-end series, which counts each row from its start to its end at once."""

    start: str
    end: str
    counts: pl.Expr = field(default_factory=lambda: pl.lit(True))

    def on(self, day: pl.Expr | dt.date) -> list[pl.Expr]:
        """The conditions for a row to count on ``day``."""
        return [*open_on(self.start, self.end, day), self.counts]


def parse_period(text: str) -> Period:
    """The period named by ``--period``: a reporting year ``2019-20`` or ``START:END`` in ISO dates."""
    if match := _REPORTING_YEAR.fullmatch(text):
        first, second = int(match[1]), match[2]
        if second != f"{(first + 1) % 100:02d}":
            raise ValueError(f"period '{text}' is not a reporting year: {second} does not follow "
                             f"{first} (the reporting year starting in {first} is {_year_label(first)})")
        return reporting_year(first)
    if match := _DATE_RANGE.fullmatch(text):
        start, end = (_iso_date(text, part) for part in match.groups())
        if end < start:
            raise ValueError(f"period '{text}' ends on {_day(end)}, before it starts on {_day(start)}")
        return date_range(start, end)
    raise ValueError(f"period '{text}' is not a reporting year like 2019-20 or a date range like "
                     f"2019-04-01:2020-03-31")


def date_range(start: dt.date, end: dt.date) -> Period:
    """A custom period labelled with its dates (``1 Apr 2019 to 31 Mar 2020``)."""
    return Period(start, end, f"{_day(start)} to {_day(end)}")


def reporting_year(year_start: int) -> Period:
    """The reporting year starting on 1 April of ``year_start``."""
    return Period(dt.date(year_start, YEAR_START_MONTH, 1), dt.date(year_start + 1, 3, 31),
                  _year_label(year_start))


def reporting_year_of(day: dt.date) -> Period:
    """The reporting year that contains ``day``."""
    return reporting_year(_year_start_of(day))


def reporting_years_between(first: dt.date, last: dt.date) -> list[Period]:
    """Every reporting year overlapping ``first``–``last``, in order."""
    _check_span(first, last)
    return [reporting_year(year) for year in range(_year_start_of(first), _year_start_of(last) + 1)]


def month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month end from ``first`` to ``last`` inclusive (the snapshots of a monthly trend)."""
    return [month.end for month in months(first, last) if first <= month.end <= last]


def months(first: dt.date, last: dt.date) -> list[Period]:
    """Every calendar month overlapping ``first``–``last``, whole, in order (labelled ``Apr 2019``)."""
    _check_span(first, last)
    return [_month(year, month) for year, month in _month_steps(first, last, 1)]


def quarters(first: dt.date, last: dt.date) -> list[Period]:
    """Every financial quarter (Apr–Jun … Jan–Mar) overlapping ``first``–``last``, whole, in order
    (labelled ``Q1 2019-20``)."""
    _check_span(first, last)
    return [_quarter(year, month) for year, month in _month_steps(first, last, 3)]


def previous(period: Period) -> Period:
    """The period of the same length just before ``period``, for change-on-last-period comparisons.

    A span of whole calendar months steps back by that many months (a reporting year gives the
    previous reporting year, a quarter or a month the one before); any other span steps back by its
    number of days. The result keeps a date label when ``period`` had one.
    """
    start, end = period.start, period.end
    span = _whole_months(start, end)
    if span is None:
        return date_range(start - (end - start) - ONE_DAY, start - ONE_DAY)
    year, month = _shift_month(start.year, start.month, -span)
    if period.label == date_range(start, end).label:
        return date_range(dt.date(year, month, 1), start - ONE_DAY)
    if span == 12 and month == YEAR_START_MONTH:
        return reporting_year(year)
    if span == 3 and month % 3 == YEAR_START_MONTH % 3:
        return _quarter(year, month)
    if span == 1:
        return _month(year, month)
    return date_range(dt.date(year, month, 1), start - ONE_DAY)


def _year_label(year_start: int) -> str:
    return f"{year_start}-{(year_start + 1) % 100:02d}"


def _year_start_of(day: dt.date) -> int:
    return day.year if day.month >= YEAR_START_MONTH else day.year - 1


def _day(day: dt.date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def _iso_date(text: str, part: str) -> dt.date:
    try:
        return dt.date.fromisoformat(part)
    except ValueError:
        raise ValueError(f"period '{text}' has {part}, which is not a real date") from None


def _check_span(first: dt.date, last: dt.date) -> None:
    if last < first:
        raise ValueError(f"the span ends on {_day(last)}, before it starts on {_day(first)}")


def _month_end(year: int, month: int) -> dt.date:
    next_year, next_month = _shift_month(year, month, 1)
    return dt.date(next_year, next_month, 1) - ONE_DAY


def _shift_month(year: int, month: int, months_by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months_by
    return index // 12, index % 12 + 1


def _month_steps(first: dt.date, last: dt.date, step: int) -> list[tuple[int, int]]:
    """(year, month) of each ``step``-month block, aligned to April, from the one holding ``first``
    to the one holding ``last``."""
    offset = (first.month - YEAR_START_MONTH) % step
    year, month = _shift_month(first.year, first.month, -offset)
    steps = []
    while dt.date(year, month, 1) <= last:
        steps.append((year, month))
        year, month = _shift_month(year, month, step)
    return steps


def _month(year: int, month: int) -> Period:
    return Period(dt.date(year, month, 1), _month_end(year, month), f"{MONTH_NAMES[month - 1]} {year}")


def _quarter(year: int, month: int) -> Period:
    start = dt.date(year, month, 1)
    end_year, end_month = _shift_month(year, month, 2)
    number = (month - YEAR_START_MONTH) % 12 // 3 + 1
    return Period(start, _month_end(end_year, end_month), f"Q{number} {_year_label(_year_start_of(start))}")


def _whole_months(start: dt.date, end: dt.date) -> int | None:
    """How many calendar months ``start``–``end`` covers, or None when it is not whole months."""
    if start.day != 1 or (end + ONE_DAY).day != 1:
        return None
    return (end.year - start.year) * 12 + end.month - start.month + 1
