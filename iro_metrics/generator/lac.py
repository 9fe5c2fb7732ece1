"""Looked-after children: periods of care, their SSDA903 episodes and statutory reviews.

Periods of care start and end by monthly quotas (see ``quotas``); random draws decide who and
when. A child leaves care at 18 at the latest. Reviews follow regulation 33 of the Care Planning,
Placement and Case Review (England) Regulations 2010 (first within 20 working days, second within 3
months, then every 6 months), a few late; reviews brought forward after a placement change top the
year up to its quota.
"""

from dataclasses import dataclass

import numpy as np
import polars as pl

from iro_metrics.generator import quotas
from iro_metrics.generator.sampling import (
    DAYS_PER_YEAR,
    add_months,
    add_working_days,
    birthday,
    pick_codes,
    systematic_codes,
    to_previous_working_day,
    uniform_days,
    weighted_pick,
)
from iro_metrics.generator.timeline import Month, monthly_counts, reporting_year_expr

OPEN = -1
STOCK_AGE_BANDS = ((0.0, 1.0, 0.06), (1.0, 5.0, 0.19), (5.0, 10.0, 0.26), (10.0, 16.0, 0.37),
                   (16.0, 17.95, 0.12))
ENTRY_AGE_BANDS = ((0.0, 0.08, 0.18), (0.08, 1.0, 0.08), (1.0, 5.0, 0.13), (5.0, 10.0, 0.13),
                   (10.0, 16.0, 0.36), (16.0, 17.8, 0.12))
RETURN_SHARE = 0.08
CHANGES_PER_YEAR = 1.1
MAX_CHANGES = 10
CATEGORY_OF_NEED = {"N1": 0.62, "N2": 0.03, "N3": 0.03, "N4": 0.12, "N5": 0.08, "N6": 0.02,
                    "N8": 0.10}
PARTICIPATION_4_PLUS = {"PN1": 0.38, "PN2": 0.12, "PN3": 0.04, "PN4": 0.14, "PN5": 0.16,
                        "PN6": 0.123, "PN7": 0.037}
YOUNG_CHILD_AGE = 4.0
YOUNG_CHILD_REVIEW_WEIGHT = 3.0
RETURNABLE_REASONS = ("E4A", "E13", "E41", "E8")


@dataclass(frozen=True)
class LacTables:
    """The looked-after part of the demo authority; ``child`` columns hold integer child numbers."""

    children: pl.DataFrame
    episodes: pl.DataFrame
    reviews: pl.DataFrame
    periods: pl.DataFrame


def _draw_ages(rng: np.random.Generator, bands: tuple[tuple[float, float, float], ...],
               n: int) -> np.ndarray:
    """Ages in years with each band's count fixed by its share (largest remainder), then shuffled."""
    shares = np.array([b[2] for b in bands])
    exact = n * shares / shares.sum()
    counts = np.floor(exact).astype(np.int64)
    counts[np.argsort(-(exact - counts), kind="stable")[: n - counts.sum()]] += 1
    which = rng.permutation(np.repeat(np.arange(len(bands)), counts))
    low = np.array([b[0] for b in bands])[which]
    high = np.array([b[1] for b in bands])[which]
    return low + rng.random(n) * (high - low)


class _Periods:
    """Growing arrays of periods of care while the months are simulated."""

    def __init__(self) -> None:
        self.child = np.empty(0, dtype=np.int64)
        self.dob = np.empty(0, dtype=np.int64)
        self.start = np.empty(0, dtype=np.int64)
        self.end = np.empty(0, dtype=np.int64)
        self.reason = np.empty(0, dtype=object)

    def add(self, child: np.ndarray, dob: np.ndarray, start: np.ndarray) -> None:
        self.child = np.concatenate([self.child, child])
        self.dob = np.concatenate([self.dob, dob])
        self.start = np.concatenate([self.start, start])
        self.end = np.concatenate([self.end, np.full(len(child), OPEN)])
        self.reason = np.concatenate([self.reason, np.full(len(child), None, dtype=object)])


def _end_reasons(rng: np.random.Generator, age_years: np.ndarray, years_in_care: np.ndarray,
                 entry_age: np.ndarray) -> np.ndarray:
    n = len(age_years)
    adult = pick_codes(rng, {"E17": 0.4, "E5": 0.3, "E6": 0.15, "E8": 0.15}, n)
    adoption = pick_codes(rng, {"E11": 0.7, "E12": 0.3}, n)
    permanence = pick_codes(rng, {"E45": 0.5, "E41": 0.2, "E4A": 0.3}, n)
    other = pick_codes(rng, {"E4A": 0.55, "E13": 0.1, "E41": 0.1, "E45": 0.1, "E3": 0.05,
                             "E8": 0.1}, n)
    adopted = (entry_age < 5) & (years_in_care >= 1.5) & (rng.random(n) < 0.5)
    return np.where(age_years >= 17.9, adult,
                    np.where(adopted, adoption,
                             np.where(years_in_care >= 1.5, permanence, other)))


