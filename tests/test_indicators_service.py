"""Service indicators through ``compute``: conferences held and family attendance (distinct
conferences), children per IRO, and disputes resolved within 20 working days, on small hand-built
data directories; expected values are worked out by hand in the comments (helpers and the case
pattern come from ``helpers.py``)."""

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from extract_builders import D, Row, child, conference, dispute, episode, plan, staff
from helpers import (
    EMPTY,
    Y2019,
    Case,
    check_case,
    count,
    headline,
    load,
    merged,
    rows,
    run_cli,
    share,
)

from iro_metrics.contract.extract import Extract
from iro_metrics.indicators.engine import Filters, compute
from iro_metrics.indicators.periods import Period, date_range, parse_period

CONFERENCE_IDS = ("icpc_held", "rcpc_held", "family_attendance_icpc", "family_attendance_rcpc")
SERVICE_IDS = (*CONFERENCE_IDS, "iro_caseload", "iro_lac_caseload", "disputes_raised",
               "disputes_resolved_20wd")

# --- Conferences held and family attendance --------------------------------------------------

Family = tuple[bool | None, bool | None]
"""(family_invited, family_attended) of one child's conference row."""


def conference_case(conference_id: str, kind: str, day: dt.date, families: list[Family],
                    held: int, invited: int, attended: int) -> Case:
    """One conference of ``kind`` on ``day``, one row per child (``families``), and what it adds
    to the held count and the attendance percentage of its kind."""
    names = [f"{conference_id}-{number}" for number in range(1, len(families) + 1)]
    outcome = "CONTINUE" if kind == "RCPC" else "PLAN"
    kind_ids = {"ICPC": ("icpc_held", "family_attendance_icpc"),
                "RCPC": ("rcpc_held", "family_attendance_rcpc")}.get(kind)
    return Case(conference_id, {
        "children": [child(name) for name in names],
        "cp_conferences": [
            conference(conference_id, name, conference_date=day, conference_type=kind,
                       outcome=outcome, family_invited=invited_flag, family_attended=came)
            for name, (invited_flag, came) in zip(names, families, strict=True)],
    }, {} if kind_ids is None else {kind_ids[0]: (held, None), kind_ids[1]: (attended, invited)})


CONFERENCE_CASES = [
    # Siblings at one ICPC (Wed 1 May 2019): one conference, invited and attended.
    conference_case("K1", "ICPC", D(2019, 5, 1), [(True, True), (True, False)], 1, 1, 1),
    # Family not invited: held, out of the attendance denominator.
    conference_case("K2", "ICPC", D(2019, 7, 10), [(False, None)], 1, 0, 0),
    # Invited unknown (null) counts as not invited.
    conference_case("K3", "ICPC", D(2019, 9, 11), [(None, None)], 1, 0, 0),
    # Two siblings, invited, nobody came: in the denominator only.
    conference_case("K4", "ICPC", D(2019, 10, 2), [(True, False), (True, False)], 1, 1, 0),
    # One of two rows says a family member attended: attended.
    conference_case("K5", "ICPC", D(2019, 11, 13), [(True, False), (True, True)], 1, 1, 1),
    # One row says invited (the other unknown): invited, and attended.
    conference_case("K7", "ICPC", D(2020, 1, 15), [(None, None), (True, True)], 1, 1, 1),
    # After 31 Mar 2020 and before 1 Apr 2019: out of 2019-20.
    conference_case("K6", "ICPC", D(2020, 4, 15), [(True, True)], 0, 0, 0),
    conference_case("K9", "ICPC", D(2019, 3, 20), [(True, True)], 0, 0, 0),
    # RCPCs: siblings at one review, attended; invited but nobody came; not invited on the period
    # end (31 Mar 2020, included); attended on the period start (1 Apr 2019, included).
    conference_case("R1", "RCPC", D(2019, 6, 12), [(True, True), (True, True)], 1, 1, 1),
    conference_case("R2", "RCPC", D(2019, 8, 14), [(True, False)], 1, 1, 0),
    conference_case("R3", "RCPC", D(2020, 3, 31), [(False, None)], 1, 0, 0),
    conference_case("R4", "RCPC", D(2019, 4, 1), [(True, True)], 1, 1, 1),
    # A transfer-in conference is neither an ICPC nor an RCPC: adds to neither.
    conference_case("T1", "TRANSFER_IN", D(2019, 12, 4), [(True, True)], 0, 0, 0),
]


@pytest.mark.parametrize("case", CONFERENCE_CASES, ids=str)
def test_conferences_case_by_case(tmp_path: Path, case: Case) -> None:
    check_case(tmp_path, case, "cp_plans")


