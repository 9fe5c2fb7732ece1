"""The looked-after indicators (``lac_*`` of indicators.md) on hand-built data directories.

Each theme writes one small data directory to ``tmp_path`` and checks numerator, denominator and
value through ``compute``; the expected figures are worked out by hand in the comments (dates,
working days with the bank holidays named, month arithmetic). Breakdowns and the monthly trend are
checked for consistency on the bundled demo data, and the command line for its output contract.

Weekdays used below: 2019 — Mon 1 Apr, Fri 26 Apr, Wed 1 May, Thu 2 May, Fri 31 May, Mon 2 Sep,
Mon 30 Sep, Fri 1 Nov, Sat 30 Nov, Tue 10 Dec, Mon 30 Dec; 2020 — Fri 10 Jan, Mon 13 Jan,
Sat 29 Feb, Sun 1 Mar, Tue 31 Mar, Fri 1 May, Tue 2 Jun, Wed 3 Jun. England and Wales bank
holidays used: 2019 — Good Friday 19 Apr, Easter Monday 22 Apr, 25 and 26 Dec; 2020 — 1 Jan,
Friday 8 May (the early May bank holiday moved from Monday 4 May for VE Day), 25 May.
"""

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
from extract_builders import AUTHORITY, D, Row, child, episode, review, single_ages, write_extract
from helpers import run_cli

from iro_metrics.contract.extract import Extract
from iro_metrics.contract.loader import OUTSIDE_CARE, load_extract
from iro_metrics.indicators.engine import CONTRACT_COLUMNS, Filters, compute, monthly_counts
from iro_metrics.indicators.periods import Period, date_range, months, reporting_year
from iro_metrics.indicators.registry import BY_ID, INDICATORS, LAC_DIMENSIONS

EXTRACT_DATE = D(2021, 3, 31)  # after every review below, so open periods of care cover them
YEAR_2019_20 = reporting_year(2019)
YEAR_2020_21 = reporting_year(2020)
LAC_IDS = tuple(i.id for i in INDICATORS if i.id.startswith("lac_"))
COUNT_IDS = ("lac_count", "lac_starts", "lac_ceased", "lac_reviews_held", "lac_reviews_under4",
             "lac_reviews_overdue")
PROPORTION_IDS = ("lac_reviews_timely", "lac_participation", "lac_children_reviews_timely",
                  "lac_views_conveyed")
REVIEW_IDS = ("lac_reviews_held", "lac_reviews_timely", "lac_participation",
              "lac_reviews_under4")
EMPTY = (None, None, None)

Result = tuple[int | None, int | None, float | None]


# --- helpers ---------------------------------------------------------------------------------


def load(directory: Path, episodes: list[Row], reviews: list[Row] | None = None,
         population: list[Row] | None = None, births: dict[str, dt.date] | None = None,
         sexes: dict[str, str] | None = None) -> Extract:
    """Write a data directory (one ``children`` row per child of ``episodes``, with the given
    dates of birth and sexes) and load it, checking that no row was set aside."""
    births, sexes = births or {}, sexes or {}
    ids = dict.fromkeys(row["child_id"] for row in episodes)
    children = [child(cid, **({"date_of_birth": births[cid]} if cid in births else {}),
                      **({"sex": sexes[cid]} if cid in sexes else {})) for cid in ids]
    tables: dict[str, list[Row]] = {"children": children, "lac_episodes": episodes}
    if reviews is not None:
        tables["lac_reviews"] = reviews
    if population is not None:
        tables["population"] = population
    write_extract(directory, tables, {**AUTHORITY, "extract_date": EXTRACT_DATE.isoformat()})
    extract = load_extract(directory)
    assert extract.report.set_aside.is_empty(), extract.report.set_aside
    return extract


def _whole(number: float | None) -> int | None:
    return None if number is None else int(number)


def _result(row: dict) -> Result:
    return _whole(row["numerator"]), _whole(row["denominator"]), row["value"]


def result(extract: Extract, period: Period, indicator_id: str,
           filters: Filters | None = None) -> Result:
    """(numerator, denominator, value) of the headline row of one indicator."""
    rows = compute(extract, period, filters=filters, indicator_ids=[indicator_id])
    assert rows.height == 1 and rows["group"].item() == ""
    return _result(rows.row(0, named=True))


def results(extract: Extract, period: Period, ids: tuple[str, ...],
            filters: Filters | None = None) -> dict[str, Result]:
    """(numerator, denominator, value) of the headline rows of several indicators."""
    rows = compute(extract, period, filters=filters, indicator_ids=ids)
    return {row["indicator_id"]: _result(row) for row in rows.iter_rows(named=True)}


def groups(extract: Extract, period: Period, indicator_id: str, by: str) -> dict[str, Result]:
    """The rows of one indicator broken down by ``by``, leaving out groups counting no one
    (which the contract allows either way)."""
    rows = compute(extract, period, by=by, indicator_ids=[indicator_id])
    return {row["group"]: _result(row) for row in rows.iter_rows(named=True)
            if row["numerator"] or row["denominator"]}


