"""The child protection plans page and the conferences page split from it, under AppTest: tiles,
trend and breakdown tables, repeat and long plans (plans page), and conference activity and
children not made subject to a plan (conferences page) equal the engine's figures (and
``conferences``'s, itself tested against the engine) for the default view, after a period
change and under each filter each page offers; extracts without the CP tables say so instead of
failing."""

from pathlib import Path

import polars as pl
import pytest
from extract_builders import D, valid_extract
from helpers import OpenPage, table_rows, tables, write_tiny_extract

from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators.conferences import CONFERENCE_NAMES, activity_by_period
from iro_metrics.indicators.engine import Filters, compute
from iro_metrics.indicators.periods import Period, date_range, reporting_year
from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present.breakdowns import every_group
from iro_metrics.present.child_protection import NO_CATEGORY_AT_CONFERENCES, WHOLE_SERVICE
from iro_metrics.present.findings import latest_change
from iro_metrics.present.formatting import format_number, format_value
from iro_metrics.present.report_tables import years_up_to
from iro_metrics.present.view import first_full_year
from iro_metrics.ui.navigation import CP_CONFERENCES
from iro_metrics.ui.state import CATEGORY_LABELS, SEX_LABELS

TILE_IDS = ("cp_count", "cp_rate", "cp_starts", "cp_ceased", "cp_repeat", "cp_ceased_2y_plus")
CONFERENCE_TILE_IDS = ("icpc_timely", "icpc_no_plan")
CONFERENCES = CP_CONFERENCES.url_path


