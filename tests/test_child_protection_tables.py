"""The Child protection page's breakdowns as figures (``present/child_protection.py``): who the
largest group is in each title, the shares and the age band's rates, on hand-made engine rows."""

import datetime as dt
import math

import polars as pl

from iro_metrics.indicators.periods import reporting_year
from iro_metrics.present.child_protection import (
    BREAKDOWNS,
    Words,
    flow_words,
    month_words,
    no_plan_words,
    plan_breakdown,
)


def _engine(rows: list[tuple[str, str, float]]) -> pl.DataFrame:
    """``compute`` rows broken down by one dimension: indicator, group, numerator (= value)."""
    return pl.DataFrame([{"indicator_id": i, "group": g, "numerator": n, "value": n}
                         for i, g, n in rows],
                        schema={"indicator_id": pl.String, "group": pl.String,
                                "numerator": pl.Float64, "value": pl.Float64})


PART = {part.dimension: part for part in BREAKDOWNS}
DAY = "31 March 2020"


def test_by_sex_names_the_largest_group_in_words() -> None:
    # 3 girls and 9 boys: 12 children, boys 75.0%.
    frame = _engine([("cp_count", "F", 3.0), ("cp_count", "M", 9.0)])
    shown = plan_breakdown(frame, PART["sex"], (), "Tinyshire", DAY, None)
    assert shown.title == "Boys were the largest group: 9 of 12 children (75.0%)"
    assert shown.subtitle == "Children on a child protection plan by sex, Tinyshire, 31 March 2020"
    assert shown.table.rows() == [("Boys", "9", "75.0"), ("Girls", "3", "25.0"),
                                  ("Not recorded", "0", "0.0")]
    assert shown.description == ("Bar chart of children on a plan on 31 March 2020 by sex: Boys 9; "
                                 "Girls 3; Not recorded 0, under the filters above.")


def test_a_suppressed_group_leaves_the_total_shown_on_the_page_and_the_shares_it_allows() -> None:
    # The public sees 2 girls and 1 child of unrecorded sex as c (disclosure control hides at
    # least two cells); the tile shows 12 children, so boys are 9 of 12 (75.0%).
    frame = _engine([("cp_count", "F", math.nan), ("cp_count", "M", 9.0),
                     ("cp_count", "U", math.nan)])
    shown = plan_breakdown(frame, PART["sex"], (), "Tinyshire", DAY, 12.0)
    assert shown.title == "Boys were the largest group: 9 of 12 children (75.0%)"
    assert shown.table.rows() == [("Boys", "9", "75.0"), ("Girls", "c", "c"),
                                  ("Not recorded", "c", "c")]
    hidden = plan_breakdown(frame, PART["sex"], (), "Tinyshire", DAY, math.nan)
    assert hidden.title == "Boys were the largest group: 9 of c children (c%)"


def test_by_age_adds_rates_and_names_unborn_children() -> None:
    # 6 unborn, 2 under 1 (rate 12.5 per 10,000): 8 children, unborn 75.0%.
    frame = _engine([("cp_count", "Unborn", 6.0), ("cp_count", "Under 1", 2.0),
                     ("cp_rate", "Under 1", 12.5)])
    shown = plan_breakdown(frame, PART["age_band"], ("Unborn", "Under 1"), "Tinyshire", DAY, None)
    assert shown.title == "Unborn children were the largest group: 6 of 8 children (75.0%)"
    assert shown.table.columns == ["Age band", "Children", "Share of children on a plan (%)",
                                   "Rate per 10,000 children"]
    assert shown.table.rows() == [("Unborn", "6", "75.0", "x"), ("Under 1", "2", "25.0", "12.5")]


def test_the_category_is_the_most_common_one() -> None:
    frame = _engine([("cp_count", "NEG", 5.0), ("cp_count", "EMO", 15.0)])
    shown = plan_breakdown(frame, PART["initial_category"], ("NEG", "EMO"), "Tinyshire", DAY, None)
    assert shown.title == "Emotional abuse was the most common category: 15 of 20 children (75.0%)"


def _yearly(rows: list[tuple[str, int, float]]) -> pl.DataFrame:
    """``results.yearly`` headline rows: indicator, the reporting year's first calendar year,
    value."""
    return pl.DataFrame([{"indicator_id": i, "group": "", "value": v,
                          "period_start": reporting_year(y).start} for i, y, v in rows],
                        schema={"indicator_id": pl.String, "group": pl.String,
                                "value": pl.Float64, "period_start": pl.Date})


def test_flow_words_name_the_last_year() -> None:
    trend = _yearly([("cp_starts", 2018, 180.0), ("cp_ceased", 2018, 170.0),
                     ("cp_starts", 2019, 155.0), ("cp_ceased", 2019, 1234.0)])
    years = [reporting_year(2018), reporting_year(2019)]
    words = flow_words(trend, years, "Tinyshire", "2018-19 to 2019-20")
    assert words == Words(
        "Plans started fell from 180 to 155 in 2019-20",
        "Child protection plans started and ended in each reporting year, Tinyshire, 2018-19 to "
        "2019-20", "Plans",
        "Column chart of plans started (first column) and plans ended (second column) in each "
        "reporting year from 2018-19 to 2019-20; in 2019-20 155 started and 1,234 ended, under "
        "the filters above.")


def test_no_plan_words() -> None:
    trend = _yearly([("icpc_no_plan", 2018, 12.5), ("icpc_no_plan", 2019, 10.04)])
    words = no_plan_words(trend, "Tinyshire", "2018-19 to 2019-20")
    assert words.title == ("Children at an ICPC not made subject to a plan fell from 12.5% to "
                           "10.0% in 2019-20")
    assert words.description.endswith("from 2018-19 to 2019-20, under the filters above.")


def test_month_words_from_the_first_month_to_the_last() -> None:
    series = pl.DataFrame({"month_end": [dt.date(2019, 4, 30), dt.date(2020, 3, 31)],
                           "value": [1200.0, 95.0], "series": ["On a plan"] * 2})
    words = month_words(series, "Tinyshire")
    assert words.title == ("Children on a plan fell from 1,200 to 95 between April 2019 and "
                           "March 2020")
    assert words.subtitle == ("Children on a child protection plan at each month end (unborn "
                              "children included), Tinyshire, April 2019 to March 2020")
    assert "from April 2019 to March 2020, from 1,200 to 95, under" in words.description
