"""Child protection indicators through ``compute``, on small hand-built data directories.

Every expected numerator, denominator and value is worked out by hand in the comments: dates,
working days (naming the bank holidays in the span) and calendar-month arithmetic, which clamps to
the end of a shorter month (30 Nov + 3 months = 29 Feb 2020; 29 Feb 2016 + 2 years = 28 Feb 2018).
Each theme has a table of cases, one child (or one enquiry) each: every case is checked alone, then
all of them together in one data directory against hand-counted totals.

The helpers (``Case``, ``check_case``, ``headline``...) are in ``helpers.py``.
"""

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from extract_builders import D, Row, child, conference, enquiry, plan
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
    share,
)

from iro_metrics.contract.extract import Extract
from iro_metrics.indicators.demographics import GROUP_ORDER
from iro_metrics.indicators.engine import Filters, compute
from iro_metrics.indicators.periods import Period, parse_period

Y2017 = parse_period("2017-18")  # 1 Apr 2017 – 31 Mar 2018
Y2020 = parse_period("2020-21")  # 1 Apr 2020 – 31 Mar 2021


# --- Children on a plan on the snapshot, and plans starting and ending ------------------------


def population(mid_year: int, base: int) -> list[Row]:
    """Single-age rows: ``base + age`` children of each age 0–17."""
    return [{"mid_year": mid_year, "age": age, "population": base + age} for age in range(18)]


MID_2019_TOTAL = 18 * 1000 + sum(range(18))  # 18,153 (ages 0–17 of base 1000)


def snapshot_tables(**replaced: list[Row]) -> dict[str, list[Row]]:
    """Children around the 2019-20 snapshot, Tue 31 Mar 2020:

    - ENDS (born 17 May 2010): plan 7 Jan 2019 – 31 Mar 2020, ends on the snapshot: not on a plan;
      it ceases in 2019-20, aged 9 on its end date.
    - STARTS (born 10 Jan 2012): plan from 31 Mar 2020, the snapshot: on a plan, aged 8.
    - UNBORN (no date of birth, expected 1 Jun 2020): plan from 3 Feb 2020: on a plan, Unborn.
    - TURNS1 (born 15 Feb 2019): plan from 3 Jun 2019, aged 0 then (Under 1) and 1 on the snapshot
      (1 to 4).
    - BORN (born 2 Mar 2020): plan from 13 Jan 2020, before the birth (Unborn at the start), Under 1
      on the snapshot.
    - LATER: plan from 1 Apr 2020, after the snapshot: not on a plan, not a 2019-20 start.

    Population: mid-2019 (dated 30 June 2019, the latest on or before the snapshot) has 1000 + age
    children of each age; mid-2020 (dated 30 June 2020, after the snapshot) must not be used.
    """
    tables = {
        "children": [
            child("ENDS"),
            child("STARTS", sex="M", date_of_birth=D(2012, 1, 10)),
            child("UNBORN", sex="U", date_of_birth=None, expected_date_of_birth=D(2020, 6, 1),
                  disability=None),
            child("TURNS1", date_of_birth=D(2019, 2, 15)),
            child("BORN", sex="M", date_of_birth=D(2020, 3, 2)),
            child("LATER"),
        ],
        "cp_plans": [
            plan("P-ENDS", D(2019, 1, 7), D(2020, 3, 31), "ENDS"),
            plan("P-STARTS", D(2020, 3, 31), None, "STARTS", initial_category="PHY"),
            plan("P-UNBORN", D(2020, 2, 3), None, "UNBORN"),
            plan("P-TURNS1", D(2019, 6, 3), None, "TURNS1", initial_category="EMO"),
            plan("P-BORN", D(2020, 1, 13), None, "BORN"),
            plan("P-LATER", D(2020, 4, 1), None, "LATER"),
        ],
        "population": [*population(2019, 1000), *population(2020, 2000)],
    }
    return {**tables, **replaced}


def test_children_on_a_plan_on_the_snapshot(tmp_path: Path) -> None:
    extract = load(tmp_path, **snapshot_tables())
    # On a plan on 31 Mar 2020: STARTS, UNBORN, TURNS1, BORN (not ENDS, not LATER).
    assert headline(extract, Y2019, "cp_count") == count(4)
    # Age on the snapshot: UNBORN Unborn; BORN 0 (Under 1); TURNS1 1 (1 to 4); STARTS 8 (5 to 9).
    assert rows(extract, Y2019, "cp_count", by="age_band") == {
        "Unborn": count(1), "Under 1": count(1), "1 to 4": count(1), "5 to 9": count(1)}
    assert rows(extract, Y2019, "cp_count", by="initial_category") == {
        "NEG": count(2), "PHY": count(1), "EMO": count(1)}


