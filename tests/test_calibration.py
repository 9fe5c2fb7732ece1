"""The bundled demo authority reproduces the magnitudes of Darlington's published IRO annual
report (2015-16 to 2019-20), read through the same command line users run: counts within 5% or
3, whichever is larger; percentages within 2 percentage points."""

import csv
import io
from functools import cache

import pytest
from helpers import DEMO_DIR, run_cli

pytestmark = pytest.mark.slow  # the demo's every indicator for five years and their breakdowns


@cache
def indicators(period: str, by: str | None = None) -> dict[tuple[str, str], dict[str, str]]:
    """``python -m iro_metrics indicators`` on the demo data, keyed by (indicator, group)."""
    done = run_cli("indicators", "--data", str(DEMO_DIR), "--period", period,
                   *(("--by", by) if by else ()))
    assert done.returncode == 0, done.stderr
    return {(row["indicator_id"], row["group"]): row
            for row in csv.DictReader(io.StringIO(done.stdout))}


def value(indicator: str, period: str, group: str = "", by: str | None = None) -> float:
    return float(indicators(period, by)[(indicator, group)]["value"])


def share(indicator: str, period: str, by: str, group: str) -> float:
    """A group's share (%) of the headline count."""
    rows = indicators(period, by)
    total = sum(float(r["numerator"]) for (i, _), r in rows.items() if i == indicator)
    return 100 * float(rows[(indicator, group)]["numerator"]) / total


def assert_count(actual: float, expected: float) -> None:
    assert abs(actual - expected) <= max(0.05 * expected, 3), (actual, expected)


def assert_percent(actual: float, expected: float) -> None:
    assert abs(actual - expected) <= 2, (actual, expected)


YEARS = ("2015-16", "2016-17", "2017-18", "2018-19", "2019-20")


@pytest.mark.parametrize(("period", "expected"), zip(YEARS, (205, 219, 214, 264, 270),
                                                     strict=True))
def test_children_looked_after_on_31_march(period: str, expected: int) -> None:
    assert_count(value("lac_count", period), expected)


@pytest.mark.parametrize(("group", "expected"), [
    ("Under 1", 6), ("1 to 4", 19), ("5 to 9", 26), ("10 to 15", 37), ("16 and over", 12)])
def test_looked_after_age_profile_2020(group: str, expected: float) -> None:
    assert_percent(share("lac_count", "2019-20", "age_band", group), expected)


@pytest.mark.parametrize(("group", "expected"), [
    ("White", 90), ("Mixed", 4), ("Asian or Asian British", 3), ("Black or Black British", 2)])
def test_looked_after_ethnicity_2020(group: str, expected: float) -> None:
    assert_percent(share("lac_count", "2019-20", "ethnic_group", group), expected)


def test_looked_after_reviews() -> None:
    assert_count(value("lac_reviews_held", "2018-19"), 712)
    assert_count(value("lac_reviews_held", "2019-20"), 787)
    assert value("lac_reviews_timely", "2019-20") >= 99
    assert_count(value("lac_reviews_under4", "2019-20"), 196)
    participation = indicators("2019-20")[("lac_participation", "")]
    assert_count(float(participation["numerator"]), 563)
    assert_count(float(participation["denominator"]) - float(participation["numerator"]), 22)
    assert_percent(float(participation["value"]), 96)


@pytest.mark.parametrize(("period", "expected"), [("2018-19", 103), ("2019-20", 85)])
def test_children_on_a_plan_on_31_march(period: str, expected: int) -> None:
    assert_count(value("cp_count", period), expected)


@pytest.mark.parametrize(("period", "started", "ceased"), zip(
    YEARS, (171, 102, 138, 180, 155), (122, 166, 94, 192, 173), strict=True))
def test_plans_started_and_ceased(period: str, started: int, ceased: int) -> None:
    assert_count(value("cp_starts", period), started)
    assert_count(value("cp_ceased", period), ceased)


@pytest.mark.parametrize(("group", "expected"), [("NEG", 38), ("PHY", 8), ("SAB", 8), ("EMO", 45)])
def test_initial_category_on_31_march_2020(group: str, expected: float) -> None:
    assert_percent(share("cp_count", "2019-20", "initial_category", group), expected)


def test_child_protection_2019_20() -> None:
    assert_percent(value("cp_repeat", "2019-20"), 14.7)
    assert_percent(value("cp_ceased_2y_plus", "2019-20"), 0.6)
    assert_count(value("icpc_held", "2019-20"), 97)
    assert_percent(value("icpc_no_plan", "2019-20"), 16.6)
    assert_percent(value("icpc_timely", "2019-20"), 90)
    assert_count(value("rcpc_held", "2019-20"), 171)
    assert_percent(value("cp_reviews_timely", "2019-20"), 98)
    assert_percent(value("family_attendance_icpc", "2019-20"), 92)
    assert_percent(value("family_attendance_rcpc", "2019-20"), 89)


@pytest.mark.parametrize("period", YEARS[:4])
def test_family_attendance_in_earlier_years(period: str) -> None:
    assert 94 - 2 <= value("family_attendance_icpc", period) <= 97 + 2
    assert 89 - 2 <= value("family_attendance_rcpc", period) <= 94 + 2


def test_caseload_per_iro() -> None:
    assert_count(value("iro_caseload", "2019-20"), 68)
    assert_count(value("iro_caseload", "2018-19"), 71)
    assert float(indicators("2019-20")[("iro_caseload", "")]["denominator"]) == 5.2
