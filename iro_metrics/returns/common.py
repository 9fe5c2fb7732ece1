"""What the SSDA903, CIN and population readers share: the refusal of a whole input, the issue
table, value checks expressed as Polars expressions, CSV reading with true line numbers, and the
atomic replacement of an output directory.

Every record a reader produces carries where it came from: ``file`` (as given on the command line),
``line`` (CSV: the file line, header = line 1) or ``path`` (XML: ``/Message/Children/Child[3]``),
and ``rec``, its position among the reader's records. An issue names the same place, plus the field
(column or element), the value as written and the rule.
"""

import csv
import datetime as dt
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from iro_metrics.returns import rules

SSDA903 = "SSDA903"
CIN = "CIN"
POPULATION = "population"

EARLIEST = dt.date(1900, 1, 1)
"""Dates before this are impossible in a children's return."""

ISSUE_SCHEMA = {"table": pl.String, "file": pl.String, "line": pl.Int64, "path": pl.String,
                "field": pl.String, "value": pl.String, "rule": pl.String, "detail": pl.String}
PROBLEM_SCHEMA = {"rec": pl.Int64, **ISSUE_SCHEMA}
"""An issue tied to the record (``rec``) it was found on."""

LOCATION = ("file", "line", "path")


class InputRefused(Exception):
    """The whole input cannot be imported (or exported); ``messages`` holds one line per problem.

    ``report`` optionally holds what the import found before refusing (an ``ImportReport``), so
    the command line can show why nothing could be loaded."""

    def __init__(self, messages: Sequence[str], report: object | None = None) -> None:
        self.messages = tuple(messages)
        self.report = report
        super().__init__("\n".join(self.messages))


def empty_issues(schema: dict[str, pl.DataType] = ISSUE_SCHEMA) -> pl.DataFrame:
    """An issue table with no rows."""
    return pl.DataFrame(schema=schema)


@dataclass
class ReturnInfo:
    """One return read: which collection, the reference date it describes and its files.

    ``year_start`` is the first day of the year the return covers; ``rank`` orders every return of
    the import (later reference date = higher rank; on the same date the SSDA903 ranks above the
    CIN census), so that "the later return wins" is one comparison."""

    kind: str
    label: str
    source: str
    reference_date: dt.date
    year_start: dt.date
    year_from: str
    files: list[dict] = field(default_factory=list)
    rank: int = 0

    def describe(self) -> dict:
        """The return as the import report lists it."""
        return {"kind": self.kind, "label": self.label, "source": self.source,
                "reference_date": self.reference_date.isoformat(),
                "year_start": self.year_start.isoformat(), "year_from": self.year_from,
                "rank": self.rank, "files": self.files}


# --- Values ------------------------------------------------------------------------------


def stripped(column: str) -> pl.Expr:
    """The column's text without surrounding spaces; blank becomes null."""
    text = pl.col(column).str.strip_chars()
    return pl.when(text != "").then(text)


def as_date(column: str, form: str) -> pl.Expr:
    """The column parsed as a date in ``form`` (a strftime pattern); null when it is not one."""
    return stripped(column).str.strptime(pl.Date, form, strict=False)


@dataclass(frozen=True)
class Check:
    """One field's rule chain: ``rule`` is a String expression, null while the value is fine.

    ``at`` is where the field sits below the record in XML (default: the field's own name; ""
    for the record's own element);
    ``detail`` optionally explains the rule for this record."""

    field: str
    rule: pl.Expr
    detail: pl.Expr | None = None
    at: str | None = None


def where_valid(check: Check, value: pl.Expr) -> pl.Expr:
    """``value`` where ``check`` passed, else null (a bad value is never loaded)."""
    return pl.when(check.rule.is_null()).then(value)


def date_rule(field_name: str, form: str, label: str, *, required: bool,
              reference: dt.date | None) -> pl.Expr:
    """The first rule a date field breaks: empty (if required), not a date, before 1900, or after
    the return's reference date (when ``reference`` is given)."""
    value = as_date(field_name, form)
    rule = pl.when(stripped(field_name).is_null())
    rule = rule.then(pl.lit(rules.empty(field_name) if required else None, dtype=pl.String))
    rule = (rule.when(value.is_null()).then(pl.lit(rules.not_a_date(field_name, label)))
            .when(value < EARLIEST).then(pl.lit(rules.before_1900(field_name))))
    if reference is not None:
        rule = rule.when(value > reference).then(pl.lit(rules.after_reference(field_name)))
    return rule.otherwise(None)


