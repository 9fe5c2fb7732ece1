"""SSDA903 import: recognising files, every value rule, merging overlapping annual returns, the
refusals of a whole input (exit status 2), the population CSV, the import report and the export."""

import argparse
import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from helpers import ROOT, run_cli
from returns_fixtures.builders import (
    EPISODE_COLUMNS,
    HEADER_COLUMNS,
    current_year,
    episode,
    header,
    refusal,
    review,
    write_huge,
    write_return,
)

from iro_metrics.cli import build_parser
from iro_metrics.contract.extract import ExtractRefused
from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators.engine import compute
from iro_metrics.indicators.periods import reporting_year
from iro_metrics.returns import rules
from iro_metrics.returns.common import InputRefused
from iro_metrics.returns.export import export_903
from iro_metrics.returns.importer import NO_INPUT, NOTHING_LOADED, import_returns
from iro_metrics.returns.report import REPORT_FILE, ImportReport, read_import_report

D = dt.date


def do_import(out: Path, *folders: Path, population: Path | None = None) -> ImportReport:
    """Import the return folders into ``out`` (la_code 841)."""
    return import_returns(ssda903=list(folders), cin=[], population=population, la_code="841",
                          out=out)


def issues(frame: pl.DataFrame) -> list[tuple]:
    """(file name, line, field, value, rule, detail) of each issue, in report order."""
    return [(Path(row["file"]).name if row["file"] else None, row["line"], row["field"],
             row["value"], row["rule"], row["detail"]) for row in frame.iter_rows(named=True)]


def balanced(report: ImportReport) -> bool:
    """Rows read always equal rows merged plus set aside plus loaded; repaired rows are loaded."""
    return all(c["read"] == c["merged"] + c["set_aside"] + c["loaded"]
               and c["repaired"] <= c["loaded"] for c in report.tables.values())


# --- A clean return ------------------------------------------------------------------------


def test_a_clean_return_loads_with_nothing_set_aside(tmp_path: Path) -> None:
    folder = write_return(tmp_path / "2019-20", [header(), header("C2", sex="2", ethnic="BAFR")],
                          [episode("01/05/2019", "03/02/2020", rec="X1"),
                           episode("03/02/2020", rne="P", place="R1", provider=""),
                           episode("10/10/2019", child="C2", ls="V3")],
                          [review("15/05/2019", "PN0"), review("01/06/2019", child="C2")])
    report = do_import(tmp_path / "data", folder)
    extract = load_extract(tmp_path / "data")
    assert extract.report.set_aside.is_empty() and report.set_aside.is_empty()
    assert extract.authority.la_name == "Darlington"
    assert extract.authority.region == "North East"
    assert extract.authority.extract_date == D(2020, 3, 31)
    assert extract.authority.synthetic is False
    assert extract.children.rows() == [("C1", "M", D(2010, 5, 17), None, "WBRI", None),
                                       ("C2", "F", D(2010, 5, 17), None, "BAFR", None)]
    assert extract.lac_episodes.rows() == [
        ("C1", D(2019, 5, 1), D(2020, 2, 3), "S", "C2", "N1", "U1", "PR1", "X1"),
        ("C1", D(2020, 2, 3), None, "P", "C2", "N1", "R1", None, None),
        ("C2", D(2019, 10, 10), None, "S", "V3", "N1", "U1", "PR1", None),
    ]
    assert extract.lac_reviews.rows() == [("C1", D(2019, 5, 15), "PN0"),
                                          ("C2", D(2019, 6, 1), "PN1")]
    assert extract.cp_plans is None and extract.population is None
    assert report.tables["lac_episodes"] == {"read": 3, "merged": 0, "set_aside": 0, "loaded": 3,
                                             "repaired": 0}
    assert report.inputs[0]["year_from"] == "the folder name"


def test_an_authority_missing_from_the_reference_list_gets_placeholders(tmp_path: Path) -> None:
    folder = write_return(tmp_path / "2019-20", [header()], [episode()])
    report = import_returns(ssda903=[folder], cin=[], population=None, la_code="999",
                            out=tmp_path / "data", reference_dir=tmp_path)
    authority = load_extract(tmp_path / "data").authority
    assert (authority.la_code, authority.la_name, authority.region) == ("999", "LA 999",
                                                                        "region unknown")
    assert report.notes == [f"la_code 999 is not in {tmp_path / 'local_authorities.csv'}: "
                            "la_name 'LA 999' and region 'region unknown' are placeholders; edit "
                            "authority.json to name the authority"]


def test_files_are_found_by_name_in_any_case_or_by_their_columns(tmp_path: Path) -> None:
    folder = write_return(tmp_path / "return", [header()], [episode()], [review()],
                          names=("Header.CSV", "ssda903_episodes_2020.csv", "REVIEWS.csv"))
    (folder / "AD1.csv").write_text("CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE\n")
    (folder / "notes.csv").write_text("what,why\n")
    (folder / "readme.txt").write_text("not a CSV")
    (folder / "._header.csv").write_bytes(b"\x00\x05\x16\x07\xff\xfe")  # a macOS shadow file
    report = do_import(tmp_path / "data", folder)
    files = {Path(f["path"]).name: (f["table"], f["imported"]) for f in report.inputs[0]["files"]}
    assert files == {"._header.csv": (None, False), "AD1.csv": ("ad1", False),
                     "Header.CSV": ("header", True),
                     "REVIEWS.csv": ("reviews", True), "notes.csv": (None, False),
                     "ssda903_episodes_2020.csv": ("episodes", True)}
    assert report.inputs[0]["label"] == "2019-20"
    assert report.inputs[0]["year_from"] == "the episode end and review dates"
    assert report.tables["lac_reviews"]["loaded"] == 1


