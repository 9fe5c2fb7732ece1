"""Child protection: section 47 enquiries, conferences and plans, simulated family by family.

Siblings share a conference, a plan's dates and its review conferences (Working Together 2018:
ICPC within 15 working days of the strategy discussion, first review within 3 months, then at most
6 months apart). Each year's conferences, plans started and plans ceased follow the quotas; the
draws decide which families, when, and how long.
"""

from dataclasses import dataclass

import numpy as np
import polars as pl

from iro_metrics.generator import quotas
from iro_metrics.generator.sampling import (
    DAYS_PER_YEAR,
    add_months,
    add_working_days,
    pick_codes,
    systematic_codes,
    to_previous_working_day,
    to_working_day,
    uniform_days,
    weighted_pick,
    year_end_stratum,
)
from iro_metrics.generator.timeline import Month, monthly_counts, reporting_year_expr, year_length

OPEN = -1
UNBORN_SHARE = 0.10
CATEGORY_SHARES = {"NEG": 0.385, "EMO": 0.445, "PHY": 0.08, "SAB": 0.08, "MUL": 0.01}
ICPC_INVITED_SHARE = 0.98
RCPC_INVITED_SHARE = 0.97
ENDS_AT_CONFERENCE_SHARE = 0.85
S47_WITHOUT_ICPC_PER_CHILD = 1.3
STOCK_AGE_YEARS = 0.6
SIBLING_SHARES = np.array([0.55, 0.25, 0.12, 0.06, 0.02])


@dataclass(frozen=True)
class CpTables:
    """The child protection part of the demo authority; ``child`` columns hold child numbers."""

    children: pl.DataFrame
    plans: pl.DataFrame
    s47: pl.DataFrame
    conferences: pl.DataFrame


def _family_sizes(rng: np.random.Generator, families: int, children: int,
                  single: np.ndarray) -> np.ndarray:
    """Sizes (1 to 5) of ``families`` sibling groups adding up to ``children`` where possible;
    ``single`` ones (unborn children) stay 1."""
    sizes = np.where(single, 1, 1 + rng.choice(len(SIBLING_SHARES), size=families,
                                               p=SIBLING_SHARES))
    for _ in range(10):
        gap = children - int(sizes.sum())
        room = ~single & ((sizes < len(SIBLING_SHARES)) if gap > 0 else (sizes > 1))
        if gap == 0 or not room.any():
            break
        chosen = weighted_pick(rng, room.astype(float), abs(gap))
        sizes[chosen] += np.sign(gap)
    return sizes


def _choose_by_children(rng: np.random.Generator, sizes: np.ndarray, weight: np.ndarray,
                        children: int) -> np.ndarray:
    """Families drawn (∝ weight) in random order while their children fit within ``children``;
    the gap left is then filled with single-child families, so the total is exact when it can be."""
    order = weighted_pick(rng, weight, int(np.count_nonzero(weight > 0)))
    if not len(order) or children <= 0:
        return np.empty(0, dtype=np.int64)
    with np.errstate(divide="ignore"):
        keys = np.log(weight[order]) + rng.gumbel(size=len(order))
    order = order[np.argsort(-keys, kind="stable")]
    fits = np.cumsum(sizes[order]) <= children
    gap = children - int(sizes[order[fits]].sum())
    singles = order[~fits & (sizes[order] == 1)][:gap]
    return np.sort(np.concatenate([order[fits], singles]))