def conferences_extract(directory: Path) -> Extract:
    return load(directory, **merged(CONFERENCE_CASES, "cp_plans"))


def test_conferences_together(tmp_path: Path) -> None:
    extract = conferences_extract(tmp_path)
    # ICPCs in 2019-20: K1 (two children), K2, K3, K4 (two), K5 (two), K7 (two): 6 conferences.
    assert headline(extract, Y2019, "icpc_held") == count(6)
    # Invited: K1, K4, K5, K7 (not K2, not K3 with null); attended: K1, K5, K7.
    assert headline(extract, Y2019, "family_attendance_icpc") == share(3, 4)
    # RCPCs: R1 (two children), R2, R3, R4: 4; invited R1, R2, R4; attended R1, R4.
    assert headline(extract, Y2019, "rcpc_held") == count(4)
    assert headline(extract, Y2019, "family_attendance_rcpc") == share(2, 3)


def test_conference_indicators_have_no_breakdowns(tmp_path: Path) -> None:
    extract = conferences_extract(tmp_path)
    # The engine's documented behaviour: left out under --by, empty under a demographic filter
    # (conferences are not children), while child-level indicators still break down.
    by_sex = compute(extract, Y2019, by="sex", indicator_ids=[*SERVICE_IDS, "icpc_no_plan"])
    assert by_sex["indicator_id"].unique().to_list() == ["icpc_no_plan"]
    girls = Filters(sex=("F",))
    for indicator_id in CONFERENCE_IDS:
        assert headline(extract, Y2019, indicator_id, girls) == EMPTY, indicator_id
    # Every child is a girl: the filtered child-level count still finds them. Children at 2019-20
    # ICPCs with a known outcome (PLAN): K1, K4, K5, K7 two each, K2, K3 one each = 10.
    assert headline(extract, Y2019, "icpc_no_plan", girls) == share(0, 10)


# --- Children per IRO ------------------------------------------------------------------------


def caseload_tables(**replaced: list[Row]) -> dict[str, list[Row]]:
    """Children and IROs around the snapshot, Tue 31 Mar 2020."""
    looked_after = episode(D(2019, 1, 10), None, "LAC")
    tables: dict[str, list[Row]] = {
        "children": [child(name) for name in ("LAC", "SHORT", "LEFT", "BOTH", "CP", "CPENDED",
                                              "SHORTCP")]
        + [child("UNBORN", date_of_birth=None, expected_date_of_birth=D(2020, 6, 1))],
        "lac_episodes": [
            looked_after,
            # A short break (V3) open on the snapshot: not looked after.
            {**looked_after, "child_id": "SHORT", "legal_status": "V3"},
            # Care ended on the snapshot: not looked after on it.
            episode(D(2019, 1, 10), D(2020, 3, 31), "LEFT"),
            {**looked_after, "child_id": "BOTH"},
            {**looked_after, "child_id": "SHORTCP", "legal_status": "V4"},
        ],
        "cp_plans": [
            plan("P-BOTH", D(2019, 9, 2), None, "BOTH"),
            plan("P-CP", D(2019, 9, 2), None, "CP"),
            plan("P-CPENDED", D(2019, 9, 2), D(2020, 3, 31), "CPENDED"),
            plan("P-SHORTCP", D(2019, 9, 2), None, "SHORTCP"),
            plan("P-UNBORN", D(2020, 2, 3), None, "UNBORN"),
        ],
        "iro_staff": [
            staff("I1"),  # full-time IRO since 5 Jan 2015
            staff("I2", fte=0.6),  # part-time IRO
            staff("I3", fte=0.8, role="CP_CHAIR"),
            staff("I4", role="FOSTER_REVIEW"),  # not an IRO or CP chair
            staff("I5", role="AGENCY"),
            staff("I6", end_date=D(2020, 3, 31)),  # left on the snapshot: not in post
            staff("I7", fte=0.5, start_date=D(2020, 3, 31)),  # started on it: in post
            staff("I8", start_date=D(2020, 4, 1)),  # starts after it
        ],
    }
    return {**tables, **replaced}


def test_children_per_iro(tmp_path: Path) -> None:
    extract = load(tmp_path, **caseload_tables())
    # Looked after on 31 Mar 2020: LAC, BOTH (SHORT and SHORTCP are short breaks, LEFT left on
    # the day). On a plan: BOTH, CP, SHORTCP, UNBORN (CPENDED ended on the day). Distinct: LAC,
    # BOTH, CP, SHORTCP, UNBORN = 5. FTE in post: I1 1.0 + I2 0.6 + I3 0.8 + I7 0.5 = 2.9.
    assert headline(extract, Y2019, "iro_caseload") == (5, pytest.approx(2.9),
                                                        pytest.approx(5 / 2.9))
    # The IRO Handbook's caseload counts looked-after children only: LAC and BOTH = 2, over the
    # same 2.9 FTE.
    assert headline(extract, Y2019, "iro_lac_caseload") == (2, pytest.approx(2.9),
                                                            pytest.approx(2 / 2.9))


