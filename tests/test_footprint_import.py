"""``import --extra DIR``: the v1.1 tables as CSV files beside an SSDA903 return, validated like
every other input (exact messages naming file, line, field and rule), and their round trip into
the footprint indicators."""

from pathlib import Path

import polars as pl
import pytest
from helpers import run_cli
from returns_fixtures.builders import episode, header, review, write_return

from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators.engine import compute
from iro_metrics.indicators.periods import reporting_year
from iro_metrics.returns.common import InputRefused
from iro_metrics.returns.extra_csv import no_extra_files
from iro_metrics.returns.importer import import_returns

FILES = {
    # Column names in any case; the optional iro_id left out.
    "iro_activity.csv": "ACTIVITY_ID,Child_ID,activity_date,activity_type\n"
                        "A1,C1,2019-05-20,VISIT\n"
                        "A2,C1,2019-07-01,MIDWAY_CHECK\n",
    "other_reviews.csv": "review_id,review_type,review_date,due_date,child_id\n"
                         "O1,FOSTER_CARER,2019-06-01,2019-06-30,\n"
                         "O2,ADOPTION,2019-09-01,,C1\n",
    "service_activity.csv": "activity_date,activity_type,sessions,attendees\n"
                            "2019-06-03,TRAINING,2,14\n"
                            "2019-06-03,AUDIT,6,\n",
    "feedback.csv": "feedback_id,feedback_date,respondent,about,listened_to,helpful\n"
                    "F1,2019-08-01,CHILD,LAC_REVIEW,5,\n"
                    "F2,2019-08-02,PARENT,CP_CONFERENCE,2,4\n",
}


def write_files(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def issues(frame: pl.DataFrame) -> list[tuple[str, int, str, str, str]]:
    return [(Path(row["file"]).name, row["line"], row["field"], row["value"], row["rule"])
            for row in frame.iter_rows(named=True)]


@pytest.fixture
def ssda903(tmp_path: Path) -> Path:
    """One child looked after from 1 May 2019, reviewed on 1 June and 1 August 2019."""
    return write_return(tmp_path / "2019-20", [header()], [episode()],
                        [review(), review("01/08/2019")])


def test_extra_tables_round_trip_into_the_footprint(tmp_path: Path, ssda903: Path) -> None:
    """Contact: the visit on 20 May is after the period's start (1 May), before the first review
    (1 June): 1 of 2 reviews. Midway: the check on 1 July lies between the two: 1 of 1. Other
    reviews 2 (one on time of one judged); training 2 sessions, 14 attendees; audits 6;
    listened to 1 of 2; helpful 1 of 1."""
    extra = write_files(tmp_path / "extra", FILES)
    done = run_cli("import", "--ssda903", str(ssda903), "--extra", str(extra), "--la-code",
                   "841", "--out", str(tmp_path / "data"))
    assert done.returncode == 0, done.stderr
    assert f"  extra {extra}: iro_activity.csv 2 rows" in done.stderr
    extract = load_extract(tmp_path / "data")
    assert extract.table("iro_activity")["iro_id"].to_list() == [None, None]
    result = compute(extract, reporting_year(2019), indicator_ids=[
        "iro_contact_before_review", "iro_midway_checks", "other_reviews_held",
        "other_reviews_timely", "training_sessions", "training_attendees", "audits_completed",
        "feedback_listened_to", "feedback_helpful"])
    assert result.select("numerator", "denominator").rows() == [
        (1, 2), (1, 1), (2, None), (1, 1), (2, None), (14, None), (6, None), (1, 2), (1, 1)]


def test_bad_values_are_set_aside_with_their_line_and_rule(tmp_path: Path,
                                                           ssda903: Path) -> None:
    """The CSV reader's own rules (a date that is not one, a count that is not whole) and the
    loader's (a code, an unknown child, a repeated id) both name the file's line."""
    extra = write_files(tmp_path / "extra", {
        "iro_activity.csv": "activity_id,child_id,iro_id,activity_date,activity_type\n"
                            "A1,C1,,20/05/2019,VISIT\n"
                            "A2,C1,,2019-05-21,PHONE\n"
                            "A3,C7,,2019-05-22,VISIT\n"
                            "A4,C1,,2019-05-23,VISIT\n",
        "service_activity.csv": "activity_date,activity_type,sessions,attendees\n"
                                "2019-06-03,TRAINING,two,\n",
        "feedback.csv": "feedback_id,feedback_date,respondent,about,listened_to,helpful\n"
                        "F1,2019-08-01,CHILD,LAC_REVIEW,5,\n"
                        "F1,2019-08-02,PARENT,CP_CONFERENCE,2,4\n",
    })
    report = import_returns(ssda903=[ssda903], cin=[], population=None, la_code="841",
                            out=tmp_path / "data", extra=extra)
    assert issues(report.set_aside) == [
        ("iro_activity.csv", 2, "activity_date", "20/05/2019",
         "activity_date must be a date in the form YYYY-MM-DD"),
        ("iro_activity.csv", 3, "activity_type", "PHONE",
         "activity_type must be PRE_REVIEW_CONTACT, VISIT, MIDWAY_CHECK or CONSULTATION"),
        ("iro_activity.csv", 4, "child_id", "C7", "child_id is not in children"),
        ("service_activity.csv", 2, "sessions", "two", "sessions must be a whole number"),
        ("feedback.csv", 2, "feedback_id", "F1", "feedback_id appears on more than one row"),
        ("feedback.csv", 3, "feedback_id", "F1", "feedback_id appears on more than one row"),
    ]
    assert report.tables["iro_activity"] == {"read": 4, "merged": 0, "set_aside": 3,
                                             "loaded": 1, "repaired": 0}


def test_a_missing_column_refuses_the_import(tmp_path: Path, ssda903: Path) -> None:
    extra = write_files(tmp_path / "extra", {
        "feedback.csv": "feedback_id,respondent,about\nF1,CHILD,LAC_REVIEW\n"})
    done = run_cli("import", "--ssda903", str(ssda903), "--extra", str(extra), "--la-code",
                   "841", "--out", str(tmp_path / "data"))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"{extra / 'feedback.csv'}: missing column FEEDBACK_DATE (the feedback table needs "
        "FEEDBACK_ID, FEEDBACK_DATE, RESPONDENT, ABOUT)"]
    assert not (tmp_path / "data").exists()


def test_a_folder_without_any_table_refuses_the_import(tmp_path: Path, ssda903: Path) -> None:
    extra = write_files(tmp_path / "extra", {"notes.csv": "a\n1\n"})
    with pytest.raises(InputRefused) as refused:
        import_returns(ssda903=[ssda903], cin=[], population=None, la_code="841",
                       out=tmp_path / "data", extra=extra)
    assert refused.value.messages == (no_extra_files(str(extra)),)
    assert no_extra_files("x") == ("x: no iro_activity.csv, other_reviews.csv, "
                                   "service_activity.csv or feedback.csv to import")
