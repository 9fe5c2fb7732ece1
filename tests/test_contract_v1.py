"""The v1 view the speed scripts measure issue 16's targets on (``perf.contract_v1``)."""

from pathlib import Path

import polars as pl

from iro_metrics.contract.loader import load_extract
from perf.contract_v1 import v1_columns, write_v1

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


def test_v1_columns_leave_out_what_v1_1_added() -> None:
    assert v1_columns("lac_reviews") == ["child_id", "review_date", "participation_code"]
    assert v1_columns("population") == ["mid_year", "age", "population"]
    assert v1_columns("children") == ["child_id", "sex", "date_of_birth",
                                      "expected_date_of_birth", "ethnicity", "disability"]


def test_the_v1_view_of_the_demo_loads_without_the_v1_1_tables(tmp_path: Path) -> None:
    extract = load_extract(write_v1(DEMO, tmp_path / "v1"))
    assert extract.iro_activity is None and extract.feedback is None
    assert extract.other_reviews is None and extract.service_activity is None
    assert extract.table("lac_reviews").columns == ["child_id", "review_date",
                                                    "participation_code"]
    whole = load_extract(DEMO)
    assert extract.table("lac_episodes").equals(whole.table("lac_episodes"))
    population = pl.read_parquet(DEMO / "population.parquet")
    assert extract.table("population").height == population.filter(
        pl.col("ethnic_group").is_null()).height