def code_rule(field_name: str, allowed: Sequence[str], *, required: bool,
              described: str | None = None) -> pl.Expr:
    """The first rule a coded field breaks: empty (if required) or a code outside ``allowed``."""
    value = stripped(field_name)
    rule = pl.when(value.is_null())
    rule = rule.then(pl.lit(rules.empty(field_name) if required else None, dtype=pl.String))
    return (rule.when(~value.is_in(list(allowed)))
            .then(pl.lit(rules.code(field_name, allowed, described))).otherwise(None))


def id_rule(field_name: str) -> pl.Expr:
    """A child identifier must be given and at most 20 characters long (the contract's limit)."""
    value = stripped(field_name)
    return (pl.when(value.is_null()).then(pl.lit(rules.empty(field_name)))
            .when(value.str.len_chars() > 20).then(pl.lit(rules.id_length(field_name)))
            .otherwise(None))


def find_problems(records: pl.DataFrame, table: str, checks: Sequence[Check]) -> pl.DataFrame:
    """Every rule broken by ``records`` (columns rec, file, line, path and the raw fields), one
    problem per field at most, in record order."""
    found = [
        records.select(
            "rec", pl.lit(table).alias("table"), "file", "line",
            (pl.col("path") if check.at == "" else
             pl.concat_str(pl.col("path"), pl.lit("/" + (check.at or check.field))))
            .alias("path"),
            pl.lit(check.field).alias("field"),
            pl.col(check.field).fill_null("").alias("value"),
            check.rule.alias("rule"),
            (check.detail if check.detail is not None else pl.lit(None, dtype=pl.String))
            .alias("detail"),
        ).filter(pl.col("rule").is_not_null())
        for check in checks
    ]
    if not found:
        return empty_issues(PROBLEM_SCHEMA)
    return pl.concat(found).cast(PROBLEM_SCHEMA).sort("rec", maintain_order=True)


# --- Files -------------------------------------------------------------------------------


def utf8_problem(path: Path, shown: str) -> str | None:
    """The refusal message for a file that is not UTF-8 text, or None when it is."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return (f"{shown}: not UTF-8 text (byte 0x{data[error.start]:02X} on line {line}); "
                "save it as UTF-8 and import again")
    return None


def check_file(path: Path, shown: str) -> None:
    """Refuse a path that is not a readable, non-empty file."""
    if not path.is_file():
        raise InputRefused([f"{shown}: no such file"])
    if path.stat().st_size == 0:
        raise InputRefused([f"{shown}: the file is empty"])


def header_names(path: Path, shown: str) -> list[str]:
    """The column names on a CSV file's first line, upper-cased and stripped (BOM removed)."""
    with path.open("rb") as handle:
        first = handle.readline()
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputRefused([utf8_problem(path, shown) or f"{shown}: not UTF-8 text"]) from None
    return [name.strip().upper() for name in next(csv.reader([text]), [])]


@dataclass(frozen=True)
class CsvRecords:
    """A CSV file read as text: one row per record with rec, file and line, and the columns asked
    for under their upper-case names (absent optional columns are null). ``problems`` holds the
    lines with more fields than the header; ``blank_lines`` the empty lines skipped."""

    records: pl.DataFrame
    problems: pl.DataFrame
    blank_lines: int