def test_the_year_comes_from_the_latest_start_when_nothing_has_ended(tmp_path: Path) -> None:
    folder = write_return(tmp_path / "return", [header()], [episode("02/04/2020")])
    report = do_import(tmp_path / "data", folder)
    assert (report.inputs[0]["label"], report.inputs[0]["year_from"]) == (
        "2020-21", "the latest episode start date")
    assert "lac_reviews" not in report.tables  # no reviews file: the table is absent, not empty


# --- Value rules -------------------------------------------------------------------------------


def test_every_bad_value_is_set_aside_with_its_line_field_value_and_rule(tmp_path: Path) -> None:
    folder = write_return(
        tmp_path / "2019-20",
        [header(), header("C2", sex="3"), header("C3", dob="31/02/2010"),
         header("C4", dob="01/01/1899"), header("C5", ethnic="WHITE"),
         header("C6", dob="01/04/2020"), header("C123456789012345678901"), header("C7")],
        [episode(), episode("31/02/2020", child="C7"), episode("01/05/2020", child="C7"),
         episode("01/06/2019", "01/06/2019", child="C7"), episode("01/06/2019", child="C7",
                                                                 rec="E11"),
         episode("01/06/2019", child="C7", place="Z9", rne="", ls="XX", cin="N9",
                 provider="PR9"),
         episode("01/06/2019", "01/07/2019", child="C7", rec="E99"),
         "Total: 7 episodes", "C7,01/06/2019,S,C2,N1,U1,PR1,,,,,,,stray"],
        [review(), review("01/06/2019", "PN8"), review("", child="C7"), review(child="C2")])
    report = do_import(tmp_path / "data", folder)
    assert issues(report.set_aside) == [
        ("header.csv", 3, "SEX", "3", "SEX must be 1 or 2", None),
        ("header.csv", 4, "DOB", "31/02/2010", "DOB must be a date in the form dd/mm/yyyy", None),
        ("header.csv", 5, "DOB", "01/01/1899", "DOB is before 1900", None),
        ("header.csv", 6, "ETHNIC", "WHITE", "ETHNIC must be an SSDA903 ETHNIC code", None),
        ("header.csv", 7, "DOB", "01/04/2020", "DOB is after the return's reference date",
         "31/03/2020"),
        ("header.csv", 8, "CHILD", "C123456789012345678901", "CHILD must be 1 to 20 characters",
         None),
        ("episodes.csv", 3, "DECOM", "31/02/2020", "DECOM must be a date in the form dd/mm/yyyy",
         None),
        ("episodes.csv", 4, "DECOM", "01/05/2020", "DECOM is after the return's reference date",
         "31/03/2020"),
        ("episodes.csv", 5, "DEC", "01/06/2019", "DEC must be after DECOM", None),
        ("episodes.csv", 7, "RNE", "", "RNE must not be empty", None),
        ("episodes.csv", 7, "LS", "XX", "LS must be an SSDA903 LS code", None),
        ("episodes.csv", 7, "CIN", "N9", "CIN must be N1, N2, N3, N4, N5, N6, N7 or N8", None),
        ("episodes.csv", 7, "PLACE", "Z9", "PLACE must be an SSDA903 PLACE code", None),
        ("episodes.csv", 8, "REC", "E99", "REC must be an SSDA903 REC code", None),
        ("episodes.csv", 9, "DECOM", "", "DECOM must not be empty", None),
        ("episodes.csv", 9, "RNE", "", "RNE must not be empty", None),
        ("episodes.csv", 9, "LS", "", "LS must not be empty", None),
        ("episodes.csv", 9, "CIN", "", "CIN must not be empty", None),
        ("episodes.csv", 9, "PLACE", "", "PLACE must not be empty", None),
        ("episodes.csv", 10, "(line)", "", rules.RAGGED, "the header row has 13 fields"),
        ("reviews.csv", 3, "REVIEW_CODE", "PN8",
         "REVIEW_CODE must be PN0, PN1, PN2, PN3, PN4, PN5, PN6 or PN7", None),
        ("reviews.csv", 4, "REVIEW", "", "REVIEW must not be empty", None),
        ("reviews.csv", 5, "CHILD", "C2", rules.CHILD_SET_ASIDE, None),
    ]
    # REC without DEC is repaired, not set aside (its own test below); so is the unknown
    # PLACE_PROVIDER of line 7, which is set aside for its other fields and so not warned about.
    assert issues(report.warnings) == [("episodes.csv", 6, "REC", "E11", rules.REC_WITHOUT_DEC,
                                        None)]
    assert report.tables["children"] == {"read": 8, "merged": 0, "set_aside": 6, "loaded": 2,
                                         "repaired": 0}
    assert report.tables["lac_episodes"] == {"read": 9, "merged": 0, "set_aside": 7, "loaded": 2,
                                             "repaired": 1}
    assert balanced(report)


