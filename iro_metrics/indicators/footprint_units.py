"""Counting units of the IRO footprint and the service's other duties (``indicators.md`` v1.3,
extract contract v1.1 tables).

The IRO Handbook 2010 expects the IRO to speak with the child before each review and to monitor
the progress of the care plan between reviews; the care planning guidance under the Care
Planning, Placement and Case Review (England) Regulations 2010 expects a permanence plan by the
second review. A review's *window* runs from the previous review of the same period of care
(``lac_units.review_timeliness``): contact before a review counts after that review, or for the
period's first review in the extract on or after the period's start, up to and including the
review date; a midway check counts strictly between the two reviews.

Service activity rows carry how many sessions (and, for training, attendees) fall on a date, so
they become one unit per session or per attendance, and a count of units is their sum.
"""

from collections.abc import Sequence

import polars as pl

from iro_metrics.contract import codes
from iro_metrics.contract.extract import Extract
from iro_metrics.indicators import lac_units
from iro_metrics.indicators.demographics import (
    ABOUT_LABELS,
    RESPONDENT_LABELS,
    REVIEW_TYPE_LABELS,
    labelled,
)
from iro_metrics.indicators.periods import Period

AGREE = 4
"""The lowest answer on the 1-5 scale that agrees ("agree" or "strongly agree")."""


def _dated_in(column: str, period: Period) -> pl.Expr:
    return pl.col(column).is_between(period.start, period.end)


def _reviews_in(extract: Extract, period: Period) -> pl.DataFrame:
    """The looked-after reviews held in ``period`` (those ``lac_units.reviews_held`` counts),
    with their place in their period of care."""
    return lac_units.with_episode_labels(
        lac_units.timed_reviews(extract).filter(_dated_in("review_date", period)),
        extract.optional("lac_episodes"))


def _reviews_with_activity(reviews: pl.DataFrame, activity: pl.DataFrame,
                           types: Sequence[str], window: pl.Expr) -> pl.Series:
    """The ``row`` of each review with an activity of one of ``types`` inside ``window``. No
    window opens before the earliest previous review or period start, nor closes after the last
    review, so activities dated outside those bounds are left out before the join (a national
    extract holds years of them)."""
    bounds = reviews.select(pl.coalesce("previous", "period_start").min(),
                            pl.col("review_date").max()).row(0)
    dated = activity.filter(pl.col("activity_type").is_in(types),
                            pl.col("activity_date").is_between(*bounds)).select("child_id",
                                                                                "activity_date")
    return reviews.join(dated, on="child_id").filter(window)["row"].unique()


def review_footprint(extract: Extract, period: Period) -> pl.DataFrame:
    """Counting units: looked-after reviews held in the period (the units of
    ``lac_units.reviews_held``), with whether the IRO saw or spoke with the child in the
    review's window (``contact_before``) and checked progress midway (``midway_check``), and
    whether the review lies in a period of care (``in_period``) after another review of it
    in the extract (``later``)."""
    reviews = _reviews_in(extract, period)
    activity = extract.table("iro_activity")
    date, review, previous = pl.col("activity_date"), pl.col("review_date"), pl.col("previous")
    after_previous = pl.when(previous.is_null()).then(date >= pl.col("period_start")).otherwise(
        date > previous)
    contacted = _reviews_with_activity(reviews, activity, codes.CONTACT_BEFORE_REVIEW,
                                       pl.col("in_period") & after_previous & (date <= review))
    checked = _reviews_with_activity(reviews, activity, (codes.MIDWAY_CHECK,),
                                     (pl.col("number") > 1) & (date > previous) & (date < review))
    return reviews.select(
        "child_id", "participation_code", "in_period", "legal_status", "category_of_need",
        event_date="review_date", later=(pl.col("number") > 1).fill_null(False),
        contact_before=pl.col("row").is_in(contacted.implode()),
        midway_check=pl.col("row").is_in(checked.implode()))


def second_reviews(extract: Extract, period: Period) -> pl.DataFrame:
    """Counting units: second reviews held in the period of periods of care whose start the
    extract shows, with ``permanence_plan`` as the review recorded it."""
    plans = extract.table("lac_reviews").select("permanence_plan").with_row_index("row")
    return (
        _reviews_in(extract, period)
        .filter(pl.col("start_shown").fill_null(False), pl.col("number") == 2)
        .join(plans, on="row", how="left", maintain_order="left")
        .select("child_id", "legal_status", "category_of_need", "permanence_plan",
                event_date="review_date")
    )


def other_reviews_held(extract: Extract, period: Period) -> pl.DataFrame:
    """Counting units: other statutory reviews (foster carer, adoption, disruption, secure)
    held in the period, labelled by ``review_type``, with whether each had a due date
    (``judged``) and was held on or before it (``on_time``)."""
    return extract.table("other_reviews").filter(_dated_in("review_date", period)).select(
        review_type=labelled(pl.col("review_type"), REVIEW_TYPE_LABELS),
        judged=pl.col("due_date").is_not_null(),
        on_time=pl.col("review_date") <= pl.col("due_date"))


def _each(count: pl.Expr) -> pl.Expr:
    """One list element per unit of ``count``: exploded, a row becomes that many units."""
    return pl.int_ranges(0, count)


def service_sessions(extract: Extract, period: Period) -> pl.DataFrame:
    """Counting units: sessions of the unit's work beyond case reviews in the period (training
    delivered, panels attended, audits completed, observations), one per session, with their
    ``activity_type``."""
    return (
        extract.table("service_activity").filter(_dated_in("activity_date", period))
        .select("activity_type", session=_each(pl.col("sessions")))
        .explode("session").drop("session")
    )


def training_attendances(extract: Extract, period: Period) -> pl.DataFrame:
    """Counting units: attendances at the unit's training sessions in the period, one per
    attendee recorded (an empty count as none)."""
    attendees = pl.col("attendees").fill_null(0)
    return (
        extract.table("service_activity")
        .filter(_dated_in("activity_date", period), pl.col("activity_type") == codes.TRAINING,
                attendees > 0)
        .select(attendance=_each(attendees))
        .explode("attendance")
    )


def feedback_responses(extract: Extract, period: Period) -> pl.DataFrame:
    """Counting units: feedback responses dated in the period, labelled by ``respondent`` and
    ``about``, with whether the respondent felt listened to and found the meeting helpful (4 or
    5) and whether each question was answered."""
    listened, helpful = pl.col("listened_to"), pl.col("helpful")
    return extract.table("feedback").filter(_dated_in("feedback_date", period)).select(
        respondent=labelled(pl.col("respondent"), RESPONDENT_LABELS),
        about=labelled(pl.col("about"), ABOUT_LABELS),
        listened=listened >= AGREE, listened_known=listened.is_not_null(),
        helped=helpful >= AGREE, helpful_known=helpful.is_not_null())
