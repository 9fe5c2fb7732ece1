"""The three validation levels of the loader, on tiny data directories written to ``tmp_path``."""

import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from extract_builders import (
    AUTHORITY,
    D,
    Row,
    child,
    conference,
    dispute,
    enquiry,
    episode,
    frame,
    plan,
    review,
    scaled_frames,
    schema_of,
    single_ages,
    staff,
    valid_extract,
    valid_frames,
    valid_rows,
    write_extract,
)
from helpers import DEMO_DIR, Completed, run_cli

from iro_metrics.contract.extract import TABLES, Extract, ExtractRefused
from iro_metrics.contract.loader import (
    EMPTY_WHEN_ABSENT,
    FEW_AGES,
    NO_ICPC,
    OUTSIDE_CARE,
    PN0_AGED_4,
    PN1_UNDER_4,
    describe_report,
    load_extract,
)
from iro_metrics.contract.schemas import GROUP_ROW_WITH_AGE, TOTAL_WITH_SINGLE_AGES
from iro_metrics.indicators.engine import compute
from iro_metrics.indicators.periods import parse_period

UNKNOWN_CHILD = "child_id is not in children"
CHILD_SET_ASIDE = "child_id's children row was set aside"
EPISODE_OVERLAP = "episode overlaps an earlier episode of the same child"
GARBAGE_REASON = "parquet: File out of specification: The file must end with PAR1 or PARE"
EVENT_RANGE = "{} must be from 1900-01-01 to a year after the extract date"
BIRTH_RANGE = ("date_of_birth must be from 1900-01-01 to the extract date (a child not yet born "
               "has an expected_date_of_birth)")
NO_EPISODE_OR_PLAN = ("lac_episodes.parquet or cp_plans.parquet: no row is left in either, so "
                      "there is no episode or plan to report on")


def refusal(directory: Path) -> tuple[str, ...]:
    """The messages with which ``directory`` is refused."""
    with pytest.raises(ExtractRefused) as refused:
        load_extract(directory)
    assert refused.value.directory == directory
    return refused.value.messages


def validate_command(directory: Path) -> Completed:
    """Run ``python -m iro_metrics validate --data directory``."""
    return run_cli("validate", "--data", str(directory))


def set_aside(extract: Extract) -> list[tuple[str, int, str, str, str]]:
    """The set-aside rows of ``extract`` as (file, row, column, value, rule)."""
    return list(extract.report.set_aside.iter_rows())


def warnings(extract: Extract) -> list[tuple[str, int, str, str, str]]:
    """The warnings of ``extract`` as (file, row, column, value, rule)."""
    return list(extract.report.warnings.iter_rows())


def garbage(path: Path) -> None:
    """Write bytes that are not Parquet to ``path``."""
    path.write_bytes(b"this is not a parquet file")


def demo_with(directory: Path, table: str,
              change: Callable[[pl.DataFrame], pl.DataFrame]) -> Path:
    """A copy of the demo data directory in ``directory`` whose ``table`` is ``change``d."""
    shutil.copytree(DEMO_DIR, directory)
    change(pl.read_parquet(DEMO_DIR / f"{table}.parquet")).write_parquet(
        directory / f"{table}.parquet")
    return directory


def figures(extract: Extract) -> dict[str, float]:
    """Looked-after reviews held and children per IRO (FTE) in 2019-20, to one decimal."""
    found = compute(extract, parse_period("2019-20"),
                    indicator_ids=["lac_reviews_held", "iro_caseload"])
    return {indicator: round(value, 1)
            for indicator, value in found.select("indicator_id", "value").iter_rows()}


# Level 1 -------------------------------------------------------------------------------------


def _missing_children(directory: Path) -> None:
    """The valid extract without children."""
    valid_extract(directory, children=None)


def _missing_column(directory: Path) -> None:
    """children without its sex column."""
    valid_extract(directory, children=valid_frames()["children"].drop("sex"))


def _wrong_type(directory: Path) -> None:
    """children with dates of birth stored as text."""
    children = valid_frames()["children"].with_columns(pl.col("date_of_birth").cast(pl.String))
    valid_extract(directory, children=children)


def _unreadable(directory: Path) -> None:
    """cp_plans not Parquet, and no lac_episodes to fall back on."""
    valid_extract(directory, lac_episodes=None)
    garbage(directory / "cp_plans.parquet")


def _missing_authority(directory: Path) -> None:
    """The valid extract without authority.json."""
    valid_extract(directory)
    (directory / "authority.json").unlink()


LEVEL_1_CASES: list[tuple[Callable[[Path], None], str]] = [
    (_missing_children, "children.parquet: required file is missing"),
    (_missing_column, "children.parquet: missing column 'sex'"),
    (_wrong_type, "children.parquet: column 'date_of_birth' has type String, expected a date"),
    (_unreadable, f"cp_plans.parquet: not a readable Parquet file ({GARBAGE_REASON})"),
    (_missing_authority, "authority.json: file is missing"),
]


