"""The Benchmarks page under AppTest: the figures it shows equal those worked out here from
``data/benchmarks.parquet``, the reference lists and the engine (2019-20, Darlington's published
CP rate 38.2 and England's 43.7), the neighbour model and average switches and the measure
choice change them, custom dates and filters fall back to the whole reporting year, an extract
for an authority without published figures still draws; and the headline tiles elsewhere say
how they compare with England and the region. The methods themselves are tested in
``test_comparison.py``."""

import csv
import io
from functools import cache
from pathlib import Path
from statistics import mean, median

import numpy as np
import pandas as pd
import polars as pl
import pytest
from helpers import (
    OpenPage,
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
from iro_metrics.indicators.engine import compute
from iro_metrics.indicators.periods import reporting_year
from iro_metrics.indicators.registry import BY_ID, Polarity
from iro_metrics.indicators.stats import Z95, wilson
from iro_metrics.present.formatting import format_number, format_value
from iro_metrics.published.comparison import compare, load_benchmarks
from iro_metrics.published.reference import REFERENCE_DIR

DARLINGTON, NORTH_EAST, ENGLAND = "841", "980", "970"
YEAR = 2020  # the year to 31 March 2020: 2019-20
SUMMARY = "vs England"
AREAS = "95% interval"
RECONCILIATION = "Rounded as published"


@cache
def demo(directory: Path) -> Extract:
    return load_extract(directory)


@cache
def engine(directory: Path, year_start: int) -> dict[str, dict]:
    rows = compute(demo(directory), reporting_year(year_start))
    return {row["indicator_id"]: row for row in rows.iter_rows(named=True) if not row["group"]}


@cache
def benchmarks() -> pl.DataFrame:
    table = load_benchmarks()
    assert table is not None, "data/benchmarks.parquet is missing"
    return table


def figure_of(indicator_id: str, code: str, year: int = YEAR) -> dict:
    found = benchmarks().filter(pl.col("indicator_id") == indicator_id, pl.col("year") == year,
                                pl.col("area_code") == code)
    return found.row(0, named=True) if found.height else {}


def neighbour_names(model: str) -> list[str]:
    """Darlington's neighbours under ``model``, closest first, read straight from the CSVs."""
    with (REFERENCE_DIR / "local_authorities.csv").open(encoding="utf-8") as handle:
        names = {row["la_code"]: row["la_name"] for row in csv.DictReader(handle)}
    with (REFERENCE_DIR / "statistical_neighbours.csv").open(encoding="utf-8") as handle:
        listed = [row for row in csv.DictReader(handle)
                  if row["model"] == model and row["la_code"] == DARLINGTON]
    return [names[row["neighbour_code"]] for row in sorted(listed, key=lambda r: int(r["rank"]))]


def neighbour_codes(model: str) -> list[str]:
    with (REFERENCE_DIR / "statistical_neighbours.csv").open(encoding="utf-8") as handle:
        listed = [row for row in csv.DictReader(handle)
                  if row["model"] == model and row["la_code"] == DARLINGTON]
    return [row["neighbour_code"] for row in sorted(listed, key=lambda r: int(r["rank"]))]


def neighbour_values(indicator_id: str, model: str) -> list[float]:
    return [figure["value"] for code in neighbour_codes(model)
            if (figure := figure_of(indicator_id, code)).get("value") is not None]



def row_of(frame: pd.DataFrame, column: str, value: str) -> dict:
    rows = frame[frame[column] == value]
    assert len(rows) == 1, f"no single row with {column} = {value!r}"
    return rows.iloc[0].to_dict()


def captions(at) -> str:
    return " ".join(caption.value for caption in at.caption)


def assert_no_exception(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def test_default_figures_match_the_published_table_and_the_engine(open_page: OpenPage,
                                                                   demo_dir: Path) -> None:
    at = open_page("benchmarks", query={"year": "2019-20"})
    assert_no_exception(at)
    ours = engine(demo_dir, 2019)
    summary = table(at, SUMMARY)
    rate = row_of(summary, "Measure", BY_ID["cp_rate"].title)
    assert rate["Darlington"] == format_value(ours["cp_rate"]["value"], BY_ID["cp_rate"])
    assert rate["England"] == format_number(figure_of("cp_rate", ENGLAND)["value"], 1) == "43.7"
    assert rate["North East"] == "71.0"
    assert rate["Neighbours' mean"] == format_number(
        mean(neighbour_values("cp_rate", "April 2021")), 1)
    assert rate[SUMMARY] == compare(ours["cp_rate"]["lower_95"], ours["cp_rate"]["upper_95"],
                                    43.7, BY_ID["cp_rate"].polarity).judgement == "Similar"
    assert (rate["Quartile band"], rate["Rank"]) == ("Not banded", "Not ranked")

    # Band and rank: our computed figure, at the published precision, among the other
    # authorities' published figures (R's type-7 quartiles are numpy's "linear").
    timely = row_of(summary, "Measure", BY_ID["icpc_timely"].title)
    mine = round(ours["icpc_timely"]["value"], 1)
    others = benchmarks().filter(pl.col("indicator_id") == "icpc_timely",
                                 pl.col("year") == YEAR, pl.col("area_type") == "LA",
                                 pl.col("area_code") != DARLINGTON,
                                 pl.col("value").is_not_null())["value"].to_list()
    everyone = [*others, mine]
    q1, q2, q3 = np.quantile(everyone, [0.25, 0.5, 0.75])
    band = "DCBA"[sum(bool(mine > q) for q in (q1, q2, q3))]  # high is good
    assert timely["Quartile band"] == band
    assert timely["Rank"] == f"{sum(v > mine for v in others) + 1} of {len(everyone)}"
    assert timely[SUMMARY] == "Better"
    # Counts are not set beside other areas of different sizes.
    assert BY_ID["cp_count"].title not in set(summary["Measure"])

    check = table(at, RECONCILIATION)
    plan_rate = row_of(check, "Measure", BY_ID["cp_rate"].label)
    assert plan_rate[RECONCILIATION] == format_number(ours["cp_rate"]["value"], 1)
    assert plan_rate["Published for Darlington"] == "38.2"
    assert plan_rate["Difference"] == format_number(
        round(ours["cp_rate"]["value"], 1) - 38.2 + 0.0, 1)
    withheld = row_of(check, "Measure", BY_ID["cp_ceased_2y_plus"].label)
    assert (withheld["Published for Darlington"], withheld["Difference"]) == ("-", "x")
    count = row_of(check, "Measure", BY_ID["cp_count"].label)
    assert count["Published for Darlington"] == format_number(figure_of("cp_count",
                                                                        DARLINGTON)["value"])

    missing = table(at, "Why there is no comparator")
    assert {BY_ID["lac_reviews_timely"].title, BY_ID["icpc_held"].title,
            "Child protection plans by category of abuse"} <= set(missing["Measure"])
    text = captions(at)
    assert "April 2021 model (chosen automatically for 2019-20)" in text
    assert "Fingertips method" in text and "type-7 quartiles" in text
    assert "c suppressed by the publisher" in text and "- not published in LAIT" in text


def test_areas_chart_of_the_default_measure(open_page: OpenPage, demo_dir: Path) -> None:
    at = open_page("benchmarks", query={"year": "2019-20"})
    assert_no_exception(at)
    areas = table(at, AREAS)
    names = neighbour_names("April 2021")
    assert list(areas["Area"][:2]) == ["England", "North East"]
    assert set(areas["Area"][2:]) == {*names, "Darlington (computed)"}
    ours = row_of(areas, "Area", "Darlington (computed)")
    rate = engine(demo_dir, 2019)["cp_rate"]
    assert (ours["Figure"], ours["Lower 95% limit"], ours["Upper 95% limit"]) == (
        format_number(rate["value"], 1), format_number(rate["lower_95"], 1),
        format_number(rate["upper_95"], 1))
    # LAIT publishes the CP rate without its counts: no interval for the published figures.
    england = row_of(areas, "Area", "England")
    assert (england["Figure"], england["Lower 95% limit"], england[AREAS]) == (
        "43.7", "x", "None: no published counts")
    assert row_of(areas, "Area", names[0])["Neighbour: rank and closeness"] == (
        "1. Extremely close")
    assert any(h.value.startswith("On a plan per 10,000 in 2019-20: Darlington 38.2, similar "
                                  "to England (43.7)") for h in at.header)


def test_model_switch_in_the_url_and_by_the_control(open_page: OpenPage) -> None:
    at = open_page("benchmarks", query={"year": "2019-20", "neighbours": "May 2025"})
    assert_no_exception(at)
    assert "May 2025 model (as chosen above)" in captions(at)
    areas = table(at, AREAS)
    assert set(areas["Area"][2:]) == {*neighbour_names("May 2025"), "Darlington (computed)"}
    rate = row_of(table(at, SUMMARY), "Measure", BY_ID["cp_rate"].title)
    assert rate["Neighbours' mean"] == format_number(
        mean(neighbour_values("cp_rate", "May 2025")), 1)

    at.radio(key="neighbours").set_value("Automatic").run()
    assert_no_exception(at)
    assert "April 2021 model (chosen automatically for 2019-20)" in captions(at)
    assert set(table(at, AREAS)["Area"][2:]) == {*neighbour_names("April 2021"),
                                                 "Darlington (computed)"}


def test_median_instead_of_mean(open_page: OpenPage) -> None:
    at = open_page("benchmarks", query={"year": "2019-20"})
    at.radio(key="average").set_value("median").run()
    assert_no_exception(at)
    summary = table(at, SUMMARY)
    assert "Neighbours' median" in summary.columns
    repeat = row_of(summary, "Measure", BY_ID["cp_repeat"].title)
    assert repeat["Neighbours' median"] == format_number(
        median(neighbour_values("cp_repeat", "April 2021")), 1) + "%"
    assert "The neighbours' median (as the DfE children's social care dashboard)" in captions(at)


def test_choosing_a_measure_with_published_counts_draws_intervals(open_page: OpenPage) -> None:
    at = open_page("benchmarks", query={"year": "2019-20"})
    at.selectbox(key="indicator").set_value("icpc_timely").run()
    assert_no_exception(at)
    areas = table(at, AREAS)
    published = figure_of("icpc_timely", ENGLAND)
    lower, upper = wilson(int(published["numerator"]), int(published["denominator"]), Z95)
    england = row_of(areas, "Area", "England")
    assert (england["Figure"], england["Lower 95% limit"], england["Upper 95% limit"],
            england[AREAS]) == ("77.6%", format_number(100 * lower, 1),
                                format_number(100 * upper, 1),
                                "Wilson, from the published counts")


def test_published_symbols_are_shown_as_published(open_page: OpenPage) -> None:
    at = open_page("benchmarks", query={"year": "2019-20", "indicator": BY_ID[
        "cp_ceased_2y_plus"].title})
    assert_no_exception(at)
    areas = table(at, AREAS)
    assert figure_of("cp_ceased_2y_plus", "808")["symbol"] == "-"
    assert row_of(areas, "Area", "Stockton-on-Tees")["Figure"] == "-"
    assert list(areas["Area"])[-1] in {"Stockton-on-Tees", *neighbour_names("April 2021")}
    assert "0" not in set(areas["Figure"])


@pytest.mark.parametrize("query", [
    {"custom": "true", "from": "2019-06-01", "to": "2019-12-31"},
    {"year": "2019-20", "sex": "Girls"},
])
def test_custom_dates_and_filters_fall_back_to_the_whole_year(open_page: OpenPage,
                                                              demo_dir: Path,
                                                              query: dict) -> None:
    at = open_page("benchmarks", query=query)
    assert_no_exception(at)
    if "custom" in query:
        assert any("showing 2019-20" in c.value for c in at.caption)
    rate = row_of(table(at, SUMMARY), "Measure", BY_ID["cp_rate"].title)
    assert rate["Darlington"] == format_value(engine(demo_dir, 2019)["cp_rate"]["value"],
                                              BY_ID["cp_rate"])


def test_an_authority_without_published_figures(open_page: OpenPage, tmp_path: Path) -> None:
    at = open_page("benchmarks", data_dir=write_tiny_extract(tmp_path / "tiny"),
                   query={"year": "2019-20"})
    assert_no_exception(at)
    assert any("has no statistical neighbours" in i.value for i in at.info)
    rate = row_of(table(at, SUMMARY), "Measure", BY_ID["cp_rate"].title)
    assert rate["England"] == "43.7" and rate["Region"] == "x"
    assert rate["Neighbours' mean"] == "x"


# --- The headline tiles of the other pages --------------------------------------------------


def tile_captions(at) -> list[str]:
    return [c.value for c in at.caption if "judged by the 95% confidence interval" in c.value]


def expected_captions(ours: dict[str, dict], year: int, named: str, ending: str) -> list[str]:
    """The overview tiles' comparison sentences worked out from the published figures of
    ``year``: each place followed by ``named`` (e.g. " 2019-20" when the year is named), the
    sentence by ``ending``."""
    expected = []
    for indicator_id in ("lac_rate", "cp_rate", "icpc_timely", "cp_reviews_timely"):
        indicator, row = BY_ID[indicator_id], ours[indicator_id]
        parts = []
        for code, place in ((ENGLAND, "England"), (NORTH_EAST, "the North East")):
            published = figure_of(indicator_id, code, year)
            verdict = compare(row["lower_95"], row["upper_95"], published["value"],
                              indicator.polarity)
            shown = format_number(published["value"], published["decimals"])
            shown += "%" if indicator.unit.value == "%" else ""
            parts.append((("similar to" if verdict.judgement == "Similar"
                           else f"{verdict.judgement.lower()} than"), f"{place}{named} ({shown})"))
        words = (f"{parts[0][0]} {parts[0][1]} and {parts[1][1]}" if parts[0][0] == parts[1][0]
                 else f"{parts[0][0]} {parts[0][1]} and {parts[1][0]} {parts[1][1]}")
        expected.append(f"{words[0].upper()}{words[1:]}{ending}")
    return expected


def test_overview_tiles_say_how_they_compare(open_page: OpenPage, demo_dir: Path) -> None:
    at = open_page(query={"year": "2019-20"})
    assert_no_exception(at)
    expected = expected_captions(engine(demo_dir, 2019), YEAR, "",
                                 " in 2019-20, judged by the 95% confidence interval.")
    assert tile_captions(at) == expected
    assert expected[1] == ("Similar to England (43.7) and lower than the North East (71.0) in "
                           "2019-20, judged by the 95% confidence interval.")


@pytest.mark.parametrize("page", ["overview", "looked_after", "child_protection", "cp_conferences",
                                  "timeliness"])
def test_filtered_tiles_say_why_they_are_not_compared(open_page: OpenPage, page: str) -> None:
    at = open_page(page, query={"year": "2019-20", "age": ["10 to 15"]})
    assert_no_exception(at)
    assert tile_captions(at) == []
    assert any(c.value.startswith("Not compared with England or the region: published figures "
                                  "cover all children") for c in at.caption)


@pytest.mark.parametrize(("page", "indicator_ids"), [
    ("looked_after", ("lac_rate",)),
    ("child_protection", ("cp_rate", "cp_repeat", "cp_ceased_2y_plus")),
    ("cp_conferences", ("icpc_timely",)),
    ("timeliness", ("icpc_timely", "cp_reviews_timely")),
])
def test_indicator_pages_compare_their_headlines(open_page: OpenPage, page: str,
                                                 indicator_ids: tuple[str, ...]) -> None:
    at = open_page(page, query={"year": "2019-20"})
    assert_no_exception(at)
    shown = tile_captions(at)
    assert len(shown) == len(indicator_ids)
    for text, indicator_id in zip(shown, indicator_ids, strict=True):
        england = figure_of(indicator_id, ENGLAND)
        assert f"England ({format_number(england['value'], england['decimals'])}" in text


@pytest.fixture
def published_to_2019_20(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The committed published figures without 2020-21's, as in a report on the demo's last
    year written before DfE publishes it."""
    path = tmp_path / "benchmarks.parquet"
    benchmarks().filter(pl.col("year") <= YEAR).write_parquet(path)
    monkeypatch.setenv("IRO_BENCHMARKS", str(path))


@pytest.mark.usefixtures("published_to_2019_20")
def test_tiles_compare_with_the_latest_published_year(open_page: OpenPage,
                                                      demo_dir: Path) -> None:
    at = open_page(query={"year": "2020-21"})
    assert_no_exception(at)
    expected = expected_captions(engine(demo_dir, 2020), YEAR, " 2019-20",
                                 ", the latest published, judged by the 95% confidence interval.")
    assert tile_captions(at) == expected
    assert "England 2019-20 (43.7)" in expected[1]


@pytest.mark.usefixtures("published_to_2019_20")
def test_benchmarks_compare_with_the_latest_published_year(open_page: OpenPage) -> None:
    at = open_page("benchmarks", query={"year": "2020-21"})
    assert_no_exception(at)
    summary = table(at, SUMMARY)
    assert set(summary["Published for"]) == {"2019-20"}
    rate = row_of(summary, "Measure", BY_ID["cp_rate"].title)
    assert (rate["England"], rate["North East"]) == ("43.7", "71.0")
    assert ("; published figures for 2019-20, the latest published, for "
            f"{summary.shape[0]} measures (2020-21's are not published yet)") in " ".join(
        element.value for element in (*at.markdown, *at.caption))
    areas = table(at, AREAS)
    assert row_of(areas, "Area", "England")["Figure"] == "43.7"
    assert set(table(at, RECONCILIATION)["Published for Darlington"]) == {"x"}


@pytest.mark.usefixtures("published_to_2019_20")
def test_benchmarks_findings_name_the_published_year(open_page: OpenPage,
                                                     demo_dir: Path) -> None:
    at = open_page("benchmarks", query={"year": "2020-21"})
    assert_no_exception(at)
    ours = engine(demo_dir, 2020)
    judged = {"Better": 0, "Similar": 0, "Worse": 0}
    for indicator_id in benchmarks()["indicator_id"].unique().to_list():
        indicator, england = BY_ID[indicator_id], figure_of(indicator_id, ENGLAND)
        if indicator.polarity is not Polarity.NONE and england:
            judged[compare(ours[indicator_id]["lower_95"], ours[indicator_id]["upper_95"],
                           england["value"], indicator.polarity).judgement] += 1
    (first, first_count), (second, second_count) = [(w, n) for w, n in judged.items() if n]
    relation = "similar to" if first == "Similar" else f"{first.lower()} than"
    headers = [h.value for h in at.header]
    assert headers[0] == (
        f"In 2020-21, Darlington was {relation} England's 2019-20 figures, the latest "
        f"published, on {first_count} and {second.lower()} on {second_count} of the "
        f"{first_count + second_count} measures where higher or lower is better")

    rate = ours["cp_rate"]
    direction = compare(rate["lower_95"], rate["upper_95"], 43.7, Polarity.NONE).direction
    average = mean(neighbour_values("cp_rate", "April 2021"))  # 2019-20's published figures
    word = "above" if round(rate["value"], 1) > round(average, 1) else "below"
    assert (f"On a plan per 10,000 in 2020-21: Darlington {format_number(rate['value'], 1)}, "
            f"{'similar to' if direction == 'Similar' else direction.lower() + ' than'} "
            f"England 2019-20 (43.7), {word} the neighbours' 2019-20 mean "
            f"({format_number(average, 1)})") in headers
    areas = table(at, AREAS)
    assert dict(zip(areas["Area"], areas["Year"], strict=True)) == {
        "England": "2019-20", "North East": "2019-20", "Darlington (computed)": "2020-21"} | {
        neighbour: "2019-20" for neighbour in neighbour_names("April 2021")}
    assert ("No figures published for Darlington for 2020-21 to check the computed ones "
            "against") in headers


# --- Context: LAIT's published measures ----------------------------------------------------------

CONTEXT_ROWS = {"CareLeaverEET": "Care leavers aged 19 to 21 in education, employment or training",
                "LAC_LongStable%": "Children looked after long term who were in the same "
                                   "placement for at least 2 years",
                "Unacc_Asylmn_Seek_Childn%": "Children looked after who were unaccompanied "
                                             "asylum-seeking children",
                "Stability_SocialWorker": "Children looked after who had 3 or more social "
                                          "workers during the year"}


def lait(measure: str, code: int, year: int) -> str:
    """A LAIT value as published, read straight from the shared file."""
    raw = pl.read_parquet(shared_data("published") / "lait_bds_long.parquet").filter(
        pl.col("Short Desc") == measure, pl.col("LA Number") == code,
        pl.col("Years") == str(year))
    return raw["Values"].item().strip()


def as_shown(published: str) -> str:
    return published if published in ("-", "c", "x", "z", "k", "low") else f"{published}%"


def test_context_shows_the_published_figures_and_their_years(
        open_page: OpenPage, monkeypatch: pytest.MonkeyPatch) -> None:
    stores = record_media(monkeypatch)
    at = open_page("benchmarks", query={"year": "2019-20"})
    assert not at.exception, [e.value for e in at.exception]
    assert "Context" in [h.value for h in at.header]
    rows = {row["Measure"]: row for row in table_rows(at, "Published for")}
    for measure in ("CareLeaverEET", "LAC_LongStable%", "Unacc_Asylmn_Seek_Childn%"):
        row = rows[CONTEXT_ROWS[measure]]
        assert row["Published for"] == "2019-20"
        assert row["Darlington"] == as_shown(lait(measure, 841, 2020)), measure
        assert row["England"] == as_shown(lait(measure, 970, 2020)), measure
        assert row["North East"] == as_shown(lait(measure, 980, 2020)), measure
    # Darlington's figure for unaccompanied children is LAIT's '-', kept as a symbol.
    assert rows[CONTEXT_ROWS["Unacc_Asylmn_Seek_Childn%"]]["Darlington"] == "-"
    # Social worker stability is first published for 2023-24: shown for that year, named.
    social = rows[CONTEXT_ROWS["Stability_SocialWorker"]]
    assert (social["Published for"], social["Darlington"]) == (
        "2023-24", as_shown(lait("Stability_SocialWorker", 841, 2024)))
    # The same cells in the Context table's CSV, which says where they come from.
    text = next(t for t in csv_downloads(at, stores) if t.startswith("Measure,Published for"))
    download = {row["Measure"]: row for row in csv.DictReader(io.StringIO(text))}
    assert download[CONTEXT_ROWS["CareLeaverEET"]]["Darlington"] == as_shown(
        lait("CareLeaverEET", 841, 2020))
    assert download[CONTEXT_ROWS["Unacc_Asylmn_Seek_Childn%"]]["Darlington"] == "-"
    assert any(c.value.startswith("Source: Local Authority Interactive Tool (LAIT)")
               and "not computed from the extract" in c.value for c in at.caption)
    # The trend of the first measure (3 or more placements) over every published year.
    trend = [row for row in table_rows(at, "Year", "Darlington", "Neighbours' mean")]
    assert (trend[0]["Year"], trend[-1]["Year"]) == ("2015-16", "2024-25")
    assert trend[4]["Darlington"] == as_shown(lait("LACStable_2016on", 841, 2020))
    # The where-we-stand line counts what the two tables below it show, each in its words:
    # the comparison table's Better, Similar and Worse and the Context table's Better, Same and
    # Worse (of the measures where higher or lower is better), apart, so that a reader can
    # count them off the tables.
    judged = {indicator.title for indicator in BY_ID.values()
              if indicator.polarity is not Polarity.NONE}
    comparison = next(frame for frame in tables(at) if "vs England" in frame.columns
                      and "Published for" not in frame.columns)
    compared = [verdict for measure, verdict in zip(comparison["Measure"],
                                                    comparison["vs England"], strict=True)
                if measure in judged]
    published = [row["vs England"] for row in rows.values()]
    ours = {word: compared.count(word) for word in ("Better", "Similar", "Worse")}
    theirs = {word: published.count(word) for word in ("Better", "Same", "Worse")}
    line = next(m.value for m in at.markdown if m.value.startswith("**Where Darlington"))
    assert line.startswith(
        f"**Where Darlington stands in 2019-20 against England: of the {sum(ours.values())} "
        f"measures computed here where higher or lower is better, {ours['Better']} better, "
        f"{ours['Similar']} similar and {ours['Worse']} worse; of the {sum(theirs.values())} "
        f"published context measures judged, {theirs['Better']} better, {theirs['Same']} the "
        f"same and {theirs['Worse']} worse.")
    headline = next(h.value for h in at.header if h.value.startswith("In 2019-20, Darlington"))
    assert headline.endswith(f"of the {sum(ours.values())} measures where higher or lower is "
                             "better")
