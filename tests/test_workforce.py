"""The IRO service's footprint (``iro_metrics.indicators.workforce``): staff in post by role, children
allocated to each IRO (anonymised), disputes by stage and issue, and the IRO Handbook's range;
hand-built tables with the expected values worked out in the comments, and agreement with the
engine on the demo."""


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