def test_plan_rate_per_10000_with_an_unborn_row(tmp_path: Path) -> None:
    extract = load(tmp_path, **snapshot_tables())
    # 4 children over mid-2019's 0–17 total 18,153 (mid-2020's 36,153 is dated after 31 Mar 2020).
    assert headline(extract, Y2019, "cp_rate") == (4, MID_2019_TOTAL,
                                                   pytest.approx(4 * 10_000 / MID_2019_TOTAL))
    # Bands of mid-2019: Under 1 = 1000; 1 to 4 = 1001 + 1002 + 1003 + 1004 = 4010;
    # 5 to 9 = 1005 + ... + 1009 = 5035. Unborn children have no population: no denominator.
    assert rows(extract, Y2019, "cp_rate", by="age_band") == {
        "Unborn": (1, None, None),
        "Under 1": (1, 1000, pytest.approx(10.0)),
        "1 to 4": (1, 4010, pytest.approx(10_000 / 4010)),
        "5 to 9": (1, 5035, pytest.approx(10_000 / 5035)),
    }


def test_plan_rate_is_empty_without_an_estimate_on_or_before_the_snapshot(tmp_path: Path) -> None:
    # Only mid-2020 (30 June 2020) is in the table: nothing is dated on or before 31 Mar 2020.
    extract = load(tmp_path, **snapshot_tables(population=population(2020, 2000)))
    assert headline(extract, Y2019, "cp_rate") == (4, None, None)


def test_plan_starts_and_ends_are_aged_on_their_own_date(tmp_path: Path) -> None:
    extract = load(tmp_path, **snapshot_tables())
    # Starting 1 Apr 2019 – 31 Mar 2020: P-TURNS1 (3 Jun 2019), P-BORN (13 Jan 2020), P-UNBORN
    # (3 Feb 2020), P-STARTS (31 Mar 2020); P-ENDS (7 Jan 2019) and P-LATER (1 Apr 2020) are out.
    assert headline(extract, Y2019, "cp_starts") == count(4)
    # On the start date: TURNS1 aged 0 (Under 1, though 1 to 4 on the snapshot); BORN not yet born
    # and UNBORN without a date of birth (Unborn); STARTS aged 8.
    assert rows(extract, Y2019, "cp_starts", by="age_band") == {
        "Unborn": count(2), "Under 1": count(1), "5 to 9": count(1)}
    # Ending in 2019-20: P-ENDS on 31 Mar 2020, when ENDS (born 17 May 2010) was 9.
    assert rows(extract, Y2019, "cp_ceased", by="age_band") == {"5 to 9": count(1)}


# --- Repeat plans and plans lasting 2 years or more -------------------------------------------


def plan_case(name: str, plans: list[tuple[dt.date, dt.date | None, int | None]],
              period: Period = Y2019, **contributes: tuple[int, int | None]) -> Case:
    """One child ``name`` with ``plans`` as (plan_start, plan_end, previous_plans)."""
    return Case(name, {
        "children": [child(name)],
        "cp_plans": [plan(f"{name}-{number}", start, end, name, previous_plans=previous)
                     for number, (start, end, previous) in enumerate(plans, 1)],
    }, contributes, period)