def count(n: int) -> Result:
    """The result of a count indicator of ``n``."""
    return n, None, float(n)


def _sum(values: list[int | None]) -> int | None:
    return None if all(v is None for v in values) else sum(v or 0 for v in values)


def assert_groups_add_up(extract: Extract, period: Period, ids: tuple[str, ...],
                         by: str) -> None:
    """Under ``by``, the groups' numerators and denominators add up to the headline's, over at
    least two groups; indicators ``by`` does not apply to have no rows."""
    headline = results(extract, period, ids)
    broken = compute(extract, period, by=by, indicator_ids=ids)
    for indicator_id in ids:
        rows = [_result(row) for row in broken.iter_rows(named=True)
                if row["indicator_id"] == indicator_id]
        if by not in BY_ID[indicator_id].dimensions:
            assert rows == [], indicator_id
            continue
        numerator, denominator, _ = headline[indicator_id]
        assert len(rows) >= 2, (indicator_id, by)
        assert _sum([r[0] for r in rows]) == numerator, (indicator_id, by)
        assert _sum([r[1] for r in rows]) == denominator, (indicator_id, by)


def dated_reviews(child_id: str, *dated: tuple[dt.date, str]) -> list[Row]:
    """Reviews of one child given as (date, participation code)."""
    return [review(day, code, child_id) for day, code in dated]


# --- lac_count, lac_starts, lac_ceased on a snapshot ----------------------------------------


def short_breaks(child_id: str, status: str) -> list[Row]:
    """Two periods of short breaks: 1 Apr – 31 May 2019 (starts and ends in 2019-20) and from
    1 Mar 2020 (starts in 2019-20, open on 31 Mar 2020)."""
    return [episode(D(2019, 4, 1), D(2019, 5, 31), child_id, legal_status=status),
            episode(D(2020, 3, 1), None, child_id, legal_status=status)]


def snapshot_episodes() -> list[Row]:
    """Children around the snapshot of 2019-20 (Tue 31 Mar 2020)."""
    return [
        # ENDS: 1 Oct 2019 – 31 Mar 2020 (E11): the episode ends ON the snapshot.
        episode(D(2019, 10, 1), D(2020, 3, 31), "ENDS"),
        # BEGINS: comes into care ON the snapshot.
        episode(D(2020, 3, 31), None, "BEGINS"),
        # STAYS: in care since 2018 on a full care order.
        episode(D(2018, 1, 1), None, "STAYS", legal_status="C1"),
        # CHANGES: one period of care from 1 May 2019, three episodes joined by X1 changes, the
        # last of them (to a placement order) ON the snapshot.
        episode(D(2019, 5, 1), D(2019, 8, 1), "CHANGES", reason_episode_ceased="X1"),
        episode(D(2019, 8, 1), D(2020, 3, 31), "CHANGES", reason_new_episode="P",
                reason_episode_ceased="X1"),
        episode(D(2020, 3, 31), None, "CHANGES", reason_new_episode="L", legal_status="D1"),
        # MOVES: one period of care, 1 Jun – 1 Dec 2019, of two episodes joined by an X1 change.
        episode(D(2019, 6, 1), D(2019, 9, 1), "MOVES", legal_status="V2",
                reason_episode_ceased="X1"),
        episode(D(2019, 9, 1), D(2019, 12, 1), "MOVES", legal_status="V2",
                reason_new_episode="P"),
        *short_breaks("SHORT_V3", "V3"),
        *short_breaks("SHORT_V4", "V4"),
    ]


@pytest.fixture
def snapshot_dir(tmp_path: Path) -> Path:
    """The snapshot children as a data directory without reviews or population."""
    load(tmp_path / "snapshot", snapshot_episodes())
    return tmp_path / "snapshot"


def test_count_starts_and_ceased_around_the_snapshot(snapshot_dir: Path) -> None:
    extract = load_extract(snapshot_dir)
    # Looked after on 31 Mar 2020 (start <= snapshot < end): BEGINS (starts on it), STAYS, and
    # CHANGES once (its P episode ends on the snapshot, its L episode starts on it). Not ENDS
    # (ends on it), MOVES (ended 1 Dec), SHORT_V3/SHORT_V4 (short breaks) → 3.
    assert result(extract, YEAR_2019_20, "lac_count") == count(3)
    # Periods of care starting in 2019-20: ENDS 1 Oct, BEGINS 31 Mar, CHANGES 1 May, MOVES 1 Jun
    # (the X1 changes of CHANGES and MOVES start nothing); both short-break starts (1 Apr 2019,
    # 1 Mar 2020) are left out; STAYS started in 2018 → 4.
    assert result(extract, YEAR_2019_20, "lac_starts") == count(4)
    # Periods of care ending in 2019-20: ENDS 31 Mar 2020 and MOVES 1 Dec 2019 (an X1 change
    # ends nothing); the short breaks ending 31 May 2019 are left out → 2.
    assert result(extract, YEAR_2019_20, "lac_ceased") == count(2)
    # Legal status of the episode open on the snapshot: BEGINS C2 and STAYS C1 (care order),
    # CHANGES D1 from the snapshot day (placement order).
    assert groups(extract, YEAR_2019_20, "lac_count", "legal_status_group") == {
        "care order": count(2), "placement order": count(1)}


