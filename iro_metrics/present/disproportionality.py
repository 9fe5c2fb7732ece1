"""Disproportionality: for each ethnic group, its share of the children counted (looked after, or
on a plan) beside England's published share, and, when the extract's population table gives each
group's children aged 0–17 (contract v1.1), the children counted per 10,000 children of the group
and the relative rate against White children with its 95% confidence interval by Katz's log
method (``stats.katz``: ln RR ± 1.96·√(1/a − 1/n₁ + 1/b − 1/n₀)).

The counts come from the engine's breakdown by ethnic group as the audience may see it: for the
public a group of 1 to 5 children (and any group hidden with it) is suppressed, and everything
worked out from a suppressed count, its share, rate and relative rate, is suppressed too (shown
``c``). A group with no children has a rate of 0 and a relative rate of 0 with no interval (the
log method has none at zero); "Refused or not obtained" has no population, so no rate.
"""

from typing import NamedTuple

import polars as pl

from iro_metrics.indicators.demographics import ETHNIC_GROUPS
from iro_metrics.indicators.stats import PER_10000, Z95, katz
from iro_metrics.present.formatting import format_number
from iro_metrics.published.national import EnglandShares

REFERENCE = "White"
SUPPRESSED = float("nan")
COLUMNS = {"group": pl.String, "children": pl.Float64, "share": pl.Float64,
           "population": pl.Float64, "rate": pl.Float64, "relative": pl.Float64,
           "lower": pl.Float64, "upper": pl.Float64}


def _hidden(value: float | None) -> bool:
    return value is not None and value != value


def relative_rates(counts: dict[str, float | None], total: float | None,
                   populations: dict[str, int] | None) -> pl.DataFrame:
    """One row per ethnic group in the order of indicators.md: children counted (``counts``,
    NaN when suppressed), share of the ``total`` counted (%), the group's children aged 0–17,
    the rate per 10,000, and the relative rate against White children with its Katz 95% limits
    (White itself is the reference: 1, no interval). Figures that cannot exist are null (no
    population, no interval at zero); figures worked out from a suppressed count are NaN."""
    shown = {group: SUPPRESSED if _hidden(counts.get(group)) else counts.get(group) or 0.0
             for group in ETHNIC_GROUPS}
    white, white_population = shown[REFERENCE], (populations or {}).get(REFERENCE)
    rows = []
    for group in ETHNIC_GROUPS:
        children = shown[group]
        population = (populations or {}).get(group)
        rate = relative = lower = upper = None
        if population:
            rate = PER_10000 * children / population
            if white_population and white:
                relative = rate / (PER_10000 * white / white_population)
                limits = None if _hidden(relative) or group == REFERENCE else katz(
                    round(children), population, round(white), white_population, Z95)
                lower, upper = limits or ((SUPPRESSED,) * 2 if _hidden(relative) else (None,) * 2)
        rows.append({"group": group, "children": children,
                     "share": 100 * children / total if total else None,
                     "population": population, "rate": rate, "relative": relative,
                     "lower": lower, "upper": upper})
    return pl.DataFrame(rows, schema=COLUMNS)


SHARE = "Share (%)"
ENGLAND_SHARE = "England's share (%)"
POPULATION = "Children aged 0 to 17"
RATE = "Per 10,000 children of the group"
RELATIVE = "Relative rate (White = 1)"
LOWER, UPPER = "Lower 95% limit", "Upper 95% limit"


def rates_table(rates: pl.DataFrame, counted: str, england: EnglandShares | None) -> pl.DataFrame:
    """``relative_rates`` as shown: each figure formatted once (``c`` suppressed, ``x`` not
    available), with England's published share beside ours when ``england`` is given."""
    out: dict[str, list[str]] = {
        "Ethnic group": rates["group"].to_list(),
        counted: [format_number(v) for v in rates["children"].to_list()],
        SHARE: [format_number(v, 1) for v in rates["share"].to_list()],
    }
    if england is not None:
        out[ENGLAND_SHARE] = [england.shown(group) for group in rates["group"].to_list()]
    out |= {
        POPULATION: [format_number(v) for v in rates["population"].to_list()],
        RATE: [format_number(v, 1) for v in rates["rate"].to_list()],
        RELATIVE: [format_number(v, 2) for v in rates["relative"].to_list()],
        LOWER: [format_number(v, 2) for v in rates["lower"].to_list()],
        UPPER: [format_number(v, 2) for v in rates["upper"].to_list()],
    }
    return pl.DataFrame(out, schema=dict.fromkeys(out, pl.String))