def test_a_value_contradicting_its_row_is_repaired_with_its_exact_warning(tmp_path: Path) -> None:
    folder = write_return(
        tmp_path / "2019-20",
        [header(child) for child in ("C1", "C2", "C3", "C4", "C5", "C6")],
        [episode("01/05/2019", child="C1", rec="E11"),           # REC without DEC
         episode("01/06/2019", "15/04/2020", child="C2"),         # DEC after 31 March 2020
         episode("01/07/2019", child="C3"),
         episode("01/07/2019", "01/09/2019", child="C4"),
         episode("01/05/2019", "01/06/2019", child="C5", rec=""),  # DEC without REC
         episode("01/08/2019", "20/04/2020", child="C6", provider="PR9")],  # two repairs
        [review("10/04/2020", child="C3"),   # after the reference date, inside the episode
         review("10/04/2020", child="C4"),   # after it, and after the episode ended
         review("12/04/2020", child="C2")])  # inside the episode left open by its repair
    report = do_import(tmp_path / "data", folder)
    late_review = ("REVIEW is after the return's reference date but inside the child's period "
                   "of care, so it is kept")
    late_end = ("DEC is after the return's reference date, so the episode is open on that date "
                "and DEC and REC are dropped")
    # The loader judges periods of care up to the extract date (the latest reference date), so
    # a kept review is left out of timeliness, though counted as held.
    outside = "review_date is outside every period of care of the child"
    assert issues(report.warnings) == [
        ("episodes.csv", 2, "REC", "E11",
         "REC is given but DEC is empty, so the episode is open and REC is dropped", None),
        ("episodes.csv", 3, "DEC", "15/04/2020", late_end, "31/03/2020"),
        ("episodes.csv", 7, "DEC", "20/04/2020", late_end, "31/03/2020"),
        ("episodes.csv", 7, "PLACE_PROVIDER", "PR9",
         "PLACE_PROVIDER is not PR0, PR1, PR2, PR3, PR4 or PR5, so it is dropped (no figure "
         "reads it)", None),
        ("reviews.csv", 2, "REVIEW", "10/04/2020", late_review, "31/03/2020"),
        ("reviews.csv", 2, "REVIEW", "10/04/2020", outside, None),
        ("reviews.csv", 4, "REVIEW", "12/04/2020", late_review, "31/03/2020"),
        ("reviews.csv", 4, "REVIEW", "12/04/2020", outside, None),
    ]
    assert issues(report.set_aside) == [
        ("episodes.csv", 6, "REC", "", "REC must be given when DEC is given", None),
        ("reviews.csv", 3, "REVIEW", "10/04/2020", "REVIEW is after the return's reference date",
         "31/03/2020"),
    ]
    # Repaired counts rows: line 7 has two repairs.
    assert report.tables["lac_episodes"] == {"read": 6, "merged": 0, "set_aside": 1, "loaded": 5,
                                             "repaired": 3}
    assert report.tables["lac_reviews"] == {"read": 3, "merged": 0, "set_aside": 1, "loaded": 2,
                                            "repaired": 2}
    assert balanced(report)
    written = read_import_report(tmp_path / "data")
    assert written is not None
    assert written["repairs"] == [
        {"table": "lac_episodes", "rule": rules.REC_WITHOUT_DEC, "rows": 1},
        {"table": "lac_episodes", "rule": rules.DEC_AFTER_REFERENCE, "rows": 2},
        {"table": "lac_episodes", "rule": rules.PROVIDER_DROPPED, "rows": 1},
        {"table": "lac_reviews", "rule": rules.REVIEW_AFTER_REFERENCE, "rows": 2},
    ]
    extract = load_extract(tmp_path / "data")
    loaded = extract.lac_episodes.select("child_id", "episode_end", "reason_episode_ceased",
                                         "placement_provider")
    assert loaded.rows() == [("C1", None, None, "PR1"), ("C2", None, None, "PR1"),
                             ("C3", None, None, "PR1"), ("C4", D(2019, 9, 1), "E11", "PR1"),
                             ("C6", None, None, None)]
    assert extract.lac_reviews.rows() == [("C2", D(2020, 4, 12), "PN1"),
                                          ("C3", D(2020, 4, 10), "PN1")]


def test_open_episodes_that_all_carry_rec_still_count_as_looked_after(tmp_path: Path) -> None:
    """A third-party return whose every open episode has a reason ceased: the import used to set
    them all aside, leaving no child looked after; each is now open on the reference date."""
    children = [f"C{number}" for number in range(1, 8)]
    folder = write_return(tmp_path / "2019-20", [header(child) for child in (*children, "C8")],
                          [episode("01/05/2019", child=child, rec="E4A") for child in children]
                          + [episode("01/04/2018", "01/05/2019", child="C8")])
    report = do_import(tmp_path / "data", folder)
    assert report.set_aside.filter(pl.col("table") == "lac_episodes").is_empty()
    assert report.tables["lac_episodes"]["repaired"] == 7
    extract = load_extract(tmp_path / "data")
    figures = compute(extract, reporting_year(2019), indicator_ids=["lac_count"])
    assert figures["numerator"].to_list() == [7]


def test_blank_lines_are_skipped_and_line_numbers_follow_quoted_line_breaks(tmp_path: Path) -> None:
    folder = write_return(tmp_path / "2019-20", [header()], [])
    (folder / "episodes.csv").write_text(
        f'{EPISODE_COLUMNS}\n\n{episode()}\n"C1\nX",01/06/2019,S,C2,N1,U1,PR1,,,,,,\n'
        f"{episode('02/07/2019', child='C1 ')}\n{episode('31/13/2019')}\n", encoding="utf-8")
    report = do_import(tmp_path / "data", folder)
    assert issues(report.set_aside) == [
        ("episodes.csv", 4, "CHILD", "C1\nX", "child_id is not in children", None),
        ("episodes.csv", 6, "DECOM", "02/07/2019",
         "episode overlaps an earlier episode of the same child", None),
        ("episodes.csv", 7, "DECOM", "31/13/2019", "DECOM must be a date in the form dd/mm/yyyy",
         None),
    ]
    assert report.inputs[0]["files"][0]["blank_lines"] == 1


