"""Read one SSDA903 return: a folder of CSV files for one reporting year (dates dd/mm/yyyy).

The import uses three of the return's tables: ``header`` (one row per child looked after in the
year), ``episodes`` (every episode open during the year) and ``reviews`` (every review held in it).
A file is recognised by its name (``Header.CSV`` is the header table) or, when the name is not a
table name, by its columns; the return's other tables (AD1, missing, OC2, OC3, placed for adoption,
previous permanence, UASC) are recognised and listed as not imported. Every value is checked against
the 2019-20 code lists (``iro_metrics.contract.codes``) with Polars expressions, never row by row.

The return's year comes from the folder name when it holds one (``2019-20``, which must be a year
a return can describe: ``rules.YEAR_RANGE``); otherwise from its
dates: the reporting year in which most episode end dates and review dates fall (a later year on a
tie), or, when the return has neither, the year of its latest episode start. Its reference date is
the year's last day, 31 March.
"""

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from iro_metrics.contract import codes
from iro_metrics.indicators.periods import Period, reporting_year
from iro_metrics.returns import rules
from iro_metrics.returns.common import (
    EARLIEST,
    SSDA903,
    Check,
    InputRefused,
    ReturnInfo,
    Span,
    as_date,
    code_rule,
    date_rule,
    find_problems,
    header_names,
    id_rule,
    kept_inside,
    out_of_years,
    read_csv_records,
    stripped,
    where_valid,
    year_allowed,
)
from iro_metrics.returns.report import FileEntry

DATE_FORM = "%d/%m/%Y"
DATE_LABEL = "dd/mm/yyyy"

IMPORTED: dict[str, tuple[str, ...]] = {
    "header": ("CHILD", "SEX", "DOB", "ETHNIC"),
    "episodes": ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"),
    "reviews": ("CHILD", "REVIEW", "REVIEW_CODE"),
}
"""The columns the import reads from each table (the others are not needed by the contract)."""
REQUIRED = ("header", "episodes")
CONTRACT_TABLES = {"header": "children", "episodes": "lac_episodes", "reviews": "lac_reviews"}

SIGNATURES: dict[str, frozenset[str]] = {
    "header": frozenset({"CHILD", "SEX", "DOB", "ETHNIC"}),
    "episodes": frozenset({"CHILD", "DECOM", "RNE", "LS"}),
    "reviews": frozenset({"CHILD", "REVIEW", "REVIEW_CODE"}),
    "ad1": frozenset({"DATE_INT", "DATE_MATCH"}),
    "missing": frozenset({"MISSING", "MIS_START"}),
    "oc2": frozenset({"SDQ_SCORE", "CONVICTED"}),
    "oc3": frozenset({"IN_TOUCH", "ACTIV", "ACCOM"}),
    "placedadoption": frozenset({"DATE_PLACED"}),
    "prevperm": frozenset({"PREV_PERM"}),
    "uasc": frozenset({"DUC"}),
}
"""Columns that identify each SSDA903 table when its file name does not."""

SEX_CODES = {"1": "M", "2": "F"}
_YEAR_IN_NAME = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class Return903:
    """One return: its description and, per imported table, its records and their problems.

    Records hold rec, file, line, path and the contract's columns (null where the value broke a
    rule); ``header`` records also hold ``dob_state`` (``born``, or null when DOB is unusable)."""

    info: ReturnInfo
    records: dict[str, pl.DataFrame]
    problems: dict[str, pl.DataFrame]


def read_return(directory: Path) -> Return903:
    """Read and check one return folder; :class:`InputRefused` when it cannot be used at all."""
    shown = str(directory)
    if not directory.is_dir():
        raise InputRefused([f"{shown}: no such directory"])
    files, tables = _identify(directory)
    if not tables:
        raise InputRefused([f"{shown}: no SSDA903 header, episodes or reviews file found (looked "
                            "for header.csv, episodes.csv and reviews.csv, or CSV files with "
                            "their columns)"])
    missing = [f"{shown}: no {table} file (a {table}.csv, or a CSV file with the columns "
               f"{', '.join(sorted(SIGNATURES[table]))})" for table in REQUIRED if table not in tables]
    if missing:
        raise InputRefused(missing)
    read = {}
    for table, path in tables.items():
        read[table] = read_csv_records(path, str(path), table, IMPORTED[table],
                                       contract_table=CONTRACT_TABLES[table])
        entry = next(item for item in files if item["path"] == str(path))
        entry["rows"] = read[table].records.height
        entry["blank_lines"] = read[table].blank_lines
    year, year_from = _year(directory, {table: found.records for table, found in read.items()})
    info = ReturnInfo(kind=SSDA903, label=year.label, source=shown, reference_date=year.end,
                      year_start=year.start, year_from=year_from, files=files)
    records: dict[str, pl.DataFrame] = {}
    problems: dict[str, pl.DataFrame] = {}
    for table, found in read.items():
        checked = CHECKERS[table](found.records, year.end)
        records[table] = checked.records
        problems[table] = pl.concat([found.problems, checked.problems]).sort("rec",
                                                                             maintain_order=True)
    if "reviews" in records:
        problems["reviews"] = kept_inside(
            problems["reviews"], records["reviews"], Span(
                records["episodes"], problems["episodes"], ("child_id", "child_id"),
                "episode_start", "episode_end"),
            late=rules.after_reference("REVIEW"), repair=rules.REVIEW_AFTER_REFERENCE,
            date="review_date")
    return Return903(info, records, problems)


