"""Report tables (``iro_metrics.present.report_tables``): which reporting years a table covers, tables
and chart series built from stacked engine results, breakdown shares, and the words for change.
Small hand-made result frames check the layout; the demo data checks that every figure is the
engine's, formatted."""

import datetime as dt
import math
from pathlib import Path

import polars as pl
import pytest

from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators.engine import RESULT_SCHEMA, Filters, compute
from iro_metrics.indicators.periods import reporting_year
from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present.formatting import format_number, format_value
from iro_metrics.present.report_tables import (
    LOWER,
    UPPER,
    YEAR,
    YearColumn,
    breakdown,
    by_indicator,
    children,
    compared,
    conference_series,
    conference_table,
    conferences_in,
    group_years,
    latest_labels,
    missing_table,
    month_series,
    month_span,
    monthly_table,
    movement,
    no_whole_year,
    proportion_table,
    year_figures,
    year_rows,
    year_series,
    year_span,
    year_table,
    years_across,
    years_up_to,
)

D = dt.date


def results(rows: list[dict]) -> pl.DataFrame:
    """A frame shaped like stacked ``compute`` output (contract columns and 95% limits)."""
    full = [{"group": "", "numerator": None, "denominator": None, "value": None,
             "lower_95": None, "upper_95": None, **row} for row in rows]
    for row in full:
        year = reporting_year(row.pop("year"))
        row["period_start"], row["period_end"] = year.start, year.end
    return pl.DataFrame(full, schema={**RESULT_SCHEMA, "lower_95": pl.Float64,
                                      "upper_95": pl.Float64})


def labels(periods: list) -> list[str]:
    return [period.label for period in periods]


# --- years ----------------------------------------------------------------------------------

def test_years_up_to_a_reporting_year_end() -> None:
    assert labels(years_up_to(D(2021, 3, 31), D(2014, 4, 1), 5)) == [
        "2016-17", "2017-18", "2018-19", "2019-20", "2020-21"]
    assert labels(years_up_to(D(2021, 3, 31), D(2018, 4, 1))) == [
        "2018-19", "2019-20", "2020-21"]


def test_years_end_with_the_last_whole_year_before_a_custom_end() -> None:
    # A period ending on 31 December 2019 takes years up to 2018-19 (ended 31 March 2019).
    assert labels(years_up_to(D(2019, 12, 31), D(2014, 4, 1), 3)) == [
        "2016-17", "2017-18", "2018-19"]
    assert labels(years_up_to(D(2020, 3, 30), D(2019, 4, 1))) == []


def test_years_start_at_the_first_whole_year() -> None:
    # A first day inside a year (not 1 April) leaves that year out.
    assert labels(years_up_to(D(2021, 3, 31), D(2019, 6, 1))) == ["2020-21"]


# --- tables and series ----------------------------------------------------------------------

FRAME = results([
    {"indicator_id": "lac_count", "year": 2019, "numerator": 1270.0, "value": 1270.0},
    {"indicator_id": "lac_rate", "year": 2019, "numerator": 1270.0, "denominator": 22235.0,
     "value": 571.16033, "lower_95": 540.1, "upper_95": 603.4},
    {"indicator_id": "lac_count", "year": 2020, "numerator": 272.0, "value": 272.0},
    {"indicator_id": "lac_rate", "year": 2020},
    {"indicator_id": "lac_reviews_timely", "year": 2019, "numerator": 784.0,
     "denominator": 786.0, "value": 99.745547, "lower_95": 99.08, "upper_95": 99.93},
    {"indicator_id": "lac_reviews_timely", "year": 2020, "numerator": 0.0,
     "denominator": 0.0},
])


def test_year_table_formats_each_indicator() -> None:
    table = year_table(FRAME, {"lac_count": "Looked after", "lac_rate": "Rate"})
    assert table.columns == [YEAR, "Looked after", "Rate"]
    assert table.rows() == [("2019-20", "1,270", "571.2"), ("2020-21", "272", "x")]
    assert table.schema == pl.Schema(dict.fromkeys(table.columns, pl.String))