@pytest.mark.parametrize(("make", "message"), LEVEL_1_CASES)
def test_level_1_refuses_the_directory(tmp_path: Path, make: Callable[[Path], None],
                                       message: str) -> None:
    make(tmp_path)
    assert refusal(tmp_path) == (message,)
    completed = validate_command(tmp_path)
    assert completed.returncode == 2
    assert completed.stderr == message + "\n"
    assert completed.stdout == ""


def test_every_problem_is_listed_before_refusing(tmp_path: Path) -> None:
    children = valid_frames()["children"].drop("sex").with_columns(
        pl.col("child_id").cast(pl.Categorical), pl.col("date_of_birth").cast(pl.String),
        pl.lit(None).alias("ethnicity"))
    write_extract(tmp_path, {"children": children}, authority={"la_name": "X", "region": "Y"})
    assert refusal(tmp_path) == (
        "authority.json: missing key 'la_code'",
        "authority.json: missing key 'extract_date'",
        "children.parquet: missing column 'sex'",
        "children.parquet: column 'date_of_birth' has type String, expected a date",
        "children.parquet: column 'ethnicity' has type Null, expected text",
        "lac_episodes.parquet or cp_plans.parquet: at least one is required",
    )


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "authority.json: not readable JSON (Expecting property name enclosed in double "
                  "quotes: line 1 column 2 (char 1))"),
    ("[1, 2]", "authority.json: not a JSON object"),
    (json.dumps({**AUTHORITY, "extract_date": "30/04/2020"}),
     "authority.json: extract_date '30/04/2020' is not a date in the form YYYY-MM-DD"),
    (json.dumps({**AUTHORITY, "la_code": 841}), "authority.json: 'la_code' must be text"),
    (json.dumps({**AUTHORITY, "la_code": "84"}),
     "authority.json: la_code '84' is not a 3-digit DfE LA number"),
    (json.dumps({**AUTHORITY, "la_code": "٨٤١"}),
     "authority.json: la_code '٨٤١' is not a 3-digit DfE LA number"),
    (json.dumps({**AUTHORITY, "la_code": "841\n"}),
     "authority.json: la_code '841\n' is not a 3-digit DfE LA number"),
    (json.dumps({**AUTHORITY, "synthetic": "yes"}),
     "authority.json: 'synthetic' must be true or false"),
])
def test_bad_authority_is_refused(tmp_path: Path, content: str, message: str) -> None:
    valid_extract(tmp_path)
    (tmp_path / "authority.json").write_text(content)
    assert refusal(tmp_path) == (message,)


def test_authority_is_read(tmp_path: Path) -> None:
    authority = {key: value for key, value in AUTHORITY.items() if key != "synthetic"}
    write_extract(tmp_path, valid_rows(), authority=authority)
    loaded = load_extract(tmp_path).authority
    assert (loaded.la_code, loaded.la_name, loaded.region, loaded.extract_date,
            loaded.synthetic) == ("841", "Darlington", "North East", D(2020, 3, 31), False)


def test_neither_episodes_nor_plans(tmp_path: Path) -> None:
    valid_extract(tmp_path, lac_episodes=None, cp_plans=None)
    assert refusal(tmp_path) == ("lac_episodes.parquet or cp_plans.parquet: at least one is required",)


