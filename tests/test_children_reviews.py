"""The child-based review measures of indicators.md v1.3 (``lac_children_reviews_timely``,
``lac_reviews_overdue``) on hand-built data directories: which looked-after children on the
snapshot are judged, whose reviews were all on time and whose next review is overdue.

Each fixture is one child unless it says otherwise; the expected figures are worked out in the
comments. Working days exclude England and Wales bank holidays: Good Friday 19 Apr and Easter
Monday 22 Apr 2019, 25 and 26 Dec 2019, 1 Jan 2020. Weekdays used: 2019 — Mon 1 Apr, Fri 26 Apr,
Tue 30 Apr, Wed 1 May, Thu 2 May, Thu 1 Aug, Mon 2 Sep, Fri 27 Sep, Mon 30 Sep, Thu 31 Oct,
Fri 1 Nov, Tue 10 Dec, Mon 30 Dec; 2020 — Fri 10 Jan, Sat 11 Jan, Fri 31 Jan, Tue 31 Mar,
Thu 30 Jul; 2021 — Fri 29 Jan, Wed 31 Mar.
"""

import datetime as dt
from pathlib import Path

import pytest
from extract_builders import AUTHORITY, D, Row, child, episode, review, write_extract
from helpers import EMPTY, Result, count, rows, share

from iro_metrics.contract.extract import Extract
from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators.engine import Filters, compute
from iro_metrics.indicators.periods import Period, date_range, reporting_year
from iro_metrics.indicators.registry import BY_ID, LAC_DIMENSIONS

TIMELY, OVERDUE, HELD_ON_TIME = ("lac_children_reviews_timely", "lac_reviews_overdue",
                                 "lac_reviews_timely")
YEAR_2019_20, YEAR_2020_21 = reporting_year(2019), reporting_year(2020)


def load(directory: Path, episodes: list[Row], reviews: list[Row],
         births: dict[str, dt.date] | None = None,
         sexes: dict[str, str] | None = None) -> Extract:
    """A data directory extracted on 31 Mar 2021 (after every date below) with one ``children``
    row per child of ``episodes``, loaded whole."""
    births, sexes = births or {}, sexes or {}
    ids = dict.fromkeys(row["child_id"] for row in episodes)
    children = [child(cid, **({"date_of_birth": births[cid]} if cid in births else {}),
                      **({"sex": sexes[cid]} if cid in sexes else {})) for cid in ids]
    directory = write_extract(directory, {"children": children, "lac_episodes": episodes,
                                          "lac_reviews": reviews},
                              {**AUTHORITY, "extract_date": "2021-03-31"})
    extract = load_extract(directory)
    assert extract.report.set_aside.is_empty(), extract.report.set_aside
    return extract


def measures(extract: Extract, period: Period) -> tuple[Result, Result]:
    """(numerator, denominator, value) of the headline rows of the two child-based measures."""
    return rows(extract, period, TIMELY)[""], rows(extract, period, OVERDUE)[""]


def to(day: dt.date) -> Period:
    """1 Apr 2019 to ``day``: a period whose snapshot is ``day``."""
    return date_range(D(2019, 4, 1), day)


# --- The first review: judged after 20 working days, overdue after its due date ---------------

# In care from Mon 1 Apr 2019, no review held. Working days after the start: Apr 2-5 (4), 8-12
# (9), 15-18 (13), Good Friday 19 and Easter Monday 22 Apr, 23-26 (17), 29, 30 (19), Wed 1 May
# (20): the first review is due Wed 1 May (without Easter, Mon 29 Apr).
EASTER_START = [episode(D(2019, 4, 1), None)]


@pytest.mark.parametrize(("snapshot", "expected"), [
    # Tue 30 Apr: 19 working days, too soon to judge: in neither measure.
    pytest.param(D(2019, 4, 30), (share(0, 0), count(0)), id="day-before-due-not-judged"),
    # Wed 1 May: 20 working days, judged; the review is due that day, not yet overdue, and no
    # review was late: on time.
    pytest.param(D(2019, 5, 1), (share(1, 1), count(0)), id="due-on-snapshot-not-overdue"),
    # Thu 2 May: 21 working days with no review held: judged, overdue, not all on time.
    pytest.param(D(2019, 5, 2), (share(0, 1), count(1)), id="day-after-due-overdue"),
])
def test_first_review_due_around_the_snapshot(tmp_path: Path, snapshot: dt.date,
                                              expected: tuple[Result, Result]) -> None:
    extract = load(tmp_path / "easter", EASTER_START, [])
    assert measures(extract, to(snapshot)) == expected


