"""Every rule of the pandera models: a hand-made bad row fails with its exact text."""

import datetime as dt

import pandera.polars as pa
import polars as pl
import pytest
from extract_builders import (
    EXTRACT_DATE,
    D,
    Row,
    activity,
    allocation,
    child,
    conference,
    dispute,
    enquiry,
    episode,
    frame,
    other_review,
    plan,
    response,
    review,
    service,
    single_ages,
    staff,
    valid_frames,
)

from iro_metrics.contract.schemas import EXTRACT_DATE as EXTRACT_DATE_VARIABLE
from iro_metrics.contract.schemas import (
    NAMED_KEYS,
    REFERENCES,
    REPEATED_KEYS,
    RULES,
    SCHEMAS,
    References,
    Stage,
    as_of,
    references,
    references_for,
    rule_for,
)

IDS = references_for(pl.Series(["C1", "C2", "C3"]), pl.Series(["C9"]), pl.Series(["I1", "I2"]), [])


def failures(table: str, rows: list[Row], ids: References | None = IDS,
             extract_date: dt.date | None = EXTRACT_DATE) -> set[tuple[int, str, str]]:
    """(row position, blamed column, rule text) of every failure of ``rows``, with ``ids`` as
    the references and dates judged from ``extract_date`` (``None``: neither is set). As in the
    loader, the unknown children are worked out with the checked table's ids among them."""
    model = SCHEMAS[table]
    checked = frame(table, rows)
    if ids is not None and "child_id" in checked.columns:
        ids = references_for(ids.child_ids, ids.set_aside_child_ids, ids.iro_ids,
                             [checked["child_id"], ids.unknown_child_ids])
    token = REFERENCES.set(ids)
    date_token = EXTRACT_DATE_VARIABLE.set(extract_date)
    try:
        model.validate(checked, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases.select("check", "column", "index").iter_rows()
        return {(index, rule.column, rule.text)
                for check, column, index in cases
                for rule in [rule_for(model, check, column)]}
    finally:
        REFERENCES.reset(token)
        EXTRACT_DATE_VARIABLE.reset(date_token)
    return set()


def test_valid_rows_pass() -> None:
    for table, data in valid_frames().items():
        with references(IDS), as_of(EXTRACT_DATE):
            SCHEMAS[table].validate(data, lazy=True)


def test_every_table_has_a_model_with_canonical_types() -> None:
    types = {pl.String, pl.Date, pl.Boolean, pl.Int64, pl.Float64}
    assert list(SCHEMAS) == ["children", "lac_episodes", "lac_reviews", "cp_plans",
                             "s47_enquiries", "cp_conferences", "iro_staff", "iro_allocations",
                             "iro_disputes", "iro_activity", "other_reviews",
                             "service_activity", "feedback", "population"]
    for model in SCHEMAS.values():
        assert {column.dtype.type for column in model.to_schema().columns.values()} <= types


IRO_UNKNOWN = "iro_id is not in iro_staff (or its rows were set aside)"
MID_YEAR_RANGE = "mid_year must be from 1900 to the year after the extract date's year"
BIRTH_RANGE = ("date_of_birth must be from 1900-01-01 to the extract date (a child not yet born "
               "has an expected_date_of_birth)")

SINGLE_ROW_CASES: list[tuple[str, Row, str, str]] = [
    ("children", child(child_id=""), "child_id", "child_id must be 1 to 20 characters"),
    ("children", child(child_id="C" * 21), "child_id", "child_id must be 1 to 20 characters"),
    ("children", child(child_id=None), "child_id", "child_id must not be empty"),
    ("children", child(sex="X"), "sex", "sex must be M, F or U"),
    ("children", child(sex=None), "sex", "sex must not be empty"),
    ("children", child(ethnicity="WHIT"), "ethnicity",
     "ethnicity must be an SSDA903 ETHNIC code"),
    ("children", child(date_of_birth=None), "expected_date_of_birth",
     "expected_date_of_birth must be set when date_of_birth is empty"),
    ("lac_episodes", episode(D(2019, 1, 1), D(2019, 2, 1), reason_new_episode="X"),
     "reason_new_episode", "reason_new_episode must be S, L, P, T, B or U"),
    ("lac_episodes", episode(D(2019, 1, 1), D(2019, 2, 1), legal_status="C3"), "legal_status",
     "legal_status must be an SSDA903 LS code"),
    ("lac_episodes", episode(D(2019, 1, 1), D(2019, 2, 1), category_of_need="N9"),
     "category_of_need", "category_of_need must be N1, N2, N3, N4, N5, N6, N7 or N8"),
    ("lac_episodes", episode(D(2019, 1, 1), D(2019, 2, 1), placement_type="U7"),
     "placement_type", "placement_type must be an SSDA903 PLACE code"),
    ("lac_episodes", episode(D(2019, 1, 1), D(2019, 2, 1), placement_provider="PR6"),
     "placement_provider", "placement_provider must be PR0, PR1, PR2, PR3, PR4 or PR5"),
    ("lac_episodes", episode(D(2019, 1, 1), D(2019, 2, 1), reason_episode_ceased="E99"),
     "reason_episode_ceased", "reason_episode_ceased must be an SSDA903 REC code"),
    ("lac_episodes", episode(None, D(2019, 2, 1)), "episode_start",
     "episode_start must not be empty"),
    ("lac_episodes", episode(D(2019, 2, 1), D(2019, 2, 1)), "episode_end",
     "episode_end must be after episode_start"),
    ("lac_episodes", episode(D(2019, 2, 1), D(2019, 1, 1)), "episode_end",
     "episode_end must be after episode_start"),
    ("lac_episodes", episode(D(2019, 1, 1), D(2019, 2, 1), reason_episode_ceased=None),
     "reason_episode_ceased",
     "reason_episode_ceased must be empty exactly when episode_end is empty"),
    ("lac_episodes", episode(D(2019, 1, 1), None, reason_episode_ceased="E11"),
     "reason_episode_ceased",
     "reason_episode_ceased must be empty exactly when episode_end is empty"),
    ("lac_episodes", episode(D(2019, 1, 1), None, child_id="C7"), "child_id",
     "child_id is not in children"),
    ("lac_episodes", episode(D(2019, 1, 1), None, child_id="C9"), "child_id",
     "child_id's children row was set aside"),
    ("lac_reviews", review(D(2019, 1, 1), "PN8"), "participation_code",
     "participation_code must be PN0, PN1, PN2, PN3, PN4, PN5, PN6 or PN7"),
    ("lac_reviews", review(None), "review_date", "review_date must not be empty"),
    ("lac_reviews", review(D(2019, 1, 1), child_id="C7"), "child_id",
     "child_id is not in children"),
    ("cp_plans", plan("P1", D(2019, 2, 1), D(2019, 1, 31)), "plan_end",
     "plan_end must not be before plan_start"),
    ("cp_plans", plan("P1", D(2019, 2, 1), None, initial_category="NEGL"), "initial_category",
     "initial_category must be NEG, PHY, SAB, EMO or MUL"),
    ("cp_plans", plan("P1", D(2019, 2, 1), None, latest_category="CSE"), "latest_category",
     "latest_category must be NEG, PHY, SAB, EMO or MUL"),
    ("cp_plans", plan("P1", D(2019, 2, 1), None, previous_plans=-1), "previous_plans",
     "previous_plans must not be negative"),
    ("cp_plans", plan(None, D(2019, 2, 1), None), "plan_id", "plan_id must not be empty"),
    ("cp_plans", plan("P1", D(2019, 2, 1), None, child_id="C7"), "child_id",
     "child_id is not in children"),
    ("s47_enquiries", enquiry(icpc_date=D(2019, 2, 28)), "icpc_date",
     "icpc_date must not be before s47_start"),
    ("s47_enquiries", enquiry(icpc_required=None), "icpc_required",
     "icpc_required must not be empty"),
    ("s47_enquiries", enquiry(child_id="C9"), "child_id", "child_id's children row was set aside"),
    ("cp_conferences", conference(conference_type="ICPC2"), "conference_type",
     "conference_type must be ICPC, RCPC or TRANSFER_IN"),
    ("cp_conferences", conference(outcome="END"), "outcome",
     "outcome must be PLAN or NO_PLAN for ICPC or TRANSFER_IN; CONTINUE or END for RCPC"),
    ("cp_conferences", conference(conference_type="RCPC", outcome="NO_PLAN"), "outcome",
     "outcome must be PLAN or NO_PLAN for ICPC or TRANSFER_IN; CONTINUE or END for RCPC"),
    ("cp_conferences", conference(outcome="MAYBE"), "outcome",
     "outcome must be PLAN or NO_PLAN for ICPC or TRANSFER_IN; CONTINUE or END for RCPC"),
    ("cp_conferences", conference(family_invited=False, family_attended=False),
     "family_attended", "family_attended must be empty when family_invited is not true"),
    ("cp_conferences", conference(family_invited=None, family_attended=True),
     "family_attended", "family_attended must be empty when family_invited is not true"),
    ("cp_conferences", conference(conference_date=None), "conference_date",
     "conference_date must not be empty"),
    ("cp_conferences", conference(child_id="C7"), "child_id", "child_id is not in children"),
    ("iro_staff", staff(fte=0.0), "fte", "fte must be more than 0 and at most 1"),
    ("iro_staff", staff(fte=1.01), "fte", "fte must be more than 0 and at most 1"),
    ("iro_staff", staff(fte=float("inf")), "fte", "fte must be more than 0 and at most 1"),
    ("iro_staff", staff(end_date=D(2015, 1, 5)), "end_date", "end_date must be after start_date"),
    ("iro_staff", staff(role="MANAGER"), "role",
     "role must be IRO, CP_CHAIR, FOSTER_REVIEW or AGENCY"),
    ("iro_staff", staff(iro_id=None), "iro_id", "iro_id must not be empty"),
    ("iro_allocations", allocation(allocated_to=D(2019, 1, 10)), "allocated_to",
     "allocated_to must be after allocated_from"),
    ("iro_allocations", allocation(iro_id="I7"), "iro_id",
     "iro_id is not in iro_staff (or its rows were set aside)"),
    ("iro_allocations", allocation(child_id="C7"), "child_id", "child_id is not in children"),
    ("iro_disputes", dispute(stage="FORMAL_4"), "stage",
     "stage must be INFORMAL, FORMAL_1, FORMAL_2 or FORMAL_3"),
    ("iro_disputes", dispute(issue="MONEY"), "issue",
     "issue must be CARE_PLAN, PERMANENCE, PLACEMENT, CONTACT, HEALTH, EDUCATION, DELAY or OTHER"),
    ("iro_disputes", dispute(resolved_date=D(2019, 3, 31)), "resolved_date",
     "resolved_date must not be before raised_date"),
    ("iro_disputes", dispute(child_id="C7"), "child_id", "child_id is not in children"),
    ("population", {"mid_year": 2019, "age": 18, "population": 10}, "age",
     "age must be 0 to 17 (or empty for the 0-17 total)"),
    ("population", {"mid_year": 2019, "age": -1, "population": 10}, "age",
     "age must be 0 to 17 (or empty for the 0-17 total)"),
    ("population", {"mid_year": 2019, "age": 3, "population": -1}, "population",
     "population must not be negative"),
    ("population", {"mid_year": None, "age": 3, "population": 1}, "mid_year",
     "mid_year must not be empty"),
    ("population", {"mid_year": 2019, "age": 3, "population": 50, "ethnic_group": "White"},
     "age", "a row with an ethnic_group must have an empty age (the group's 0-17 total)"),
    ("population", {"mid_year": 2019, "age": None, "population": 50, "ethnic_group": "Asian"},
     "ethnic_group", "ethnic_group must be White, Mixed, Asian or Asian British, Black or Black "
     "British, Other ethnic groups or Refused or not obtained"),
    ("population", {"mid_year": 1899, "age": 3, "population": 1}, "mid_year", MID_YEAR_RANGE),
    ("population", {"mid_year": 2022, "age": 3, "population": 1}, "mid_year", MID_YEAR_RANGE),
    ("children", child(date_of_birth=D(2020, 4, 1)), "date_of_birth", BIRTH_RANGE),
    ("lac_reviews", review(D(2019, 1, 1), iro_id="I7"), "iro_id", IRO_UNKNOWN),
    ("iro_activity", activity(activity_type="PHONE_CALL"), "activity_type",
     "activity_type must be PRE_REVIEW_CONTACT, VISIT, MIDWAY_CHECK or CONSULTATION"),
    ("iro_activity", activity(activity_date=None), "activity_date",
     "activity_date must not be empty"),
    ("iro_activity", activity(child_id="C7"), "child_id", "child_id is not in children"),
    ("iro_activity", activity(child_id="C9"), "child_id", "child_id's children row was set aside"),
    ("iro_activity", activity(iro_id="I7"), "iro_id", IRO_UNKNOWN),
    ("other_reviews", other_review(review_type="FOSTER"), "review_type",
     "review_type must be FOSTER_CARER, ADOPTION, DISRUPTION or SECURE"),
    ("other_reviews", other_review(child_id="C1"), "child_id",
     "child_id must be empty for a FOSTER_CARER review"),
    ("other_reviews", other_review(review_type="SECURE", child_id="C7"), "child_id",
     "child_id is not in children"),
    ("service_activity", service(activity_type="MEETING"), "activity_type",
     "activity_type must be TRAINING, PANEL, AUDIT or OBSERVATION"),
    ("service_activity", service(sessions=0), "sessions", "sessions must be 1 or more"),
    ("service_activity", service(attendees=-1), "attendees", "attendees must not be negative"),
    ("service_activity", service("AUDIT", attendees=3), "attendees",
     "attendees must be empty unless activity_type is TRAINING"),
    ("feedback", response(respondent="SOCIAL_WORKER"), "respondent",
     "respondent must be CHILD, PARENT, CARER or PROFESSIONAL"),
    ("feedback", response(about="ICPC"), "about", "about must be LAC_REVIEW or CP_CONFERENCE"),
    ("feedback", response(listened_to=0), "listened_to", "listened_to must be 1 to 5"),
    ("feedback", response(helpful=6), "helpful", "helpful must be 1 to 5"),
]


@pytest.mark.parametrize(("table", "row", "column", "text"), SINGLE_ROW_CASES)
def test_bad_row_fails_with_its_rule(table: str, row: Row, column: str, text: str) -> None:
    assert failures(table, [row]) == {(0, column, text)}


CHILD_REFERENCE_CASES = [case for case in SINGLE_ROW_CASES
                         if case[3] in ("child_id is not in children",
                                        "child_id's children row was set aside")]


@pytest.mark.parametrize(("table", "row", "column", "text"), CHILD_REFERENCE_CASES)
def test_unknown_children_worked_out_in_advance_fail_alike(table: str, row: Row, column: str,
                                                          text: str) -> None:
    """The loader works out the unknown children of every table at once (``references_for``);
    a row fails alike whatever other tables' ids were among them."""
    known = pl.Series(["C1", "C5"])  # another table's child id, known or not, changes nothing
    ids = references_for(IDS.child_ids, IDS.set_aside_child_ids, IDS.iro_ids,
                         [frame(table, [row])["child_id"], known])
    assert ids.unknown_child_ids is not None
    assert set(ids.unknown_child_ids) == ({"C5", "C7"} if row["child_id"] == "C7" else {"C5"})
    assert failures(table, [row], ids=ids) == failures(table, [row]) == {(0, column, text)}


VALID_EDGE_CASES: list[tuple[str, Row]] = [
    ("children", child(child_id="C" * 20)),
    ("children", child(date_of_birth=None, expected_date_of_birth=D(2020, 5, 1))),
    ("children", child(disability=None)),
    ("cp_plans", plan("P1", D(2019, 2, 1), D(2019, 2, 1), previous_plans=None)),
    ("s47_enquiries", enquiry(icpc_date=D(2019, 3, 1))),
    ("cp_conferences", conference(conference_type="TRANSFER_IN", outcome="NO_PLAN")),
    ("cp_conferences", conference(conference_type="RCPC", outcome="END")),
    ("cp_conferences", conference(outcome=None, family_invited=None, family_attended=None)),
    ("cp_conferences", conference(family_invited=True, family_attended=False)),
    ("iro_staff", staff(fte=1.0)),
    ("iro_staff", staff(fte=0.01)),
    ("iro_disputes", dispute(resolved_date=D(2019, 4, 1))),
    ("population", {"mid_year": 2019, "age": None, "population": 0}),
    ("population", {"mid_year": 2019, "age": 17, "population": 0}),
    ("population", {"mid_year": 1900, "age": 17, "population": 0}),
    ("population", {"mid_year": 2021, "age": 17, "population": 0}),
    ("children", child(date_of_birth=D(2020, 3, 31))),
    ("children", child(date_of_birth=D(1900, 1, 1))),
    ("children", child(date_of_birth=None, expected_date_of_birth=D(2021, 3, 31))),
    ("lac_reviews", review(D(2021, 3, 31))),
    ("lac_reviews", review(D(1900, 1, 1))),
    ("lac_reviews", review(D(2019, 1, 1), iro_id=None, permanence_plan=None)),
    ("lac_reviews", review(D(2019, 1, 1), iro_id="I2", permanence_plan=False)),
    ("iro_activity", activity(iro_id=None)),
    ("other_reviews", other_review(review_type="DISRUPTION", due_date=None, child_id=None)),
    ("service_activity", service(attendees=0)),
    ("service_activity", service(attendees=None)),
    ("service_activity", service("OBSERVATION", sessions=1)),
    ("feedback", response(listened_to=1, helpful=None)),
]


@pytest.mark.parametrize(("table", "row"), VALID_EDGE_CASES)
def test_edge_of_each_rule_passes(table: str, row: Row) -> None:
    assert failures(table, [row]) == set()


DATE_COLUMNS = [(table, column) for table, model in SCHEMAS.items()
                for column, spec in model.to_schema().columns.items() if spec.dtype.type == pl.Date]


def date_range_text(column: str) -> str:
    """The plausible-date rule of ``column``."""
    if column == "date_of_birth":
        return BIRTH_RANGE
    return f"{column} must be from 1900-01-01 to a year after the extract date"


@pytest.mark.parametrize(("table", "column"), DATE_COLUMNS)
@pytest.mark.parametrize("date", [D(1899, 12, 31), D(2021, 4, 1), D(9999, 12, 31)])
def test_every_date_column_is_range_checked(table: str, column: str, date: dt.date) -> None:
    """A year after the 2020-03-31 extract date is 2021-03-31: one day later fails, as does
    anything before 1900 (other rules may fail too: an end before its start)."""
    row = {**valid_frames()[table].row(0, named=True), column: date}
    assert (0, column, date_range_text(column)) in failures(table, [row])


def test_a_year_after_29_february_is_28_february() -> None:
    assert failures("lac_reviews", [review(D(2021, 2, 28))], extract_date=D(2020, 2, 29)) == set()
    assert failures("lac_reviews", [review(D(2021, 3, 1))], extract_date=D(2020, 2, 29)) == {
        (0, "review_date", date_range_text("review_date"))}


def test_without_an_extract_date_only_the_earliest_date_is_checked() -> None:
    assert failures("lac_reviews", [review(D(2099, 1, 1))], extract_date=None) == set()
    assert failures("population", [{"mid_year": 2099, "age": 3, "population": 1}],
                    extract_date=None) == set()
    assert failures("lac_reviews", [review(D(1899, 12, 31))], extract_date=None) == {
        (0, "review_date", date_range_text("review_date"))}


def test_fte_that_is_not_a_number_fails() -> None:
    """pandera also counts NaN as empty."""
    assert (0, "fte", "fte must be more than 0 and at most 1") in failures(
        "iro_staff", [staff(fte=float("nan"))])


def test_conference_with_an_unknown_type_fails_only_the_type_rule() -> None:
    assert failures("cp_conferences", [conference(conference_type="CORE", outcome="END")]) == {
        (0, "conference_type", "conference_type must be ICPC, RCPC or TRANSFER_IN")}


KEY_CASES: list[tuple[str, list[Row], str, str]] = [
    ("children", [child("C1"), child("C2"), child("C1", sex="M")], "child_id",
     "child_id appears on more than one row"),
    ("cp_plans", [plan("P1", D(2019, 1, 1), D(2019, 2, 1)), plan("P2", D(2019, 3, 1), None),
                  plan("P1", D(2019, 2, 1), D(2019, 3, 1))],
     "plan_id", "plan_id appears on more than one row"),
    ("s47_enquiries", [enquiry("E1"), enquiry("E2"), enquiry("E1")], "s47_id",
     "s47_id appears on more than one row"),
    ("iro_disputes", [dispute("R1"), dispute("R2"), dispute("R1")], "dispute_id",
     "dispute_id appears on more than one row"),
    ("iro_activity", [activity("A1"), activity("A2"), activity("A1")], "activity_id",
     "activity_id appears on more than one row"),
    ("other_reviews", [other_review("O1"), other_review("O2"), other_review("O1")], "review_id",
     "review_id appears on more than one row"),
    ("feedback", [response("F1"), response("F2"), response("F1")], "feedback_id",
     "feedback_id appears on more than one row"),
    ("cp_conferences", [conference("K1", "C2"), conference("K1", "C1"), conference("K1", "C2")],
     "conference_id", "conference_id and child_id together appear on more than one row"),
    ("population", [*single_ages(2019, range(1)), *single_ages(2020, range(1)),
                    *single_ages(2019, range(1))],
     "mid_year", "mid_year and age and ethnic_group together appear on more than one row"),
    ("population", [{"mid_year": 2019, "age": None, "population": 1},
                    {"mid_year": 2020, "age": None, "population": 1},
                    {"mid_year": 2019, "age": None, "population": 2}],
     "mid_year", "mid_year and age and ethnic_group together appear on more than one row"),
]


@pytest.mark.parametrize(("table", "rows", "column", "text"), KEY_CASES)
def test_every_row_sharing_a_key_fails(table: str, rows: list[Row], column: str,
                                       text: str) -> None:
    assert failures(table, rows) == {(0, column, text), (2, column, text)}


REPEATED_KEY_CASES: list[tuple[str, list[Row], str, str]] = [
    ("lac_reviews", [review(D(2019, 2, 7)), review(D(2019, 8, 1)), review(D(2019, 2, 7)),
                     review(D(2019, 2, 7), "PN4"), review(D(2019, 2, 7), child_id="C2")],
     "child_id", "child_id and review_date together repeat an earlier row"),
    ("iro_staff", [staff("I1"), staff("I1", start_date=D(2016, 1, 1)), staff("I1"),
                   staff("I1", fte=0.5), staff("I2")],
     "iro_id", "iro_id and start_date together repeat an earlier row"),
    ("iro_allocations", [allocation(), allocation(allocated_from=D(2019, 6, 1)), allocation(),
                         allocation(iro_id="I2"), allocation("C2")],
     "child_id", "child_id and allocated_from together repeat an earlier row"),
    ("service_activity", [service(), service(activity_date=D(2019, 6, 4)), service(),
                          service(sessions=5), service("PANEL", attendees=None)],
     "activity_date", "activity_date and activity_type together repeat an earlier row"),
]


@pytest.mark.parametrize(("table", "rows", "column", "text"), REPEATED_KEY_CASES)
def test_rows_repeating_an_earlier_key_fail_and_the_first_passes(
        table: str, rows: list[Row], column: str, text: str) -> None:
    """Rows 2 and 3 repeat row 0's key (row 3 with another value); rows 1 and 4 differ from
    it in one key column."""
    assert failures(table, rows) == {(2, column, text), (3, column, text)}


def test_every_table_has_a_key() -> None:
    """A key the contract names (NAMED_KEYS), one of REPEATED_KEYS, or for lac_episodes the
    overlap rule: two episodes of a child starting on one day overlap."""
    assert set(NAMED_KEYS).isdisjoint(REPEATED_KEYS)
    assert set(NAMED_KEYS) | set(REPEATED_KEYS) | {"lac_episodes"} == set(SCHEMAS)


def test_total_row_fails_when_its_year_has_single_ages() -> None:
    rows = [*single_ages(2019, range(2)), {"mid_year": 2019, "age": None, "population": 3},
            {"mid_year": 2020, "age": None, "population": 3}]
    assert failures("population", rows) == {
        (2, "mid_year", "mid_year has single-age rows, so its total row (empty age) is set aside")}


def test_reference_checks_pass_while_no_references_are_set() -> None:
    assert REFERENCES.get() is None
    assert failures("lac_reviews", [review(D(2019, 1, 1), child_id="C7")], ids=None) == set()
    assert failures("iro_allocations", [allocation("C7", "I7")], ids=None) == set()


def test_iro_reference_passes_without_iro_staff() -> None:
    ids = references_for(IDS.child_ids, IDS.set_aside_child_ids, None, [])
    assert failures("iro_allocations", [allocation(iro_id="I7")], ids=ids) == set()


def test_references_context_is_restored() -> None:
    with references(IDS):
        assert REFERENCES.get() is IDS
    assert REFERENCES.get() is None


def overlapping(table: str, periods: list[tuple[str, dt.date, dt.date | None]]) -> list[int]:
    """Positions of the rows (child, start, end) failing the overlap rule of ``table``."""
    if table == "lac_episodes":
        rows = [episode(start, end, child_id) for child_id, start, end in periods]
    else:
        rows = [plan(f"P{n}", start, end, child_id)
                for n, (child_id, start, end) in enumerate(periods)]
    what, column = ("episode", "episode_start") if table == "lac_episodes" else ("plan",
                                                                                 "plan_start")
    found = failures(table, rows)
    assert {(blamed, text) for _, blamed, text in found} <= {
        (column, f"{what} overlaps an earlier {what} of the same child")}
    return sorted(position for position, _, _ in found)


@pytest.mark.parametrize("table", ["lac_episodes", "cp_plans"])
def test_overlap_sets_aside_every_row_overlapping_an_earlier_one(table: str) -> None:
    a = ("C1", D(2019, 1, 1), D(2019, 1, 10))
    b = ("C1", D(2019, 1, 5), D(2019, 1, 15))
    c = ("C1", D(2019, 1, 12), D(2019, 1, 20))
    assert overlapping(table, [a, b, c]) == [1, 2]
    assert overlapping(table, [c, b, a]) == [0, 1]


@pytest.mark.parametrize("table", ["lac_episodes", "cp_plans"])
def test_overlap_on_the_same_start_sets_aside_the_later_row_in_the_file(table: str) -> None:
    first = ("C1", D(2019, 1, 1), D(2019, 1, 10))
    second = ("C1", D(2019, 1, 1), D(2019, 2, 10))
    assert overlapping(table, [first, second]) == [1]
    assert overlapping(table, [second, first]) == [1]


@pytest.mark.parametrize("table", ["lac_episodes", "cp_plans"])
def test_touching_rows_and_other_children_do_not_overlap(table: str) -> None:
    rows = [("C1", D(2019, 1, 10), D(2019, 2, 1)), ("C2", D(2019, 1, 15), None),
            ("C1", D(2019, 1, 1), D(2019, 1, 10)), ("C1", D(2019, 2, 1), None)]
    assert overlapping(table, rows) == []


@pytest.mark.parametrize("table", ["lac_episodes", "cp_plans"])
def test_an_open_row_overlaps_everything_starting_after_it(table: str) -> None:
    rows = [("C1", D(2019, 1, 1), None), ("C1", D(2020, 1, 1), D(2020, 2, 1))]
    assert overlapping(table, rows) == [1]


def test_zero_length_plans_touch() -> None:
    rows = [("C2", D(2019, 1, 1), D(2019, 1, 1)), ("C2", D(2019, 1, 1), D(2019, 3, 1))]
    assert overlapping("cp_plans", rows) == []


def test_every_rule_has_a_test_above() -> None:
    tested = {text for _, _, _, text in SINGLE_ROW_CASES} | {text for *_, text in KEY_CASES}
    tested |= {text for *_, text in REPEATED_KEY_CASES}
    tested |= {date_range_text(column) for _, column in DATE_COLUMNS}
    tested |= {"mid_year has single-age rows, so its total row (empty age) is set aside",
               "episode overlaps an earlier episode of the same child",
               "plan overlaps an earlier plan of the same child"}
    assert set(RULES) <= tested
    assert {rule.stage for rule in RULES.values()} == set(Stage)