def test_rows_the_loader_sets_aside_point_back_to_their_line(tmp_path: Path) -> None:
    folder = write_return(tmp_path / "2019-20", [header()],
                          [episode(), episode("01/06/2019"), episode(child="C9")],
                          [review(child="C9"), review("01/06/2019", "PN0")])
    report = do_import(tmp_path / "data", folder)
    assert issues(report.set_aside) == [
        ("episodes.csv", 3, "DECOM", "01/06/2019",
         "episode overlaps an earlier episode of the same child", None),
        ("episodes.csv", 4, "CHILD", "C9", "child_id is not in children", None),
        ("reviews.csv", 2, "CHILD", "C9", "child_id is not in children", None),
    ]
    assert issues(report.warnings) == [
        ("reviews.csv", 3, "REVIEW_CODE", "PN0",
         "PN0 (child under 4) but the child was 4 or over on the review date", None),
    ]
    assert balanced(report)


# --- Several years -------------------------------------------------------------------------


def overlapping_returns(base: Path) -> tuple[Path, Path]:
    """Two consecutive returns with every repair situation (see the test below)."""
    earlier = write_return(base / "2019-20", [header(), header("C2"), header("C3"),
                                              header("C4", ethnic="WIRI")],
                           [episode("01/05/2019", "01/02/2020", rec="X1"),
                            episode("01/02/2020", rne="P"),
                            episode("01/03/2020", child="C2"),
                            episode("01/01/2020", child="C3"),
                            episode("01/04/2019", child="C4", ls="C1")],
                           [review("05/05/2019"), review("10/03/2020", code="PN2")])
    later = write_return(base / "2020-21", [header(), header("C2"), header("C4")],
                         [episode("01/02/2020", "01/06/2020", rne="P", rec="X1"),
                          episode("05/06/2020", rne="P"),
                          episode("05/03/2020", child="C2"),
                          episode("01/04/2019", "30/09/2020", child="C4", ls="C2"),
                          episode("01/04/2019", "30/09/2019", child="C4", rec="E3")],
                         [review("10/03/2020", code="PN3"), review("01/09/2020")])
    return earlier, later


def test_overlapping_annual_returns_are_merged_into_one_chain(tmp_path: Path) -> None:
    earlier, later = overlapping_returns(tmp_path)
    report = do_import(tmp_path / "data", later, earlier)  # the order given does not matter
    extract = load_extract(tmp_path / "data")
    assert [(i["label"], i["rank"]) for i in report.inputs] == [("2019-20", 0), ("2020-21", 1)]
    assert extract.children.select("child_id", "ethnicity").rows() == [
        ("C1", "WBRI"), ("C2", "WBRI"), ("C3", "WBRI"), ("C4", "WBRI")]
    assert extract.lac_episodes.select("child_id", "episode_start", "episode_end",
                                       "legal_status", "reason_episode_ceased").rows() == [
        ("C1", D(2019, 5, 1), D(2020, 2, 1), "C2", "X1"),
        ("C1", D(2020, 2, 1), D(2020, 6, 1), "C2", "X1"),
        ("C1", D(2020, 6, 5), None, "C2", None),
        ("C2", D(2020, 3, 5), None, "C2", None),
        ("C3", D(2020, 1, 1), None, "C2", None),
        ("C4", D(2019, 4, 1), D(2020, 9, 30), "C2", "E11"),
    ]
    assert extract.lac_reviews.rows() == [("C1", D(2019, 5, 5), "PN1"),
                                          ("C1", D(2020, 3, 10), "PN3"),
                                          ("C1", D(2020, 9, 1), "PN1")]
    later_file = str(later / "episodes.csv")
    assert issues(report.set_aside) == [
        ("episodes.csv", 4, "DECOM", "01/03/2020", rules.SUPERSEDED, f"{later_file} line 4"),
        ("episodes.csv", 6, "DECOM", "01/04/2019",
         "episode overlaps an earlier episode of the same child", None),
    ]
    assert report.set_aside["file"][0] == str(earlier / "episodes.csv")
    assert report.set_aside["file"][1] == later_file
    assert issues(report.warnings) == [
        ("header.csv", 5, "ETHNIC", "WIRI", rules.DIFFERS,
         f"{later / 'header.csv'} line 4 has WBRI"),
        ("episodes.csv", 5, "DEC", "", rules.OPEN_NOT_IN_NEXT, "the 2020-21 return"),
        ("episodes.csv", 6, "LS", "C1", rules.DIFFERS, f"{later_file} line 5 has C2"),
        ("episodes.csv", 2, "REC", "X1", rules.X1_BROKEN, "the next episode starts 05/06/2020"),
        ("episodes.csv", 6, "DEC", "30/09/2019", "DEC is before the start of the return's year",
         "01/04/2020"),
        ("reviews.csv", 3, "REVIEW_CODE", "PN2", rules.DIFFERS,
         f"{later / 'reviews.csv'} line 2 has PN3"),
        ("reviews.csv", 2, "REVIEW", "10/03/2020", "REVIEW is before the start of the return's "
         "year", "01/04/2020"),
    ]
    assert report.tables["children"] == {"read": 7, "merged": 3, "set_aside": 0, "loaded": 4, "repaired": 0}
    assert report.tables["lac_episodes"] == {"read": 10, "merged": 2, "set_aside": 2,
                                             "loaded": 6, "repaired": 0}
    assert report.tables["lac_reviews"] == {"read": 4, "merged": 1, "set_aside": 0, "loaded": 3,
                                            "repaired": 0}
    assert extract.authority.extract_date == D(2021, 3, 31)


