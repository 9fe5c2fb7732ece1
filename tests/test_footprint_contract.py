"""Extract contract v1.1 through the loader: the optional lac_reviews columns, the four optional
tables' row rules in the spec's order, their warnings, and a v1 directory (without any of them)
still valid with every earlier figure unchanged."""

from pathlib import Path

import polars as pl
import pytest
from extract_builders import (
    D,
    activity,
    frame,
    review,
    valid_extract,
    valid_rows,
)

from iro_metrics.contract.extract import Extract
from iro_metrics.contract.loader import IRO_NOT_IN_POST, NEVER_LOOKED_AFTER, load_extract
from iro_metrics.indicators.engine import compute
from iro_metrics.indicators.periods import parse_period
from iro_metrics.indicators.registry import FOOTPRINT

V11_TABLES = ("iro_activity", "other_reviews", "service_activity", "feedback")
UNKNOWN_IRO = "iro_id is not in iro_staff (or its rows were set aside)"


def issues(table: pl.DataFrame) -> list[tuple[str, int, str, str, str]]:
    return [tuple(row) for row in table.iter_rows()]  # type: ignore[misc]


def test_the_valid_extract_has_every_v11_table(tmp_path: Path) -> None:
    extract = load_extract(valid_extract(tmp_path))
    assert all(extract.has(table) for table in V11_TABLES)
    assert extract.report.set_aside.is_empty() and extract.report.warnings.is_empty()


def test_lac_reviews_optional_columns_load_when_given_and_are_absent_otherwise(
        tmp_path: Path) -> None:
    reviews = [review(D(2019, 2, 7), iro_id="I1", permanence_plan=None),
               review(D(2019, 8, 1), "PN4", iro_id=None, permanence_plan=True)]
    with_columns = load_extract(valid_extract(tmp_path / "v11", lac_reviews=reviews))
    assert with_columns.table("lac_reviews").select("iro_id", "permanence_plan").rows() == [
        ("I1", None), (None, True)]
    without = load_extract(valid_extract(tmp_path / "v1"))
    assert without.table("lac_reviews").columns == ["child_id", "review_date",
                                                    "participation_code"]


def test_an_optional_column_of_the_wrong_type_makes_the_table_absent(tmp_path: Path) -> None:
    reviews = frame("lac_reviews", valid_rows()["lac_reviews"]).with_columns(
        permanence_plan=pl.lit("yes"))
    extract = load_extract(valid_extract(tmp_path, lac_reviews=reviews))
    assert extract.lac_reviews is None
    assert extract.report.messages == (
        "lac_reviews.parquet: column 'permanence_plan' has type String, expected true or false",)


def test_a_v11_table_missing_a_column_is_absent_with_its_message(tmp_path: Path) -> None:
    feedback = frame("feedback", valid_rows()["feedback"]).drop("helpful")
    extract = load_extract(valid_extract(tmp_path, feedback=feedback))
    assert extract.feedback is None and not extract.has("feedback")
    assert extract.report.messages == ("feedback.parquet: missing column 'helpful'",)
    assert extract.has("iro_activity")


def test_row_rules_apply_in_the_spec_order(tmp_path: Path) -> None:
    """Codes first; then every row sharing a key (A1 twice, one of them of an unknown child,
    set aside as a duplicate only); then references to children and iro_staff."""
    rows = [activity("A1"), activity("A1", child_id="C7"), activity("A2", activity_type="CALL"),
            activity("A3", child_id="C7"), activity("A4", iro_id="I9")]
    extract = load_extract(valid_extract(tmp_path, iro_activity=rows))
    assert issues(extract.report.set_aside) == [
        ("iro_activity.parquet", 1, "activity_id", "A1", "activity_id appears on more than one row"),
        ("iro_activity.parquet", 2, "activity_id", "A1", "activity_id appears on more than one row"),
        ("iro_activity.parquet", 3, "activity_type", "CALL",
         "activity_type must be PRE_REVIEW_CONTACT, VISIT, MIDWAY_CHECK or CONSULTATION"),
        ("iro_activity.parquet", 4, "child_id", "C7", "child_id is not in children"),
        ("iro_activity.parquet", 5, "iro_id", "I9", UNKNOWN_IRO),
    ]
    assert extract.report.rows_loaded["iro_activity"] == 0


