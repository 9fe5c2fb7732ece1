"""Conference activity (``iro_metrics.indicators.conferences``): conferences and children per type in a
period, on a hand-built table, and agreement with the engine's ``icpc_held`` / ``rcpc_held`` on
the demo for every reporting year."""


import polars as pl
from extract_builders import D, conference, frame

from iro_metrics.indicators.conferences import (
    CONFERENCE_TYPES,
    activity_by_period,
    conference_activity,
)
from iro_metrics.indicators.engine import compute
from iro_metrics.indicators.periods import date_range, reporting_year, reporting_years_between
from iro_metrics.present.view import first_full_year

Y2019 = reporting_year(2019)  # 1 April 2019 to 31 March 2020


def _rows() -> pl.DataFrame:
    return frame("cp_conferences", [
        # K1: siblings A and B at an ICPC on the first day of the year: 1 conference, 2 children.
        conference("K1", "A", conference_date=D(2019, 4, 1)),
        conference("K1", "B", conference_date=D(2019, 4, 1)),
        # K2: an ICPC on the last day: 1 conference, 1 child.
        conference("K2", "C", conference_date=D(2020, 3, 31)),
        # K3: an RCPC the day before the year starts: not counted.
        conference("K3", "A", conference_date=D(2019, 3, 31), conference_type="RCPC",
                   outcome="CONTINUE"),
        # K4: an RCPC for A and B in the year: 1 conference, 2 children.
        conference("K4", "A", conference_date=D(2019, 10, 1), conference_type="RCPC",
                   outcome="CONTINUE"),
        conference("K4", "B", conference_date=D(2019, 10, 1), conference_type="RCPC",
                   outcome="END"),
        # K5: a transfer-in conference for D: 1 conference, 1 child.
        conference("K5", "D", conference_date=D(2019, 6, 1), conference_type="TRANSFER_IN"),
        # K6: an ICPC the day after the year ends: not counted.
        conference("K6", "E", conference_date=D(2020, 4, 1)),
    ])


def test_counts_conferences_and_children_by_type() -> None:
    activity = conference_activity(_rows(), Y2019)
    assert activity.to_dicts() == [
        {"period": "2019-20", "conference_type": "ICPC", "conferences": 2, "children": 3},
        {"period": "2019-20", "conference_type": "TRANSFER_IN", "conferences": 1, "children": 1},
        {"period": "2019-20", "conference_type": "RCPC", "conferences": 1, "children": 2},
    ]


def test_both_ends_of_the_period_count() -> None:
    one_day = date_range(D(2020, 4, 1), D(2020, 4, 1))
    activity = conference_activity(_rows(), one_day)
    assert activity["conferences"].to_list() == [1, 0, 0]
    assert activity["children"].to_list() == [1, 0, 0]


def test_no_conferences_gives_zeros_for_every_type() -> None:
    activity = conference_activity(frame("cp_conferences", []), Y2019)
    assert activity["conference_type"].to_list() == list(CONFERENCE_TYPES)
    assert activity["conferences"].to_list() == [0, 0, 0]


def test_by_period_stacks_in_order() -> None:
    years = [reporting_year(2019), reporting_year(2020)]
    stacked = activity_by_period(_rows(), years)
    assert stacked["period"].to_list() == ["2019-20"] * 3 + ["2020-21"] * 3
    assert stacked["conferences"].to_list() == [2, 1, 1, 1, 0, 0]
    assert activity_by_period(_rows(), []).is_empty()


def test_agrees_with_the_engine_on_the_demo(demo) -> None:
    years = reporting_years_between(first_full_year(demo), demo.authority.extract_date)
    for year in years:
        activity = {row["conference_type"]: row
                    for row in conference_activity(demo.cp_conferences, year).iter_rows(named=True)}
        engine = {row["indicator_id"]: row["value"] for row in compute(
            demo, year, indicator_ids=("icpc_held", "rcpc_held")).iter_rows(named=True)}
        assert activity["ICPC"]["conferences"] == engine["icpc_held"], year.label
        assert activity["RCPC"]["conferences"] == engine["rcpc_held"], year.label
        assert activity["TRANSFER_IN"]["conferences"] > 0, year.label
        for row in activity.values():
            assert row["children"] >= row["conferences"]
