"""The participation page under AppTest: reviews children aged 4 and over took part in and those
where their views were conveyed, side by side (tiles and one yearly table with 95% limits), what
PN4 means in the glossary's words, reviews by PN code for the period (which reconcile with the
indicators), and family attendance at ICPCs and RCPCs, all equal to the engine's figures for the
same period and filters; nothing says a child "had their say"; conference measures explain that
they cannot be filtered by the child; an extract without reviews or conferences explains that
instead of failing."""

import datetime as dt
from functools import cache
from pathlib import Path

import polars as pl
from helpers import OpenPage, change, page_text, table, tables, write_tiny_extract

from iro_metrics.contract.extract import Extract
from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators.engine import Filters, compute
from iro_metrics.indicators.participation import review_codes
from iro_metrics.indicators.periods import Period, previous, reporting_year
from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present.formatting import format_change, format_number, format_value
from iro_metrics.present.glossary import PARTICIPATION_CODES
from iro_metrics.present.participation_codes import MEANINGS

FIRST_FULL_YEAR = 2014
REVIEW_TILES = ("lac_participation", "lac_views_conveyed", "lac_reviews_held",
                "lac_reviews_under4")
TAKING_PART = {"lac_participation": "Took part", "lac_views_conveyed": "Views conveyed"}
FAMILY = {"family_attendance_icpc": "Initial (ICPC)", "family_attendance_rcpc": "Review (RCPC)"}
SHARE = "Share of reviews of children aged 4 and over (%)"


@cache
def demo(directory: Path) -> Extract:
    return load_extract(directory)


def in_2020_21(directory: Path, table: str, column: str) -> pl.DataFrame:
    """The rows of a table of the data directory dated in 2020-21, read straight from its file."""
    return pl.read_parquet(directory / f"{table}.parquet").filter(
        pl.col(column).is_between(dt.date(2020, 4, 1), dt.date(2021, 3, 31)))


def engine_rows(directory: Path, period: Period, filters: Filters) -> dict[str, dict]:
    return {r["indicator_id"]: r for r in compute(demo(directory), period, filters=filters)
            .iter_rows(named=True)}




def expected_tiles(directory: Path, period: Period, filters: Filters,
                   ids: tuple[str, ...]) -> dict[str, tuple[str, str | None]]:
    now, before = (engine_rows(directory, p, filters) for p in (period, previous(period)))
    out = {}
    for indicator_id in ids:
        indicator = BY_ID[indicator_id]
        value, old = now[indicator_id]["value"], before[indicator_id]["value"]
        delta = format_change(None if value is None or old is None else value - old, indicator)
        out[indicator.label] = (format_value(value, indicator),
                                f"{delta} on {previous(period).label}" if delta else None)
    return out


def yearly_rows(directory: Path, filters: Filters, last_year: int,
                series: dict[str, str | None]) -> list[list[str]]:
    """The rows a yearly proportion table should hold: year, (series name,) value, numerator,
    denominator and 95% limits, as shown."""
    rows = []
    for year_start in range(FIRST_FULL_YEAR, last_year + 1):
        year = reporting_year(year_start)
        found = engine_rows(directory, year, filters)
        for indicator_id, name in series.items():
            row = found[indicator_id]
            rows.append([year.label, *([name] if name else []),
                         format_number(row["value"], 1), format_number(row["numerator"]),
                         format_number(row["denominator"]), format_number(row["lower_95"], 1),
                         format_number(row["upper_95"], 1)])
    return rows


def assert_reviews_match_engine(at, directory: Path, period: Period, filters: Filters,
                                last_year: int) -> None:
    assert not at.exception, [e.value for e in at.exception]
    tiles = {m.label: (m.value, m.delta or None) for m in at.metric}
    expected = expected_tiles(directory, period, filters, REVIEW_TILES)
    assert {label: tiles[label] for label in list(tiles)[:len(REVIEW_TILES)]} == expected
    assert list(tiles)[:2] == [BY_ID["lac_participation"].label,  # side by side
                               BY_ID["lac_views_conveyed"].label]
    shown = table(at, "Share of reviews (%)")
    assert list(shown.columns) == ["Year", "Measure", "Share of reviews (%)", "Reviews counted",
                                   "Reviews of children aged 4 and over", "Lower 95% limit",
                                   "Upper 95% limit"]
    assert shown.values.tolist() == yearly_rows(directory, filters, last_year, TAKING_PART)
    # Reviews by PN code: the engine's counts, and they add up to the indicators.
    codes = review_codes(demo(directory), period, filters)
    older = codes.filter(codes["aged_4_plus"])
    by_code = table(at, "PN code")
    assert list(by_code["PN code"]) == [f"PN{i}" for i in range(1, 8)]
    assert list(by_code["What it means"]) == [MEANINGS[c][0].upper() + MEANINGS[c][1:]
                                              for c in older["code"]]
    assert list(by_code["Reviews"]) == [format_number(n) for n in older["reviews"]]
    assert list(by_code[SHARE]) == [format_number(s, 1) for s in older["share"]]
    rows = engine_rows(directory, period, filters)
    reviews = {code: int(n.replace(",", "")) for code, n in zip(by_code["PN code"],
                                                                 by_code["Reviews"], strict=True)}
    took_part = sum(reviews[f"PN{i}"] for i in range(1, 7))
    assert took_part == rows["lac_participation"]["numerator"]
    assert took_part - reviews["PN4"] == rows["lac_views_conveyed"]["numerator"]
    assert sum(reviews.values()) == rows["lac_participation"]["denominator"]
    under_four = format_number(rows["lac_reviews_under4"]["numerator"])
    assert any(f"the {under_four} reviews of children under 4 (PN0) are left out" in m.value
               for m in at.markdown)