def test_an_x1_change_on_the_snapshot_counts_the_child_once_and_ends_nothing(
        snapshot_dir: Path) -> None:
    extract = load_extract(snapshot_dir)
    first_of_august = date_range(D(2019, 4, 1), D(2019, 8, 1))
    # On 1 Aug 2019: STAYS; CHANGES once (first episode ends that day, second starts it); MOVES
    # (1 Jun – 1 Dec). ENDS and BEGINS are not yet in care, the short breaks ended 31 May → 3.
    assert result(extract, first_of_august, "lac_count") == count(3)
    # 1 Apr – 1 Aug 2019: starts CHANGES 1 May and MOVES 1 Jun (short breaks 1 Apr left out) → 2;
    # no period of care ends (CHANGES' X1 change on 1 Aug, short breaks on 31 May left out) → 0.
    assert result(extract, first_of_august, "lac_starts") == count(2)
    assert result(extract, first_of_august, "lac_ceased") == count(0)


def returning_child() -> list[Row]:
    """C1 in care twice in 2019-20: voluntarily (V2) Mon 1 Apr – Fri 31 May 2019, then on a care
    order (C2) Mon 2 Sep 2019 – 31 Jan 2020."""
    return [episode(D(2019, 4, 1), D(2019, 5, 31), legal_status="V2"),
            episode(D(2019, 9, 2), D(2020, 1, 31))]


@pytest.mark.parametrize(("period", "starts", "ceased"), [
    # 2019-20 holds both starts (1 Apr, 2 Sep) and both endings (31 May, 31 Jan): one child.
    (YEAR_2019_20, 1, 1),
    # 1 Apr – 31 May 2019: the first period of care starts and ends (on the last day).
    (date_range(D(2019, 4, 1), D(2019, 5, 31)), 1, 1),
    # 1 Jun – 1 Sep 2019: between the two periods of care.
    (date_range(D(2019, 6, 1), D(2019, 9, 1)), 0, 0),
    # 2 Sep 2019 – 30 Jan 2020: the second period starts, its end falls after.
    (date_range(D(2019, 9, 2), D(2020, 1, 30)), 1, 0),
])
def test_a_child_returning_to_care_counts_once(tmp_path: Path, period: Period, starts: int,
                                               ceased: int) -> None:
    extract = load(tmp_path / "returning", returning_child())
    assert result(extract, period, "lac_starts") == count(starts)
    assert result(extract, period, "lac_ceased") == count(ceased)


def test_a_returning_child_falls_in_one_legal_status_group(tmp_path: Path) -> None:
    extract = load(tmp_path / "returning", returning_child())
    # Started V2 (voluntary) then C2 (care order); counted once, so in exactly one group.
    for indicator_id in ("lac_starts", "lac_ceased"):
        found = groups(extract, YEAR_2019_20, indicator_id, "legal_status_group")
        assert list(found.values()) == [count(1)]
        assert set(found) <= {"voluntary", "care order"}


# --- lac_reviews_timely (regulation 33) --------------------------------------------------------


@dataclass(frozen=True)
class Timeliness:
    """One child's care and review dates; expected (held, on time, assessable, %) in period."""

    care: list[Row]
    dates: tuple[dt.date, ...]
    period: Period
    expected: tuple[int, int, int, float]


def in_care_from(start: dt.date) -> list[Row]:
    """One open period of care of C1 starting ``start``."""
    return [episode(start, None)]


FEB_MAR_2020 = date_range(D(2020, 2, 1), D(2020, 3, 31))
# The extract does not show the start: the first episode is a placement change (P).
START_NOT_SHOWN = [episode(D(2019, 1, 1), None, reason_new_episode="P")]
SIX_MONTHLY = (D(2019, 3, 28), D(2019, 6, 28), D(2019, 8, 31))

