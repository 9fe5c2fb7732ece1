"""The IRO's footprint on each looked-after child (extract contract v1.1): who chaired each review,
whether it confirmed a permanence plan, and the IRO's contact with the child between reviews.

The IRO Handbook (2010, 3.74 and 3.53) expects the IRO to speak with the child before each review
and to check the care plan's progress between reviews; the 2019-20 annual report says most children
were met before each review, most second and later reviews had a midway check and nearly every
second review confirmed a permanence plan (the shares are in ``quotas``).
"""

import numpy as np
import polars as pl

from iro_metrics.generator import quotas
from iro_metrics.generator.sampling import (
    add_working_days,
    pick_codes,
    systematic_codes,
    to_previous_working_day,
)
from iro_metrics.generator.timeline import reporting_year_expr

OPEN = -1
PERMANENCE_AT_FIRST_REVIEW = {"true": 0.35, "false": 0.62, "null": 0.03}
PERMANENCE_LATER = {"true": 0.90, "false": 0.07, "null": 0.03}
CONTACT_TYPES = {"PRE_REVIEW_CONTACT": 0.7, "VISIT": 0.3}
CONTACT_LEAD_WORKING_DAYS = 15
CONSULTATION_LEAD_WORKING_DAYS = 10


def holder_on(points: pl.DataFrame, allocations: pl.DataFrame, staff: pl.DataFrame) -> pl.Series:
    """For each (child, day) of ``points``, the IRO in post that day in the post the child is
    allocated to (the child's allocation starting last on or before the day, followed to whoever
    holds its post then, since an allocation follows the post); null before any allocation."""
    posts = allocations.join(staff.select("iro_id", "post"), on="iro_id").select(
        "child", "allocated_from", "post").sort("allocated_from")
    located = (
        points.select("child", "day").with_row_index("row")
        .sort("day")
        .join_asof(posts, left_on="day", right_on="allocated_from", by="child",
                   strategy="backward", check_sortedness=False)
    )
    holders = located.join(staff.select("post", "iro_id", "start", "end"), on="post").filter(
        pl.col("start") <= pl.col("day"),
        (pl.col("end") == OPEN) | (pl.col("end") > pl.col("day")),
    ).select("row", "iro_id")
    return (located.select("row").join(holders, on="row", how="left").sort("row")
            .get_column("iro_id"))


def number_reviews(reviews: pl.DataFrame, periods: pl.DataFrame) -> pl.DataFrame:
    """Reviews with their period of care's start, their number within it and the previous
    review's day (null for the first)."""
    return (
        reviews.sort("review_day")
        .join_asof(periods.select("child", period_start="start").sort("period_start"),
                   left_on="review_day", right_on="period_start", by="child",
                   strategy="backward", check_sortedness=False)
        .sort("child", "review_day")
        .with_columns(
            number=pl.int_range(1, pl.len() + 1).over("child", "period_start"),
            previous=pl.col("review_day").shift(1).over("child", "period_start"),
            year=reporting_year_expr(pl.col("review_day")),
        )
    )


def _flag(rng: np.random.Generator, share: float, strata: np.ndarray) -> np.ndarray:
    """True for ``share`` of the items of each stratum, as closely as whole items allow."""
    return systematic_codes(rng, {"yes": share, "no": 1 - share}, strata) == "yes"


def permanence(rng: np.random.Generator, numbered: pl.DataFrame) -> pl.Series:
    """Whether each review confirmed a permanence plan: nearly every second review did, fewer
    first reviews (the plan is still being made), most later ones; a few unrecorded (null)."""
    number = np.minimum(numbered["number"].to_numpy(), 3)
    strata = numbered["year"].to_numpy() * 4 + number
    code = np.select([number == 1, number == 2], [
        systematic_codes(rng, PERMANENCE_AT_FIRST_REVIEW, strata),
        systematic_codes(rng, quotas.PERMANENCE_AT_SECOND_REVIEW, strata),
    ], systematic_codes(rng, PERMANENCE_LATER, strata))
    return pl.Series("permanence_plan", code).replace_strict(
        {"true": True, "false": False, "null": None}, return_dtype=pl.Boolean)


def _before(rng: np.random.Generator, review: np.ndarray, lowest: np.ndarray,
            lead: int) -> np.ndarray:
    """A working day up to ``lead`` working days before each review, not before ``lowest``."""
    return np.maximum(add_working_days(review, -rng.integers(0, lead + 1, len(review))), lowest)


def simulate_activity(rng: np.random.Generator, numbered: pl.DataFrame,
                      first_day: int) -> pl.DataFrame:
    """The IRO's contacts (child, activity_day, activity_type) around the reviews held from
    ``first_day``: a pre-review contact or visit after the previous review before most reviews, a
    midway check between most pairs of reviews, and a consultation before about a third."""
    held = numbered.filter(pl.col("review_day") >= first_day)
    review = held["review_day"].to_numpy()
    previous = held["previous"].fill_null(OPEN).to_numpy()
    later = previous != OPEN
    lowest = np.where(later, previous + 1, held["period_start"].to_numpy())
    under_four = (held["participation_code"] == "PN0").to_numpy()
    strata = held["year"].to_numpy() * 2 + under_four
    contacted = _flag(rng, quotas.CONTACT_BEFORE_REVIEW_SHARE, strata)
    contact_day = _before(rng, review, lowest, CONTACT_LEAD_WORKING_DAYS)
    contact_type = pick_codes(rng, CONTACT_TYPES, held.height)
    gap = review - previous
    checked = _flag(rng, quotas.MIDWAY_CHECK_SHARE, np.where(later, strata, -1)) & later & (gap >= 2)
    midway = previous + np.round(gap * (0.35 + 0.3 * rng.random(held.height))).astype(np.int64)
    midway = np.clip(to_previous_working_day(np.clip(midway, previous + 1, review - 1)),
                     previous + 1, review - 1)
    consulted = rng.random(held.height) < quotas.CONSULTATION_SHARE
    consult_day = _before(rng, review, lowest, CONSULTATION_LEAD_WORKING_DAYS)
    child = held["child"].to_numpy()
    parts = [
        (contacted, contact_day, contact_type),
        (checked, midway, np.full(held.height, "MIDWAY_CHECK")),
        (consulted, consult_day, np.full(held.height, "CONSULTATION")),
    ]
    return pl.concat([
        pl.DataFrame({"child": child[mask], "activity_day": day[mask].astype(np.int64),
                      "activity_type": kind[mask].astype(str)})
        for mask, day, kind in parts
    ]).sort("activity_day", "child", "activity_type")
