"""The Between reviews and other duties page as data and words: the IRO's contact with children
between their reviews and permanence at the second review (IRO Handbook 2010, chapters 3 and 4;
Care Planning statutory guidance, a permanence plan by the second review), the other statutory
reviews IROs chair, the unit's training, panels and audits, and what children, families and
professionals said (extract contract v1.1), so that the page only reads the view, calls
functions and draws."""

from typing import Any

import polars as pl

from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present.breakdowns import every_group, group_counts, largest
from iro_metrics.present.child_protection import Words
from iro_metrics.present.findings import latest_finding, part_of, year_finding
from iro_metrics.present.formatting import format_number, format_numbers
from iro_metrics.present.report_tables import BarFigure, year_rows

TITLE = "Between reviews and other duties"
LEAD = ("What Independent Reviewing Officers (IROs) do beyond chairing each looked-after child's "
        "review: seeing the child before the review, checking the care plan's progress between "
        "reviews, making sure a plan for a permanent home is in place by the second review, "
        "chairing other statutory reviews, training and advising colleagues, and what children, "
        "families and professionals said about the meetings.")

CONTACT_TILES = ("iro_contact_before_review", "iro_midway_checks")
CONTACT = {"iro_contact_before_review": "Child seen before the review",
           "iro_midway_checks": "Midway check"}
CONTACT_ABOUT = ("The IRO Handbook expects the IRO to speak with the child, in private if they "
                 "wish, before each review, and to check between reviews that the care plan is "
                 "being carried out (a midway check). Both are counted for reviews of children "
                 "aged 4 or over; a midway check is looked for before every review after a "
                 "period of care's first.")
PERMANENCE = "permanence_at_second_review"
PERMANENCE_ABOUT = ("Statutory guidance expects a plan for permanence (a secure, stable home for "
                    "the rest of childhood, whether at home, with relatives, in long-term "
                    "foster care or through adoption) to be in place by the child's second "
                    "review.")
OTHER_TILES = ("other_reviews_held", "other_reviews_timely")
OTHER_ABOUT = ("IROs also chair the annual reviews of the council's foster carers, the reviews "
               "of children placed for adoption or in secure accommodation, and disruption "
               "meetings after a placement ends unexpectedly. Disruption meetings have no "
               "timescale, so they are not judged on time.")
REVIEW_TYPES = {"foster carer": "Foster carer reviews", "adoption": "Adoption reviews",
                "disruption": "Disruption meetings", "secure": "Secure accommodation reviews"}
ON_TIME = ("Held on time (%)", "Held on time", "Reviews with a due date")
SERVICE_TILES = ("training_sessions", "training_attendees", "panels_attended", "audits_completed")
SERVICE = {"training_sessions": "Training sessions", "panels_attended": "Panels and meetings",
           "audits_completed": "Case audits"}
SERVICE_ABOUT = ("The unit trains social workers and other colleagues, sits on panels and "
                 "management meetings, and audits case files to check the quality of "
                 "practice.")
FEEDBACK_TILES = ("feedback_listened_to", "feedback_helpful")
SHOWN = (*CONTACT_TILES, PERMANENCE, *OTHER_TILES, *SERVICE_TILES, *FEEDBACK_TILES)
"""Every indicator the page shows, for its "where we stand" line."""
FEEDBACK = {"feedback_listened_to": "Felt listened to", "feedback_helpful": "Said the meeting helped"}
FEEDBACK_ABOUT = ("After a review or a child protection conference, children, parents, carers "
                  "and professionals are asked whether they agree that they felt listened to "
                  "and that the meeting helped, on a scale from 1 (strongly disagree) to 5 "
                  "(strongly agree). Agreeing means answering 4 or 5.")
RESPONDENTS = {"child": "Children", "parent": "Parents", "carer": "Carers",
               "professional": "Professionals"}
LISTENED = ("Felt listened to (%)", "Felt listened to", "Answered")
WHOLE_SERVICE = ("The other reviews, the unit's training, panels and audits, and feedback are "
                 "counted for the whole service: the filters do not apply to them.")