TIMELINESS = [
    # Start Tue 10 Dec 2019. Working days after it: Dec 11-13 (3), 16-20 (8), 23, 24 (10),
    # 25 and 26 Dec bank holidays, 27 (11), 30, 31 (13), 1 Jan bank holiday, Jan 2, 3 (15),
    # 6-10 (20). Due Fri 10 Jan 2020 (without the holidays it would be Tue 7 Jan).
    pytest.param(Timeliness(in_care_from(D(2019, 12, 10)), (D(2020, 1, 10),), YEAR_2019_20,
                            (1, 1, 1, 100.0)), id="christmas-20th-working-day"),
    # Mon 13 Jan 2020 is the 21st working day.
    pytest.param(Timeliness(in_care_from(D(2019, 12, 10)), (D(2020, 1, 13),), YEAR_2019_20,
                            (1, 0, 1, 0.0)), id="christmas-21st-working-day"),
    # Start Mon 1 Apr 2019: Apr 2-5 (4), 8-12 (9), 15-18 (13), Good Friday 19 and Easter
    # Monday 22 Apr, 23-26 (17), 29, 30 (19), Wed 1 May (20): due 1 May (else Mon 29 Apr).
    pytest.param(Timeliness(in_care_from(D(2019, 4, 1)), (D(2019, 5, 1),), YEAR_2019_20,
                            (1, 1, 1, 100.0)), id="easter-20th-working-day"),
    pytest.param(Timeliness(in_care_from(D(2019, 4, 1)), (D(2019, 5, 2),), YEAR_2019_20,
                            (1, 0, 1, 0.0)), id="easter-21st-working-day"),
    # Start Fri 1 May 2020: Mon 4 May is a working day in 2020 (1), 5-7 (4), Fri 8 May bank
    # holiday, 11-15 (9), 18-22 (14), 25 May bank holiday, 26-29 (18), Jun 1 (19), Tue 2 Jun
    # (20). Due 2 Jun; a holiday on 4 May would make 3 Jun the 20th, none on 8 May 1 Jun.
    pytest.param(Timeliness(in_care_from(D(2020, 5, 1)), (D(2020, 6, 2),), YEAR_2020_21,
                            (1, 1, 1, 100.0)), id="moved-may-holiday-20th-working-day"),
    pytest.param(Timeliness(in_care_from(D(2020, 5, 1)), (D(2020, 6, 3),), YEAR_2020_21,
                            (1, 0, 1, 0.0)), id="moved-may-holiday-21st-working-day"),
    # Start Fri 1 Nov 2019; first review Sat 30 Nov (Nov 4-8, 11-15, 18-22, 25-29: 20 working
    # days). Second due 30 Nov + 3 months = "30 Feb" → Sat 29 Feb 2020 (leap year); 1 Mar late.
    pytest.param(Timeliness(in_care_from(D(2019, 11, 1)), (D(2019, 11, 30), D(2020, 2, 29)),
                            FEB_MAR_2020, (1, 1, 1, 100.0)), id="second-due-29-feb"),
    pytest.param(Timeliness(in_care_from(D(2019, 11, 1)), (D(2019, 11, 30), D(2020, 3, 1)),
                            FEB_MAR_2020, (1, 0, 1, 0.0)), id="second-a-day-late"),
    # The first review in 2019-20 is also on time (20 working days, above).
    pytest.param(Timeliness(in_care_from(D(2019, 11, 1)), (D(2019, 11, 30), D(2020, 3, 1)),
                            YEAR_2019_20, (2, 1, 2, 50.0)), id="first-and-late-second"),
    # Start Fri 1 Mar 2019; Thu 28 Mar is the 19th working day (Mar 4-8, 11-15, 18-22, 25-28);
    # the second is due 28 Mar + 3 months = Fri 28 Jun 2019 and held that day (92 days later,
    # so not "91 days").
    pytest.param(Timeliness(in_care_from(D(2019, 3, 1)), SIX_MONTHLY[:2],
                            date_range(D(2019, 4, 1), D(2019, 6, 30)), (1, 1, 1, 100.0)),
                 id="second-due-28-jun"),
    # Third Sat 31 Aug (due 28 Jun + 6 months = 28 Dec); fourth due 31 Aug + 6 months =
    # "31 Feb" → Sat 29 Feb 2020; 1 Mar is late.
    pytest.param(Timeliness(in_care_from(D(2019, 3, 1)), (*SIX_MONTHLY, D(2020, 2, 29)),
                            FEB_MAR_2020, (1, 1, 1, 100.0)), id="later-due-29-feb"),
    pytest.param(Timeliness(in_care_from(D(2019, 3, 1)), (*SIX_MONTHLY, D(2020, 3, 1)),
                            FEB_MAR_2020, (1, 0, 1, 0.0)), id="later-a-day-late"),
    # Start not shown (from 1 Jan 2019, first episode P): the first review in the extract,
    # Fri 5 Apr 2019 (well past 20 working days of 1 Jan) is left out; the next is due 6 months
    # later, 5 Oct 2019, and is held that day (3 months would have made it due 5 Jul).
    pytest.param(Timeliness(START_NOT_SHOWN, (D(2019, 4, 5), D(2019, 10, 5), D(2020, 4, 6)),
                            YEAR_2019_20, (2, 1, 1, 100.0)), id="start-not-shown"),
    # ... and the third is due 5 Oct 2019 + 6 months = Sun 5 Apr 2020: Mon 6 Apr is late.
    pytest.param(Timeliness(START_NOT_SHOWN, (D(2019, 4, 5), D(2019, 10, 5), D(2020, 4, 6)),
                            YEAR_2020_21, (1, 0, 1, 0.0)), id="start-not-shown-later"),
    # Returning to care restarts the cycle. Period 1 from Mon 1 Apr 2019: Fri 26 Apr is the
    # 17th working day (Apr 2-5, 8-12, 15-18, Easter 19 and 22 Apr, 23-26). Period 2 from
    # Mon 2 Sep: Mon 30 Sep is the 20th working day (Sep 3-6, 9-13, 16-20, 23-27, 30), a first
    # review again (as a second review it was due 26 Jul: late); Mon 30 Dec is its second, due
    # 30 Sep + 3 months = 30 Dec.
    pytest.param(Timeliness(returning_child(), (D(2019, 4, 26), D(2019, 9, 30), D(2019, 12, 30)),
                            YEAR_2019_20, (3, 3, 3, 100.0)), id="returning-restarts-cycle"),
]


