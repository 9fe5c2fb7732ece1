"""The IRO service's footprint (``iro_metrics.indicators.workforce``): staff in post by role, children
allocated to each IRO (anonymised), disputes by stage and issue, and the IRO Handbook's range;
hand-built tables with the expected values worked out in the comments, and agreement with the
engine on the demo; and the workforce page's figures as shown
(``iro_metrics.present.workforce_tables``), the Handbook's range for looked-after children only."""

import polars as pl
import pytest
from extract_builders import D, allocation, dispute, frame, staff

from iro_metrics.contract.codes import DISPUTE_ISSUE, DISPUTE_STAGE, IRO_ROLE
from iro_metrics.indicators.engine import compute
from iro_metrics.indicators.periods import reporting_year, reporting_years_between
from iro_metrics.indicators.service_units import caseload_fte
from iro_metrics.indicators.workforce import (
    ISSUE_NAMES,
    ROLE_NAMES,
    STAGE_NAMES,
    allocated_caseloads,
    disputes_by,
    handbook_position,
    staff_in_post,
)
from iro_metrics.present.view import first_full_year
from iro_metrics.present.workforce_tables import (
    CASELOADS,
    HANDBOOK_BAND,
    allocations_figure,
    caseload_columns,
    caseload_description,
    caseload_title,
    disputes_figure,
    roles_figure,
)

SNAPSHOT = D(2020, 3, 31)


def test_staff_in_post_by_role() -> None:
    table = frame("iro_staff", [
        staff("I1", fte=1.0, start_date=D(2015, 1, 1)),                          # in post
        staff("I2", fte=0.5, start_date=D(2018, 1, 1), end_date=SNAPSHOT),       # left that day
        staff("I3", fte=0.6, start_date=SNAPSHOT, role="CP_CHAIR"),              # started that day
        staff("I4", fte=0.4, start_date=D(2019, 1, 1), role="FOSTER_REVIEW"),    # in post
        staff("I5", fte=0.8, start_date=D(2020, 4, 1)),                          # not yet
        staff("I6", fte=0.25, start_date=D(2019, 1, 1), role="FOSTER_REVIEW"),   # in post
    ])
    roles = staff_in_post(table, SNAPSHOT)
    assert roles.to_dicts() == [
        {"role": "IRO", "people": 1, "fte": 1.0},
        {"role": "CP_CHAIR", "people": 1, "fte": 0.6},
        {"role": "FOSTER_REVIEW", "people": 2, "fte": 0.65},
        {"role": "AGENCY", "people": 0, "fte": 0.0},
    ]
    # The caseload's denominator is the IRO and CP chair part of the same table.
    assert caseload_fte(table, SNAPSHOT) == pytest.approx(1.6)


def test_allocated_caseloads_are_anonymised_and_ordered() -> None:
    table = frame("iro_allocations", [
        allocation("C1", "I1", allocated_from=D(2019, 1, 1)),
        allocation("C2", "I1", allocated_from=D(2019, 6, 1), allocated_to=D(2020, 6, 1)),
        allocation("C3", "I1", allocated_from=D(2019, 1, 1), allocated_to=SNAPSHOT),  # ended
        # C4 re-allocated to the same IRO: one child.
        allocation("C4", "I1", allocated_from=D(2019, 1, 1), allocated_to=D(2019, 5, 1)),
        allocation("C4", "I1", allocated_from=D(2019, 5, 1)),
        allocation("C5", "I3", allocated_from=D(2019, 1, 1)),
        allocation("C6", "I3", allocated_from=D(2019, 1, 1)),
        allocation("C7", "I2", allocated_from=SNAPSHOT),                              # that day
        allocation("C8", "I2", allocated_from=D(2019, 1, 1)),
        allocation("C9", "I4", allocated_from=D(2020, 4, 1)),                         # not yet
    ])
    held = allocated_caseloads(table, SNAPSHOT)
    # I1 holds C1, C2, C4 (3); I2 and I3 hold 2 each, in the order of their identifiers.
    assert held.columns == ["iro", "children"]
    assert held.to_dicts() == [{"iro": "IRO 1", "children": 3}, {"iro": "IRO 2", "children": 2},
                               {"iro": "IRO 3", "children": 2}]
    assert allocated_caseloads(table, D(2010, 1, 1)).is_empty()