def chart_rows(rates: pl.DataFrame) -> pl.DataFrame:
    """The groups with a relative rate, for a bar chart with whiskers: name, value, label
    (``2.31 (1.60 to 3.34)``, ``c`` when suppressed), lower and upper."""
    rows = rates.filter(pl.col("relative").is_not_null())
    labels = []
    for value, lower, upper in rows.select("relative", "lower", "upper").iter_rows():
        text = format_number(value, 2)
        if lower is not None and not _hidden(lower):
            text += f" ({format_number(lower, 2)} to {format_number(upper, 2)})"
        labels.append(text)
    return rows.select(name="group", value="relative", lower="lower", upper="upper").with_columns(
        pl.Series("label", labels, dtype=pl.String))


def finding(rates: pl.DataFrame, counted: str) -> str:
    """The title: the group with the highest relative rate whose interval lies above 1, or
    that no group's rate differs from White children's beyond chance."""
    above = rates.filter(pl.col("lower").is_not_nan() & (pl.col("lower") > 1)).sort(
        "relative", descending=True)
    if above.is_empty():
        return (f"{counted}: no ethnic group's rate per 10,000 differs from White children's by "
                "more than chance (95% interval)")
    top = above.row(0, named=True)
    return (f"{counted}: {top['group']} children at {format_number(top['relative'], 2)} times "
            "the rate of White children (95% interval above 1)")


NO_POPULATION = ("Rates per 10,000 children of each ethnic group need the children aged 0 to 17 "
                 "of each group, which this extract's population table does not give (the "
                 "optional ethnic_group column of extract contract v1.1).")
FILTERED = ("Rates by ethnic group are shown for all children only: set the filters back to All "
            "to see them.")
METHOD = ("Relative rate: the group's rate per 10,000 children of the group divided by White "
          "children's; 95% interval by Katz's log method. A group with no children has no "
          "interval; c marks a figure suppressed to protect children's privacy.")


class Disproportion(NamedTuple):
    """The disproportionality figure: finding, subtitle, chart rows, table and text
    alternative."""

    title: str
    subtitle: str
    bars: pl.DataFrame
    table: pl.DataFrame
    description: str


def disproportion(by_group: pl.DataFrame, headline: pl.DataFrame, indicator_id: str,
                  counted: str, populations: tuple[int, dict[str, int]],
                  england: EnglandShares | None, name: str, snapshot: str) -> Disproportion:
    """The figure for one count (``indicator_id``; ``by_group`` and ``headline`` are the
    engine's results as the audience sees them, by ethnic group and for all children) on
    ``snapshot``, against each group's children aged 0–17 of mid-year ``populations[0]``."""
    rows = by_group.filter(pl.col("indicator_id") == indicator_id)
    counts = dict(zip(rows["group"].to_list(), rows["numerator"].to_list(), strict=True))
    total = headline.filter(pl.col("indicator_id") == indicator_id)["numerator"]
    mid_year, children = populations
    rates = relative_rates(counts, total[0] if total.len() else None, children)
    return Disproportion(
        finding(rates, counted),
        f"{counted} per 10,000 children aged 0 to 17 of each ethnic group and the relative "
        f"rate against White children, {name}, {snapshot} (population: mid-{mid_year}"
        " estimates by ethnic group from the extract)",
        chart_rows(rates), rates_table(rates, counted, england),
        f"Horizontal bar chart of the relative rate of {counted.lower()} per 10,000 children "
        f"of each ethnic group against White children (1) on {snapshot}, each bar labelled with "
        "its rate and 95% interval, black whiskers showing the interval.")
