"""The loaded data directory: every table of the extract contract plus its validation report."""

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from iro_metrics.refusal import Refused

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
    "iro_activity",
    "other_reviews",
    "service_activity",
    "feedback",
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


class Message(str):
    """One problem with a data directory as a line of text: the loader's own words, then in
    brackets the error text of the library that failed to read a file, when there is one.

    ``own_words`` is the line without that error text. Libraries name server paths and internal
    details in their errors; managers and the command line get the whole line, the public only
    the loader's own words (:func:`own_words`). Being a ``str``, a message is compared, printed
    and joined like any other line.
    """

    own_words: str

    def __new__(cls, own_words: str, library_error: str = "") -> "Message":
        message = super().__new__(cls, f"{own_words} ({library_error})" if library_error
                                  else own_words)
        message.own_words = own_words
        return message


def own_words(message: str) -> str:
    """The loader's own words of a problem message, without any library's error text."""
    return message.own_words if isinstance(message, Message) else message


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
    iro_activity: pl.DataFrame | None
    other_reviews: pl.DataFrame | None
    service_activity: pl.DataFrame | None
    feedback: pl.DataFrame | None
    population: pl.DataFrame | None
    report: ValidationReport
    derived: dict[str, pl.DataFrame] = field(default_factory=dict, repr=False)
    """Tables worked out from the loaded ones, kept so that each is worked out once
    (``iro_metrics.indicators.derived``); the loader puts in those its warnings needed."""
    recent: dict[Hashable, pl.DataFrame] = field(default_factory=dict, init=False, repr=False)
    """Results kept while they are among the most recently asked for
    (``iro_metrics.indicators.derived.recent``): the counting units of the last few periods."""

    def table(self, name: str) -> pl.DataFrame:
        """The table ``name``, which the caller needs (the engine asks only for tables an
        indicator declares, having checked they are present)."""
        frame = self.optional(name)
        if frame is None:
            raise MissingTable(name)
        return frame

    def has(self, name: str) -> bool:
        """Whether this extract has the table ``name``."""
        return self.optional(name) is not None

    def optional(self, name: str) -> pl.DataFrame | None:
        """The table ``name``, or None when this extract has none."""
        if name not in TABLES:
            raise KeyError(f"no table called {name!r} in the extract contract")
        frame: pl.DataFrame | None = getattr(self, name)
        return frame


class MissingTable(LookupError):
    """A table was asked for that the extract does not have."""


class ExtractRefused(Refused):
    """The data directory cannot be used at all; ``messages`` holds one line per problem.

    ``report`` is the validation report when the tables were read but validation left nothing
    to report on (what was set aside, and why), else ``None``.
    """

    def __init__(self, directory: Path, messages: list[str],
                 report: ValidationReport | None = None) -> None:
        super().__init__(messages)
        self.directory = directory
        self.report = report
