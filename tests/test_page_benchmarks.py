"""The Benchmarks page (first version) and the Fingertips comparison it uses."""

from pathlib import Path

import polars as pl
import pytest
from conftest import OpenPage

from iro_metrics.comparison import (
    comparators,
    compare,
    load_benchmarks,
    neighbour_average,
    quartile_band,
    rank,
)
from iro_metrics.engine import compute
from iro_metrics.formatting import format_number
from iro_metrics.loader import load_extract
from iro_metrics.periods import reporting_year
from iro_metrics.registry import Polarity


@pytest.mark.parametrize(("lower", "upper", "benchmark", "polarity", "expected"), [
    (80.0, 90.0, 85.0, Polarity.HIGH, ("Similar", "Similar")),
    (80.0, 90.0, 80.0, Polarity.HIGH, ("Similar", "Similar")),
    (80.0, 90.0, 79.9, Polarity.HIGH, ("Higher", "Better")),
    (80.0, 90.0, 79.9, Polarity.LOW, ("Higher", "Worse")),
    (80.0, 90.0, 90.1, Polarity.HIGH, ("Lower", "Worse")),
    (80.0, 90.0, 90.1, Polarity.LOW, ("Lower", "Better")),
    (80.0, 90.0, 95.0, Polarity.NONE, ("Lower", "Lower")),
])
def test_fingertips_comparison(lower: float, upper: float, benchmark: float,
                               polarity: Polarity, expected: tuple[str, str]) -> None:
    verdict = compare(lower, upper, benchmark, polarity)
    assert verdict is not None
    assert (verdict.direction, verdict.judgement) == expected


def test_no_comparison_without_an_interval_or_benchmark() -> None:
    assert compare(None, None, 5.0, Polarity.HIGH) is None
    assert compare(1.0, 2.0, None, Polarity.HIGH) is None


def test_page_shows_computed_beside_published(open_page: OpenPage, demo_dir: Path) -> None:
    at = open_page("benchmarks", query={"year": "2019-20"})
    assert not at.exception, [e.value for e in at.exception]
    shown = pl.from_pandas(at.dataframe[0].value)
    computed = compute(load_extract(demo_dir), reporting_year(2019))
    published = comparators(load_benchmarks(), "841", 2020)
    rate = shown.filter(pl.col("Indicator") == "Children on a child protection plan per 10,000 "
                                               "children").row(0, named=True)
    ours = computed.filter(pl.col("indicator_id") == "cp_rate")["value"][0]
    england = published.filter(pl.col("indicator_id") == "cp_rate")["england_value"][0]
    assert rate["Computed, at published precision"] == format_number(ours, 1)
    assert rate["Published for us"] == "38.2"
    assert rate["England"] == format_number(england, 1) == "43.7"
    assert rate["Region"] == "71.0"
    withheld = shown.filter(pl.col("Indicator") == "Plans lasting 2 years or more").row(
        0, named=True)
    assert withheld["Published for us"] == "-"
    assert withheld["Difference"] == "x"
    count = shown.filter(pl.col("Indicator") == "Children looked after").row(0, named=True)
    assert count["Compared with England"] == "Not compared (a count)"


def test_custom_dates_fall_back_to_the_reporting_year(open_page: OpenPage) -> None:
    at = open_page("benchmarks", query={"custom": "true", "from": "2019-06-01",
                                        "to": "2019-12-31"})
    assert not at.exception, [e.value for e in at.exception]
    assert any("showing 2019-20" in c.value for c in at.caption)


VALUES = [10.0, 20.0, 30.0, 40.0, 50.0]  # type-7 quartiles: Q1 20, Q2 30, Q3 40


@pytest.mark.parametrize(("value", "low_band", "high_band"), [
    (10.0, "A", "D"), (20.0, "A", "D"), (20.1, "B", "C"), (30.0, "B", "C"),
    (35.0, "C", "B"), (40.0, "C", "B"), (40.5, "D", "A"), (50.0, "D", "A"),
])
def test_quartile_bands_at_boundaries(value: float, low_band: str, high_band: str) -> None:
    assert quartile_band(value, VALUES, Polarity.LOW) == low_band
    assert quartile_band(value, VALUES, Polarity.HIGH) == high_band
    assert quartile_band(value, VALUES, Polarity.NONE) == "-"


def test_quartiles_skip_missing_values_and_interpolate() -> None:
    # [1, 2, 3, 4] (None skipped): Q1 = 1.75, Q2 = 2.5, Q3 = 3.25 by type 7.
    values = [4.0, None, 1.0, 3.0, 2.0]
    assert [quartile_band(v, values, Polarity.LOW) for v in (1.75, 1.8, 2.5, 3.25, 3.3)] == [
        "A", "B", "B", "C", "D"]
    assert quartile_band(None, values, Polarity.LOW) == "-"


def test_ranks_share_the_better_position_on_ties() -> None:
    values = [5.0, 7.0, 7.0, 9.0, None]
    assert [rank(v, values, Polarity.HIGH) for v in (9.0, 7.0, 5.0)] == [1, 2, 4]
    assert [rank(v, values, Polarity.LOW) for v in (5.0, 7.0, 9.0)] == [1, 2, 4]
    assert rank(7.0, values, Polarity.NONE) is None


def test_neighbour_average_skips_missing() -> None:
    values = [10.0, None, 20.0, 60.0]
    assert neighbour_average(values, "mean") == 30.0
    assert neighbour_average(values, "median") == 20.0
    assert neighbour_average([None, None], "mean") is None
    with pytest.raises(ValueError, match="must be 'mean' or 'median', not 'mode'"):
        neighbour_average(values, "mode")
