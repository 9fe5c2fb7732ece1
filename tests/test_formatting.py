"""Figures as text: a column formatted at once reads exactly as each figure formatted alone."""

import datetime as dt
import math

import polars as pl
import pytest

from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present.formatting import (
    format_date,
    format_difference,
    format_number,
    format_numbers,
    lower_first,
    present,
    symbol_list,
    symbols_table,
    upper_first,
)
from iro_metrics.present.glossary import spelled_out

FIGURES = [0.0, 5.0, 1234.0, 1234567.5, -2.5, 12.35, 0.25, 96.25, -0.04, math.nan, None]


@pytest.mark.parametrize("decimals", [0, 1, 2])
def test_a_column_reads_as_each_figure_alone(decimals: int) -> None:
    shown = format_numbers(pl.Series("value", FIGURES, dtype=pl.Float64), decimals)
    assert shown.name == "value"
    assert shown.dtype == pl.String
    assert shown.to_list() == [format_number(figure, decimals) for figure in FIGURES]


def test_python_rounding_not_polars() -> None:
    # 12.35 is stored just below 12.35: Python writes 12.3 where Polars' round gives 12.4.
    assert format_numbers(pl.Series([12.35, 1234.0, math.nan, None]), 1).to_list() == [
        "12.3", "1,234.0", "c", "x"]


def test_whole_number_columns() -> None:
    assert format_numbers(pl.Series([3, 1200, None], dtype=pl.Int64)).to_list() == [
        "3", "1,200", "x"]


def test_present_formats_only_the_columns_named() -> None:
    frame = pl.DataFrame({"Year": ["2019-20", "2020-21"], "Children": [1234, None],
                          "Share (%)": [37.04, math.nan]})
    assert present(frame, {"Children": 0, "Share (%)": 1}).rows() == [
        ("2019-20", "1,234", "37.0"), ("2020-21", "x", "c")]


def test_dates_in_sentences() -> None:
    assert format_date(dt.date(2021, 3, 31)) == "31 March 2021"
    assert format_date(dt.date(2019, 4, 1)) == "1 April 2019"


def test_difference_with_its_sign() -> None:
    # 12.5 - 10.25 = 2.25; 10.25 - 12.5 = -2.25; no plus sign on a fall.
    assert format_difference(12.5, 10.25, 2) == ("+2.25", True)
    assert format_difference(10.25, 12.5, 2) == ("-2.25", True)
    # 0.004 and -0.004 round to zero at 2 decimals: shown, but no movement.
    assert format_difference(10.004, 10.0, 2) == ("no change", False)
    assert format_difference(10.0, 10.004, 2) == ("no change", False)
    assert format_difference(3.0, 3.0) == ("no change", False)
    assert format_difference(None, 3.0) == (None, False)
    assert format_difference(3.0, None) == (None, False)
    # A suppressed figure (NaN) is shown as c, and its change is not claimed to be nil.
    assert format_difference(math.nan, 3.0) == ("c", True)


def test_symbol_list() -> None:
    assert symbol_list({"c": "suppressed", "x": "not available"}) == (
        "c suppressed; x not available")


def test_first_letter_case() -> None:
    assert lower_first("Children looked after") == "children looked after"
    assert upper_first("the child attended") == "The child attended"
    assert lower_first("") == "" and upper_first("") == ""


def test_symbols_table() -> None:
    assert symbols_table().splitlines() == [
        "| Symbol | Meaning |", "|---|---|",
        "| c | Suppressed to protect children's privacy: a count from 1 to 5, a figure worked out "
        "from one, or a figure from which one could be worked out |",
        "| x | Not available: no data for this period or group, or the extract lacks the table "
        "it needs |"]


def test_a_short_label_has_its_abbreviations_spelled_out_for_its_help() -> None:
    assert spelled_out("ICPCs in 15 working days") == (
        "ICPC: Initial child protection conference.")
    assert spelled_out("CP plans reviewed in time by a CP chair") == "CP: Child protection."
    assert spelled_out("Family at RCPC, LAC and IRO") == (
        "RCPC: Review child protection conference. LAC: Looked-after child. "
        "IRO: Independent Reviewing Officer.")
    assert spelled_out("Took part in their review") == ""
    # Every tile label's abbreviations are explained.
    assert spelled_out(BY_ID["icpc_timely"].label)
    assert spelled_out(BY_ID["lac_reviews_timely"].label) == "LAC: Looked-after child."
