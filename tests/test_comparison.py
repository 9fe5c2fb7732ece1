"""Comparing computed figures with published ones: the Fingertips verdict, LAIT's quartile bands
and ranks, intervals for published figures, statistical neighbours (models, averages) and the
Benchmarks page's tables and findings, on known answers and on small made-up tables."""

import datetime as dt
import math
from pathlib import Path

import polars as pl
import pytest

from iro_metrics.indicators.engine import Filters
from iro_metrics.indicators.periods import date_range, reporting_year
from iro_metrics.indicators.registry import BY_ID, Polarity
from iro_metrics.present.formatting import format_published
from iro_metrics.present.view import View
from iro_metrics.published import benchmark_tables as tables
from iro_metrics.published import benchmark_text as words
from iro_metrics.published.comparators import SCHEMA
from iro_metrics.published.comparison import (
    Comparison,
    comparable,
    comparator_year,
    compare,
    headline_comparison,
    latest_comparators,
    load_benchmarks,
    neighbour_average,
    position,
    published_interval,
    quartile_band,
    rank,
    region_phrase,
    verdict_words,
)
from iro_metrics.published.neighbours import (
    AUTOMATIC,
    NEW_MODEL,
    OLD_MODEL,
    model_for,
    neighbour_series,
    neighbour_values,
    neighbours_of,
)

SUPPRESSED = math.nan  # how disclosure control marks a hidden figure

# --- Fingertips comparison -------------------------------------------------------------------


@pytest.mark.parametrize(("lower", "upper", "benchmark", "polarity", "expected"), [
    (80.0, 90.0, 85.0, Polarity.HIGH, ("Similar", "Similar")),
    (80.0, 90.0, 80.0, Polarity.HIGH, ("Similar", "Similar")),
    (80.0, 90.0, 90.0, Polarity.LOW, ("Similar", "Similar")),
    (80.0, 90.0, 79.9, Polarity.HIGH, ("Higher", "Better")),
    (80.0, 90.0, 79.9, Polarity.LOW, ("Higher", "Worse")),
    (80.0, 90.0, 90.1, Polarity.HIGH, ("Lower", "Worse")),
    (80.0, 90.0, 90.1, Polarity.LOW, ("Lower", "Better")),
    (80.0, 90.0, 95.0, Polarity.NONE, ("Lower", "Lower")),
    (80.0, 90.0, 75.0, Polarity.NONE, ("Higher", "Higher")),
])
def test_fingertips_comparison(lower: float, upper: float, benchmark: float,
                               polarity: Polarity, expected: tuple[str, str]) -> None:
    verdict = compare(lower, upper, benchmark, polarity)
    assert verdict is not None
    assert (verdict.direction, verdict.judgement) == expected


def test_no_comparison_without_an_interval_or_benchmark() -> None:
    assert compare(None, None, 5.0, Polarity.HIGH) is None
    assert compare(1.0, 2.0, None, Polarity.HIGH) is None
    # A suppressed local figure (NaN limits) is never compared: it would read as "Lower".
    assert compare(SUPPRESSED, SUPPRESSED, 5.0, Polarity.HIGH) is None


def test_verdict_words() -> None:
    rate, repeat, count = BY_ID["cp_rate"], BY_ID["cp_repeat"], BY_ID["cp_count"]
    assert verdict_words(count, Comparison("Higher", "Higher")) == "Not compared (a count)"
    assert verdict_words(rate, Comparison("Higher", "Higher")) == "Higher"
    assert verdict_words(repeat, Comparison("Higher", "Worse")) == "Worse"
    assert verdict_words(repeat, None) == "x"


# --- LAIT quartile bands and ranks ----------------------------------------------------------

VALUES = [10.0, 20.0, 30.0, 40.0, 50.0]  # type-7 quartiles: Q1 20, Q2 30, Q3 40


@pytest.mark.parametrize(("value", "low_band", "high_band"), [
    (10.0, "A", "D"), (20.0, "A", "D"), (20.1, "B", "C"), (30.0, "B", "C"),
    (35.0, "C", "B"), (40.0, "C", "B"), (40.5, "D", "A"), (50.0, "D", "A"),
])
def test_quartile_bands_at_boundaries(value: float, low_band: str, high_band: str) -> None:
    assert quartile_band(value, VALUES, Polarity.LOW) == low_band
    assert quartile_band(value, VALUES, Polarity.HIGH) == high_band
    assert quartile_band(value, VALUES, Polarity.NONE) == "-"