REPEAT_CASES = [
    # previous_plans = 1 though the extract shows no earlier plan: a repeat. cp_repeat_2y looks
    # only at earlier plans in the extract: there is none, so not one.
    plan_case("FILLED1", [(D(2019, 5, 7), None, 1)], cp_starts=(1, None), cp_repeat=(1, 1),
              cp_repeat_2y=(0, 1)),
    # previous_plans = 0 wins over the earlier plan in the extract: not a repeat. cp_repeat_2y:
    # that plan ended 1 Jun 2018, + 2 years = 1 Jun 2020 >= start 2 Sep 2019: a repeat.
    plan_case("FILLED0", [(D(2017, 1, 9), D(2018, 6, 1), 0), (D(2019, 9, 2), None, 0)],
              cp_starts=(1, None), cp_repeat=(0, 1), cp_repeat_2y=(1, 1)),
    # previous_plans null: two earlier plans in the extract, a repeat. The latest earlier plan
    # ended 2 Oct 2017, + 2 years = 2 Oct 2019 = plan_start: exactly 2 years counts. (The first
    # plan, ended 5 Jan 2015, would not.)
    plan_case("DERIVED", [(D(2014, 1, 6), D(2015, 1, 5), None), (D(2016, 5, 3), D(2017, 10, 2), None),
                          (D(2019, 10, 2), None, None)],
              cp_starts=(1, None), cp_repeat=(1, 1), cp_repeat_2y=(1, 1)),
    # previous_plans null, an earlier plan ended 2 Oct 2017: a repeat; started 3 Oct 2019, a day
    # after 2 Oct 2017 + 2 years: not within 2 years.
    plan_case("DAYMORE", [(D(2016, 5, 3), D(2017, 10, 2), None), (D(2019, 10, 3), None, None)],
              cp_starts=(1, None), cp_repeat=(1, 1), cp_repeat_2y=(0, 1)),
    # previous_plans null and no earlier plan: neither.
    plan_case("FIRST", [(D(2019, 11, 4), None, None)], cp_starts=(1, None), cp_repeat=(0, 1),
              cp_repeat_2y=(0, 1)),
]

DURATION_CASES = [
    # 4 Jan 2016 – 4 Jan 2018: plan_end = plan_start + 2 years, counts.
    plan_case("EXACT2Y", [(D(2016, 1, 4), D(2018, 1, 4), 0)], Y2017, cp_ceased=(1, None),
              cp_ceased_2y_plus=(1, 1), cp_starts=(0, None)),
    # 5 Jan 2016 – 4 Jan 2018: one day short of 2 years.
    plan_case("DAYLESS", [(D(2016, 1, 5), D(2018, 1, 4), 0)], Y2017, cp_ceased=(1, None),
              cp_ceased_2y_plus=(0, 1), cp_starts=(0, None)),
    # 29 Feb 2016 + 2 years = 28 Feb 2018 (clamped, as 31 Jan + 1 month = 29 Feb): counts.
    plan_case("LEAP", [(D(2016, 2, 29), D(2018, 2, 28), 0)], Y2017, cp_ceased=(1, None),
              cp_ceased_2y_plus=(1, 1), cp_starts=(0, None)),
    # Two plans of one child, 1 Jun – 1 Dec 2017 and 1 Dec 2017 – 1 Mar 2018: each plan counts,
    # as a start and as an end; neither lasted 2 years.
    plan_case("TWOPLANS", [(D(2017, 6, 1), D(2017, 12, 1), 0), (D(2017, 12, 1), D(2018, 3, 1), 1)],
              Y2017, cp_ceased=(2, None), cp_ceased_2y_plus=(0, 2), cp_starts=(2, None)),
    # Ended 31 Mar 2017, the day before 2017-18; the next started 2 May 2017 and ended 1 Apr 2018,
    # the day after it: no end in the period, one start.
    plan_case("OUTSIDE", [(D(2015, 3, 2), D(2017, 3, 31), 0), (D(2017, 5, 2), D(2018, 4, 1), 1)],
              Y2017, cp_ceased=(0, None), cp_ceased_2y_plus=(0, 0), cp_starts=(1, None)),
]


@pytest.mark.parametrize("case", REPEAT_CASES + DURATION_CASES, ids=str)
def test_plan_history_case_by_case(tmp_path: Path, case: Case) -> None:
    check_case(tmp_path, case)


def test_repeat_plans_together(tmp_path: Path) -> None:
    extract = load(tmp_path, **merged(REPEAT_CASES))
    # Five plans start in 2019-20, one per child.
    assert headline(extract, Y2019, "cp_starts") == count(5)
    # Repeats: FILLED1 (previous_plans 1), DERIVED and DAYMORE (earlier plans, previous_plans
    # null); not FILLED0 (previous_plans 0) nor FIRST.
    assert headline(extract, Y2019, "cp_repeat") == share(3, 5)
    # Within 2 years of the latest earlier plan in the extract: FILLED0, DERIVED.
    assert headline(extract, Y2019, "cp_repeat_2y") == share(2, 5)