def test_a_review_chaired_by_an_unknown_iro_is_set_aside(tmp_path: Path) -> None:
    reviews = [review(D(2019, 2, 7), iro_id="I1"), review(D(2019, 8, 1), "PN4", iro_id="I8")]
    extract = load_extract(valid_extract(tmp_path, lac_reviews=reviews))
    assert issues(extract.report.set_aside) == [
        ("lac_reviews.parquet", 2, "iro_id", "I8", UNKNOWN_IRO)]


def test_a_foster_carer_review_of_a_child_is_set_aside(tmp_path: Path) -> None:
    rows = valid_rows()["other_reviews"]
    rows[0]["child_id"] = "C1"
    extract = load_extract(valid_extract(tmp_path, other_reviews=rows))
    assert issues(extract.report.set_aside) == [
        ("other_reviews.parquet", 1, "child_id", "C1",
         "child_id must be empty for a FOSTER_CARER review")]


def test_iro_activity_of_a_child_never_looked_after_is_a_warning(tmp_path: Path) -> None:
    """C2 is on a plan and has no episode; C1 is looked after."""
    rows = [activity("A1"), activity("A2", child_id="C2")]
    extract = load_extract(valid_extract(tmp_path, iro_activity=rows))
    assert issues(extract.report.warnings) == [
        ("iro_activity.parquet", 2, "child_id", "C2", NEVER_LOOKED_AFTER)]
    assert extract.report.rows_loaded["iro_activity"] == 2
    assert NEVER_LOOKED_AFTER == "the child has no lac_episodes row, so was never looked after"


def test_without_episodes_iro_activity_is_not_checked(tmp_path: Path) -> None:
    rows = [activity("A2", child_id="C2")]
    extract = load_extract(valid_extract(tmp_path, iro_activity=rows, lac_episodes=None,
                                         lac_reviews=None))
    assert extract.report.warnings.is_empty()


def test_a_review_chaired_by_an_iro_not_in_post_is_a_warning(tmp_path: Path) -> None:
    """I2 is in post from 2015-01-05 until 2019-12-31 (the first day no longer covered): a review
    on its start date is chaired in post, one on its end date or later is not."""
    reviews = [review(D(2015, 1, 5), iro_id="I2", child_id="C2"),
               review(D(2019, 2, 7), iro_id="I2"),
               review(D(2019, 12, 31), iro_id="I2"),
               review(D(2020, 1, 15), iro_id="I1"),
               review(D(2020, 2, 3), iro_id=None)]
    extract = load_extract(valid_extract(tmp_path, lac_reviews=reviews))
    warnings = extract.report.warnings.filter(pl.col("column") == "iro_id")
    assert issues(warnings) == [("lac_reviews.parquet", 3, "iro_id", "I2", IRO_NOT_IN_POST)]
    assert IRO_NOT_IN_POST == "the IRO (iro_id) was not in post in iro_staff on the review_date"


@pytest.fixture
def v1_and_v11(tmp_path: Path) -> tuple[Extract, Extract]:
    """The valid extract as a v1 directory (none of the v1.1 tables or columns) and with them
    all (the lac_reviews columns filled too)."""
    reviews = [review(D(2019, 2, 7), iro_id="I1", permanence_plan=True),
               review(D(2019, 8, 1), "PN4", iro_id="I1", permanence_plan=False)]
    v1 = load_extract(valid_extract(tmp_path / "v1", **dict.fromkeys(V11_TABLES)))
    v11 = load_extract(valid_extract(tmp_path / "v11", lac_reviews=reviews))
    return v1, v11


@pytest.mark.parametrize("period", ["2018-19", "2019-20"])
@pytest.mark.parametrize("by", [None, "sex", "legal_status_group"])
def test_a_v1_directory_loads_with_every_earlier_figure_unchanged(
        v1_and_v11: tuple[Extract, Extract], period: str, by: str | None) -> None:
    v1, v11 = v1_and_v11
    assert not any(v1.has(table) for table in V11_TABLES)
    assert v1.report.set_aside.is_empty() and v1.report.messages == ()
    footprint = [indicator.id for indicator in FOOTPRINT]
    earlier = pl.col("indicator_id").is_in(footprint).not_()
    old, new = (compute(extract, parse_period(period), by=by) for extract in (v1, v11))
    assert old.filter(earlier).equals(new.filter(earlier))
    if by is None:
        assert old.filter(~earlier)["value"].null_count() == len(footprint)
        assert new.filter(~earlier)["value"].null_count() < len(footprint)
