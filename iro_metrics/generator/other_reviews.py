"""The service's other statutory reviews (extract contract v1.1): foster carers' annual reviews,
reviews of children placed for adoption, disruption meetings and secure accommodation reviews.

Timescales: a foster carer's approval is reviewed within a year of approval and then of the last
review (Fostering Services (England) Regulations 2011, reg. 28); a child placed for adoption within
4 weeks of the placement, 3 months later, then every 6 months (Adoption Agencies Regulations 2005,
reg. 36); a placement in secure accommodation within a month, then every 3 months (Children
(Secure Accommodation) Regulations 1991, reg. 15); a disruption meeting has none. Most are held
on time (``quotas.OTHER_REVIEW_LATE_SHARE`` late). Households join and leave the in-house
fostering service so that the count on each 31 March follows ``quotas.DUTY_QUOTAS``; disruption
meetings and secure placements are a trickle of our own (the demo's episodes carry no secure
placement code).
"""

from collections.abc import Sequence

import numpy as np
import polars as pl

from iro_metrics.generator import quotas
from iro_metrics.generator.sampling import (
    DAYS_PER_YEAR,
    add_months,
    to_previous_working_day,
    to_working_day,
    uniform_days,
    weighted_pick,
)
from iro_metrics.generator.timeline import Month, spread_yearly, year_length

OPEN = -1
HOUSEHOLD_LEAVING_SHARE = 0.08
HOUSEHOLD_YEARS_BEFORE = 10
EARLY_DAYS = 35
LATE_DAYS = 42
ADOPTION_MONTHS = (1, 3, 6)
SECURE_MONTHS = (1, 3)
SECURE_DAYS = (40, 200)
SECURE_MIN_AGE = 12.0
DISRUPTIONS_PER_YEAR = 6
SECURE_PLACEMENTS_PER_YEAR = 2


