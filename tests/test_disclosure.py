"""Disclosure control: counts of 1 to 5 and figures derived from them become ``c``; a breakdown
with one hidden cell loses another; zeros and missing figures stay as they are."""

import math

import polars as pl
import pytest

from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present.disclosure import (
    FIGURES,
    hide_all,
    protect_counts,
    protect_indicators,
    public_view,
    smallest_total,
)
from iro_metrics.present.formatting import format_number, format_value


def engine_rows(rows: list[tuple]) -> pl.DataFrame:
    """Engine-shaped rows; each row is given its own period, so that rows are separate cells
    unless a test says otherwise."""
    frame = pl.DataFrame(rows, schema={"indicator_id": pl.String, "group": pl.String,
                                       "numerator": pl.Float64, "denominator": pl.Float64,
                                       "value": pl.Float64, "lower_95": pl.Float64},
                         orient="row")
    return frame.with_columns(period_start=pl.int_range(pl.len()))


def one_period(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(period_start=pl.lit(0))


def shown(frame: pl.DataFrame, column: str) -> list[str]:
    return [format_number(v, 1) for v in frame[column].to_list()]


def test_primary_suppression_of_counts_and_derived_figures() -> None:
    frame = engine_rows([
        ("lac_count", "", 5, None, 5, None),
        ("lac_count", "", 10, None, 10, None),
        ("lac_count", "", 0, None, 0, None),
        ("lac_reviews_timely", "", 3, 40, 7.5, 2.0),     # small numerator
        ("lac_reviews_timely", "", 4, 4, 100.0, 51.0),   # small denominator too
        ("lac_reviews_timely", "", 40, 40, 100.0, 91.0),
        ("lac_reviews_timely", "", 0, 0, None, None),    # no reviews: not available, not c
        ("iro_caseload", "", 355, 5.2, 68.3, None),      # FTE is not a count of children
    ])
    protected = protect_indicators(frame)
    assert shown(protected, "numerator") == ["c", "10.0", "0.0", "c", "c", "40.0", "0.0",
                                             "355.0"]
    assert shown(protected, "denominator") == ["x", "x", "x", "c", "c", "40.0", "0.0", "5.2"]
    assert shown(protected, "value") == ["c", "10.0", "0.0", "c", "c", "100.0", "x", "68.3"]
    assert shown(protected, "lower_95") == ["x", "x", "x", "c", "c", "91.0", "x", "x"]
    assert format_value(protected["value"][3], BY_ID["lac_reviews_timely"]) == "c"


def test_a_headline_no_larger_than_a_breakdowns_groups_is_hidden() -> None:
    # Children looked after break down into 9 categories of need: 9 could be one in each.
    assert smallest_total(BY_ID["lac_count"]) == 10
    assert smallest_total(BY_ID["disputes_raised"]) == 6
    frame = engine_rows([("lac_count", "", 9, None, 9, None),
                         ("lac_count", "", 10, None, 10, None),
                         ("disputes_raised", "", 6, None, 6, None)])
    assert shown(protect_indicators(frame), "numerator") == ["c", "10.0", "6.0"]


def test_a_family_is_hidden_together() -> None:
    """Reviews held 40 = 34 of children aged 4 and over + 6 under 4, and 3 of the 34 did not
    take part (PN7, shown as a count on the participation page): every review figure goes."""
    frame = one_period(engine_rows([
        ("lac_reviews_held", "", 40, None, 40, None),
        ("lac_reviews_timely", "", 38, 40, 95.0, 80.0),
        ("lac_participation", "", 31, 34, 91.2, 77.0),
        ("lac_reviews_under4", "", 6, None, 6, None),
        ("lac_count", "", 30, None, 30, None),
    ]))
    protected = protect_indicators(frame)
    assert shown(protected, "numerator") == ["c", "c", "c", "c", "30.0"]
    assert shown(protected, "denominator") == ["x", "c", "c", "x", "x"]


@pytest.mark.parametrize(("conveyed", "hidden"), [(27, True), (25, True), (24, False),
                                                  (30, False)])
def test_views_conveyed_differing_from_taking_part_by_one_to_five_is_hidden(
        conveyed: int, hidden: bool) -> None:
    """30 reviews the child took part in, of which ``conveyed`` conveyed a view: the difference
    is the PN4 count (came but conveyed no view), published on the participation page, so a
    difference of 1 to 5 hides the whole review family; 0 or 6 and over does not."""
    frame = one_period(engine_rows([
        ("lac_participation", "Mixed", 30, 40, 75.0, 60.0),
        ("lac_views_conveyed", "Mixed", conveyed, 40, 100 * conveyed / 40, 50.0),
        ("lac_reviews_held", "Mixed", 50, None, 50, None),
    ]))
    protected = protect_indicators(frame)
    assert shown(protected, "numerator") == (
        ["c", "c", "c"] if hidden else ["30.0", f"{conveyed}.0", "50.0"])


def test_the_child_based_review_measures_are_hidden_together() -> None:
    """3 children waiting for an overdue review: the count is c, and so is the share of children
    reviewed on time, whose denominator less its numerator would give the 3 (less any late)."""
    frame = one_period(engine_rows([
        ("lac_children_reviews_timely", "", 40, 43, 93.0, 81.4),
        ("lac_reviews_overdue", "", 3, None, 3, None),
        ("lac_reviews_timely", "", 60, 60, 100.0, 94.0),
    ]))
    protected = protect_indicators(frame)
    assert shown(protected, "numerator") == ["c", "c", "60.0"]
    assert shown(protected, "denominator") == ["c", "x", "60.0"]
    assert format_value(protected["value"][1], BY_ID["lac_reviews_overdue"]) == "c"
    assert BY_ID["lac_children_reviews_timely"].family == BY_ID["lac_reviews_overdue"].family


def test_the_looked_after_caseload_is_hidden_with_the_count_it_divides() -> None:
    """Children looked after per FTE is lac_count over the staff: one family, so a small count
    hidden in one is hidden in the other; the FTE stays."""
    frame = one_period(engine_rows([
        ("lac_count", "", 4, None, 4, None),
        ("iro_lac_caseload", "", 4, 2.5, 1.6, None),
    ]))
    protected = protect_indicators(frame)
    assert shown(protected, "numerator") == ["c", "c"]
    assert shown(protected, "denominator") == ["x", "2.5"]
    assert shown(protected, "value") == ["c", "c"]


def test_secondary_suppression_within_a_breakdown() -> None:
    # Girls 3 is hidden; total 40 is shown, so the next smallest (unknown 7) goes too.
    frame = one_period(engine_rows([
        ("lac_count", "M", 30, None, 30, None),
        ("lac_count", "F", 3, None, 3, None),
        ("lac_count", "U", 7, None, 7, None),
        ("cp_count", "M", 0, None, 0, None),
        ("cp_count", "F", 12, None, 12, None),
        ("cp_count", "U", 9, None, 9, None),
    ]))
    protected = protect_indicators(frame)
    assert shown(protected, "numerator") == ["30.0", "c", "c", "0.0", "12.0", "9.0"]


def test_secondary_suppression_skips_zeros_and_stops_at_two() -> None:
    frame = one_period(engine_rows([
        ("lac_count", "a", 0, None, 0, None),
        ("lac_count", "b", 2, None, 2, None),
        ("lac_count", "c", 50, None, 50, None),
        ("lac_count", "d", 9, None, 9, None),
        ("lac_count", "e", 8, None, 8, None),
    ]))
    assert shown(protect_indicators(frame), "numerator") == ["0.0", "c", "50.0", "9.0", "c"]


def test_two_primary_cells_need_no_secondary() -> None:
    frame = one_period(engine_rows([
        ("lac_count", "a", 2, None, 2, None),
        ("lac_count", "b", 4, None, 4, None),
        ("lac_count", "c", 50, None, 50, None),
    ]))
    assert shown(protect_indicators(frame), "numerator") == ["c", "c", "50.0"]


def test_hidden_ones_alone_are_not_enough() -> None:
    # Two hidden cells adding up to 2 would each be 1 (a listed group is never 0).
    frame = one_period(engine_rows([
        ("lac_count", "a", 1, None, 1, None),
        ("lac_count", "b", 1, None, 1, None),
        ("lac_count", "c", 50, None, 50, None),
        ("lac_count", "d", 60, None, 60, None),
    ]))
    assert shown(protect_indicators(frame), "numerator") == ["c", "c", "c", "60.0"]


def test_a_filtered_view_takes_its_groups_pattern() -> None:
    table = protect_indicators(one_period(engine_rows([
        ("lac_count", "M", 30, None, 30, None),
        ("lac_count", "F", 3, None, 3, None),
        ("lac_count", "U", 7, None, 7, None),
        ("lac_starts", "M", 9, None, 9, None),
        ("lac_starts", "U", 8, None, 8, None),
    ])))
    girls = engine_rows([("lac_count", "", 3, None, 3, None),
                         ("lac_starts", "", 0, None, 0, None)])
    unknown = engine_rows([("lac_count", "", 7, None, 7, None),
                           ("lac_starts", "", 8, None, 8, None)])
    assert shown(public_view(girls, table, "F"), "numerator") == ["c", "0.0"]
    assert shown(public_view(unknown, table, "U"), "numerator") == ["c", "8.0"]


def test_hide_all_keeps_missing_figures_missing() -> None:
    frame = engine_rows([("lac_count", "F", 30, None, 30, None),
                         ("lac_reviews_timely", "F", 0, 0, None, None)])
    hidden = hide_all(frame, FIGURES)
    assert shown(hidden, "numerator") == ["c", "c"]
    assert shown(hidden, "value") == ["c", "x"]


def test_protect_counts_in_a_plain_table() -> None:
    table = pl.DataFrame({"year": ["2019-20"] * 3 + ["2020-21"] * 3,
                          "stage": ["INFORMAL", "FORMAL_1", "FORMAL_2"] * 2,
                          "disputes": [12, 4, 0, 10, 8, 7],
                          "share": [75.0, 25.0, 0.0, 40.0, 32.0, 28.0]})
    protected = protect_counts(table, ("disputes",), table=("year",), group="stage",
                               shares=("share",))
    assert shown(protected, "disputes") == ["c", "c", "0.0", "10.0", "8.0", "7.0"]
    # 2019-20: 4 is hidden and a zero cannot protect it, so 12 goes too; 2020-21 is untouched.
    protected_year = protect_counts(table.filter(pl.col("year") == "2019-20"), ("disputes",),
                                    group="stage", shares=("share",))
    assert shown(protected_year, "disputes") == ["c", "c", "0.0"]
    assert shown(protected_year, "share") == ["c", "c", "0.0"]


@pytest.mark.parametrize(("count", "text"), [(0, "0"), (1, "c"), (5, "c"), (6, "6"),
                                             (None, "x")])
def test_single_counts(count: int | None, text: str) -> None:
    frame = pl.DataFrame({"n": [count]}, schema={"n": pl.Float64})
    assert format_number(protect_counts(frame, ("n",))["n"][0]) == text


def test_nan_is_never_read_as_a_number() -> None:
    assert format_number(math.nan) == "c"
    assert format_number(None) == "x"
    assert format_number(0.0) == "0"