def test_an_episode_ended_before_the_year_is_a_warning(tmp_path: Path) -> None:
    folder = write_return(tmp_path / "2019-20", [header()], [episode("01/01/2019", "01/02/2019")])
    report = do_import(tmp_path / "data", folder)
    assert issues(report.warnings) == [
        ("episodes.csv", 2, "DEC", "01/02/2019", "DEC is before the start of the return's year",
         "01/04/2019")]
    assert report.tables["lac_episodes"]["loaded"] == 1


def test_two_returns_for_one_year_refuse_the_import(tmp_path: Path) -> None:
    first = write_return(tmp_path / "a" / "2019-20", [header()], [episode()])
    second = write_return(tmp_path / "b", [header()], [episode("01/05/2019", "01/06/2019")])
    done = run_cli("import", "--ssda903", str(first), "--ssda903", str(second), "--la-code", "841",
                   "--out", str(tmp_path / "data"))
    assert done.returncode == 2
    assert done.stderr == (f"two SSDA903 returns for 2019-20: {first} and {second}; give one "
                           "return per year\n")
    assert not (tmp_path / "data").exists()


# --- Whole input refused ---------------------------------------------------------------------


def refused(tmp_path: Path, *args: str, megabytes: int | None = None) -> str:
    """stderr of an import that must be refused with exit status 2 and write nothing."""
    stderr = refusal("import", *args, "--la-code", "841", "--out", str(tmp_path / "data"),
                     megabytes=megabytes)
    assert not (tmp_path / "data").exists()
    return stderr


def imported(folder: Path, out: Path) -> None:
    """Import ``folder`` into ``out`` (exit status 0); its summary is dropped."""
    done = run_cli("import", "--ssda903", str(folder), "--la-code", "841", "--out", str(out))
    assert done.returncode == 0, done.stderr


def test_an_empty_file_refuses_the_import(tmp_path: Path) -> None:
    folder = write_return(tmp_path / "2019-20", [header()], [episode()])
    (folder / "header.csv").write_text("")
    assert refused(tmp_path, "--ssda903", str(folder)) == (
        f"{folder / 'header.csv'}: the file is empty\n")


def test_a_file_that_is_not_utf8_refuses_the_import(tmp_path: Path) -> None:
    folder = write_return(tmp_path / "2019-20", [header()], [episode(), episode(child="C\xe9")])
    (folder / "episodes.csv").write_bytes((folder / "episodes.csv").read_text(
        encoding="utf-8").encode("cp1252"))
    assert refused(tmp_path, "--ssda903", str(folder)) == (
        f"{folder / 'episodes.csv'}: not UTF-8 text (byte 0xE9 on line 3); save it as UTF-8 "
        "and import again\n")


def test_a_folder_with_no_recognisable_files_refuses_the_import(tmp_path: Path) -> None:
    folder = tmp_path / "2019-20"
    folder.mkdir()
    (folder / "notes.csv").write_text("a,b\n1,2\n")
    (folder / "header.txt").write_text(HEADER_COLUMNS)
    assert refused(tmp_path, "--ssda903", str(folder)) == (
        f"{folder}: no SSDA903 header, episodes or reviews file found (looked for header.csv, "
        "episodes.csv and reviews.csv, or CSV files with their columns)\n")


def test_every_unusable_input_is_listed_before_refusing(tmp_path: Path) -> None:
    no_header = tmp_path / "no-header"
    write_return(no_header, [header()], [episode()])
    (no_header / "header.csv").unlink()
    short = write_return(tmp_path / "short", [header()], [episode()])
    (short / "header.csv").write_text("CHILD,SEX,DOB\nC1,1,01/01/2010\n")
    missing = tmp_path / "missing"
    assert refused(tmp_path, "--ssda903", str(no_header), "--ssda903", str(short),
                           "--ssda903", str(missing)).splitlines() == [
        f"{no_header}: no header file (a header.csv, or a CSV file with the columns CHILD, DOB, "
        "ETHNIC, SEX)",
        f"{short / 'header.csv'}: missing column ETHNIC (the header table needs CHILD, SEX, DOB, "
        "ETHNIC)",
        f"{missing}: no such directory",
    ]


def test_no_input_and_a_bad_la_code_are_refused(tmp_path: Path) -> None:
    assert refused(tmp_path) == f"{NO_INPUT}\n"
    folder = write_return(tmp_path / "2019-20", [header()], [episode()])
    done = run_cli("import", "--ssda903", str(folder), "--la-code", "84", "--out",
                   str(tmp_path / "data"))
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == ("python -m iro_metrics import: error: argument "
                                            "--la-code: '84' is not a 3-digit DfE LA number such "
                                            "as 841")


def test_nothing_loadable_refuses_the_import_and_says_why(tmp_path: Path) -> None:
    folder = write_return(tmp_path / "2019-20", [header(sex="M")], [episode()])
    stderr = refused(tmp_path, "--ssda903", str(folder))
    assert f"  {folder / 'header.csv'} line 2, SEX 'M': SEX must be 1 or 2" in stderr
    assert stderr.endswith(f"{NOTHING_LOADED}\n")