def _families(rng: np.random.Generator, timeline: list[Month], scale: float) -> pl.DataFrame:
    """Every conference family of the span: ICPCs and transfer-ins, with sizes and outcomes."""
    icpc = monthly_counts(rng, timeline, lambda q: q.icpc_conferences, scale)
    transfer = monthly_counts(rng, timeline, lambda q: q.transfer_in_conferences, scale)
    frames = []
    for year in sorted({m.reporting_year for m in timeline}):
        index = [i for i, m in enumerate(timeline) if m.reporting_year == year]
        quota = quotas.quota_for(year)
        n_icpc, n_ti = int(icpc[index].sum()), int(transfer[index].sum())
        if n_icpc + n_ti == 0:
            continue
        days = sum(timeline[i].last - timeline[i].first + 1 for i in index)
        starts = round(quota.cp_starts * scale * days / year_length(year))
        month_of = np.concatenate([np.repeat(index, icpc[index]), np.repeat(index, transfer[index])])
        first = np.array([timeline[i].first for i in month_of])
        last = np.array([timeline[i].last for i in month_of])
        kind = np.array(["ICPC"] * n_icpc + ["TRANSFER_IN"] * n_ti)
        unborn = (kind == "ICPC") & (rng.random(len(kind)) < UNBORN_SHARE)
        ti_sizes = 1 + rng.poisson(0.3, n_ti)
        icpc_children = max(round((starts - ti_sizes.sum()) / (1 - quotas.ICPC_NO_PLAN_SHARE)),
                            n_icpc)
        sizes = np.concatenate([_family_sizes(rng, n_icpc, icpc_children, unborn[:n_icpc]),
                                ti_sizes])
        no_plan_children = icpc_children - (starts - ti_sizes.sum())
        no_plan = np.zeros(len(kind), dtype=bool)
        no_plan[_choose_by_children(rng, sizes, (kind == "ICPC").astype(float),
                                    no_plan_children)] = True
        plan_children = np.where(no_plan, 0, sizes)
        repeat = np.zeros(len(kind), dtype=bool)
        repeat[_choose_by_children(rng, sizes, ((~no_plan) & ~unborn).astype(float),
                                   round(quota.repeat_share * plan_children.sum()))] = True
        icpc_kids = np.where(kind == "ICPC", sizes, 0)
        late = np.zeros(len(kind), dtype=bool)
        late[_choose_by_children(rng, sizes, (kind == "ICPC").astype(float),
                                 round((1 - quota.icpc_timely_share) * icpc_kids.sum()))] = True
        frames.append(pl.DataFrame({
            "year": np.full(len(kind), year),
            "conference_day": to_working_day(uniform_days(rng, first, last)),
            "kind": kind, "size": sizes, "unborn": unborn, "no_plan": no_plan,
            "repeat": repeat, "late": late,
        }))
    return pl.concat(frames).filter(pl.col("conference_day") <= timeline[-1].last)


def _stock_families(rng: np.random.Generator, timeline: list[Month], scale: float) -> pl.DataFrame:
    """Families already on a plan when the span starts, with their (earlier) conference."""
    children = round(quotas.CP_STOCK_AT_START * scale)
    n = max(round(children / 1.8), 1) if children else 0
    sizes = _family_sizes(rng, n, children, np.zeros(n, dtype=bool))
    first = timeline[0].first
    begun = to_working_day(first - 1 - np.round(rng.exponential(STOCK_AGE_YEARS, n)
                                                * DAYS_PER_YEAR).astype(np.int64))
    begun = np.minimum(begun, first - 1)
    quota = quotas.quota_for(timeline[0].reporting_year - 1)
    return pl.DataFrame({
        "year": np.full(n, timeline[0].reporting_year - 1), "conference_day": begun,
        "kind": np.full(n, "ICPC"), "size": sizes, "unborn": np.zeros(n, dtype=bool),
        "no_plan": np.zeros(n, dtype=bool), "repeat": rng.random(n) < quota.repeat_share,
        "late": np.zeros(n, dtype=bool),
    })


def _schedule(rng: np.random.Generator, start: np.ndarray, sizes: np.ndarray,
              end_day: int) -> pl.DataFrame:
    """Review conferences each family plan would have if it stayed open: within 3 months of the
    start, then at most 6 months apart (held 10 to 40 days early, leaving room for the reviews
    brought forward that fill each year's quota), a few late. Only plans for one child have late
    reviews (``RCPC_LATE_SHARE`` of them): siblings share a conference, and one late conference
    for five would take ten points off a 31 March figure of some 50 children, where the
    report's 98% is one child."""
    late_family = (sizes == 1) & (rng.random(len(start)) < quotas.RCPC_LATE_SHARE)
    alive = np.arange(len(start))
    previous = start.copy()
    found_family, found_day = [], []
    number = 1
    while len(alive):
        due = add_months(previous[alive], 3 if number == 1 else 6)
        lead = rng.integers(0, 15) if number == 1 else rng.integers(10, 40, len(alive))
        late = late_family[alive] & (rng.random(len(alive)) < 0.5)
        held = np.where(late, to_working_day(due + rng.integers(5, 40, len(alive))),
                        to_previous_working_day(due - lead))
        keep = held <= end_day
        alive, held = alive[keep], held[keep]
        found_family.append(alive)
        found_day.append(held)
        previous[alive] = held
        number += 1
    index = np.concatenate(found_family).astype(np.int64)
    return pl.DataFrame({"index": index,
                         "conference_day": np.concatenate(found_day).astype(np.int64),
                         "late_family": late_family[index]})