@pytest.mark.parametrize("indicator_id", ["iro_caseload", "iro_lac_caseload"])
def test_children_per_iro_needs_staff(tmp_path: Path, indicator_id: str) -> None:
    tables = caseload_tables()
    del tables["iro_staff"]
    extract = load(tmp_path, **tables)
    assert headline(extract, Y2019, indicator_id) == EMPTY
    assert rows(extract, Y2019, indicator_id, by="age_band") == {}
    assert headline(extract, Y2019, indicator_id, Filters(sex=("F",))) == EMPTY


def test_both_caseloads_on_the_command_line(tmp_path: Path) -> None:
    load(tmp_path, **caseload_tables())
    done = run_cli("indicators", "--data", str(tmp_path), "--period", "2019-20")
    assert done.returncode == 0, done.stderr
    found = {row["indicator_id"]: row for row in csv.DictReader(io.StringIO(done.stdout))}
    # The FTE is written as FTE (2.9, up to 2 decimals), the children as whole numbers.
    assert [(found[i]["numerator"], found[i]["denominator"], float(found[i]["value"]))
            for i in ("iro_caseload", "iro_lac_caseload")] == [
        ("5", "2.9", pytest.approx(5 / 2.9)), ("2", "2.9", pytest.approx(2 / 2.9))]
    assert list(found).index("iro_lac_caseload") == list(found).index("iro_caseload") + 1


def test_looked_after_caseload_needs_episodes(tmp_path: Path) -> None:
    # Without lac_episodes the combined caseload counts the 4 children on a plan (BOTH, CP,
    # SHORTCP, UNBORN); the looked-after one has nothing to count and is empty, never 0.
    tables = caseload_tables()
    del tables["lac_episodes"]
    extract = load(tmp_path, **tables)
    assert headline(extract, Y2019, "iro_caseload") == (4, pytest.approx(2.9),
                                                        pytest.approx(4 / 2.9))
    assert headline(extract, Y2019, "iro_lac_caseload") == EMPTY


def test_children_per_iro_with_no_one_in_post(tmp_path: Path) -> None:
    extract = load(tmp_path, **caseload_tables(iro_staff=[staff("I8", start_date=D(2020, 4, 1))]))
    # The same 5 children, no FTE in post on 31 Mar 2020: empty, never a division by zero.
    assert headline(extract, Y2019, "iro_caseload") == (5, 0, None)
    assert headline(extract, Y2019, "iro_lac_caseload") == (2, 0, None)


# --- Disputes resolved within 20 working days -------------------------------------------------


def dispute_case(name: str, raised: dt.date, resolved: dt.date | None, raised_in: bool,
                 resolved_in_time: bool, in_denominator: bool, period: Period = Y2019) -> Case:
    """One dispute of child ``name`` and its place in the dispute indicators of ``period``."""
    return Case(name, {
        "children": [child(name)],
        "iro_disputes": [dispute(f"R-{name}", name, raised_date=raised, resolved_date=resolved)],
    }, {"disputes_raised": (int(raised_in), None),
        "disputes_resolved_20wd": (int(resolved_in_time), int(in_denominator))}, period)


