"""Read ``--extra DIR``: the optional tables of extract contract v1.1 as CSV files beside the
returns, ``iro_activity.csv``, ``other_reviews.csv``, ``service_activity.csv`` and
``feedback.csv`` (any of them), one column per contract column (names in any case), dates in
the form YYYY-MM-DD, counts as whole numbers, empty for no value.

A column the contract allows to be empty may be left out of the file. Only what the loader
cannot judge is checked here (a date that is not one, a count that is not a whole number); the
contract's own rules (codes, empty values, ranges, repeated ids, unknown children or IROs) are
the loader's, and its findings come back to these files' lines like every other import's.
``lac_reviews``' optional ``iro_id`` and ``permanence_plan`` do not come this way: reviews come
from the SSDA903, which has neither, so they need an extract written as Parquet
(``docs/footprint-mapping.md``).
"""

from pathlib import Path

import polars as pl

from iro_metrics.contract.schemas import SCHEMAS
from iro_metrics.returns import rules
from iro_metrics.returns.common import (
    ISSUE_SCHEMA,
    Check,
    InputRefused,
    as_date,
    empty_issues,
    find_problems,
    read_csv_records,
    stripped,
)
from iro_metrics.returns.merge import Merged
from iro_metrics.returns.report import FileEntry, InputEntry

EXTRA = "extra"
EXTRA_TABLES = ("iro_activity", "other_reviews", "service_activity", "feedback")
DATE_FORM, DATE_LABEL = "%Y-%m-%d", "YYYY-MM-DD"


def no_extra_files(directory: str) -> str:
    """The refusal of an --extra folder holding none of the tables."""
    names = ", ".join(f"{table}.csv" for table in EXTRA_TABLES[:-1])
    return f"{directory}: no {names} or {EXTRA_TABLES[-1]}.csv to import"


def _typed(column: str, dtype: pl.DataType) -> tuple[pl.Expr, Check | None]:
    """The column as the contract's type, and the check that its text can be read as one."""
    text = stripped(column)
    if dtype == pl.Date:
        value = as_date(column, DATE_FORM)
        rule = rules.not_a_date(column, DATE_LABEL)
    elif dtype == pl.Int64:
        value = text.cast(pl.Int64, strict=False)
        rule = rules.whole_number(column)
    else:
        return text.alias(column), None
    unreadable = text.is_not_null() & value.is_null()
    return value.alias(column), Check(column, pl.when(unreadable).then(pl.lit(rule)))


def _read_table(path: Path, table: str) -> tuple[Merged, FileEntry]:
    """One table's rows (contract columns, then where each came from) and the rows set aside."""
    shown = str(path)
    columns = SCHEMAS[table].to_schema().columns
    needed = [name.upper() for name, column in columns.items() if not column.nullable]
    optional = [name.upper() for name, column in columns.items() if column.nullable]
    found = read_csv_records(path, shown, table, needed, optional, contract_table=table)
    records = found.records.rename({name.upper(): name for name in columns})
    typed = [_typed(name, column.dtype.type) for name, column in columns.items()]
    checks = [check for _, check in typed if check is not None]
    problems = pl.concat([found.problems, find_problems(records, table, checks)])
    good = records.join(problems.select("rec").unique(), on="rec", how="anti",
                        maintain_order="left")
    rows = good.select(*(value for value, _ in typed), "file", "line", "path",
                       kind=pl.lit(EXTRA))
    set_aside = problems.select(list(ISSUE_SCHEMA)) if problems.height else empty_issues()
    entry: FileEntry = {"path": shown, "bytes": path.stat().st_size, "table": table,
                        "imported": True, "rows": records.height,
                        "blank_lines": found.blank_lines}
    return Merged(rows=rows, set_aside=set_aside, warnings=empty_issues(), read=records.height,
                  merged=0, set_aside_count=records.height - rows.height, repaired=0), entry


def read_extra(directory: Path) -> tuple[dict[str, Merged], InputEntry]:
    """Every v1.1 table found in ``directory`` and the folder as the import report lists it;
    :class:`InputRefused` when it is not a folder or holds none of them."""
    shown = str(directory)
    if not directory.is_dir():
        raise InputRefused([f"{shown}: no such folder (--extra is the folder of "
                            f"{', '.join(f'{table}.csv' for table in EXTRA_TABLES)})"])
    tables: dict[str, Merged] = {}
    files: list[FileEntry] = []
    for table in EXTRA_TABLES:
        path = directory / f"{table}.csv"
        if path.is_file():
            tables[table], entry = _read_table(path, table)
            files.append(entry)
    if not tables:
        raise InputRefused([no_extra_files(shown)])
    return tables, {"kind": EXTRA, "source": shown, "files": files}
