"""The published comparators: symbols never read as numbers, the committed table holding the
published figures, and the build refusing an unsound table."""

from pathlib import Path

import polars as pl
import pytest

from iro_metrics.published.comparators import (
    BENCHMARKS_FILE,
    build_benchmarks,
    parse_value,
    validate_benchmarks,
)
from iro_metrics.published.reference import REFERENCE_DIR


@pytest.mark.parametrize(("text", "number", "symbol"), [
    ("38.200000000000003", 38.2, None),
    ("1.5E-2", 0.015, None),
    (" 270 ", 270.0, None),
    ("0", 0.0, None),
    ("c", None, "c"), ("x", None, "x"), ("z", None, "z"), ("k", None, "k"),
    ("low", None, "low"), ("u", None, "u"), (":", None, ":"), ("-", None, "-"),
    ("n/a", None, None),
])
def test_published_cells(text: str, number: float | None, symbol: str | None) -> None:
    value, mark = parse_value(pl.lit(text))
    assert pl.select(value).item() == number
    assert pl.select(mark).item() == symbol


def published(indicator: str, year: int, area: str) -> dict:
    table = pl.read_parquet(BENCHMARKS_FILE)
    rows = table.filter(pl.col("indicator_id") == indicator, pl.col("year") == year,
                        pl.col("area_code") == area)
    assert rows.height == 1
    return rows.row(0, named=True)


def test_darlington_published_figures() -> None:
    assert published("cp_rate", 2020, "841")["value"] == 38.2
    assert published("cp_rate", 2020, "970")["value"] == 43.7
    assert published("cp_rate", 2020, "841")["decimals"] == 1
    repeat = published("cp_repeat", 2020, "841")
    assert (repeat["value"], repeat["numerator"], repeat["denominator"]) == (14.7, 23, 156)
    assert published("lac_count", 2020, "841")["value"] == 270
    icpc = published("icpc_timely", 2020, "841")
    assert icpc["value"] == 87.7
    assert icpc["numerator"] / icpc["denominator"] == pytest.approx(0.877, abs=0.0005)
    withheld = published("cp_ceased_2y_plus", 2020, "841")
    assert (withheld["value"], withheld["symbol"]) == (None, "-")
    assert published("lac_rate", 2021, "841")["denominator"] == 22235


def test_committed_table_is_sound() -> None:
    table = pl.read_parquet(BENCHMARKS_FILE)
    assert validate_benchmarks(table) == []
    assert set(table["area_type"]) == {"LA", "region", "England"}
    assert table.filter(pl.col("area_type") == "LA")["area_code"].n_unique() > 140


def test_neighbour_models_and_regions() -> None:
    neighbours = pl.read_csv(REFERENCE_DIR / "statistical_neighbours.csv",
                             schema_overrides={"la_code": pl.String,
                                               "neighbour_code": pl.String})
    ours = neighbours.filter(pl.col("la_code") == "841")
    assert ours.group_by("model").len().sort("model").rows() == [("April 2021", 10),
                                                                 ("May 2025", 10)]
    assert set(neighbours["closeness"]) <= {"Extremely close", "Very close", "Close",
                                            "Somewhat close", "Not close"}
    authorities = pl.read_csv(REFERENCE_DIR / "local_authorities.csv",
                              schema_overrides={"la_code": pl.String,
                                                "region_code": pl.String})
    assert authorities.filter(pl.col("la_code") == "841").row(0) == (
        "841", "Darlington", "North East", "980")
    assert authorities["region_code"].null_count() == 0


def test_an_unsound_table_is_not_written(tmp_path: Path) -> None:
    table = pl.read_parquet(BENCHMARKS_FILE).head(3)
    doubled = pl.concat([table, table.head(1)])
    assert validate_benchmarks(doubled) == ["2 rows share an indicator, year and area"]
    both = table.with_columns(symbol=pl.lit("c"))
    assert validate_benchmarks(both)[-1].endswith("have both or neither of a value and a symbol")
    with pytest.raises(FileNotFoundError):
        build_benchmarks(tmp_path / "no-such-folder", tmp_path / "out.parquet")
    assert not (tmp_path / "out.parquet").exists()