def _disputes():
    return frame("iro_disputes", [
        dispute("R1", raised_date=D(2019, 4, 1), stage="INFORMAL", issue="CARE_PLAN"),
        dispute("R2", raised_date=D(2020, 3, 31), stage="FORMAL_2", issue="DELAY"),
        dispute("R3", raised_date=D(2019, 3, 31), stage="INFORMAL", issue="HEALTH"),   # before
        dispute("R4", raised_date=D(2020, 4, 1), stage="FORMAL_3", issue="HEALTH"),    # after
        dispute("R5", raised_date=D(2019, 10, 10), stage="INFORMAL", issue="PLACEMENT",
                resolved_date=None),
    ])


def test_disputes_by_stage_and_issue() -> None:
    year = reporting_year(2019)
    by_stage = disputes_by(_disputes(), year, "stage")
    assert by_stage["group"].to_list() == list(DISPUTE_STAGE)
    assert by_stage["disputes"].to_list() == [2, 0, 1, 0]
    by_issue = dict(disputes_by(_disputes(), year, "issue").iter_rows())
    assert list(by_issue) == list(DISPUTE_ISSUE)
    assert by_issue == {"CARE_PLAN": 1, "PERMANENCE": 0, "PLACEMENT": 1, "CONTACT": 0,
                        "HEALTH": 0, "EDUCATION": 0, "DELAY": 1, "OTHER": 0}


@pytest.mark.parametrize(("value", "position"), [
    (None, None), (12.0, "below"), (49.94, "below"), (49.96, "within"), (50.0, "within"),
    (70.0, "within"), (70.04, "within"), (70.2, "above"), (120.0, "above"),
])
def test_handbook_position(value: float | None, position: str | None) -> None:
    assert handbook_position(value) == position


def test_every_code_has_a_plain_name() -> None:
    assert set(ROLE_NAMES) == set(IRO_ROLE)
    assert set(STAGE_NAMES) == set(DISPUTE_STAGE)
    assert set(ISSUE_NAMES) == set(DISPUTE_ISSUE)


def test_agrees_with_the_engine_on_the_demo(demo) -> None:
    years = reporting_years_between(first_full_year(demo), demo.authority.extract_date)
    for year in years:
        engine = {row["indicator_id"]: row for row in compute(
            demo, year, indicator_ids=("iro_caseload", "disputes_raised")).iter_rows(named=True)}
        roles = {row["role"]: row["fte"] for row in staff_in_post(demo.iro_staff, year.end)
                 .iter_rows(named=True)}
        assert roles["IRO"] + roles["CP_CHAIR"] == pytest.approx(
            engine["iro_caseload"]["denominator"]), year.label
        for column in ("stage", "issue"):
            assert disputes_by(demo.iro_disputes, year, column)["disputes"].sum() == (
                engine["disputes_raised"]["value"]), year.label


# --- The workforce page's figures as shown (present.workforce_tables) ------------------------


def test_roles_figure() -> None:
    roles = staff_in_post(frame("iro_staff", [
        staff("I1", fte=1.0), staff("I2", fte=0.6), staff("I3", fte=0.8, role="CP_CHAIR"),
        staff("I4", fte=0.5, role="FOSTER_REVIEW")]), SNAPSHOT)
    # IROs 1.6 (2 people), CP chairs 0.8, foster reviewers 0.5, agency 0: the caseload FTE is
    # 1.6 + 0.8 = 2.4, given by the engine.
    shown = roles_figure(roles, 2.4, "Darlington", "31 March 2020")
    assert shown.title == ("2.40 full-time equivalent IROs and CP chairs were in post on "
                           "31 March 2020")
    assert shown.bars.select("name", "label").rows() == [
        ("Independent reviewing officers", "1.60 FTE (2 people)"),
        ("Child protection conference chairs", "0.80 FTE (1 person)"),
        ("Foster carer reviewers", "0.50 FTE (1 person)"), ("Agency staff", "0.00 FTE (0 people)")]
    assert shown.table.columns == ["Role", "People in post", "Full-time equivalents"]
    assert shown.table.row(0) == ("Independent reviewing officers", "2", "1.60")
    assert shown.description.startswith(
        "Bar chart of full-time equivalent staff in post on 31 March 2020 by role: Independent "
        "reviewing officers 1.60 (2 people); Child protection conference chairs 0.80 (1 person)")