def test_plan_durations_together(tmp_path: Path) -> None:
    extract = load(tmp_path, **merged(DURATION_CASES))
    # Ending 1 Apr 2017 – 31 Mar 2018: EXACT2Y, DAYLESS, LEAP and both TWOPLANS plans.
    assert headline(extract, Y2017, "cp_ceased") == count(5)
    # Lasting 2 years or more: EXACT2Y and LEAP.
    assert headline(extract, Y2017, "cp_ceased_2y_plus") == share(2, 5)
    # Starting in 2017-18: both TWOPLANS plans and OUTSIDE's second plan.
    assert headline(extract, Y2017, "cp_starts") == count(3)


# --- Initial conferences within 15 working days ----------------------------------------------


def enquiry_case(name: str, s47_start: dt.date, icpc_date: dt.date | None,
                 period: Period = Y2019, **contributes: tuple[int, int | None]) -> Case:
    """One child ``name`` with one section 47 enquiry."""
    return Case(name, {
        "children": [child(name)],
        "s47_enquiries": [enquiry(f"E-{name}", name, s47_start=s47_start, icpc_date=icpc_date,
                                  icpc_required=icpc_date is not None)],
    }, contributes, period)


def timely(yes: bool) -> tuple[int, int]:
    return (int(yes), 1)


ICPC_CASES = [
    # Mon 3 Jun 2019 (no bank holiday until 26 Aug): 4–7 Jun are working days 1–4, 10–14 Jun 5–9,
    # 17–21 Jun 10–14, Mon 24 Jun the 15th.
    enquiry_case("DAY15", D(2019, 6, 3), D(2019, 6, 24), icpc_timely=timely(True)),
    # Tue 25 Jun 2019 is the 16th.
    enquiry_case("DAY16", D(2019, 6, 3), D(2019, 6, 25), icpc_timely=timely(False)),
    # Fri 13 Dec 2019: 16–20 Dec are 1–5, 23–24 Dec 6–7; Wed 25 Dec (Christmas Day) and Thu 26 Dec
    # (Boxing Day) are bank holidays; Fri 27 Dec 8, 30–31 Dec 9–10; Wed 1 Jan 2020 (New Year's Day)
    # a bank holiday; 2–3 Jan 11–12, 6–8 Jan 13–15. Wed 8 Jan 2020: the 15th (18 weekdays).
    enquiry_case("CHRISTMAS", D(2019, 12, 13), D(2020, 1, 8), icpc_timely=timely(True)),
    # Thu 9 Jan 2020 is the 16th.
    enquiry_case("CHRISTMAS16", D(2019, 12, 13), D(2020, 1, 9), icpc_timely=timely(False)),
    # Mon 8 Apr 2019: 9–12 Apr are 1–4, 15–18 Apr 5–8; Good Friday 19 Apr and Easter Monday
    # 22 Apr are bank holidays; 23–26 Apr 9–12, 29–30 Apr 13–14, Wed 1 May the 15th (17 weekdays).
    enquiry_case("EASTER", D(2019, 4, 8), D(2019, 5, 1), icpc_timely=timely(True)),
    # Tue 5 May 2020: 6–7 May are 1–2; Fri 8 May 2020 (the VE Day bank holiday, moved from Mon
    # 4 May) is not; 11–15 May 3–7, 18–22 May 8–12; Mon 25 May (spring bank holiday) is not;
    # 26–28 May 13–15. Thu 28 May 2020: the 15th, in 2020-21 (16 if 8 May were a working day).
    enquiry_case("VEDAY", D(2020, 5, 5), D(2020, 5, 28), Y2020, icpc_timely=timely(True)),
    # Fri 29 May 2020 is the 16th.
    enquiry_case("VEDAY16", D(2020, 5, 5), D(2020, 5, 29), Y2020, icpc_timely=timely(False)),
    # An ICPC on the day of the strategy discussion: 0 working days.
    enquiry_case("SAMEDAY", D(2019, 7, 10), D(2019, 7, 10), icpc_timely=timely(True)),
    # No ICPC (not required): no unit.
    enquiry_case("NOICPC", D(2019, 7, 10), None, icpc_timely=(0, 0)),
    # ICPC Thu 2 Apr 2020, after 2019-20 (the 13th working day after Mon 16 Mar 2020): no unit.
    enquiry_case("AFTER", D(2020, 3, 16), D(2020, 4, 2), icpc_timely=(0, 0)),
]