def test_year_rows_are_one_indicator_by_year_oldest_first() -> None:
    frame = results([{"year": 2020, "indicator_id": "cp_count", "numerator": 87.0},
                     {"year": 2019, "indicator_id": "cp_count", "numerator": 85.0},
                     {"year": 2019, "indicator_id": "lac_count", "numerator": 270.0}])
    assert [(row["year"], row["numerator"]) for row in year_rows(frame, "cp_count")] == [
        ("2019-20", 85.0), ("2020-21", 87.0)]


def test_year_series_leaves_out_missing_values() -> None:
    series = year_series(FRAME, {"lac_rate": "Rate", "lac_count": "Count"})
    assert series.rows() == [("2019-20", "Rate", 571.16033, "571.2"),
                             ("2019-20", "Count", 1270.0, "1,270"),
                             ("2020-21", "Count", 272.0, "272")]


def test_proportion_table_has_the_confidence_limits() -> None:
    table = proportion_table(FRAME, {"lac_reviews_timely": "On time"}, "On time (%)", "Yes",
                             "All")
    assert table.columns == [YEAR, "On time (%)", "Yes", "All", LOWER, UPPER]
    assert table.rows() == [("2019-20", "99.7", "784", "786", "99.1", "99.9"),
                            ("2020-21", "x", "0", "0", "x", "x")]
    named = proportion_table(FRAME, {"lac_reviews_timely": "On time", "lac_rate": "Rate"},
                             "Value", "Yes", "All", series_heading="Measure")
    assert named.columns == [YEAR, "Measure", "Value", "Yes", "All", LOWER, UPPER]
    assert named["Measure"].to_list() == ["On time", "Rate", "On time", "Rate"]


def test_breakdown_shares_add_up() -> None:
    frame = pl.DataFrame({"indicator_id": ["lac_count"] * 3 + ["lac_starts"],
                          "group": ["M", "F", "U", "M"], "numerator": [3.0, 5.0, None, 9.0]})
    table = breakdown(frame, "lac_count", {"M": "Boys", "F": "Girls"})
    assert table["name"].to_list() == ["Boys", "Girls"]
    assert table["share"].to_list() == pytest.approx([37.5, 62.5])
    assert table["label"].to_list() == ["3 (37.5%)", "5 (62.5%)"]
    care = pl.DataFrame({"indicator_id": ["lac_count"], "group": ["care order"],
                         "numerator": [4.0]})
    assert breakdown(care, "lac_count")["name"].to_list() == ["Care order"]
    assert breakdown(care.clear(), "lac_count").is_empty()


def test_words_for_change() -> None:
    assert movement("196", "272", 196, 272) == "rose from 196 to 272"
    assert movement("272", "196", 272, 196) == "fell from 272 to 196"
    assert movement("272", "272", 272.2, 271.9) == "stayed at 272"
    assert compared("84.7%", "89.3%", 84.7, 89.3) == "up from 84.7%"
    assert compared("99.7%", "99.6%", 99.7, 99.6) == "down from 99.7%"
    assert compared("100.0%", "100.0%", 100.0, 99.99) == "the same as 100.0%"
    assert children("1") == "1 child"
    assert children("1,270") == "1,270 children"


class Tables:
    """An extract that has only the tables named (``Extract.has``)."""

    def __init__(self, *names: str) -> None:
        self.names = names

    def has(self, name: str) -> bool:
        return name in self.names


def test_missing_table_names_the_first_absent_table() -> None:
    extract = Tables("lac_reviews", "cp_conferences")
    assert missing_table(extract, "lac_participation") is None
    assert missing_table(extract, "lac_reviews_timely") == "lac_episodes"
    assert missing_table(extract, "cp_reviews_timely") == "cp_plans"
    assert missing_table(extract, "icpc_timely") == "s47_enquiries"


def test_missing_table_of_several_indicators_in_the_order_given() -> None:
    extract = Tables("lac_reviews")
    assert missing_table(extract, "lac_participation", "icpc_timely", "cp_count") == (
        "s47_enquiries")
    assert missing_table(extract, "lac_reviews_held", "lac_reviews_under4") is None
    assert missing_table(extract) is None


