"""Counting units of the child protection indicators: plans, enquiries and conference rows.

Review timeliness follows Working Together 2018: the first review conference within 3 months of
the plan starting, each later one within 6 months of the one before, and none overdue on the
snapshot date.
"""

import datetime as dt

import polars as pl

from iro_metrics.contract.extract import Extract
from iro_metrics.indicators.calendar import add_months, add_years, within_working_days
from iro_metrics.indicators.derived import derived
from iro_metrics.indicators.periods import FAR_FUTURE, Period, Spell

ICPC_WORKING_DAYS = 15


def _plan_unit(plans: pl.DataFrame, date_column: str, **flags: pl.Expr) -> pl.DataFrame:
    return plans.select("child_id", "initial_category", event_date=date_column, **flags)


ON_PLAN = Spell("plan_start", "plan_end")
"""A plan puts its child on a plan on a day when open that day."""


def on_plan(plans: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """Children on a plan on ``day`` (unborn children included), one row each."""
    return _plan_unit(
        plans.filter(*ON_PLAN.on(day)).unique("child_id", keep="first", maintain_order=True),
        "plan_start",
    ).with_columns(event_date=pl.lit(day))


def on_plan_at_end(extract: Extract, period: Period) -> pl.DataFrame:
    """Counting units: children on a plan on the period's last day."""
    return on_plan(extract.table("cp_plans"), period.end)


def plans_started(extract: Extract, period: Period) -> pl.DataFrame:
    """Counting units: plans starting in the period, with their repeat flags."""
    plans = extract.table("cp_plans")
    return starts_in(derived(extract, "plan_history", lambda: with_history(plans)), period)


def plans_ended(extract: Extract, period: Period) -> pl.DataFrame:
    """Counting units: plans ending in the period, with whether they lasted 2 years or more."""
    return ceased_in(extract.table("cp_plans"), period)


def enquiries_with_icpc(extract: Extract, period: Period) -> pl.DataFrame:
    """Counting units: section 47 enquiries whose initial conference fell in the period."""
    return icpc_enquiries(extract.table("s47_enquiries"), period)


def children_at_icpc(extract: Extract, period: Period) -> pl.DataFrame:
    """Counting units: children discussed at initial conferences in the period."""
    return icpc_children(extract.table("cp_conferences"), period)


def plans_due_review(extract: Extract, period: Period) -> pl.DataFrame:
    """Counting units: children on a plan for 3 months or more on the period's last day, with
    whether every review was in time."""
    return reviewed_in_time(extract.table("cp_plans"), extract.table("cp_conferences"),
                            period.end)


def with_history(plans: pl.DataFrame) -> pl.DataFrame:
    """Plans with ``repeat`` (previous_plans >= 1 where filled, else any earlier plan of the child
    in the extract) and ``repeat_2y`` (starts within 2 years of the end of the child's latest
    earlier plan in the extract)."""
    ordered = plans.sort("child_id", "plan_start")
    earlier = (pl.col("child_id") == pl.col("child_id").shift(1)).fill_null(False)
    previous_end = pl.when(earlier).then(pl.col("plan_end").shift(1))
    return ordered.with_columns(
        repeat=pl.when(pl.col("previous_plans").is_not_null())
        .then(pl.col("previous_plans") >= 1).otherwise(earlier),
        repeat_2y=(earlier & previous_end.is_not_null()
                   & (pl.col("plan_start") <= add_years(previous_end, 2))).fill_null(False),
    )


def starts_in(history: pl.DataFrame, period: Period) -> pl.DataFrame:
    """Plans starting in ``period`` with their repeat flags (``history`` from ``with_history``)."""
    return _plan_unit(
        history.filter(pl.col("plan_start").is_between(period.start, period.end)),
        "plan_start", repeat=pl.col("repeat"), repeat_2y=pl.col("repeat_2y"))


def ceased_in(plans: pl.DataFrame, period: Period) -> pl.DataFrame:
    """Plans ending in ``period`` with whether they lasted 2 years or more."""
    return _plan_unit(
        plans.filter(pl.col("plan_end").is_between(period.start, period.end)), "plan_end",
        lasted_2y=pl.col("plan_end") >= add_years(pl.col("plan_start"), 2))


def icpc_enquiries(s47: pl.DataFrame, period: Period) -> pl.DataFrame:
    """Section 47 enquiries whose ICPC fell in ``period``, with whether it was within 15 working
    days of the strategy discussion."""
    return s47.filter(pl.col("icpc_date").is_between(period.start, period.end)).select(
        "child_id", event_date="icpc_date",
        timely=within_working_days(pl.col("s47_start"), pl.col("icpc_date"), ICPC_WORKING_DAYS))


def icpc_children(conferences: pl.DataFrame, period: Period) -> pl.DataFrame:
    """Children at ICPCs in ``period``: ``known`` outcome and ``no_plan``."""
    return conferences.filter(
        pl.col("conference_type") == "ICPC",
        pl.col("conference_date").is_between(period.start, period.end),
    ).select("child_id", event_date="conference_date",
             known=pl.col("outcome").is_in(["PLAN", "NO_PLAN"]),
             no_plan=pl.col("outcome") == "NO_PLAN")


def reviewed_in_time(plans: pl.DataFrame, conferences: pl.DataFrame,
                     day: dt.date) -> pl.DataFrame:
    """Children on a plan on ``day`` that started at least 3 months before it, with ``in_time``:
    every review on time and none overdue on ``day``."""
    eligible = plans.filter(*ON_PLAN.on(day), add_months(pl.col("plan_start"), 3) <= day,
                            ).unique("child_id", keep="first", maintain_order=True)
    reviews = conferences.filter(pl.col("conference_type") == "RCPC",
                                 pl.col("conference_date") <= day).select(
        "child_id", "conference_date").join(eligible.select("child_id"), on="child_id",
                                            how="semi").unique()
    steps = (
        eligible.select("plan_id", "child_id", "plan_start", "plan_end")
        .join(reviews, on="child_id", how="inner")
        .filter(pl.col("conference_date").is_between(
            pl.col("plan_start"), pl.col("plan_end").fill_null(FAR_FUTURE)))
        .sort("plan_id", "conference_date")
        .with_columns(previous=pl.col("conference_date").shift(1).over("plan_id"))
        .with_columns(step_ok=pl.when(pl.col("previous").is_null())
                      .then(pl.col("conference_date") <= add_months(pl.col("plan_start"), 3))
                      .otherwise(pl.col("conference_date") <= add_months(pl.col("previous"), 6)))
        .group_by("plan_id")
        .agg(all_ok=pl.col("step_ok").all(), last_review=pl.col("conference_date").max())
    )
    overdue_from = pl.when(pl.col("last_review").is_null()).then(
        add_months(pl.col("plan_start"), 3)).otherwise(add_months(pl.col("last_review"), 6))
    return _plan_unit(
        eligible.join(steps, on="plan_id", how="left", maintain_order="left"), "plan_start",
        in_time=pl.col("all_ok").fill_null(True) & (pl.lit(day) <= overdue_from),
    ).with_columns(event_date=pl.lit(day))
