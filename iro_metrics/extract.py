"""The loaded data directory: every table of the extract contract plus its validation report."""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

REQUIRED_TABLES = ("children",)
ONE_OF_REQUIRED = ("lac_episodes", "cp_plans")
TABLES = (
    "children",
    "lac_episodes",
    "lac_reviews",
    "cp_plans",
    "s47_enquiries",
    "cp_conferences",
    "iro_staff",
    "iro_allocations",
    "iro_disputes",
    "population",
)


@dataclass(frozen=True)
class Authority:
    """The contents of ``authority.json``."""

    la_code: str
    la_name: str
    region: str
    extract_date: dt.date
    synthetic: bool


ISSUE_COLUMNS = {"file": pl.String, "row": pl.Int64, "column": pl.String, "value": pl.String,
                 "rule": pl.String}


def empty_issues() -> pl.DataFrame:
    """An empty table of set-aside rows or warnings, with the report's columns."""
    return pl.DataFrame(schema=ISSUE_COLUMNS)


@dataclass(frozen=True)
class ValidationReport:
    """What loading found: rows read and loaded per table, rows set aside, warnings.

    ``set_aside`` and ``warnings`` have the columns file, row (1 = first data row), column, value
    and rule; a row set aside for several reasons is listed once per reason. ``messages`` holds the
    level-1 problems of optional tables that were treated as absent.
    """

    rows_read: dict[str, int] = field(default_factory=dict)
    rows_loaded: dict[str, int] = field(default_factory=dict)
    set_aside: pl.DataFrame = field(default_factory=empty_issues)
    warnings: pl.DataFrame = field(default_factory=empty_issues)
    messages: tuple[str, ...] = ()

    @property
    def rows_set_aside(self) -> dict[str, int]:
        """Rows set aside per table (rows read less rows loaded)."""
        return {t: self.rows_read[t] - self.rows_loaded.get(t, 0) for t in self.rows_read}


@dataclass(frozen=True, eq=False)
class Extract:
    """Every table of a data directory; an absent optional table is ``None``, never an empty frame."""

    directory: Path
    authority: Authority
    children: pl.DataFrame
    lac_episodes: pl.DataFrame | None
    lac_reviews: pl.DataFrame | None
    cp_plans: pl.DataFrame | None
    s47_enquiries: pl.DataFrame | None
    cp_conferences: pl.DataFrame | None
    iro_staff: pl.DataFrame | None
    iro_allocations: pl.DataFrame | None
    iro_disputes: pl.DataFrame | None
    population: pl.DataFrame | None
    report: ValidationReport


class ExtractRefused(Exception):
    """The data directory cannot be used at all; ``messages`` holds one line per problem.

    ``report`` is the validation report when the tables were read but validation left nothing
    to report on (what was set aside, and why), else ``None``.
    """

    def __init__(self, directory: Path, messages: list[str],
                 report: ValidationReport | None = None) -> None:
        self.directory = directory
        self.messages = tuple(messages)
        self.report = report
        super().__init__("\n".join(messages))