@pytest.mark.parametrize("case", ICPC_CASES, ids=str)
def test_icpc_within_15_working_days_case_by_case(tmp_path: Path, case: Case) -> None:
    check_case(tmp_path, case, "cp_plans")


def test_icpc_timeliness_counts_enquiries(tmp_path: Path) -> None:
    # Siblings SIB1 and SIB2 at one ICPC (conference K-SIB, Wed 1 May 2019), each after their own
    # enquiry from Mon 8 Apr 2019: 15 working days over Easter (see EASTER), two units. TWICE has
    # two enquiries with ICPCs in 2019-20, 15 working days each (as DAY15 and CHRISTMAS): two units.
    siblings = [enquiry_case(name, D(2019, 4, 8), D(2019, 5, 1)) for name in ("SIB1", "SIB2")]
    twice = Case("TWICE", {"children": [child("TWICE")], "s47_enquiries": [
        enquiry("E-TWICE-1", "TWICE", s47_start=D(2019, 6, 3), icpc_date=D(2019, 6, 24)),
        enquiry("E-TWICE-2", "TWICE", s47_start=D(2019, 12, 13), icpc_date=D(2020, 1, 8)),
    ]}, {})
    shared = Case("K-SIB", {"cp_conferences": [
        conference("K-SIB", name, conference_date=D(2019, 5, 1)) for name in ("SIB1", "SIB2")]}, {})
    others = [case for case in ICPC_CASES if case.name in ("DAY16", "NOICPC", "AFTER", "VEDAY")]
    extract = load(tmp_path, **merged([*siblings, twice, shared, *others], "cp_plans"))
    # ICPCs in 2019-20: SIB1, SIB2, TWICE x2, DAY16 (5; NOICPC has none, AFTER's and VEDAY's fall
    # after 31 Mar 2020). Within 15 working days: all but DAY16.
    assert headline(extract, Y2019, "icpc_timely") == share(4, 5)
    # In 2020-21: AFTER (13 working days) and VEDAY (15).
    assert headline(extract, Y2020, "icpc_timely") == share(2, 2)


# --- Children at initial conferences not made subject to a plan -------------------------------


def test_icpc_no_plan_counts_children_with_a_known_outcome(tmp_path: Path) -> None:
    names = ("SIB1", "SIB2", "C", "D", "E", "F", "G")
    extract = load(tmp_path, children=[child(name) for name in names], cp_plans=[],
                   cp_conferences=[
                       # Siblings at one ICPC (Wed 1 May 2019): two children, one NO_PLAN.
                       conference("K1", "SIB1", conference_date=D(2019, 5, 1), outcome="PLAN"),
                       conference("K1", "SIB2", conference_date=D(2019, 5, 1), outcome="NO_PLAN"),
                       conference("K2", "C", conference_date=D(2019, 7, 10), outcome="NO_PLAN"),
                       # Outcome unknown: out of the denominator.
                       conference("K3", "D", conference_date=D(2019, 9, 11), outcome=None),
                       # After 31 Mar 2020: out.
                       conference("K4", "E", conference_date=D(2020, 4, 15), outcome="NO_PLAN"),
                       # Not an ICPC: out.
                       conference("K5", "F", conference_date=D(2019, 10, 1), outcome="NO_PLAN",
                                  conference_type="TRANSFER_IN"),
                       conference("K6", "G", conference_date=D(2019, 10, 2), outcome="END",
                                  conference_type="RCPC"),
                   ])
    # Known outcomes at 2019-20 ICPCs: SIB1, SIB2, C; NO_PLAN: SIB2, C.
    assert headline(extract, Y2019, "icpc_no_plan") == share(2, 3)


# --- Plans reviewed in time (Working Together) -----------------------------------------------


def review_case(name: str, plans: list[tuple[dt.date, dt.date | None]], reviews: list[dt.date],
                in_denominator: bool, in_numerator: bool,
                other: tuple[tuple[dt.date, str], ...] = ()) -> Case:
    """Child ``name`` with ``plans`` (start, end), RCPCs on ``reviews`` and ``other``
    conferences (date, type); its place in cp_reviews_timely on Tue 31 Mar 2020."""
    conferences = [*((day, "RCPC") for day in reviews), *other]
    return Case(name, {
        "children": [child(name)],
        "cp_plans": [plan(f"{name}-{number}", start, end, name)
                     for number, (start, end) in enumerate(plans, 1)],
        "cp_conferences": [
            conference(f"{name}-K{number}", name, conference_date=day, conference_type=kind,
                       outcome="CONTINUE" if kind == "RCPC" else "PLAN")
            for number, (day, kind) in enumerate(conferences, 1)],
    }, {"cp_reviews_timely": (int(in_numerator), int(in_denominator))})