def test_year_span() -> None:
    assert year_span([reporting_year(2016), reporting_year(2017), reporting_year(2018)]) == (
        "2016-17 to 2018-19")
    assert year_span([reporting_year(2020)]) == "2020-21"
    assert year_span([]) == ""


def test_no_whole_year_names_the_last_day() -> None:
    assert no_whole_year(D(2014, 12, 31)) == (
        "No whole reporting year (1 April to 31 March) in this extract ends by 31 December "
        "2014, so the year-by-year charts are not shown: choose a later period.")


def test_rows_by_indicator() -> None:
    rows = by_indicator(FRAME.filter(pl.col("period_start") == D(2019, 4, 1)))
    assert list(rows) == ["lac_count", "lac_rate", "lac_reviews_timely"]
    assert rows["lac_rate"]["denominator"] == 22235.0


def test_year_figures_show_numerators_and_denominators_too() -> None:
    table = year_figures(FRAME, {
        "Reviews due": YearColumn("lac_reviews_timely", "denominator"),
        "On time": YearColumn("lac_reviews_timely", "numerator"),
        "On time (%)": YearColumn("lac_reviews_timely"),
        "Children (2 dp)": YearColumn("lac_rate", "denominator", 2)})
    assert table.columns == [YEAR, "Reviews due", "On time", "On time (%)", "Children (2 dp)"]
    # 784 of 786 = 99.745547% shows as 99.7%; the 2020-21 proportion has nothing to divide by.
    assert table.rows() == [("2019-20", "786", "784", "99.7%", "22,235.00"),
                            ("2020-21", "0", "0", "x", "x")]


def test_latest_labels_are_the_last_years() -> None:
    series = year_series(FRAME, {"lac_rate": "Rate", "lac_count": "Count"})
    assert latest_labels(series) == {"Count": "272"}
    assert latest_labels(series.clear()) == {}


MONTHLY = pl.DataFrame({
    "indicator_id": ["lac_count", "cp_count", "lac_count", "cp_count"],
    "month_end": [D(2020, 5, 31), D(2020, 4, 30), D(2020, 4, 30), D(2020, 5, 31)],
    "value": [1272.0, 87.0, 1270.0, math.nan]})


def test_month_series_one_indicator_after_the_other_oldest_first() -> None:
    series = month_series(MONTHLY, {"lac_count": "Looked after"})
    assert series.rows() == [("lac_count", D(2020, 4, 30), 1270.0, "Looked after"),
                             ("lac_count", D(2020, 5, 31), 1272.0, "Looked after")]
    assert month_span(series) == "April 2020 to May 2020"
    both = month_series(MONTHLY, {"cp_count": "On a plan", "lac_count": "Looked after"})
    assert both["series"].to_list() == ["On a plan", "On a plan", "Looked after", "Looked after"]
    assert both["value"].fill_nan(-1.0).to_list() == [87.0, -1.0, 1270.0, 1272.0]


def test_monthly_table_as_shown() -> None:
    series = month_series(MONTHLY, {"cp_count": "On a plan"})
    assert monthly_table(series, "Children").rows() == [("30 Apr 2020", "87"),
                                                        ("31 May 2020", "c")]
    named = monthly_table(series, "Children", series="Series")
    assert named.columns == ["Month", "Series", "Children"]
    assert named["Series"].to_list() == ["On a plan", "On a plan"]


ACTIVITY = pl.DataFrame({"period": ["2019-20", "2019-20", "2020-21"],
                         "conference_type": ["ICPC", "RCPC", "ICPC"],
                         "conferences": [1180.0, 240.0, 90.0], "children": [1300.0, 410.0, 96.0]})


def test_conferences_by_type_as_shown() -> None:
    series = conference_series(ACTIVITY)
    assert series.select("year", "series", "label").rows() == [
        ("2019-20", "Initial conferences", "1,180"), ("2019-20", "Review conferences", "240"),
        ("2020-21", "Initial conferences", "90")]
    assert conference_table(series).rows()[0] == (
        "2019-20", "Initial conferences", "1,180", "1,300")
    assert conference_table(series).columns == [
        "Year", "Type of conference", "Conferences", "Children discussed"]
    assert conferences_in(series, "2019-20") == (
        "1,180 initial conferences (1,300 children), 240 review conferences (410 children)")


