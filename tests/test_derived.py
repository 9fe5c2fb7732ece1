"""Tables kept on a loaded extract (``indicators.derived``): ``recent`` keeps the most recently
asked for, and the engine's figures are the same whether it starts from kept units or not."""

import polars as pl
import pytest
from helpers import DEMO_DIR

from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators import derived
from iro_metrics.indicators.engine import Filters, compute
from iro_metrics.indicators.periods import parse_period


def test_recent_builds_once_and_forgets_the_least_recently_asked(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(derived, "RECENT_LIMIT", 2)
    extract = load_extract(DEMO_DIR)
    built: list[str] = []

    def table(key: str) -> pl.DataFrame:
        return derived.recent(extract, key, lambda: built.append(key) or pl.DataFrame({"k": [key]}))

    first = table("a")
    assert table("a") is first
    table("b")
    table("a")  # now "b" is the least recently asked for
    table("c")
    assert list(extract.recent) == ["a", "c"]
    table("b")
    assert built == ["a", "b", "c", "b"]


def test_a_filter_after_its_period_gives_the_figures_of_a_fresh_extract() -> None:
    year, age = parse_period("2019-20"), Filters(age_band=("10 to 15",))
    warm = load_extract(DEMO_DIR)
    compute(warm, year)
    assert warm.recent  # the year's units are kept
    after = compute(warm, year, filters=age)
    assert after.equals(compute(load_extract(DEMO_DIR), year, filters=age))
    assert after.filter(pl.col("indicator_id") == "lac_count")["value"].item() > 0