def _simulate_periods(rng: np.random.Generator, timeline: list[Month], scale: float,
                      first_child: int) -> tuple[_Periods, int]:
    periods = _Periods()
    start_day = timeline[0].first
    stock = round(quotas.LAC_STOCK_AT_START * scale)
    age = _draw_ages(rng, STOCK_AGE_BANDS, stock)
    elapsed = np.minimum(age * 0.95, rng.exponential(2.0, stock)) * DAYS_PER_YEAR
    dob = start_day - np.round(age * DAYS_PER_YEAR).astype(np.int64)
    begun = np.minimum(start_day - 1, start_day - np.round(elapsed).astype(np.int64))
    begun = np.maximum(begun, dob)
    next_child = first_child + stock
    periods.add(np.arange(first_child, next_child), dob, begun)
    entry_age = (begun - dob) / DAYS_PER_YEAR

    starts = monthly_counts(rng, timeline, lambda q: q.lac_starts, scale)
    ceased = monthly_counts(rng, timeline, lambda q: q.lac_ceased, scale)
    start_ages = iter(_draw_ages(rng, ENTRY_AGE_BANDS, int(starts.sum())))
    carried = 0
    for month, n_start, n_cease in zip(timeline, starts, ceased, strict=True):
        start_dates = np.sort(uniform_days(rng, np.full(n_start, month.first),
                                           np.full(n_start, month.last)))
        n_return = int(rng.binomial(n_start, RETURN_SHARE))
        open_children = set(periods.child[periods.end == OPEN].tolist())
        latest = np.ones(len(periods.child), dtype=bool)
        order = np.argsort(periods.start, kind="stable")
        _, last_index = np.unique(periods.child[order][::-1], return_index=True)
        latest[:] = False
        latest[order[::-1][last_index]] = True
        returnable = (latest & (periods.end != OPEN) & (periods.end <= month.first - 30)
                      & np.isin(periods.reason, RETURNABLE_REASONS)
                      & (month.first - periods.dob < 15.5 * DAYS_PER_YEAR)
                      & ~np.isin(periods.child, list(open_children)))
        back = weighted_pick(rng, returnable.astype(float), n_return)
        new_count = n_start - len(back)
        new_age = np.array([next(start_ages) for _ in range(n_start)])[len(back):]
        new_starts = start_dates[len(back):]
        new_dob = new_starts - np.round(new_age * DAYS_PER_YEAR).astype(np.int64)
        periods.add(periods.child[back], periods.dob[back], start_dates[:len(back)])
        entry_age = np.concatenate([entry_age, (start_dates[:len(back)] - periods.dob[back])
                                    / DAYS_PER_YEAR])
        periods.add(np.arange(next_child, next_child + new_count), new_dob, new_starts)
        entry_age = np.concatenate([entry_age, new_age])
        next_child += new_count

        is_open = periods.end == OPEN
        adult_day = birthday(periods.dob, 18)
        forced = np.flatnonzero(is_open & (adult_day <= month.last))
        wanted = max(0, int(n_cease) - len(forced) - carried)
        carried = max(0, len(forced) + carried - int(n_cease))
        age_now = (month.first - periods.dob) / DAYS_PER_YEAR
        in_care = (month.first - periods.start) / DAYS_PER_YEAR
        weight = (np.where(age_now >= 17, 3.0, np.where(age_now >= 16, 1.5, 1.0))
                  * np.where(in_care < 0.5, 2.5, np.where(in_care > 3, 0.4, 1.0)))
        weight = np.where(is_open & (adult_day > month.last) & (periods.start < month.last),
                          weight, 0.0)
        chosen = weighted_pick(rng, weight, wanted)
        carried += wanted - len(chosen)
        periods.end[forced] = np.maximum(adult_day[forced], periods.start[forced] + 1)
        periods.end[chosen] = uniform_days(
            rng, np.maximum(month.first, periods.start[chosen] + 1), np.full(len(chosen), month.last))
        done = np.concatenate([forced, chosen])
        periods.reason[done] = _end_reasons(
            rng, (periods.end[done] - periods.dob[done]) / DAYS_PER_YEAR,
            (periods.end[done] - periods.start[done]) / DAYS_PER_YEAR, entry_age[done])
    return periods, next_child


