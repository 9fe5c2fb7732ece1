"""Looked-after reviews by participation (PN) code as the participation page shows them: each
code's meaning in plain English (the glossary's words), the label beside its bar, the table and
the finding. The counts are ``indicators.participation.review_codes``'s."""

import polars as pl

from iro_metrics.present.breakdowns import largest
from iro_metrics.present.findings import part_of
from iro_metrics.present.formatting import format_number, format_numbers, present
from iro_metrics.present.glossary import PARTICIPATION_CODES

MEANINGS = PARTICIPATION_CODES  # the glossary's words, defined once
CODE, MEANING, REVIEWS, SHARE = ("PN code", "What it means", "Reviews",
                                 "Share of reviews of children aged 4 and over (%)")


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