def test_allocations_figure() -> None:
    held = pl.DataFrame({"iro": ["IRO 1", "IRO 2", "IRO 3"], "children": [30, 14, 12]})
    shown = allocations_figure(held, "Darlington", "31 March 2020")
    assert shown.title == ("Allocated caseloads ranged from 12 to 30 children per IRO on "
                           "31 March 2020")
    assert shown.bars.rows() == [("IRO 1", 30, "30"), ("IRO 2", 14, "14"), ("IRO 3", 12, "12")]
    assert shown.table.rows() == [("IRO 1", "30"), ("IRO 2", "14"), ("IRO 3", "12")]
    assert shown.description == ("Bar chart of the number of children allocated to each of 3 "
                                 "IROs on 31 March 2020, from 30 to 12 children.")


def test_disputes_figure() -> None:
    # 2019-20 by stage: R1 and R5 informal, R2 formal stage 2 (see _disputes).
    table = disputes_by(_disputes(), reporting_year(2019), "stage")
    shown = disputes_figure(table, "stage", 3, "Darlington", "2019-20")
    assert shown.title == "2 of 3 disputes went no further than the informal stage"
    assert shown.table.rows() == [("Informal", "2"), ("Formal stage 1", "0"),
                                  ("Formal stage 2", "1"), ("Formal stage 3", "0")]
    assert shown.description == (
        "Bar chart of the 3 disputes raised in 2019-20 by highest stage reached: Informal 2; "
        "Formal stage 1 0; Formal stage 2 1; Formal stage 3 0.")


def _caseload_years(values: list[float]) -> list[dict]:
    return [{"year": reporting_year(2018 + i).label, "value": value}
            for i, value in enumerate(values)]


def test_the_handbook_range_is_drawn_for_looked_after_children_only() -> None:
    looked_after, combined = CASELOADS
    assert (looked_after.indicator_id, looked_after.band) == ("iro_lac_caseload", True)
    assert (combined.indicator_id, combined.band) == ("iro_caseload", False)
    assert HANDBOOK_BAND == (50, 70, "IRO Handbook: 50 to 70 looked-after children")
    rows = _caseload_years([48.0, 52.04])
    assert caseload_title(looked_after, rows) == (
        "Looked-after children per full-time IRO rose from 48.0 to 52.0 in 2019-20, within the "
        "IRO Handbook's 50 to 70")
    assert caseload_title(combined, _caseload_years([68.26, 69.0])) == (
        "Children looked after or on a plan per full-time IRO (the annual report's figure) rose "
        "from 68.3 to 69.0 in 2019-20")
    assert caseload_description(looked_after, rows, "2018-19 to 2019-20") == (
        "Line chart of looked-after children per IRO (full-time equivalent) at the end of each "
        "reporting year from 2018-19 to 2019-20, with the IRO Handbook's suggested range of 50 "
        "to 70 looked-after children shaded between dashed lines; 2019-20: 52.0.")
    assert caseload_description(combined, rows, "2018-19 to 2019-20").endswith(
        "with no range drawn: the IRO Handbook's is for looked-after children alone; 2019-20: "
        "52.0.")
    assert list(caseload_columns(combined)) == [
        "Children looked after or on a plan", "IRO and CP chair FTE",
        "Children looked after or on a plan per FTE (the annual report's figure)"]