def test_default_view(open_page: OpenPage, demo_dir: Path) -> None:
    at = open_page("participation")
    assert at.title[0].value == "Participation"
    period = reporting_year(2020)
    assert_reviews_match_engine(at, demo_dir, period, Filters(), 2020)
    tiles = {m.label: (m.value, m.delta or None) for m in at.metric}
    family = expected_tiles(demo_dir, period, Filters(), tuple(FAMILY))
    assert {label: tiles[label] for label in family} == family
    shown = table(at, "Family attended (%)")
    assert shown.values.tolist() == yearly_rows(demo_dir, Filters(), 2020, FAMILY)
    titles = [h.value for h in (*at.header, *at.subheader)]
    older = in_2020_21(demo_dir, "lac_reviews", "review_date").filter(
        pl.col("participation_code") != "PN0")
    spoke = older.filter(pl.col("participation_code") == "PN1").height
    assert (f"Most often the child attended and spoke for themselves: {spoke} of {older.height} "
            f"reviews ({100 * spoke / older.height:.1f}%)") in titles
    invited = in_2020_21(demo_dir, "cp_conferences", "conference_date").group_by(
        "conference_id", "conference_type").agg(pl.col("family_invited", "family_attended").any(),
                                                ).filter("family_invited")
    attended = {kind: 100 * invited.filter(pl.col("conference_type") == kind)[
        "family_attended"].mean() for kind in ("ICPC", "RCPC")}
    assert (f"In 2020-21, a family member attended {attended['ICPC']:.1f}% of initial and "
            f"{attended['RCPC']:.1f}% of review conferences they were invited to") in titles
    legend = " ".join(m.value for m in at.markdown)
    for code, meaning in MEANINGS.items():
        assert f"**{code}**: {meaning}." in legend
    # PN4 in plain words, the glossary's: taken part in, but no view conveyed.
    assert (f"PN4 means {PARTICIPATION_CODES['PN4']}. Such a review counts as one the child "
            "took part in, but not as one where the child's views were conveyed") in legend
    now = engine_rows(demo_dir, period, Filters())
    assert (f"In 2020-21, children aged 4 and over took part in "
            f"{format_value(now['lac_participation']['value'], BY_ID['lac_participation'])} of "
            "their reviews, and their views were conveyed in "
            f"{format_value(now['lac_views_conveyed']['value'], BY_ID['lac_views_conveyed'])}"
            ) in titles
    text = page_text(at).lower()
    assert "their say" not in text and "had a say" not in text


def test_filters_from_the_url_then_changed(open_page: OpenPage, demo_dir: Path) -> None:
    at = open_page("participation", query={"year": "2018-19", "sex": "Girls"})
    filters = Filters(sex=("F",))
    assert_reviews_match_engine(at, demo_dir, reporting_year(2018), filters, 2018)
    # Conference measures count conferences, not children: no figures under a child filter.
    assert any("cannot be filtered by sex. Clear that filter to see it." in i.value
               for i in at.info)
    assert not {"Family at ICPC", "Family at RCPC"} & {m.label for m in at.metric}
    change(at, "age", ["10 to 15", "16 and over"])
    filters = Filters(sex=("F",), age_band=("10 to 15", "16 and over"))
    assert_reviews_match_engine(at, demo_dir, reporting_year(2018), filters, 2018)
    assert any("cannot be filtered by age band or sex. Clear those filters" in i.value
               for i in at.info)
    change(at, "year", "2020-21")
    assert_reviews_match_engine(at, demo_dir, reporting_year(2020), filters, 2020)


def test_period_change_moves_the_family_figures(open_page: OpenPage, demo_dir: Path) -> None:
    at = open_page("participation")
    change(at, "year", "2016-17")
    assert_reviews_match_engine(at, demo_dir, reporting_year(2016), Filters(), 2016)
    shown = table(at, "Family attended (%)")
    assert shown.values.tolist() == yearly_rows(demo_dir, Filters(), 2016, FAMILY)


def test_filter_leaving_only_under_fours(open_page: OpenPage) -> None:
    at = open_page("participation", query={"age": ["Under 1"]})
    assert not at.exception, [e.value for e in at.exception]
    assert any("No reviews of children aged 4 and over" in i.value for i in at.info)
    assert {m.label: m.value for m in at.metric}["Took part in their review"] == "x"


def test_extract_without_reviews_or_conferences(open_page: OpenPage, tmp_path: Path) -> None:
    at = open_page("participation", data_dir=write_tiny_extract(tmp_path / "tiny"))
    assert not at.exception, [e.value for e in at.exception]
    messages = [i.value for i in at.info]
    for table_name in ("lac_reviews", "cp_conferences"):
        assert any(f"(the `{table_name}` table)" in m and "cannot be shown" in m
                   for m in messages), table_name
    assert not at.metric and not tables(at)
