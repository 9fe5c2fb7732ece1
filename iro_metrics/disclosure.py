"""Statistical disclosure control for the public view, following the DfE convention: counts from
1 to 5 are suppressed, and so is any percentage or rate whose numerator or denominator is 1 to
5; a breakdown with one suppressed cell loses the next smallest too, so the hidden one cannot be
recovered from the total; true zeros stay 0.

A suppressed figure becomes NaN (``SUPPRESSED``), which ``iro_metrics.formatting`` shows as
``c``; a figure that does not exist stays null (``x``). NaN also spreads through any sum or share
a page derives from a suppressed figure, so derived figures stay hidden.
"""

import math
from enum import StrEnum

import polars as pl

SMALLEST_SHOWN = 6
SUPPRESSED = math.nan


class Audience(StrEnum):
    """Who is looking: the public scrutiny view, or a signed-in manager who sees exact figures."""

    PUBLIC = "public"
    MANAGER = "manager"


def is_small(figure: pl.Expr) -> pl.Expr:
    """Counts from 1 to 5 (never 0, never a missing figure)."""
    return figure.is_not_null() & figure.is_not_nan() & (figure >= 1) & (figure < SMALLEST_SHOWN)


def _hide(figure: pl.Expr, hidden: pl.Expr) -> pl.Expr:
    """The figure, or SUPPRESSED where hidden (a missing figure stays missing)."""
    return (pl.when(hidden & figure.is_not_null()).then(pl.lit(SUPPRESSED))
            .otherwise(figure.cast(pl.Float64)))


def protect_indicators(frame: pl.DataFrame, group: str = "group",
                       limits: tuple[str, ...] = ("lower_95", "upper_95", "lower_998",
                                                  "upper_998")) -> pl.DataFrame:
    """Suppress an engine result frame (``iro_metrics.engine.compute``) for the public.

    Primary: a row whose numerator is 1–5, or whose denominator is a count of 1–5, loses its
    numerator, denominator, value and limits (the IRO caseload's denominator is staff, not
    children, so only its numerator counts). Secondary, within each indicator's breakdown: while
    exactly one group is hidden, the other group with the smallest non-zero denominator (or count,
    for a count) is hidden too.
    """
    staff_denominator = pl.col("indicator_id") == "iro_caseload"
    primary = is_small(pl.col("numerator")) | (~staff_denominator & is_small(pl.col("denominator")))
    # A cell's size for secondary suppression: its denominator where it has one (both its
    # numerator and denominator add up to the headline's), else its count.
    size = pl.when(staff_denominator).then(pl.col("numerator")).otherwise(
        pl.coalesce("denominator", "numerator"))
    marked = frame.with_columns(hidden=primary.fill_null(False), _size=size)
    marked = secondary(marked, "indicator_id", "_size", group).drop("_size")
    protected = marked.with_columns(
        _hide(pl.col(name), pl.col("hidden")).alias(name)
        for name in ("numerator", "value", *[c for c in limits if c in frame.columns]))
    return protected.with_columns(
        denominator=_hide(pl.col("denominator"), pl.col("hidden") & ~staff_denominator)
    ).drop("hidden")


def secondary(frame: pl.DataFrame, table: str | list[str], count: str,
              group: str = "group") -> pl.DataFrame:
    """Add secondary suppression to the boolean ``hidden`` column: within each ``table`` with
    more than one ``group``, while exactly one cell is hidden, also hide the smallest other
    cell above zero (so the hidden cell cannot be recovered from the total)."""
    keys = [table] if isinstance(table, str) else table
    for _ in range(3):
        candidates = ~pl.col("hidden") & pl.col(count).is_not_null() & (pl.col(count) > 0)
        smallest = pl.col(count).filter(candidates).min().over(keys)
        lonely = ((pl.col("hidden").sum().over(keys) == 1)
                  & (pl.col(group).n_unique().over(keys) > 1) & (pl.col(group) != ""))
        frame = frame.with_columns(
            hidden=pl.col("hidden") | (lonely & candidates & (pl.col(count) == smallest)))
    return frame


def protect_counts(frame: pl.DataFrame, counts: tuple[str, ...],
                   table: tuple[str, ...] = (), group: str | None = None,
                   shares: tuple[str, ...] = ()) -> pl.DataFrame:
    """Suppress count columns of a table for the public: each count of 1–5 is hidden; when
    ``group`` names the breakdown column (with ``table`` the columns that identify one
    breakdown), secondary suppression applies per count column; ``shares`` (percentages of the
    breakdown's total) are hidden with their row's count."""
    out = frame
    for name in counts:
        marked = out.with_columns(hidden=is_small(pl.col(name)).fill_null(False))
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
