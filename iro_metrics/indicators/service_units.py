"""Service-level indicators that count conferences, staff and disputes rather than children.

Conferences count distinct ``conference_id``s; a conference counts as invited (attended) when any
of its rows says so, and null counts as not. Dispute resolution follows the IRO Handbook's
expectation of a resolution within 20 working days.
"""

import datetime as dt

import polars as pl

from iro_metrics.contract.codes import CASELOAD_ROLES
from iro_metrics.contract.extract import Extract
from iro_metrics.indicators import cp_units, lac_units
from iro_metrics.indicators.calendar import add_working_days, within_working_days
from iro_metrics.indicators.periods import Period, open_on

DISPUTE_WORKING_DAYS = 20


def conferences_in(conferences: pl.DataFrame, conference_type: str, period: Period) -> pl.DataFrame:
    """Distinct conferences of a type in ``period`` with whether the family was invited and
    whether a family member attended."""
    return (
        conferences.filter(pl.col("conference_type") == conference_type,
                           pl.col("conference_date").is_between(period.start, period.end))
        .group_by("conference_id")
        .agg(invited=pl.col("family_invited").fill_null(False).any(),
             attended=pl.col("family_attended").fill_null(False).any())
    )


def initial_conferences(extract: Extract, period: Period) -> pl.DataFrame:
    """Counting units: initial child protection conferences held in the period."""
    return conferences_in(extract.table("cp_conferences"), "ICPC", period)


def review_conferences(extract: Extract, period: Period) -> pl.DataFrame:
    """Counting units: review child protection conferences held in the period."""
    return conferences_in(extract.table("cp_conferences"), "RCPC", period)


def caseload_fte(staff: pl.DataFrame, day: dt.date) -> float:
    """Full-time equivalents of IROs and CP chairs in post on ``day``."""
    in_post = staff.filter(pl.col("role").is_in(CASELOAD_ROLES),
                           *open_on("start_date", "end_date", day))
    return round(float(in_post["fte"].sum()), 2)


def staff_fte(extract: Extract, period: Period) -> float:
    """IRO and CP chair full-time equivalents in post on the period's last day (a caseload's
    denominator)."""
    return caseload_fte(extract.table("iro_staff"), period.end)


def children_with_an_iro(extract: Extract, period: Period) -> pl.DataFrame:
    """Counting units: distinct children looked after or on a plan on the period's last day
    (from whichever of the two tables the extract has)."""
    episodes, plans = extract.optional("lac_episodes"), extract.optional("cp_plans")
    children = []
    if episodes is not None:
        children.append(lac_units.looked_after_on(episodes, period.end).select("child_id"))
    if plans is not None:
        children.append(cp_units.on_plan(plans, period.end).select("child_id"))
    return pl.concat(children).unique(maintain_order=True)


def disputes_raised(extract: Extract, period: Period) -> pl.DataFrame:
    """Counting units: disputes raised in the period."""
    return disputes_in(extract.table("iro_disputes"), period)


def disputes_in(disputes: pl.DataFrame, period: Period) -> pl.DataFrame:
    """Disputes raised in ``period`` with ``resolved_20wd`` and ``counted`` (left out of the
    denominator when unresolved and their 20th working day falls after the period end)."""
    deadline = add_working_days(pl.col("raised_date"), DISPUTE_WORKING_DAYS)
    return disputes.filter(pl.col("raised_date").is_between(period.start, period.end)).select(
        "dispute_id",
        resolved_20wd=pl.col("resolved_date").is_not_null()
        & within_working_days(pl.col("raised_date"), pl.col("resolved_date"),
                              DISPUTE_WORKING_DAYS),
        counted=pl.col("resolved_date").is_not_null() | (deadline <= period.end),
    )
