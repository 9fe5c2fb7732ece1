"""Breakdowns of a count by one dimension, ready to show: every group in the order of
``demographics`` (a group with no children is a real zero, not a gap) and each group's share of
the total. (``report_tables.breakdown`` lists only the groups the engine returned; this one is
for charts where an empty group must still show as 0.)"""

from typing import Any

import polars as pl

from iro_metrics.indicators.demographics import GROUP_ORDER

BREAKDOWN_SCHEMA = {"group": pl.String, "count": pl.Float64, "share": pl.Float64}


def every_group(rows: pl.DataFrame, dimension: str, shown: tuple[str, ...] = ()) -> pl.DataFrame:
    """One indicator's engine rows broken down by ``dimension`` (columns ``group`` and
    ``numerator``) as group, count and share (% of the total; empty when the total is 0).

    Every group of the dimension is listed, in its order, with 0 for groups the engine left out;
    when the view is filtered on this dimension, ``shown`` holds the groups kept and only those are
    listed.
    """
    found = {row["group"]: row["numerator"] for row in rows.iter_rows(named=True)}
    groups = [group for group in GROUP_ORDER[dimension] if not shown or group in shown]
    counts = [found.get(group) or 0.0 for group in groups]
    total = sum(counts)
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