def test_a_weekend_snapshot_after_the_20th_working_day(tmp_path: Path) -> None:
    # In care from Tue 10 Dec 2019: Dec 11-13 (3), 16-20 (8), 23, 24 (10), 25 and 26 Dec bank
    # holidays, 27 (11), 30, 31 (13), 1 Jan bank holiday, 2, 3 (15), 6-10 (20): the first review
    # is due Fri 10 Jan 2020. On Sat 11 Jan still 20 working days have passed (judged), and the
    # snapshot is after the due date: overdue (docs/spec-readings.md), although a review held
    # that Saturday would have been within 20 working days.
    extract = load(tmp_path / "weekend", [episode(D(2019, 12, 10), None)], [])
    assert measures(extract, to(D(2020, 1, 10))) == (share(1, 1), count(0))
    assert measures(extract, to(D(2020, 1, 11))) == (share(0, 1), count(1))


def test_a_missed_review_counts_against_the_child_not_the_reviews(tmp_path: Path) -> None:
    # From Mon 1 Apr 2019, first review Fri 26 Apr (17th working day, on time); the second was
    # due 26 Apr + 3 months = Fri 26 Jul 2019 and never held. On 31 Mar 2020 the reviews held
    # were all on time (1 of 1) but the child has been waiting since 26 Jul: overdue.
    extract = load(tmp_path / "missed", EASTER_START, [review(D(2019, 4, 26))])
    assert rows(extract, YEAR_2019_20, HELD_ON_TIME)[""] == share(1, 1)
    assert measures(extract, YEAR_2019_20) == (share(0, 1), count(1))


@pytest.mark.parametrize(("held", "expected"), [
    # First review Thu 2 May 2019: the 21st working day, late. The next is due 2 May + 3 months
    # = Fri 2 Aug 2019 and held Thu 1 Aug; then due 1 Feb 2020, held Fri 31 Jan 2020; next due
    # 31 Jul 2020, after the snapshot. Not overdue, but a review in the year was late.
    pytest.param((D(2019, 5, 2), D(2019, 8, 1), D(2020, 1, 31)), (share(0, 1), count(0)),
                 id="late-first-review"),
    # The same with the first review on Wed 1 May (20th working day): all on time.
    pytest.param((D(2019, 5, 1), D(2019, 8, 1), D(2020, 1, 31)), (share(1, 1), count(0)),
                 id="all-on-time"),
])
def test_reviews_held_in_the_year(tmp_path: Path, held: tuple[dt.date, ...],
                                  expected: tuple[Result, Result]) -> None:
    extract = load(tmp_path / "held", EASTER_START, [review(day) for day in held])
    assert measures(extract, YEAR_2019_20) == expected


def test_a_late_review_in_the_previous_year_only(tmp_path: Path) -> None:
    # As "late-first-review", then the fourth review due 31 Jan 2020 + 6 months = 31 Jul 2020,
    # held Thu 30 Jul 2020; the fifth due 30 Jan 2021, held Fri 29 Jan 2021; next due 29 Jul
    # 2021. 2019-20 has the late 2 May review; 2020-21 only on-time reviews (30 Jul, 29 Jan):
    # last year's late review is not counted against this year.
    held = (D(2019, 5, 2), D(2019, 8, 1), D(2020, 1, 31), D(2020, 7, 30), D(2021, 1, 29))
    extract = load(tmp_path / "previous", EASTER_START, [review(day) for day in held])
    assert measures(extract, YEAR_2019_20) == (share(0, 1), count(0))
    assert measures(extract, YEAR_2020_21) == (share(1, 1), count(0))


# --- A period of care whose start the extract does not show ------------------------------------

# From 1 Jan 2019, the first episode in the extract a placement change (P), not a start (S).
START_NOT_SHOWN = [episode(D(2019, 1, 1), None, reason_new_episode="P")]


