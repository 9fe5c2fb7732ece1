"""Statistical disclosure control for the public view, following the DfE convention (counts from 1
to 5 suppressed, and any figure derived from them) and made safe against differencing across the
views the public can reach (``docs/disclosure.md`` sets out the method and why it holds).

- **Primary:** a cell is hidden when a count in it is 1 to 5.
- **Families:** indicators counted from the same units (``Indicator.family``: reviews held, on
  time, taking part, under 4 ...) are hidden together for a group, since one is the sum or
  difference of others.
- **Secondary:** within each breakdown table (one period, one family, the groups of one
  dimension, adding up to a shown total), hiding goes on, smallest cell first, until at least two
  cells are hidden and the hidden cells are not all ones (a hidden cell is never 0, so hidden
  cells totalling their own number would each be 1).
- **Small totals:** a headline no larger than the groups of one of its breakdowns (say 7 children
  over 9 categories of need) is hidden too: it could be one child in each group.
- Every count of people (children, carers, respondents, attendees) is treated alike; counts of
  sessions (``Indicator.counts_people`` false) are not counts of people and are shown as they are.
- True zeros stay 0. Filtered public views are cells of these tables (``public_view``), so every
  view the public can open carries the same pattern.

A suppressed figure becomes NaN (``SUPPRESSED``), shown as ``c`` by ``iro_metrics.present.formatting``; a
figure that does not exist stays null (``x``). NaN also spreads through anything derived from it.
"""

import math
from collections.abc import Collection
from enum import StrEnum

import polars as pl

from iro_metrics.indicators.demographics import GROUP_ORDER
from iro_metrics.indicators.registry import INDICATORS, Indicator

SMALLEST_SHOWN = 6
SUPPRESSED = math.nan
LIMITS = ("lower_95", "upper_95", "lower_998", "upper_998")
FIGURES = ("numerator", "denominator", "value", *LIMITS)



def smallest_total(indicator: Indicator) -> int:
    """The smallest headline count shown for an indicator: 6, or one more than the groups of its
    largest breakdown, since a total no larger than that could be one child in each group, and
    a breakdown hiding them all would then give every one away."""
    return max([SMALLEST_SHOWN, *(len(GROUP_ORDER[name]) + 1 for name in indicator.dimensions)])


_FAMILY = pl.DataFrame({
    "indicator_id": [i.id for i in INDICATORS],
    "_family": [i.family for i in INDICATORS],
    "_units_denominator": [i.denominator_is_units for i in INDICATORS],
    "_complement": [i.complement_shown for i in INDICATORS],
    "_within": pl.Series([i.numerator_within for i in INDICATORS], dtype=pl.String),
    "_smallest_total": [smallest_total(i) for i in INDICATORS],
    "_people": [i.counts_people for i in INDICATORS],
})


def families_of(indicator_ids: Collection[str]) -> tuple[str, ...]:
    """Every indicator of the families of ``indicator_ids``, in registry order. A family is
    protected together (one member's small count hides the rest, and a numerator within
    another's is judged by the difference), so some of its indicators may be shown only as the
    whole family's protection leaves them: computed alone, a member could be shown on one page
    and hidden on another, and the two together would give the hidden count away."""
    families = {indicator.family for indicator in INDICATORS if indicator.id in indicator_ids}
    return tuple(indicator.id for indicator in INDICATORS if indicator.family in families)


class Audience(StrEnum):
    """Who is looking: the public scrutiny view, or a signed-in manager who sees exact figures."""

    PUBLIC = "public"
    MANAGER = "manager"


def is_small(figure: pl.Expr, smallest: pl.Expr | int = SMALLEST_SHOWN) -> pl.Expr:
    """Counts from 1 to 5, or below ``smallest`` (never 0, never a missing figure)."""
    return figure.is_not_null() & figure.is_not_nan() & (figure >= 1) & (figure < smallest)


def headline_smallest(indicator_id: pl.Expr) -> pl.Expr:
    """``smallest_total`` of each row's indicator, for counts shown as headlines outside the
    engine's results (the monthly series)."""
    return indicator_id.replace_strict(_FAMILY["indicator_id"], _FAMILY["_smallest_total"],
                                       default=SMALLEST_SHOWN)


def _hide(figure: pl.Expr, hidden: pl.Expr) -> pl.Expr:
    """The figure, or SUPPRESSED where hidden (a missing figure stays missing)."""
    return (pl.when(hidden & figure.is_not_null()).then(pl.lit(SUPPRESSED))
            .otherwise(figure.cast(pl.Float64)))


def secondary(frame: pl.DataFrame, table: list[str], size: str,
              group: str = "group") -> pl.DataFrame:
    """Complete the boolean ``hidden`` column so that no hidden cell of a table can be worked out
    from the table's total: within each ``table`` of more than one ``group``, while exactly one
    cell is hidden, or the hidden cells' ``size`` adds up to no more than their number, the
    smallest shown cell above zero is hidden too. The headline row (group "") is never part of
    a table."""
    in_table = pl.col(group) != ""
    for _ in range(frame.height + 1):
        hidden = pl.col("hidden") & in_table
        candidates = ~pl.col("hidden") & in_table & pl.col(size).is_not_null() & (
            pl.col(size) > 0)
        count = hidden.sum().over(table)
        exposed = (count == 1) | ((count > 1) & (
            pl.col(size).filter(hidden).sum().over(table) <= count))
        smallest = pl.col(size).filter(candidates).min().over(table)
        grown = frame.with_columns(hidden=pl.col("hidden") | (
            exposed & (pl.col(group).filter(in_table).n_unique().over(table) > 1)
            & candidates & (pl.col(size) == smallest)))
        if grown["hidden"].sum() == frame["hidden"].sum():
            return grown
        frame = grown
    return frame