def contact_words(series: pl.DataFrame, place: str, span: str) -> Words:
    """Contact before reviews and midway checks by reporting year (``report_tables.year_series``
    of ``CONTACT``, not empty): the last year's two figures as the title."""
    return Words(
        latest_finding("In {year}, the IRO saw or spoke with the child before {0} of reviews, "
                       "and checked progress midway before {1} of later reviews", series,
                       CONTACT.values()),
        f"Reviews of children aged 4 or over where the IRO saw or spoke with the child "
        f"beforehand, and later reviews with a midway check since the one before, as a "
        f"percentage of reviews, each reporting year, {place}, {span}",
        "Per cent",
        f"Column chart comparing, for each reporting year from {span}, the percentage of "
        "reviews where the IRO saw or spoke with the child beforehand (first column) and of "
        "later reviews with a midway check (second column), each column labelled with its "
        "figure, under the filters above. The table adds the numbers counted and the 95% "
        "confidence interval.")


def permanence_words(trend: pl.DataFrame, place: str, span: str) -> Words:
    """Second reviews confirming a permanence plan by reporting year (``results.yearly``)."""
    indicator = BY_ID[PERMANENCE]
    return Words(
        year_finding(indicator.title, year_rows(trend, PERMANENCE), indicator.decimals, "%"),
        f"Second reviews of a period of care that confirmed a permanence plan, as a percentage "
        f"of second reviews where it was recorded, each reporting year, {place}, {span}",
        "% of second reviews",
        f"Line chart of the percentage of second reviews confirming a permanence plan in each "
        f"reporting year from {span}, under the filters above.")


def review_types_figure(frame: pl.DataFrame, total: float | None, place: str,
                        period_label: str) -> BarFigure:
    """Other reviews held in the period by type (``results.indicators`` by ``review_type``),
    each type named and counted, ``total`` being the headline count (known where the types'
    sum is suppressed)."""
    groups = every_group(frame.filter(pl.col("indicator_id") == "other_reviews_held"),
                         "review_type")
    counted = format_numbers(groups["count"])
    named = groups.with_columns(name=pl.col("group").replace_strict(REVIEW_TYPES),
                                label=counted)
    return BarFigure(
        _types_finding(largest(named), total, period_label),
        f"Other statutory reviews and meetings chaired by IROs by type, {place}, {period_label}",
        named, "count", "Reviews", named.select(Type="name", **{"Reviews held": "label"}),
        f"Bar chart of the {format_number(total)} other reviews held in {period_label} by type: "
        f"{group_counts(named)}.")


def _types_finding(top: dict[str, Any] | None, total: float | None, period_label: str) -> str:
    """``Foster carer reviews were the most held: 100 of 119 other reviews (84.0%)``, or the
    measure alone when no type has a known count."""
    if top is None:
        return f"Other reviews held in {period_label} by type"
    share = (100 * top["count"] / total if total is not None and total == total and total
             else None)
    return f"{top['name']} were the most held: {part_of(top['count'], total, 'other reviews', share)}"


def service_words(series: pl.DataFrame, place: str, span: str) -> Words:
    """Training sessions, panels and audits by reporting year (``report_tables.year_series``
    of ``SERVICE``, not empty)."""
    return Words(
        latest_finding("In {year}, the unit delivered {0} training sessions, attended {1} "
                       "panels and meetings and completed {2} case audits", series,
                       SERVICE.values()),
        f"Training sessions delivered, panels and meetings attended and case audits completed "
        f"by the IRO unit in each reporting year, {place}, {span}",
        "Sessions",
        f"Column chart comparing, for each reporting year from {span}, the training sessions "
        "(first column), panels and meetings (second) and case audits (third), each column "
        "labelled with its number.")


def feedback_words(series: pl.DataFrame, place: str, span: str) -> Words:
    """Feedback agreeing by reporting year (``report_tables.year_series`` of ``FEEDBACK``,
    not empty)."""
    return Words(
        latest_finding("In {year}, {0} of those who answered felt listened to, and {1} said "
                       "the meeting helped", series, FEEDBACK.values()),
        f"Responses agreeing (4 or 5 out of 5) that they felt listened to and that the meeting "
        f"helped, as a percentage of those answering each question, each reporting year, "
        f"{place}, {span}",
        "Per cent",
        f"Column chart comparing, for each reporting year from {span}, the percentage of "
        "responses agreeing that they felt listened to (first column) and that the meeting "
        "helped (second column), each column labelled with its figure. The table adds the "
        "numbers counted and the 95% confidence interval.")
