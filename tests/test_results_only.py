"""A page may ask for only some indicators (``results.indicators(only=...)``, as the Overview
and the "where we stand" line do); the public then sees exactly what it sees of them when every
indicator is computed, since a family is protected together (``disclosure.families_of``)."""

import math

import polars as pl
import pytest

from iro_metrics.contract.extract import Extract
from iro_metrics.indicators import engine
from iro_metrics.indicators.engine import Filters
from iro_metrics.indicators.periods import reporting_year
from iro_metrics.indicators.registry import INDICATORS
from iro_metrics.present.disclosure import Audience, families_of, protect_indicators
from iro_metrics.present.view import View
from iro_metrics.ui import results

YEAR = reporting_year(2016)
"""In the demo's 2016-17 one repeat plan within two years hides its whole family."""


def test_the_plan_starts_family_is_hidden_by_one_small_member(demo: Extract) -> None:
    """Why whole families: children starting a plan, computed alone, would be shown, while the
    family as a whole is hidden (1 repeat plan within two years, out of the same starts)."""
    assert families_of(("cp_starts",)) == ("cp_starts", "cp_repeat", "cp_repeat_2y")
    alone = protect_indicators(engine.compute(demo, YEAR, indicator_ids=("cp_starts",)))
    whole = protect_indicators(engine.compute(demo, YEAR)).filter(
        pl.col("indicator_id") == "cp_starts")
    assert alone["numerator"][0] == 102
    assert math.isnan(whole["numerator"][0])


@pytest.mark.parametrize("filters", [Filters(), Filters(sex=("F",))])
def test_any_indicator_asked_for_alone_is_shown_as_with_all(
        demo: Extract, filters: Filters, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(results, "current_audience", lambda: Audience.PUBLIC)
    view = View(YEAR, filters)
    everything = results.indicators(demo, view)
    for indicator in INDICATORS:
        alone = results.indicators(demo, view, only=(indicator.id,))
        assert alone.equals(everything.filter(pl.col("indicator_id") == indicator.id)), \
            indicator.id


def test_families_come_whole_and_in_registry_order() -> None:
    assert families_of(()) == ()
    assert families_of(("cp_repeat_2y", "cp_starts")) == ("cp_starts", "cp_repeat",
                                                           "cp_repeat_2y")
    order = [indicator.id for indicator in INDICATORS]
    found = families_of(("lac_participation", "cp_starts"))
    assert list(found) == sorted(found, key=order.index)
    assert {"lac_participation", "cp_starts", "cp_repeat"} <= set(found)


@pytest.mark.parametrize("audience", list(Audience))
def test_the_standing_line_reuses_the_page_s_figures(
        demo: Extract, audience: Audience, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Overview computes its tiles with the measures its "where we stand" line judges
    (``with_standing``); the line then computes nothing more, and reads as from every figure."""
    monkeypatch.setattr(results, "current_audience", lambda: audience)
    view = View(reporting_year(2017))
    ids = tuple(indicator.id for indicator in INDICATORS)
    computed = results.with_standing(view, ("lac_count", "iro_caseload"), ids)
    assert {"lac_count", "iro_caseload", "cp_starts", "lac_rate"} <= set(computed)
    filtered = View(view.period, Filters(sex=("F",)))  # no line, so nothing more to compute
    assert results.with_standing(filtered, ("lac_count", "iro_caseload"), ids) == (
        "iro_caseload", "lac_count")
    results.indicators(demo, view, only=computed)
    results.previous_indicators(demo, view, only=computed)
    calls: list[object] = []
    counting = engine.compute

    def counted(*args: object, **kwargs: object) -> pl.DataFrame:
        calls.append(args)
        return counting(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "compute", counted)
    line = results.standing(demo, view, ids, computed)
    assert calls == []
    assert line is not None and line == results.standing(demo, view, ids)
