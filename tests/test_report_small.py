"""The annual report on small extracts: the public edition of a tiny extract shows no count of
people from 1 to 5; a v1 directory without the optional tables builds, each missing part saying
why; the author's commentary appears under its heading in both formats, and a commentary naming
a section the report does not have is refused with the file and line; the template lists every
heading; a year that is not over is refused; the report package never imports Streamlit."""

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from extract_builders import valid_extract, valid_rows
from helpers import ROOT, V1_1_TABLES, run_cli, write_tiny_extract
from report_documents import (
    STRUCTURE,
    all_text,
    headings,
    open_docx,
    pdf_text,
    section_text,
    squeezed,
    tables,
)

from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present.report_tables import TABLE_WORDS

SMALL_CELL = re.compile(r"^[1-5]$")
SMALL_NUMBER = re.compile(r"(?<![\w.,/-])[1-5](?![\w,/%-]|\.\d)")
NOT_COUNTS_OF_PEOPLE = [  # fixed words holding a small number, and what the number is
    r"a\s+count\s+from\s+1\s+to\s+5",  # the disclosure rule itself
    r"(?:Table|Figure)\s+\d+:", r"Page\s+\d+\s+of\s+\d+", "\u2060\\d+",  # numbering, contents
    r"\b\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\s+\d{4}",  # dates
    r"\b[1-5]\s+(?:years?|months)\b",  # the rules: within 2 years, 3 months
    r"\b(?:aged|under)\s+[1-5]\b",  # age limits of the PN codes
]
NOT_COUNT_COLUMNS = {"People in post", "Full-time equivalents", "Rank", "IRO and CP chair FTE"}
"""Table columns whose small figures are not counts of children: staff and positions."""


def report(data: Path, out: Path, *extra: str) -> tuple[Path, Path]:
    done = run_cli("report", "--data", str(data), "--year", "2019-20", "--out", str(out), *extra)
    assert done.returncode == 0, done.stderr
    return out / "iro-annual-report-2019-20.docx", out / "iro-annual-report-2019-20.pdf"


def small_counts(text: str) -> list[str]:
    """Each small number left in ``text`` once the fixed words are taken out, in context."""
    for pattern in NOT_COUNTS_OF_PEOPLE:
        text = re.sub(pattern, " ", text)
    return [text[max(0, found.start() - 30):found.end() + 30]
            for found in SMALL_NUMBER.finditer(text)]


def small_cells(word: Path) -> list[str]:
    return [f"{table.title} / {name}: {cell}" for table in tables(open_docx(word))
            for record in table.records() for name, cell in record.items()
            if name not in NOT_COUNT_COLUMNS and SMALL_CELL.match(cell)]


def test_public_edition_of_a_tiny_extract_shows_no_count_of_people_from_1_to_5(
        tmp_path: Path) -> None:
    tiny = write_tiny_extract(tmp_path / "tiny")
    word, pdf = report(tiny, tmp_path / "public")
    assert small_cells(word) == []
    assert small_counts(all_text(open_docx(word))) == []
    assert small_counts(pdf_text(pdf)) == []
    # The same checks find the exact small counts in the managers' edition.
    exact, _ = report(tiny, tmp_path / "manager", "--audience", "manager")
    assert small_cells(exact)
    assert small_counts(all_text(open_docx(exact)))


def test_a_v1_directory_without_optional_tables_builds_saying_why(tmp_path: Path) -> None:
    missing = ("lac_reviews", "s47_enquiries", "cp_conferences", "iro_staff", "iro_allocations",
               "iro_disputes")
    data = valid_extract(tmp_path / "v1", **dict.fromkeys((*missing, "population", *V1_1_TABLES)))
    word, pdf = report(data, tmp_path / "out")
    document = open_docx(word)
    assert headings(document) == STRUCTURE
    text, flowing = all_text(document), squeezed(pdf_text(pdf))
    for table in missing:
        sentence = (f"This extract has no {TABLE_WORDS[table]} (the {table} table), so this "
                    "part has no figures.")
        assert sentence in text.splitlines(), table
        assert sentence in flowing, table
    for table in V1_1_TABLES:
        assert f"(the {table} table), so this part has no figures." in flowing
    # Each missing table is named once in a section, not once per part that needs it.
    staffing = section_text(document, "Staffing and caseloads")
    assert staffing.count(f"This extract has no {TABLE_WORDS['iro_staff']} (the iro_staff "
                          "table), so this part has no figures.") == 1


COMMENTARY = """<!-- Our commentary,
over several lines. -->
Committee: Children and Young People Scrutiny Committee
Meeting date: 15 September 2020

## Recommendation

That the committee notes this report
and thanks the IROs.

## looked after children

Fewer children came into care.

- Our first point,
  which goes on.
- Our second point.
"""


