"""The demo's 2019-20 annual report in both formats: its headings are the committee report's
structure in order, every figure in its text and tables is the engine's for the same year and
audience (read from the .docx with python-docx and from the PDF with pdftotext), every image
has alt text, and the PDF is tagged PDF/UA-1 in en-GB with a title and bookmarks. Its pages are
rendered to PNG under artifacts/report-pages/ for a person to look at."""

import csv
import functools
import itertools
import re
from pathlib import Path
from typing import Any

import pikepdf
import polars as pl
import pytest
from helpers import ROOT, run_cli, shared_data
from report_documents import (
    STRUCTURE,
    WordTable,
    all_text,
    headings,
    open_docx,
    outline_titles,
    pdf_pages_as_png,
    pdf_text,
    squeezed,
    structure_elements,
    table_in_pdf,
    tables,
)

from iro_metrics.contract.extract import Extract
from iro_metrics.indicators.engine import compute
from iro_metrics.indicators.periods import parse_period, previous
from iro_metrics.indicators.registry import BY_ID, INDICATORS
from iro_metrics.present.disclosure import protect_indicators
from iro_metrics.present.formatting import format_number, format_published, format_value
from iro_metrics.present.view import CATEGORY_LABELS

pytestmark = pytest.mark.slow  # the demo's report is built twice: about ten seconds

YEAR = "2019-20"
YEAR_LABEL = re.compile(r"^\d{4}-\d{2}$")
TITLES = {indicator.title: indicator.id for indicator in INDICATORS}
SERIES = {"Took part": "lac_participation", "Views conveyed": "lac_views_conveyed",
          "ICPCs in 15 working days": "icpc_timely", "Plans reviewed in time": "cp_reviews_timely",
          "Initial (ICPC)": "family_attendance_icpc", "Review (RCPC)": "family_attendance_rcpc"}
"""The series named in the report's tables of percentages, by indicator."""
SINGLE_SERIES = {"Repeat plans and plans lasting two years or more": "cp_ceased_2y_plus"}
COUNTED_BY_SECTION = {"Looked after children": "lac_count", "Child protection": "cp_count"}
DIMENSION_BY_HEADING = {"Age band": "age_band", "Ethnic group": "ethnic_group",
                        "Initial category of abuse": "initial_category"}
PAGES = ROOT / "artifacts" / "report-pages"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, demo_dir: Path) -> dict[str, Path]:
    """The report written by the command line for both audiences: {audience: folder}."""
    folders = {}
    for audience in ("public", "manager"):
        out = tmp_path_factory.mktemp(audience)
        done = run_cli("report", "--data", str(demo_dir), "--year", YEAR, "--audience",
                       audience, "--out", str(out))
        assert done.returncode == 0, done.stderr
        assert done.stderr.splitlines() == [f"wrote {out / 'iro-annual-report-2019-20.docx'}",
                                            f"wrote {out / 'iro-annual-report-2019-20.pdf'}"]
        folders[audience] = out
    return folders


def docx_of(built: dict[str, Path], audience: str = "public") -> Path:
    return built[audience] / "iro-annual-report-2019-20.docx"


def pdf_of(built: dict[str, Path], audience: str = "public") -> Path:
    return built[audience] / "iro-annual-report-2019-20.pdf"


@functools.cache
def _engine(extract: Extract, label: str, by: str | None, public: bool) -> pl.DataFrame:
    exact = compute(extract, parse_period(label), by=by)
    return protect_indicators(exact) if public else exact


def engine(extract: Extract, label: str, by: str | None = None,
           public: bool = True) -> dict[tuple[str, str], dict[str, Any]]:
    """The engine's rows for a reporting year as the public (or a manager) sees them on the
    dashboard, by (indicator, group)."""
    return {(row["indicator_id"], row["group"]): row
            for row in _engine(extract, label, by, public).iter_rows(named=True)}


def shown(extract: Extract, label: str, indicator_id: str) -> str:
    return format_value(engine(extract, label)[(indicator_id, "")]["value"], BY_ID[indicator_id])


