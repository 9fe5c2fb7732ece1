"""What the SSDA903, CIN and population readers share: the refusal of a whole input, the issue
table, value checks expressed as Polars expressions, the years a return can describe, CSV reading
with true line numbers and bounded memory, and the atomic replacement of an output directory.

Every record a reader produces carries where it came from: ``file`` (as given on the command line),
``line`` (CSV: the file line, header = line 1) or ``path`` (XML: ``/Message/Children/Child[3]``),
and ``rec``, its position among the reader's records. An issue names the same place, plus the field
(column or element), the value as written and the rule.
"""

import contextlib
import csv
import datetime as dt
import io
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import numpy as np
import polars as pl

from iro_metrics.indicators.periods import Period, reporting_year, reporting_year_of
from iro_metrics.refusal import Refused
from iro_metrics.returns import rules
from iro_metrics.returns.report import FileEntry, ImportReport, InputEntry, issue_text

SSDA903 = "SSDA903"
CIN = "CIN"
POPULATION = "population"

EARLIEST = dt.date(1900, 1, 1)
"""Dates before this are impossible in a children's return."""
FIRST_YEAR = 1900
"""The first reporting year a return can describe (1900-01; see ``rules.YEAR_RANGE``)."""
SHOWN = 40
"""Characters of a refused value that a refusal shows: enough to recognise it, never a huge one."""

ISSUE_SCHEMA = pl.Schema({"table": pl.String, "file": pl.String, "line": pl.Int64,
                          "path": pl.String, "field": pl.String, "value": pl.String,
                          "rule": pl.String, "detail": pl.String})
PROBLEM_SCHEMA = pl.Schema({"rec": pl.Int64(), **ISSUE_SCHEMA})
"""An issue tied to the record (``rec``) it was found on."""


class InputRefused(Refused):
    """The whole input cannot be imported (or exported); ``messages`` holds one line per problem.

    ``report`` optionally holds what the import found before refusing, so the command line can
    show why nothing could be loaded."""

    def __init__(self, messages: Sequence[str], report: ImportReport | None = None) -> None:
        super().__init__(messages)
        self.report = report


def shortened(text: str) -> str:
    """``text``, or its first SHOWN characters and an ellipsis when it is longer."""
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


def refusal(file: str, rule: str, *, line: int | None = None, path: str | None = None,
            field: str | None = None, value: str = "", detail: str | None = None) -> str:
    """The refusal of a whole file, worded like a set-aside row: the file, the line or XML path,
    the field and the start of its value (never a huge value whole), the rule and a detail."""
    return issue_text({"file": file, "line": line, "path": path, "field": field,
                       "value": shortened(value), "rule": rule, "detail": detail})


def latest_year() -> Period:
    """The current reporting year: no return can describe a year that has not begun."""
    return reporting_year_of(dt.date.today())


def year_allowed(year_start: int) -> bool:
    """Whether a return can describe the reporting year starting in ``year_start``."""
    return FIRST_YEAR <= year_start <= latest_year().start.year


def date_allowed(day: dt.date) -> bool:
    """Whether ``day`` falls in a reporting year a return can describe."""
    return reporting_year(FIRST_YEAR).start <= day <= latest_year().end


def out_of_years(file: str, *, field: str, value: str, path: str | None = None) -> InputRefused:
    """The refusal of a return (or an export) whose year ``rules.YEAR_RANGE`` does not allow."""
    return InputRefused([refusal(file, rules.YEAR_RANGE, path=path, field=field, value=value,
                                 detail=latest_year().label)])


def empty_issues(schema: pl.Schema = ISSUE_SCHEMA) -> pl.DataFrame:
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
    files: list[FileEntry] = field(default_factory=list)
    rank: int = 0

    def describe(self) -> InputEntry:
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
    rule = (pl.when(stripped(field_name).is_null())
            .then(pl.lit(rules.empty(field_name) if required else None, dtype=pl.String))
            .when(value.is_null()).then(pl.lit(rules.not_a_date(field_name, label)))
            .when(value < EARLIEST).then(pl.lit(rules.before_1900(field_name))))
    if reference is not None:
        rule = rule.when(value > reference).then(pl.lit(rules.after_reference(field_name)))
    return rule.otherwise(None)