REVIEW_CASES = [
    # 30 Nov 2019 + 3 months = 29 Feb 2020 (no 30 Feb): reviewed on 29 Feb, in time; next due
    # 29 Feb + 6 months = 29 Aug 2020. Denominator: 29 Feb 2020 <= 31 Mar 2020.
    review_case("FEB29", [(D(2019, 11, 30), None)], [D(2020, 2, 29)], True, True),
    # The same plan reviewed on 1 Mar 2020, a day after the (clamped) due date: late.
    review_case("MAR1", [(D(2019, 11, 30), None)], [D(2020, 3, 1)], True, False),
    # 31 Aug 2019 + 3 months = 30 Nov 2019: reviewed then, in time; next due 30 May 2020.
    review_case("NOV30", [(D(2019, 8, 31), None)], [D(2019, 11, 30)], True, True),
    # Reviewed 1 Dec 2019: late.
    review_case("DEC1", [(D(2019, 8, 31), None)], [D(2019, 12, 1)], True, False),
    # 1 Mar 2019 + 3 months = 1 Jun: first review 31 May, in time; 31 May + 6 months = 30 Nov
    # 2019: second review then, in time; next due 30 May 2020.
    review_case("SIXMONTHS", [(D(2019, 3, 1), None)], [D(2019, 5, 31), D(2019, 11, 30)], True, True),
    # Second review 1 Dec 2019: late (not yet overdue on the snapshot: due 1 Jun 2020).
    review_case("SIXMONTHSLATE", [(D(2019, 3, 1), None)], [D(2019, 5, 31), D(2019, 12, 1)],
                True, False),
    # 7 Jan 2019 + 3 months = 7 Apr: 1 Apr in time; + 6 months = 1 Oct: 20 Sep in time; the next
    # was due 20 Mar 2020, before the snapshot, and none was held: overdue.
    review_case("OVERDUE", [(D(2019, 1, 7), None)], [D(2019, 4, 1), D(2019, 9, 20)], True, False),
    # 20 Dec 2019 + 3 months = 20 Mar 2020, no review by 31 Mar: overdue.
    review_case("NOREVIEW", [(D(2019, 12, 20), None)], [], True, False),
    # 31 Dec 2019 + 3 months = 31 Mar 2020, the snapshot itself: in the denominator; the first
    # review is due that day, not yet overdue.
    review_case("THREEMONTHS", [(D(2019, 12, 31), None)], [], True, True),
    # 1 Jan 2020 + 3 months = 1 Apr 2020, after the snapshot: not in the denominator.
    review_case("UNDER3M", [(D(2020, 1, 1), None)], [], False, False),
    # An earlier plan, 4 Jun 2018 – 3 Jun 2019, reviewed 28 Aug 2018 and 25 Feb 2019; the current
    # plan from 4 Nov 2019 reviewed 27 Jan 2020 (due 4 Feb 2020): in time, next due 27 Jul 2020.
    # With the earlier plan's reviews, 27 Jan 2020 would follow 25 Feb 2019 (due 25 Aug 2019): late.
    review_case("OTHERPLAN", [(D(2018, 6, 4), D(2019, 6, 3)), (D(2019, 11, 4), None)],
                [D(2018, 8, 28), D(2019, 2, 25), D(2020, 1, 27)], True, True),
    # 22 Jul 2019 + 3 months = 22 Oct: 20 Oct in time; next due 20 Apr 2020. The 1 May 2020 review,
    # after the snapshot, is left out (it would be late).
    review_case("AFTERSNAPSHOT", [(D(2019, 7, 22), None)], [D(2019, 10, 20), D(2020, 5, 1)],
                True, True),
    # Transferred in on 1 Oct 2019 (a TRANSFER_IN conference, not a review): the first review was
    # due 1 Jan 2020 and none held: overdue.
    review_case("TRANSFERIN", [(D(2019, 10, 1), None)], [], True, False,
                other=((D(2019, 10, 1), "TRANSFER_IN"),)),
    # Plan ended on the snapshot: not on a plan on 31 Mar 2020.
    review_case("ENDSONSNAPSHOT", [(D(2019, 5, 1), D(2020, 3, 31))], [D(2019, 7, 24)],
                False, False),
]