@pytest.mark.parametrize("polarity", [Polarity.LOW, Polarity.HIGH])
def test_quartiles_skip_missing_values_and_interpolate(polarity: Polarity) -> None:
    # [1, 2, 3, 4] (None and a suppressed NaN skipped): Q1 = 1.75, Q2 = 2.5, Q3 = 3.25.
    values = [4.0, None, 1.0, SUPPRESSED, 3.0, 2.0]
    bands = [quartile_band(v, values, polarity) for v in (1.75, 1.8, 2.5, 3.25, 3.3)]
    expected = ["A", "B", "B", "C", "D"]
    assert bands == (expected if polarity is Polarity.LOW else [
        {"A": "D", "B": "C", "C": "B", "D": "A"}[band] for band in expected])
    assert quartile_band(None, values, polarity) == "-"
    assert quartile_band(SUPPRESSED, values, polarity) == "-"
    assert quartile_band(2.0, [None, None], polarity) == "-"


def test_quartile_bands_with_ties() -> None:
    # Q1 = Q2 = 20 and Q3 = 30: a tie at Q1 is in the first quarter (A when low is good, D
    # when high is good); only values above Q3 reach the last quarter.
    values = [10.0, 20.0, 20.0, 20.0, 30.0, 30.0, 40.0]
    assert quartile_band(20.0, values, Polarity.LOW) == "A"
    assert quartile_band(20.0, values, Polarity.HIGH) == "D"
    assert quartile_band(25.0, values, Polarity.LOW) == "C"
    assert quartile_band(30.0, values, Polarity.HIGH) == "B"
    assert quartile_band(30.1, values, Polarity.HIGH) == "A"


def test_ranks_share_the_better_position_on_ties() -> None:
    values = [5.0, 7.0, 7.0, 9.0, None]
    assert [rank(v, values, Polarity.HIGH) for v in (9.0, 7.0, 5.0)] == [1, 2, 4]
    assert [rank(v, values, Polarity.LOW) for v in (5.0, 7.0, 9.0)] == [1, 2, 4]
    assert rank(7.0, values, Polarity.NONE) is None
    assert rank(None, values, Polarity.HIGH) is None
    assert rank(SUPPRESSED, values, Polarity.HIGH) is None
    assert rank(7.0, [7.0, 7.0, SUPPRESSED], Polarity.LOW) == 1


def test_position_places_our_rounded_figure_among_the_others() -> None:
    others = [10.0, 20.0, 30.0, None, 40.0]
    # 19.96 rounds to 20.0 at one decimal: it ties with 20.0 and shares its rank.
    ours = position(19.96, others, Polarity.LOW, 1)
    assert (ours.band, ours.rank, ours.among) == ("A", 2, 5)
    assert position(19.96, others, Polarity.HIGH, 1).rank == 3
    assert position(45.0, others, Polarity.HIGH, 0) == position(45.0, others, Polarity.HIGH, 1)
    assert position(45.0, others, Polarity.HIGH, 0).band == "A"
    assert position(None, others, Polarity.LOW, 1).rank is None
    unbanded = position(25.0, others, Polarity.NONE, 1)
    assert (unbanded.band, unbanded.rank) == ("-", None)
    # Nothing published for the other authorities that year: nothing to place ours among.
    assert position(25.0, [None, SUPPRESSED], Polarity.LOW, 1) == position(25.0, [],
                                                                          Polarity.HIGH, 1)
    assert (position(25.0, [], Polarity.HIGH, 1).band,
            position(25.0, [], Polarity.HIGH, 1).rank) == ("-", None)


# --- Neighbours ---------------------------------------------------------------------------


def test_neighbour_average_skips_missing() -> None:
    values = [10.0, None, 20.0, 60.0, SUPPRESSED]
    assert neighbour_average(values, "mean") == 30.0
    assert neighbour_average(values, "median") == 20.0
    assert neighbour_average([10.0, None, 20.0, 60.0, 70.0], "median") == 40.0
    assert neighbour_average([None, None], "mean") is None
    assert neighbour_average([None, None], "median") is None
    with pytest.raises(ValueError, match="must be 'mean' or 'median', not 'mode'"):
        neighbour_average(values, "mode")
    with pytest.raises(ValueError, match="not 'mode'"):
        neighbour_average([None], "mode")


@pytest.mark.parametrize(("year", "choice", "model"), [
    (2020, AUTOMATIC, OLD_MODEL),  # 2019-20
    (2024, AUTOMATIC, OLD_MODEL),  # 2023-24
    (2025, AUTOMATIC, NEW_MODEL),  # 2024-25
    (2020, NEW_MODEL, NEW_MODEL),  # the reader's choice overrides
    (2025, OLD_MODEL, OLD_MODEL),
])
def test_neighbour_model_by_year_and_choice(year: int, choice: str, model: str) -> None:
    assert model_for(year, choice) == model


def test_unknown_neighbour_model_is_refused() -> None:
    with pytest.raises(ValueError, match="Automatic, April 2021, May 2025"):
        model_for(2020, "June 2030")


def write_reference(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "local_authorities.csv").write_text(
        "la_code,la_name,region,region_code\n"
        "001,Ours,North East,980\n002,Alpha,North East,980\n003,Beta,London,986\n"
        "004,Gamma,London,986\n", encoding="utf-8")
    (directory / "statistical_neighbours.csv").write_text(
        "model,la_code,rank,neighbour_code,closeness\n"
        "April 2021,001,2,003,Very close\nApril 2021,001,1,002,Extremely close\n"
        "May 2025,001,1,004,Close\nMay 2025,001,2,005,Close\n", encoding="utf-8")
    return directory