@pytest.mark.parametrize(("held", "expected"), [
    # No review on or before the snapshot: nothing to judge by, however long ago care began.
    pytest.param((), (share(0, 0), count(0)), id="no-review-not-judged"),
    # Fri 1 Nov 2019: the first review in the extract has no due date and passes; the next is
    # due 6 months later (the start not shown), 1 May 2020, after the snapshot: on time.
    pytest.param((D(2019, 11, 1),), (share(1, 1), count(0)), id="one-review-on-time"),
    # Fri 5 Apr 2019 alone: the next was due 5 Oct 2019 (6 months): overdue on 31 Mar 2020.
    pytest.param((D(2019, 4, 5),), (share(0, 1), count(1)), id="one-review-then-overdue"),
    # 5 Apr and Sat 5 Oct 2019 (due 5 Oct, on time): next due 5 Apr 2020, after the snapshot.
    pytest.param((D(2019, 4, 5), D(2019, 10, 5)), (share(1, 1), count(0)), id="six-monthly"),
    # A review after the snapshot (1 Apr 2020) does not make the child judged in 2019-20.
    pytest.param((D(2020, 4, 1),), (share(0, 0), count(0)), id="review-after-snapshot"),
])
def test_start_not_shown(tmp_path: Path, held: tuple[dt.date, ...],
                         expected: tuple[Result, Result]) -> None:
    extract = load(tmp_path / "not-shown", START_NOT_SHOWN, [review(day) for day in held])
    assert measures(extract, YEAR_2019_20) == expected


# --- Returning to care, short breaks ------------------------------------------------------------

# In care Mon 1 Apr – Fri 31 May 2019 (voluntary, V2) with a review Fri 26 Apr (17th working
# day), then again from Mon 2 Sep 2019 on a care order: a new period of care.
RETURNING = [episode(D(2019, 4, 1), D(2019, 5, 31), legal_status="V2"),
             episode(D(2019, 9, 2), None)]


@pytest.mark.parametrize(("held", "snapshot", "expected"), [
    # Fri 27 Sep: the new period is 19 working days old (Sep 3-6, 9-13, 16-20, 23-27): not
    # judged. Had the cycle run on from 26 Apr, the next review (due 26 Jul) would be overdue.
    pytest.param((D(2019, 4, 26),), D(2019, 9, 27), (share(0, 0), count(0)),
                 id="new-period-too-young"),
    # Mon 30 Sep, the 20th working day of the new period, is its first review (on time); on
    # Thu 31 Oct the next is due 30 Sep + 3 months = 30 Dec: on time. As a later review of the
    # first period it would have been due 26 Jul: late.
    pytest.param((D(2019, 4, 26), D(2019, 9, 30)), D(2019, 10, 31), (share(1, 1), count(0)),
                 id="first-review-of-new-period"),
    # Mon 30 Dec, the second (due 30 Dec): on 31 Mar 2020 the next is due 30 Jun 2020.
    pytest.param((D(2019, 4, 26), D(2019, 9, 30), D(2019, 12, 30)), D(2020, 3, 31),
                 (share(1, 1), count(0)), id="second-review-of-new-period"),
    # Without the 30 Dec review the second was overdue from 31 Dec.
    pytest.param((D(2019, 4, 26), D(2019, 9, 30)), D(2020, 3, 31), (share(0, 1), count(1)),
                 id="second-review-missed"),
])
def test_a_child_returning_to_care_restarts_the_cycle(tmp_path: Path, held: tuple[dt.date, ...],
                                                      snapshot: dt.date,
                                                      expected: tuple[Result, Result]) -> None:
    extract = load(tmp_path / "returning", RETURNING, [review(day) for day in held])
    assert measures(extract, to(snapshot)) == expected


def test_short_breaks_are_left_out(tmp_path: Path) -> None:
    # BREAKS on short breaks (V3) from 1 Apr 2019 with no review: not looked after on the
    # snapshot, so in neither measure; STAYS (from 1 Apr 2019, no review) is judged and overdue.
    care = [episode(D(2019, 4, 1), None, "BREAKS", legal_status="V3"),
            episode(D(2019, 4, 1), None, "STAYS")]
    extract = load(tmp_path / "breaks", care, [])
    assert measures(extract, YEAR_2019_20) == (share(0, 1), count(1))