def _legal_status_walk(rng: np.random.Generator, episodes: pl.DataFrame) -> pl.DataFrame:
    """Give each episode a reason for starting, a legal status and a placement, period by period."""
    last_period = episodes["period"].max()
    n_periods = last_period + 1 if isinstance(last_period, int) else 0
    age = episodes["age_at_start"].to_numpy()
    index = episodes["episode_index"].to_numpy()
    period = episodes["period"].to_numpy()
    n = episodes.height
    first_ls = pick_codes(rng, {"C2": 0.52, "V2": 0.36, "L1": 0.04, "L2": 0.04, "J2": 0.04},
                          n_periods)
    first_ls = np.where((first_ls == "J2") & (age[index == 0] < 12), "V2", first_ls)
    change = pick_codes(rng, {"P": 0.6, "L": 0.25, "T": 0.15}, n)
    status = np.empty(n, dtype=object)
    rne = np.empty(n, dtype=object)
    status[index == 0] = first_ls
    rne[index == 0] = "S"
    by_period_status = np.empty(n_periods, dtype=object)
    by_period_status[:] = first_ls
    for j in range(1, int(index.max()) + 1 if n else 0):
        at = np.flatnonzero(index == j)
        previous = by_period_status[period[at]]
        young = age[at] < 6
        moved = np.select(
            [np.isin(previous, ["L1", "L2", "L3"]), previous == "V2", previous == "C2",
             (previous == "C1") & young, previous == "J2"],
            ["C2", "C2", "C1", "E1", "V2"], default="")
        wants_legal = np.isin(change[at], ["L", "T"]) & (moved != "")
        new_status = np.where(wants_legal, moved, previous)
        rne[at] = np.where(wants_legal, change[at], "P")
        status[at] = new_status
        by_period_status[period[at]] = new_status
    placement = np.where(
        np.isin(status, ["J2"]), "K2",
        np.where(age >= 16, pick_codes(rng, {"U4": 0.35, "U5": 0.15, "K2": 0.25, "H5": 0.25}, n),
                 np.where(age >= 11,
                          pick_codes(rng, {"U1": 0.1, "U4": 0.45, "U5": 0.2, "K2": 0.2,
                                           "P1": 0.05}, n),
                          pick_codes(rng, {"U1": 0.15, "U2": 0.05, "U4": 0.5, "U5": 0.15,
                                           "U6": 0.05, "P1": 0.1}, n))))
    placement = np.where((placement == "P1") & ~np.isin(status, ["C1", "C2"]), "U4", placement)
    return episodes.with_columns(
        reason_new_episode=pl.Series(rne.astype(str)),
        legal_status=pl.Series(status.astype(str)),
        placement_type=pl.Series(placement.astype(str)),
    )


PROVIDER_BY_PLACEMENT = {"U1": "PR1", "U2": "PR1", "U3": "PR1", "U4": "PR1", "U5": "PR4",
                         "U6": "PR4", "K2": "PR4", "H5": "PR4", "P1": "PR0", "A5": "PR1",
                         "A6": "PR3", "K1": "PR1"}


