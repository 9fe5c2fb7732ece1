"""The import's provenance: ``import_report.json`` in the data directory, and its plain-text summary.

The report says where the data came from: every file read (path, size, rows, which table), each
return's year or census date, when the import ran and how long it took, the rows read, merged,
set aside, loaded and repaired per contract table, the repairs by table and rule with their
counts, and every row set aside and every warning with its file, line (CSV) or XML path, field,
value, rule and detail. ``read_import_report`` gives a page the
report of a data directory without importing anything else from this package.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NotRequired, TypedDict

import polars as pl

from iro_metrics.returns.rules import REPAIRS

REPORT_FILE = "import_report.json"
FORMAT = "iro_metrics returns import report"
VERSION = 2


class FileEntry(TypedDict):
    """One file of an input as the report lists it: ``rows`` once read, ``blank_lines`` for a CSV
    file and ``layout`` (GenderCurrent or Sex) for a census."""

    path: str
    bytes: int
    table: str | None
    imported: bool
    rows: NotRequired[int]
    blank_lines: NotRequired[int]
    layout: NotRequired[str]


class InputEntry(TypedDict):
    """One input as the report lists it: a return (every key), or a population file or the
    --extra folder (kind, source and files only)."""

    kind: str
    source: str
    files: list[FileEntry]
    label: NotRequired[str]
    reference_date: NotRequired[str]
    year_start: NotRequired[str]
    year_from: NotRequired[str]
    rank: NotRequired[int]


class AuthorityJson(TypedDict):
    """The ``authority.json`` an import writes."""

    la_code: str
    la_name: str
    region: str
    extract_date: str
    synthetic: bool


class Issue(TypedDict):
    """One row set aside or warned about (a row of the report's issue tables)."""

    table: str | None
    file: str
    line: int | None
    path: str | None
    field: str | None
    value: str
    rule: str
    detail: str | None


class Problem(Issue):
    """An issue tied to the reader's record (``rec``) it was found on."""

    rec: int


@dataclass(frozen=True)
class ImportReport:
    """What one import did (see the module docstring); ``tables`` holds, per contract table,
    ``read``, ``merged``, ``set_aside`` and ``loaded`` (read = merged + set_aside + loaded), and
    ``repaired``: the loaded rows with a value repaired (``rules.REPAIRS``)."""

    imported_at: str
    seconds: float
    out: str
    authority: AuthorityJson
    extract_date_from: str
    inputs: list[InputEntry]
    tables: dict[str, dict[str, int]]
    set_aside: pl.DataFrame
    warnings: pl.DataFrame
    notes: list[str] = field(default_factory=list)

    def repairs(self) -> pl.DataFrame:
        """The repairs (``rules.REPAIRS``) counted by table and rule, in the report's order:
        columns table, rule and rows (a rule repairs one field, so once a row)."""
        return (self.warnings.filter(pl.col("rule").is_in(REPAIRS))
                .group_by("table", "rule", maintain_order=True).agg(rows=pl.len()))

    def to_json(self) -> dict[str, Any]:
        """The report as the JSON object written to ``import_report.json``."""
        return {
            "format": FORMAT, "version": VERSION, "imported_at": self.imported_at,
            "seconds": round(self.seconds, 3), "out": self.out, "authority": self.authority,
            "extract_date_from": self.extract_date_from, "inputs": self.inputs,
            "tables": self.tables, "repairs": self.repairs().to_dicts(), "notes": self.notes,
            "set_aside": self.set_aside.to_dicts(), "warnings": self.warnings.to_dicts(),
        }


def write_import_report(directory: Path, report: ImportReport) -> Path:
    """Write ``import_report.json`` into ``directory`` and return its path."""
    path = directory / REPORT_FILE
    path.write_text(json.dumps(report.to_json(), indent=1, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path


def read_import_report(directory: Path) -> dict[str, Any] | None:
    """The import report of a data directory, or None when it has none (it was not made by
    ``python -m iro_metrics import``) or the file is not a readable report."""
    path = Path(directory) / REPORT_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    return data


def describe(report: ImportReport, limit: int) -> str:
    """The summary printed at the end of an import (also of one refused after reading): inputs,
    counts per table, repairs by table and rule, issues by rule and the first ``limit`` of each
    kind."""
    lines = ["Read:"]
    for entry in report.inputs:
        files = ", ".join(_file_text(item) for item in entry["files"])
        if "label" not in entry:  # a population file or the --extra folder
            lines.append(f"  {entry['kind']} {entry['source']}: {files}")
        else:
            lines.append(f"  {entry['kind']} {entry['label']} ({entry['source']}; year from "
                         f"{entry['year_from']}): {files}")
    lines.append(f"  {'table':<16}{'read':>9}{'merged':>9}{'set aside':>11}{'loaded':>9}"
                 f"{'repaired':>10}")
    for table, counts in report.tables.items():
        lines.append(f"  {table:<16}{counts['read']:>9}{counts['merged']:>9}"
                     f"{counts['set_aside']:>11}{counts['loaded']:>9}{counts['repaired']:>10}")
    lines.extend(f"Note: {note}" for note in report.notes)
    repairs = report.repairs()
    lines.append("Repaired, by rule:" if repairs.height else "Repaired: none")
    lines.extend(f"  {rows:>7}  {table}: {rule}" for table, rule, rows in repairs.iter_rows())
    for title, issues in (("Set aside", report.set_aside), ("Warnings", report.warnings)):
        lines.extend(_describe_issues(title, issues, limit))
    return "\n".join(lines)


def wrote(report: ImportReport) -> str:
    """The last line of a successful import."""
    return (f"Wrote {report.out} (extract date {report.authority['extract_date']}, "
            f"{report.extract_date_from}) in {report.seconds:.1f} s")


def _file_text(item: FileEntry) -> str:
    """'episodes.csv 120 rows' or 'ad1.csv not imported'."""
    name = Path(item["path"]).name
    if not item["imported"]:
        what = f"SSDA903 {item['table']} table" if item["table"] else "not recognised"
        return f"{name} ({what}, not imported)"
    blank = f", {item['blank_lines']} blank lines skipped" if item.get("blank_lines") else ""
    return f"{name} {item['rows']} {'children' if item['table'] == 'census' else 'rows'}{blank}"


def issue_text(issue: Mapping[str, Any]) -> str:
    """One issue on one line: where, field, value, rule and detail (a refusal of a whole file may
    have no line, path or field)."""
    place = f"line {issue['line']}" if issue["line"] is not None else issue["path"]
    where = " ".join(part for part in (issue["file"], place) if part)
    what = f", {issue['field']} {issue['value']!r}" if issue["field"] is not None else ""
    detail = f" ({issue['detail']})" if issue["detail"] else ""
    return f"{where}{what}: {issue['rule']}{detail}"


def _describe_issues(title: str, issues: pl.DataFrame, limit: int) -> list[str]:
    """Counts by rule, then the first ``limit`` issues."""
    if issues.is_empty():
        return [f"{title}: none"]
    counts = issues.group_by("rule", maintain_order=True).len()
    lines = [f"{title}, by rule:"]
    lines.extend(f"  {count:>7}  {rule}" for rule, count in counts.iter_rows())
    shown = issues.head(max(limit, 0))
    if shown.height:
        lines.append(f"{title}, first {shown.height} of {issues.height}:")
        lines.extend(f"  {issue_text(issue)}" for issue in shown.iter_rows(named=True))
    return lines