def test_headings_are_the_committee_reports_structure_in_order(built: dict[str, Path]) -> None:
    document = open_docx(docx_of(built))
    assert headings(document) == STRUCTURE
    with pikepdf.open(pdf_of(built)) as pdf:
        assert outline_titles(pdf) == STRUCTURE  # the bookmarks
    text = pdf_text(pdf_of(built))
    body = text[text.index("Purpose and summary\nThis report"):]
    found = [re.search(rf"[\n\f]{re.escape(heading)}\n", body) for heading in STRUCTURE[1:]]
    assert all(found), dict(zip(STRUCTURE[1:], found, strict=True))
    positions = [match.start() for match in found if match]
    assert positions == sorted(positions)


def _year_tables(document_tables: list[WordTable]) -> list[WordTable]:
    return [table for table in document_tables if table.header[0] == "Measure"
            and all(YEAR_LABEL.match(cell) for cell in table.header[1:])]


def test_measures_over_the_years_are_the_engines(built: dict[str, Path], demo: Extract) -> None:
    found = _year_tables(tables(open_docx(docx_of(built))))
    assert {table.section for table in found} >= {
        "Looked after children", "Reviews of looked after children",
        "The IRO footprint and dispute resolution", "Child protection"}
    for table in found:
        years = table.header[1:]
        assert len(years) == 5 and years[-1] == YEAR
        assert all(previous(parse_period(later)) == parse_period(earlier)
                   for earlier, later in itertools.pairwise(years))
        for record in table.records():
            indicator_id = TITLES[record["Measure"]]
            assert {year: record[year] for year in years} == {
                year: shown(demo, year, indicator_id) for year in years}, record["Measure"]


ENGLAND = "England's share (%)"


def england_2020(characteristic: str) -> str:
    path = shared_data("published") / "national_cla_on_31_march_by_characteristics_2018_to_2022.csv"
    with path.open(encoding="utf-8-sig") as handle:
        return next(row["percentage"] for row in csv.DictReader(handle)
                    if row["time_period"] == "2020" and row["characteristic"] == characteristic)


def test_tables_by_group_are_the_engines(built: dict[str, Path], demo: Extract) -> None:
    found = [table for table in tables(open_docx(docx_of(built)))
             if table.header[0] in DIMENSION_BY_HEADING and RELATIVE not in table.header]
    assert [(table.section, table.header[0]) for table in found] == [
        ("Looked after children", "Age band"), ("Looked after children", "Ethnic group"),
        ("Child protection", "Age band"), ("Child protection", "Initial category of abuse")]
    names = {label: code for code, label in CATEGORY_LABELS.items()}
    for table in found:
        counted, dimension = COUNTED_BY_SECTION[table.section], DIMENSION_BY_HEADING[table.header[0]]
        years = [heading for heading in table.header[1:] if heading != ENGLAND]
        assert years[-1] == YEAR and len(years) == 5
        if table.section == "Looked after children":
            # England's published shares on 31 March 2020, read straight from the DfE file.
            assert table.header[-1] == ENGLAND
            shares = {record[table.header[0]]: record[ENGLAND] for record in table.records()}
            assert shares["10 to 15" if "10 to 15" in shares else "White"] == england_2020(
                "10 to 15 years" if "10 to 15" in shares else "1. Total White")
        for record in table.records():
            name = record[table.header[0]]
            for year in years:
                if name == "Total":
                    expected = engine(demo, year)[(counted, "")]["numerator"]
                else:
                    row = engine(demo, year, dimension).get((counted, names.get(name, name)))
                    expected = row["numerator"] if row else 0.0  # nobody in the group that year
                assert record[year] == format_number(expected), (table.title, name, year)


RELATIVE = "Relative rate (White = 1)"