@pytest.mark.parametrize("case", TIMELINESS)
def test_reviews_timely(tmp_path: Path, case: Timeliness) -> None:
    extract = load(tmp_path / "timely", case.care, [review(day) for day in case.dates])
    held, on_time, assessable, value = case.expected
    assert results(extract, case.period, ("lac_reviews_held", "lac_reviews_timely")) == {
        "lac_reviews_held": count(held),
        "lac_reviews_timely": (on_time, assessable, value),
    }


def test_review_outside_care_is_held_but_not_timed(tmp_path: Path) -> None:
    # In care Mon 1 Apr – Sun 30 Jun 2019. Fri 26 Apr: first review, 17th working day (Easter
    # 19 and 22 Apr excluded) → on time. Sun 30 Jun: the last day of the period of care (both
    # ends inclusive), second review due 26 Apr + 3 months = 26 Jul → on time. Mon 1 Jul: inside
    # no period of care → left out of timeliness, still held and in participation.
    care = [episode(D(2019, 4, 1), D(2019, 6, 30))]
    reviews = dated_reviews("C1", (D(2019, 4, 26), "PN1"), (D(2019, 6, 30), "PN2"),
                            (D(2019, 7, 1), "PN7"))
    extract = load(tmp_path / "outside", care, reviews)
    assert results(extract, YEAR_2019_20, REVIEW_IDS) == {
        "lac_reviews_held": count(3),
        "lac_reviews_timely": (2, 2, 100.0),
        # PN1, PN2 take part; PN7 (1 Jul) is in the denominator only: 2 of 3.
        "lac_participation": (2, 3, pytest.approx(200 / 3)),
        "lac_reviews_under4": count(0),
    }
    assert extract.report.warnings.select("row", "value", "rule").rows() == [
        (3, "2019-07-01", OUTSIDE_CARE)]
    # The review outside care has no legal status (the others C2), yet the breakdown adds up.
    assert_groups_add_up(extract, YEAR_2019_20, REVIEW_IDS, "legal_status_group")


# --- lac_participation and lac_reviews_under4 ------------------------------------------------

TODDLER_BORN = D(2015, 11, 15)  # 4 on Fri 15 Nov 2019


def participation_data() -> tuple[list[Row], list[Row], dict[str, dt.date], dict[str, str]]:
    """TODDLER (boy) in care from 1 Apr 2019, reviewed at 3 (PN0 twice) and, after turning 4 on
    15 Nov 2019, at 4 (PN1); OLDER (girl, 10 on 1 Jan 2020) in care from 1 Jan 2019, reviewed
    at 9 (PN1, then PN7: did not take part) and at 10 (PN6)."""
    care = [episode(D(2019, 4, 1), None, "TODDLER"), episode(D(2019, 1, 1), None, "OLDER")]
    reviews = [
        *dated_reviews("TODDLER", (D(2019, 4, 26), "PN0"), (D(2019, 10, 25), "PN0"),
                       (D(2020, 3, 20), "PN1")),
        *dated_reviews("OLDER", (D(2019, 5, 10), "PN1"), (D(2019, 11, 8), "PN7"),
                       (D(2020, 3, 6), "PN6")),
    ]
    return care, reviews, {"TODDLER": TODDLER_BORN, "OLDER": D(2010, 1, 1)}, {"TODDLER": "M"}


@pytest.fixture
def participation(tmp_path: Path) -> Extract:
    care, reviews, births, sexes = participation_data()
    return load(tmp_path / "participation", care, reviews, births=births, sexes=sexes)


def test_participation_and_under4(participation: Extract) -> None:
    # The codes match the ages (PN0 under 4, PN1-PN7 from 4): no warnings.
    assert participation.report.warnings.is_empty()
    assert results(participation, YEAR_2019_20,
                   ("lac_reviews_held", "lac_participation", "lac_reviews_under4")) == {
        "lac_reviews_held": count(6),
        # Take part (PN1-PN6): TODDLER's PN1, OLDER's PN1 and PN6 = 3; denominator adds OLDER's
        # PN7 = 4; the two PN0 reviews are in neither → 3 / 4.
        "lac_participation": (3, 4, 75.0),
        "lac_reviews_under4": count(2),
    }
    boys = Filters(sex=("M",))
    # TODDLER alone: PN1 after turning 4 → 1 / 1; both PN0 → 2 under 4.
    assert results(participation, YEAR_2019_20, ("lac_participation", "lac_reviews_under4"),
                   boys) == {"lac_participation": (1, 1, 100.0), "lac_reviews_under4": count(2)}