@pytest.mark.parametrize("case", REVIEW_CASES, ids=str)
def test_plan_reviews_in_time_case_by_case(tmp_path: Path, case: Case) -> None:
    check_case(tmp_path, case)


def test_plan_reviews_in_time_together(tmp_path: Path) -> None:
    extract = load(tmp_path, **merged(REVIEW_CASES))
    # Denominator: all but UNDER3M and ENDSONSNAPSHOT (12). In time: FEB29, NOV30, SIXMONTHS,
    # THREEMONTHS, OTHERPLAN, AFTERSNAPSHOT (6).
    assert headline(extract, Y2019, "cp_reviews_timely") == share(6, 12)


def test_plan_reviews_in_time_is_empty_without_conferences(tmp_path: Path) -> None:
    tables = merged(REVIEW_CASES)
    del tables["cp_conferences"]
    extract = load(tmp_path, **tables)
    assert headline(extract, Y2019, "cp_reviews_timely") == EMPTY
    # The plans themselves still count: 14 children, all but ENDSONSNAPSHOT on a plan on 31 Mar 2020.
    assert headline(extract, Y2019, "cp_count") == count(13)


# --- Empty periods and filters -----------------------------------------------------------------

CP_COUNTS = ("cp_count", "cp_starts", "cp_ceased")
CP_SHARES = ("cp_repeat", "cp_repeat_2y", "cp_ceased_2y_plus", "icpc_timely", "icpc_no_plan",
             "cp_reviews_timely")
CP_IDS = ("cp_count", "cp_rate", "cp_starts", "cp_ceased", "cp_repeat", "cp_repeat_2y",
          "cp_ceased_2y_plus", "icpc_timely", "icpc_no_plan", "cp_reviews_timely")


def everything_tables() -> dict[str, list[Row]]:
    """Every CP theme above in one data directory, with the snapshot's population and an ICPC
    (DAY15's, Mon 24 Jun 2019, no plan)."""
    tables = merged([*REPEAT_CASES, *REVIEW_CASES, *ICPC_CASES[:3]], "cp_plans")
    for table, table_rows in snapshot_tables().items():
        tables.setdefault(table, []).extend(table_rows)
    tables["cp_conferences"].append(
        conference("K-DAY15", "DAY15", conference_date=D(2019, 6, 24), outcome="NO_PLAN"))
    return tables


def test_an_empty_period_counts_zero_and_leaves_shares_empty(tmp_path: Path) -> None:
    extract = load(tmp_path, **everything_tables())
    # 2010-11: the earliest plan starts 6 Jan 2014, the earliest conference is 28 Aug 2018 and the
    # earliest enquiry starts 3 Jun 2019.
    empty = parse_period("2010-11")
    for indicator_id in CP_COUNTS:
        assert headline(extract, empty, indicator_id) == count(0), indicator_id
    for indicator_id in CP_SHARES:
        assert headline(extract, empty, indicator_id) == share(0, 0), indicator_id
    # No population estimate is dated on or before 31 Mar 2011 (the table starts at mid-2019).
    assert headline(extract, empty, "cp_rate") == (0, None, None)


def test_a_filter_that_leaves_no_one(tmp_path: Path) -> None:
    extract = load(tmp_path, **everything_tables())
    # Every child is White (WBRI): an Asian or Asian British filter leaves no one.
    nobody = Filters(ethnic_group=("Asian or Asian British",))
    # White children on a plan on 31 Mar 2020: 13 review children (all but ENDSONSNAPSHOT), the 5
    # repeat children (their latest plans are open) and 4 snapshot children.
    white = Filters(ethnic_group=("White",))
    assert headline(extract, Y2019, "cp_count", white) == count(22)
    # Every other indicator has units in 2019-20 too (exact values are checked theme by theme).
    for indicator_id in CP_COUNTS:
        assert headline(extract, Y2019, indicator_id, white)[0] > 0, indicator_id
    for indicator_id in CP_SHARES:
        assert headline(extract, Y2019, indicator_id, white)[1] > 0, indicator_id
    for indicator_id in CP_COUNTS:
        assert headline(extract, Y2019, indicator_id, nobody) == count(0), indicator_id
    for indicator_id in CP_SHARES:
        assert headline(extract, Y2019, indicator_id, nobody) == share(0, 0), indicator_id
    # A rate is filtered only by age band: empty under an ethnic-group filter.
    assert headline(extract, Y2019, "cp_rate", nobody) == EMPTY


