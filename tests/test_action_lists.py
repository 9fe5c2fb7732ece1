"""The managers' action lists, against hand-worked dates (snapshot Tuesday 31 March 2020)."""

import datetime as dt

import polars as pl

from iro_metrics.indicators.periods import reporting_year
from iro_metrics.present.action_lists import (
    cp_reviews_due,
    lac_reviews_due,
    late_icpcs,
    long_plans,
    not_seen_before_review,
    readable,
    stalled_disputes,
)

D = dt.date
DAY = D(2020, 3, 31)
# The 20th working day after 31 March 2020: April has Good Friday (10th) and Easter Monday
# (13th) off, so 1-3, 6-9, 14-17, 20-24 and 27-28 April: 28 April 2020.


def episodes(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={
        "child_id": pl.String, "episode_start": pl.Date, "episode_end": pl.Date,
        "reason_new_episode": pl.String, "legal_status": pl.String,
        "category_of_need": pl.String, "reason_episode_ceased": pl.String}, orient="row")


def test_lac_reviews_overdue_and_due_soon() -> None:
    eps = episodes([
        # A: started 2 Mar 2020, no review: due 20 working days later = 30 Mar 2020: overdue.
        ("A", D(2020, 3, 2), None, "S", "C2", "N1", None),
        # B: reviewed 5 Nov 2019 after a 1 Oct 2019 start, then 6-monthly: the second review is
        # due 3 months after the first = 5 Feb 2020: overdue.
        ("B", D(2019, 10, 1), None, "S", "C2", "N1", None),
        # C: two reviews, last 15 Oct 2019: due 15 Apr 2020, within 20 working days.
        ("C", D(2019, 1, 2), None, "S", "C1", "N1", None),
        # D: last review 1 Mar 2020: due 1 Sep 2020: not listed.
        ("D", D(2018, 1, 2), None, "S", "C1", "N1", None),
        # E: short break: never listed.
        ("E", D(2020, 1, 2), None, "S", "V3", "N2", None),
        # F: left care on 1 March: not looked after on the day.
        ("F", D(2019, 1, 2), D(2020, 3, 1), "S", "C1", "N1", "E4A"),
    ])
    reviews = pl.DataFrame({
        "child_id": ["B", "C", "C", "D", "D"],
        "review_date": [D(2019, 11, 5), D(2019, 1, 28), D(2019, 10, 15), D(2019, 9, 1),
                        D(2020, 3, 1)],
        "participation_code": ["PN1"] * 5})
    due = lac_reviews_due(eps, reviews, DAY)
    assert due.select("child_id", "due", "status").rows() == [
        ("B", D(2020, 2, 5), "Overdue"),
        ("A", D(2020, 3, 30), "Overdue"),
        ("C", D(2020, 4, 15), "Due within 20 working days"),
    ]
    assert due.filter(pl.col("child_id") == "C")["reviews_held"][0] == 2


def test_cp_reviews_overdue_and_due_soon() -> None:
    plans = pl.DataFrame({
        "plan_id": ["P1", "P2", "P3", "P4"], "child_id": ["A", "B", "C", "D"],
        "plan_start": [D(2019, 11, 30), D(2019, 6, 3), D(2019, 12, 20), D(2018, 5, 1)],
        "plan_end": [None, None, None, D(2019, 5, 1)],
        "initial_category": ["NEG"] * 4, "latest_category": ["NEG"] * 4,
        "previous_plans": [0] * 4})
    conferences = pl.DataFrame({
        "conference_id": ["R1", "R2"], "child_id": ["B", "D"],
        "conference_date": [D(2019, 9, 1), D(2018, 8, 1)], "conference_type": ["RCPC"] * 2})
    # A: 30 Nov + 3 months = 29 Feb 2020: overdue. B: 1 Sep + 6 months = 1 Mar: overdue.
    # C: 20 Dec + 3 months = 20 Mar: overdue. D: ended.
    assert cp_reviews_due(plans, conferences, DAY).select("plan_id", "due").rows() == [
        ("P1", D(2020, 2, 29)), ("P2", D(2020, 3, 1)), ("P3", D(2020, 3, 20))]
    # On Monday 3 Feb 2020 the 20th working day ahead is 2 Mar: A (29 Feb) and B (1 Mar) are
    # due within it, C (20 Mar) is not yet listed.
    soon = cp_reviews_due(plans, conferences, D(2020, 2, 3))
    assert soon.select("plan_id", "status").rows() == [
        ("P1", "Due within 20 working days"), ("P2", "Due within 20 working days")]