def test_review_breakdowns_use_the_age_on_the_review_date(participation: Extract) -> None:
    # TODDLER is 3, 3 and 4 at the reviews ("1 to 4"); OLDER 9 on 10 May and 8 Nov 2019
    # ("5 to 9": PN1, PN7) and 10 on 6 Mar 2020 ("10 to 15": PN6).
    assert groups(participation, YEAR_2019_20, "lac_participation", "age_band") == {
        "1 to 4": (1, 1, 100.0), "5 to 9": (1, 2, 50.0), "10 to 15": (1, 1, 100.0)}
    assert groups(participation, YEAR_2019_20, "lac_reviews_under4", "age_band") == {
        "1 to 4": count(2)}


# --- empty periods, empty filters, absent tables ----------------------------------------------


def test_an_empty_period_gives_zero_counts_and_empty_proportions(participation: Extract) -> None:
    # Jan – Mar 2015: nobody in care, no review. The rate is 0 over the published mid-2014 0-17
    # estimate for Darlington (841), 22664, since the extract has no population table.
    found = results(participation, date_range(D(2015, 1, 1), D(2015, 3, 31)), LAC_IDS)
    assert found == {**{i: count(0) for i in COUNT_IDS},
                     **{i: (0, 0, None) for i in PROPORTION_IDS},
                     "lac_rate": (0, 22664, 0.0)}


def test_a_filter_leaving_no_one(participation: Extract) -> None:
    # Nobody is of unknown sex; a rate is not filtered by sex, so it is empty too.
    found = results(participation, YEAR_2019_20, LAC_IDS, Filters(sex=("U",)))
    assert found == {**{i: count(0) for i in COUNT_IDS},
                     **{i: (0, 0, None) for i in PROPORTION_IDS},
                     "lac_rate": EMPTY}


def test_absent_reviews_table_leaves_review_indicators_empty(tmp_path: Path) -> None:
    care, _, births, _ = participation_data()
    extract = load(tmp_path / "no-reviews", care, births=births)
    # Without reviews nothing says whether a review was missed: the child-based measures are
    # empty too, not "every child overdue".
    emptied = (*REVIEW_IDS, "lac_views_conveyed", "lac_children_reviews_timely",
               "lac_reviews_overdue")
    assert results(extract, YEAR_2019_20, ("lac_count", *emptied)) == {
        "lac_count": count(2), **dict.fromkeys(emptied, EMPTY)}


# --- lac_rate --------------------------------------------------------------------------------


def rate_care() -> tuple[list[Row], dict[str, dt.date]]:
    """Three children in care from 1 Jan 2020: BABY born 1 Jun 2019 (0 on 31 Mar 2020, 1 from
    1 Jun 2020), CHILD born 1 Jan 2012 (8), TEEN born 1 Jan 2005 (15)."""
    births = {"BABY": D(2019, 6, 1), "CHILD": D(2012, 1, 1), "TEEN": D(2005, 1, 1)}
    return [episode(D(2020, 1, 1), None, cid) for cid in births], births


def population_by_age(mid_year: int, base: int) -> list[Row]:
    """Single ages 0-17 of ``mid_year``: ``base + 10 * age`` children of each age."""
    return [{**row, "population": base + 10 * row["age"]} for row in single_ages(mid_year)]


def total(mid_year: int, population: int) -> Row:
    """The 0-17 total row of ``mid_year``."""
    return {"mid_year": mid_year, "age": None, "population": population}


# Mid-2019 1000 + 10 × age: Under 1 = 1000; 1 to 4 = 1010+1020+1030+1040 = 4100; 5 to 9 =
# 5000 + 10×(5+…+9) = 5350; 10 to 15 = 6000 + 10×75 = 6750; 16 and over = 1160+1170 = 2330;
# total 19530. Mid-2020 1200 + 10 × age: 1200; 4800+100 = 4900; 6000+350 = 6350;
# 7200+750 = 7950; 2400+330 = 2730; total 23130. Mid-2021: a total only, 30000.
SINGLE_AGES = [*population_by_age(2019, 1000), *population_by_age(2020, 1200), total(2021, 30000)]
GROUP_TOTALS = [{"mid_year": 2019, "age": None, "population": 9000, "ethnic_group": "White"},
                {"mid_year": 2020, "age": None, "population": 700, "ethnic_group": "Mixed"}]
TO_29_JUNE_2020 = date_range(D(2020, 4, 1), D(2020, 6, 29))
TO_30_JUNE_2020 = date_range(D(2020, 4, 1), D(2020, 6, 30))
TO_30_JUNE_2021 = date_range(D(2021, 4, 1), D(2021, 6, 30))


