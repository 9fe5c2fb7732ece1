"""The extract issue 16 measured (``generate --scale 300`` before contract v1.1 added tables:
1.05M children, 6.8M rows, 33 MB of Parquet): ``python -m perf.contract_v1 SOURCE OUT`` writes
the v1 view of SOURCE to OUT. The v1.1 tables are left out, and so are the v1.1 columns of
lac_reviews. Population keeps its rows for all ethnic groups, without the ethnic_group column.
The speed scripts measure both, so that the issue's targets are judged on the data they were
set on."""

import shutil
import sys
from pathlib import Path

import polars as pl

from iro_metrics.contract.extract import TABLES
from iro_metrics.contract.loader import AUTHORITY_FILE, file_name
from iro_metrics.contract.schemas import SCHEMAS
from iro_metrics.returns.extra_csv import EXTRA_TABLES

ADDED_COLUMNS = {"population": ("ethnic_group",)}
"""v1.1 columns the schemas do not mark optional (an absent population.ethnic_group means all
groups, so only the all-groups rows are kept)."""


def v1_columns(table: str) -> list[str]:
    """``table``'s columns in contract v1: the required ones, less the v1.1 additions."""
    columns = SCHEMAS[table].to_schema().columns
    return [name for name, column in columns.items()
            if column.required and name not in ADDED_COLUMNS.get(table, ())]


def write_v1(source: Path, out: Path) -> Path:
    """Write the v1 view of the extract in ``source`` to ``out`` (made if missing)."""
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / AUTHORITY_FILE, out / AUTHORITY_FILE)
    for table in TABLES:
        path = source / file_name(table)
        if table in EXTRA_TABLES or not path.is_file():
            continue
        frame = pl.read_parquet(path)
        if "ethnic_group" in ADDED_COLUMNS.get(table, ()):
            frame = frame.filter(pl.col("ethnic_group").is_null())
        frame.select(v1_columns(table)).write_parquet(out / file_name(table))
    return out


def v1_of(england: Path) -> Path:
    """The v1 view of ``england`` beside it (``<dir>-v1``), written when missing or older."""
    out = england.with_name(f"{england.name}-v1")
    newest = max(path.stat().st_mtime for path in england.iterdir())
    if not out.is_dir() or min(path.stat().st_mtime for path in out.iterdir()) < newest:
        write_v1(england, out)
    return out


def measured_extracts(demo: Path, england: Path) -> list[tuple[str, Path]]:
    """The extracts the speed scripts measure, named: the demo, then (when ``england`` has been
    generated) England as issue 16 measured it and England whole; else says how to make it."""
    if not england.is_dir():
        print(f"England: no {england} (python -m iro_metrics generate --out {england} "
              "--scale 300)")
        return [("demo", demo)]
    return [("demo", demo), ("England as issue 16 measured it (v1 tables)", v1_of(england)),
            ("England with the v1.1 tables", england)]


if __name__ == "__main__":
    write_v1(Path(sys.argv[1]), Path(sys.argv[2]))