def published(rows: list[tuple]) -> pl.DataFrame:
    """A made-up benchmarks table: (indicator, year, area, type, value, symbol[, num, den])."""
    records = []
    for indicator_id, year, code, area_type, value, symbol, *counts in rows:
        numerator, denominator = [*counts, None, None][:2]
        records.append({"indicator_id": indicator_id, "year": year, "area_code": code,
                        "area_name": {"970": "England", "980": "North East"}.get(code, code),
                        "area_type": area_type, "value": value,
                        "decimals": 0 if indicator_id.endswith("count") else 1,
                        "numerator": numerator, "denominator": denominator, "symbol": symbol,
                        "source": "made up"})
    return pl.DataFrame(records, schema=SCHEMA)


def test_neighbours_come_closest_first_with_names(tmp_path: Path) -> None:
    reference = write_reference(tmp_path)
    old = neighbours_of("001", OLD_MODEL, reference)
    assert old.select("rank", "la_code", "la_name", "closeness").rows() == [
        (1, "002", "Alpha", "Extremely close"), (2, "003", "Beta", "Very close")]
    # A neighbour missing from the list of authorities keeps its code as its name.
    assert neighbours_of("001", NEW_MODEL, reference)["la_name"].to_list() == ["Gamma", "005"]
    assert neighbours_of("999", OLD_MODEL, reference).is_empty()
    assert neighbours_of("001", OLD_MODEL, tmp_path / "nowhere").is_empty()


def test_darlington_neighbours_in_both_models() -> None:
    old, new = (neighbours_of("841", model) for model in (OLD_MODEL, NEW_MODEL))
    assert old.height == new.height == 10
    assert (old["la_name"][0], new["la_name"][0]) == ("Stockton-on-Tees", "Gateshead")


def test_neighbour_series_switches_model_by_year(tmp_path: Path) -> None:
    reference = write_reference(tmp_path)
    table = published([
        ("cp_repeat", 2024, "002", "LA", 10.0, None), ("cp_repeat", 2024, "003", "LA", None, "c"),
        ("cp_repeat", 2024, "004", "LA", 40.0, None),
        ("cp_repeat", 2025, "002", "LA", 12.0, None), ("cp_repeat", 2025, "004", "LA", 44.0, None),
        ("cp_repeat", 2025, "005", "LA", 50.0, None),
    ])
    automatic = neighbour_series(table, "001", "cp_repeat", "mean", reference=reference)
    assert automatic.rows() == [(2024, 10.0, 1, 2, OLD_MODEL), (2025, 47.0, 2, 2, NEW_MODEL)]
    chosen = neighbour_series(table, "001", "cp_repeat", "median", NEW_MODEL, reference)
    assert chosen.rows() == [(2024, 40.0, 1, 2, NEW_MODEL), (2025, 47.0, 2, 2, NEW_MODEL)]
    values = neighbour_values(table, "cp_repeat", 2024, neighbours_of("001", OLD_MODEL,
                                                                      reference))
    assert values.select("la_name", "value", "symbol").rows() == [("Alpha", 10.0, None),
                                                                   ("Beta", None, "c")]


# --- Intervals for published figures ---------------------------------------------------------


def test_published_intervals_known_answers() -> None:
    lower, upper = published_interval(BY_ID["cp_repeat"], 65, 100)
    assert (lower, upper) == pytest.approx((55.2544433, 73.6357518), abs=1e-6)
    # Byar on 65 events per 10,000 of a population of 10,000.
    lower, upper = published_interval(BY_ID["lac_rate"], 65, 10_000)
    assert (lower, upper) == pytest.approx((50.163187710, 82.849138546), abs=1e-6)
    lower, upper = published_interval(BY_ID["lac_rate"], 1, 10_000)  # exact Poisson below 10
    assert (lower, upper) == pytest.approx((0.025318, 5.571643), abs=1e-5)
    lower, upper = published_interval(BY_ID["lac_rate"], 65, 20_000)
    assert (lower, upper) == pytest.approx((50.163187710 / 2, 82.849138546 / 2), abs=1e-6)


def test_no_published_interval_without_counts() -> None:
    assert published_interval(BY_ID["cp_rate"], None, None) is None
    assert published_interval(BY_ID["cp_repeat"], 23, None) is None
    assert published_interval(BY_ID["cp_repeat"], 23, 0) is None
    assert published_interval(BY_ID["cp_repeat"], 30, 20) is None  # not a proportion
    assert published_interval(BY_ID["cp_count"], 85, 22_237) is None


# --- Headline comparisons under tiles ----------------------------------------------------------