@pytest.mark.parametrize("audience", ["public", "manager"])
def test_rates_by_ethnic_group_are_the_engines(built: dict[str, Path], demo: Extract,
                                               audience: str) -> None:
    # Children looked after and on a plan on 31 March 2020 per 10,000 children of each ethnic
    # group (the demo's mid-2019 population by group), against White children's rate; for the
    # public, a group of 1 to 5 children and everything worked out from it is suppressed (c).
    found = [table for table in tables(open_docx(docx_of(built, audience)))
             if RELATIVE in table.header]
    assert [(table.section, table.header[1]) for table in found] == [
        ("Looked after children", "Children looked after"),
        ("Child protection", "Children on a plan")]
    assert demo.population is not None
    children = dict(demo.population.filter(mid_year=2019).drop_nulls("ethnic_group")
                    .select("ethnic_group", "population").iter_rows())
    suppressed = set()
    for table in found:
        counted = COUNTED_BY_SECTION[table.section]
        rows = engine(demo, YEAR, "ethnic_group", public=audience == "public")
        counts = {group: rows[(counted, group)]["numerator"] if (counted, group) in rows else 0.0
                  for group in children}
        white = 10_000 * counts["White"] / children["White"]
        for record in table.records():
            group, count = record["Ethnic group"], counts.get(record["Ethnic group"])
            if count is None:  # "Refused or not obtained" has no population
                assert record["Per 10,000 children of the group"] == "x"
            elif count != count:
                suppressed.add(group)
                assert {record[RELATIVE], record["Per 10,000 children of the group"]} == {"c"}
            else:
                rate = 10_000 * count / children[group]
                assert record["Per 10,000 children of the group"] == format_number(rate, 1)
                assert record[RELATIVE] == format_number(rate / white, 2)
    assert bool(suppressed) == (audience == "public")


def test_percentages_with_their_counts_and_limits_are_the_engines(built: dict[str, Path],
                                                                  demo: Extract) -> None:
    found = [table for table in tables(open_docx(docx_of(built)))
             if table.header[0] == "Year" and "Lower 95% limit" in table.header]
    assert len(found) == 4
    for table in found:
        for record in table.records():
            series = record.get("Measure") or record.get("Conference")
            indicator_id = SERIES[series] if series else SINGLE_SERIES[table.section]
            row = engine(demo, record["Year"])[(indicator_id, "")]
            assert [record["Per cent"], record["Number counted"], record["Out of"],
                    record["Lower 95% limit"], record["Upper 95% limit"]] == [
                format_number(row["value"], 1), format_number(row["numerator"]),
                format_number(row["denominator"]), format_number(row["lower_95"], 1),
                format_number(row["upper_95"], 1)], (table.title, record)


def test_comparisons_are_the_engines_and_the_published_figures(built: dict[str, Path],
                                                               demo: Extract) -> None:
    published = pl.read_parquet(ROOT / "data" / "benchmarks.parquet").filter(
        pl.col("year") == 2020, pl.col("area_code") == "970")
    england = {row["indicator_id"]: row for row in published.iter_rows(named=True)}
    found = [table for table in tables(open_docx(docx_of(built))) if "England" in table.header]
    compared = [record["Measure"] for table in found for record in table.records()]
    assert compared == [BY_ID[i].title for i in ("lac_rate", "cp_rate", "icpc_timely",
                                                  "cp_reviews_timely", "cp_repeat",
                                                  "cp_ceased_2y_plus")]
    for table in found:
        for record in table.records():
            indicator_id = TITLES[record["Measure"]]
            theirs = england[indicator_id]
            assert record["Darlington"] == shown(demo, YEAR, indicator_id)
            assert record["England"] == format_published(theirs["value"], theirs["symbol"],
                                                         theirs["decimals"], BY_ID[indicator_id])


def test_key_findings_state_the_engines_figures_and_the_year_before(built: dict[str, Path],
                                                                    demo: Extract) -> None:
    document = open_docx(docx_of(built))
    findings = [p.text for p in document.paragraphs if p.style.name == "List Bullet"][:12]
    earlier = previous(parse_period(YEAR)).label
    for indicator_id in ("lac_count", "lac_rate", "lac_children_reviews_timely",
                         "lac_participation", "lac_views_conveyed", "cp_count", "cp_rate",
                         "icpc_timely", "cp_reviews_timely", "cp_repeat", "iro_lac_caseload",
                         "disputes_raised"):
        indicator = BY_ID[indicator_id]
        finding = next(text for text in findings
                       if text.startswith((indicator.title, indicator.label + " in")))
        assert shown(demo, YEAR, indicator_id) in finding, finding
        assert shown(demo, earlier, indicator_id) in finding, finding