def test_late_icpcs_long_plans_and_stalled_disputes() -> None:
    s47 = pl.DataFrame({
        "s47_id": ["S1", "S2"], "child_id": ["A", "B"],
        "s47_start": [D(2019, 12, 20), D(2019, 12, 20)],
        # After Friday 20 Dec 2019: 23, 24, 27, 30, 31 Dec (25, 26 Dec off), 2, 3 Jan (1 Jan
        # off), 6-10, 13-15 Jan: 15 Jan is the 15th working day, 16 Jan the 16th.
        "icpc_date": [D(2020, 1, 15), D(2020, 1, 16)], "icpc_required": [True, True]})
    late = late_icpcs(s47, reporting_year(2019))
    assert late.select("s47_id", "working_days").rows() == [("S2", 16)]
    plans = pl.DataFrame({
        "plan_id": ["P1", "P2"], "child_id": ["A", "B"],
        "plan_start": [D(2018, 12, 31), D(2019, 1, 1)], "plan_end": [None, None],
        "initial_category": ["NEG"] * 2, "latest_category": ["NEG"] * 2,
        "previous_plans": [0, 0]})
    # 31 Dec 2018 + 15 months = 31 Mar 2020 (on the day: listed); 1 Jan 2019 + 15 = 1 Apr 2020.
    assert long_plans(plans, DAY).select("plan_id", "months_open").rows() == [("P1", 15)]
    disputes = pl.DataFrame({
        "dispute_id": ["D1", "D2", "D3"], "child_id": ["A", "B", "C"],
        "raised_date": [D(2020, 2, 1), D(2020, 3, 2), D(2020, 1, 6)],
        "stage": ["INFORMAL"] * 3, "issue": ["OTHER"] * 3,
        "resolved_date": [None, None, D(2020, 2, 1)]})
    # D1 raised Saturday 1 Feb: 3 Feb to 31 Mar is 42 working days. D2: 21 working days.
    assert stalled_disputes(disputes, DAY).select("dispute_id", "working_days").rows() == [
        ("D1", 42), ("D2", 21)]
    # As a manager reads it: plain headings, dates in words, stages and issues by name.
    assert readable(stalled_disputes(disputes, DAY)).rows(named=True)[0] == {
        "Dispute reference": "D1", "Child reference": "A", "Raised": "1 February 2020",
        "Highest stage": "Informal", "Issue": "Other", "Working days": "42"}


def test_children_not_seen_before_a_review_due_soon() -> None:
    eps = episodes([
        # G to J and N: in care since 2 Jan 2019, reviewed 28 Jan and 15 Oct 2019: the next
        # review is due 15 Apr 2020, within 20 working days of 31 March (28 April).
        *[(child, D(2019, 1, 2), None, "S", "C1", "N1", None) for child in "GHJN"],
        # K and L: in care since Monday 16 Mar 2020, no review yet: due on the 20th working day
        # after, 15 Apr 2020 (17-20, 23-27, 30-31 Mar, 1-3, 6-9, 14-15 Apr; Easter off).
        ("K", D(2020, 3, 16), None, "S", "C2", "N1", None),
        ("L", D(2020, 3, 16), None, "S", "C2", "N1", None),
        # M: reviewed 5 Nov 2019 after a 1 Oct 2019 start: overdue since 5 Feb 2020, so on the
        # overdue list, not this one.
        ("M", D(2019, 10, 1), None, "S", "C2", "N1", None),
    ])
    reviews = pl.DataFrame({
        "child_id": [*[child for child in "GHJN" for _ in range(2)], "M"],
        "review_date": [D(2019, 1, 28), D(2019, 10, 15)] * 4 + [D(2019, 11, 5)],
        "participation_code": ["PN1"] * 9})
    activity = pl.DataFrame({
        "activity_id": [f"A{i}" for i in range(1, 8)],
        "child_id": ["G", "H", "J", "J", "K", "L", "N"],
        "iro_id": [None] * 7,
        "activity_date": [
            D(2019, 10, 10),  # G: seen before the last review only: listed
            D(2020, 3, 20),  # H: spoken with since the last review: not listed
            D(2020, 1, 15),  # J: a midway check is not seeing the child
            D(2020, 4, 2),  # J: a visit after the day does not count yet: listed
            D(2020, 3, 16),  # K: visited on the day care began: not listed
            D(2020, 3, 13),  # L: visited before care began: listed
            D(2019, 10, 15),  # N: seen on the last review's day, for that review: listed
        ],
        "activity_type": ["VISIT", "PRE_REVIEW_CONTACT", "MIDWAY_CHECK", "VISIT", "VISIT",
                          "PRE_REVIEW_CONTACT", "PRE_REVIEW_CONTACT"]},
        schema_overrides={"iro_id": pl.String})
    listed = not_seen_before_review(eps, reviews, activity, DAY)
    assert listed.rows() == [
        ("G", D(2019, 1, 2), D(2019, 10, 15), D(2020, 4, 15), D(2019, 10, 10)),
        ("J", D(2019, 1, 2), D(2019, 10, 15), D(2020, 4, 15), None),
        ("L", D(2020, 3, 16), None, D(2020, 4, 15), D(2020, 3, 13)),
        ("N", D(2019, 1, 2), D(2019, 10, 15), D(2020, 4, 15), D(2019, 10, 15)),
    ]
    assert listed.columns == ["child_id", "period_start", "last_review", "due", "last_contact"]


def test_an_empty_cell_reads_none_yet() -> None:
    listed = pl.DataFrame({"child_id": ["A"], "last_review": [None], "due": [D(2020, 4, 9)]},
                          schema={"child_id": pl.String, "last_review": pl.Date,
                                  "due": pl.Date})
    assert readable(listed).rows() == [("A", "none yet", "9 April 2020")]
    assert readable(listed).columns == ["Child reference", "Last review", "Next review due by"]