DARLINGTON_2020 = {"england_value": 43.7, "england_symbol": None, "region_value": 71.0,
                   "region_symbol": None, "region_name": "North East", "published_decimals": 1}


def test_headline_comparison_sentence() -> None:
    row = {"value": 38.22, "lower_95": 30.53, "upper_95": 47.27}
    assert headline_comparison(BY_ID["cp_rate"], row, DARLINGTON_2020, "2019-20") == (
        "Similar to England (43.7) and lower than the North East (71.0) in 2019-20, judged by "
        "the 95% confidence interval.")
    timely = {"value": 90.3, "lower_95": 84.8, "upper_95": 93.9}
    published_rates = {**DARLINGTON_2020, "england_value": 77.6, "region_value": 83.1}
    assert headline_comparison(BY_ID["icpc_timely"], timely, published_rates, "2019-20") == (
        "Better than England (77.6%) and the North East (83.1%) in 2019-20, judged by the 95% "
        "confidence interval.")


def test_headline_comparison_says_nothing_it_cannot_back() -> None:
    row = {"value": 38.22, "lower_95": 30.53, "upper_95": 47.27}
    assert headline_comparison(BY_ID["cp_count"], {"value": 85.0}, DARLINGTON_2020,
                               "2019-20") is None
    assert headline_comparison(BY_ID["cp_rate"], row, None, "2019-20") is None
    assert headline_comparison(BY_ID["cp_rate"], {"value": 38.2, "lower_95": None,
                                                  "upper_95": None},
                               DARLINGTON_2020, "2019-20") is None
    suppressed = {"value": SUPPRESSED, "lower_95": SUPPRESSED, "upper_95": SUPPRESSED}
    assert headline_comparison(BY_ID["cp_rate"], suppressed, DARLINGTON_2020, "2019-20") is None
    # A comparator published as a symbol is left out, never read as 0.
    withheld = {**DARLINGTON_2020, "region_value": None, "region_symbol": "-"}
    assert headline_comparison(BY_ID["cp_rate"], row, withheld, "2019-20") == (
        "Similar to England (43.7) in 2019-20, judged by the 95% confidence interval.")


def test_only_whole_years_for_all_children_are_comparable() -> None:
    assert comparable(View(reporting_year(2019))) is None
    assert "filtered" in comparable(View(reporting_year(2019), Filters(sex=("F",))))
    custom = date_range(dt.date(2019, 4, 1), dt.date(2019, 12, 31))
    assert "whole reporting years" in comparable(View(custom))


def test_region_phrase() -> None:
    assert region_phrase("North East") == "the North East"
    assert region_phrase("London") == "London"
    assert region_phrase("Yorkshire and The Humber") == "Yorkshire and The Humber"


def test_published_figures_keep_their_symbols() -> None:
    assert format_published(None, "c", 1) == "c"
    assert format_published(0.0, "k", 1) == "k"
    assert format_published(None, "-", 1, BY_ID["cp_repeat"]) == "-"
    assert format_published(0.0, None, 1, BY_ID["cp_repeat"]) == "0.0%"
    assert format_published(43.71, None, 1, BY_ID["cp_rate"]) == "43.7"
    assert format_published(80_000.0, None, 0) == "80,000"
    assert format_published(None, None, 1) == "x"


# --- The Benchmarks page's tables ----------------------------------------------------------


def engine_rows(rows: list[tuple]) -> pl.DataFrame:
    """Made-up engine rows: (indicator, value, lower_95, upper_95)."""
    return pl.DataFrame([{"indicator_id": i, "group": "", "value": v, "lower_95": lo,
                          "upper_95": hi, "numerator": None, "denominator": None}
                         for i, v, lo, hi in rows],
                        schema={"indicator_id": pl.String, "group": pl.String,
                                "value": pl.Float64, "lower_95": pl.Float64,
                                "upper_95": pl.Float64, "numerator": pl.Float64,
                                "denominator": pl.Float64})


@pytest.fixture
def made_up(tmp_path: Path) -> tuple[pl.DataFrame, Path]:
    reference = write_reference(tmp_path / "reference")
    table = published([
        ("cp_repeat", 2020, "001", "LA", 14.7, None, 23, 156),
        ("cp_repeat", 2020, "002", "LA", 20.0, None, 20, 100),
        ("cp_repeat", 2020, "003", "LA", None, "c"),
        ("cp_repeat", 2020, "004", "LA", 30.0, None),
        ("cp_repeat", 2020, "005", "LA", 10.0, None),
        ("cp_repeat", 2020, "980", "region", 21.9, None),
        ("cp_repeat", 2020, "970", "England", 21.9, None, 14_500, 66_200),
        ("cp_count", 2020, "001", "LA", 85.0, None),
        ("cp_count", 2020, "970", "England", 51_510.0, None),
    ])
    return table, reference