def per_10k(children: int, population: int) -> Result:
    return children, population, pytest.approx(10_000 * children / population)


RATES = [
    # 31 Mar 2020 is before 30 Jun 2020: mid-2019. BABY is under 1, CHILD 5-9, TEEN 10-15.
    pytest.param(SINGLE_AGES, YEAR_2019_20, per_10k(3, 19530),
                 {"Under 1": per_10k(1, 1000), "5 to 9": per_10k(1, 5350),
                  "10 to 15": per_10k(1, 6750)}, id="single-ages-31-march"),
    # 29 Jun 2020 still uses mid-2019; BABY turned 1 on 1 Jun 2020.
    pytest.param(SINGLE_AGES, TO_29_JUNE_2020, per_10k(3, 19530),
                 {"1 to 4": per_10k(1, 4100), "5 to 9": per_10k(1, 5350),
                  "10 to 15": per_10k(1, 6750)}, id="single-ages-29-june"),
    # 30 Jun 2020 is the date of the mid-2020 estimate.
    pytest.param(SINGLE_AGES, TO_30_JUNE_2020, per_10k(3, 23130),
                 {"1 to 4": per_10k(1, 4900), "5 to 9": per_10k(1, 6350),
                  "10 to 15": per_10k(1, 7950)}, id="single-ages-30-june"),
    # 30 Jun 2021: mid-2021 holds only a total, so no age-band rates (earlier single ages unused).
    pytest.param(SINGLE_AGES, TO_30_JUNE_2021, per_10k(3, 30000), {}, id="latest-total-only"),
    pytest.param([total(2019, 20000)], YEAR_2019_20, per_10k(3, 20000), {}, id="totals-only"),
    # Ethnic groups' 0-17 totals (contract v1.1) never enter a rate: the same figures as without
    # them, also where a group's row is the only row of a later mid-year.
    pytest.param([*SINGLE_AGES, *GROUP_TOTALS], YEAR_2019_20, per_10k(3, 19530),
                 {"Under 1": per_10k(1, 1000), "5 to 9": per_10k(1, 5350),
                  "10 to 15": per_10k(1, 6750)}, id="single-ages-beside-ethnic-groups"),
    pytest.param([total(2019, 20000), *GROUP_TOTALS], TO_30_JUNE_2020, per_10k(3, 20000), {},
                 id="total-beside-ethnic-groups"),
    # No population table: the published ONS estimates for Darlington (841), mid-2019 22237 and
    # mid-2020 22235.
    pytest.param(None, YEAR_2019_20, per_10k(3, 22237), {}, id="published-mid-2019"),
    pytest.param(None, TO_30_JUNE_2020, per_10k(3, 22235), {}, id="published-mid-2020"),
    # A table whose only estimate (mid-2020) is after the snapshot: empty rate, never the
    # published figure.
    pytest.param(population_by_age(2020, 1200), YEAR_2019_20, (3, None, None), {},
                 id="no-estimate-before-snapshot"),
]


@pytest.mark.parametrize(("population", "period", "headline", "bands"), RATES)
def test_lac_rate(tmp_path: Path, population: list[Row] | None, period: Period,
                  headline: Result, bands: dict[str, Result]) -> None:
    care, births = rate_care()
    extract = load(tmp_path / "rate", care, population=population, births=births)
    assert result(extract, period, "lac_rate") == headline
    assert groups(extract, period, "lac_rate", "age_band") == bands


def test_lac_rate_filtered_by_age_band(tmp_path: Path) -> None:
    care, births = rate_care()
    ages = Filters(age_band=("1 to 4", "5 to 9"))
    # On 31 Mar 2020: CHILD only (BABY is under 1) over mid-2019's 4100 + 5350 = 9450 children
    # of those ages.
    single = load(tmp_path / "single", care, population=SINGLE_AGES, births=births)
    assert result(single, YEAR_2019_20, "lac_rate", ages) == per_10k(1, 9450)
    # Without single ages there is no population of those ages: no rate.
    totals = load(tmp_path / "totals", care, population=[total(2019, 20000)], births=births)
    assert result(totals, YEAR_2019_20, "lac_rate", ages)[1:] == (None, None)


# --- breakdowns and monthly counts on the demo data --------------------------------------------


@pytest.mark.parametrize("by", LAC_DIMENSIONS)
def test_breakdowns_add_up_to_the_headline(demo: Extract, by: str) -> None:
    assert_groups_add_up(demo, YEAR_2019_20, LAC_IDS, by)


@pytest.mark.parametrize("filters", [
    Filters(), Filters(sex=("F",)), Filters(age_band=("10 to 15",)),
    Filters(legal_status_group=("care order", "voluntary")),
], ids=["all", "girls", "10-to-15", "care-order-or-voluntary"])
def test_monthly_counts_match_compute_at_month_ends(demo: Extract, filters: Filters) -> None:
    trend = monthly_counts(demo, YEAR_2019_20.start, YEAR_2019_20.end, filters)
    lac = trend.filter(pl.col("indicator_id") == "lac_count")
    expected = [(month.end, result(demo, month, "lac_count", filters)[0])
                for month in months(YEAR_2019_20.start, YEAR_2019_20.end)]
    assert lac.select("month_end", "value").rows() == expected
    assert min(value for _, value in expected) > 0