def test_commentary_appears_under_its_heading_in_both_formats(tmp_path: Path) -> None:
    tiny = write_tiny_extract(tmp_path / "tiny")
    (tiny / "commentary").mkdir()
    (tiny / "commentary" / "2019-20.md").write_text(COMMENTARY, encoding="utf-8")
    word, pdf = report(tiny, tmp_path / "out")
    document = open_docx(word)
    assert section_text(document, "Recommendation") == [
        "That the committee notes this report and thanks the IROs."]
    assert section_text(document, "Looked after children")[:3] == [
        "Fewer children came into care.", "Our first point, which goes on.",
        "Our second point."]
    assert section_text(document, "Next steps") == [
        "[Commentary to be written: the author's words for this section go here. See "
        "docs/report-commentary.md.]"]
    placeholder = document.paragraphs[[p.text for p in document.paragraphs].index(
        section_text(document, "Next steps")[0])]
    assert placeholder.runs[0].font.highlight_color is not None  # visible in Word
    text = all_text(document)
    assert "Committee: Children and Young People Scrutiny Committee" in text
    assert "Meeting date: 15 September 2020" in text
    flowing = squeezed(pdf_text(pdf))
    assert "Recommendation That the committee notes this report and thanks the IROs." in flowing
    assert ("Looked after children Fewer children came into care. • Our first point, which "
            "goes on. • Our second point.") in flowing
    assert "Children and Young People Scrutiny Committee" in flowing
    assert "15 September 2020" in flowing


def test_a_commentary_naming_a_section_the_report_lacks_is_refused(tmp_path: Path) -> None:
    tiny = write_tiny_extract(tmp_path / "tiny")
    commentary = tmp_path / "ours.md"
    commentary.write_text("Committee: Scrutiny\n\n## Recommendation\nNoted.\n\n## Finances\n"
                          "Money.\n", encoding="utf-8")
    done = run_cli("report", "--data", str(tiny), "--year", "2019-20", "--commentary",
                   str(commentary), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"{commentary}, line 6: the report has no section called 'Finances'; its sections "
        f"are: {'; '.join(STRUCTURE)}"]
    assert not (tmp_path / "out").exists()


def test_the_template_has_every_heading_and_the_drafted_findings(tmp_path: Path) -> None:
    tiny = write_tiny_extract(tmp_path / "tiny")
    done = run_cli("report", "--data", str(tiny), "--year", "2019-20", "--commentary-template",
                   "--out", str(tiny / "commentary"))
    assert done.returncode == 0, done.stderr
    template = tiny / "commentary" / "2019-20.md"
    lines = template.read_text(encoding="utf-8").splitlines()
    assert [line[3:] for line in lines if line.startswith("## ")] == STRUCTURE
    assert "- Children on a child protection plan stayed at 0 in 2019-20." in lines
    assert "That the committee notes the IRO service's annual report for 2019-20." in lines
    # Left as it is, the template is the commentary the report uses by default ...
    word, _ = report(tiny, tmp_path / "out")
    assert section_text(open_docx(word), "Recommendation") == [
        "That the committee notes the IRO service's annual report for 2019-20."]
    # ... and is never written over.
    again = run_cli("report", "--data", str(tiny), "--year", "2019-20", "--commentary-template",
                    "--out", str(tiny / "commentary"))
    assert again.returncode == 2
    assert again.stderr.splitlines() == [
        f"{template} already exists: a template is never written over a commentary; move it "
        "away or choose another --out"]


@pytest.mark.parametrize(("year", "message"), [
    ("2020-21", "--year 2020-21: the year ends on 31 March 2021, after the extract date "
                "(31 March 2020), so its figures are not complete"),
    ("2019-06-01:2020-03-31", "--year 2019-06-01:2020-03-31: the report is for a whole "
                              "reporting year, such as 2019-20 (1 April to 31 March)"),
])
def test_a_year_that_is_not_a_whole_year_over_by_the_extract_date_is_refused(
        tmp_path: Path, year: str, message: str) -> None:
    data = valid_extract(tmp_path / "data")
    done = run_cli("report", "--data", str(data), "--year", year, "--out", str(tmp_path / "out"))
    assert (done.returncode, done.stderr.splitlines()) == (2, [message])


def test_the_report_package_never_imports_streamlit() -> None:
    code = ("import sys, iro_metrics.report.build, iro_metrics.report.files; "
            "sys.exit('streamlit' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_figures_from_a_table_with_many_rows_set_aside_carry_a_caution(tmp_path: Path) -> None:
    rows = valid_rows()["lac_reviews"]
    data = valid_extract(tmp_path / "data", lac_reviews=[*rows, {**rows[0], "review_date":
                                                                 dt.date(2019, 9, 1),
                                                                 "participation_code": "PN9"}])
    word, _ = report(data, tmp_path / "out", "--audience", "manager")
    caution = ("Data quality: more than 5% of the rows of some tables were set aside or repaired "
               "when the data were loaded (Looked-after reviews 33.3%), so read these figures "
               "with care: ")
    reviews = [line for line in section_text(open_docx(word), "Reviews of looked after children")
               if line.startswith("Data quality")]
    assert reviews == [caution + "; ".join(BY_ID[i].title for i in (
        "lac_reviews_held", "lac_reviews_under4", "lac_children_reviews_timely",
        "lac_reviews_overdue", "lac_reviews_timely")) + "."]
    appendix = section_text(open_docx(word), "Appendix: definitions, data quality and sources")
    assert any(line.startswith(caution) and BY_ID["lac_views_conveyed"].title in line
               for line in appendix)
    public, _ = report(data, tmp_path / "public")
    assert ("(Looked-after reviews), so read these figures with care"
            in all_text(open_docx(public)))
