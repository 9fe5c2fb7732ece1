"""The Annual report page under AppTest: a manager sees the year's key findings with the engine's
exact figures, the report's sections in order and both downloads; the public sees the public
edition's figures; custom dates and filters fall back to the whole year; a year not over by the
extract date has no report; a commentary the report cannot use is named (by its file and line
for managers, without the server's path for the public)."""

from pathlib import Path

from extract_builders import AUTHORITY, valid_rows, write_extract
from helpers import OpenPage, write_tiny_extract
from report_documents import STRUCTURE
from streamlit.testing.v1 import AppTest

from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators.engine import compute
from iro_metrics.indicators.periods import parse_period
from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present.disclosure import protect_indicators
from iro_metrics.present.formatting import format_value

KEY = ("lac_count", "lac_rate", "lac_children_reviews_timely", "lac_participation",
       "lac_views_conveyed", "cp_count", "cp_rate", "icpc_timely", "cp_reviews_timely",
       "cp_repeat", "iro_lac_caseload", "disputes_raised")


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def findings(at: AppTest) -> list[str]:
    found = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert len(found) == 1
    return [line[2:] for line in found[0].splitlines()]


def shown(directory: Path, label: str, indicator_id: str, public: bool) -> str:
    rows = compute(load_extract(directory), parse_period(label))
    rows = protect_indicators(rows) if public else rows
    value = rows.filter(rows["indicator_id"] == indicator_id, rows["group"] == "")["value"][0]
    return format_value(value, BY_ID[indicator_id])


def test_managers_see_the_findings_sections_and_both_downloads(open_page: OpenPage,
                                                                demo_dir: Path) -> None:
    at = open_page("annual_report", query={"year": "2019-20"})
    no_exception(at)
    assert at.title[0].value == "Annual report"
    assert any(i.value.startswith("Managers' edition") for i in at.info)
    said = findings(at)
    assert len(said) == len(KEY)
    for indicator_id, finding in zip(KEY, said, strict=True):
        assert shown(demo_dir, "2019-20", indicator_id, public=False) in finding, finding
        assert shown(demo_dir, "2018-19", indicator_id, public=False) in finding, finding
    sections = [m.value for m in at.markdown if m.value.startswith("1. ")]
    assert sections == ["\n".join(f"{n}. {h}" for n, h in enumerate(STRUCTURE, 1))]
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["Word document (.docx)", "Accessible PDF"]
    assert any("No commentary has been written" in c.value
               and "docs/report-commentary.md" in c.value for c in at.caption)


def test_the_public_sees_the_public_edition(open_page: OpenPage, tmp_path: Path) -> None:
    tiny = write_tiny_extract(tmp_path / "tiny")
    at = open_page("annual_report", query={"year": "2019-20"}, audience="public",
                   data_dir=tiny)
    no_exception(at)
    assert any(i.value.startswith("Public edition") for i in at.info)
    assert findings(at)[0] == "Children on a child protection plan stayed at 0 in 2019-20."
    assert "Plans that are a second or later plan: c% in 2019-20." in findings(at)
    assert len(at.get("download_button")) == 2
    # The public is told there is no commentary, not where the project's documentation is.
    assert any("No commentary has been written" in c.value for c in at.caption)
    assert not any("docs/" in element.value for element in (*at.caption, *at.markdown))


def test_custom_dates_and_filters_fall_back_to_the_whole_year(open_page: OpenPage) -> None:
    at = open_page("annual_report", query={"custom": "true", "from": "2019-06-01",
                                           "to": "2019-12-31", "sex": ["Girls"]})
    no_exception(at)
    assert any("covers the whole reporting year 2019-20" in c.value for c in at.caption)
    assert [h.value for h in at.header][1] == "Key findings, 2019-20"


def test_a_year_not_over_by_the_extract_date_has_no_report(open_page: OpenPage,
                                                          tmp_path: Path) -> None:
    authority = {**AUTHORITY, "extract_date": "2020-09-30"}
    data = write_extract(tmp_path / "data", valid_rows(), authority)
    at = open_page("annual_report", query={"year": "2020-21"}, data_dir=data)
    no_exception(at)
    assert [i.value for i in at.info][-1] == (
        "2020-21 ends on 31 March 2021, after the extract date (30 September 2020), so its "
        "figures are not complete and there is no report for it: choose an earlier year.")
    assert not at.get("download_button")


def test_a_commentary_the_report_cannot_use_is_named(open_page: OpenPage,
                                                    tmp_path: Path) -> None:
    tiny = write_tiny_extract(tmp_path / "tiny")
    (tiny / "commentary").mkdir()
    path = tiny / "commentary" / "2019-20.md"
    path.write_text("## Finances\nMoney.\n", encoding="utf-8")
    message = ("line 1: the report has no section called 'Finances'; its sections are: "
               + "; ".join(STRUCTURE))
    manager = open_page("annual_report", query={"year": "2019-20"}, data_dir=tiny)
    no_exception(manager)
    assert [w.value for w in manager.warning][-1] == f"{path.resolve()}, {message}"
    public = open_page("annual_report", query={"year": "2019-20"}, data_dir=tiny,
                       audience="public")
    assert [w.value for w in public.warning][-1] == f"commentary/2019-20.md, {message}"
    assert len(public.get("download_button")) == 2  # the report is written without it
