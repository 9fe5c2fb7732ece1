"""Vectorised random draws and date arithmetic on day numbers (days since 1970-01-01)."""

import datetime as dt

import numpy as np
import polars as pl

from iro_metrics.indicators.calendar import bank_holidays

EPOCH = dt.date(1970, 1, 1)
DAYS_PER_YEAR = 365.25


def day(date: dt.date) -> int:
    """The day number of a date."""
    return (date - EPOCH).days


def date_series(name: str, days: np.ndarray, missing: np.ndarray | None = None) -> pl.Series:
    """A Polars Date series from day numbers; ``missing`` marks nulls."""
    series = pl.Series(name, days.astype(np.int32)).cast(pl.Date)
    if missing is None:
        return series
    return pl.select(pl.when(pl.Series(missing)).then(None).otherwise(series).alias(name)).to_series()


def _holidays() -> np.ndarray:
    return np.array(bank_holidays(), dtype="datetime64[D]")


def add_working_days(days: np.ndarray, n: np.ndarray | int) -> np.ndarray:
    """The day ``n`` working days after each day (England and Wales): a non-working start counts
    from the working day before it, so the n-th working day after a Saturday is that after Friday."""
    shifted = np.busday_offset(days.astype("datetime64[D]"), n, roll="backward", holidays=_holidays())
    return shifted.astype(np.int64)


def to_working_day(days: np.ndarray) -> np.ndarray:
    """Each day number moved forward to the next working day (unchanged when it is one)."""
    shifted = np.busday_offset(np.asarray(days).astype("datetime64[D]"), 0, roll="forward",
                               holidays=_holidays())
    return shifted.astype(np.int64)


def working_days_between(first: int, last: int) -> np.ndarray:
    """The working days from day ``first`` to day ``last`` (inclusive) as day numbers."""
    days = np.arange(first, last + 1)
    return days[np.is_busday(days.astype("datetime64[D]"), holidays=_holidays())]


def add_months(days: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    """Day numbers plus calendar months, clamped to month end."""
    frame = pl.DataFrame({"d": date_series("d", np.asarray(days)),
                          "m": np.broadcast_to(np.asarray(months), np.shape(days)).astype(np.int64)})
    out = frame.select(pl.col("d").dt.offset_by(pl.format("{}mo", pl.col("m")))).to_series()
    return out.cast(pl.Int32).to_numpy().astype(np.int64)


def birthday(dob: np.ndarray, years: int) -> np.ndarray:
    """The day each child reaches ``years`` (29 February birthdays fall on 1 March)."""
    frame = pl.DataFrame({"d": date_series("d", np.asarray(dob))})
    out = frame.select(
        pl.date(pl.col("d").dt.year() + years, pl.col("d").dt.month(), 1)
        .dt.offset_by(pl.format("{}d", pl.col("d").dt.day() - 1))
    ).to_series()
    return out.cast(pl.Int32).to_numpy().astype(np.int64)


def weighted_pick(rng: np.random.Generator, weights: np.ndarray, k: int) -> np.ndarray:
    """Indices of ``k`` items drawn without replacement with probability ∝ ``weights``.

    Gumbel top-k: one vectorised draw, no per-item loop. Items of weight 0 are never drawn.
    """
    eligible = int(np.count_nonzero(weights > 0))
    k = min(k, eligible)
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    with np.errstate(divide="ignore"):
        keys = np.log(weights) + rng.gumbel(size=weights.shape)
    chosen = np.argpartition(-keys, k - 1)[:k]
    return np.sort(chosen)


def uniform_days(rng: np.random.Generator, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """One day number drawn uniformly in ``[low, high]`` for each pair (``high >= low``)."""
    span = np.asarray(high) - np.asarray(low) + 1
    return np.asarray(low) + np.floor(rng.random(np.shape(span)) * span).astype(np.int64)


def to_previous_working_day(days: np.ndarray) -> np.ndarray:
    """Each day number moved back to the previous working day (unchanged when it is one)."""
    shifted = np.busday_offset(np.asarray(days).astype("datetime64[D]"), 0, roll="backward",
                               holidays=_holidays())
    return shifted.astype(np.int64)


def pick_codes(rng: np.random.Generator, shares: dict[str, float], n: int) -> np.ndarray:
    """``n`` codes drawn with the given shares (normalised)."""
    codes = np.array(list(shares))
    weights = np.array(list(shares.values()), dtype=float)
    return codes[rng.choice(len(codes), size=n, p=weights / weights.sum())]


def systematic_codes(rng: np.random.Generator, shares: dict[str, float], strata: np.ndarray,
                     groups: np.ndarray | None = None) -> np.ndarray:
    """Codes for items so that each stratum's mix matches ``shares`` as closely as whole items
    allow: systematic sampling over the items in random order (items of one group, such as
    siblings, kept next to each other so they mostly share a code), each stratum from a random
    start of its own, so that the rounding of many small strata does not pile onto one code."""
    n = len(strata)
    codes = np.array(list(shares))
    bounds = np.cumsum(list(shares.values())) / sum(shares.values())
    group_key = rng.random(n) if groups is None else rng.random(int(groups.max()) + 1)[groups]
    order = np.lexsort((np.arange(n), group_key, strata))
    ranked = strata[order]
    first_of = np.searchsorted(ranked, ranked, side="left")
    size_of = np.searchsorted(ranked, ranked, side="right") - first_of
    position = (np.arange(n) - first_of + 0.5) / size_of
    share = np.mod(position + rng.random(n)[first_of], 1.0)
    out = np.empty(n, dtype=object)
    out[order] = codes[np.minimum(np.searchsorted(bounds, share, "right"), len(codes) - 1)]
    return out.astype(str)


def _march_31(years: np.ndarray) -> np.ndarray:
    unique = np.unique(years)
    days = np.array([day(dt.date(int(y), 3, 31)) for y in unique])
    return days[np.searchsorted(unique, years)]


def year_end_stratum(start: np.ndarray, end: np.ndarray, open_marker: int) -> np.ndarray:
    """For spans (start, end day numbers; ``open_marker`` while open; open on d when start <= d <
    end) a code for the set of 31 Marches on which each is open (first and last), or minus the
    31 March closing its reporting year when it is open on none.

    Stratifying systematic sampling by it makes each 31 March's stock match the shares closely:
    that stock is a union of whole strata.
    """
    start, end = np.asarray(start), np.asarray(end)
    first = _march_31(date_series("d", start).dt.offset_by("9mo").dt.year().to_numpy())
    still_open = end == open_marker
    ends = date_series("d", np.where(still_open, start, end))
    last = _march_31(ends.dt.offset_by("-3mo").dt.year().to_numpy())
    last = np.where(still_open, 0, last)
    open_on_any = still_open | (end > first)
    return np.where(open_on_any, first * 100_000 + last, -first)