def _ok(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _headings(at) -> list[str]:
    """Section and figure headings (figure titles are headers or subheaders, by kit version)."""
    return [h.value for h in at.header] + [h.value for h in at.subheader]


def _tiles(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _engine(demo, period: Period, filters: Filters, by: str | None = None) -> dict:
    frame = compute(demo, period, by=by, filters=filters)
    if by is None:
        return {row["indicator_id"]: row for row in frame.iter_rows(named=True)}
    return frame


def _years(demo, period: Period) -> list[Period]:
    return years_up_to(period.end, first_full_year(demo))


def _check(at, demo, period: Period, filters: Filters) -> None:
    """Every figure on the plans page against the engine for ``period`` and ``filters``."""
    _ok(at)
    now = _engine(demo, period, filters)
    shown = _tiles(at)
    for indicator_id in TILE_IDS:
        indicator = BY_ID[indicator_id]
        assert shown[indicator.label] == format_value(now[indicator_id]["value"], indicator)
    assert not {BY_ID[i].label for i in CONFERENCE_TILE_IDS} & set(shown)
    assert not [table for table in tables(at) if "Type of conference" in table.columns]

    years = _years(demo, period)
    yearly = {year.label: _engine(demo, year, filters) for year in years}
    assert table_rows(at, "Plans started", "Plans ended") == [
        {"Year": label, "Plans started": format_number(rows["cp_starts"]["value"]),
         "Plans ended": format_number(rows["cp_ceased"]["value"])}
        for label, rows in yearly.items()]
    starts = [rows["cp_starts"]["value"] for rows in yearly.values()]
    assert latest_change("Plans started", starts, years[-1].label) in _headings(at)

    repeat = table_rows(at, "Repeat plans (%)")
    assert [row["Repeat plans (%)"] for row in repeat] == [
        format_value(rows["cp_repeat"]["value"], BY_ID["cp_repeat"]) for rows in yearly.values()]
    assert [row["Repeat within 2 years (%)"] for row in repeat] == [
        format_value(rows["cp_repeat_2y"]["value"], BY_ID["cp_repeat_2y"])
        for rows in yearly.values()]
    assert [row["Lasted 2 years or more (%)"] for row in table_rows(at, "Lasted 2 years or more (%)")] \
        == [format_value(rows["cp_ceased_2y_plus"]["value"], BY_ID["cp_ceased_2y_plus"])
            for rows in yearly.values()]
    assert any("is a local measure" in info.value for info in at.info)

    labels = {"age_band": ("Age band", {}), "initial_category": (
        "Initial category of abuse", CATEGORY_LABELS), "sex": ("Sex", SEX_LABELS),
        "ethnic_group": ("Ethnic group", {})}
    for dimension, (heading, names) in labels.items():
        rows = _engine(demo, period, filters, by=dimension).filter(
            pl.col("indicator_id") == "cp_count")
        expected = every_group(rows, dimension, getattr(filters, dimension))
        table = table_rows(at, heading, "Children")
        assert [row[heading] for row in table] == [names.get(g, g) for g in expected["group"]]
        assert [row["Children"] for row in table] == [format_number(c)
                                                      for c in expected["count"]]
        assert sum(expected["count"]) == (now["cp_count"]["value"] or 0)
    # Where the conference section was, a link to the conferences page (old links land here).
    assert "Conferences" in _headings(at)
    assert [link.proto.page for link in at.get("page_link")] == [CONFERENCES]


def _check_conferences(at, demo, period: Period, filters: Filters) -> None:
    """Every figure on the conferences page against the engine for ``period`` and ``filters``
    (which never hold a category of abuse: a child has none before a plan starts)."""
    _ok(at)
    assert not filters.initial_category
    now = _engine(demo, period, filters)
    shown = _tiles(at)
    assert set(shown) == {BY_ID[indicator_id].label for indicator_id in CONFERENCE_TILE_IDS}
    for indicator_id in CONFERENCE_TILE_IDS:
        indicator = BY_ID[indicator_id]
        assert shown[indicator.label] == format_value(now[indicator_id]["value"], indicator)

    years = _years(demo, period)
    activity = activity_by_period(demo.cp_conferences, years)
    assert table_rows(at, "Type of conference") == [
        {"Year": row["period"], "Type of conference": CONFERENCE_NAMES[row["conference_type"]],
         "Conferences": format_number(row["conferences"]),
         "Children discussed": format_number(row["children"])}
        for row in activity.iter_rows(named=True)]
    # The registered conference counts are the engine's, for the whole service.
    for year in years:
        engine = _engine(demo, year, Filters())
        for kind, indicator_id in (("Initial conferences", "icpc_held"),
                                   ("Review conferences", "rcpc_held")):
            row = next(r for r in table_rows(at, "Type of conference")
                       if r["Year"] == year.label and r["Type of conference"] == kind)
            assert row["Conferences"] == format_number(engine[indicator_id]["value"])
    assert [row["Not made subject to a plan (%)"]
            for row in table_rows(at, "Not made subject to a plan (%)")] == [
        format_value(_engine(demo, year, filters)["icpc_no_plan"]["value"], BY_ID["icpc_no_plan"])
        for year in years]
    assert (WHOLE_SERVICE in [c.value for c in at.caption]) == bool(filters.active())
    assert not [table for table in tables(at) if "Plans started" in table.columns]


def test_default_view(open_page: OpenPage, demo) -> None:
    at = open_page("child_protection")
    _ok(at)
    assert at.title[0].value == "Child protection plans"
    assert at.info[0].value == "Showing 2020-21 (1 April 2020 to 31 March 2021) for all children."
    _check(at, demo, reporting_year(2020), Filters())
    months = table_rows(at, "Month")
    assert months[-1] == {"Month": "31 Mar 2021", "Children": format_number(
        _engine(demo, reporting_year(2020), Filters())["cp_count"]["value"])}
    conferences = open_page(CONFERENCES)
    assert conferences.title[0].value == "Child protection conferences"
    assert conferences.info[0].value == at.info[0].value
    _check_conferences(conferences, demo, reporting_year(2020), Filters())
    assert NO_CATEGORY_AT_CONFERENCES not in [c.value for c in conferences.caption]


def test_period_and_demographic_filter(open_page: OpenPage, demo) -> None:
    at = open_page("child_protection", query={"year": "2019-20"})
    _check(at, demo, reporting_year(2019), Filters())
    # After the first run AppTest reruns only the page (notes/stack.md), so the shared sidebar
    # widgets are not in its tree: change the filter's value where the widget keeps it.
    at.session_state["sex"] = ["F"]
    at.run()
    _check(at, demo, reporting_year(2019), Filters(sex=("F",)))
    assert at.info[0].value == "Showing 2019-20 (1 April 2019 to 31 March 2020) for girls."
    # The rate has no breakdown by sex: shown as x, and the page says why.
    assert _tiles(at)[BY_ID["cp_rate"].label] == "x"
    assert any("rate per 10,000 children is not available" in c.value for c in at.caption)
    # The conferences page keeps the filters of the session (the sidebar is shared).
    at.switch_page(f"pages/{CONFERENCES}.py").run()
    _check_conferences(at, demo, reporting_year(2019), Filters(sex=("F",)))


def test_age_band_filter(open_page: OpenPage, demo) -> None:
    at = open_page("child_protection", query={"age": ["Under 1", "1 to 4"]})
    _check(at, demo, reporting_year(2020), Filters(age_band=("Under 1", "1 to 4")))
    assert [row["Age band"] for row in table_rows(at, "Age band")] == ["Under 1", "1 to 4"]
    assert _tiles(at)[BY_ID["cp_rate"].label] != "x"
    assert not any("is not available" in c.value for c in at.caption)
    # There is no population of unborn children, so no rate for them: the page says so.
    at = open_page("child_protection", query={"age": ["Unborn", "Under 1"]})
    _check(at, demo, reporting_year(2020), Filters(age_band=("Unborn", "Under 1")))
    assert [row["Age band"] for row in table_rows(at, "Age band")] == ["Unborn", "Under 1"]
    assert _tiles(at)[BY_ID["cp_rate"].label] == "x"
    assert any("rate per 10,000 children is not available" in c.value for c in at.caption)


def test_category_of_abuse_filter(open_page: OpenPage, demo) -> None:
    at = open_page("child_protection", query={"category": ["Neglect"]})
    _check(at, demo, reporting_year(2020), Filters(initial_category=("NEG",)))
    assert [row["Initial category of abuse"] for row in table_rows(at, "Initial category of abuse")] \
        == ["Neglect"]
    at.sidebar.multiselect(key="category").set_value(["NEG", "EMO"]).run()
    _check(at, demo, reporting_year(2020), Filters(initial_category=("NEG", "EMO")))
    # The conferences page offers no category filter and says why the one chosen is not used.
    at.switch_page(f"pages/{CONFERENCES}.py").run()
    _check_conferences(at, demo, reporting_year(2020), Filters())
    assert NO_CATEGORY_AT_CONFERENCES in [c.value for c in at.caption]
    assert not [box for box in at.sidebar.multiselect if box.key == "category"]


def test_an_old_link_to_the_conferences_with_a_category(open_page: OpenPage, demo) -> None:
    """A link shared before the split (``child_protection?category=...#conferences``) opens the
    plans page filtered, whose Conferences section links to the conferences page; opened with
    the category, the conferences page says it does not apply."""
    at = open_page("child_protection", query={"category": ["Neglect"], "year": "2019-20"})
    _check(at, demo, reporting_year(2019), Filters(initial_category=("NEG",)))
    conferences = open_page(CONFERENCES, query={"category": ["Neglect"], "year": "2019-20"})
    _check_conferences(conferences, demo, reporting_year(2019), Filters())
    assert NO_CATEGORY_AT_CONFERENCES in [c.value for c in conferences.caption]


@pytest.mark.parametrize(("query", "filters"), [
    ({"age": ["10 to 15"]}, Filters(age_band=("10 to 15",))),
    ({"sex": ["Boys"]}, Filters(sex=("M",))),
    ({"ethnicity": ["White"]}, Filters(ethnic_group=("White",))),
    ({"disability": ["Disabled"]}, Filters(disability=("true",))),
])
def test_conferences_under_each_filter_offered(open_page: OpenPage, demo, query: dict,
                                               filters: Filters) -> None:
    at = open_page(CONFERENCES, query={**query, "year": "2019-20"})
    _check_conferences(at, demo, reporting_year(2019), filters)


def test_conferences_for_the_public(open_page: OpenPage, demo) -> None:
    """The public sees the same page with every count of 1 to 5 suppressed; unfiltered, the
    demo's figures are large enough to be shown as they are."""
    at = open_page(CONFERENCES, audience="public", query={"year": "2019-20"})
    _check_conferences(at, demo, reporting_year(2019), Filters())
    small = open_page(CONFERENCES, audience="public",
                      query={"year": "2019-20", "ethnicity": "Black or Black British"})
    _ok(small)
    assert "c" in [row["Not made subject to a plan"]
                   for row in table_rows(small, "Not made subject to a plan (%)")]


def test_without_cp_tables_says_so(open_page: OpenPage, tmp_path: Path) -> None:
    directory = valid_extract(tmp_path / "lac_only", cp_plans=None, cp_conferences=None,
                              s47_enquiries=None)
    at = open_page("child_protection", data_dir=directory)
    _ok(at)
    assert "This extract has no child protection plans (the `cp_plans` table)" in " ".join(
        info.value for info in at.info)
    assert not tables(at) and not at.metric
    at = open_page(CONFERENCES, data_dir=directory)
    _ok(at)
    messages = " ".join(info.value for info in at.info)
    for table in ("cp_conferences", "s47_enquiries"):
        assert f"(the `{table}` table)" in messages
    assert not tables(at) and not at.metric


def test_plans_without_conferences(open_page: OpenPage, tmp_path: Path) -> None:
    directory = write_tiny_extract(tmp_path / "tiny")
    at = open_page("child_protection", data_dir=directory)
    _ok(at)
    extract = load_extract(directory)
    now = _engine(extract, reporting_year(2020), Filters())
    assert _tiles(at)[BY_ID["cp_count"].label] == format_value(now["cp_count"]["value"],
                                                               BY_ID["cp_count"])
    assert "(the `cp_plans` table)" not in " ".join(info.value for info in at.info)
    # Unborn children are counted: C3 has no date of birth (not on a plan in the tiny extract).
    assert table_rows(at, "Age band")[0]["Age band"] == "Unborn"
    at = open_page(CONFERENCES, data_dir=directory)
    _ok(at)
    messages = " ".join(info.value for info in at.info)
    assert "(the `cp_conferences` table)" in messages
    assert "(the `s47_enquiries` table)" in messages


def test_custom_dates(open_page: OpenPage, demo) -> None:
    # Trends run to the last whole reporting year ending by the period's end (2018-19 here).
    at = open_page("child_protection",
                   query={"custom": "true", "from": "2019-07-01", "to": "2019-12-31"})
    period = date_range(D(2019, 7, 1), D(2019, 12, 31))
    _check(at, demo, period, Filters())
    assert _years(demo, period)[-1].label == "2018-19"
    assert any(h.endswith("in 2018-19") for h in _headings(at))


def test_no_whole_year_yet(open_page: OpenPage, demo) -> None:
    at = open_page("child_protection",
                   query={"custom": "true", "from": "2014-04-01", "to": "2014-12-31"})
    _ok(at)
    assert any("No whole reporting year" in info.value for info in at.info)
    now = _engine(demo, date_range(D(2014, 4, 1), D(2014, 12, 31)), Filters())
    assert _tiles(at)[BY_ID["cp_count"].label] == format_value(now["cp_count"]["value"],
                                                               BY_ID["cp_count"])
