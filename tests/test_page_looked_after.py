"""The looked-after children page under AppTest: tiles, the monthly trend, the five-year table of
31 March figures, started and stopped per year, and the breakdowns all show the engine's figures
for the same period and filters (default view, URL filters, widget changes, the legal-status
filter, custom dates), and an extract without looked-after episodes says so plainly."""

import csv
import datetime as dt
import io
from functools import cache
from pathlib import Path

import pytest
from helpers import (
    OpenPage,
    change,
    csv_downloads,
    record_media,
    shared_data,
    table,
    table_rows,
    tables,
    write_tiny_extract,
)

from iro_metrics.contract.extract import Extract
from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators.engine import Filters, compute, monthly_counts
from iro_metrics.indicators.periods import Period, date_range, previous, reporting_year
from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present.formatting import format_change, format_number, format_value
from iro_metrics.present.looked_after import england_words
from iro_metrics.published.national import census_year, england_shares, load_england

TILE_IDS = ("lac_count", "lac_rate", "lac_starts", "lac_ceased")
FIVE_YEARS = ("Looked after on 31 March", "Per 10,000 children on 31 March",
              "Started to be looked after", "Stopped being looked after")
BREAKDOWN_HEADINGS = {"age_band": "Age band", "sex": "Sex", "ethnic_group": "Ethnic group",
                      "legal_status_group": "Legal status",
                      "category_of_need": "Category of need"}
NEEDS = {"N1": "N1 abuse or neglect", "N2": "N2 child's disability",
         "N3": "N3 parental illness or disability", "N4": "N4 family in acute stress",
         "N5": "N5 family dysfunction", "N6": "N6 socially unacceptable behaviour",
         "N7": "N7 low income", "N8": "N8 absent parenting", "unknown": "Not known"}
SEX = {"M": "Boys", "F": "Girls", "U": "Not recorded"}
FIRST_FULL_YEAR = dt.date(2014, 4, 1)  # of the demo data


@cache
def demo(directory: Path) -> Extract:
    return load_extract(directory)


def engine_rows(directory: Path, period: Period, filters: Filters, by: str | None = None,
                ) -> dict[str, dict]:
    rows = compute(demo(directory), period, by=by, filters=filters)
    if by:
        return {(r["indicator_id"], r["group"]): r for r in rows.iter_rows(named=True)}
    return {r["indicator_id"]: r for r in rows.iter_rows(named=True)}


def shown_tiles(at) -> dict[str, tuple[str, str | None]]:
    return {m.label: (m.value, m.delta or None) for m in at.metric}


def expected_tiles(directory: Path, period: Period, filters: Filters,
                   ) -> dict[str, tuple[str, str | None]]:
    now = engine_rows(directory, period, filters)
    before_period = previous(period)
    before = engine_rows(directory, before_period, filters)
    out = {}
    for indicator_id in TILE_IDS:
        indicator = BY_ID[indicator_id]
        value, old = now[indicator_id]["value"], before[indicator_id]["value"]
        change = format_change(None if value is None or old is None else value - old, indicator)
        out[indicator.label] = (format_value(value, indicator),
                                f"{change} on {before_period.label}" if change else None)
    return out




def headings(at) -> list[str]:
    return [h.value for h in (*at.header, *at.subheader)]


