"""Integer keys for child ids (``indicators.sorted_keys``) and where reviews fall among the
periods of care, found with them (``lac_units.review_places``), then the reviews' timeliness
(``review_timeliness``): the same answer as on the text, whatever order the rows come in and
whether or not a reviewed child has an episode."""

import datetime as dt

import polars as pl

from iro_metrics.indicators.lac_units import periods_of_care, review_places, review_timeliness
from iro_metrics.indicators.sorted_keys import in_order, positions_in, sorted_by
from tests.extract_builders import D, episode, review


def test_positions_are_found_by_binary_search_and_null_when_absent() -> None:
    known = pl.Series(["C1", "C3", "C5"])
    ids = pl.Series(["C3", "C2", "C9", None, "C1", "C0", "C5"])
    assert positions_in(known, ids).to_list() == [1, None, None, None, 0, None, 2]
    assert positions_in(known.clear(), ids).to_list() == [None] * 7


def test_rows_in_order_are_kept_as_they_are_and_others_sorted_keeping_file_order() -> None:
    """Ties on both keys are in order; a later child before an earlier one, a date going back
    within a child, or a missing value is not, and is sorted (ties in file order)."""
    in_order_rows = pl.DataFrame({"child_id": ["C1", "C1", "C1", "C2"],
                                  "day": [D(2019, 1, 1), D(2019, 1, 1), D(2019, 3, 1),
                                          D(2018, 1, 1)], "n": [0, 1, 2, 3]})
    assert in_order_rows.select(in_order("child_id", "day")).item()
    assert sorted_by(in_order_rows, "child_id", "day") is in_order_rows
    assert in_order_rows.clear().select(in_order("child_id", "day")).item()
    for shuffled in (in_order_rows.reverse(), in_order_rows[[0, 2, 1, 3]],
                     in_order_rows[[3, 0, 1, 2]]):
        assert not shuffled.select(in_order("child_id", "day")).item()
    assert sorted_by(in_order_rows.reverse(), "child_id", "day")["n"].to_list() == [1, 0, 2, 3]
    missing = in_order_rows.with_columns(day=pl.when(pl.col("n") != 2).then("day"))
    assert not missing.select(in_order("child_id", "day")).item()
    assert sorted_by(missing, "child_id", "day")["n"].to_list() == [2, 0, 1, 3]


EPISODES = pl.DataFrame([
    episode(D(2019, 1, 10), None, "C3"),
    episode(D(2019, 1, 1), D(2019, 6, 30), "C1"),
])
"""C1 looked after for the first half of 2019 and C3 from 10 January; C2 never."""


def test_reviews_of_children_without_episodes_keep_their_own_order() -> None:
    """C2 has no episode and sorts between C1 and C3, who do: its reviews are outside care, its
    second review's previous is its first, and the others are numbered within their periods."""
    reviews = pl.DataFrame([
        review(D(2019, 3, 1), child_id="C3"), review(D(2019, 5, 1), child_id="C2"),
        review(D(2019, 1, 20), child_id="C1"), review(D(2019, 2, 1), child_id="C2"),
        review(D(2019, 4, 15), child_id="C1"), review(D(2019, 8, 1), child_id="C1"),
    ])
    timed = review_timeliness(reviews, EPISODES, dt.date(2020, 3, 31))
    assert timed.select("child_id", "in_period", "number", "previous", "on_time").rows() == [
        ("C3", True, 1, None, False),  # 34 working days after the start
        ("C2", False, None, D(2019, 2, 1), False),
        ("C1", True, 1, None, True),
        ("C2", False, None, None, False),
        ("C1", True, 2, D(2019, 1, 20), True),  # within 3 months of the first
        ("C1", False, None, D(2019, 4, 15), False),  # after the period ended
    ]


def test_places_are_in_child_and_date_order_with_the_period_and_open_episode() -> None:
    """C2 (no episode) has no period; C1's review after its only period ended keeps the period
    it falls after but is outside it and in no episode; each child's first review is flagged;
    two reviews on one date keep their file order."""
    reviews = pl.DataFrame([
        review(D(2019, 3, 1), child_id="C3"), review(D(2019, 5, 1), child_id="C2"),
        review(D(2019, 8, 1), child_id="C1"), review(D(2019, 2, 1), child_id="C2"),
        review(D(2019, 1, 20), child_id="C1"), review(D(2019, 1, 20), child_id="C1"),
    ])
    places = review_places(reviews, EPISODES, dt.date(2020, 3, 31), periods_of_care(EPISODES))
    assert places.rows() == [
        # row, review_date, period, first_of_child, in_period, episode
        (4, D(2019, 1, 20), 0, True, True, 1),
        (5, D(2019, 1, 20), 0, False, True, 1),
        (2, D(2019, 8, 1), 0, False, False, None),
        (3, D(2019, 2, 1), None, True, False, None),
        (1, D(2019, 5, 1), None, False, False, None),
        (0, D(2019, 3, 1), 1, True, True, 0),
    ]
