"""Children on a plan by ethnic group on the Child protection page and in the annual report:
per 10,000 children of each group from the demo's population by ethnic group, the relative rate
against White children with Katz's 95% limits worked out here, and, for the public, a group of
1 to 5 children suppressed with everything worked out from it."""

import math

import pytest
from helpers import OpenPage, table_rows

from iro_metrics.contract.extract import Extract
from iro_metrics.indicators.engine import compute
from iro_metrics.indicators.periods import reporting_year
from iro_metrics.present.formatting import format_number

RELATIVE = "Relative rate (White = 1)"


def _children_and_rates(demo: Extract) -> tuple[dict[str, float], dict[str, int],
                                                 dict[str, float]]:
    """Children on a plan on 31 March 2020 by ethnic group (the engine), the groups' children
    aged 0 to 17 in mid-2019 (the demo's population file) and the rates per 10,000."""
    rows = compute(demo, reporting_year(2019), by="ethnic_group").filter(
        indicator_id="cp_count")
    counts = dict(zip(rows["group"].to_list(), rows["numerator"].to_list(), strict=True))
    assert demo.population is not None
    children = dict(demo.population.filter(mid_year=2019).drop_nulls("ethnic_group")
                    .select("ethnic_group", "population").iter_rows())
    return counts, children, {g: 10_000 * counts.get(g, 0) / children[g] for g in children}


def _katz(a: float, n1: int, b: float, n0: int) -> tuple[float, float]:
    relative = (a / n1) / (b / n0)
    spread = 1.959964 * math.sqrt(1 / a - 1 / n1 + 1 / b - 1 / n0)
    return relative * math.exp(-spread), relative * math.exp(spread)


def test_rates_by_ethnic_group_for_managers(open_page: OpenPage, demo: Extract) -> None:
    counts, children, rate = _children_and_rates(demo)
    at = open_page("child_protection", query={"year": "2019-20"})
    assert not at.exception, [e.value for e in at.exception]
    assert "Rates by ethnic group (disproportionality)" in [h.value for h in at.header]
    shown = {row["Ethnic group"]: row for row in table_rows(at, RELATIVE)}
    for group, value in rate.items():
        row = shown[group]
        assert row["Children on a plan"] == format_number(counts.get(group, 0))
        assert row["Per 10,000 children of the group"] == format_number(value, 1)
        assert row[RELATIVE] == format_number(value / rate["White"], 2)
    mixed = counts["Mixed"]
    assert mixed > 0
    lower, upper = _katz(mixed, children["Mixed"], counts["White"], children["White"])
    assert (shown["Mixed"]["Lower 95% limit"], shown["Mixed"]["Upper 95% limit"]) == (
        format_number(lower, 2), format_number(upper, 2))
    # No England column: England's children on a plan by ethnic group are not in the files.
    assert "England's share (%)" not in shown["White"]


def test_rates_by_ethnic_group_suppressed_for_the_public(open_page: OpenPage,
                                                         demo: Extract) -> None:
    counts, _, _ = _children_and_rates(demo)
    small = [g for g, count in counts.items() if 1 <= count <= 5]
    assert small, "the demo has an ethnic group of 1 to 5 children on a plan on 31 March 2020"
    at = open_page("child_protection", query={"year": "2019-20"}, audience="public")
    assert not at.exception, [e.value for e in at.exception]
    shown = {row["Ethnic group"]: row for row in table_rows(at, RELATIVE)}
    for group in small:
        assert {shown[group][column] for column in (
            "Children on a plan", "Share (%)", "Per 10,000 children of the group", RELATIVE,
            "Lower 95% limit", "Upper 95% limit")} == {"c"}, group


@pytest.mark.parametrize("audience", ["manager", "public"])
def test_a_filtered_view_says_why_there_are_no_rates(open_page: OpenPage, audience: str) -> None:
    at = open_page("child_protection", query={"year": "2019-20", "sex": "Girls"},
                   audience=audience)
    assert not at.exception, [e.value for e in at.exception]
    assert ("Rates by ethnic group are shown for all children only: set the filters back to All "
            "to see them.") in [i.value for i in at.info]
    assert not [frame for frame in at.table if RELATIVE in frame.value.columns]