def read_csv_records(path: Path, shown: str, table: str, needed: Sequence[str],
                     optional: Sequence[str] = (), *, contract_table: str) -> CsvRecords:
    """Read the ``needed`` and ``optional`` columns of a CSV file (of the return's ``table``,
    feeding ``contract_table``), every value as text.

    Column names match case-insensitively. A missing needed column, an empty file, a file that is
    not UTF-8 or that Polars cannot parse refuses the input. Line numbers count the header as
    line 1 and follow values that contain line breaks."""
    check_file(path, shown)
    names = header_names(path, shown)
    repeated = sorted({name for name in names if names.count(name) > 1 and name})
    if repeated:
        raise InputRefused([f"{shown}: column {name} appears more than once" for name in repeated])
    missing = [name for name in needed if name not in names]
    if missing:
        raise InputRefused([f"{shown}: missing column {name} (the {table} table needs "
                            f"{', '.join(needed)})" for name in missing])
    wanted = [name for name in (*needed, *optional) if name in names]
    positions = [names.index(name) for name in wanted]
    ragged: list[int] = []
    try:
        frame = _polars_csv(path, positions, truncate=False)
    except pl.exceptions.ComputeError as error:
        message = str(error)
        if "utf-8" in message.lower():
            raise InputRefused([utf8_problem(path, shown) or f"{shown}: not UTF-8 text"]) from None
        if "more fields" not in message:
            raise InputRefused([f"{shown}: not a CSV file that can be read "
                                f"({message.strip().splitlines()[0]})"]) from None
        frame = _polars_csv(path, positions, truncate=True)
        ragged = _ragged_rows(path, len(names))
    except pl.exceptions.NoDataError:
        raise InputRefused([f"{shown}: the file is empty"]) from None
    for name in optional:
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(name))
    breaks = pl.sum_horizontal(pl.col(wanted).str.count_matches("\n").fill_null(0))
    frame = frame.with_row_index("rec").with_columns(
        pl.col("rec").cast(pl.Int64),
        pl.lit(shown).alias("file"),
        (pl.int_range(pl.len(), dtype=pl.Int64) + 2 + breaks.cum_sum().shift(1, fill_value=0))
        .alias("line"),
        pl.lit(None, dtype=pl.String).alias("path"),
    )
    problems = (
        frame.filter(pl.col("rec").is_in(ragged))
        .select("rec", pl.lit(contract_table).alias("table"), "file", "line", "path",
                pl.lit("(line)").alias("field"), pl.lit("").alias("value"),
                pl.lit(rules.RAGGED).alias("rule"),
                pl.lit(f"the header row has {len(names)} fields").alias("detail"))
        .cast(PROBLEM_SCHEMA)
    )
    blank = pl.all_horizontal(pl.col(wanted).str.strip_chars().fill_null("") == "")
    blank_lines = frame.filter(blank).height
    return CsvRecords(frame.filter(~blank), problems, blank_lines)


def _polars_csv(path: Path, positions: list[int], *, truncate: bool) -> pl.DataFrame:
    """The columns at ``positions`` of a CSV file as text, under their upper-case names. Every
    column is parsed (Polars only notices a line with too many fields when it reads them all),
    then the others are dropped."""
    frame = pl.read_csv(path, infer_schema=False, encoding="utf8",
                        truncate_ragged_lines=truncate)
    chosen = frame.select(frame.columns[position] for position in positions)
    return chosen.rename({name: name.strip().upper() for name in chosen.columns})


def _ragged_rows(path: Path, width: int) -> list[int]:
    """Positions (0 = first data row) of the records with more fields than the header."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        return [position for position, fields in enumerate(reader) if len(fields) > width]


# --- Output directories ------------------------------------------------------------------

YEAR_FOLDER = re.compile(r"\d{4}-\d{2}")


def check_replaceable(target: Path, is_ours: Callable[[Path], bool], what: str) -> None:
    """Refuse to replace an existing, non-empty directory that is not one of ours."""
    if target.exists() and not target.is_dir():
        raise InputRefused([f"{target}: exists and is not a directory"])
    if target.is_dir() and any(target.iterdir()) and not is_ours(target):
        raise InputRefused([f"{target}: exists and is not {what}; choose another --out"])


def build_directory(target: Path) -> Path:
    """A fresh temporary directory next to ``target`` (same file system, so the swap is a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
    building.chmod(0o755)
    return building


def replace_directory(building: Path, target: Path) -> None:
    """Put ``building`` in place of ``target``; an existing target is kept until the swap is done
    and restored if it fails."""
    if not target.exists():
        building.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
    old.rmdir()
    target.rename(old)
    try:
        building.rename(target)
    except OSError:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
