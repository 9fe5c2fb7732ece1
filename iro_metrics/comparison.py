"""How a local figure compares with published ones, by the Fingertips method: the benchmark is
"similar" when it lies inside the local 95% confidence interval, otherwise the local value is
higher or lower, which polarity turns into better or worse. Used by every page that compares."""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from iro_metrics.benchmarks import BENCHMARKS_FILE, ENGLAND, REFERENCE_DIR
from iro_metrics.registry import Polarity

METHOD = ("Compared using the local 95% confidence interval (Fingertips method): similar when "
          "the comparator lies inside it.")


@dataclass(frozen=True)
class Comparison:
    """The verdict on a local value against one comparator."""

    direction: str  # "Higher", "Lower" or "Similar"
    judgement: str  # "Better", "Worse", "Similar" or, without polarity, the direction


def compare(lower_95: float | None, upper_95: float | None, benchmark: float | None,
            polarity: Polarity) -> Comparison | None:
    """Fingertips comparison of a local interval with a benchmark value (None when either is
    missing)."""
    if lower_95 is None or upper_95 is None or benchmark is None:
        return None
    if lower_95 <= benchmark <= upper_95:
        return Comparison("Similar", "Similar")
    direction = "Higher" if lower_95 > benchmark else "Lower"
    if polarity is Polarity.NONE:
        return Comparison(direction, direction)
    good = (direction == "Higher") == (polarity is Polarity.HIGH)
    return Comparison(direction, "Better" if good else "Worse")


def load_benchmarks(path: Path = BENCHMARKS_FILE) -> pl.DataFrame | None:
    """The committed table of published figures, or None when it has not been built."""
    return pl.read_parquet(path) if path.is_file() else None


def region_code(la_code: str, reference: Path = REFERENCE_DIR) -> str | None:
    """The DfE region code (980–990) of an authority, from the committed reference list."""
    path = reference / "local_authorities.csv"
    if not path.is_file():
        return None
    found = pl.read_csv(path, schema_overrides={"la_code": pl.String,
                                                "region_code": pl.String}).filter(
        pl.col("la_code") == la_code)
    return found["region_code"][0] if found.height else None


def comparators(table: pl.DataFrame, la_code: str, year: int) -> pl.DataFrame:
    """Published figures of the authority, its region and England for one year: one row per
    indicator with columns ``<role>_value``, ``<role>_symbol`` and ``published_decimals``."""
    roles = {"own": la_code, "region": region_code(la_code), "england": ENGLAND}
    frames = []
    for role, code in roles.items():
        rows = table.filter(pl.col("year") == year, pl.col("area_code") == code)
        frames.append(rows.select(
            "indicator_id", pl.col("value").alias(f"{role}_value"),
            pl.col("symbol").alias(f"{role}_symbol"), pl.col("area_name").alias(f"{role}_name"),
            pl.col("decimals").alias(f"{role}_decimals")))
    merged = frames[0]
    for frame in frames[1:]:
        merged = merged.join(frame, on="indicator_id", how="full", coalesce=True)
    return merged.with_columns(published_decimals=pl.coalesce(
        "own_decimals", "england_decimals", "region_decimals")).drop(
        "own_decimals", "england_decimals", "region_decimals")


def quartile_band(value: float | None, values: list[float], polarity: Polarity) -> str:
    """LAIT's quartile band of ``value`` among all authorities' ``values`` (R's default type-7
    quantiles): A is the best quarter, D the worst; ``-`` without a polarity or a value.
    For "low is good", [min, Q1] is A, (Q1, Q2] B, (Q2, Q3] C and (Q3, max] D; reversed for
    "high is good"."""
    present = [v for v in values if v is not None]
    if value is None or polarity is Polarity.NONE or not present:
        return "-"
    q1, q2, q3 = (float(q) for q in np.quantile(present, [0.25, 0.5, 0.75], method="linear"))
    quarter = 0 if value <= q1 else 1 if value <= q2 else 2 if value <= q3 else 3
    bands = "ABCD" if polarity is Polarity.LOW else "DCBA"
    return bands[quarter]


def rank(value: float | None, values: list[float], polarity: Polarity) -> int | None:
    """Position among all authorities, 1 the best; tied values share the lower (better) rank;
    None without a polarity or a value."""
    present = [v for v in values if v is not None]
    if value is None or polarity is Polarity.NONE:
        return None
    better = [v for v in present if (v > value if polarity is Polarity.HIGH else v < value)]
    return len(better) + 1


def neighbour_average(values: list[float | None], how: str) -> float | None:
    """The statistical neighbours' mean (as LAIT) or median (as the DfE dashboard), skipping
    neighbours without a value; None when none has one."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    if how == "mean":
        return sum(present) / len(present)
    if how == "median":
        return float(np.median(present))
    raise ValueError(f"neighbour average must be 'mean' or 'median', not {how!r}")
