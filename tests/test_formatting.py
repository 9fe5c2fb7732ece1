"""Figures as text: a column formatted at once reads exactly as each figure formatted alone."""

import math

import polars as pl
import pytest

from iro_metrics.present.formatting import format_number, format_numbers, present

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