def test_monthly_counts_on_the_snapshot_children(snapshot_dir: Path) -> None:
    extract = load_extract(snapshot_dir)
    trend = monthly_counts(extract, YEAR_2019_20.start, YEAR_2019_20.end)
    by_month = dict(trend.filter(pl.col("indicator_id") == "lac_count")
                    .select("month_end", "value").rows())
    # 31 Oct 2019: ENDS (from 1 Oct), CHANGES, MOVES, STAYS → 4; 31 Mar 2020 as above → 3.
    assert (by_month[D(2019, 10, 31)], by_month[D(2020, 3, 31)]) == (4, 3)
    for month in months(YEAR_2019_20.start, YEAR_2019_20.end):
        assert by_month[month.end] == result(extract, month, "lac_count")[0], month.label


def test_monthly_counts_by_age_band_change_band_on_birthdays(tmp_path: Path) -> None:
    """LEAP (born 29 Feb 2016) turns 1 on 1 Mar 2017, so is under 1 on 28 Feb 2017; MARCH (born
    15 Mar 2015) turns 5 on 15 Mar 2020; GONE left care on 20 Feb 2020. Each is counted in the
    band of its age on each month end, and only on the month ends it is in care."""
    extract = load(tmp_path / "ages", [episode(D(2016, 6, 1), None, "LEAP"),
                                       episode(D(2019, 10, 1), None, "MARCH"),
                                       episode(D(2019, 10, 1), D(2020, 2, 20), "GONE")],
                   births={"LEAP": D(2016, 2, 29), "MARCH": D(2015, 3, 15),
                           "GONE": D(2015, 3, 15)})
    early = monthly_counts(extract, D(2017, 1, 1), D(2017, 3, 31), by="age_band")
    assert early.filter(pl.col("indicator_id") == "lac_count").select(
        "month_end", "group", "value").rows() == [
        (D(2017, 1, 31), "Under 1", 1), (D(2017, 2, 28), "Under 1", 1),
        (D(2017, 3, 31), "1 to 4", 1)]
    late = monthly_counts(extract, D(2020, 1, 1), D(2020, 3, 31), by="age_band")
    assert late.filter(pl.col("indicator_id") == "lac_count").select(
        "month_end", "group", "value").rows() == [
        (D(2020, 1, 31), "1 to 4", 3), (D(2020, 2, 29), "1 to 4", 2),
        (D(2020, 3, 31), "1 to 4", 1), (D(2020, 3, 31), "5 to 9", 1)]
    under_5 = monthly_counts(extract, D(2020, 1, 1), D(2020, 3, 31),
                             Filters(age_band=("1 to 4",)))
    assert under_5.filter(pl.col("indicator_id") == "lac_count")["value"].to_list() == [3, 2, 1]
    # Two bands kept: MARCH moves from one kept band to the other and is still counted once.
    under_10 = monthly_counts(extract, D(2020, 1, 1), D(2020, 3, 31),
                              Filters(age_band=("1 to 4", "5 to 9")))
    assert under_10.filter(pl.col("indicator_id") == "lac_count")["value"].to_list() == [3, 2, 2]


# --- command line ------------------------------------------------------------------------------


def indicators_command(directory: Path, output: str) -> str:
    """stdout of ``python -m iro_metrics indicators`` for 2019-20 (asserting success)."""
    done = run_cli("indicators", "--data", str(directory), "--period", "2019-20", "--format",
                   output)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_command_line_csv_and_json(snapshot_dir: Path) -> None:
    text = indicators_command(snapshot_dir, "csv")
    header = text.splitlines()[0].split(",")
    assert header[:7] == list(CONTRACT_COLUMNS) == [
        "indicator_id", "period_start", "period_end", "group", "numerator", "denominator",
        "value"]
    rows = {row["indicator_id"]: row for row in csv.DictReader(io.StringIO(text))}
    # lac_count 3 (above); no lac_reviews table → the timeliness value is an empty cell.
    assert [rows["lac_count"][c] for c in CONTRACT_COLUMNS] == [
        "lac_count", "2019-04-01", "2020-03-31", "", "3", "", "3"]
    assert [rows["lac_reviews_timely"][c] for c in ("numerator", "denominator", "value")] == [
        "", "", ""]
    listed = {item["indicator_id"]: item for item in json.loads(indicators_command(snapshot_dir,
                                                                                    "json"))}
    assert {key: listed["lac_count"][key] for key in ("numerator", "denominator", "value")} == {
        "numerator": 3, "denominator": None, "value": 3}
    assert listed["lac_reviews_timely"]["value"] is None
    assert list(listed["lac_starts"])[:7] == list(CONTRACT_COLUMNS)
