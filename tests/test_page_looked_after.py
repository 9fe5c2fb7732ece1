"""The looked-after children page under AppTest: tiles, the monthly trend, the five-year table of
31 March figures, started and stopped per year, and the breakdowns all show the engine's figures
for the same period and filters (default view, URL filters, widget changes, the legal-status
filter, custom dates), and an extract without looked-after episodes says so plainly."""

import datetime as dt
from functools import cache
from pathlib import Path

import pytest
from helpers import OpenPage, change, table, write_tiny_extract

from iro_metrics.contract.extract import Extract
from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators.engine import Filters, compute, monthly_counts
from iro_metrics.indicators.periods import Period, date_range, previous, reporting_year
from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present.formatting import format_change, format_number, format_value

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
    assert len(at.get("download_button")) == 8


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
    assert not at.metric and not at.dataframe


@pytest.mark.parametrize("query", [{"age": ["Unborn"]}, {"legal": ["youth justice"],
                                                         "sex": "Not recorded"}])
def test_filters_matching_no_child_explain_instead_of_failing(open_page: OpenPage,
                                                              query: dict) -> None:
    at = open_page("looked_after", query=query)
    assert not at.exception, [e.value for e in at.exception]
    assert any("match the filters" in i.value for i in at.info)
    assert shown_tiles(at)["Looked after"][0] == "0"