def assert_page_matches_engine(at, directory: Path, period: Period, filters: Filters) -> None:
    """Every figure on the page equals the engine's for ``period`` and ``filters``."""
    assert not at.exception, [e.value for e in at.exception]
    assert shown_tiles(at) == expected_tiles(directory, period, filters)

    # Monthly trend: month-end counts from the first full year to the period end.
    months = monthly_counts(demo(directory), FIRST_FULL_YEAR, period.end, filters).filter(
        indicator_id="lac_count")
    trend = table(at, "Month")
    assert list(trend["Children looked after"]) == [format_number(v) for v in months["value"]]
    assert trend["Month"].iloc[-1] == f"{months['month_end'][-1]:%d %b %Y}"

    # Five-year table: the reporting years ending on 31 March up to the period.
    last = period.end.year - (0 if period.end >= dt.date(period.end.year, 3, 31) else 1)
    years = [reporting_year(y) for y in range(last - 5, last)
             if reporting_year(y).start >= FIRST_FULL_YEAR]
    five = table(at, "Looked after on 31 March")
    assert list(five["Year"]) == [y.label for y in years]
    for position, year in enumerate(years):
        rows = engine_rows(directory, year, filters)
        assert list(five.iloc[position][list(FIVE_YEARS)]) == [
            format_value(rows[i]["value"], BY_ID[i]) for i in TILE_IDS]
    flows = table(at, "Started")
    assert list(flows["Started"]) == list(five["Started to be looked after"])
    assert list(flows["Stopped"]) == list(five["Stopped being looked after"])

    # Breakdowns of children looked after on the snapshot.
    headline = engine_rows(directory, period, filters)["lac_count"]["numerator"]
    for dimension, heading in BREAKDOWN_HEADINGS.items():
        rows = [r for (i, _), r in engine_rows(directory, period, filters, dimension).items()
                if i == "lac_count"]
        shown = table(at, heading)
        names = [SEX[r["group"]] if dimension == "sex"
                 else NEEDS[r["group"]] if dimension == "category_of_need"
                 else r["group"][:1].upper() + r["group"][1:] for r in rows]
        assert list(shown[heading]) == names
        assert list(shown["Children looked after"]) == [format_number(r["numerator"])
                                                        for r in rows]
        assert list(shown["Share (%)"]) == [format_number(100 * r["numerator"] / headline, 1)
                                            for r in rows]


def test_default_view_shows_the_engine_figures(open_page: OpenPage, demo_dir: Path) -> None:
    at = open_page("looked_after")
    assert at.title[0].value == "Looked after children"
    assert at.info[0].value == ("Showing 2020-21 (1 April 2020 to 31 March 2021) for all "
                                "children.")
    assert_page_matches_engine(at, demo_dir, reporting_year(2020), Filters())
    titles = headings(at)
    assert ("Children looked after rose from 270 to 272 between March 2020 and March "
            "2021") in titles
    assert ("Children looked after on 31 March rose from 219 to 272 between 2016-17 and "
            "2020-21") in titles
    assert "In 2020-21, 82 children started to be looked after and 80 stopped" in titles
    assert "Legal status: the largest group is Care order, 203 children (74.6%)" in titles
    assert "Category of need: the largest group is N1 abuse or neglect, 170 children (62.5%)" \
        in titles
    assert len(at.get("download_button")) == 9  # 8 figures and the disproportionality one


def test_filters_from_the_url_then_widgets(open_page: OpenPage, demo_dir: Path) -> None:
    ages = ("10 to 15", "16 and over")
    at = open_page("looked_after", query={"year": "2019-20", "age": list(ages)})
    assert_page_matches_engine(at, demo_dir, reporting_year(2019), Filters(age_band=ages))
    change(at, "sex", ["F"])
    filters = Filters(age_band=ages, sex=("F",))
    assert_page_matches_engine(at, demo_dir, reporting_year(2019), filters)
    assert at.info[0].value == ("Showing 2019-20 (1 April 2019 to 31 March 2020) for girls aged "
                                "10 to 15 or 16 and over.")
    change(at, "year", "2017-18")
    assert_page_matches_engine(at, demo_dir, reporting_year(2017), filters)
    # A single sex leaves one group, and the title says so.
    assert any(title.startswith("Sex: all ") and title.endswith(" shown are Girls")
               for title in headings(at))


def test_a_caption_under_an_age_filter_names_that_age_bands_population(
        open_page: OpenPage) -> None:
    at = open_page("looked_after", query={"year": "2019-20", "age": "10 to 15"},
                   audience="public")
    captions = [caption.value for caption in at.caption]
    assert any("per 10,000 children aged 10 to 15 on 31 March" in c for c in captions), captions
    assert not any("aged 0 to 17" in c for c in captions)


