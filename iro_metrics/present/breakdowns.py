"""Breakdowns of a count by one dimension, ready to show: every group in the order of
``demographics`` (a group with no children is a real zero, not a gap), each group's share of
the total, the label beside its bar and the table of its figures as shown.
(``report_tables.breakdown`` lists only the groups the engine returned; ``every_group`` is for
charts where an empty group must still show as 0.)"""

from typing import Any

import polars as pl

from iro_metrics.indicators.demographics import GROUP_ORDER
from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present.formatting import format_number, format_numbers, format_value, present
from iro_metrics.present.report_tables import LOWER, UPPER, whole

BREAKDOWN_SCHEMA = {"group": pl.String, "count": pl.Float64, "share": pl.Float64}


def every_group(rows: pl.DataFrame, dimension: str, shown: tuple[str, ...] = (),
                headline: float | None = None) -> pl.DataFrame:
    """One indicator's engine rows broken down by ``dimension`` (columns ``group`` and
    ``numerator``) as group, count and share (% of ``report_tables.whole``, the headline when
    known; empty when the total is 0).

    Every group of the dimension is listed, in its order, with 0 for groups the engine left out;
    when the view is filtered on this dimension, ``shown`` holds the groups kept and only those are
    listed.
    """
    found = {row["group"]: row["numerator"] for row in rows.iter_rows(named=True)}
    groups = [group for group in GROUP_ORDER[dimension] if not shown or group in shown]
    counts = [found.get(group) or 0.0 for group in groups]
    total = whole(counts, headline)
    shares = [100.0 * count / total if total else None for count in counts]
    return pl.DataFrame({"group": groups, "count": counts, "share": shares},
                        schema=BREAKDOWN_SCHEMA)


def largest(table: pl.DataFrame, column: str = "count") -> dict[str, Any] | None:
    """The row with the largest known ``column`` (the first in order on a tie), or None when
    every count is 0 or suppressed: a figure hidden by disclosure control (NaN) is never named
    the largest."""
    known = table.with_row_index("_at").filter(pl.col(column).is_not_null(),
                                                ~pl.col(column).cast(pl.Float64).is_nan())
    at = known[column].arg_max()
    if at is None or known[column].max() == 0:
        return None
    return table.row(int(known["_at"][at]), named=True)


def named_groups(frame: pl.DataFrame, indicator_id: str, dimension: str,
                 shown: tuple[str, ...] = (), names: dict[str, str] | None = None,
                 headline: float | None = None) -> pl.DataFrame:
    """``every_group`` of one indicator's rows of ``frame`` (``compute`` broken down by
    ``dimension``), with each group's ``name`` (from ``names``, else the group itself) and the
    ``label`` beside its bar: ``12 (25.0%)``."""
    table = every_group(frame.filter(pl.col("indicator_id") == indicator_id), dimension, shown,
                        headline)
    label = pl.format("{} ({}%)", format_numbers(table["count"]),
                      format_numbers(table["share"], 1))
    group = pl.col("group")
    return table.with_columns(name=group.replace_strict(names, default=group) if names else group,
                              label=label)


def share_table(table: pl.DataFrame, heading: str, counted: str, share: str) -> pl.DataFrame:
    """A breakdown as shown: each group's ``name`` under ``heading``, its count under
    ``counted`` and its share (%) under ``share``."""
    return present(table.select(pl.col("name").alias(heading), pl.col("count").alias(counted),
                                pl.col("share").alias(share)), {counted: 0, share: 1})


def with_rates(shown: pl.DataFrame, frame: pl.DataFrame, groups: pl.Series, indicator_id: str,
               heading: str) -> pl.DataFrame:
    """``shown`` (one row per group of ``groups``) with each group's rate under ``heading``: the
    value of ``indicator_id`` in ``frame`` (``compute`` broken down), as shown; unchanged when
    ``frame`` has no rate."""
    rates = {row["group"]: row["value"] for row in frame.filter(
        pl.col("indicator_id") == indicator_id).iter_rows(named=True)}
    if not rates:
        return shown
    indicator = BY_ID[indicator_id]
    return shown.with_columns(pl.Series(heading, [format_value(rates.get(group), indicator)
                                                  for group in groups], dtype=pl.String))


def group_counts(table: pl.DataFrame, count: str = "count") -> str:
    """``Under 1 12; 1 to 4 30``: each group's ``name`` and ``count`` as shown, for the text
    alternative of a chart."""
    return "; ".join(f"{name} {format_number(figure)}"
                     for name, figure in zip(table["name"], table[count], strict=True))


def known_range(figures: pl.Series) -> tuple[float | None, float | None]:
    """The smallest and largest of ``figures`` leaving out those suppressed (NaN)."""
    known = figures.cast(pl.Float64).fill_nan(None).drop_nulls().sort()
    return (known[0], known[-1]) if known.len() else (None, None)


def group_shares(frame: pl.DataFrame, indicator_id: str,
                 names: dict[str, str] | None = None) -> pl.DataFrame:
    """One percentage's rows of ``frame`` (``compute`` broken down by one dimension), in the
    engine's group order, for a bar chart with confidence intervals: group, name (``names`` or
    the group), value, numerator, denominator, lower_95, upper_95, the value as ``shown``
    (``93.0%``, ``c`` when suppressed) and the bar's ``label`` (``93.0% (40 of 43)``). Groups
    with nobody in the denominator are left out: they have no percentage."""
    indicator = BY_ID[indicator_id]
    rows = frame.filter(pl.col("indicator_id") == indicator_id, pl.col("denominator") != 0)
    shown = [format_value(value, indicator) for value in rows["value"]]
    labels = [text if value is None or value != value else
              f"{text} ({format_number(counted)} of {format_number(total)})"
              for text, value, counted, total in zip(shown, rows["value"], rows["numerator"],
                                                     rows["denominator"], strict=True)]
    group = pl.col("group")
    return rows.select(
        "group", name=group.replace_strict(names, default=group) if names else group,
        value="value", numerator="numerator", denominator="denominator", lower_95="lower_95",
        upper_95="upper_95").with_columns(pl.Series("shown", shown, dtype=pl.String),
                                          pl.Series("label", labels, dtype=pl.String))


def group_share_table(groups: pl.DataFrame, heading: str, value: str, numerator: str,
                      denominator: str, decimals: int = 1) -> pl.DataFrame:
    """``group_shares`` as shown: each group's name under ``heading``, the percentage, numbers
    counted and 95% confidence limits (the headings of ``report_tables.proportion_table``)."""
    return present(groups.select(
        pl.col("name").alias(heading), pl.col("value").alias(value),
        pl.col("numerator").alias(numerator), pl.col("denominator").alias(denominator),
        pl.col("lower_95").alias(LOWER), pl.col("upper_95").alias(UPPER)),
        {value: decimals, numerator: 0, denominator: 0, LOWER: decimals, UPPER: decimals})