def _plan_ends(rng: np.random.Generator, plans: pl.DataFrame, schedule: pl.DataFrame,
               timeline: list[Month], scale: float) -> tuple[np.ndarray, np.ndarray]:
    """End day of each family's plan (OPEN when still open), month by month to the quotas, and
    whether it ended at a review conference (most plans end when a review decides so). A plan
    ends in its 24th month at the latest, counted in that month's quota, unless drawn to run on
    (``CP_PLAN_TWO_YEARS_SHARE``): a large family rarely fits a month's quota, and left to the
    draw alone its plan could run on and make several points of a year's plans lasting 2 years."""
    start = plans["conference_day"].to_numpy()
    deadline = add_months(start, 23)
    sizes = plans["size"].to_numpy()
    end = np.full(plans.height, OPEN, dtype=np.int64)
    at_review = np.zeros(plans.height, dtype=bool)
    ceased = monthly_counts(rng, timeline, lambda q: q.cp_ceased, scale)
    stretch = rng.random(plans.height) < quotas.CP_PLAN_TWO_YEARS_SHARE
    review_index = schedule["index"].to_numpy()
    review_day = schedule["conference_day"].to_numpy()
    carried = 0
    for month, n_cease in zip(timeline, ceased, strict=True):
        in_month = (review_day >= month.first) & (review_day <= month.last)
        review_in_month = np.full(plans.height, OPEN, dtype=np.int64)
        review_in_month[review_index[in_month][::-1]] = review_day[in_month][::-1]
        months_open = (month.first - start) / (DAYS_PER_YEAR / 12)
        weight = np.select([months_open < 3, months_open < 9, months_open < 15, months_open < 21],
                           [0.15, 1.0, 2.0, 4.0], default=np.where(stretch, 1.0, 12.0))
        weight = weight * np.where(review_in_month != OPEN, 1.0, 1 - ENDS_AT_CONFERENCE_SHARE)
        still_open = (end == OPEN) & (start < month.last)
        due = np.flatnonzero(still_open & ~stretch & (deadline <= month.last))
        weight = np.where(still_open, weight / sizes**1.5, 0.0)
        weight[due] = 0.0
        wanted = int(n_cease) + carried - int(sizes[due].sum())
        chosen = _choose_by_children(rng, sizes, weight, wanted)
        carried = wanted - int(sizes[chosen].sum())
        chosen = np.concatenate([due, chosen])
        low = np.maximum(month.first, start[chosen] + 1)
        day = to_previous_working_day(uniform_days(rng, low, np.full(len(chosen), month.last)))
        reviewed = review_in_month[chosen] != OPEN
        end[chosen] = np.where(reviewed, review_in_month[chosen], np.maximum(day, start[chosen] + 1))
        at_review[chosen] = reviewed
    return end, at_review