def test_legal_status_filter(open_page: OpenPage, demo_dir: Path) -> None:
    at = open_page("looked_after", query={"legal": ["care order", "voluntary"]})
    filters = Filters(legal_status_group=("care order", "voluntary"))
    assert_page_matches_engine(at, demo_dir, reporting_year(2020), filters)
    # Rates cannot be broken down by legal status: the tile shows "not available".
    assert shown_tiles(at)["Looked after per 10,000"] == ("x", None)
    assert list(table(at, "Legal status")["Legal status"]) == ["Care order", "Voluntary"]
    at.sidebar.multiselect(key="legal").set_value(["voluntary"]).run()
    assert_page_matches_engine(at, demo_dir, reporting_year(2020),
                               Filters(legal_status_group=("voluntary",)))


def test_filters_chosen_on_another_page_carry_over(open_page: OpenPage, demo_dir: Path) -> None:
    at = open_page()  # the overview, where the shared filters are in the element tree
    at.sidebar.multiselect(key="ethnicity").set_value(["White"])
    at.sidebar.selectbox(key="year").select("2018-19")
    at.run()
    at.switch_page("pages/looked_after.py").run()
    assert_page_matches_engine(at, demo_dir, reporting_year(2018),
                               Filters(ethnic_group=("White",)))


def test_custom_dates_use_whole_years_up_to_the_end(open_page: OpenPage,
                                                    demo_dir: Path) -> None:
    at = open_page("looked_after", query={"custom": "true", "from": "2019-07-01",
                                          "to": "2019-12-31", "disability": "Disabled"})
    period = date_range(dt.date(2019, 7, 1), dt.date(2019, 12, 31))
    assert_page_matches_engine(at, demo_dir, period, Filters(disability=("true",)))
    assert list(table(at, "Looked after on 31 March")["Year"])[-1] == "2018-19"


def test_extract_without_episodes_says_so(open_page: OpenPage, tmp_path: Path) -> None:
    at = open_page("looked_after", data_dir=write_tiny_extract(tmp_path / "tiny"))
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Looked after children"
    messages = [i.value for i in at.info]
    assert any("no records of children's episodes of care (the `lac_episodes` table)" in m
               and "cannot be shown" in m for m in messages)
    assert not at.metric and not tables(at)


@pytest.mark.parametrize("query", [{"age": ["Unborn"]}, {"legal": ["youth justice"],
                                                         "sex": "Not recorded"}])
def test_filters_matching_no_child_explain_instead_of_failing(open_page: OpenPage,
                                                              query: dict) -> None:
    at = open_page("looked_after", query=query)
    assert not at.exception, [e.value for e in at.exception]
    assert any("match the filters" in i.value for i in at.info)
    assert shown_tiles(at)["Looked after"][0] == "0"


# --- England's shares and disproportionality ---------------------------------------------------

NATIONAL = "national_cla_on_31_march_by_characteristics_2018_to_2022.csv"
# Our group names as the page shows them, and the published (cla_group, characteristic) of each.
PUBLISHED_GROUPS = {
    "Age band": {"Under 1": ("Age group", "Under 1 year"),
                 "10 to 15": ("Age group", "10 to 15 years")},
    "Sex": {"Boys": ("Gender", "Male"), "Girls": ("Gender", "Female")},
    "Ethnic group": {"White": ("Ethnicity", "1. Total White"),
                     "Black or Black British": (
                         "Ethnicity", "4. Total Black, African, Caribbean or Black British")},
    "Legal status": {"Police protection or EPO": ("Legal status", "Detained for child protection"),
                     "Care order": ("Legal status", "Care orders")},
    "Category of need": {"N1 abuse or neglect": ("Category of need", "N1. Abuse or neglect")},
}