def _period_key(frame: pl.DataFrame) -> list[str]:
    return ["period_start"] if "period_start" in frame.columns else []


def protect_indicators(frame: pl.DataFrame, group: str = "group") -> pl.DataFrame:
    """Suppress an engine result frame (``iro_metrics.indicators.engine.compute``, one row per
    indicator, or per indicator and group of one breakdown) for the public.

    A cell is one family's figures for one group and period. It is hidden when any numerator, or
    any denominator counting the units themselves, is 1 to 5, or, for an indicator whose
    complement is shown elsewhere as a count (reviews where a child aged 4 or over did not take
    part, PN7), when the denominator less the numerator is, or, for an indicator whose numerator
    lies within another's (views conveyed within taking part), when the difference is (PN4:
    came but conveyed no view); then secondary suppression runs per family and period. Hidden
    rows lose numerator, value and limits, and their denominator unless it is not a count of the
    units (population, staff). Counts of sessions (``Indicator.counts_people`` false: training
    delivered, panels, audits) are not counts of people and are never hidden.
    """
    periods = _period_key(frame)
    cell = [*periods, "_family", group]
    units_denominator = pl.col("_units_denominator")
    people = pl.col("_people")
    small = people & (
        is_small(pl.col("numerator"))
        | (units_denominator & is_small(pl.col("denominator")))
        | (pl.col("_complement") & is_small(pl.col("denominator") - pl.col("numerator")))
        | is_small(pl.col("_outer") - pl.col("numerator")))
    size = pl.when(people).then(pl.max_horizontal(
        pl.col("numerator"), pl.when(units_denominator).then(pl.col("denominator")))).otherwise(0)
    marked = (frame.join(_FAMILY, on="indicator_id", how="left", maintain_order="left")
              .with_columns(pl.col("_family").fill_null(pl.col("indicator_id")),
                            pl.col("_units_denominator", "_complement").fill_null(False),
                            pl.col("_people").fill_null(True),
                            pl.col("_smallest_total").fill_null(SMALLEST_SHOWN)))
    outer = marked.select(*periods, group, _within=pl.col("indicator_id"),
                          _outer=pl.col("numerator"))
    marked = marked.join(outer, on=[*periods, group, "_within"], how="left",
                         maintain_order="left", nulls_equal=False)
    cells = marked.group_by(cell, maintain_order=True).agg(
        hidden=small.fill_null(False).any(), _size=size.max(),
        _smallest=pl.col("_smallest_total").max()).with_columns(
        hidden=pl.col("hidden") | ((pl.col(group) == "") & (pl.col("_size") >= 1)
                                   & (pl.col("_size") < pl.col("_smallest")))).drop("_smallest")
    cells = secondary(cells, [*periods, "_family"], "_size", group).drop("_size")
    marked = marked.join(cells, on=cell, how="left", maintain_order="left", nulls_equal=True)
    return marked.with_columns(
        _hide(pl.col(name), pl.col("hidden")).alias(name)
        for name in ("numerator", "value", *[c for c in LIMITS if c in frame.columns])
    ).with_columns(
        denominator=_hide(pl.col("denominator"), pl.col("hidden") & units_denominator)
    ).select(frame.columns)


def public_view(filtered: pl.DataFrame, table: pl.DataFrame, group: str) -> pl.DataFrame:
    """A public view filtered to one ``group`` of a dimension (``filtered``, the engine's exact
    result for it) with the suppression pattern that group has in the protected breakdown
    ``table`` by that dimension, so the view shows nothing the table hides."""
    hidden = table.filter((pl.col("group") == group) & pl.col("numerator").is_nan()).select(
        "indicator_id", hidden=pl.lit(True))
    marked = filtered.join(hidden, on="indicator_id", how="left", maintain_order="left")
    return marked.with_columns(
        _hide(pl.col(name), pl.col("hidden").fill_null(False)).alias(name)
        for name in FIGURES if name in filtered.columns).select(filtered.columns)


def hide_all(frame: pl.DataFrame, figures: tuple[str, ...]) -> pl.DataFrame:
    """Every non-missing figure in ``figures`` suppressed: for views the public may not combine
    (a filtered view broken down by another dimension would be a cross-table)."""
    return frame.with_columns(_hide(pl.col(name), pl.lit(True)).alias(name)
                              for name in figures if name in frame.columns)


def protect_counts(frame: pl.DataFrame, counts: tuple[str, ...],
                   table: tuple[str, ...] = (), group: str | None = None,
                   shares: tuple[str, ...] = (),
                   smallest: pl.Expr | int = SMALLEST_SHOWN) -> pl.DataFrame:
    """Suppress count columns of a table for the public: each count of 1–5 (or below
    ``smallest``) is hidden; when ``group`` names the breakdown column (with ``table`` the
    columns that identify one breakdown), secondary suppression applies per count column;
    ``shares`` (percentages of the breakdown's total) are hidden with their row's count."""
    out = frame
    for name in counts:
        marked = out.with_columns(hidden=is_small(pl.col(name), smallest).fill_null(False))
        if group is not None:
            marked = secondary(marked.with_columns(_table=pl.lit(0)), [*table, "_table"], name,
                               group).drop("_table")
        out = marked.with_columns(
            _hide(pl.col(name), pl.col("hidden")).alias(name),
            *[_hide(pl.col(share), pl.col("hidden")).alias(share) for share in shares
              if share in marked.columns],
        ).drop("hidden")
    return out


def protect_count(count: float | None) -> float | None:
    """One count standing alone: SUPPRESSED when it is 1 to 5, otherwise unchanged."""
    if count is None or count != count:
        return count
    return SUPPRESSED if 1 <= count < SMALLEST_SHOWN else count
