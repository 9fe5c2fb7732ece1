"""The "where we stand" line under each topic page's intro, for managers and the public: the
counts and the rank that moved most worked out here from the engine's figures and the committed
table of published figures (Fingertips judgement against England; rank among the other
councils' published figures at the published precision), and no line on a page without a
published comparator, or for a filtered view."""

from typing import Any

import polars as pl
import pytest
from helpers import OpenPage

from iro_metrics.contract.extract import Extract
from iro_metrics.indicators.engine import compute
from iro_metrics.indicators.periods import parse_period
from iro_metrics.indicators.registry import BY_ID, INDICATORS, Polarity, Unit
from iro_metrics.published.comparison import benchmarks_file

YEAR, BEFORE = "2019-20", "2018-19"
LINE = "**Where Darlington stands in "
PAGES = {
    "child_protection": ("cp_rate", "cp_repeat", "cp_ceased_2y_plus"),
    "cp_conferences": ("icpc_timely",),
    "timeliness": ("icpc_timely", "cp_reviews_timely", "lac_children_reviews_timely",
                   "lac_reviews_timely"),
    "overview": tuple(indicator.id for indicator in INDICATORS),
}


def _published(indicator_id: str, year: int) -> pl.DataFrame:
    table = pl.read_parquet(benchmarks_file())
    return table.filter(pl.col("indicator_id") == indicator_id, pl.col("year") == year)


def _ours(extract: Extract, label: str) -> dict[str, dict[str, Any]]:
    return {row["indicator_id"]: row for row in compute(extract, parse_period(label)).iter_rows(
        named=True)}


def _rank(value: float, published: pl.DataFrame, polarity: Polarity) -> int:
    councils = published.filter(pl.col("area_type") == "LA", pl.col("area_code") != "841")
    ours = round(value, int(published["decimals"][0]))
    others = [v for v in councils["value"].to_list() if v is not None and v == v]
    return 1 + sum((v > ours) if polarity is Polarity.HIGH else (v < ours) for v in others)


def expected_line(extract: Extract, ids: tuple[str, ...]) -> str:
    """The line for a page showing ``ids``, worked out from the engine and the published
    table for 2019-20 (published as 2020) and 2018-19."""
    now, before = _ours(extract, YEAR), _ours(extract, BEFORE)
    counts = {"Better": 0, "Similar": 0, "Worse": 0}
    moves: list[tuple[int, str, int]] = []
    for indicator_id in ids:
        indicator = BY_ID[indicator_id]
        published = _published(indicator_id, 2020)
        if indicator.unit is Unit.COUNT or published.is_empty():
            continue
        assert not _published(indicator_id, 2019).is_empty(), indicator_id
        if indicator.polarity is Polarity.NONE:
            continue
        row = now[indicator_id]
        england = published.filter(pl.col("area_code") == "970")["value"][0]
        if row["lower_95"] <= england <= row["upper_95"]:
            counts["Similar"] += 1
        else:
            higher = row["lower_95"] > england
            counts["Better" if higher == (indicator.polarity is Polarity.HIGH) else "Worse"] += 1
        rank = _rank(row["value"], published, indicator.polarity)
        earlier = _rank(before[indicator_id]["value"], _published(indicator_id, 2019),
                        indicator.polarity)
        if rank != earlier:
            moves.append((earlier - rank, indicator.title, rank))
    judged = sum(counts.values())
    assert judged >= 1
    measures = "the one measure" if judged == 1 else f"the {judged} measures"
    text = (f"Where Darlington stands in {YEAR} against England: of {measures} "
            f"computed here where higher or lower is better, {counts['Better']} better, "
            f"{counts['Similar']} similar and {counts['Worse']} worse.")
    if not moves:
        return text + f" No rank among English councils changed since {BEFORE}."
    change, title, rank = max(moves, key=lambda move: abs(move[0]))
    places = f"{abs(change)} place" + ("s" if abs(change) != 1 else "")
    return (text + f" Moved most since {BEFORE}: {title[:1].lower()}{title[1:]}, "
            f"{'up' if change > 0 else 'down'} {places} to rank {rank}.")


def lines(at: Any) -> list[str]:
    return [m.value.strip("*") for m in at.markdown if m.value.startswith(LINE)]


@pytest.mark.parametrize("audience", ["manager", "public"])
@pytest.mark.parametrize("page", list(PAGES))
def test_a_topic_page_shows_where_it_stands(open_page: OpenPage, demo: Extract, page: str,
                                            audience: str) -> None:
    at = open_page(page, query={"year": YEAR}, audience=audience)
    assert not at.exception, [e.value for e in at.exception]
    assert lines(at) == [expected_line(demo, PAGES[page])]
    # Just after the intro's lead, before anything else the page writes.
    assert at.main.markdown[1].value.startswith(LINE)


@pytest.mark.parametrize("audience", ["manager", "public"])
@pytest.mark.parametrize("page", ["participation", "workforce", "between_reviews",
                                  "looked_after"])
def test_a_page_without_a_judged_comparator_has_no_line(open_page: OpenPage, page: str,
                                                        audience: str) -> None:
    # Participation, workforce and between reviews have no published comparator; the Looked
    # after page's one (per 10,000 children) is neither better nor worse when higher.
    at = open_page(page, query={"year": YEAR}, audience=audience)
    assert not at.exception, [e.value for e in at.exception]
    assert lines(at) == []


def test_no_line_for_a_filtered_view(open_page: OpenPage) -> None:
    at = open_page("child_protection", query={"year": YEAR, "sex": "Girls"})
    assert not at.exception, [e.value for e in at.exception]
    assert lines(at) == []
