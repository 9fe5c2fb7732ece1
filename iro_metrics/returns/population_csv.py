"""Read the ``--population`` CSV: columns ``mid_year``, ``age`` (optional), ``population`` and
(contract v1.1, optional) ``ethnic_group``.

Values must be whole numbers (``age`` may be empty: the row is then the 0–17 total); an
``ethnic_group`` names the group whose 0–17 total the row gives (empty: all groups). The loader
applies the contract's population rules afterwards (ages 0–17, no negative counts, one total row
or single ages per year, no repeated year and age); its findings come back to this file's lines.
"""

from pathlib import Path

import polars as pl

from iro_metrics.returns import rules
from iro_metrics.returns.common import (
    ISSUE_SCHEMA,
    POPULATION,
    Check,
    empty_issues,
    find_problems,
    read_csv_records,
    stripped,
)
from iro_metrics.returns.merge import Merged
from iro_metrics.returns.report import InputEntry

COLUMNS = ("mid_year", "age", "population")


def _whole_number(column: str, *, required: bool) -> Check:
    """The column holds a whole number (or is empty, when not ``required``)."""
    value = stripped(column)
    return Check(column, pl.when(value.is_null())
                 .then(pl.lit(rules.empty(column) if required else None, dtype=pl.String))
                 .when(value.cast(pl.Int64, strict=False).is_null())
                 .then(pl.lit(rules.whole_number(column))).otherwise(None))


def read_population(path: Path) -> tuple[Merged, InputEntry]:
    """The population rows, the rows set aside, and the file as the import report lists it."""
    shown = str(path)
    found = read_csv_records(path, shown, POPULATION, ("MID_YEAR", "POPULATION"),
                             ("AGE", "ETHNIC_GROUP"), contract_table=POPULATION)
    records = found.records.rename({"MID_YEAR": "mid_year", "AGE": "age",
                                    "POPULATION": "population", "ETHNIC_GROUP": "ethnic_group"})
    checks = [_whole_number("mid_year", required=True), _whole_number("age", required=False),
              _whole_number("population", required=True)]
    problems = pl.concat([found.problems, find_problems(records, POPULATION, checks)])
    good = records.join(problems.select("rec").unique(), on="rec", how="anti",
                        maintain_order="left")
    rows = good.select(
        *(stripped(name).cast(pl.Int64).alias(name) for name in COLUMNS),
        stripped("ethnic_group").alias("ethnic_group"), "file", "line", "path",
        kind=pl.lit(POPULATION))
    set_aside = problems.select(list(ISSUE_SCHEMA)) if problems.height else empty_issues()
    entry: InputEntry = {"kind": POPULATION, "source": shown, "files": [{
        "path": shown, "bytes": path.stat().st_size, "table": POPULATION, "imported": True,
        "rows": records.height, "blank_lines": found.blank_lines}]}
    return Merged(rows=rows, set_aside=set_aside, warnings=empty_issues(), read=records.height,
                  merged=0, set_aside_count=records.height - rows.height, repaired=0), entry
