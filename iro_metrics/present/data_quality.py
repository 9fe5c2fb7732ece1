"""What the data-quality page shows, as display tables: each table of the extract with its rows
read, loaded and set aside and the dates it covers, the set-aside rows and warnings of the
validation report counted by rule and listed, an import's files, counts and repairs by rule; and
which headline figures read a table with more than 5% of its rows set aside or repaired, with
the note they carry.

Every count goes through :mod:`iro_metrics.present.formatting`; file row numbers are identifiers, not
counts, and are shown as written.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from iro_metrics.contract.extract import TABLES, Extract, ValidationReport
from iro_metrics.contract.loader import file_name
from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present.disclosure import protect_count, protect_counts
from iro_metrics.present.formatting import NOT_AVAILABLE, format_number, format_numbers

TABLE_NAMES: dict[str, str] = {
    "children": "Children",
    "lac_episodes": "Looked-after episodes",
    "lac_reviews": "Looked-after reviews",
    "cp_plans": "Child protection plans",
    "s47_enquiries": "Section 47 enquiries",
    "cp_conferences": "Child protection conferences",
    "iro_staff": "IRO staff",
    "iro_allocations": "IRO allocations",
    "iro_disputes": "IRO disputes",
    "iro_activity": "IRO contact with children",
    "other_reviews": "Other statutory reviews",
    "service_activity": "Training, panels and audits",
    "feedback": "Feedback",
    "population": "Population aged 0–17",
}
"""Each table of the extract contract in plain words."""

MAIN_DATE: dict[str, str] = {
    "children": "date_of_birth",
    "lac_episodes": "episode_start",
    "lac_reviews": "review_date",
    "cp_plans": "plan_start",
    "s47_enquiries": "s47_start",
    "cp_conferences": "conference_date",
    "iro_staff": "start_date",
    "iro_allocations": "allocated_from",
    "iro_disputes": "raised_date",
    "iro_activity": "activity_date",
    "other_reviews": "review_date",
    "service_activity": "activity_date",
    "feedback": "feedback_date",
    "population": "mid_year",
}
"""The column whose earliest and latest values give the dates a table covers."""

LOADED = "Loaded"
ABSENT = "Not in this extract"
UNREADABLE = "Could not be read"

SUMMARY_COLUMNS = ("Table", "File", "Status", "Rows read", "Rows loaded", "Rows set aside",
                   "Dates from", "Earliest", "Latest")


HOW_CHECKED = """
1. **Files that cannot be read.** A file that is missing or damaged, or that lacks a column or \
has a column of the wrong kind, cannot be used. If it is an essential table (children, and \
looked-after episodes or child protection plans), the whole extract is refused and every page \
says why. Any other table is treated as missing: the pages that need it say so, and the problem \
is listed on this page.
2. **Rows that break a rule are set aside.** A row with an unknown code, an empty entry that must \
be filled in, an end date before its start date, a child who is not in the children table, a \
duplicate, or dates that overlap another row for the same child is kept out of every figure. It \
is not silently dropped: it is counted and listed here so that it can be put right in the case \
records. Rows loaded plus rows set aside always equal the rows read.
3. **Warnings.** A row that is valid on its own but disagrees with another (for example a review \
coded PN0, "child under 4", for a child aged 4 or over) is loaded and counted in the figures, \
and listed here so that it can be checked.
"""
"""The three levels of checking, as the Data quality page states them."""


def day(value: dt.date) -> str:
    """A date as shown in the data-quality tables: ``1 Apr 2019``."""
    return f"{value.day} {value:%b %Y}"


def _bound(table: str, value: dt.date | int | None) -> str:
    """The earliest or latest main date of a table as shown: a day, or the population's
    mid-year."""
    if value is None:
        return NOT_AVAILABLE
    if table == "population" or not isinstance(value, dt.date):
        return f"mid-{value}"
    return day(value)


def table_status(report: ValidationReport, table: str) -> str:
    """Loaded, not in this extract, or could not be read (a message names the problem)."""
    if table in report.rows_read:
        return LOADED
    prefix = f"{file_name(table)}:"
    if any(message.startswith(prefix) for message in report.messages):
        return UNREADABLE
    return ABSENT


def table_summary(extract: Extract, public: bool = False) -> pl.DataFrame:
    """One row per table of the contract, in contract order, as display text (for the public,
    row counts from 1 to 5 are shown as c)."""
    report = extract.report
    def shown(counts: dict[str, int]) -> dict[str, float | None]:
        return {table: protect_count(count) if public else count
                for table, count in counts.items()}

    read, loaded, set_aside = (shown(report.rows_read), shown(report.rows_loaded),
                               shown(report.rows_set_aside))
    rows = []
    for table in TABLES:
        status = table_status(report, table)
        frame = getattr(extract, table)
        earliest = latest = None
        if frame is not None and frame.height:
            earliest, latest = frame[MAIN_DATE[table]].min(), frame[MAIN_DATE[table]].max()
        rows.append({
            "Table": TABLE_NAMES[table],
            "File": file_name(table),
            "Status": status,
            "Rows read": format_number(read.get(table)),
            "Rows loaded": format_number(loaded.get(table)),
            "Rows set aside": format_number(set_aside.get(table)),
            "Dates from": MAIN_DATE[table] if status == LOADED else NOT_AVAILABLE,
            "Earliest": _bound(table, earliest),
            "Latest": _bound(table, latest),
        })
    return pl.DataFrame(rows, schema=dict.fromkeys(SUMMARY_COLUMNS, pl.String))


def totals(report: ValidationReport) -> dict[str, int]:
    """Rows read, loaded and set aside over every table, and the number of warnings."""
    return {
        "read": sum(report.rows_read.values()),
        "loaded": sum(report.rows_loaded.values()),
        "set_aside": sum(report.rows_set_aside.values()),
        "warnings": report.warnings.height,
    }


def counts_by_rule(issues: pl.DataFrame, public: bool = False) -> pl.DataFrame:
    """Rows per file and rule (a row listed under several columns for one rule counts once), in
    the report's order (contract order of files, then as first found); for the public, counts
    from 1 to 5 are shown as c, with secondary suppression within each file."""
    counts = issues.group_by("file", "rule", maintain_order=True).agg(
        pl.col("row").n_unique().alias("rows"))
    if public:
        counts = protect_counts(counts, ("rows",), table=("file",), group="rule")
    return counts.select(pl.col("file").alias("File"), pl.col("rule").alias("Rule"),
                         format_numbers(counts["rows"]).alias("Rows")).cast(pl.String)


def issue_list(issues: pl.DataFrame) -> pl.DataFrame:
    """Set-aside rows or warnings, one per line: file, row number in the file, column, value,
    rule."""
    return issues.select(
        pl.col("file").alias("File"), pl.col("row").cast(pl.String).alias("Row"),
        pl.col("column").alias("Column"), pl.col("value").alias("Value"),
        pl.col("rule").alias("Rule"),
    )


def headline(counts: dict[str, int], public: bool = False) -> str:
    """The page's finding, from :func:`totals`: how many rows were set aside and how many
    warnings there are (for the public, a count from 1 to 5 is shown as c, the rows read as
    the tile above it shows them)."""
    read, set_aside, warnings = counts["read"], counts["set_aside"], counts["warnings"]
    shown = protect_count if public else float
    if set_aside:
        was = "was" if set_aside == 1 else "were"
        loaded = (f"{format_number(shown(set_aside))} of {format_number(shown(read))} rows "
                  f"read {was} set aside")
    else:
        loaded = f"All {format_number(shown(read))} rows read were loaded"
    if not warnings:
        return f"{loaded}, with no warnings"
    verb = "needs" if warnings == 1 else "need"
    noun = "warning" if warnings == 1 else "warnings"
    return f"{loaded}; {format_number(shown(warnings))} {noun} {verb} checking"


def imported_at(report: Mapping[str, Any]) -> str:
    """When the import report was written, to the minute: ``2021-04-01 09:30``."""
    return str(report.get("imported_at", "")).replace("T", " ")[:16]


def import_files(report: Mapping[str, Any], public: bool = False) -> pl.DataFrame:
    """The files an import read (from ``import_report.json``): return, file, size and rows as
    display text; for the public, row counts from 1 to 5 are shown as c."""
    rows = []
    for entry in report.get("inputs", []):
        for item in entry.get("files", []):
            count = item.get("rows")
            rows.append({
                "Return": f"{entry.get('kind', '')} {entry.get('label', '')}".strip(),
                "File": Path(str(item.get("path", ""))).name,
                "Size (bytes)": format_number(item.get("bytes")),
                "Rows": format_number(protect_count(count) if public else count),
                "Used": "yes" if item.get("imported", True) else "no",
            })
    return pl.DataFrame(rows, schema=dict.fromkeys(
        ("Return", "File", "Size (bytes)", "Rows", "Used"), pl.String))


def import_tables(report: Mapping[str, Any], public: bool = False) -> pl.DataFrame:
    """Rows per table through the import (read, merged, set aside, loaded, and of those loaded
    how many were repaired) as display text; x where an older report has no such count."""
    names = ("read", "merged", "set_aside", "loaded", "repaired")
    rows = []
    for table, counts in report.get("tables", {}).items():
        values = [counts.get(name) for name in names]
        if public:
            values = [protect_count(value) for value in values]
        rows.append({"Table": TABLE_NAMES.get(table, table),
                     **{name.replace("_", " ").capitalize(): format_number(value)
                        for name, value in zip(names, values, strict=True)}})
    return pl.DataFrame(rows, schema=dict.fromkeys(
        ("Table", "Read", "Merged", "Set aside", "Loaded", "Repaired"), pl.String))


NOTE_PERCENT = 5
"""Above this percentage of a table's rows set aside or repaired, a headline figure reading the
table carries a data-quality note."""


@dataclass(frozen=True)
class TableShare:
    """One table's rows set aside or repaired (``touched``) out of the rows they are a share of
    (``base``)."""

    table: str
    touched: int
    base: int

    @property
    def over(self) -> bool:
        """More than 5% (strictly: exactly 5% is not over), in whole numbers, so that no
        rounding moves the boundary."""
        return self.touched * 100 > NOTE_PERCENT * self.base

    @property
    def percent(self) -> float:
        """The share as a percentage."""
        return 100 * self.touched / self.base


def table_shares(report: ValidationReport,
                 imported: Mapping[str, Any] | None) -> dict[str, TableShare]:
    """Each loaded table's rows set aside or repaired: for a directory made by the import
    (``imported``, its ``import_report.json``), the rows set aside by the import or the loader
    plus the rows repaired, out of the rows left after merging (a merged record is the same
    record in a later return, not a loss); otherwise the loader's rows set aside out of the rows
    it read."""
    counted = imported.get("tables", {}) if imported else {}
    shares = {}
    for table, read in report.rows_read.items():
        counts = counted.get(table)
        if counts:
            base = counts["read"] - counts["merged"]
            touched = counts["set_aside"] + counts.get("repaired", 0)
        else:
            base, touched = read, report.rows_set_aside[table]
        if base:
            shares[table] = TableShare(table, touched, base)
    return shares


def affected_indicators(indicator_ids: Iterable[str], shares: Mapping[str, TableShare]
                        ) -> dict[str, tuple[TableShare, ...]]:
    """Of ``indicator_ids``, those reading a table (``Indicator.tables`` or ``also_reads``) that
    had more than 5% of its rows set aside or repaired, with those tables: which headline figures
    carry a note, and why."""
    found = {indicator_id: tuple(shares[table] for table in (*BY_ID[indicator_id].tables,
                                                             *BY_ID[indicator_id].also_reads)
                                 if table in shares and shares[table].over)
             for indicator_id in indicator_ids}
    return {indicator_id: tables for indicator_id, tables in found.items() if tables}


def quality_note(affected: Sequence[TableShare], public: bool = False) -> str | None:
    """The note under a headline figure whose inputs are ``affected`` (:func:`affected_indicators`),
    naming each table with its share (for the public the tables only: a share of a shown total
    would give a small count away); None when there are none."""
    if not affected:
        return None
    named = "; ".join(TABLE_NAMES.get(item.table, item.table) if public else
                      f"{TABLE_NAMES.get(item.table, item.table)} "
                      f"{format_number(item.percent, 1)}%" for item in affected)
    return (f"Data quality: more than {NOTE_PERCENT}% of the rows behind this figure were set "
            f"aside or repaired when the data were loaded ({named}), so read it with care. The "
            "Data quality page says which rows and why.")


def import_repairs(report: Mapping[str, Any], public: bool = False) -> pl.DataFrame:
    """Rows the import repaired (``import_report.json``'s ``repairs``), per table and rule in the
    report's order; for the public, counts from 1 to 5 are shown as c, with secondary
    suppression within each table."""
    counts = pl.DataFrame(report.get("repairs", []),
                          schema={"table": pl.String, "rule": pl.String, "rows": pl.Int64})
    if public:
        counts = protect_counts(counts, ("rows",), table=("table",), group="rule")
    return counts.select(pl.col("table").replace(TABLE_NAMES).alias("Table"),
                         pl.col("rule").alias("Rule"),
                         format_numbers(counts["rows"]).alias("Rows"))


def import_issues(items: list[dict[str, Any]]) -> pl.DataFrame:
    """Set-aside records or warnings of an import, one per line (record-level: managers only)."""
    columns = ("file", "line", "path", "field", "value", "rule")
    return pl.DataFrame([{name.capitalize(): "" if item.get(name) is None else str(item[name])
                          for name in columns} for item in items],
                        schema=dict.fromkeys((c.capitalize() for c in columns), pl.String))