def test_without_reviews_table_both_are_empty(tmp_path: Path) -> None:
    directory = write_extract(tmp_path / "no-reviews", {"children": [child()],
                                                        "lac_episodes": EASTER_START})
    assert measures(load_extract(directory), YEAR_2019_20) == (EMPTY, EMPTY)


# --- Breakdowns ----------------------------------------------------------------------------------


def several_children() -> tuple[list[Row], list[Row], dict[str, dt.date], dict[str, str]]:
    """Four children on 31 Mar 2020: ONTIME (girl, 10, care order, reviews on time), LATE (boy,
    7, placement order D1, first review late), WAITING (girl, 2, voluntary V2, no review:
    overdue) and NEW (boy, 15, care order, in care from Mon 16 Mar 2020: 11 working days, not
    judged)."""
    care = [episode(D(2019, 4, 1), None, "ONTIME"),
            episode(D(2019, 4, 1), None, "LATE", legal_status="D1"),
            episode(D(2019, 4, 1), None, "WAITING", legal_status="V2"),
            episode(D(2020, 3, 16), None, "NEW")]
    reviews = [*(review(day, child_id="ONTIME")
                 for day in (D(2019, 5, 1), D(2019, 8, 1), D(2020, 1, 31))),
               *(review(day, child_id="LATE")
                 for day in (D(2019, 5, 2), D(2019, 8, 1), D(2020, 1, 31)))]
    births = {"ONTIME": D(2009, 6, 1), "LATE": D(2012, 6, 1), "WAITING": D(2017, 6, 1),
              "NEW": D(2004, 6, 1)}
    return care, reviews, births, {"LATE": "M", "NEW": "M"}


def test_several_children_and_their_breakdowns(tmp_path: Path) -> None:
    care, reviews, births, sexes = several_children()
    extract = load(tmp_path / "several", care, reviews, births, sexes)
    # Judged: ONTIME, LATE, WAITING (NEW too young); on time: ONTIME; overdue: WAITING.
    assert measures(extract, YEAR_2019_20) == (share(1, 3), count(1))
    assert rows(extract, YEAR_2019_20, TIMELY, by="legal_status_group") == {
        "care order": share(1, 1), "placement order": share(0, 1), "voluntary": share(0, 1)}
    assert rows(extract, YEAR_2019_20, TIMELY, by="sex") == {"M": share(0, 1),
                                                              "F": share(1, 2)}
    # Ages on the snapshot: WAITING 2 ("1 to 4"), LATE 7, ONTIME 10; NEW (15) has no review due.
    assert rows(extract, YEAR_2019_20, OVERDUE, by="age_band") == {
        "1 to 4": count(1), "5 to 9": count(0), "10 to 15": count(0)}
    girls = Filters(sex=("F",))
    assert rows(extract, YEAR_2019_20, TIMELY, filters=girls)[""] == share(1, 2)
    assert rows(extract, YEAR_2019_20, OVERDUE, filters=girls)[""] == count(1)


@pytest.mark.parametrize("by", LAC_DIMENSIONS)
def test_breakdowns_add_up_to_the_headline(tmp_path: Path, by: str) -> None:
    care, reviews, births, sexes = several_children()
    extract = load(tmp_path / "several", care, reviews, births, sexes)
    for indicator_id in (TIMELY, OVERDUE):
        assert by in BY_ID[indicator_id].dimensions
        headline = rows(extract, YEAR_2019_20, indicator_id)[""]
        groups = compute(extract, YEAR_2019_20, by=by, indicator_ids=[indicator_id])
        assert groups["numerator"].sum() == headline[0], (indicator_id, by)
        if headline[1] is not None:
            assert groups["denominator"].sum() == headline[1], (indicator_id, by)


@pytest.mark.parametrize("by", LAC_DIMENSIONS)
def test_breakdowns_add_up_on_the_demo(demo: Extract, by: str) -> None:
    for indicator_id in (TIMELY, OVERDUE):
        headline = rows(demo, YEAR_2019_20, indicator_id)[""]
        groups = compute(demo, YEAR_2019_20, by=by, indicator_ids=[indicator_id])
        assert groups.height >= 2
        assert groups["numerator"].sum() == headline[0], (indicator_id, by)