def _identify(directory: Path) -> tuple[list[FileEntry], dict[str, Path]]:
    """Every CSV file of the folder as the report lists it, and the file of each imported table."""
    files: list[FileEntry] = []
    tables: dict[str, Path] = {}
    clashes: list[str] = []
    for path in sorted(p for p in directory.iterdir() if p.is_file()
                       and p.suffix.lower() == ".csv"):
        table = path.stem.lower() if path.stem.lower() in SIGNATURES else None
        if table is None and path.stat().st_size:
            try:
                columns = set(header_names(path, str(path)))
            except InputRefused:  # not text: not one of the return's files
                columns = set()
            table = next((name for name, needed in SIGNATURES.items() if needed <= columns), None)
        files.append({"path": str(path), "bytes": path.stat().st_size, "table": table,
                      "imported": table in IMPORTED})
        if table not in IMPORTED:
            continue
        if table in tables:
            clashes.append(f"{directory}: two files hold the {table} table: {tables[table].name} "
                           f"and {path.name}")
        tables[table] = path
    if clashes:
        raise InputRefused(clashes)
    return files, tables


def _year(directory: Path, records: dict[str, pl.DataFrame]) -> tuple[Period, str]:
    """The reporting year of the return and how it was found (see the module docstring)."""
    match = _YEAR_IN_NAME.search(directory.name)
    if match and int(match[2]) == (int(match[1]) + 1) % 100:
        if not year_allowed(int(match[1])):
            raise out_of_years(str(directory), field="year in the folder name", value=match[0])
        return reporting_year(int(match[1])), "the folder name"
    today = dt.date.today()

    def usable(frame: pl.DataFrame | None, column: str) -> pl.Series:
        if frame is None:
            return pl.Series(column, [], dtype=pl.Date)
        dates = frame.select(as_date(column, DATE_FORM)).to_series()
        return dates.filter(dates.is_between(EARLIEST, today)).alias("day")

    ends = pl.concat([usable(records["episodes"], "DEC"),
                      usable(records.get("reviews"), "REVIEW")])
    if ends.len():
        years = (ends.dt.year() - (ends.dt.month() < 4).cast(pl.Int32)).value_counts(
            name="count").sort("count", "day", descending=True)
        return reporting_year(int(years["day"][0])), "the episode end and review dates"
    latest = usable(records["episodes"], "DECOM").max()
    if isinstance(latest, dt.date):
        first = latest.year if latest.month >= 4 else latest.year - 1
        return reporting_year(first), "the latest episode start date"
    raise InputRefused([f"{directory}: the return's year cannot be told: the folder name holds no "
                        "year like 2019-20 and the episodes hold no usable dates"])


@dataclass(frozen=True)
class Checked:
    """A table's records with typed contract columns, and the problems found."""

    records: pl.DataFrame
    problems: pl.DataFrame


def _date_check(field: str, reference: dt.date, *, required: bool) -> Check:
    """A dd/mm/yyyy date field, judged against the return's reference date (31 March)."""
    rule = date_rule(field, DATE_FORM, DATE_LABEL, required=required, reference=reference)
    return Check(field, rule, detail=pl.when(rule == rules.after_reference(field))
                 .then(pl.lit(reference.strftime(DATE_FORM))))


def _check_header(records: pl.DataFrame, reference: dt.date) -> Checked:
    """Header rows: CHILD, SEX 1/2, DOB, ETHNIC; each value kept only where it is valid."""
    child = Check("CHILD", id_rule("CHILD"))
    sex = Check("SEX", code_rule("SEX", tuple(SEX_CODES), required=True))
    dob = _date_check("DOB", reference, required=True)
    ethnic = Check("ETHNIC", code_rule("ETHNIC", codes.ETHNICITY, required=True,
                                       described="an SSDA903 ETHNIC code"))
    checks = [child, sex, dob, ethnic]
    typed = records.select(
        "rec", "file", "line", "path",
        where_valid(child, stripped("CHILD")).alias("child_id"),
        where_valid(sex, stripped("SEX").replace_strict(SEX_CODES, default=None)).alias("sex"),
        pl.lit("SEX").alias("sex_field"),
        where_valid(dob, as_date("DOB", DATE_FORM)).alias("date_of_birth"),
        pl.lit(None, dtype=pl.Date).alias("expected_date_of_birth"),
        where_valid(dob, pl.lit("born")).alias("dob_state"),
        where_valid(ethnic, stripped("ETHNIC")).alias("ethnicity"),
        pl.lit(None, dtype=pl.Boolean).alias("disability"),
        sex_text=stripped("SEX"), birth_text=stripped("DOB"), ethnicity_text=stripped("ETHNIC"),
    )
    return Checked(typed, find_problems(records, CONTRACT_TABLES["header"], checks))