def _chain(rng: np.random.Generator, start: np.ndarray, stop: np.ndarray,
           months: Sequence[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Reviews of cases open from ``start`` up to ``stop``: the first due ``months[0]`` months
    after the start, each later one the next entry (the last repeating) after the one before;
    most held a little early, a few late. Returns (case index, held, due) day numbers."""
    alive = np.arange(len(start))
    due = add_months(start, months[0])
    none = np.empty(0, dtype=np.int64)
    cases, helds, dues = [none], [none], [none]
    number = 1
    while len(alive):
        late = rng.random(len(alive)) < quotas.OTHER_REVIEW_LATE_SHARE
        held = np.where(late, to_working_day(due + rng.integers(1, LATE_DAYS, len(alive))),
                        to_previous_working_day(due - rng.integers(0, EARLY_DAYS, len(alive))))
        held = np.maximum(held, start[alive] + 1)
        keep = held <= stop[alive]
        alive, held, due = alive[keep], held[keep], due[keep]
        cases.append(alive)
        helds.append(held)
        dues.append(due)
        due = add_months(held, months[min(number, len(months) - 1)])
        number += 1
    return np.concatenate(cases), np.concatenate(helds), np.concatenate(dues)


def _households(rng: np.random.Generator, timeline: list[Month],
                scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Approval and leaving days of in-house fostering households (OPEN while approved): each
    reporting year a few leave and new ones are approved up to the count on its 31 March."""
    first = timeline[0].first
    years = sorted({m.reporting_year for m in timeline})
    households = round(quotas.duty_quota_for(years[0]).foster_households * scale)
    approved = first - rng.integers(30, round(HOUSEHOLD_YEARS_BEFORE * DAYS_PER_YEAR), households)
    leaves = np.full(households, OPEN, dtype=np.int64)
    for year in years:
        low = min(m.first for m in timeline if m.reporting_year == year)
        high = max(m.last for m in timeline if m.reporting_year == year)
        active = leaves == OPEN
        share = HOUSEHOLD_LEAVING_SHARE * (high - low + 1) / year_length(year)
        leaving = weighted_pick(rng, active.astype(float),
                                int(rng.binomial(int(active.sum()), share)))
        leaves[leaving] = uniform_days(rng, np.full(len(leaving), low), np.full(len(leaving), high))
        wanted = round(quotas.duty_quota_for(year).foster_households * scale)
        joining = max(0, wanted - int(np.count_nonzero(leaves == OPEN)))
        approved = np.concatenate([approved, uniform_days(rng, np.full(joining, low),
                                                          np.full(joining, high))])
        leaves = np.concatenate([leaves, np.full(joining, OPEN, dtype=np.int64)])
    return approved, leaves


def _frame(review_type: str, child: np.ndarray | None, held: np.ndarray,
           due: np.ndarray) -> pl.DataFrame:
    return pl.DataFrame({
        "review_type": np.full(len(held), review_type),
        "child": pl.Series(child, dtype=pl.Int64) if child is not None
        else pl.Series([None] * len(held), dtype=pl.Int64),
        "review_day": held.astype(np.int64),
        "due_day": due.astype(np.int64),
    })


def _starting_in_months(rng: np.random.Generator, timeline: list[Month], scale: float,
                        per_year: int, cases: pl.DataFrame) -> pl.DataFrame:
    """``per_year`` cases (spread over the months) drawn among those starting in each month."""
    counts = spread_yearly(rng, timeline, lambda _: per_year, scale)
    start = cases["start"].to_numpy()
    chosen = [weighted_pick(rng, ((start >= m.first) & (start <= m.last)).astype(float), int(n))
              for m, n in zip(timeline, counts, strict=True)]
    return cases[np.concatenate(chosen)] if chosen else cases.clear()


def simulate_other_reviews(rng: np.random.Generator, timeline: list[Month], scale: float,
                           episodes: pl.DataFrame, dob: pl.DataFrame) -> pl.DataFrame:
    """Other reviews (review_type, child, review_day, due_day; OPEN where no timescale) held
    over the timeline; ``episodes`` are the looked-after episodes (child numbers, day numbers),
    ``dob`` each looked-after child's date of birth."""
    first, end_day = timeline[0].first, timeline[-1].last
    approved, leaves = _households(rng, timeline, scale)
    stop = np.where(leaves == OPEN, end_day, leaves)
    _, held, due = _chain(rng, approved, stop, (12,))
    foster = _frame("FOSTER_CARER", None, held, due)

    placements = episodes.with_columns(
        stop=pl.coalesce("episode_end", pl.lit(end_day))).rename({"episode_start": "start"})
    adoptive = placements.filter(pl.col("placement_type").is_in(["A5", "A6"]))
    case, held, due = _chain(rng, adoptive["start"].to_numpy(), adoptive["stop"].to_numpy(),
                             ADOPTION_MONTHS)
    adoption = _frame("ADOPTION", adoptive["child"].to_numpy()[case], held, due)

    moves = _starting_in_months(rng, timeline, scale, DISRUPTIONS_PER_YEAR,
                                placements.filter(pl.col("reason_new_episode") == "P"))
    met = np.minimum(to_working_day(moves["start"].to_numpy() + rng.integers(5, 26, moves.height)),
                     end_day)
    disruption = _frame("DISRUPTION", moves["child"].to_numpy(), met,
                        np.full(moves.height, OPEN))

    teenagers = placements.join(dob, on="child").filter(
        pl.col("start") - pl.col("dob") >= SECURE_MIN_AGE * DAYS_PER_YEAR)
    secure_cases = _starting_in_months(rng, timeline, scale, SECURE_PLACEMENTS_PER_YEAR, teenagers)
    secure_stop = np.minimum(secure_cases["start"].to_numpy()
                             + rng.integers(*SECURE_DAYS, secure_cases.height),
                             secure_cases["stop"].to_numpy())
    case, held, due = _chain(rng, secure_cases["start"].to_numpy(), secure_stop, SECURE_MONTHS)
    secure = _frame("SECURE", secure_cases["child"].to_numpy()[case], held, due)

    return pl.concat([foster, adoption, disruption, secure]).filter(
        pl.col("review_day").is_between(first, end_day)).sort("review_day", "review_type", "child")