# --- on the demo data -----------------------------------------------------------------------

@pytest.mark.parametrize("filters", [Filters(), Filters(sex=("F",)),
                                     Filters(age_band=("5 to 9", "10 to 15"))])
def test_tables_hold_the_engine_figures(demo_dir: Path, filters: Filters) -> None:
    demo = load_extract(demo_dir)
    years = years_up_to(D(2021, 3, 31), D(2014, 4, 1), 5)
    stacked = pl.concat([compute(demo, year, filters=filters) for year in years])
    table = year_table(stacked, {"lac_count": "Count", "lac_rate": "Rate",
                                 "lac_starts": "Started"})
    timely = proportion_table(stacked, {"icpc_timely": "ICPC"}, "Value", "Yes", "All")
    for position, year in enumerate(years):
        rows = {row["indicator_id"]: row for row in compute(
            demo, year, filters=filters).iter_rows(named=True)}
        assert table.row(position) == (year.label, *(
            format_value(rows[i]["value"], BY_ID[i]) for i in ("lac_count", "lac_rate",
                                                               "lac_starts")))
        icpc = rows["icpc_timely"]
        assert timely.row(position) == (
            year.label, format_number(icpc["value"], 1), format_number(icpc["numerator"]),
            format_number(icpc["denominator"]), format_number(icpc["lower_95"], 1),
            format_number(icpc["upper_95"], 1))


def test_breakdown_matches_the_headline_on_the_demo(demo_dir: Path) -> None:
    demo = load_extract(demo_dir)
    year = reporting_year(2020)
    headline = compute(demo, year, indicator_ids=["lac_count"])["numerator"].item()
    for dimension in ("age_band", "sex", "ethnic_group", "legal_status_group"):
        table = breakdown(compute(demo, year, by=dimension), "lac_count")
        assert table["count"].sum() == headline
        assert table["share"].sum() == pytest.approx(100.0)


def test_years_across_puts_one_row_per_measure_and_the_years_in_columns() -> None:
    frame = results([
        {"indicator_id": "lac_count", "year": 2018, "numerator": 1200, "value": 1200.0},
        {"indicator_id": "lac_count", "year": 2019, "numerator": 1234, "value": 1234.0},
        {"indicator_id": "lac_participation", "year": 2019, "numerator": 9, "denominator": 10,
         "value": 90.0},
    ])
    table = years_across(frame, {"Looked after": YearColumn("lac_count"),
                                 "Took part": YearColumn("lac_participation")})
    assert table.columns == ["Measure", "2018-19", "2019-20"]
    assert table.rows() == [("Looked after", "1,200", "1,234"), ("Took part", "x", "90.0%")]
    empty = years_across(frame.clear(), {"Looked after": YearColumn("lac_count")})
    assert empty.rows() == [("Looked after",)]


def test_group_years_lists_every_group_seen_with_zero_for_an_empty_year_and_the_total() -> None:
    by_group = results([
        {"indicator_id": "cp_count", "year": 2018, "group": "NEG", "numerator": 7},
        {"indicator_id": "cp_count", "year": 2019, "group": "NEG", "numerator": 6},
        {"indicator_id": "cp_count", "year": 2019, "group": "EMO", "numerator": math.nan},
        {"indicator_id": "lac_count", "year": 2019, "group": "PHY", "numerator": 50},
    ])
    headline = results([
        {"indicator_id": "cp_count", "year": 2018, "numerator": 7},
        {"indicator_id": "cp_count", "year": 2019, "numerator": 9},
    ])
    table = group_years(by_group, headline, "cp_count", "initial_category", "Category",
                        {"NEG": "Neglect", "EMO": "Emotional abuse"})
    assert table.columns == ["Category", "2018-19", "2019-20"]
    assert table.rows() == [("Neglect", "7", "6"), ("Emotional abuse", "0", "c"),
                            ("Total", "7", "9")]
