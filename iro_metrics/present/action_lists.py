"""The lists managers act on, as at a date: reviews overdue or due soon, children whose review
is near and whom the IRO has not yet seen, late initial conferences, long plans and stalled
disputes. Record-level: for the manager view only.

Due dates follow the same rules as the indicators: regulation 33 for looked-after reviews (first
within 20 working days of the period of care starting, second within 3 months, then 6 months),
Working Together for child protection (first review within 3 months of the plan, then 6
months), and the IRO Handbook's 20 working days for a dispute.
"""

import datetime as dt

import polars as pl

from iro_metrics.contract.codes import CONTACT_BEFORE_REVIEW, SHORT_BREAK_LEGAL_STATUS
from iro_metrics.indicators import lac_units
from iro_metrics.indicators.calendar import add_months, add_working_days, working_days_between
from iro_metrics.indicators.periods import Period
from iro_metrics.indicators.workforce import ISSUE_NAMES, STAGE_NAMES

DUE_SOON_WORKING_DAYS = 20
LONG_PLAN_MONTHS = 15
ICPC_WORKING_DAYS = 15
DISPUTE_WORKING_DAYS = 20
DUE_SOON = "Due within 20 working days"


def _status(due: pl.Expr, day: dt.date) -> pl.Expr:
    soon = add_working_days(pl.lit(day), DUE_SOON_WORKING_DAYS)
    return (pl.when(due < pl.lit(day)).then(pl.lit("Overdue"))
            .when(due <= soon).then(pl.lit(DUE_SOON)))


def lac_reviews_due(episodes: pl.DataFrame, reviews: pl.DataFrame | None,
                    day: dt.date) -> pl.DataFrame:
    """Children looked after on ``day`` whose next review is overdue or due within 20 working
    days: child_id, period_start, last_review, reviews_held (in this period of care), due, status,
    sorted by due date."""
    periods = lac_units.periods_of_care(episodes).filter(
        pl.col("period_start") <= day, pl.col("period_end").is_null() | (pl.col("period_end") > day),
        ~pl.col("end_status").is_in(SHORT_BREAK_LEGAL_STATUS))
    held = (
        periods.select("child_id", "period_start").join(
            reviews.select("child_id", "review_date") if reviews is not None
            else pl.DataFrame(schema={"child_id": pl.String, "review_date": pl.Date}),
            on="child_id", how="left")
        .filter(pl.col("review_date").is_null()
                | pl.col("review_date").is_between(pl.col("period_start"), pl.lit(day)))
        .group_by("child_id", "period_start")
        .agg(last_review=pl.col("review_date").max(), reviews_held=pl.col("review_date").count())
    )
    due = lac_units.next_review_due(pl.col("period_start"), pl.col("start_shown"),
                                    pl.col("reviews_held"), pl.col("last_review"))
    return (
        periods.join(held, on=["child_id", "period_start"], how="left")
        .with_columns(due=due)
        .with_columns(status=_status(pl.col("due"), day))
        .filter(pl.col("status").is_not_null())
        .select("child_id", "period_start", "last_review", "reviews_held", "due", "status")
        .sort("due", "child_id")
    )


