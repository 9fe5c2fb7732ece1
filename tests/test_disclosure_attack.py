"""No count from 1 to 5 can be worked out from any combination of public views: an automated
attacker (``disclosure_attacker``) enumerates every view the public sidebar offers for several
reporting years of the demo, with every breakdown, the monthly series, the participation codes,
disputes and conferences, and solves the identities a reader knows for the hidden cells."""

import math
from collections.abc import Callable

import polars as pl
import pytest
from disclosure_attacker import Publication, Results, false_identities, leaks, publish, recover

from iro_metrics.contract.extract import Extract
from iro_metrics.indicators import engine, participation
from iro_metrics.indicators.engine import Filters
from iro_metrics.indicators.periods import reporting_year
from iro_metrics.indicators.registry import DIMENSIONS
from iro_metrics.present.disclosure import Audience, protect_counts, protect_indicators
from iro_metrics.present.view import View, first_full_year
from iro_metrics.ui import results

pytestmark = pytest.mark.slow  # every public view attacked: about 35 s

YEARS = [reporting_year(year) for year in (2017, 2018, 2019, 2020)]


def layer(extract: Extract) -> Results:
    """The results layer the pages call, for the audience ``results.current_audience`` gives."""
    return Results(
        indicators=lambda view, by: results.indicators(extract, view, by),
        monthly=lambda view, first, last: results.monthly(extract, view, first, last),
        review_codes=lambda view: results.review_codes(extract, view),
        disputes_by=lambda period, column: results.disputes_by(extract, period, column),
        conference_activity=lambda periods: results.conference_activity(extract, periods))


def naive(extract: Extract) -> Results:
    """Suppression applied to each view on its own (this project's method before issue 10):
    primary and secondary within the view, nothing shared between views."""
    def codes(view: View) -> pl.DataFrame | None:
        frame = participation.review_codes(extract, view.period, view.filters)
        return None if frame is None else protect_counts(frame, ("reviews",), group="code")

    return Results(
        indicators=lambda view, by: protect_indicators(
            engine.compute(extract, view.period, by=by, filters=view.filters)),
        monthly=lambda view, first, last: protect_counts(
            engine.monthly_counts(extract, first, last, view.filters), ("value",)),
        review_codes=codes,
        disputes_by=lambda period, column: results.disputes_by(extract, period, column),
        conference_activity=lambda periods: results.conference_activity(extract, periods))


def seen_by(audience: Audience, make: Callable[[Extract], Results], extract: Extract,
            monkeypatch: pytest.MonkeyPatch) -> Publication:
    monkeypatch.setattr(results, "current_audience", lambda: audience)
    return publish(make(extract), YEARS, first_full_year(extract))


@pytest.fixture(scope="module")
def exact(demo: Extract) -> Publication:
    with pytest.MonkeyPatch.context() as patch:
        return seen_by(Audience.MANAGER, layer, demo, patch)


def test_the_attacker_knows_only_true_identities(exact: Publication) -> None:
    assert exact.conflicts == []
    assert false_identities(exact) == []
    assert len(exact.identities) > 2000


def test_no_small_count_is_recoverable_from_the_public_views(
        demo: Extract, exact: Publication, monkeypatch: pytest.MonkeyPatch) -> None:
    public = seen_by(Audience.PUBLIC, layer, demo, monkeypatch)
    hidden = [key for key, value in public.values.items() if math.isnan(value)]
    assert public.conflicts == []
    assert len(hidden) > 500  # the attack has something to work on
    assert leaks(public, exact) == []


def test_the_attacker_breaks_suppression_applied_view_by_view(
        demo: Extract, exact: Publication, monkeypatch: pytest.MonkeyPatch) -> None:
    public = seen_by(Audience.PUBLIC, naive, demo, monkeypatch)
    found = leaks(public, exact)
    assert len(found) > 20
    # e.g. a group's count taken from the breakdown where the filtered view showed it
    assert any(key[0] == "indicator" and key[4] for key, _ in found)


def test_recovered_values_are_the_true_ones(demo: Extract, exact: Publication,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    public = seen_by(Audience.PUBLIC, naive, demo, monkeypatch)
    recovered = recover(public)
    assert recovered
    assert all(abs(exact.values.get(key, 0.0) - value) < 1e-6
               for key, value in recovered.items())


def test_a_filtered_public_view_breaks_down_nothing_further(
        demo: Extract, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(results, "current_audience", lambda: Audience.PUBLIC)
    view = View(reporting_year(2019), Filters(sex=("F",)))
    for by in DIMENSIONS:
        if by == "sex":
            continue
        frame = results.indicators(demo, view, by)
        assert frame["numerator"].drop_nulls().is_nan().all(), by
    codes = results.review_codes(demo, view)
    assert codes is not None and codes["reviews"].is_nan().all()


def test_the_public_results_refuse_combined_filters(demo: Extract,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(results, "current_audience", lambda: Audience.PUBLIC)
    for filters in (Filters(sex=("F", "M")), Filters(sex=("F",), age_band=("1 to 4",))):
        with pytest.raises(ValueError, match="one group of one characteristic"):
            results.indicators(demo, View(reporting_year(2019), filters))


def test_a_filtered_view_carries_its_groups_pattern(demo: Extract,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """2019-20: 109 children started care; disabled children are hidden, and so is the group
    that would give them away, in the breakdown and in their own filtered views alike."""
    monkeypatch.setattr(results, "current_audience", lambda: Audience.PUBLIC)
    year = reporting_year(2019)

    def starts(filters: Filters) -> float:
        frame = results.indicators(demo, View(year, filters))
        return frame.filter(pl.col("indicator_id") == "lac_starts")["numerator"][0]

    assert starts(Filters()) == 109
    hidden = [group for group in ("true", "false", "unknown")
              if math.isnan(starts(Filters(disability=(group,))))]
    assert hidden == ["true", "unknown"]
    table = results.indicators(demo, View(year), "disability").filter(
        pl.col("indicator_id") == "lac_starts")
    assert table.filter(pl.col("numerator").is_nan())["group"].to_list() == hidden
