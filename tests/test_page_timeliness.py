"""The timeliness page under AppTest: the tiles and the yearly tables (with their 95% confidence
limits) of LAC reviews on time, ICPCs within 15 working days and CP plans reviewed in time show
the engine's figures for the same period and filters, each rule comes from the registry, and an
extract without the tables a part needs explains that part instead of failing."""

import datetime as dt
import shutil
from functools import cache
from pathlib import Path

import pytest
from helpers import OpenPage, change, table, write_tiny_extract

from iro_metrics.contract.extract import Extract
from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators.engine import Filters, compute
from iro_metrics.indicators.periods import Period, previous, reporting_year
from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present.formatting import format_change, format_number, format_value

FIRST_FULL_YEAR = 2014  # the demo data's first whole reporting year starts in April 2014
SECTIONS = {  # indicator: its table's value column
    "lac_reviews_timely": "On time (%)",
    "icpc_timely": "Within 15 working days (%)",
    "cp_reviews_timely": "Reviewed in time (%)",
}


@cache
def demo(directory: Path) -> Extract:
    return load_extract(directory)


def engine_rows(directory: Path, period: Period, filters: Filters) -> dict[str, dict]:
    return {r["indicator_id"]: r for r in compute(demo(directory), period, filters=filters,
                                                  indicator_ids=SECTIONS).iter_rows(named=True)}




def assert_page_matches_engine(at, directory: Path, period: Period, filters: Filters,
                               last_year: int) -> None:
    """Tiles equal the engine's for the period (change on the previous one); each yearly table
    holds the engine's value, numerator, denominator and 95% limits, year by year."""
    assert not at.exception, [e.value for e in at.exception]
    now, before = (engine_rows(directory, p, filters) for p in (period, previous(period)))
    tiles = {m.label: (m.value, m.delta or None) for m in at.metric}
    for indicator_id in SECTIONS:
        indicator = BY_ID[indicator_id]
        value, old = now[indicator_id]["value"], before[indicator_id]["value"]
        delta = format_change(None if value is None or old is None else value - old, indicator)
        assert tiles[indicator.label] == (format_value(value, indicator),
                                          f"{delta} on {previous(period).label}" if delta
                                          else None)
    years = [reporting_year(y) for y in range(FIRST_FULL_YEAR, last_year + 1)]
    for indicator_id, column in SECTIONS.items():
        shown = table(at, column)
        assert list(shown["Year"]) == [year.label for year in years]
        for position, year in enumerate(years):
            row = engine_rows(directory, year, filters)[indicator_id]
            assert list(shown.iloc[position]) == [
                year.label, format_number(row["value"], 1), format_number(row["numerator"]),
                format_number(row["denominator"]), format_number(row["lower_95"], 1),
                format_number(row["upper_95"], 1)]


def test_default_view(open_page: OpenPage, demo_dir: Path) -> None:
    at = open_page("timeliness")
    assert at.title[0].value == "Timeliness"
    assert_page_matches_engine(at, demo_dir, reporting_year(2020), Filters(), 2020)
    text = " ".join(m.value for m in at.markdown)
    for indicator_id in SECTIONS:  # each rule in plain words, from the registry
        assert BY_ID[indicator_id].good in text
        assert BY_ID[indicator_id].guidance in text
    titles = [h.value for h in (*at.header, *at.subheader)]
    assert ("89.3% of initial conferences were held within 15 working days in 2020-21, up from "
            "84.7% in 2014-15") in titles
    assert list(table(at, "On time (%)").columns) == [
        "Year", "On time (%)", "Reviews on time", "Reviews with a due date",
        "Lower 95% limit", "Upper 95% limit"]
    assert not any("cannot be shown" in i.value for i in at.info)


def test_filters_from_the_url_then_changed(open_page: OpenPage, demo_dir: Path) -> None:
    at = open_page("timeliness", query={"year": "2019-20", "age": ["10 to 15"],
                                        "sex": "Boys"})
    filters = Filters(age_band=("10 to 15",), sex=("M",))
    assert_page_matches_engine(at, demo_dir, reporting_year(2019), filters, 2019)
    change(at, "disability", ["false"])
    filters = Filters(age_band=("10 to 15",), sex=("M",), disability=("false",))
    assert_page_matches_engine(at, demo_dir, reporting_year(2019), filters, 2019)
    change(at, "year", "2016-17")
    assert_page_matches_engine(at, demo_dir, reporting_year(2016), filters, 2016)
    assert at.info[0].value == ("Showing 2016-17 (1 April 2016 to 31 March 2017) for boys aged "
                                "10 to 15, who are not disabled.")


def test_ethnic_group_filter(open_page: OpenPage, demo_dir: Path) -> None:
    at = open_page("timeliness", query={"ethnicity": ["Mixed", "Black or Black British"]})
    assert_page_matches_engine(at, demo_dir, reporting_year(2020),
                               Filters(ethnic_group=("Mixed", "Black or Black British")), 2020)


def test_extract_without_review_and_conference_tables(open_page: OpenPage,
                                                      tmp_path: Path) -> None:
    at = open_page("timeliness", data_dir=write_tiny_extract(tmp_path / "tiny"))
    assert not at.exception, [e.value for e in at.exception]
    messages = [i.value for i in at.info]
    for table_name in ("lac_reviews", "s47_enquiries", "cp_conferences"):
        assert any(f"(the `{table_name}` table)" in m and "cannot be shown" in m
                   for m in messages), table_name
    assert not at.metric and not at.dataframe


@pytest.mark.parametrize("left_out", [("s47_enquiries",), ("cp_conferences", "lac_reviews")])
def test_only_the_part_without_its_table_is_missing(open_page: OpenPage, demo_dir: Path,
                                                    tmp_path: Path,
                                                    left_out: tuple[str, ...]) -> None:
    partial = tmp_path / "partial"
    shutil.copytree(demo_dir, partial)
    for table_name in left_out:
        (partial / f"{table_name}.parquet").unlink()
    at = open_page("timeliness", data_dir=partial)
    assert not at.exception, [e.value for e in at.exception]
    extract = load_extract(partial)
    missing = {"lac_reviews_timely": "lac_reviews", "icpc_timely": "s47_enquiries",
               "cp_reviews_timely": "cp_conferences"}
    messages = " ".join(i.value for i in at.info)
    tiles = {m.label: m.value for m in at.metric}
    for indicator_id, column in SECTIONS.items():
        indicator = BY_ID[indicator_id]
        if missing[indicator_id] in left_out:
            assert f"(the `{missing[indicator_id]}` table)" in messages
            assert indicator.label not in tiles
        else:
            row = compute(extract, reporting_year(2020),
                          indicator_ids=[indicator_id]).row(0, named=True)
            assert tiles[indicator.label] == format_value(row["value"], indicator)
            assert table(at, column)["Year"].iloc[-1] == "2020-21"


def test_custom_period(open_page: OpenPage, demo_dir: Path) -> None:
    at = open_page("timeliness", query={"custom": "true", "from": "2019-10-01",
                                        "to": "2020-06-30"})
    assert not at.exception, [e.value for e in at.exception]
    period = Period(dt.date(2019, 10, 1), dt.date(2020, 6, 30), "")
    now = engine_rows(demo_dir, period, Filters())
    tiles = {m.label: m.value for m in at.metric}
    assert tiles == {BY_ID[i].label: format_value(now[i]["value"], BY_ID[i]) for i in SECTIONS}
    # The yearly tables stop at the last whole reporting year before the period's end.
    assert table(at, "On time (%)")["Year"].iloc[-1] == "2019-20"