def code_rule(field_name: str, allowed: Sequence[str], *, required: bool,
              described: str | None = None) -> pl.Expr:
    """The first rule a coded field breaks: empty (if required) or a code outside ``allowed``."""
    value = stripped(field_name)
    return (pl.when(value.is_null())
            .then(pl.lit(rules.empty(field_name) if required else None, dtype=pl.String))
            .when(~value.is_in(list(allowed)))
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


@dataclass(frozen=True)
class Span:
    """The records an event may fall inside (episodes for reviews, plans for their review
    conferences): ``on`` pairs the event's column with the span's column linking them, and
    ``start`` and ``end`` name the span's dates (an empty end: still open)."""

    records: pl.DataFrame
    problems: pl.DataFrame
    on: tuple[str, str]
    start: str
    end: str


def kept_inside(problems: pl.DataFrame, events: pl.DataFrame, span: Span, *, late: str,
                repair: str, date: str) -> pl.DataFrame:
    """``problems`` of ``events`` with the rule ``late`` (a date after the reference date) turned
    into the repair ``repair`` where the event's ``date`` falls inside a span it is linked to that
    is loaded (not set aside: any problem of it is a repair), on or after its start and on or
    before its end or with none. The return cannot hold such an event, but it belongs to care the
    return does hold, so it is kept rather than lost (``rules.REVIEW_AFTER_REFERENCE``)."""
    set_aside = span.problems.filter(~pl.col("rule").is_in(rules.REPAIRS)).select("rec")
    loaded = span.records.join(set_aside, on="rec", how="anti")
    event_key, span_key = span.on
    is_late = pl.col("rule") == late
    inside = (
        events.join(problems.filter(is_late).select("rec"), on="rec", how="semi")
        .join(loaded.select(pl.col(span_key).alias(event_key), span.start, span.end),
              on=event_key)
        .filter(pl.col(date) >= pl.col(span.start),
                pl.col(date) <= pl.col(span.end).fill_null(pl.col(date)))
        ["rec"].unique()
    )
    return problems.with_columns(rule=pl.when(is_late & pl.col("rec").is_in(inside.implode()))
                                 .then(pl.lit(repair)).otherwise(pl.col("rule")))


# --- Files -------------------------------------------------------------------------------


SCAN_CHUNK = 1 << 20
"""Bytes of a CSV file scanned at a time before it is parsed."""
HUGE = 4 * rules.LONGEST + 8
"""Bytes beyond which a CSV field as written certainly holds more than ``rules.LONGEST``
characters (UTF-8 takes up to 4 bytes a character; quotes add a few)."""
_COMMA, _QUOTE, _LF, _CR = b',"\n\r'


def utf8_problem(path: Path, shown: str) -> str | None:
    """The refusal message for a file that is not UTF-8 text, or None when it is."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        at = error.start
        line = 1 + data.count(b"\n", 0, at) + data.count(b"\r", 0, at) - data.count(b"\r\n", 0, at)
        return (f"{shown}: not UTF-8 text (byte 0x{data[at]:02X} on line {line}); "
                "save it as UTF-8 and import again")
    return None


def check_file(path: Path, shown: str) -> None:
    """Refuse a path that is not a readable, non-empty file."""
    if not path.is_file():
        raise InputRefused([f"{shown}: no such file"])
    if path.stat().st_size == 0:
        raise InputRefused([f"{shown}: the file is empty"])


def header_names(path: Path, shown: str) -> list[str]:
    """The column names on a CSV file's first line (ended by LF, CR LF or CR), upper-cased and
    stripped (BOM removed). A first line longer than ``rules.LONGEST`` characters refuses the
    file; no more than HUGE bytes of it are read."""
    with path.open("rb") as handle:
        start = handle.read(HUGE)
    first = re.split(rb"[\r\n]", start, maxsplit=1)[0]
    unbroken = len(first) == HUGE  # no line break where the header row must have ended
    try:
        text = first.decode("utf-8-sig", errors="replace" if unbroken else "strict")
    except UnicodeDecodeError:
        raise InputRefused([utf8_problem(path, shown) or f"{shown}: not UTF-8 text"]) from None
    if unbroken or len(text) > rules.LONGEST:
        raise InputRefused([refusal(shown, rules.TOO_LONG, line=1, field="header row",
                                    value=text)])
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
    not UTF-8 or that Polars cannot parse, or a name or value longer than ``rules.LONGEST``
    characters refuses the input. Lines may end in LF, CR LF or CR alone (old Mac OS). Line
    numbers count the header as line 1 and follow values that contain line breaks."""
    check_file(path, shown)
    names = header_names(path, shown)
    repeated = sorted({name for name in names if names.count(name) > 1 and name})
    if repeated:
        raise InputRefused([f"{shown}: column {name} appears more than once" for name in repeated])
    missing = [name for name in needed if name not in names]
    if missing:
        raise InputRefused([f"{shown}: missing column {name} (the {table} table needs "
                            f"{', '.join(needed)})" for name in missing])
    eol = _line_break(path)
    frame, ragged = _parse_csv(path, shown, eol, len(names))
    columns = frame.columns
    frame = _numbered(frame, shown, eol)
    _refuse_long_value(frame, shown, columns, names)
    wanted = [name for name in (*needed, *optional) if name in names]
    frame = frame.select("rec", "file", "line", "path",
                         *(pl.col(columns[names.index(name)]).alias(name) for name in wanted),
                         *(pl.lit(None, dtype=pl.String).alias(name)
                           for name in optional if name not in names))
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


def _line_break(path: Path) -> str:
    """The line break Polars should split on: CR when the first line ends in CR alone (old Mac
    OS, Excel's "CSV (Macintosh)"), else LF (which also reads CR LF). The header row ends within
    HUGE bytes (:func:`header_names`), so that much decides."""
    with path.open("rb") as handle:
        first = re.search(rb"\r\n?|\n", handle.read(HUGE + 1))
    return "\r" if first and first[0] == b"\r" else "\n"


def _parse_csv(path: Path, shown: str, eol: str, width: int) -> tuple[pl.DataFrame, list[int]]:
    """Every column of the file as text, and the positions (0 = first data row) of the lines with
    more fields than the header (Polars reads them only when told to drop the extra fields).

    A file with a field longer than HUGE bytes is parsed only up to some way into that field (see
    :func:`_first_huge_field`), so the field is never held whole and is then refused."""
    cut = _first_huge_field(path)
    source = path if cut is None else _head(path, cut)
    try:
        return _polars_csv(source, eol, truncate=False), []
    except pl.exceptions.ComputeError as error:
        message = str(error)
        if "utf-8" in message.lower():
            raise InputRefused([utf8_problem(path, shown) or f"{shown}: not UTF-8 text"]) from None
        if "more fields" not in message:
            raise InputRefused([f"{shown}: not a CSV file that can be read "
                                f"({message.strip().splitlines()[0]})"]) from None
        return _polars_csv(source, eol, truncate=True), _ragged_rows(source, width)
    except pl.exceptions.NoDataError:
        raise InputRefused([f"{shown}: the file is empty"]) from None


def _first_huge_field(path: Path) -> int | None:
    """Where to stop reading the file: HUGE bytes into its first field longer than that, or None.

    The file is read a chunk at a time and split with numpy at the commas and line breaks outside
    quotes (each quote opens or closes a quoted part, as Polars reads a well-formed file), so a
    field is measured without ever being held whole, however long it is. A stray quote inside a
    field makes the two disagree; Polars then refuses the file as malformed."""
    inside, run, offset = False, 0, 0
    with path.open("rb") as handle:
        while chunk := handle.read(SCAN_CHUNK):
            data = np.frombuffer(chunk, np.uint8)
            bounds = (data == _COMMA) | (data == _LF) | (data == _CR)
            quotes = data == _QUOTE
            if inside or quotes.any():  # count quotes in a byte: its wrapping keeps the parity
                quoted = (np.cumsum(quotes, dtype=np.uint8) + inside) % 2 == 1
                bounds &= ~quoted
                inside = bool(quoted[-1])
            edges = np.flatnonzero(bounds)
            starts = np.concatenate(([-run], edges + 1))
            lengths = np.append(edges, data.size) - starts
            longer = np.flatnonzero(lengths > HUGE)
            if longer.size:
                return offset + int(starts[longer[0]]) + HUGE
            run, offset = int(lengths[-1]), offset + data.size
    return None


def _head(path: Path, cut: int) -> bytes:
    """The file's first ``cut`` bytes, ended on a whole character and with a quote left open
    closed, so that Polars reads them as a shorter file."""
    with path.open("rb") as handle:
        data = handle.read(cut + 1)
    while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: the character began earlier
        cut -= 1
    head = data[:cut]
    return head + b'"' if head.count(b'"') % 2 else head


def _polars_csv(source: Path | bytes, eol: str, *, truncate: bool) -> pl.DataFrame:
    """Every column of a CSV file as text (Polars only notices a line with too many fields when
    it reads them all)."""
    return pl.read_csv(source, infer_schema=False, encoding="utf8", eol_char=eol,
                       truncate_ragged_lines=truncate)


def _numbered(frame: pl.DataFrame, shown: str, eol: str) -> pl.DataFrame:
    """The records numbered from 0 (``rec``), with their file and the line each starts on: the
    header is line 1, and a value holding line breaks (in any column) moves the lines below it."""
    breaks = pl.sum_horizontal(
        pl.col(frame.columns).str.count_matches(eol, literal=True).fill_null(0))
    return frame.with_row_index("rec").with_columns(
        pl.col("rec").cast(pl.Int64),
        pl.lit(shown).alias("file"),
        (pl.int_range(pl.len(), dtype=pl.Int64) + 2 + breaks.cum_sum().shift(1, fill_value=0))
        .alias("line"),
        pl.lit(None, dtype=pl.String).alias("path"),
    )


def _refuse_long_value(frame: pl.DataFrame, shown: str, columns: Sequence[str],
                       names: Sequence[str]) -> None:
    """Refuse the file at its first value longer than ``rules.LONGEST`` characters (by line, then
    column). Lengths in bytes, which cost nothing, pick the few rows worth counting."""
    suspects = frame.filter(pl.max_horizontal(pl.col(columns).str.len_bytes()) > rules.LONGEST)
    for line, *values in suspects.select("line", *columns).iter_rows():
        for name, value in zip(names, values, strict=False):
            if value is not None and len(value) > rules.LONGEST:
                raise InputRefused([refusal(shown, rules.TOO_LONG, line=line, field=name,
                                            value=value)])


def _ragged_rows(source: Path | bytes, width: int) -> list[int]:
    """Positions (0 = first data row) of the records with more fields than the header."""
    with _text(source) as handle:
        reader = csv.reader(handle)
        next(reader, None)
        return [position for position, fields in enumerate(reader) if len(fields) > width]


def _text(source: Path | bytes) -> TextIO:
    """A CSV file (or its first bytes) as text for the csv module: any line break, no BOM."""
    raw = source.open("rb") if isinstance(source, Path) else io.BytesIO(source)
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


# --- Output directories ------------------------------------------------------------------

YEAR_FOLDER = re.compile(r"\d{4}-\d{2}")


def check_replaceable(target: Path, is_ours: Callable[[Path], bool], what: str) -> None:
    """Refuse to replace an existing, non-empty directory that is not one of ours, once what a
    killed run left beside it is cleaned up (:func:`recover_leftovers`)."""
    recover_leftovers(target)
    if target.exists() and not target.is_dir():
        raise InputRefused([f"{target}: exists and is not a directory"])
    if target.is_dir() and any(target.iterdir()) and not is_ours(target):
        raise InputRefused([f"{target}: exists and is not {what}; choose another --out"])


def build_directory(target: Path) -> Path:
    """A fresh temporary directory next to ``target`` (same file system, so the swap is a rename),
    named after this process so that a later run can tell when it was left behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=_temporary_prefix(target, "building"),
                                     dir=target.parent))
    building.chmod(0o755)
    return building


def replace_directory(building: Path, target: Path) -> None:
    """Put ``building`` in place of ``target``; an existing target is kept until the swap is done
    and restored if it fails."""
    if not target.exists():
        building.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=_temporary_prefix(target, "old"), dir=target.parent))
    old.rmdir()
    target.rename(old)
    try:
        building.rename(target)
    except OSError:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def recover_leftovers(target: Path) -> None:
    """Clean up after an import or export killed beside ``target`` (kill -9, a power cut): once
    the process that made them has gone, a directory it was building is removed, and the existing
    directory it had moved aside is put back if the new one never took its place (else removed).
    A refused or failed run thus still leaves ``target`` as it was; the temporary directories of
    a run still going are left alone."""
    leftovers = _leftovers(target)
    moved_aside = sorted(leftovers["old"])  # one, unless several runs were killed mid-swap
    if moved_aside and not target.exists():
        with contextlib.suppress(FileNotFoundError):  # another run put it back first
            moved_aside.pop().rename(target)
    for path in (*leftovers["building"], *moved_aside):
        shutil.rmtree(path, ignore_errors=True)


def _temporary_prefix(target: Path, kind: str) -> str:
    """``.data-building-1234-``: hidden, beside ``target``, naming its kind and this process."""
    return f".{target.name}-{kind}-{os.getpid()}-"


def _leftovers(target: Path) -> dict[str, list[Path]]:
    """The temporary directories beside ``target`` whose process has gone, by kind."""
    pattern = re.compile(rf"\.{re.escape(target.name)}-(building|old)-(\d+)-[a-z0-9_]{{8}}")
    found: dict[str, list[Path]] = {"building": [], "old": []}
    if target.parent.is_dir():
        for path in target.parent.iterdir():
            match = pattern.fullmatch(path.name)
            if match and not _running(int(match[2])):
                found[match[1]].append(path)
    return found


def _running(pid: int) -> bool:
    """Whether process ``pid`` is alive on this machine (signal 0 only asks). Off POSIX, where
    that call would end the process, every process counts as alive and nothing is cleaned up."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        pass
    return True
