"""The IRO service: post holders with turnover, which IRO holds which child, and disputes.

Darlington's 2019-20 report: 5.2 FTE of IROs and CP chairs plus a 0.4 FTE agency foster-carer
reviewer. Each post is held by a succession of people; a child's allocation follows the post, so
it is split when the holder changes. Disputes (the IRO Handbook's dispute resolution process) are
a trickle, mostly resolved informally within 20 working days.
"""

import numpy as np
import polars as pl

from iro_metrics.generator.sampling import (
    DAYS_PER_YEAR,
    add_working_days,
    pick_codes,
    to_previous_working_day,
    uniform_days,
    weighted_pick,
)
from iro_metrics.generator.timeline import Month, monthly_counts

OPEN = -1
POSTS = (("IRO", 1.0), ("IRO", 1.0), ("IRO", 1.0), ("IRO", 1.0), ("IRO", 0.6),
         ("CP_CHAIR", 0.6), ("FOSTER_REVIEW", 0.4))
MEAN_TENURE_YEARS = 4.0
DISPUTE_STAGES = {"INFORMAL": 0.75, "FORMAL_1": 0.18, "FORMAL_2": 0.05, "FORMAL_3": 0.02}
DISPUTE_ISSUES = {"CARE_PLAN": 0.25, "PERMANENCE": 0.15, "PLACEMENT": 0.2, "CONTACT": 0.12,
                  "HEALTH": 0.08, "EDUCATION": 0.08, "DELAY": 0.07, "OTHER": 0.05}


def simulate_staff(rng: np.random.Generator, timeline: list[Month], scale: float) -> pl.DataFrame:
    """Post holders (iro_id, post, fte, start, end, role); successors start the day one leaves."""
    copies = max(1, round(scale))
    role = np.array([p[0] for p in POSTS] * copies)
    fte = np.array([p[1] for p in POSTS] * copies)
    n = len(role)
    first, last = timeline[0].first, timeline[-1].last
    start = first - np.round(rng.random(n) * 6 * DAYS_PER_YEAR).astype(np.int64)
    post = np.arange(n)
    rows = []
    alive = post
    holder = 0
    while len(alive):
        tenure = np.round(rng.exponential(MEAN_TENURE_YEARS, len(alive)) * DAYS_PER_YEAR)
        end = start[alive] + np.maximum(tenure.astype(np.int64), 30)
        rows.append(pl.DataFrame({"post": alive, "holder": np.full(len(alive), holder),
                                  "start": start[alive],
                                  "end": np.where(end > last, OPEN, end)}))
        start[alive] = end
        alive = alive[end <= last]
        holder += 1
    staff = pl.concat(rows).sort("post", "start")
    return staff.with_columns(
        iro_id=pl.format("IRO{}", pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(4)),
        role=pl.col("post").replace_strict(dict(enumerate(role.tolist())), return_dtype=pl.String),
        fte=pl.col("post").replace_strict(dict(enumerate(fte.tolist())), return_dtype=pl.Float64),
    )


def allocate(rng: np.random.Generator, cases: pl.DataFrame, staff: pl.DataFrame,
             roles: tuple[str, ...], end_day: int) -> pl.DataFrame:
    """Allocate each case (child, start, end) to a post of ``roles``, split at holder changes."""
    posts = staff.filter(pl.col("role").is_in(roles))["post"].unique().sort().to_numpy()
    chosen = posts[rng.integers(0, len(posts), cases.height)]
    spans = cases.with_columns(post=pl.Series(chosen), stop=pl.when(pl.col("end") == OPEN)
                               .then(pl.lit(end_day + 1)).otherwise("end"))
    holders = staff.select("post", "iro_id", h_start="start",
                           h_end=pl.when(pl.col("end") == OPEN).then(pl.lit(end_day + 1))
                           .otherwise("end"))
    return (
        spans.join(holders, on="post")
        .with_columns(allocated_from=pl.max_horizontal("start", "h_start"),
                      until=pl.min_horizontal("stop", "h_end"))
        .filter(pl.col("until") > pl.col("allocated_from"))
        .select("child", "iro_id", "allocated_from",
                allocated_to=pl.when(pl.col("until") > end_day).then(pl.lit(OPEN))
                .otherwise("until"))
        .sort("child", "allocated_from")
    )


def simulate_disputes(rng: np.random.Generator, periods: pl.DataFrame, timeline: list[Month],
                      scale: float) -> pl.DataFrame:
    """Disputes raised by IROs about looked-after children, each during the child's care."""
    counts = monthly_counts(rng, timeline, lambda q: q.disputes, scale)
    end_day = timeline[-1].last
    frames = []
    stop = np.where(periods["end"].to_numpy() == OPEN, end_day, periods["end"].to_numpy())
    start = periods["start"].to_numpy()
    for month, n in zip(timeline, counts, strict=True):
        live = (start <= month.last - 1) & (stop >= month.first + 1)
        chosen = weighted_pick(rng, live.astype(float), int(n))
        low = np.maximum(start[chosen] + 1, month.first)
        high = np.minimum(stop[chosen], month.last)
        raised = to_previous_working_day(uniform_days(rng, low, np.maximum(high, low)))
        frames.append(pl.DataFrame({"child": periods["child"].to_numpy()[chosen],
                                    "raised": np.maximum(raised, low)}))
    disputes = pl.concat(frames)
    n = disputes.height
    quick = rng.random(n) < 0.8
    working_days = np.where(quick, rng.integers(1, 21, n), rng.integers(21, 70, n))
    resolved = add_working_days(disputes["raised"].to_numpy(), working_days)
    return disputes.with_columns(
        dispute_id=pl.format("D{}", pl.int_range(1, n + 1).cast(pl.String).str.zfill(6)),
        stage=pl.Series(pick_codes(rng, DISPUTE_STAGES, n)),
        issue=pl.Series(pick_codes(rng, DISPUTE_ISSUES, n)),
        resolved=pl.Series(np.where(resolved > end_day, OPEN, resolved)),
    )

