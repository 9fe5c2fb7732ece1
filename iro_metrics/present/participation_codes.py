"""Looked-after reviews by participation (PN) code as the participation page shows them: each
code's meaning in plain English (the glossary's words), the label beside its bar, the table, the
finding and the chart's text alternative, and what PN4 means for the two participation figures.
The counts are ``indicators.participation.review_codes``'s."""

import polars as pl

from iro_metrics.present.breakdowns import largest
from iro_metrics.present.findings import part_of
from iro_metrics.present.formatting import format_number, format_numbers, present
from iro_metrics.present.glossary import PARTICIPATION_CODES

MEANINGS = PARTICIPATION_CODES  # the glossary's words, defined once
PN4_NOTE = (f"PN4 means {MEANINGS['PN4']}. Such a review counts as one the child took part in, "
            "but not as one where the child's views were conveyed, so the share of reviews the "
            "child took part in (PN1 to PN6) is never below the share where their views were "
            "conveyed (PN1, PN2, PN3, PN5 and PN6).")
"""Plain words for PN4 (``indicators.md`` v1.3): the one difference between taking part and
views conveyed."""
CODE, MEANING, REVIEWS, SHARE = ("PN code", "What it means", "Reviews",
                                 "Share of reviews of children aged 4 and over (%)")


def legend() -> str:
    """Every code and what it means, as a markdown list, and which codes each figure counts."""
    return ("\n".join(f"- **{code}**: {meaning}." for code, meaning in MEANINGS.items())
            + "\n\nPN1 to PN6 count as taking part, and all of them but PN4 as the child's views "
              "conveyed; PN7 counts as neither. Children under 4 (PN0) are left out of both "
              "percentages.")


def with_labels(codes: pl.DataFrame) -> pl.DataFrame:
    """``review_codes`` with each code's ``meaning`` and the ``label`` shown beside its bar:
    ``216 (37.0%)``, or the count alone where there is no share."""
    reviews = format_numbers(codes["reviews"])
    return codes.with_columns(
        meaning=pl.col("code").replace_strict(MEANINGS, return_dtype=pl.String),
        label=pl.when(pl.col("share").is_null()).then(reviews).otherwise(
            pl.format("{} ({}%)", reviews, format_numbers(codes["share"], 1))))


def code_table(older: pl.DataFrame) -> pl.DataFrame:
    """The reviews of children aged 4 and over by code (``with_labels``) as shown: code, what it
    means (as a sentence), reviews and share."""
    meaning = pl.col("meaning")
    return present(older.select(
        pl.col("code").alias(CODE),
        (meaning.str.slice(0, 1).str.to_uppercase() + meaning.str.slice(1)).alias(MEANING),
        pl.col("reviews").alias(REVIEWS), pl.col("share").alias(SHARE)), {REVIEWS: 0, SHARE: 1})


def code_finding(older: pl.DataFrame) -> str:
    """The title of the reviews of children aged 4 and over by code: the code used most often
    and its share, or the number of reviews when that is not known (suppressed)."""
    total, top = float(older["reviews"].sum()), largest(older, "reviews")
    if top is None:
        return f"{format_number(total)} reviews of children aged 4 and over"
    return f"Most often {top['meaning']}: {part_of(top['reviews'], total, 'reviews', top['share'])}"


def code_description(codes: pl.DataFrame, period_label: str) -> str:
    """The text alternative of the bar chart of reviews of children aged 4 and over by code
    (``with_labels`` of every code): how many there were and how many under-4s' reviews (PN0)
    are left out, as shown."""
    older = float(codes.filter(pl.col("aged_4_plus"))["reviews"].sum())
    under_four = float(codes.filter(~pl.col("aged_4_plus"))["reviews"].sum())
    return (f"Horizontal bar chart of the {format_number(older)} reviews of children aged 4 and "
            f"over held in {period_label} by participation code PN1 to PN7, each bar labelled "
            "with its number and share, under the filters above; the "
            f"{format_number(under_four)} reviews of children under 4 (PN0) are left out.")