def england_2020() -> dict[tuple[str, str], str]:
    """England's published percentages on 31 March 2020, read straight from the DfE file."""
    with (shared_data("published") / NATIONAL).open(encoding="utf-8-sig") as handle:
        return {(row["cla_group"], row["characteristic"]): row["percentage"]
                for row in csv.DictReader(handle) if row["time_period"] == "2020"}


def test_breakdowns_show_englands_published_shares(open_page: OpenPage,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    stores = record_media(monkeypatch)
    at = open_page("looked_after", query={"year": "2019-20"})
    assert not at.exception, [e.value for e in at.exception]
    published = england_2020()
    downloads = csv_downloads(at, stores)
    for heading, groups in PUBLISHED_GROUPS.items():
        shown = table(at, heading)
        england = dict(zip(shown[heading], shown["England's share (%)"], strict=True))
        for name, key in groups.items():
            assert england[name] == published[key], (heading, name)
        # The same cells in the figure's CSV download.
        text = next(t for t in downloads if t.startswith(f"{heading},"))
        rows = {row[heading]: row for row in csv.DictReader(io.StringIO(text))}
        assert {name: rows[name]["England's share (%)"] for name in groups} == {
            name: published[key] for name, key in groups.items()}
    # The symbol k (rounds to zero) is kept; a group England does not publish is x.
    assert published[("Legal status", "Detained for child protection")] == "k"
    assert any("the black line is England's share on 31 March 2020 (published)" in c.value
               for c in at.caption)


def test_england_shares_of_the_latest_31_march_published() -> None:
    table = load_england()
    # 30 June 2020 is after 31 March 2020: that year's shares, said to be the same date's.
    assert census_year(dt.date(2020, 6, 30)) == 2020 and census_year(dt.date(2020, 3, 30)) == 2019
    same = england_shares(table, "sex", 2020)
    assert same is not None and same.shown("M") == england_2020()[("Gender", "Male")]
    assert england_words(same, 2020) == "England's share on 31 March 2020 (published)"
    # 2024 is not published (the file ends in 2022): the latest before it, said so; none before
    # 2018, the first year published.
    later = england_shares(table, "sex", 2024)
    assert later is not None and later.year == 2022
    assert england_words(later, 2024) == ("England's share on 31 March 2022, the latest "
                                          "published before this date")
    assert england_shares(table, "sex", 2017) is None
    assert england_shares(table, "initial_category", 2020) is None
    assert same.shown("U") == "x"


def test_disproportionality_for_managers_and_the_public(open_page: OpenPage,
                                                        demo_dir: Path) -> None:
    year = reporting_year(2019)
    counts = {g: r["numerator"] for (i, g), r in
              engine_rows(demo_dir, year, Filters(), "ethnic_group").items() if i == "lac_count"}
    population = demo(demo_dir).population
    assert population is not None
    children = dict(population.filter(mid_year=2019).drop_nulls("ethnic_group")
                    .select("ethnic_group", "population").iter_rows())
    rate = {g: 10_000 * counts.get(g, 0) / children[g] for g in children}
    manager = open_page("looked_after", query={"year": "2019-20"})
    shown = {row["Ethnic group"]: row for row in table_rows(manager, "Relative rate (White = 1)")}
    for group, value in rate.items():
        assert shown[group]["Per 10,000 children of the group"] == format_number(value, 1)
        assert shown[group]["Relative rate (White = 1)"] == format_number(
            value / rate["White"], 2)
    public = open_page("looked_after", query={"year": "2019-20"}, audience="public")
    hidden = {row["Ethnic group"]: row for row in table_rows(public, "Relative rate (White = 1)")}
    small = [g for g, count in counts.items() if 1 <= count <= 5]
    assert small, "the demo has an ethnic group of 1 to 5 children in 2019-20"
    for group in small:
        assert hidden[group]["Children looked after"] == "c"
        assert hidden[group]["Relative rate (White = 1)"] == "c"