def _episodes(rng: np.random.Generator, periods: pl.DataFrame, end_day: int) -> pl.DataFrame:
    """Split each period of care at random change dates into contiguous SSDA903 episodes."""
    start = periods["start"].to_numpy()
    stop = np.where(periods["end"].to_numpy() == OPEN, end_day + 1, periods["end"].to_numpy())
    years = (stop - start) / DAYS_PER_YEAR
    changes = np.minimum(rng.poisson(CHANGES_PER_YEAR * years), np.maximum(stop - start - 1, 0))
    changes = np.minimum(changes, MAX_CHANGES)
    owner = np.repeat(np.arange(periods.height), changes)
    cut = start[owner] + 1 + np.floor(rng.random(len(owner)) * (stop[owner] - start[owner] - 1))
    cuts = pl.DataFrame({"period": owner, "day": cut.astype(np.int64)}).unique(
        maintain_order=True).sort("period", "day")
    bounds = (
        pl.concat([
            periods.select(period=pl.int_range(pl.len(), dtype=pl.Int64), day="start"),
            cuts,
        ])
        .sort("period", "day")
        .with_columns(next_day=pl.col("day").shift(-1).over("period"))
        .with_columns(episode_index=pl.int_range(pl.len()).over("period"))
    )
    frame = bounds.join(periods.with_row_index("period").with_columns(pl.col("period").cast(
        pl.Int64)), on="period").sort("period", "day")
    frame = frame.with_columns(
        episode_start="day",
        episode_end=pl.coalesce("next_day", pl.when(pl.col("end") != OPEN).then("end")),
        age_at_start=(pl.col("day") - pl.col("dob")) / DAYS_PER_YEAR,
    )
    frame = _legal_status_walk(rng, frame)
    last = frame["next_day"].is_null().to_numpy()
    adopted = last & np.isin(frame["reason"].to_numpy(), ["E11", "E12"]) & (
        frame["episode_index"].to_numpy() > 0)
    status = np.where(adopted, "E1", frame["legal_status"].to_numpy())
    placement = np.where(adopted, pick_codes(rng, {"A5": 0.6, "A6": 0.4}, frame.height),
                         frame["placement_type"].to_numpy())
    previous_status = frame.select(pl.col("legal_status").shift(1).over("period")).to_series()
    rne = np.where(adopted, np.where(previous_status.to_numpy() == "E1", "P", "T"),
                   frame["reason_new_episode"].to_numpy())
    reason = frame["reason"].to_numpy()
    reason = np.where(~adopted & last & np.isin(reason, ["E11", "E12"]), "E45", reason)
    need = pick_codes(rng, CATEGORY_OF_NEED, periods.height)
    return frame.with_columns(
        legal_status=pl.Series(status.astype(str)),
        placement_type=pl.Series(placement.astype(str)),
        reason_new_episode=pl.Series(rne.astype(str)),
        category_of_need=pl.Series(need)[frame["period"]],
        reason_episode_ceased=pl.when(pl.col("episode_end").is_null()).then(None)
        .when(pl.Series(last)).then(pl.Series(reason.astype(str))).otherwise(pl.lit("X1")),
    ).with_columns(
        placement_provider=pl.col("placement_type").replace_strict(PROVIDER_BY_PLACEMENT,
                                                                    default="PR1"),
    )


def _reviews(rng: np.random.Generator, periods: pl.DataFrame, end_day: int) -> pl.DataFrame:
    """Regulation 33 reviews of every period of care up to its end (or the extract date)."""
    start = periods["start"].to_numpy()
    dob = periods["dob"].to_numpy()
    last_day = np.where(periods["end"].to_numpy() == OPEN, end_day, periods["end"].to_numpy())
    n = periods.height
    late = rng.random(n) < quotas.LAC_REVIEW_LATE_SHARE
    offset = np.where(late, 20 + rng.integers(1, 8, n), 20 - rng.integers(0, 6, n))
    current = add_working_days(start, offset)
    alive = np.arange(n)
    found_period: list[np.ndarray] = []
    found_day: list[np.ndarray] = []
    number = 1
    while len(alive):
        keep = current <= last_day[alive]
        alive, current = alive[keep], current[keep]
        found_period.append(alive)
        found_day.append(current)
        months_ahead = 3 if number == 1 else 6
        due = add_months(current, months_ahead)
        young = (due - dob[alive]) < YOUNG_CHILD_AGE * DAYS_PER_YEAR
        lead = np.where(young & (number > 1), rng.integers(20, 80, len(alive)),
                        rng.integers(0, 10 if number == 1 else 21, len(alive)))
        late = rng.random(len(alive)) < quotas.LAC_REVIEW_LATE_SHARE
        current = np.where(late, due + rng.integers(1, 15, len(alive)),
                           to_previous_working_day(due - lead))
        number += 1
    return pl.DataFrame({"period": np.concatenate(found_period).astype(np.int64),
                         "review_day": np.concatenate(found_day).astype(np.int64)})


def _top_up_reviews(rng: np.random.Generator, reviews: pl.DataFrame, episodes: pl.DataFrame,
                    timeline: list[Month], scale: float, end_day: int) -> pl.DataFrame:
    """Add reviews brought forward after a placement change until each year meets its quota."""
    moves = episodes.with_columns(
        review_day=pl.col("episode_start") + pl.Series(rng.integers(10, 30, episodes.height)),
        limit=pl.coalesce("episode_end", pl.lit(end_day)),
        weight=pl.when(pl.col("age_at_start") < YOUNG_CHILD_AGE).then(YOUNG_CHILD_REVIEW_WEIGHT)
        .otherwise(1.0),
    ).filter(pl.col("reason_new_episode").is_in(["P", "T"])).select("period", "review_day",
                                                                      "limit", "weight")
    extra_frames = []
    years = sorted({m.reporting_year for m in timeline})
    year_bounds = {y: (min(m.first for m in timeline if m.reporting_year == y),
                       max(m.last for m in timeline if m.reporting_year == y)) for y in years}
    for year in years:
        first, last = year_bounds[year]
        held = reviews.filter(pl.col("review_day").is_between(first, last)).height
        target = round(quotas.quota_for(year).lac_reviews * scale
                       * (last - first + 1) / (365 if (year + 1) % 4 else 366))
        wanted = target - held
        if wanted <= 0:
            continue
        pool = moves.filter(pl.col("review_day").is_between(first, last),
                            pl.col("review_day") <= pl.col("limit"))
        chosen = weighted_pick(rng, pool["weight"].to_numpy(), wanted)
        extra_frames.append(pool[chosen].select("period", "review_day"))
    extra = pl.concat([reviews, *extra_frames]) if extra_frames else reviews
    days = to_previous_working_day(extra["review_day"].to_numpy())
    return extra.with_columns(review_day=pl.Series(days)).unique(maintain_order=True)