def _check_episodes(records: pl.DataFrame, reference: dt.date) -> Checked:
    """Episode rows: dates, codes, DEC after DECOM, REC given when DEC is. An episode whose end
    contradicts the rest of the return is repaired, not set aside (``rules.REPAIRS``): REC
    without DEC is dropped, and an end after the reference date leaves the episode open; an
    unknown PLACE_PROVIDER, which no figure reads, is dropped."""
    start = _date_check("DECOM", reference, required=True)
    end = _date_check("DEC", reference, required=False)
    decom, dec = as_date("DECOM", DATE_FORM), as_date("DEC", DATE_FORM)
    late_end = end.rule.eq_missing(rules.after_reference("DEC"))
    dates_ok = start.rule.is_null() & end.rule.is_null()
    end_rule = (pl.when(late_end).then(pl.lit(rules.DEC_AFTER_REFERENCE))
                .otherwise(pl.coalesce(end.rule, pl.when(dates_ok & (dec <= decom))
                                       .then(pl.lit(rules.after("DEC", "DECOM"))))))
    rec_alone = stripped("DEC").is_null() & stripped("REC").is_not_null()
    ceased = code_rule("REC", codes.REASON_EPISODE_CEASED, required=False,
                       described="an SSDA903 REC code")
    ceased_rule = (
        pl.when(rec_alone).then(pl.lit(rules.REC_WITHOUT_DEC))
        .when(late_end).then(pl.lit(None, dtype=pl.String))
        .otherwise(pl.coalesce(ceased, pl.when(end.rule.is_null() & dec.is_not_null()
                                               & stripped("REC").is_null())
                               .then(pl.lit(rules.CEASED_WHEN_ENDED)))))
    unknown_provider = code_rule("PLACE_PROVIDER", codes.PLACEMENT_PROVIDER, required=False)
    provider = Check("PLACE_PROVIDER", pl.when(unknown_provider.is_not_null())
                     .then(pl.lit(rules.PROVIDER_DROPPED)))
    checks = [
        Check("CHILD", id_rule("CHILD")),
        start,
        Check("DEC", end_rule, detail=end.detail),
        Check("RNE", code_rule("RNE", codes.REASON_NEW_EPISODE, required=True)),
        Check("LS", code_rule("LS", codes.LEGAL_STATUS, required=True,
                              described="an SSDA903 LS code")),
        Check("CIN", code_rule("CIN", codes.CATEGORY_OF_NEED, required=True)),
        Check("PLACE", code_rule("PLACE", codes.PLACEMENT_TYPE, required=True,
                                 described="an SSDA903 PLACE code")),
        provider,
        Check("REC", ceased_rule),
    ]
    typed = records.select(
        "rec", "file", "line", "path",
        child_id=stripped("CHILD"), episode_start=decom,
        episode_end=pl.when(~late_end).then(dec),
        reason_new_episode=stripped("RNE"), legal_status=stripped("LS"),
        category_of_need=stripped("CIN"), placement_type=stripped("PLACE"),
        placement_provider=where_valid(provider, stripped("PLACE_PROVIDER")),
        reason_episode_ceased=pl.when(~late_end & ~rec_alone).then(stripped("REC")),
    )
    return Checked(typed, find_problems(records, CONTRACT_TABLES["episodes"], checks))


def _check_reviews(records: pl.DataFrame, reference: dt.date) -> Checked:
    """Review rows: CHILD, REVIEW date, REVIEW_CODE PN0-PN7."""
    checks = [
        Check("CHILD", id_rule("CHILD")),
        _date_check("REVIEW", reference, required=True),
        Check("REVIEW_CODE", code_rule("REVIEW_CODE", codes.PARTICIPATION, required=True)),
    ]
    typed = records.select(
        "rec", "file", "line", "path",
        child_id=stripped("CHILD"), review_date=as_date("REVIEW", DATE_FORM),
        participation_code=stripped("REVIEW_CODE"),
    )
    return Checked(typed, find_problems(records, CONTRACT_TABLES["reviews"], checks))


CHECKERS = {"header": _check_header, "episodes": _check_episodes, "reviews": _check_reviews}
