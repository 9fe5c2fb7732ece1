"""Disproportionality worked by hand: rates per 10,000 children of each ethnic group, relative
rates against White children and their 95% limits by Katz's log method, a group with no
children, a group suppressed for the public (1 to 5 children) and a group with no population."""

import math

import pytest

from iro_metrics.indicators.stats import Z95, katz
from iro_metrics.present.disproportionality import (
    RELATIVE,
    chart_rows,
    finding,
    rates_table,
    relative_rates,
)
from iro_metrics.published.national import EnglandShares

NAN = float("nan")
POPULATIONS = {"White": 20_000, "Mixed": 1_500, "Asian or Asian British": 1_000,
               "Black or Black British": 400, "Other ethnic groups": 300}
# The public's counts: 3 children of other ethnic groups are suppressed (NaN) by the engine's
# disclosure control; nobody is Asian; 245 children in all (200 + 30 + 0 + 12 + 3).
COUNTS = {"White": 200.0, "Mixed": 30.0, "Asian or Asian British": 0.0,
          "Black or Black British": 12.0, "Other ethnic groups": NAN,
          "Refused or not obtained": 0.0}


def test_katz_limits_by_hand() -> None:
    # Mixed: 30 of 1,500 (200 per 10,000) against White 200 of 20,000 (100): RR 2.
    # SE of ln RR = sqrt(1/30 - 1/1500 + 1/200 - 1/20000) = sqrt(0.0376167) = 0.1939502;
    # limits 2·exp(∓1.959964 × 0.1939502) = 2 × 0.683769 = 1.367538 and 2 × 1.462483 = 2.924965.
    lower, upper = katz(30, 1500, 200, 20000, Z95) or (0, 0)
    assert (lower, upper) == (pytest.approx(1.367538, abs=1e-6), pytest.approx(2.924965, abs=1e-6))
    assert math.sqrt(1 / 30 - 1 / 1500 + 1 / 200 - 1 / 20000) == pytest.approx(0.1939502, abs=1e-7)
    assert katz(0, 1000, 200, 20000, Z95) is None


def test_relative_rates_by_hand() -> None:
    rates = relative_rates(COUNTS, 245.0, POPULATIONS)
    rows = {row["group"]: row for row in rates.iter_rows(named=True)}
    # White is the reference: 200 / 20,000 = 100 per 10,000, relative rate 1, no interval.
    assert (rows["White"]["rate"], rows["White"]["relative"]) == (100.0, 1.0)
    assert rows["White"]["lower"] is None and rows["White"]["upper"] is None
    assert rows["White"]["share"] == pytest.approx(100 * 200 / 245)
    # Black: 12 / 400 = 300 per 10,000, RR 3; SE sqrt(1/12 - 1/400 + 1/200 - 1/20000) =
    # 0.2928879: limits 3·exp(∓0.5740455) = 1.689719 and 5.326328.
    black = rows["Black or Black British"]
    assert (black["rate"], black["relative"]) == (pytest.approx(300.0), pytest.approx(3.0))
    assert black["lower"] == pytest.approx(1.689719, abs=1e-6)
    assert black["upper"] == pytest.approx(5.326328, abs=1e-6)
    # No Asian child: rate and relative rate 0, and no interval (the log of 0 has none).
    asian = rows["Asian or Asian British"]
    assert (asian["children"], asian["rate"], asian["relative"]) == (0.0, 0.0, 0.0)
    assert asian["lower"] is None and asian["upper"] is None
    # Suppressed for the public: everything worked out from the count is suppressed (NaN).
    other = rows["Other ethnic groups"]
    assert all(math.isnan(other[name]) for name in
               ("children", "share", "rate", "relative", "lower", "upper"))
    assert other["population"] == 300
    # No population for "refused or not obtained": no rate.
    refused = rows["Refused or not obtained"]
    assert refused["population"] is None and refused["rate"] is None


def test_table_chart_and_finding_as_shown() -> None:
    rates = relative_rates(COUNTS, 245.0, POPULATIONS)
    england = EnglandShares(2020, {"White": (74.0, None), "Refused or not obtained": (None, "k")})
    table = rates_table(rates, "Children looked after", england)
    assert table.columns == ["Ethnic group", "Children looked after", "Share (%)",
                             "England's share (%)", "Children aged 0 to 17",
                             "Per 10,000 children of the group", RELATIVE, "Lower 95% limit",
                             "Upper 95% limit"]
    assert table.row(0) == ("White", "200", "81.6", "74", "20,000", "100.0", "1.00", "x", "x")
    assert table.row(2) == ("Asian or Asian British", "0", "0.0", "x", "1,000", "0.0", "0.00",
                            "x", "x")
    assert table.row(3)[5:] == ("300.0", "3.00", "1.69", "5.33")
    assert table.row(4) == ("Other ethnic groups", "c", "c", "x", "300", "c", "c", "c", "c")
    assert table.row(5)[3:6] == ("k", "x", "x")
    assert rates_table(rates, "Children on a plan", None).columns[3] == "Children aged 0 to 17"
    bars = chart_rows(rates)
    assert bars["name"].to_list() == ["White", "Mixed", "Asian or Asian British",
                                      "Black or Black British", "Other ethnic groups"]
    assert bars["label"].to_list() == ["1.00", "2.00 (1.37 to 2.92)", "0.00",
                                       "3.00 (1.69 to 5.33)", "c"]
    assert finding(rates, "Children looked after") == (
        "Children looked after: Black or Black British children at 3.00 times the rate of "
        "White children (95% interval above 1)")
    level = relative_rates({"White": 200.0, "Mixed": 16.0}, 216.0, POPULATIONS)
    assert finding(level, "Children on a plan") == (
        "Children on a plan: no ethnic group's rate per 10,000 differs from White children's "
        "by more than chance (95% interval)")