def test_benchmark_rows_and_tables(made_up: tuple[pl.DataFrame, Path]) -> None:
    table, reference = made_up
    neighbours = neighbours_of("001", OLD_MODEL, reference)
    local = engine_rows([("cp_repeat", 14.84, 10.1, 21.3), ("cp_count", 85.0, None, None)])
    rows = tables.benchmark_rows(table, local, "001", 2020, neighbours, "mean", reference)
    assert [row.indicator.id for row in rows] == ["cp_count", "cp_repeat"]
    repeat = rows[1]
    # Neighbours 002 (20.0) and 003 (c): the mean skips the suppressed one.
    assert (repeat.neighbour, repeat.with_figure, repeat.listed) == (20.0, 1, 2)
    assert repeat.england == Comparison("Lower", "Better")
    # 14.8 among the others' 20, 30 and 10 (low is good): second best; Q1 of [10, 14.8, 20,
    # 30] is 13.6, Q2 17.4, so band B.
    assert (repeat.position.band, repeat.position.rank, repeat.position.among) == ("B", 2, 4)
    shown = tables.comparison_table(rows, "Ours", "North East", "mean")
    assert shown.rows(named=True) == [{
        "Measure": "Plans that are a second or later plan", "Ours": "14.8%",
        "England": "21.9%", "North East": "21.9%", "Neighbours' mean": "20.0%",
        "vs England": "Better", "Quartile band": "B", "Rank": "2 of 4"}]
    check = tables.reconciliation_table(rows, "Ours")
    assert check.select("Measure", "Rounded as published", "Published for Ours",
                        "Difference").rows() == [("On a plan", "85", "85", "0"),
                                                 ("Repeat plans", "14.8", "14.7", "0.1")]
    assert tables.matching(rows) == (1, 2)
    assert tables.summary_finding(rows, "Ours", "2019-20") == (
        "In 2019-20, Ours was better than England on the one measure where higher or lower is "
        "better")


def test_areas_for_one_measure(made_up: tuple[pl.DataFrame, Path]) -> None:
    table, reference = made_up
    neighbours = neighbours_of("001", OLD_MODEL, reference)
    local = engine_rows([("cp_repeat", 14.84, 10.1, 21.3)])
    row = tables.benchmark_rows(table, local, "001", 2020, neighbours, "median", reference)[1]
    assert row.indicator.id == "cp_repeat"
    chart, shown = tables.areas(table, row, "980", "North East", neighbours, 2020, "Ours (us)")
    assert chart["area"].to_list() == ["England", "North East", "Alpha", "Ours (us)", "Beta"]
    assert chart["ours"].to_list() == [False, False, False, True, False]
    assert shown["Figure"].to_list() == ["21.9%", "21.9%", "20.0%", "14.8%", "c"]
    england = published_interval(BY_ID["cp_repeat"], 14_500, 66_200)
    assert shown.row(0) == ("England", "21.9%", f"{england[0]:.1f}", f"{england[1]:.1f}",
                            "Wilson, from the published counts", "")
    assert shown.row(1)[2:5] == ("x", "x", tables.NO_INTERVAL)
    assert shown.row(3)[2:5] == ("10.1", "21.3", "Wilson, from the counts computed here")
    assert shown.row(4)[2:] == ("x", "x", tables.NO_INTERVAL, "2. Very close")
    assert tables.areas_finding(row, "Ours", "2019-20", "median") == (
        "Repeat plans in 2019-20: Ours 14.8%, better than England (21.9%), below the "
        "neighbours' median (20.0%)")


def test_differences_never_show_minus_zero(made_up: tuple[pl.DataFrame, Path]) -> None:
    table, reference = made_up
    local = engine_rows([("cp_repeat", 14.70001, 10.1, 21.3)])
    rows = tables.benchmark_rows(table, local, "001", 2020,
                                 neighbours_of("001", OLD_MODEL, reference), "mean",
                                 reference)
    assert tables.reconciliation_table(rows, "Ours")["Difference"].to_list() == ["x", "0.0"]


def test_trend_series_and_finding(made_up: tuple[pl.DataFrame, Path]) -> None:
    table, reference = made_up
    table = pl.concat([table, published([
        ("cp_repeat", 2019, "970", "England", 20.0, None),
        ("cp_repeat", 2019, "980", "region", None, "x"),
        ("cp_repeat", 2021, "970", "England", 18.0, None)])])
    local = pl.DataFrame({"indicator_id": ["cp_repeat"] * 2, "group": ["", ""],
                          "period_end": [dt.date(2019, 3, 31), dt.date(2020, 3, 31)],
                          "value": [25.0, 14.84]})
    averages = neighbour_series(table, "001", "cp_repeat", "mean", reference=reference)
    names = {"ours": "Ours (computed)", "england": "England", "region": "North East",
             "neighbours": "Neighbours' mean"}
    chart, shown = tables.trend(table, local, "001", "980", "cp_repeat", names, averages)
    assert shown.rows() == [("2018-19", "25.0%", "20.0%", "x", "x"),
                            ("2019-20", "14.8%", "21.9%", "21.9%", "20.0%"),
                            ("2020-21", "x", "18.0%", "x", "x")]
    assert chart.filter(pl.col("series") == "North East")["year"].to_list() == ["2019-20"]
    assert tables.trend_finding(chart, "Ours (computed)", "England", "Ours") == (
        "Ours was below England in 1 and above it in 1 of the 2 years both have a figure, "
        "2018-19 to 2019-20")


