"""How a local figure compares with published ones, by the Fingertips method: the benchmark is
"similar" when it lies inside the local 95% confidence interval, otherwise the local value is
higher or lower, which polarity turns into better or worse. Used by every page that compares."""

from dataclasses import dataclass
from pathlib import Path

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
