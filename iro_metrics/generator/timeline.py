"""The simulated span cut into calendar months, each tagged with its reporting year."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl

from iro_metrics.generator.quotas import DutyQuota, YearQuota, duty_quota_for, quota_for
from iro_metrics.generator.sampling import day


@dataclass(frozen=True)
class Month:
    """One calendar month clipped to the simulated span, as inclusive day numbers."""

    first: int
    last: int
    reporting_year: int


def reporting_year_of(date: dt.date) -> int:
    """The year in which the reporting year containing ``date`` starts (1 April)."""
    return date.year if date.month >= 4 else date.year - 1


def reporting_year_expr(day_number: pl.Expr) -> pl.Expr:
    """The reporting year (its starting calendar year) of a day-number expression."""
    date = day_number.cast(pl.Int32).cast(pl.Date)
    return date.dt.year() - (date.dt.month() < 4).cast(pl.Int32)


def year_length(year: int) -> int:
    """Days in the reporting year starting 1 April ``year``."""
    return (dt.date(year + 1, 4, 1) - dt.date(year, 4, 1)).days


def months(start: dt.date, end: dt.date) -> list[Month]:
    """The months from ``start`` to ``end`` (inclusive), the first and last clipped."""
    out: list[Month] = []
    cursor = dt.date(start.year, start.month, 1)
    while cursor <= end:
        following = dt.date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
        first = max(cursor, start)
        last = min(following - dt.timedelta(days=1), end)
        out.append(Month(day(first), day(last), reporting_year_of(cursor)))
        cursor = following
    return out


def monthly_counts(rng: np.random.Generator, timeline: list[Month],
                   volume: Callable[[YearQuota], float], scale: float) -> np.ndarray:
    """Each month's share of a yearly volume of the year's quota (see ``spread_yearly``)."""
    return spread_yearly(rng, timeline, lambda year: volume(quota_for(year)), scale)


def duty_counts(rng: np.random.Generator, timeline: list[Month],
                volume: Callable[[DutyQuota], float], scale: float) -> np.ndarray:
    """Each month's share of a yearly volume of the unit's duties (see ``spread_yearly``)."""
    return spread_yearly(rng, timeline, lambda year: volume(duty_quota_for(year)), scale)


def spread_yearly(rng: np.random.Generator, timeline: list[Month],
                  volume_of_year: Callable[[int], float], scale: float) -> np.ndarray:
    """Each month's share of a yearly volume: the reporting year's volume (pro rata to the days
    simulated) spread at random over its months in proportion to their days; sums are exact per
    year."""
    counts = np.zeros(len(timeline), dtype=np.int64)
    years = sorted({m.reporting_year for m in timeline})
    for year in years:
        index = [i for i, m in enumerate(timeline) if m.reporting_year == year]
        lengths = np.array([timeline[i].last - timeline[i].first + 1 for i in index], dtype=float)
        total = round(volume_of_year(year) * scale * lengths.sum() / year_length(year))
        counts[index] = rng.multinomial(total, lengths / lengths.sum())
    return counts