def test_measures_without_a_comparator_are_listed(made_up: tuple[pl.DataFrame, Path]) -> None:
    table, _ = made_up
    listed = dict(tables.no_comparator_table(table).rows())
    assert "Plans that are a second or later plan" not in listed
    assert listed["Looked-after reviews held on time"] == tables.DEFAULT_REASON
    assert listed["Repeat plans within 2 years"] == tables.LOCAL_REASON
    assert "DeRegCPR" in listed["Child protection plans ended"]
    assert "Child protection plans by category of abuse" in listed


def test_summary_finding_wording(made_up: tuple[pl.DataFrame, Path]) -> None:
    table, reference = made_up
    neighbours = neighbours_of("001", OLD_MODEL, reference)
    local = engine_rows([("cp_repeat", 30.0, 25.0, 35.0)])
    rows = tables.benchmark_rows(table, local, "001", 2020, neighbours, "mean", reference)
    assert rows[1].england == Comparison("Higher", "Worse")
    better = tables.benchmark_rows(table, engine_rows([("cp_repeat", 14.8, 10.0, 20.0)]),
                                   "001", 2020, neighbours, "mean", reference)
    assert tables.summary_finding([better[1], rows[1]], "Ours", "2019-20") == (
        "In 2019-20, Ours was better than England on 1 and worse on 1 of the 2 measures where "
        "higher or lower is better")


def test_band_and_rank_words(made_up: tuple[pl.DataFrame, Path]) -> None:
    table, reference = made_up
    neighbours = neighbours_of("001", OLD_MODEL, reference)
    nothing_that_year = tables.benchmark_rows(
        table, engine_rows([("cp_repeat", 14.8, 10.0, 20.0)]), "001", 2019, neighbours, "mean",
        reference)
    shown = tables.comparison_table(nothing_that_year, "Ours", "North East", "mean").row(
        0, named=True)
    assert (shown["England"], shown["vs England"], shown["Quartile band"], shown["Rank"]) == (
        "x", "x", "x", "x")
    suppressed = tables.benchmark_rows(
        table, engine_rows([("cp_repeat", SUPPRESSED, SUPPRESSED, SUPPRESSED)]), "001", 2020,
        neighbours, "mean", reference)
    shown = tables.comparison_table(suppressed, "Ours", "North East", "mean").row(0, named=True)
    assert (shown["Ours"], shown["vs England"], shown["Quartile band"], shown["Rank"]) == (
        "c", "c", "c", "c")
    assert tables.reconciliation_table(suppressed, "Ours")["Difference"].to_list() == ["x", "c"]


# --- The latest published year when the chosen one is not published yet --------------------

FALLBACK = [("cp_rate", 2017, "970", "England", 43.3, None),
            ("cp_rate", 2019, "970", "England", 44.0, None),
            ("cp_rate", 2019, "980", "region", 65.2, None),
            ("cp_rate", 2019, "001", "LA", 50.1, None),
            ("cp_rate", 2022, "970", "England", 42.1, None)]


@pytest.mark.parametrize(("year", "expected"), [
    (2019, 2019),  # the chosen year is published
    (2020, 2019),  # one year back
    (2021, 2019),  # several years back
    (2018, 2017),  # one year back, past a later year's figures
    (2016, None),  # nothing earlier: only later years are published
])
def test_comparator_year_falls_back_never_forward(year: int, expected: int | None) -> None:
    assert comparator_year(published(FALLBACK), "cp_rate", year) == expected


def test_latest_comparators_names_the_year(tmp_path: Path) -> None:
    reference = write_reference(tmp_path / "reference")
    found = latest_comparators(published(FALLBACK), "001", "cp_rate", 2021, reference)
    assert found is not None
    assert found.year == 2019
    assert (found.figures["england_value"], found.figures["region_value"],
            found.figures["own_value"]) == (44.0, 65.2, 50.1)
    assert latest_comparators(published(FALLBACK), "001", "cp_rate", 2016, reference) is None
    assert latest_comparators(published(FALLBACK), "001", "lac_rate", 2021, reference) is None


def test_headline_comparison_names_an_earlier_year() -> None:
    row = {"value": 38.22, "lower_95": 30.53, "upper_95": 47.27}
    assert headline_comparison(BY_ID["cp_rate"], row, DARLINGTON_2020, "2020-21", "2019-20") == (
        "Similar to England 2019-20 (43.7) and lower than the North East 2019-20 (71.0), the "
        "latest published, judged by the 95% confidence interval.")
    assert headline_comparison(BY_ID["cp_rate"], row, DARLINGTON_2020, "2019-20", "2019-20") == (
        "Similar to England (43.7) and lower than the North East (71.0) in 2019-20, judged by "
        "the 95% confidence interval.")


