"""LAIT's context measures on a small hand-built table: each measure's row for the year asked
(or the nearest published), judged against England at the published precision, banded and
ranked among councils with last year's rank; the "where we stand" standings; and a measure over
the years with symbols kept as published."""

from typing import Any

import polars as pl

from iro_metrics.indicators.registry import Polarity
from iro_metrics.published.comparison import Position, Standing
from iro_metrics.published.context import (
    SCHEMA,
    TITLES,
    context_rows,
    context_standings,
    context_trend,
)
from iro_metrics.published.neighbours import NEIGHBOUR_COLUMNS

OURS, REGION, ENGLAND = "841", "980", "970"
NEIGHBOURS = pl.DataFrame({"rank": [1, 2], "la_code": ["801", "802"], "la_name": ["N1", "N2"],
                           "closeness": ["Very close", "Close"]}, schema=NEIGHBOUR_COLUMNS)


def _row(measure: str, polarity: str, year: int, code: str, value: float | None,
         symbol: str | None = None, decimals: int = 0) -> dict[str, Any]:
    kind = "England" if code == ENGLAND else "region" if code == REGION else "LA"
    return {"measure": measure, "title": measure, "polarity": polarity, "year": year,
            "area_code": code, "area_name": code, "area_type": kind, "value": value,
            "symbol": symbol, "decimals": decimals}


def _stable(year: int, ours: float | None, *others: float | None,
            symbol: str | None = None) -> list[dict[str, Any]]:
    """3 or more placements (low is good): ours, then councils 801, 802 and 803."""
    codes = (OURS, "801", "802", "803")
    return [_row("LACStable_2016on", "low", year, code, value,
                 symbol if code == OURS else None)
            for code, value in zip(codes, (ours, *others), strict=True)]


TABLE = pl.DataFrame([
    # 2019-20: ours 11 among 10, 12 and 8: sorted 8, 10, 11, 12, ours third.
    *_stable(2020, 11, 10, 12, 8),
    _row("LACStable_2016on", "low", 2020, ENGLAND, 10),
    # 2020-21: ours 9 among 10, 12 and 8: second; England 10, so lower is better.
    *_stable(2021, 9, 10, 12, 8),
    _row("LACStable_2016on", "low", 2021, REGION, 11),
    _row("LACStable_2016on", "low", 2021, ENGLAND, 10),
    # 2021-22: ours suppressed as published (x), the others as before.
    *_stable(2022, None, 10, 12, 8, symbol="x"),
    _row("LACStable_2016on", "low", 2022, ENGLAND, 11),
    # Care leavers in education, employment or training (high is good), first published for
    # 2022-23: ours 54.6 and England 54.6 at one decimal: the same.
    _row("CareLeaverEET", "high", 2023, OURS, 54.6, decimals=1),
    _row("CareLeaverEET", "high", 2023, "801", 60.0, decimals=1),
    _row("CareLeaverEET", "high", 2023, ENGLAND, 54.6, decimals=1),
    # Children who went missing: LAIT's '-' polarity, so not judged, banded or ranked.
    _row("Children_missing", "none", 2021, OURS, 12),
    _row("Children_missing", "none", 2021, "801", 7),
    _row("Children_missing", "none", 2021, ENGLAND, 11),
], schema=SCHEMA)


def test_context_rows_by_hand() -> None:
    rows = {row.measure: row for row in context_rows(TABLE, OURS, REGION, NEIGHBOURS, 2021,
                                                     "mean")}
    assert list(rows) == ["LACStable_2016on", "Children_missing", "CareLeaverEET"]
    stable = rows["LACStable_2016on"]
    assert (stable.year, stable.polarity, stable.decimals) == (2021, Polarity.LOW, 0)
    assert stable.figures == {"ours": (9.0, None), "region": (11.0, None),
                              "england": (10.0, None)}
    # The neighbours 801 and 802: (10 + 12) / 2.
    assert stable.neighbours == 11.0
    # Ranked second of 4 (8 is lower); type-7 quartiles of 8, 9, 10, 12 are 8.75, 9.5 and
    # 10.5, so 9 is in (Q1, Q2]: band B. Last year's rank: third.
    assert stable.position == Position("B", 2, 4)
    assert stable.rank_before == 3
    assert stable.judgement() == "Better"
    assert (stable.shown("ours"), stable.shown("england"), stable.shown("region")) == (
        "9%", "10%", "11%")
    # Not yet published for 2020-21: the first published year, 2022-23, the same as England.
    leavers = rows["CareLeaverEET"]
    assert (leavers.year, leavers.judgement(), leavers.shown("ours")) == (2023, "Same", "54.6%")
    assert leavers.figures["region"] == (None, None)
    assert leavers.shown("region") == "x"
    # No polarity: higher than England, but neither better nor worse, and not ranked.
    missing = rows["Children_missing"]
    assert missing.judgement() == "Higher"
    assert missing.position.rank is None


def test_a_suppressed_figure_is_kept_and_not_judged() -> None:
    stable = context_rows(TABLE, OURS, REGION, NEIGHBOURS, 2022, "median")[0]
    assert stable.figures["ours"] == (None, "x")
    assert stable.shown("ours") == "x"
    assert stable.judgement() is None
    assert stable.position.rank is None
    assert stable.rank_before == 2
    assert stable.neighbours == 11.0  # the median of 10 and 12


def test_context_standings_by_hand() -> None:
    rows = context_rows(TABLE, OURS, REGION, NEIGHBOURS, 2021, "mean")
    assert context_standings(rows) == [
        Standing(TITLES["LACStable_2016on"], "Better", 2, 3, published=True),
        Standing(TITLES["Children_missing"], None, None, None, published=True),
        # CareLeaverEET: only 2022-23, so no rank the year before.
        Standing(TITLES["CareLeaverEET"], "Same", 2, None, published=True),
    ]


def test_context_trend_by_hand() -> None:
    codes = {"Darlington": OURS, "England": ENGLAND, "North East": REGION}
    chart, table = context_trend(TABLE, "LACStable_2016on", codes, NEIGHBOURS, "mean")
    assert table.columns == ["Year", "Darlington", "England", "North East", "Neighbours' mean"]
    assert table.rows() == [
        ("2019-20", "11%", "10%", "x", "11%"),
        ("2020-21", "9%", "10%", "11%", "11%"),
        ("2021-22", "x", "11%", "x", "11%"),
    ]
    # Figures only on the chart, in drawing order: ours (no 2021-22), England, the region (one
    # year), then the neighbours' mean.
    assert chart.select("series", "year", "value").rows() == [
        ("Darlington", "2019-20", 11.0), ("Darlington", "2020-21", 9.0),
        ("England", "2019-20", 10.0), ("England", "2020-21", 10.0), ("England", "2021-22", 11.0),
        ("North East", "2020-21", 11.0),
        ("Neighbours' mean", "2019-20", 11.0), ("Neighbours' mean", "2020-21", 11.0),
        ("Neighbours' mean", "2021-22", 11.0),
    ]


def test_context_trend_of_a_measure_not_published() -> None:
    chart, table = context_trend(TABLE, "LACDistance", {"Darlington": OURS}, NEIGHBOURS, "mean")
    assert chart.is_empty() and table.is_empty()
    assert table.columns == ["Year", "Darlington", "Neighbours' mean"]
