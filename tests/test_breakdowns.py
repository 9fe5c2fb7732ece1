"""Breakdowns ready to show (``iro_metrics.present.breakdowns``) and finding titles
(``iro_metrics.present.findings``), on hand-made engine rows."""

import polars as pl

from iro_metrics.indicators.demographics import AGE_BANDS
from iro_metrics.present.breakdowns import every_group, largest
from iro_metrics.present.findings import change_phrase, latest_change


def _rows(found: dict[str, float]) -> pl.DataFrame:
    return pl.DataFrame({"group": list(found), "numerator": list(found.values())},
                        schema={"group": pl.String, "numerator": pl.Float64})


def test_every_group_in_order_with_zeros_and_shares() -> None:
    # 2 + 6 = 8 children: 25% and 75%; the other bands are real zeros.
    table = every_group(_rows({"5 to 9": 6.0, "Under 1": 2.0}), "age_band")
    assert table["group"].to_list() == list(AGE_BANDS)
    assert table["count"].to_list() == [0, 2, 0, 6, 0, 0]
    assert table["share"].to_list() == [0.0, 25.0, 0.0, 75.0, 0.0, 0.0]
    assert largest(table) == {"group": "5 to 9", "count": 6, "share": 75.0}


def test_a_filtered_dimension_lists_only_the_kept_groups() -> None:
    table = every_group(_rows({"F": 3.0}), "sex", shown=("U", "F"))
    assert table.to_dicts() == [{"group": "F", "count": 3, "share": 100.0},
                                {"group": "U", "count": 0, "share": 0.0}]


def test_no_children_gives_zero_counts_and_no_shares() -> None:
    table = every_group(_rows({}), "initial_category")
    assert table["count"].to_list() == [0] * 5
    assert table["share"].to_list() == [None] * 5
    assert largest(table) is None


def test_a_tie_names_the_first_group_in_order() -> None:
    table = every_group(_rows({"EMO": 4.0, "NEG": 4.0}), "initial_category")
    assert largest(table)["group"] == "NEG"


def test_change_phrases() -> None:
    assert change_phrase("Plans started", 180, 155) == "Plans started fell from 180 to 155"
    assert change_phrase("Plans started", 1155, 1180) == "Plans started rose from 1,155 to 1,180"
    assert change_phrase("Plans", 155, 155) == "Plans stayed at 155"
    # Compared as shown: 14.84% and 14.81% both show as 14.8%.
    assert change_phrase("Repeat plans", 14.84, 14.81, 1, "%") == "Repeat plans stayed at 14.8%"
    assert change_phrase("Repeat plans", 14.8, 21.43, 1, "%") == (
        "Repeat plans rose from 14.8% to 21.4%")
    assert change_phrase("Plans", None, 12) == "Plans: 12"
    assert change_phrase("Plans", 12, None) == "Plans: no figure"


def test_latest_change_compares_the_last_two_years() -> None:
    assert latest_change("Plans started", [150, 180, 155], "2020-21") == (
        "Plans started fell from 180 to 155 in 2020-21")
    assert latest_change("Plans started", [155], "2020-21") == "Plans started: 155 in 2020-21"