def test_benchmark_rows_fall_back_to_the_latest_published_year(
        made_up: tuple[pl.DataFrame, Path]) -> None:
    table, reference = made_up
    neighbours = neighbours_of("001", OLD_MODEL, reference)
    local = engine_rows([("cp_repeat", 14.84, 10.1, 21.3), ("cp_count", 85.0, None, None)])
    rows = tables.benchmark_rows(table, local, "001", 2022, neighbours, "mean", reference)
    repeat = rows[1]
    # 2021-22 is not published: England's, the region's, the neighbours' and the other
    # authorities' figures are 2019-20's; our own 2019-20 figure is not set beside 2021-22's.
    assert repeat.year == 2020
    assert repeat.england == Comparison("Lower", "Better")
    assert (repeat.neighbour, repeat.position.rank) == (20.0, 2)
    shown = tables.comparison_table(rows, "Ours", "North East", "mean", 2022)
    assert shown.row(0, named=True)["Published for"] == "2019-20"
    assert tables.reconciliation_table(rows, "Ours")["Published for Ours"].to_list() == [
        "x", "x"]
    assert tables.earlier_years(rows, 2022) == (
        "; published figures for 2019-20, the latest published, for the one measure (2021-22's "
        "are not published yet)")
    same = tables.benchmark_rows(table, local, "001", 2020, neighbours, "mean", reference)
    assert tables.earlier_years(same, 2020) == ""
    assert "Published for" not in tables.comparison_table(same, "Ours", "North East", "mean",
                                                          2020).columns


def test_benchmark_findings_name_an_earlier_year(made_up: tuple[pl.DataFrame, Path]) -> None:
    table, reference = made_up
    neighbours = neighbours_of("001", OLD_MODEL, reference)
    better = tables.benchmark_rows(table, engine_rows([("cp_repeat", 14.84, 10.1, 21.3)]), "001",
                                   2022, neighbours, "median", reference)[1]
    worse = tables.benchmark_rows(table, engine_rows([("cp_repeat", 30.0, 25.0, 35.0)]), "001",
                                  2022, neighbours, "median", reference)[1]
    # 2021-22 is not published: England's 21.9% is 2019-20's, above 10.1-21.3 (ours lower:
    # better, as low is good) and below 25.0-35.0 (ours higher: worse).
    assert tables.summary_finding([better], "Ours", "2021-22") == (
        "In 2021-22, Ours was better than England's 2019-20 figures, the latest published, on "
        "the one measure where higher or lower is better")
    assert tables.summary_finding([better, worse], "Ours", "2021-22") == (
        "In 2021-22, Ours was better than England's 2019-20 figures, the latest published, on 1 "
        "and worse on 1 of the 2 measures where higher or lower is better")
    # Neighbours 002 (20.0) and 003 (c) in 2019-20: the median is 20.0.
    assert tables.areas_finding(better, "Ours", "2021-22", "median") == (
        "Repeat plans in 2021-22: Ours 14.8%, better than England 2019-20 (21.9%), below the "
        "neighbours' 2019-20 median (20.0%)")


def test_summary_finding_names_each_year_when_measures_differ(
        made_up: tuple[pl.DataFrame, Path]) -> None:
    table, reference = made_up
    table = pl.concat([table, published([("icpc_timely", 2022, "970", "England", 78.0, None)])])
    local = engine_rows([("cp_repeat", 14.84, 10.1, 21.3), ("icpc_timely", 80.0, 70.0, 88.0)])
    rows = tables.benchmark_rows(table, local, "001", 2022, neighbours_of(
        "001", OLD_MODEL, reference), "mean", reference)
    assert [(row.indicator.id, row.year) for row in rows] == [
        ("cp_count", 2020), ("cp_repeat", 2020), ("icpc_timely", 2022)]
    assert tables.summary_finding(rows, "Ours", "2021-22") == (
        "In 2021-22, Ours was better than England's 2019-20 and 2021-22 figures, the latest "
        "published, on 1 and similar on 1 of the 2 measures where higher or lower is better")


def test_areas_give_each_figure_its_year_when_published_ones_are_earlier(
        made_up: tuple[pl.DataFrame, Path]) -> None:
    table, reference = made_up
    neighbours = neighbours_of("001", OLD_MODEL, reference)
    local = engine_rows([("cp_repeat", 14.84, 10.1, 21.3)])
    row = tables.benchmark_rows(table, local, "001", 2022, neighbours, "median", reference)[1]
    chart, shown = tables.areas(table, row, "980", "North East", neighbours, 2022, "Ours (us)")
    assert chart["area"].to_list() == ["England", "North East", "Alpha", "Ours (us)", "Beta"]
    assert shown.columns[:3] == ["Area", "Figure", "Year"]
    assert shown["Year"].to_list() == ["2019-20", "2019-20", "2019-20", "2021-22", "2019-20"]
    assert shown["Figure"].to_list() == ["21.9%", "21.9%", "20.0%", "14.8%", "c"]
    same = tables.benchmark_rows(table, local, "001", 2020, neighbours, "median", reference)[1]
    assert "Year" not in tables.areas(table, same, "980", "North East", neighbours, 2020,
                                      "Ours (us)")[1].columns