def test_a_directory_the_loader_refuses_for_its_data_refuses_the_import(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader refuses a directory left with no episode or plan (with its report); the import
    is refused with that report and writes nothing."""
    def refusing(directory: Path) -> None:
        raise ExtractRefused(directory, ["lac_episodes.parquet: every row was set aside"],
                             load_extract(directory).report)

    monkeypatch.setattr("iro_metrics.returns.importer.load_extract", refusing)
    folder = write_return(tmp_path / "2019-20", [header()], [episode()])
    with pytest.raises(InputRefused) as error:
        do_import(tmp_path / "data", folder)
    assert error.value.messages == (
        "the imported data directory was refused: lac_episodes.parquet: every row was set aside",)
    assert error.value.report.tables["lac_episodes"]["loaded"] == 1
    assert not (tmp_path / "data").exists()


def test_a_failed_import_leaves_the_existing_directory_untouched(tmp_path: Path) -> None:
    good = write_return(tmp_path / "2019-20", [header()], [episode()])
    out = tmp_path / "data"
    assert run_cli("import", "--ssda903", str(good), "--la-code", "841", "--out",
                   str(out)).returncode == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    bad = write_return(tmp_path / "bad" / "2020-21", [header()], [episode()])
    (bad / "episodes.csv").write_text("")
    done = run_cli("import", "--ssda903", str(bad), "--la-code", "841", "--out", str(out))
    assert done.returncode == 2
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_out_directory_that_is_not_a_data_directory_is_not_replaced(tmp_path: Path) -> None:
    folder = write_return(tmp_path / "2019-20", [header()], [episode()])
    with pytest.raises(InputRefused) as error:
        do_import(tmp_path, folder)
    assert error.value.messages == (f"{tmp_path}: exists and is not a data directory (it has no "
                                    "authority.json); choose another --out",)


def test_a_second_import_replaces_the_data_directory(tmp_path: Path) -> None:
    first = write_return(tmp_path / "r" / "2019-20", [header()], [episode()])
    second = write_return(tmp_path / "s" / "2019-20", [header(), header("C2")],
                          [episode(), episode(child="C2")])
    do_import(tmp_path / "data", first)
    (tmp_path / "data" / "cp_plans.parquet").write_bytes(b"left over")
    do_import(tmp_path / "data", second)
    assert load_extract(tmp_path / "data").children.height == 2
    assert not (tmp_path / "data" / "cp_plans.parquet").exists()


# --- Hostile returns: refused with the place and the rule, never a traceback ----------------


@pytest.mark.parametrize("name", ["9999-00", "0000-01"])
def test_a_folder_named_for_a_year_no_return_can_describe_is_refused(tmp_path: Path,
                                                                     name: str) -> None:
    folder = write_return(tmp_path / name, [header()], [episode()])
    assert refused(tmp_path, "--ssda903", str(folder)) == (
        f"{folder}, year in the folder name '{name}': {rules.YEAR_RANGE} ({current_year()})\n")


def test_old_mac_line_endings_are_read_like_any_other(tmp_path: Path) -> None:
    """Lines ending in CR alone (old Mac OS, Excel's "CSV (Macintosh)") are read, with each CR a
    line break, inside a quoted value too: the report is the LF file's, line for line."""
    reports = {}
    for name, endings in (("lf", "\n"), ("cr", "\r")):
        folder = write_return(
            tmp_path / f"return-{name}",
            [header(), 'C2,1,17/05/2010,"WB\nRI",,,', header("C3", sex="3")],
            [episode(), episode(child="C3")], [review()], names=("a.csv", "b.csv", "c.csv"))
        for path in folder.iterdir():
            path.write_bytes(path.read_bytes().replace(b"\n", endings.encode()))
        out = tmp_path / f"data-{name}"
        imported(folder, out)
        reports[name] = [(Path(i["file"]).name, i["line"], i["field"],
                          i["value"].replace(endings, "<break>"), i["rule"])
                         for i in read_import_report(out)["set_aside"]]
    assert reports["cr"] == reports["lf"] == [
        ("a.csv", 3, "ETHNIC", "WB<break>RI", "ETHNIC must be an SSDA903 ETHNIC code"),
        ("a.csv", 5, "SEX", "3", "SEX must be 1 or 2"),
        ("b.csv", 3, "CHILD", "C3", rules.CHILD_SET_ASIDE),
    ]


@pytest.mark.parametrize(("before", "unit", "after", "line", "field", "start"), [
    pytest.param(f"{HEADER_COLUMNS}\n{header()}\nC2,1,17/05/2010,", "x", ",,,\n", 3, "ETHNIC",
                 "", id="a value"),
    pytest.param(f'{HEADER_COLUMNS}\n{header()}\nC2,1,17/05/2010,"', "x,\n", '",,,\n', 3,
                 "ETHNIC", "", id="a quoted value holding commas and line breaks"),
    pytest.param("CHILD,SEX,DOB,ETHNIC,", "Z", f"\n{header()}\n", 1, "header row",
                 "CHILD,SEX,DOB,ETHNIC,", id="the header row"),
])
def test_a_field_of_tens_of_megabytes_is_refused_without_being_held(
        tmp_path: Path, before: str, unit: str, after: str, line: int, field: str,
        start: str) -> None:
    folder = write_return(tmp_path / "2019-20", [], [episode()])
    write_huge(folder / "header.csv", before, 30, after, unit=unit)
    shown = (start + unit * 40)[:40] + "…"
    assert refused(tmp_path, "--ssda903", str(folder), megabytes=8) == (
        f"{folder / 'header.csv'} line {line}, {field} {shown!r}: {rules.TOO_LONG}\n")


def test_the_longest_value_allowed_is_counted_in_characters(tmp_path: Path) -> None:
    longest = header("C2", ethnic="é" * rules.LONGEST)  # twice as many bytes
    folder = write_return(tmp_path / "2019-20", [header(), longest], [episode()])
    imported(folder, tmp_path / "read")
    write_return(folder, [header(), longest, header("C3", ethnic="é" * (rules.LONGEST + 1))],
                 [episode()])
    assert refused(tmp_path, "--ssda903", str(folder)) == (
        f"{folder / 'header.csv'} line 4, ETHNIC '{'é' * 40}…': {rules.TOO_LONG}\n")


KILLED = """
import os, signal, sys
from pathlib import Path
from iro_metrics import cli
from iro_metrics.returns import importer

def killed(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

{at}
cli.main(sys.argv[1:])
"""
WHILE_BUILDING = "importer.load_extract = killed  # the tables are written, not yet loaded"
WHILE_SWAPPING = """
rename = Path.rename
def rename_or_die(self, target):  # the old directory is moved aside, the new one not yet in
    if "-building-" in self.name:
        killed()
    return rename(self, target)
Path.rename = rename_or_die
"""


def killed_import(at: str, folder: Path, out: Path) -> None:
    """Import ``folder`` into ``out`` in a process that kill -9s itself at the point ``at``."""
    done = subprocess.run([sys.executable, "-c", KILLED.format(at=at), "import", "--ssda903",
                           str(folder), "--la-code", "841", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr


def hidden(directory: Path) -> list[str]:
    """The hidden entries of ``directory`` without their process and random parts."""
    return sorted(re.sub(r"-\d+-\w{8}$", "", path.name) for path in directory.iterdir()
                  if path.name.startswith("."))


def contents(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in directory.iterdir()}


def two_returns(base: Path) -> tuple[Path, Path]:
    """A return for one child, and a later one for two."""
    return (write_return(base / "r" / "2019-20", [header()], [episode()]),
            write_return(base / "s" / "2019-20", [header(), header("C2")],
                         [episode(), episode(child="C2")]))


def test_an_import_killed_while_building_is_cleaned_up_by_the_next(tmp_path: Path) -> None:
    first, second = two_returns(tmp_path)
    out = tmp_path / "data"
    imported(first, out)
    before = contents(out)
    killed_import(WHILE_BUILDING, second, out)
    assert contents(out) == before and hidden(tmp_path) == [".data-building"]
    running = tmp_path / f".data-building-{os.getpid()}-abcd_123"  # a run still going
    running.mkdir()
    imported(second, out)
    assert hidden(tmp_path) == [".data-building"] and running.is_dir()
    assert load_extract(out).children.height == 2


def test_an_import_killed_mid_swap_is_undone_by_the_next_even_refused(tmp_path: Path) -> None:
    first, second = two_returns(tmp_path)
    out = tmp_path / "data"
    imported(first, out)
    before = contents(out)
    killed_import(WHILE_SWAPPING, second, out)
    assert not out.exists() and hidden(tmp_path) == [".data-building", ".data-old"]
    bad = write_return(tmp_path / "bad" / "2020-21", [header()], [episode()])
    (bad / "episodes.csv").write_text("")
    assert refusal("import", "--ssda903", str(bad), "--la-code", "841", "--out",
                   str(out)) == f"{bad / 'episodes.csv'}: the file is empty\n"
    assert contents(out) == before and hidden(tmp_path) == []


# --- Population ------------------------------------------------------------------------------


def test_the_population_csv_is_checked_and_traced_to_its_lines(tmp_path: Path) -> None:
    folder = write_return(tmp_path / "2019-20", [header()], [episode()])
    population = tmp_path / "population.csv"
    population.write_text("mid_year,age,population\n2019,,21000\n2020,,x\n2020,18,5\n"
                          "2021,,-3\n,,4\n")
    report = do_import(tmp_path / "data", folder, population=population)
    assert issues(report.set_aside) == [
        ("population.csv", 3, "population", "x", "population must be a whole number", None),
        ("population.csv", 4, "age", "18", "age must be 0 to 17 (or empty for the 0-17 total)",
         None),
        ("population.csv", 5, "population", "-3", "population must not be negative", None),
        ("population.csv", 6, "mid_year", "", "mid_year must not be empty", None),
    ]
    # A v1 population CSV: the v1.1 ethnic_group column is added empty when loaded.
    assert load_extract(tmp_path / "data").population.rows() == [(2019, None, 21000, None)]


# --- Report ------------------------------------------------------------------------------------


def test_the_import_report_says_where_the_data_came_from(tmp_path: Path) -> None:
    earlier, later = overlapping_returns(tmp_path)
    done = run_cli("import", "--ssda903", str(earlier), "--ssda903", str(later), "--la-code", "841",
                   "--out", str(tmp_path / "data"), "--limit", "1")
    assert done.returncode == 0 and done.stdout == ""
    assert f"Wrote {tmp_path / 'data'} (extract date 2021-03-31, the latest reference date of " \
           "the returns, 2020-21) in" in done.stderr
    assert "Set aside, first 1 of 2:" in done.stderr
    report = read_import_report(tmp_path / "data")
    assert report is not None
    assert report["authority"]["la_code"] == "841"
    assert dt.datetime.fromisoformat(report["imported_at"]).tzinfo is not None
    assert [(Path(f["path"]).name, f["bytes"]) for f in report["inputs"][0]["files"]] == [
        (name, (earlier / name).stat().st_size)
        for name in ("episodes.csv", "header.csv", "reviews.csv")]
    assert report["tables"]["lac_episodes"] == {"read": 10, "merged": 2, "set_aside": 2,
                                                "loaded": 6, "repaired": 0}
    assert report["set_aside"][0] == {
        "table": "lac_episodes", "file": str(earlier / "episodes.csv"), "line": 4, "path": None,
        "field": "DECOM", "value": "01/03/2020", "rule": rules.SUPERSEDED,
        "detail": f"{later / 'episodes.csv'} line 4"}
    assert len(report["warnings"]) == 7
    extract = load_extract(tmp_path / "data")  # the loader ignores import_report.json
    assert (tmp_path / "data" / REPORT_FILE).is_file()
    assert extract.report.rows_loaded == {table: counts["loaded"]
                                          for table, counts in report["tables"].items()}


def test_read_import_report_is_none_without_a_readable_report(tmp_path: Path) -> None:
    assert read_import_report(tmp_path) is None
    (tmp_path / REPORT_FILE).write_text("{not json")
    assert read_import_report(tmp_path) is None
    (tmp_path / REPORT_FILE).write_text(json.dumps({"format": "something else"}))
    assert read_import_report(tmp_path) is None


def test_every_option_of_the_new_commands_is_explained() -> None:
    commands = next(a for a in build_parser()._actions
                    if isinstance(a, argparse._SubParsersAction))
    for name in ("import", "export-903"):
        sub = commands.choices[name]
        assert sub.description, name
        for option in (a for a in sub._actions if a.option_strings and a.dest != "help"):
            assert option.help and len(option.help) > 15, (name, option.option_strings)
        assert run_cli(name, "--help").returncode == 0


# --- Export ------------------------------------------------------------------------------------


def test_export_writes_each_year_as_that_year_s_return(tmp_path: Path) -> None:
    earlier, later = overlapping_returns(tmp_path / "in")
    do_import(tmp_path / "data", earlier, later)
    done = run_cli("export-903", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "out"))
    assert done.returncode == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["2019-20", "2020-21"]
    year = tmp_path / "out" / "2020-21"
    assert (year / "header.csv").read_text().splitlines() == [
        HEADER_COLUMNS, "C1,1,17/05/2010,WBRI,,,", "C2,1,17/05/2010,WBRI,,,",
        "C3,1,17/05/2010,WBRI,,,", "C4,1,17/05/2010,WBRI,,,"]
    first = (tmp_path / "out" / "2019-20" / "episodes.csv").read_text().splitlines()
    assert first[:3] == [EPISODE_COLUMNS, "C1,01/05/2019,S,C2,N1,U1,PR1,01/02/2020,X1,,,,",
                         "C1,01/02/2020,P,C2,N1,U1,PR1,,,,,,"]
    assert (year / "reviews.csv").read_text().splitlines() == [
        "CHILD,DOB,REVIEW,REVIEW_CODE", "C1,17/05/2010,01/09/2020,PN1"]
    assert done.stderr.splitlines()[1:] == [
        "  2019-20: 4 children, 5 episodes, 2 reviews",
        "  2020-21: 4 children, 5 episodes, 1 reviews",
    ]


def test_export_leaves_out_a_child_it_cannot_write_and_says_so(tmp_path: Path) -> None:
    data = tmp_path / "data"
    folder = write_return(tmp_path / "2019-20", [header(), header("C2")],
                          [episode(), episode(child="C2")], [review(child="C2")])
    do_import(data, folder)
    children = pl.read_parquet(data / "children.parquet")
    children.with_columns(sex=pl.when(pl.col("child_id") == "C2").then(pl.lit("U"))
                          .otherwise("sex")).write_parquet(data / "children.parquet")
    exported = export_903(data, tmp_path / "out")
    assert [(y.label, y.children, y.left_out) for y in exported.years] == [
        ("2019-20", 1, [{"child_id": "C2", "reason": "sex U cannot be written as SSDA903 SEX "
                         "(1 or 2)", "episodes": 1, "reviews": 1}])]
    done = run_cli("export-903", "--data", str(data), "--out", str(tmp_path / "out"))
    assert "    left out C2: sex U cannot be written as SSDA903 SEX (1 or 2) (1 episodes, " \
           "1 reviews)" in done.stderr.splitlines()


def test_export_is_refused_without_looked_after_data(tmp_path: Path, tiny_dir: Path) -> None:
    done = run_cli("export-903", "--data", str(tiny_dir), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert done.stderr == (f"{tiny_dir}: the data directory has no lac_episodes table, so there "
                           "are no SSDA903 returns to write\n")
    done = run_cli("export-903", "--data", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o"))
    assert (done.returncode, done.stderr) == (2, f"{tmp_path / 'nowhere'}: no such data "
                                                 "directory\n")


def test_export_refuses_an_extract_date_no_return_can_describe(tmp_path: Path) -> None:
    data = tmp_path / "data"
    do_import(data, write_return(tmp_path / "2019-20", [header()], [episode()]))
    authority = json.loads((data / "authority.json").read_text())
    (data / "authority.json").write_text(json.dumps({**authority, "extract_date": "9999-12-31"}))
    assert refusal("export-903", "--data", str(data), "--out",
                   str(tmp_path / "out")) == (
        f"{data / 'authority.json'}, extract_date '9999-12-31': {rules.YEAR_RANGE} "
        f"({current_year()})\n")