def test_filters_keep_their_group(tmp_path: Path) -> None:
    extract = load(tmp_path, **snapshot_tables())
    # Boys on a plan on 31 Mar 2020: STARTS and BORN.
    assert headline(extract, Y2019, "cp_count", Filters(sex=("M",))) == count(2)
    # Age band filter on a rate: 1 to 4 (TURNS1) and 5 to 9 (STARTS) over 4010 + 5035.
    assert headline(extract, Y2019, "cp_rate", Filters(age_band=("1 to 4", "5 to 9"))) == (
        2, 9045, pytest.approx(2 * 10_000 / 9045))
    # Initial category NEG: ENDS is off its plan, so UNBORN and BORN. Enquiries have no initial
    # category: icpc_timely is empty under that filter.
    assert headline(extract, Y2019, "cp_count", Filters(initial_category=("NEG",))) == count(2)
    assert rows(extract, Y2019, "icpc_timely", filters=Filters(initial_category=("NEG",))) == {
        "": EMPTY}


# --- Breakdowns of the demo data add up to the headline --------------------------------------

BAND_AGES = {"Under 1": (0, 0), "1 to 4": (1, 4), "5 to 9": (5, 9), "10 to 15": (10, 15),
             "16 and over": (16, 17)}
APPLIES = {
    "age_band": set(CP_IDS),
    "sex": set(CP_IDS) - {"cp_rate"},
    "ethnic_group": set(CP_IDS) - {"cp_rate"},
    "disability": set(CP_IDS) - {"cp_rate"},
    "initial_category": set(CP_IDS) - {"cp_rate", "icpc_timely", "icpc_no_plan"},
}


@pytest.fixture(scope="module")
def demo_headlines(demo: Extract) -> pl.DataFrame:
    return compute(demo, Y2019, indicator_ids=CP_IDS)


@pytest.mark.parametrize("by", list(APPLIES))
def test_demo_breakdowns_add_up_to_the_headline(demo: Extract, demo_headlines: pl.DataFrame,
                                                by: str) -> None:
    groups = compute(demo, Y2019, by=by, indicator_ids=CP_IDS)
    assert set(groups["indicator_id"]) == APPLIES[by]
    for indicator_id in APPLIES[by]:
        top = demo_headlines.row(by_predicate=pl.col("indicator_id") == indicator_id, named=True)
        mine = groups.filter(pl.col("indicator_id") == indicator_id)
        labels = mine["group"].to_list()
        assert labels == [g for g in GROUP_ORDER[by] if g in labels], (indicator_id, labels)
        assert top["numerator"] > 0 or indicator_id == "cp_ceased_2y_plus", indicator_id
        assert mine["numerator"].sum() == top["numerator"], indicator_id
        if indicator_id == "cp_rate":
            # By age band only. Mid-2019 (dated 30 June 2019) is the estimate for 31 Mar 2020:
            # the headline is its 0–17 total, each band the sum of its ages (a band with no child
            # on a plan, here 16 and over, is left out); an Unborn row would have no denominator.
            # The ethnic groups' rows (contract v1.1) are not part of any of them.
            mid_2019 = demo.population.filter(pl.col("mid_year") == 2019,
                                              pl.col("ethnic_group").is_null())
            assert top["denominator"] == mid_2019["population"].sum()
            for row in mine.iter_rows(named=True):
                if row["group"] == "Unborn":
                    assert row["denominator"] is None and row["value"] is None, row
                else:
                    low, high = BAND_AGES[row["group"]]
                    band = mid_2019.filter(pl.col("age").is_between(low, high))["population"]
                    assert row["denominator"] == band.sum(), row
        elif top["denominator"] is None:
            assert mine["denominator"].null_count() == mine.height, indicator_id
        else:
            assert mine["denominator"].sum() == top["denominator"], indicator_id
            for row in mine.iter_rows(named=True):
                assert (row["numerator"], row["denominator"], row["value"]) == share(
                    int(row["numerator"]), int(row["denominator"])), (indicator_id, row)