def test_missing_directory(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    assert refusal(missing) == (f"{missing}: no such data directory",)


@pytest.mark.parametrize(("table", "replacement", "message"), [
    ("children", pl.int_range(pl.len()).alias("child_id"),
     "column 'child_id' has type Int64, expected text"),
    ("children", pl.col("disability").cast(pl.String),
     "column 'disability' has type String, expected true or false"),
    ("cp_plans", pl.col("previous_plans").cast(pl.Float64),
     "column 'previous_plans' has type Float64, expected a whole number"),
    ("iro_staff", pl.col("fte").cast(pl.String), "column 'fte' has type String, expected a number"),
    ("lac_episodes", pl.col("episode_start").cast(pl.Int32),
     "column 'episode_start' has type Int32, expected a date"),
])
def test_wrong_types_are_named(tmp_path: Path, table: str, replacement: pl.Expr,
                               message: str) -> None:
    valid_extract(tmp_path, **{table: valid_frames()[table].with_columns(replacement)})
    if table == "children":
        assert refusal(tmp_path) == (f"{table}.parquet: {message}",)
    else:
        assert load_extract(tmp_path).report.messages == (f"{table}.parquet: {message}",)


def test_compatible_types_are_cast_and_extra_columns_dropped(tmp_path: Path) -> None:
    frames = valid_frames()
    children = frames["children"].with_columns(
        pl.col("sex").cast(pl.Categorical),
        pl.col("ethnicity").cast(pl.Enum(["WBRI"])),
        pl.col("date_of_birth").cast(pl.Datetime("ms")),
        pl.lit(None).alias("disability"),
        upn=pl.lit("A123"),
    )
    plans = frames["cp_plans"].with_columns(pl.col("previous_plans").cast(pl.Int8))
    iro_staff = frames["iro_staff"].with_columns(pl.col("fte").cast(pl.Float32))
    population = frames["population"].with_columns(pl.col("age").cast(pl.UInt8),
                                                   pl.col("population").cast(pl.Int32))
    disputes = frames["iro_disputes"].with_columns(pl.lit(None).alias("resolved_date"))
    valid_extract(tmp_path, children=children, cp_plans=plans, iro_staff=iro_staff,
                  population=population, iro_disputes=disputes)
    extract = load_extract(tmp_path)
    for table in TABLES:  # a v1 population gains its empty ethnic_group (EMPTY_WHEN_ABSENT)
        filled = any(filled_table == table for filled_table, _ in EMPTY_WHEN_ABSENT)
        assert dict(getattr(extract, table).schema) == schema_of(table, filled), table
    assert extract.children["date_of_birth"].to_list() == [D(2010, 5, 17), D(2018, 2, 1), None]
    assert extract.children["disability"].null_count() == 3
    assert extract.iro_staff["fte"].to_list() == [1.0, 0.5]
    assert extract.report.set_aside.is_empty()


def test_whole_number_fte_is_accepted(tmp_path: Path) -> None:
    valid_extract(tmp_path, iro_staff=frame("iro_staff", [staff()]).with_columns(
        pl.col("fte").cast(pl.Int64)))
    assert load_extract(tmp_path).iro_staff["fte"].to_list() == [1.0]


def test_unsigned_values_too_large_for_int64_are_a_wrong_type(tmp_path: Path) -> None:
    population = frame("population", single_ages(2019)).with_columns(
        pl.lit(2**64 - 1, pl.UInt64).alias("population"))
    valid_extract(tmp_path, population=population)
    assert load_extract(tmp_path).report.messages == (
        "population.parquet: column 'population' has type UInt64, expected a whole number",)


def test_unreadable_optional_tables_are_absent_and_the_rest_loads(tmp_path: Path) -> None:
    valid_extract(tmp_path, iro_staff=valid_frames()["iro_staff"].drop("fte"))
    garbage(tmp_path / "population.parquet")
    extract = load_extract(tmp_path)
    assert extract.iro_staff is None
    assert extract.population is None
    assert extract.report.messages == (
        "iro_staff.parquet: missing column 'fte'",
        f"population.parquet: not a readable Parquet file ({GARBAGE_REASON})",
    )
    assert extract.iro_allocations is not None and extract.iro_allocations.height == 2
    assert "iro_staff" not in extract.report.rows_read
    assert extract.report.rows_loaded["children"] == 3


def test_absent_optional_tables_are_none_without_a_message(tmp_path: Path) -> None:
    valid_extract(tmp_path, lac_episodes=None, lac_reviews=None, cp_conferences=None,
                  iro_staff=None, iro_allocations=None, iro_disputes=None, population=None,
                  s47_enquiries=None)
    extract = load_extract(tmp_path)
    assert extract.lac_episodes is None and extract.population is None
    assert extract.report.messages == ()
    assert extract.cp_plans is not None and extract.cp_plans.height == 2


def test_a_directory_named_like_a_table_file_is_not_readable(tmp_path: Path) -> None:
    """Not read as a Parquet dataset, even when it holds a valid part file."""
    valid_extract(tmp_path, lac_reviews=None, children=None)
    for table in ("lac_reviews", "children"):
        (tmp_path / f"{table}.parquet").mkdir()
        frame(table, valid_rows()[table]).write_parquet(tmp_path / f"{table}.parquet" / "0.parquet")
    assert refusal(tmp_path) == ("children.parquet: not a readable Parquet file (Is a directory)",)
    shutil.rmtree(tmp_path / "children.parquet")
    frame("children", valid_rows()["children"]).write_parquet(tmp_path / "children.parquet")
    extract = load_extract(tmp_path)
    assert extract.lac_reviews is None
    assert extract.report.messages == (
        "lac_reviews.parquet: not a readable Parquet file (Is a directory)",)


def test_glob_characters_in_the_path_are_plain_characters(tmp_path: Path) -> None:
    extract = load_extract(valid_extract(tmp_path / "LA [841] *"))
    assert extract.report.rows_loaded["children"] == 3


def test_one_of_the_pair_unreadable_when_the_other_loads(tmp_path: Path) -> None:
    valid_extract(tmp_path)
    garbage(tmp_path / "lac_episodes.parquet")
    extract = load_extract(tmp_path)
    assert extract.lac_episodes is None
    assert extract.report.messages == (
        f"lac_episodes.parquet: not a readable Parquet file ({GARBAGE_REASON})",)


# Level 2 -------------------------------------------------------------------------------------


def test_bad_code_row_sharing_a_key_with_a_good_row(tmp_path: Path) -> None:
    plans = [plan("P1", D(2019, 1, 1), D(2019, 2, 1), initial_category="NEGL"),
             plan("P1", D(2019, 3, 20), D(2019, 9, 30))]
    extract = load_extract(valid_extract(tmp_path, cp_plans=plans))
    assert set_aside(extract) == [
        ("cp_plans.parquet", 1, "initial_category", "NEGL",
         "initial_category must be NEG, PHY, SAB, EMO or MUL"),
    ]
    assert extract.cp_plans.rows() == [tuple(plans[1].values())]


def test_every_row_sharing_a_key_is_set_aside(tmp_path: Path) -> None:
    enquiries = [enquiry("E1"), enquiry("E2"), enquiry("E1"), enquiry("E3", child_id="C7")]
    extract = load_extract(valid_extract(tmp_path, s47_enquiries=enquiries))
    assert set_aside(extract) == [
        ("s47_enquiries.parquet", 1, "s47_id", "E1", "s47_id appears on more than one row"),
        ("s47_enquiries.parquet", 3, "s47_id", "E1", "s47_id appears on more than one row"),
        ("s47_enquiries.parquet", 4, "child_id", "C7", UNKNOWN_CHILD),
    ]
    assert extract.s47_enquiries["s47_id"].to_list() == ["E2"]


def test_duplicates_come_before_references(tmp_path: Path) -> None:
    disputes = [dispute("R1", child_id="C7"), dispute("R1")]
    extract = load_extract(valid_extract(tmp_path, iro_disputes=disputes))
    assert [(row, rule) for _, row, _, _, rule in set_aside(extract)] == [
        (1, "dispute_id appears on more than one row"),
        (2, "dispute_id appears on more than one row"),
    ]


def test_unknown_child_is_set_aside(tmp_path: Path) -> None:
    reviews = [review(D(2019, 2, 7)), review(D(2019, 3, 7), child_id="C7")]
    extract = load_extract(valid_extract(tmp_path, lac_reviews=reviews))
    assert set_aside(extract) == [("lac_reviews.parquet", 2, "child_id", "C7", UNKNOWN_CHILD)]


def test_rows_of_a_set_aside_child_are_set_aside(tmp_path: Path) -> None:
    rows = valid_rows()
    rows["children"][0]["sex"] = "X"
    extract = load_extract(write_extract(tmp_path, rows))
    assert set_aside(extract) == [
        ("children.parquet", 1, "sex", "X", "sex must be M, F or U"),
        ("lac_episodes.parquet", 1, "child_id", "C1", CHILD_SET_ASIDE),
        ("lac_episodes.parquet", 2, "child_id", "C1", CHILD_SET_ASIDE),
        ("lac_reviews.parquet", 1, "child_id", "C1", CHILD_SET_ASIDE),
        ("lac_reviews.parquet", 2, "child_id", "C1", CHILD_SET_ASIDE),
        ("iro_allocations.parquet", 1, "child_id", "C1", CHILD_SET_ASIDE),
        ("iro_disputes.parquet", 1, "child_id", "C1", CHILD_SET_ASIDE),
        ("iro_disputes.parquet", 2, "child_id", "C1", CHILD_SET_ASIDE),
        ("iro_activity.parquet", 1, "child_id", "C1", CHILD_SET_ASIDE),
        ("other_reviews.parquet", 2, "child_id", "C1", CHILD_SET_ASIDE),
    ]
    assert extract.lac_episodes.is_empty()
    assert extract.children["child_id"].to_list() == ["C2", "C3"]


def test_duplicated_children_set_aside_their_rows(tmp_path: Path) -> None:
    children = [child("C1"), child("C2"), child("C3", date_of_birth=D(2019, 1, 1)), child("C1")]
    extract = load_extract(valid_extract(tmp_path, children=children))
    assert extract.children["child_id"].to_list() == ["C2", "C3"]
    assert extract.report.rows_loaded["lac_episodes"] == 0
    assert extract.lac_episodes is not None


def test_iro_reference_uses_loaded_staff(tmp_path: Path) -> None:
    extract = load_extract(valid_extract(tmp_path, iro_staff=[staff("I1", fte=2.0),
                                                              staff("I2")]))
    assert set_aside(extract) == [
        ("iro_staff.parquet", 1, "fte", "2.0", "fte must be more than 0 and at most 1"),
        ("iro_allocations.parquet", 1, "iro_id", "I1",
         "iro_id is not in iro_staff (or its rows were set aside)"),
        ("iro_activity.parquet", 1, "iro_id", "I1",
         "iro_id is not in iro_staff (or its rows were set aside)"),
    ]


def test_three_overlapping_episodes(tmp_path: Path) -> None:
    episodes = [episode(D(2019, 1, 1), D(2019, 1, 10)),
                episode(D(2019, 1, 5), D(2019, 1, 15), reason_new_episode="P"),
                episode(D(2019, 1, 12), D(2019, 1, 20), reason_new_episode="P")]
    extract = load_extract(valid_extract(tmp_path, lac_episodes=episodes, lac_reviews=None))
    assert set_aside(extract) == [
        ("lac_episodes.parquet", 2, "episode_start", "2019-01-05", EPISODE_OVERLAP),
        ("lac_episodes.parquet", 3, "episode_start", "2019-01-12", EPISODE_OVERLAP),
    ]


def test_same_start_is_broken_by_file_order(tmp_path: Path) -> None:
    episodes = [episode(D(2019, 1, 1), D(2019, 3, 1)), episode(D(2019, 1, 1), D(2019, 2, 1))]
    extract = load_extract(valid_extract(tmp_path, lac_episodes=episodes, lac_reviews=None))
    assert set_aside(extract) == [
        ("lac_episodes.parquet", 2, "episode_start", "2019-01-01", EPISODE_OVERLAP)]


def test_touching_episodes_and_plans_are_loaded(tmp_path: Path) -> None:
    episodes = [episode(D(2019, 6, 1), None, reason_new_episode="P"),
                episode(D(2019, 1, 10), D(2019, 6, 1), reason_episode_ceased="X1")]
    plans = [plan("P1", D(2019, 3, 20), D(2019, 9, 30)), plan("P2", D(2019, 9, 30), None)]
    extract = load_extract(valid_extract(tmp_path, lac_episodes=episodes, cp_plans=plans))
    assert extract.report.set_aside.is_empty()
    assert extract.lac_episodes["episode_start"].to_list() == [D(2019, 6, 1), D(2019, 1, 10)]


def test_overlaps_are_judged_among_rows_still_loaded(tmp_path: Path) -> None:
    episodes = [episode(D(2019, 1, 1), D(2019, 1, 10), legal_status="XX"),
                episode(D(2019, 1, 5), D(2019, 1, 15))]
    extract = load_extract(valid_extract(tmp_path, lac_episodes=episodes, lac_reviews=None))
    assert [(row, rule) for _, row, _, _, rule in set_aside(extract)] == [
        (1, "legal_status must be an SSDA903 LS code")]


def test_a_row_failing_several_rules_is_listed_once_per_rule(tmp_path: Path) -> None:
    children = [*valid_rows()["children"], child("C4", sex=None, ethnicity="ZZZZ")]
    extract = load_extract(valid_extract(tmp_path, children=children))
    assert set_aside(extract) == [
        ("children.parquet", 4, "sex", "", "sex must not be empty"),
        ("children.parquet", 4, "ethnicity", "ZZZZ", "ethnicity must be an SSDA903 ETHNIC code"),
    ]
    assert extract.report.rows_set_aside["children"] == 1


def test_total_row_set_aside_when_its_year_has_single_ages(tmp_path: Path) -> None:
    population = [*single_ages(2019), {"mid_year": 2019, "age": None, "population": 27000}]
    extract = load_extract(valid_extract(tmp_path, population=population))
    assert set_aside(extract) == [
        ("population.parquet", 19, "mid_year", "2019", TOTAL_WITH_SINGLE_AGES)]


def group_total(mid_year: int, group: str, population: int, age: int | None = None) -> dict:
    """A v1.1 population row: one ethnic group's 0-17 total."""
    return {"mid_year": mid_year, "age": age, "population": population, "ethnic_group": group}


def test_ethnic_group_rows_load_beside_single_ages_and_bad_ones_are_set_aside(
        tmp_path: Path) -> None:
    # Rows 1-18 single ages of 2019; 19-20 two groups' totals (age empty) load beside them, as
    # they are not the year's total row; 21 gives an age with a group, 22 names no group of
    # indicators.md, 23 repeats row 19's year and group.
    population = [*single_ages(2019), group_total(2019, "White", 24000),
                  group_total(2019, "Mixed", 1200), group_total(2019, "Mixed", 50, age=3),
                  group_total(2019, "Martian", 10), group_total(2019, "White", 1)]
    extract = load_extract(valid_extract(tmp_path, population=population))
    keys = "mid_year and age and ethnic_group together appear on more than one row"
    assert set_aside(extract) == [
        ("population.parquet", 19, "mid_year", "2019", keys),
        ("population.parquet", 21, "age", "3", GROUP_ROW_WITH_AGE),
        ("population.parquet", 22, "ethnic_group", "Martian",
         "ethnic_group must be White, Mixed, Asian or Asian British, Black or Black British, "
         "Other ethnic groups or Refused or not obtained"),
        ("population.parquet", 23, "mid_year", "2019", keys),
    ]
    assert extract.population is not None
    assert extract.population.filter(pl.col("ethnic_group").is_not_null()).rows() == [
        (2019, None, 1200, "Mixed")]
    assert extract.report.warnings.filter(pl.col("file") == "population.parquet").is_empty()


def test_a_v1_population_without_the_ethnic_group_column_loads_with_it_empty(
        tmp_path: Path) -> None:
    v1 = frame("population", single_ages(2019)).drop("ethnic_group")
    extract = load_extract(valid_extract(tmp_path, population=v1))
    assert extract.report.messages == ()
    assert extract.population is not None and extract.population.height == 18
    assert extract.population["ethnic_group"].null_count() == 18


def test_loaded_plus_set_aside_equals_read_and_order_is_kept(tmp_path: Path) -> None:
    rows = valid_rows()
    rows["children"] += [child("C4", sex="Q"), child("C5", date_of_birth=D(2015, 1, 1))]
    rows["lac_episodes"] += [episode(D(2019, 1, 1), None, child_id="C4"),
                             episode(D(2018, 1, 1), D(2019, 1, 1), child_id="C5"),
                             episode(D(2018, 6, 1), None, child_id="C5")]
    rows["lac_reviews"] = [review(D(2019, 1, 1), child_id="C5"), *rows["lac_reviews"],
                           review(D(2019, 1, 1), code="PN9")]
    rows["population"] += single_ages(2019, range(3))
    extract = load_extract(write_extract(tmp_path, rows))
    report = extract.report
    assert report.rows_read == {table: len(rows[table]) for table in TABLES}
    for table in TABLES:
        set_aside_rows = report.set_aside.filter(pl.col("file") == f"{table}.parquet")
        assert report.rows_loaded[table] + set_aside_rows["row"].n_unique() == len(rows[table])
        assert getattr(extract, table).height == report.rows_loaded[table]
    assert report.rows_set_aside == {"children": 1, "lac_episodes": 2, "lac_reviews": 1,
                                     "cp_plans": 0, "s47_enquiries": 0, "cp_conferences": 0,
                                     "iro_staff": 0, "iro_allocations": 0, "iro_disputes": 0,
                                     "iro_activity": 0, "other_reviews": 0,
                                     "service_activity": 0, "feedback": 0, "population": 6}
    assert extract.lac_reviews["review_date"].to_list() == [D(2019, 1, 1), D(2019, 2, 7),
                                                            D(2019, 8, 1)]
    assert extract.lac_episodes["child_id"].to_list() == ["C1", "C1", "C5"]


@pytest.mark.parametrize(("table", "column", "rule"), [
    ("lac_reviews", "child_id", "child_id and review_date together repeat an earlier row"),
    ("iro_staff", "iro_id", "iro_id and start_date together repeat an earlier row"),
    ("iro_allocations", "child_id", "child_id and allocated_from together repeat an earlier row"),
    ("lac_episodes", "episode_start", EPISODE_OVERLAP),
])
def test_demo_with_rows_repeated_ten_times_keeps_the_first_of_each(
        tmp_path: Path, table: str, column: str, rule: str) -> None:
    """Repeated rows used to multiply reviews held by ten and divide the caseload by ten."""
    original = pl.read_parquet(DEMO_DIR / f"{table}.parquet")
    extract = load_extract(demo_with(tmp_path / "demo", table,
                                     lambda rows: pl.concat([rows] * 10)))
    assert figures(extract) == {"lac_reviews_held": 786.0, "iro_caseload": 68.3}
    assert getattr(extract, table).equals(original)
    issues = extract.report.set_aside
    assert issues.height == 9 * original.height
    assert issues.row(0) == (f"{table}.parquet", original.height + 1, column,
                             str(original[column][0]), rule)
    assert issues["rule"].unique().to_list() == [rule]


def test_implausible_dates_and_years_are_set_aside(tmp_path: Path) -> None:
    """The extract date is 2020-03-31: events up to 2021-03-31, births up to 2020-03-31 and
    population mid-years up to 2021 are plausible."""
    rows = valid_rows()
    rows["children"] += [child("C4", date_of_birth=D(2020, 4, 1)),
                         child("C5", date_of_birth=D(2020, 3, 31))]
    rows["lac_reviews"] += [review(D(2021, 3, 31)), review(D(2021, 4, 1)),
                            review(D(1899, 12, 31))]
    rows["iro_staff"].append(staff("I3", end_date=D(2121, 1, 1)))
    rows["population"] += single_ages(2021, range(1)) + single_ages(2022, range(1))
    extract = load_extract(write_extract(tmp_path, rows))
    assert set_aside(extract) == [
        ("children.parquet", 4, "date_of_birth", "2020-04-01", BIRTH_RANGE),
        ("lac_reviews.parquet", 4, "review_date", "2021-04-01", EVENT_RANGE.format("review_date")),
        ("lac_reviews.parquet", 5, "review_date", "1899-12-31", EVENT_RANGE.format("review_date")),
        ("iro_staff.parquet", 3, "end_date", "2121-01-01", EVENT_RANGE.format("end_date")),
        ("population.parquet", 21, "mid_year", "2022",
         "mid_year must be from 1900 to the year after the extract date's year"),
    ]


# Level 2: failing closed ------------------------------------------------------------------------


def test_every_child_set_aside_refuses_the_directory(tmp_path: Path) -> None:
    rows = valid_rows()
    for row in rows["children"]:
        row["sex"] = "X"
    rows["children"][0]["ethnicity"] = "ZZZZ"
    write_extract(tmp_path, rows)
    message = ("children.parquet: every row was set aside (3 read; sex must be M, F or U: 3; "
               "ethnicity must be an SSDA903 ETHNIC code: 1), so there is no child to report on")
    assert refusal(tmp_path) == (message,)
    completed = validate_command(tmp_path)
    assert (completed.returncode, completed.stderr, completed.stdout) == (2, message + "\n", "")


def test_demo_with_every_child_twice_is_refused(tmp_path: Path) -> None:
    """The contract sets aside every row sharing a child_id, so no child is left."""
    directory = demo_with(tmp_path / "demo", "children", lambda rows: pl.concat([rows, rows]))
    rows = 2 * pl.read_parquet(DEMO_DIR / "children.parquet").height
    assert refusal(directory) == (
        f"children.parquet: every row was set aside ({rows} read; child_id appears on more than "
        f"one row: {rows}), so there is no child to report on",)


def test_a_children_file_without_rows_is_refused(tmp_path: Path) -> None:
    valid_extract(tmp_path, children=[])
    assert refusal(tmp_path) == ("children.parquet: has no rows, so there is no child to report on",)


@pytest.mark.parametrize(("plans", "messages"), [
    ([plan("P1", D(2019, 3, 20), None, latest_category="CSE")],
     ("cp_plans.parquet: every row was set aside (1 read; latest_category must be NEG, PHY, SAB, "
      "EMO or MUL: 1)",)),
    ([], ("cp_plans.parquet: has no rows",)),
    (None, ()),
])
def test_episodes_and_plans_emptied_by_validation_refuse_the_directory(
        tmp_path: Path, plans: list[Row] | None, messages: tuple[str, ...]) -> None:
    episodes = [episode(D(2019, 1, 10), None, legal_status="XX")] * 2
    valid_extract(tmp_path, lac_episodes=episodes, cp_plans=plans)
    assert refusal(tmp_path) == (
        "lac_episodes.parquet: every row was set aside (2 read; legal_status must be an SSDA903 "
        "LS code: 2)", *messages, NO_EPISODE_OR_PLAN)


def test_empty_episode_and_plan_files_load_as_empty_tables(tmp_path: Path) -> None:
    """The authority says it has no episode and no plan: nothing was set aside."""
    extract = load_extract(valid_extract(tmp_path, lac_episodes=[], cp_plans=[]))
    assert extract.lac_episodes is not None and extract.lac_episodes.is_empty()
    assert extract.cp_plans is not None and extract.cp_plans.is_empty()
    assert extract.report.set_aside.is_empty()


# Level 3 -------------------------------------------------------------------------------------


def test_participation_code_against_age(tmp_path: Path) -> None:
    children = [child("C1", date_of_birth=D(2015, 3, 10)), child("C2"),
                child("C4", date_of_birth=D(2015, 3, 10))]
    episodes = [episode(D(2019, 1, 1), None), episode(D(2019, 1, 1), None, child_id="C2"),
                episode(D(2019, 1, 1), None, child_id="C4")]
    reviews = [review(D(2019, 3, 9), "PN0"), review(D(2019, 3, 10), "PN0"),
               review(D(2019, 3, 9), "PN3", child_id="C4"),
               review(D(2019, 3, 10), "PN3", child_id="C4"),
               review(D(2019, 3, 9), "PN0", child_id="C2")]
    extract = load_extract(valid_extract(tmp_path, children=children, lac_episodes=episodes,
                                         lac_reviews=reviews, cp_plans=None))
    assert warnings(extract) == [
        ("lac_reviews.parquet", 2, "participation_code", "PN0", PN0_AGED_4),
        ("lac_reviews.parquet", 3, "participation_code", "PN3", PN1_UNDER_4),
        ("lac_reviews.parquet", 5, "participation_code", "PN0", PN0_AGED_4),
    ]
    assert extract.report.rows_loaded["lac_reviews"] == 5


def test_review_outside_every_period_of_care(tmp_path: Path) -> None:
    """The September 2018 episode follows an ended period without an S: a period of care whose
    start the extract does not show (indicators.md), so its review is inside care."""
    episodes = [
        episode(D(2018, 1, 10), D(2018, 3, 1), reason_episode_ceased="X1"),
        episode(D(2018, 3, 1), D(2018, 6, 1), reason_new_episode="P"),
        episode(D(2018, 9, 1), D(2018, 10, 1), reason_new_episode="P"),
        episode(D(2019, 1, 10), None),
    ]
    dates = [D(2018, 1, 9), D(2018, 1, 10), D(2018, 4, 1), D(2018, 6, 1), D(2018, 6, 2),
             D(2018, 9, 15), D(2019, 1, 10), D(2020, 3, 31), D(2020, 4, 1)]
    reviews = [review(date) for date in dates] + [review(D(2019, 3, 1), child_id="C2")]
    extract = load_extract(valid_extract(tmp_path, lac_episodes=episodes, lac_reviews=reviews))
    assert [(row, value) for _, row, column, value, rule in warnings(extract)
            if rule == OUTSIDE_CARE and column == "review_date"] == [
        (1, "2018-01-09"), (5, "2018-06-02"), (9, "2020-04-01"),
        (10, "2019-03-01"),
    ]


def test_icpc_date_without_a_conference(tmp_path: Path) -> None:
    enquiries = [enquiry("E1"), enquiry("E2", icpc_date=D(2019, 6, 12)),
                 enquiry("E3", icpc_date=D(2019, 3, 21)), enquiry("E4", icpc_date=None)]
    extract = load_extract(valid_extract(tmp_path, s47_enquiries=enquiries))
    assert warnings(extract) == [
        ("s47_enquiries.parquet", 2, "icpc_date", "2019-06-12", NO_ICPC),
        ("s47_enquiries.parquet", 3, "icpc_date", "2019-03-21", NO_ICPC),
    ]


def test_icpc_dates_are_not_checked_without_conference_records(tmp_path: Path) -> None:
    enquiries = [enquiry("E1", icpc_date=D(2019, 3, 21))]
    extract = load_extract(valid_extract(tmp_path, s47_enquiries=enquiries,
                                         cp_conferences=None))
    assert extract.report.warnings.is_empty()


def test_transfer_in_conference_matches_an_icpc_date(tmp_path: Path) -> None:
    conferences = [conference(conference_type="TRANSFER_IN")]
    extract = load_extract(valid_extract(tmp_path, cp_conferences=conferences))
    assert extract.report.warnings.is_empty()


def test_population_year_with_missing_single_ages(tmp_path: Path) -> None:
    population = [{"mid_year": 2018, "age": None, "population": 27000},
                  *single_ages(2019, range(17)), *single_ages(2020)]
    extract = load_extract(valid_extract(tmp_path, population=population))
    assert warnings(extract) == [("population.parquet", 2, "mid_year", "2019", FEW_AGES)]


# Reporting and speed ---------------------------------------------------------------------------


def test_describe_report(tmp_path: Path) -> None:
    rows = valid_rows()
    rows["children"][1]["sex"] = "X"
    rows["lac_reviews"][0]["participation_code"] = "PN0"
    tables = {table: rows[table] for table in ("children", "lac_episodes", "lac_reviews",
                                               "cp_plans")}
    write_extract(tmp_path, tables)
    garbage(tmp_path / "population.parquet")
    report = load_extract(tmp_path).report
    assert describe_report(report, limit=1) == "\n".join([
        "Rows read, loaded and set aside:",
        "  children: read 3, loaded 2, set aside 1",
        "  lac_episodes: read 2, loaded 2, set aside 0",
        "  lac_reviews: read 2, loaded 2, set aside 0",
        "  cp_plans: read 2, loaded 0, set aside 2",
        "  s47_enquiries: not in this extract",
        "  cp_conferences: not in this extract",
        "  iro_staff: not in this extract",
        "  iro_allocations: not in this extract",
        "  iro_disputes: not in this extract",
        "  iro_activity: not in this extract",
        "  other_reviews: not in this extract",
        "  service_activity: not in this extract",
        "  feedback: not in this extract",
        "  population: not in this extract",
        "Tables treated as absent:",
        f"  population.parquet: not a readable Parquet file ({GARBAGE_REASON})",
        "Rows set aside, by rule:",
        "       1  children.parquet: sex must be M, F or U",
        "       2  cp_plans.parquet: child_id's children row was set aside",
        "Rows set aside, first 1 of 3:",
        "  children.parquet row 2, column sex, value 'X': sex must be M, F or U",
        "Warnings, by rule:",
        f"       1  lac_reviews.parquet: {PN0_AGED_4}",
        "Warnings, first 1 of 1:",
        f"  lac_reviews.parquet row 1, column participation_code, value 'PN0': {PN0_AGED_4}",
    ])


def test_describe_report_of_a_clean_extract(tmp_path: Path) -> None:
    text = describe_report(load_extract(valid_extract(tmp_path)).report, limit=0)
    assert text.endswith("  population: read 19, loaded 19, set aside 0\n"
                         "Rows set aside: none\nWarnings: none")


def test_validate_command_prints_the_report(tmp_path: Path) -> None:
    completed = validate_command(valid_extract(tmp_path))
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("Rows read, loaded and set aside:\n"
                                       "  children: read 3, loaded 3, set aside 0\n")


def test_loading_a_demo_sized_extract_is_fast(tmp_path: Path) -> None:
    write_extract(tmp_path, scaled_frames(3000))
    load_extract(tmp_path)
    started = time.perf_counter()
    extract = load_extract(tmp_path)
    assert time.perf_counter() - started < 1.0
    assert extract.report.rows_loaded["lac_reviews"] == 12000
    assert extract.report.set_aside.is_empty() and extract.report.warnings.is_empty()


def test_no_icpc_check_when_the_extract_holds_review_conferences_only(tmp_path: Path) -> None:
    """Conferences from the CIN census are reviews only: an ICPC date has nothing to match."""
    enquiries = [enquiry()]
    reviews = [conference("C2-2019-06-20", conference_date=D(2019, 6, 20),
                          conference_type="RCPC", outcome=None, family_invited=None,
                          family_attended=None)]
    extract = load_extract(valid_extract(tmp_path, s47_enquiries=enquiries,
                                         cp_conferences=reviews))
    assert [w for w in warnings(extract) if w[4] == NO_ICPC] == []
