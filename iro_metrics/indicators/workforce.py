"""The IRO service's own footprint: staff in post by role, children allocated to each IRO, and
disputes raised by stage and issue.

*In post on d* and *allocated on d* follow the rule of ``indicators.md``: start on or before d
and no end, or an end after d. Disputes belong to the period their ``raised_date`` falls in, both
ends inclusive, as ``disputes_raised`` counts them.
"""

import datetime as dt

import polars as pl

from iro_metrics.contract.codes import DISPUTE_ISSUE, DISPUTE_STAGE, IRO_ROLE
from iro_metrics.indicators.periods import Period

HANDBOOK_CASELOAD = (50, 70)
"""The IRO Handbook (2010) suggests a full-time IRO holds 50 to 70 looked-after children."""

ROLE_NAMES = {
    "IRO": "Independent reviewing officers",
    "CP_CHAIR": "Child protection conference chairs",
    "FOSTER_REVIEW": "Foster carer reviewers",
    "AGENCY": "Agency staff",
}
STAGE_NAMES = {"INFORMAL": "Informal", "FORMAL_1": "Formal stage 1",
               "FORMAL_2": "Formal stage 2", "FORMAL_3": "Formal stage 3"}
ISSUE_NAMES = {"CARE_PLAN": "Care plan", "PERMANENCE": "Permanence", "PLACEMENT": "Placement",
               "CONTACT": "Family time (contact)", "HEALTH": "Health", "EDUCATION": "Education",
               "DELAY": "Delay", "OTHER": "Other"}
DISPUTE_CODES = {"stage": DISPUTE_STAGE, "issue": DISPUTE_ISSUE}


def _open_on(start: str, end: str, day: dt.date) -> pl.Expr:
    return (pl.col(start) <= day) & (pl.col(end).is_null() | (pl.col(end) > day))


def staff_in_post(staff: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """Every role (in code order, zeros included) with the people in post on ``day`` and their
    full-time equivalents (rounded to 2 decimals, as the caseload's FTE is)."""
    in_post = (staff.filter(_open_on("start_date", "end_date", day))
               .group_by("role").agg(people=pl.col("iro_id").n_unique(), fte=pl.col("fte").sum()))
    found = {row["role"]: row for row in in_post.iter_rows(named=True)}
    return pl.DataFrame(
        [{"role": role, "people": found.get(role, {}).get("people", 0),
          "fte": round(float(found.get(role, {}).get("fte", 0.0)), 2)} for role in IRO_ROLE],
        schema={"role": pl.String, "people": pl.Int64, "fte": pl.Float64})


def allocated_caseloads(allocations: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """Children allocated to each IRO on ``day``, largest caseload first, with the IRO shown only
    as ``IRO 1``, ``IRO 2`` … in that order (ties in the order of the IRO identifiers, which are
    never shown)."""
    counts = (allocations.filter(_open_on("allocated_from", "allocated_to", day))
              .group_by("iro_id").agg(children=pl.col("child_id").n_unique())
              .sort(["children", "iro_id"], descending=[True, False]))
    return counts.select(
        iro=pl.format("IRO {}", pl.int_range(1, pl.len() + 1)),
        children=pl.col("children").cast(pl.Int64))


def disputes_by(disputes: pl.DataFrame, period: Period, column: str) -> pl.DataFrame:
    """Disputes raised in ``period`` by ``column`` (``stage`` or ``issue``): every code in order,
    zeros included, as columns group and disputes."""
    raised = (disputes.filter(pl.col("raised_date").is_between(period.start, period.end))
              .group_by(column).len())
    found = {row[column]: row["len"] for row in raised.iter_rows(named=True)}
    codes = DISPUTE_CODES[column]
    return pl.DataFrame({"group": list(codes), "disputes": [found.get(c, 0) for c in codes]},
                        schema={"group": pl.String, "disputes": pl.Int64})


def handbook_position(children_per_fte: float | None, decimals: int = 1) -> str | None:
    """``below``, ``within`` or ``above`` the IRO Handbook's 50 to 70 looked-after children per
    full-time IRO, judged on the figure as shown (rounded to ``decimals``); None when there is
    no figure."""
    if children_per_fte is None:
        return None
    shown = round(children_per_fte, decimals)
    low, high = HANDBOOK_CASELOAD
    return "below" if shown < low else "above" if shown > high else "within"