def _reviews(rng: np.random.Generator, schedule: pl.DataFrame, plans: pl.DataFrame,
             timeline: list[Month], scale: float) -> pl.DataFrame:
    """The review conferences actually held: up to the plan's end, the last one ending it, plus
    reviews brought forward (never making another late) until each year meets its quota."""
    late = schedule.filter(pl.col("late_family"))["index"].unique()
    plans = plans.with_row_index("index").with_columns(
        pl.col("index").cast(pl.Int64)).with_columns(late_family=pl.col("index").is_in(late.to_list()))
    held = (
        schedule.join(plans.select("index", "family", "plan_end", "ended_at_review"),
                      on="index")
        .filter((pl.col("plan_end") == OPEN) | (pl.col("conference_day") < pl.col("plan_end"))
                | ((pl.col("conference_day") == pl.col("plan_end")) & pl.col("ended_at_review")))
        .select("family", "conference_day",
                outcome=pl.when(pl.col("conference_day") == pl.col("plan_end"))
                .then(pl.lit("END")).otherwise(pl.lit("CONTINUE")))
    )
    end_day = timeline[-1].last
    extra = []
    for year in sorted({m.reporting_year for m in timeline}):
        first = min(m.first for m in timeline if m.reporting_year == year)
        last = max(m.last for m in timeline if m.reporting_year == year)
        target = round(quotas.quota_for(year).rcpc_conferences * scale
                       * (last - first + 1) / 365.25)
        wanted = target - held.filter(pl.col("conference_day").is_between(first, last)).height
        live = plans.filter(pl.col("conference_day") < last - 1, ~pl.col("late_family"),
                            (pl.col("plan_end") == OPEN) | (pl.col("plan_end") > first + 1))
        chosen = live[weighted_pick(rng, np.ones(live.height), max(wanted, 0))]
        low = np.maximum(chosen["conference_day"].to_numpy() + 1, first)
        high = np.where(chosen["plan_end"].to_numpy() == OPEN, min(last, end_day),
                        np.minimum(chosen["plan_end"].to_numpy() - 1, last))
        days = to_previous_working_day(uniform_days(rng, low, np.maximum(high, low)))
        extra.append(chosen.select("family", conference_day=pl.Series(np.maximum(days, low)),
                                   outcome=pl.lit("CONTINUE")))
    return (pl.concat([held, *extra]).unique(subset=["family", "conference_day"], keep="first",
                                             maintain_order=True)
            .sort("family", "conference_day"))


def _family_children(rng: np.random.Generator, families: pl.DataFrame, first_child: int,
                     end_day: int) -> pl.DataFrame:
    """One row per child of each family, with date of birth (or expected date) and number."""
    sizes = families["size"].to_numpy()
    n = int(sizes.sum())
    family = np.repeat(families["family"].to_numpy(), sizes)
    order = np.concatenate([np.arange(s) for s in sizes]) if n else np.zeros(0, dtype=np.int64)
    eldest = 0.3 + rng.random(len(sizes)) * 14.5
    gaps = 1 + rng.random(n) * 2
    age = np.maximum(np.repeat(eldest, sizes) - order * gaps, 0.05)
    conference = np.repeat(families["conference_day"].to_numpy(), sizes)
    dob = conference - np.round(age * DAYS_PER_YEAR).astype(np.int64)
    unborn = np.repeat(families["unborn"].to_numpy(), sizes)
    expected = conference + rng.integers(40, 120, n)
    born = expected + rng.integers(-14, 15, n)
    dob = np.where(unborn, born, dob)
    return pl.DataFrame({
        "family": family, "child": np.arange(first_child, first_child + n),
        "dob": np.where(unborn & (born > end_day), OPEN, dob),
        "expected": np.where(unborn & (born > end_day), expected, OPEN),
    })