def test_measure_choices_start_with_the_plan_rate(made_up: tuple[pl.DataFrame, Path]) -> None:
    table, reference = made_up
    neighbours = neighbours_of("001", OLD_MODEL, reference)
    local = engine_rows([("cp_repeat", 14.84, 10.1, 21.3)])
    rows = tables.benchmark_rows(table, local, "001", 2020, neighbours, "mean", reference)
    assert tables.measure_choices(rows) == (["cp_repeat"], 0)  # counts are not charted
    with_rate = pl.concat([table, published([("cp_rate", 2020, "970", "England", 43.7, None)])])
    rows = tables.benchmark_rows(with_rate, local, "001", 2020, neighbours, "mean", reference)
    assert tables.measure_choices(rows) == (["cp_rate", "cp_repeat"], 0)
    assert tables.measure_choices([]) == ([], 0)


def test_benchmark_words_name_the_places_and_any_earlier_year() -> None:
    places = words.Places("Ours", "North East", "median")
    subtitle, description = words.summary_words(
        places, "2020-21", "; published figures for 2019-20, the latest published, for 6 "
        "measures (2020-21's are not published yet)", 6)
    assert subtitle == (
        "Ours's computed rates and percentages beside England's, the North East's and its "
        "statistical neighbours' published figures, 2020-21; published figures for 2019-20, "
        "the latest published, for 6 measures (2020-21's are not published yet)")
    assert description.startswith("Table of 6 measures for 2020-21: Ours's figure computed "
                                  "here, the published figures for England, the North East and "
                                  "the neighbours' median,")
    assert words.reconciliation_words("Ours", 3, 4, 10, "2019-20")[0] == (
        "Computed figures match Ours's published ones for 3 of 4 measures, at the published "
        "precision")
    assert words.reconciliation_words("Ours", 0, 0, 10, "2020-21")[0] == (
        "No figures published for Ours for 2020-21 to check the computed ones against")
    trend = words.trend_words(places, BY_ID["cp_repeat"], "LAIT", "2016-17 to 2020-21", "")
    assert trend[1].endswith("and the neighbours' median (dash-dot), each line labelled at its "
                             "end.")


def test_benchmark_words_for_the_charts_and_the_neighbours() -> None:
    places = words.Places("Ours", "North East", "median")
    assert places.ours == "Ours (computed)"
    assert places.series == {"ours": "Ours (computed)", "england": "England",
                             "region": "North East", "neighbours": "Neighbours' median"}
    assert [words.axis_title(BY_ID[i]) for i in ("cp_rate", "cp_repeat", "cp_count")] == [
        "Per 10,000 children", "Per cent", "count"]
    note = ("Statistical neighbours: the 10 councils most like Ours in DfE's April 2021 model "
            "({}). The neighbours' median (as the DfE children's social care dashboard) "
            "skips any neighbour without a published figure.")
    assert words.neighbours_note(places, 10, "April 2021", "2019-20") == note.format(
        "chosen automatically for 2019-20")
    assert words.neighbours_note(places, 10, "April 2021", None) == note.format(
        "as chosen above")


def test_region_name_from_any_row(made_up: tuple[pl.DataFrame, Path]) -> None:
    table, reference = made_up
    local = engine_rows([("cp_repeat", 14.84, 10.1, 21.3)])
    rows = tables.benchmark_rows(table, local, "001", 2020,
                                 neighbours_of("001", OLD_MODEL, reference), "mean", reference)
    assert tables.region_name(rows) == "North East"
    assert tables.region_name([]) == "Region"


def test_an_unsound_benchmarks_table_means_no_comparison(tmp_path: Path) -> None:
    """A wrong ``$IRO_BENCHMARKS`` (not Parquet, other columns, repeated keys) fails closed."""
    broken = tmp_path / "broken.parquet"
    broken.write_text("not parquet", encoding="utf-8")
    other = tmp_path / "other.parquet"
    pl.DataFrame({"a": [1]}).write_parquet(other)
    repeated = tmp_path / "repeated.parquet"
    row = ("cp_rate", 2020, "970", "England", 43.7, None)
    published([row, row]).write_parquet(repeated)
    for path in (broken, other, repeated):
        assert load_benchmarks(path) is None, path
    sound = tmp_path / "sound.parquet"
    published([row]).write_parquet(sound)
    loaded = load_benchmarks(sound)
    assert loaded is not None and loaded["value"].to_list() == [43.7]