DISPUTE_CASES = [
    # Mon 3 Jun 2019 (no bank holiday until 26 Aug): 4–7 Jun are working days 1–4, 10–14 Jun 5–9,
    # 17–21 Jun 10–14, 24–28 Jun 15–19, Mon 1 Jul 2019 the 20th.
    dispute_case("DAY20", D(2019, 6, 3), D(2019, 7, 1), True, True, True),
    dispute_case("DAY21", D(2019, 6, 3), D(2019, 7, 2), True, False, True),
    # Mon 16 Mar 2020: 17–20 Mar are 1–4, 23–27 Mar 5–9, 30–31 Mar 10–11, 1–3 Apr 12–14,
    # 6–9 Apr 15–18; Good Friday 10 Apr and Easter Monday 13 Apr are bank holidays; Tue 14 Apr the
    # 19th, Wed 15 Apr 2020 the 20th. Resolved on it, after the period: in time.
    dispute_case("AFTEREND", D(2020, 3, 16), D(2020, 4, 15), True, True, True),
    # Unresolved, its 20th working day (15 Apr 2020) after 31 Mar 2020: out of the denominator.
    dispute_case("NOTYETDUE", D(2020, 3, 16), None, True, False, False),
    # Mon 24 Feb 2020: 25–28 Feb are 1–4, 2–6 Mar 5–9, 9–13 Mar 10–14, 16–20 Mar 15–19, Mon
    # 23 Mar the 20th, before 31 Mar: unresolved and counted.
    dispute_case("OVERDUE", D(2020, 2, 24), None, True, False, True),
    # Tue 3 Mar 2020: 4–6 Mar are 1–3, 9–13 Mar 4–8, 16–20 Mar 9–13, 23–27 Mar 14–18, 30 Mar 19,
    # Tue 31 Mar the 20th: on the period end, not after it: counted.
    dispute_case("DUEONEND", D(2020, 3, 3), None, True, False, True),
    # Mon 2 Mar 2020: the 20th working day is Mon 30 Mar; resolved 1 May 2020: late.
    dispute_case("LATEAFTER", D(2020, 3, 2), D(2020, 5, 1), True, False, True),
    # Unresolved on 31 Mar 2020 with its 20th working day (15 Apr, as AFTEREND) after it, but
    # resolved late (1 May 2020): a resolved dispute, in the denominator.
    dispute_case("LATEPENDING", D(2020, 3, 16), D(2020, 5, 1), True, False, True),
    # Raised on Sat 1 Jun 2019: 3–7 Jun are 1–5, 10–14 Jun 6–10, 17–21 Jun 11–15, 24–28 Jun
    # 16–20; resolved Fri 28 Jun, the 20th: in time.
    dispute_case("SATURDAY", D(2019, 6, 1), D(2019, 6, 28), True, True, True),
    # Raised on Sun 1 Mar 2020, unresolved: 2–6 Mar are 1–5, 9–13 Mar 6–10, 16–20 Mar 11–15,
    # 23–27 Mar 16–20: the 20th is Fri 27 Mar, the end of this period (1–27 Mar 2020): counted.
    # (Counting from Mon 2 Mar instead would put the 20th on Mon 30 Mar, after it.)
    dispute_case("SUNDAY", D(2020, 3, 1), None, True, False, True,
                 date_range(D(2020, 3, 1), D(2020, 3, 27))),
    # Raised 20 Mar 2019 (before 2019-20) and 1 Apr 2020 (after): not disputes of the period.
    dispute_case("BEFORE", D(2019, 3, 20), D(2019, 4, 3), False, False, False),
    dispute_case("AFTER", D(2020, 4, 1), None, False, False, False),
]


@pytest.mark.parametrize("case", DISPUTE_CASES, ids=str)
def test_disputes_case_by_case(tmp_path: Path, case: Case) -> None:
    check_case(tmp_path, case, "cp_plans")


def test_disputes_together(tmp_path: Path) -> None:
    extract = load(tmp_path, **merged(DISPUTE_CASES, "cp_plans"))
    # Raised in 2019-20: all but BEFORE and AFTER (10; SUNDAY's 20th working day, 27 Mar, is
    # before 31 Mar). Denominator: those, less NOTYETDUE (9). Resolved within 20 working days:
    # DAY20, AFTEREND, SATURDAY.
    assert headline(extract, Y2019, "disputes_raised") == count(10)
    assert headline(extract, Y2019, "disputes_resolved_20wd") == share(3, 9)


# --- Empty periods ---------------------------------------------------------------------------


def test_an_empty_period(tmp_path: Path) -> None:
    tables = merged([*CONFERENCE_CASES, *DISPUTE_CASES])
    for table, table_rows in caseload_tables().items():
        tables.setdefault(table, []).extend(table_rows)
    extract = load(tmp_path, **tables)
    # 2010-11: the first conference is 20 Mar 2019, the first dispute 20 Mar 2019, the first
    # episode 10 Jan 2019, the first plan 2 Sep 2019 and the first IRO starts 5 Jan 2015.
    empty = parse_period("2010-11")
    for indicator_id in ("icpc_held", "rcpc_held", "disputes_raised"):
        assert headline(extract, empty, indicator_id) == count(0), indicator_id
    for indicator_id in ("family_attendance_icpc", "family_attendance_rcpc",
                         "disputes_resolved_20wd"):
        assert headline(extract, empty, indicator_id) == share(0, 0), indicator_id
    assert headline(extract, empty, "iro_caseload") == (0, 0, None)
    assert headline(extract, empty, "iro_lac_caseload") == (0, 0, None)