def test_the_pdf_holds_the_same_figures_as_the_word_document(built: dict[str, Path]) -> None:
    for audience in ("public", "manager"):
        flowing = squeezed(pdf_text(pdf_of(built, audience)))
        laid_out = pdf_text(pdf_of(built, audience), layout=True)
        found = tables(open_docx(docx_of(built, audience)))
        assert len(found) > 25
        for table in found:
            assert table_in_pdf(table, flowing, laid_out) == [], (audience, table.number,
                                                                  table.title)


def test_the_managers_edition_has_the_exact_figures(built: dict[str, Path],
                                                   demo: Extract) -> None:
    found = [table for table in tables(open_docx(docx_of(built, "manager")))
             if table.header[0] == "Ethnic group"]
    for record in found[0].records():
        for year in [h for h in found[0].header[1:] if h != ENGLAND]:
            if record["Ethnic group"] != "Total":
                row = engine(demo, year, "ethnic_group", public=False).get(
                    ("lac_count", record["Ethnic group"]))
                assert record[year] == format_number(row["numerator"] if row else 0.0)
    assert "c" not in {cell for record in found[0].records() for cell in record.values()}
    assert "Managers' edition" in all_text(open_docx(docx_of(built, "manager")))


def test_every_image_has_alt_text(built: dict[str, Path]) -> None:
    document = open_docx(docx_of(built))
    figures = [p.text for p in document.paragraphs if p.text.startswith("Figure ")]
    shapes = list(document.inline_shapes)
    assert len(shapes) == len(figures) >= 12
    for shape in shapes:
        assert shape._inline.docPr.get("descr", "").strip(), shape._inline.docPr.get("title")
    with pikepdf.open(pdf_of(built)) as pdf:
        tagged = structure_elements(pdf, "/Figure")
        assert len(tagged) == len(figures)
        assert all(str(element.get("/Alt", "")).strip() for element in tagged)


def test_the_pdf_is_tagged_pdf_ua_1_in_british_english_with_a_title(
        built: dict[str, Path]) -> None:
    with pikepdf.open(pdf_of(built)) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "en-GB"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        title = "Independent Reviewing Officer (IRO) service annual report 2019-20"
        assert str(pdf.docinfo["/Title"]) == title
        with pdf.open_metadata() as meta:
            assert meta["pdfuaid:part"] == "1"
            assert meta["dc:title"] == title
        headers = structure_elements(pdf, "/TH")
        assert len(headers) >= sum(len(table.header) for table in tables(
            open_docx(docx_of(built))))


def test_the_word_document_has_language_title_author_and_repeated_header_rows(
        built: dict[str, Path]) -> None:
    document = open_docx(docx_of(built))
    assert document.core_properties.title == ("Independent Reviewing Officer (IRO) service "
                                              "annual report 2019-20")
    assert document.core_properties.author == "Darlington IRO service"
    assert document.core_properties.language == "en-GB"
    languages = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val")
    assert languages == ["en-GB"]
    for table in tables(document):
        header = table.table.rows[0]._tr
        assert header.xpath("w:trPr/w:tblHeader"), table.title
        for row in table.table.rows[1:]:
            for cell, name in zip(row.cells, table.header, strict=True):
                number = re.fullmatch(r"[\d,.%]+|c|x", cell.text)
                if number and name not in ("PN code", "Year"):
                    assert str(cell.paragraphs[0].alignment) == "RIGHT (2)", (table.title, name)


def test_pages_render_for_a_person_to_look_at(built: dict[str, Path]) -> None:
    with pikepdf.open(pdf_of(built)) as pdf:
        count = len(pdf.pages)
    for audience in ("public", "manager"):
        pages = pdf_pages_as_png(pdf_of(built, audience), PAGES / audience)
        assert len(pages) >= count - 1
        assert all(page.stat().st_size > 5_000 for page in pages)  # never a blank page