def not_seen_before_review(episodes: pl.DataFrame, reviews: pl.DataFrame | None,
                           activity: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """Children looked after on ``day`` whose next review is due within 20 working days (not yet
    overdue: those are on ``lac_reviews_due``'s list already) and whom the IRO has not seen or
    spoken with (a ``PRE_REVIEW_CONTACT`` or ``VISIT`` on or before ``day``) since their last
    review, or since the period of care began when none has been held (IRO Handbook: the IRO
    speaks with the child before each review): child_id, period_start, last_review, due and
    last_contact (their latest contact before that, if any), sorted by due date."""
    window_opens = pl.coalesce(pl.col("last_review") + pl.duration(days=1), "period_start")
    contacts = activity.filter(pl.col("activity_type").is_in(CONTACT_BEFORE_REVIEW),
                               pl.col("activity_date") <= day).select("child_id", "activity_date")
    return (
        lac_reviews_due(episodes, reviews, day).filter(pl.col("status") == DUE_SOON)
        .join(contacts, on="child_id", how="left")
        .group_by("child_id", maintain_order=True)
        .agg(pl.col("period_start", "last_review", "due").first(),
             last_contact=pl.col("activity_date").max(),
             seen=(pl.col("activity_date") >= window_opens).any())
        .filter(~pl.col("seen"))
        .select("child_id", "period_start", "last_review", "due", "last_contact")
        .sort("due", "child_id")
    )


def cp_reviews_due(plans: pl.DataFrame, conferences: pl.DataFrame | None,
                   day: dt.date) -> pl.DataFrame:
    """Children on a plan on ``day`` whose next review conference is overdue or due within 20
    working days: plan_id, child_id, plan_start, last_review, due, status."""
    current = plans.filter(pl.col("plan_start") <= day,
                           pl.col("plan_end").is_null() | (pl.col("plan_end") > day))
    reviews = (conferences.filter(pl.col("conference_type") == "RCPC",
                                  pl.col("conference_date") <= day)
               .select("child_id", "conference_date") if conferences is not None
               else pl.DataFrame(schema={"child_id": pl.String, "conference_date": pl.Date}))
    last = (current.select("plan_id", "child_id", "plan_start").join(reviews, on="child_id",
                                                                      how="left")
            .filter(pl.col("conference_date").is_null()
                    | (pl.col("conference_date") >= pl.col("plan_start")))
            .group_by("plan_id").agg(last_review=pl.col("conference_date").max()))
    return (
        current.join(last, on="plan_id", how="left")
        .with_columns(due=pl.when(pl.col("last_review").is_null())
                      .then(add_months(pl.col("plan_start"), 3))
                      .otherwise(add_months(pl.col("last_review"), 6)))
        .with_columns(status=_status(pl.col("due"), day))
        .filter(pl.col("status").is_not_null())
        .select("plan_id", "child_id", "plan_start", "last_review", "due", "status")
        .sort("due", "plan_id")
    )


def late_icpcs(s47: pl.DataFrame, period: Period) -> pl.DataFrame:
    """Section 47 enquiries whose ICPC in ``period`` came after the 15th working day:
    s47_id, child_id, s47_start, icpc_date, working_days."""
    return (
        s47.filter(pl.col("icpc_date").is_between(period.start, period.end))
        .with_columns(working_days=working_days_between(pl.col("s47_start"), pl.col("icpc_date")))
        .filter(pl.col("working_days") > ICPC_WORKING_DAYS)
        .select("s47_id", "child_id", "s47_start", "icpc_date", "working_days")
        .sort("icpc_date", "s47_id")
    )


def long_plans(plans: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """Plans open on ``day`` that started 15 months or more before it: plan_id, child_id,
    plan_start, months_open (whole months)."""
    return (
        plans.filter(pl.col("plan_start") <= day,
                pl.col("plan_end").is_null() | (pl.col("plan_end") > day),
                add_months(pl.col("plan_start"), LONG_PLAN_MONTHS) <= pl.lit(day))
        .with_columns(months_open=(pl.lit(day).dt.year() - pl.col("plan_start").dt.year()) * 12
                      + pl.lit(day).dt.month().cast(pl.Int32)
                      - pl.col("plan_start").dt.month().cast(pl.Int32)
                      - (pl.lit(day).dt.day() < pl.col("plan_start").dt.day()).cast(pl.Int32))
        .select("plan_id", "child_id", "plan_start", "months_open")
        .sort("plan_start", "plan_id")
    )


def stalled_disputes(disputes: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """Disputes unresolved on ``day`` whose 20th working day has passed: dispute_id, child_id,
    raised_date, stage, issue, working_days open."""
    return (
        disputes.filter(pl.col("raised_date") <= day,
                        pl.col("resolved_date").is_null() | (pl.col("resolved_date") > day))
        .with_columns(working_days=working_days_between(pl.col("raised_date"), pl.lit(day)))
        .filter(pl.col("working_days") > DISPUTE_WORKING_DAYS)
        .select("dispute_id", "child_id", "raised_date", "stage", "issue", "working_days")
        .sort("raised_date", "dispute_id")
    )


HEADINGS: dict[str, str] = {
    "child_id": "Child reference", "plan_id": "Plan reference", "s47_id": "Enquiry reference",
    "dispute_id": "Dispute reference", "period_start": "In care since",
    "last_review": "Last review", "reviews_held": "Reviews in this period of care",
    "due": "Next review due by", "status": "Status", "plan_start": "Plan started",
    "s47_start": "Strategy discussion", "icpc_date": "Initial conference",
    "working_days": "Working days", "months_open": "Months open", "raised_date": "Raised",
    "stage": "Highest stage", "issue": "Issue",
    "last_contact": "IRO last saw or spoke with the child",
}
"""Plain column headings for the lists, in place of the extract's column names."""
NONE_YET = "none yet"


def readable(frame: pl.DataFrame) -> pl.DataFrame:
    """A list as a manager reads it (and downloads it): plain headings, dates written out
    (``31 March 2021``), dispute stages and issues by name, and ``none yet`` for an empty cell
    (a child with no review so far) instead of a blank or ``None``."""
    names = {"stage": STAGE_NAMES, "issue": ISSUE_NAMES}
    return frame.select(
        (pl.col(name).replace_strict(names[name], default=pl.col(name)) if name in names
         else pl.col(name).dt.strftime("%-d %B %Y") if frame.schema[name] == pl.Date
         else pl.col(name).cast(pl.String)).fill_null(NONE_YET)
        .alias(HEADINGS.get(name, name.replace("_", " ").capitalize()))
        for name in frame.columns)