def _reuse_repeat_children(rng: np.random.Generator, families: pl.DataFrame,
                           kids: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Give about half of the repeat-plan families the children of an earlier, ended plan."""
    ended = families.filter(pl.col("plan_end") != OPEN, ~pl.col("no_plan"), ~pl.col("unborn"))
    repeats = families.filter(pl.col("repeat"))
    repeats = repeats.filter(pl.Series(rng.random(repeats.height) < 0.5))
    pairs = (
        repeats.select("family", "size", "conference_day")
        .sort("conference_day")
        .join_asof(
            ended.select(earlier="family", size="size", gap_end=pl.col("plan_end") + 60)
            .sort("gap_end"),
            left_on="conference_day", right_on="gap_end", by="size", strategy="backward",
            check_sortedness=False,
        )
        .filter(pl.col("earlier").is_not_null())
        .unique(subset="earlier", keep="first", maintain_order=True)
    )
    eldest = kids.group_by("family").agg(pl.col("dob").min().alias("eldest_dob"))
    pairs = pairs.join(eldest, left_on="earlier", right_on="family").filter(
        pl.col("conference_day") - pl.col("eldest_dob") < 17 * DAYS_PER_YEAR)
    mapping = (
        kids.join(pairs.select("family", "earlier"), on="family")
        .with_columns(rank=pl.int_range(pl.len()).over("family"))
        .join(kids.with_columns(rank=pl.int_range(pl.len()).over("family"))
              .select(earlier="family", rank="rank", reused="child", reused_dob="dob"),
              on=["earlier", "rank"])
    )
    kids = kids.join(mapping.select("child", "reused", "reused_dob"), on="child", how="left")
    kids = kids.with_columns(child=pl.coalesce("reused", "child"),
                             dob=pl.coalesce("reused_dob", "dob")).drop("reused", "reused_dob")
    previous = families.join(pairs.select("family", "earlier"), on="family", how="left")
    return previous, kids


def _categories(rng: np.random.Generator, plans: pl.DataFrame) -> np.ndarray:
    """Each plan's initial category by systematic sampling within strata: plans by the first 31
    March they are open on, and apart the plans ending before one. Each year-end's mix then
    matches the shares closely, and siblings share a category but at a boundary between two."""
    stratum = year_end_stratum(plans["conference_day"].to_numpy(),
                               plans["plan_end"].fill_null(OPEN).to_numpy(), OPEN)
    return systematic_codes(rng, CATEGORY_SHARES, stratum, plans["family"].to_numpy())


def simulate_cp(rng: np.random.Generator, timeline: list[Month], scale: float,
                first_child: int) -> tuple[CpTables, int]:
    """Simulate section 47 enquiries, conferences and plans; returns tables and next child number."""
    end_day = timeline[-1].last
    families = pl.concat([_stock_families(rng, timeline, scale),
                          _families(rng, timeline, scale)]).sort("conference_day", "kind").with_columns(
        family=pl.int_range(pl.len(), dtype=pl.Int64))
    with_plan = families.filter(~pl.col("no_plan"))
    schedule = _schedule(rng, with_plan["conference_day"].to_numpy(),
                         with_plan["size"].to_numpy(), end_day)
    ends, at_review = _plan_ends(rng, with_plan, schedule, timeline, scale)
    with_plan = with_plan.with_columns(plan_end=pl.Series(ends), ended_at_review=pl.Series(at_review))
    families = families.join(with_plan.select("family", "plan_end"), on="family", how="left")
    kids = _family_children(rng, families, first_child, end_day)
    next_child = first_child + kids.height
    families, kids = _reuse_repeat_children(rng, families, kids)
    extra_previous = np.where(rng.random(families.height) < 0.2, 2, 1)
    families = families.with_columns(history=pl.Series(extra_previous))

    plans = (
        kids.join(families.filter(~pl.col("no_plan")), on="family")
        .sort("conference_day", "family", "child")
        .with_columns(
            earlier_in_extract=pl.int_range(pl.len()).over("child", order_by="conference_day"))
        .with_columns(
            previous_plans=pl.when(pl.col("repeat") & pl.col("earlier").is_null())
            .then(pl.col("history") + pl.col("earlier_in_extract"))
            .otherwise(pl.col("earlier_in_extract")).cast(pl.Int64),
        )
    )
    plans = plans.with_columns(
        previous_plans=pl.when(pl.Series(rng.random(plans.height) < 0.05)
                               & ~(pl.col("repeat") & pl.col("earlier").is_null()))
        .then(None).otherwise("previous_plans"),
        plan_id=pl.format("CPP{}", pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(7)),
    )
    category = _categories(rng, plans)
    changed = rng.random(plans.height) < 0.1
    plans = plans.with_columns(
        initial_category=pl.Series(category),
        latest_category=pl.Series(np.where(
            changed, pick_codes(rng, CATEGORY_SHARES, plans.height), category)))
    reviews = _reviews(rng, schedule, with_plan, timeline, scale)
    conferences = _conference_rows(rng, families, reviews, kids)
    s47, after = _s47(rng, families, kids, timeline, scale, next_child)
    s47_only = s47.filter(pl.col("child") >= next_child)
    next_child = after
    children = pl.concat([
        kids.select("child", "dob", "expected", "family"),
        s47_only.select("child", "dob", expected=pl.lit(OPEN, dtype=pl.Int64),
                        family=pl.lit(None, dtype=pl.Int64)),
    ]).unique(subset="child", keep="first", maintain_order=True)
    return CpTables(
        children=children,
        plans=plans.select("plan_id", "child", plan_start="conference_day", plan_end="plan_end",
                           initial_category="initial_category",
                           latest_category="latest_category", previous_plans="previous_plans"),
        s47=s47.select("child", "s47_start", "icpc_required", "icpc_day"),
        conferences=conferences,
    ), next_child


def _conference_rows(rng: np.random.Generator, families: pl.DataFrame, reviews: pl.DataFrame,
                     kids: pl.DataFrame) -> pl.DataFrame:
    """One row per child per conference, siblings sharing the conference id and attendance.
    The family attends the share of the year's invited conferences of each type that the quota
    of the year the conference is held gives (a review follows its own year, not the plan's)."""
    initial = families.select(
        "family", "conference_day", conference_type="kind",
        outcome=pl.when(pl.col("no_plan")).then(pl.lit("NO_PLAN")).otherwise(pl.lit("PLAN")),
        invited_share=pl.lit(ICPC_INVITED_SHARE))
    review_rows = reviews.select(
        "family", "conference_day", conference_type=pl.lit("RCPC"), outcome="outcome",
        invited_share=pl.lit(RCPC_INVITED_SHARE))
    meetings = pl.concat([initial, review_rows]).sort("conference_day", "family").with_columns(
        year=reporting_year_expr(pl.col("conference_day")))
    quota = {year: quotas.quota_for(year) for year in meetings["year"].unique().to_list()}
    draws = rng.random((meetings.height, 2))
    meetings = meetings.with_columns(
        conference_id=pl.format("CONF{}", pl.int_range(1, pl.len() + 1).cast(pl.String)
                                .str.zfill(7)),
        family_invited=pl.Series(draws[:, 0]) < pl.col("invited_share"),
        key=pl.Series(draws[:, 1]),
        attended_share=pl.when(pl.col("conference_type") == "RCPC")
        .then(pl.col("year").replace_strict(
            {year: q.rcpc_attended_share for year, q in quota.items()}, return_dtype=pl.Float64))
        .otherwise(pl.col("year").replace_strict(
            {year: q.icpc_attended_share for year, q in quota.items()}, return_dtype=pl.Float64)),
    ).with_columns(
        family_attended=pl.when(pl.col("family_invited")).then(
            pl.col("key").rank("ordinal").over("year", "conference_type", "family_invited")
            <= (pl.col("attended_share") * pl.len().over("year", "conference_type",
                                                          "family_invited")).round()),
    )
    return meetings.join(kids.select("family", "child"), on="family").select(
        "conference_id", "child", "conference_day", "conference_type", "outcome",
        "family_invited", "family_attended",
    ).sort("conference_day", "conference_id", "child")


def _s47(rng: np.random.Generator, families: pl.DataFrame, kids: pl.DataFrame,
         timeline: list[Month], scale: float, first_child: int) -> tuple[pl.DataFrame, int]:
    """Section 47 enquiries: one per child at an ICPC, plus enquiries that needed no conference
    (children numbered from ``first_child``); returns them and the next child number."""
    icpc = kids.join(families.filter(pl.col("kind") == "ICPC"), on="family")
    late = icpc["late"].to_numpy()
    lag = np.where(late, rng.integers(16, 36, icpc.height), rng.integers(5, 16, icpc.height))
    icpc_day = icpc["conference_day"].to_numpy()
    with_icpc = icpc.select("child", "dob").with_columns(
        s47_start=pl.Series(add_working_days(icpc_day, -lag)),
        icpc_required=pl.lit(True), icpc_day=pl.Series(icpc_day))
    counts = monthly_counts(rng, timeline, lambda q: q.icpc_conferences * 1.72
                            * S47_WITHOUT_ICPC_PER_CHILD, scale)
    month_first = np.repeat([m.first for m in timeline], counts)
    month_last = np.repeat([m.last for m in timeline], counts)
    n = int(counts.sum())
    start = to_previous_working_day(uniform_days(rng, month_first, month_last))
    age = rng.random(n) * 17.5
    without = pl.DataFrame({
        "child": np.arange(first_child, first_child + n),
        "dob": start - np.round(age * DAYS_PER_YEAR).astype(np.int64),
        "s47_start": start, "icpc_required": np.zeros(n, dtype=bool),
        "icpc_day": np.full(n, OPEN),
    })
    return pl.concat([with_icpc, without]).sort("s47_start", "child"), first_child + n