def simulate_lac(rng: np.random.Generator, timeline: list[Month], scale: float,
                 first_child: int) -> tuple[LacTables, int]:
    """Simulate looked-after children over the timeline; returns the tables and next child number."""
    end_day = timeline[-1].last
    raw, next_child = _simulate_periods(rng, timeline, scale, first_child)
    periods = pl.DataFrame({
        "child": raw.child, "dob": raw.dob, "start": raw.start, "end": raw.end,
        "reason": raw.reason.astype(str),
    }).sort("child", "start")
    episodes = _episodes(rng, periods, end_day)
    reviews = _reviews(rng, periods, end_day)
    reviews = _top_up_reviews(rng, reviews, episodes, timeline, scale, end_day)
    reviews = reviews.join(periods.with_row_index("period").with_columns(
        pl.col("period").cast(pl.Int64)), on="period").sort("child", "review_day")
    under_four = reviews["review_day"].to_numpy() < birthday(reviews["dob"].to_numpy(), 4)
    year = reviews.select(reporting_year_expr(pl.col("review_day"))).to_series().to_numpy()
    code = np.where(under_four, "PN0", systematic_codes(rng, PARTICIPATION_4_PLUS, year))
    reviews = reviews.select("child", "review_day", participation_code=pl.Series(code))
    children = periods.group_by("child", maintain_order=True).agg(
        pl.col("dob").first(), first_start=pl.col("start").first(),
        first_end=pl.col("end").first())
    return LacTables(
        children=children,
        episodes=episodes.select(
            "child", "episode_start", "episode_end", "reason_new_episode", "legal_status",
            "category_of_need", "placement_type", "placement_provider", "reason_episode_ceased"),
        reviews=reviews,
        periods=periods.select("child", "start", "end"),
    ), next_child


def short_breaks(rng: np.random.Generator, timeline: list[Month], scale: float,
                 first_child: int) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """Disabled children on planned short breaks (V3/V4): many brief episodes, no reviews.

    They are left out of every looked-after count, as in DfE statistics.
    """
    n = round(quotas.SHORT_BREAK_CHILDREN * scale)
    first_day, end_day = timeline[0].first, timeline[-1].last
    age = 6 + rng.random(n) * 8
    dob = first_day - np.round(age * DAYS_PER_YEAR).astype(np.int64)
    status = pick_codes(rng, {"V3": 0.8, "V4": 0.2}, n)
    child = np.arange(first_child, first_child + n)
    begin = first_day + rng.integers(0, 60, n)
    adult = birthday(dob, 18)
    rows: list[pl.DataFrame] = []
    alive = np.arange(n)
    while len(alive):
        alive = alive[(begin[alive] <= end_day) & (begin[alive] < adult[alive] - 5)]
        stop = begin[alive] + rng.integers(2, 5, len(alive))
        rows.append(pl.DataFrame({"child": child[alive], "episode_start": begin[alive],
                                  "episode_end": stop, "legal_status": status[alive]}))
        begin[alive] = stop + rng.integers(21, 50, len(alive))
    episodes = pl.concat(rows).sort("child", "episode_start").with_columns(
        episode_end=pl.when(pl.col("episode_end") <= end_day).then("episode_end"),
        reason_new_episode=pl.lit("S"),
        category_of_need=pl.lit("N2"),
        placement_type=pl.lit("K2"),
        placement_provider=pl.lit("PR1"),
    ).with_columns(
        reason_episode_ceased=pl.when(pl.col("episode_end").is_not_null()).then(pl.lit("E8")),
    )
    children = pl.DataFrame({"child": child, "dob": dob})
    return children, episodes, first_child + n

