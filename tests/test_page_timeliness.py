"""The timeliness page under AppTest: the tiles and the yearly tables (with their 95% confidence
limits) of looked-after children reviewed on time (leading, with the children waiting for an
overdue review and its breakdowns), LAC reviews held on time, ICPCs within 15 working days and CP
plans reviewed in time show the engine's figures for the same period and filters, each rule
comes from the registry, the public view hides a small overdue count with its family, and an
extract without the tables a part needs explains that part instead of failing."""

import datetime as dt
import shutil
from functools import cache
from pathlib import Path

import pytest
from extract_builders import D, child, episode, review, write_extract
from helpers import OpenPage, change, table, tables, write_tiny_extract

from iro_metrics.contract.extract import Extract
from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators.engine import Filters, compute
from iro_metrics.indicators.periods import Period, previous, reporting_year
from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present.formatting import format_change, format_number, format_value

FIRST_FULL_YEAR = 2014  # the demo data's first whole reporting year starts in April 2014
SECTIONS = {  # indicator: its table's value column, in the page's order
    "lac_children_reviews_timely": "All on time (%)",
    "lac_reviews_timely": "On time (%)",
    "icpc_timely": "Within 15 working days (%)",
    "cp_reviews_timely": "Reviewed in time (%)",
}


@cache
def demo(directory: Path) -> Extract:
    return load_extract(directory)


TILE_IDS = (*SECTIONS, "lac_reviews_overdue")


def engine_rows(directory: Path, period: Period, filters: Filters) -> dict[str, dict]:
    return {r["indicator_id"]: r for r in compute(demo(directory), period, filters=filters,
                                                  indicator_ids=TILE_IDS).iter_rows(named=True)}




def assert_page_matches_engine(at, directory: Path, period: Period, filters: Filters,
                               last_year: int) -> None:
    """Tiles equal the engine's for the period (change on the previous one); each yearly table
    holds the engine's value, numerator, denominator and 95% limits, year by year."""
    assert not at.exception, [e.value for e in at.exception]
    now, before = (engine_rows(directory, p, filters) for p in (period, previous(period)))
    tiles = {m.label: (m.value, m.delta or None) for m in at.metric}
    assert list(tiles) == [BY_ID[i].label for i in ("lac_children_reviews_timely",
                                                     "lac_reviews_overdue", "lac_reviews_timely",
                                                     "icpc_timely", "cp_reviews_timely")]
    for indicator_id in TILE_IDS:
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
    assert titles[0] == "Looked-after children reviewed on time"  # the child-based measure leads
    assert "Looked-after reviews held on time" in titles
    assert ("89.3% of initial conferences were held within 15 working days in 2020-21, down "
            "from 90.3% in 2019-20") in titles
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
    assert not at.metric and not tables(at)


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
    missing = {"lac_children_reviews_timely": "lac_reviews", "lac_reviews_timely": "lac_reviews",
               "icpc_timely": "s47_enquiries",
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
    assert tiles == {BY_ID[i].label: format_value(now[i]["value"], BY_ID[i]) for i in TILE_IDS}
    # The yearly tables stop at the last whole reporting year before the period's end.
    assert table(at, "On time (%)")["Year"].iloc[-1] == "2019-20"


BREAKDOWNS = {"legal_status_group": "Legal status", "age_band": "Age band", "sex": "Sex",
              "ethnic_group": "Ethnic group"}


@pytest.mark.parametrize(("query", "filters"), [
    ({}, Filters()), ({"year": "2018-19", "sex": "Girls"}, Filters(sex=("F",)))])
def test_child_based_breakdowns_match_the_engine(open_page: OpenPage, demo_dir: Path,
                                                 query: dict, filters: Filters) -> None:
    at = open_page("timeliness", query=query)
    assert not at.exception, [e.value for e in at.exception]
    period = reporting_year(2018 if query else 2020)
    names = {"M": "Boys", "F": "Girls", "U": "Not recorded"}
    for dimension, heading in BREAKDOWNS.items():
        rows = [row for row in compute(demo(demo_dir), period, by=dimension, filters=filters,
                                       indicator_ids=["lac_children_reviews_timely"])
                .iter_rows(named=True) if row["denominator"]]
        assert table(at, heading).values.tolist() == [
            [names.get(row["group"], row["group"]) if dimension == "sex" else row["group"],
             format_number(row["value"], 1), format_number(row["numerator"]),
             format_number(row["denominator"]), format_number(row["lower_95"], 1),
             format_number(row["upper_95"], 1)] for row in rows], dimension


def overdue_extract(directory: Path) -> Path:
    """30 children in care from Mon 1 Apr 2019: 27 reviewed on 1 May 2019 (the 20th working day,
    Easter excluded), 1 Aug 2019 and 31 Jan 2020, all on time; 3 never reviewed, so on 31 Mar 2020
    waiting for a review due 1 May 2019."""
    ids = [f"C{number:02d}" for number in range(30)]
    reviews = [review(day, child_id=cid) for cid in ids[3:]
               for day in (D(2019, 5, 1), D(2019, 8, 1), D(2020, 1, 31))]
    return write_extract(directory, {
        "children": [child(cid) for cid in ids],
        "lac_episodes": [episode(D(2019, 4, 1), None, cid) for cid in ids],
        "lac_reviews": reviews})


def test_a_small_overdue_count_is_hidden_with_its_family(open_page: OpenPage,
                                                         tmp_path: Path) -> None:
    directory = overdue_extract(tmp_path / "overdue")
    period = reporting_year(2019)
    rows = {row["indicator_id"]: row for row in compute(
        load_extract(directory), period, indicator_ids=TILE_IDS).iter_rows(named=True)}
    # Managers see 27 of 30 on time and 3 overdue, and reviews held all on time (81 of 81).
    assert (rows["lac_children_reviews_timely"]["numerator"],
            rows["lac_children_reviews_timely"]["denominator"],
            rows["lac_reviews_overdue"]["numerator"]) == (27, 30, 3)
    manager = open_page("timeliness", query={"year": "2019-20"}, data_dir=directory)
    shown = {m.label: m.value for m in manager.metric}
    assert (shown["Children reviewed on time"], shown["Reviews overdue"],
            shown["LAC reviews held on time"]) == ("90.0%", "3", "100.0%")
    # The public sees c for both child-based figures; the review-based one is another family.
    public = open_page("timeliness", query={"year": "2019-20"}, data_dir=directory,
                       audience="public")
    assert not public.exception, [e.value for e in public.exception]
    shown = {m.label: m.value for m in public.metric}
    assert (shown["Children reviewed on time"], shown["Reviews overdue"],
            shown["LAC reviews held on time"]) == ("c", "c", "100.0%")
