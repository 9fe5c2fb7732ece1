"""The Between reviews page's words and figures (``present/between_reviews.py``) from hand-built
engine rows: the other reviews by type (named, counted, the largest as the title, suppressed
counts never named), and the titles of the year-by-year charts from their last year."""

import math

import polars as pl

from iro_metrics.present import between_reviews as br

SERIES_SCHEMA = {"year": pl.String, "series": pl.String, "value": pl.Float64, "label": pl.String}


def by_type(counts: dict[str, float]) -> pl.DataFrame:
    """``results.indicators`` broken down by review type: other_reviews_held's rows."""
    return pl.DataFrame({"indicator_id": ["other_reviews_held"] * len(counts),
                         "group": list(counts), "numerator": list(counts.values())})


def test_other_reviews_by_type_every_type_in_order() -> None:
    shown = br.review_types_figure(
        by_type({"adoption": 9, "foster carer": 100, "secure": 4, "disruption": 6}), 119,
        "Darlington", "2019-20")
    assert shown.title == "Foster carer reviews were the most held: 100 of 119 other reviews (84.0%)"
    assert shown.subtitle == ("Other statutory reviews and meetings chaired by IROs by type, "
                              "Darlington, 2019-20")
    assert shown.table.rows() == [("Foster carer reviews", "100"), ("Adoption reviews", "9"),
                                  ("Disruption meetings", "6"),
                                  ("Secure accommodation reviews", "4")]
    assert shown.description == (
        "Bar chart of the 119 other reviews held in 2019-20 by type: Foster carer reviews 100; "
        "Adoption reviews 9; Disruption meetings 6; Secure accommodation reviews 4.")


def test_other_reviews_by_type_a_missing_type_is_zero() -> None:
    shown = br.review_types_figure(by_type({"foster carer": 40, "adoption": 60}), 100,
                                   "Darlington", "2019-20")
    assert shown.title == "Adoption reviews were the most held: 60 of 100 other reviews (60.0%)"
    assert shown.table["Reviews held"].to_list() == ["40", "60", "0", "0"]


def test_other_reviews_by_type_suppressed_counts_are_never_named() -> None:
    shown = br.review_types_figure(
        by_type({"foster carer": math.nan, "adoption": 9, "disruption": 6, "secure": math.nan}),
        math.nan, "Darlington", "2019-20")
    assert shown.title == "Adoption reviews were the most held: 9 of c other reviews"
    assert shown.table["Reviews held"].to_list() == ["c", "9", "6", "c"]
    hidden = br.review_types_figure(by_type({"secure": math.nan}), math.nan, "Darlington",
                                    "2019-20")
    assert hidden.title == "Other reviews held in 2019-20 by type"


def series(rows: list[tuple[str, str, float, str]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=SERIES_SCHEMA, orient="row")


def test_titles_give_the_last_year() -> None:
    contact = series([("2018-19", "Child seen before the review", 90.0, "90.0%"),
                      ("2018-19", "Midway check", 80.0, "80.0%"),
                      ("2019-20", "Child seen before the review", 92.1, "92.1%"),
                      ("2019-20", "Midway check", 84.7, "84.7%")])
    assert br.contact_words(contact, "Darlington", "2018-19 to 2019-20").title == (
        "In 2019-20, the IRO saw or spoke with the child before 92.1% of reviews, and checked "
        "progress midway before 84.7% of later reviews")
    service = series([("2019-20", "Training sessions", 12, "12"),
                      ("2019-20", "Panels and meetings", 14, "14"),
                      ("2019-20", "Case audits", 48, "48")])
    assert br.service_words(service, "Darlington", "2019-20").title == (
        "In 2019-20, the unit delivered 12 training sessions, attended 14 panels and meetings "
        "and completed 48 case audits")
    feedback = series([("2019-20", "Felt listened to", 89.8, "89.8%"),
                       ("2019-20", "Said the meeting helped", 80.7, "80.7%")])
    assert br.feedback_words(feedback, "Darlington", "2019-20").title == (
        "In 2019-20, 89.8% of those who answered felt listened to, and 80.7% said the meeting "
        "helped")
