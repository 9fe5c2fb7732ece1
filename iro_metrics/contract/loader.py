"""Load a data directory and apply the extract contract's three validation levels.

Level 1 (unreadable): a missing or unreadable file, a missing column or a column of the wrong type.
Compatible types are cast to the canonical ones (any integer width to Int64, any number to Float64
for ``fte``, Datetime to Date, Categorical/Enum to String, an all-null column to a nullable
column's type). Columns the contract does not name are dropped: they carry nothing the
indicators use, and the contract keeps personal data out. A problem with ``children`` or
``authority.json``, or with ``lac_episodes``/``cp_plans`` when neither of them can be used,
refuses the directory (:class:`ExtractRefused`, every problem listed); a problem with any other
table makes that table absent, with its message in ``report.messages``. A file is opened by the
loader itself, so that a directory named like a table file is an unreadable file rather than a
Parquet dataset, and glob characters in the path are just characters. In ``authority.json``
``synthetic`` may be left out (false) and ``la_code`` must be three ASCII digits.

Level 2 (row errors): the rules of :mod:`iro_metrics.contract.schemas`, applied stage by stage in the
spec's order, set rows aside; loaded plus set-aside rows equal the rows read, and loaded rows keep
their file order. ``children`` and ``iro_staff`` are loaded first so that the other tables'
references are checked against the rows actually loaded; dates are judged against the extract
date. The loader fails closed: when no child is left, or when lac_episodes and cp_plans had rows
but validation left neither with one, the directory is refused rather than shown as zeros (an
empty file of the pair is the authority saying it has none, and loads).

Level 3 (warnings): loaded rows that disagree with each other are listed in ``report.warnings``.
A check that needs a table the extract lacks is skipped (reviews against periods of care without
``lac_episodes``, ICPC dates without ``cp_conferences``, the chairing IRO in post without
``iro_staff``, IRO contact with a child never looked after without ``lac_episodes``), as is the
age check for a child with no date of birth; an open period of care runs to the extract date.
An optional column (contract v1.1: ``lac_reviews.iro_id`` and ``permanence_plan``) may be absent
from its file; the table then loads without it, and what needs it says so (an indicator's
``columns``). ``population.ethnic_group`` is the exception (``EMPTY_WHEN_ABSENT``).
"""

import datetime as dt
import json
import re
from pathlib import Path

import pandera.polars as pa
import polars as pl

from iro_metrics.contract.extract import (
    ISSUE_COLUMNS,
    ONE_OF_REQUIRED,
    REQUIRED_TABLES,
    TABLES,
    Authority,
    Extract,
    ExtractRefused,
    Message,
    ValidationReport,
    empty_issues,
)
from iro_metrics.contract.schemas import (
    SCHEMAS,
    Stage,
    as_of,
    references,
    references_for,
    rule_for,
)
from iro_metrics.indicators.demographics import age_on
from iro_metrics.indicators.lac_units import (
    PERIODS_OF_CARE,
    REVIEW_PLACES,
    periods_of_care,
    review_places,
)
from iro_metrics.indicators.periods import open_on

ROW = "__row"
"""The 1-based position of a row in its file, carried through loading and dropped at the end."""

AUTHORITY_FILE = "authority.json"
AUTHORITY_TEXT_KEYS = ("la_code", "la_name", "region")
LA_CODE = re.compile("[0-9]{3}")
"""A DfE LA number: three ASCII digits (``str.isdigit`` would also take other scripts' digits)."""

EXPECTED_TYPE = {pl.String: "text", pl.Date: "a date", pl.Boolean: "true or false",
                 pl.Int64: "a whole number", pl.Float64: "a number"}
"""How a level-1 message names each canonical type."""

PN0_AGED_4 = "PN0 (child under 4) but the child was 4 or over on the review date"
PN1_UNDER_4 = "PN1 to PN7 but the child was under 4 on the review date (PN0 expected)"
OUTSIDE_CARE = "review_date is outside every period of care of the child"
NO_ICPC = "no ICPC or TRANSFER_IN conference of the child on the icpc_date"
NEVER_LOOKED_AFTER = "the child has no lac_episodes row, so was never looked after"
IRO_NOT_IN_POST = "the IRO (iro_id) was not in post in iro_staff on the review_date"
FEW_AGES = "mid_year has fewer than 18 single-age rows (ages 0 to 17)"


def file_name(table: str) -> str:
    """The Parquet file holding ``table``."""
    return f"{table}.parquet"


def load_extract(directory: Path) -> Extract:
    """Read, check and load every table of ``directory``; :class:`ExtractRefused` if unusable."""
    if not directory.is_dir():
        raise ExtractRefused(directory, [f"{directory}: no such data directory"])
    problems: list[str] = []
    messages: list[str] = []
    authority = _read_authority(directory / AUTHORITY_FILE, problems)
    raw: dict[str, pl.DataFrame] = {}
    table_problems: dict[str, list[str]] = {}
    for table in TABLES:
        path = directory / file_name(table)
        if path.exists():
            frame, table_problems[table] = _read_table(path, table)
            if frame is not None:
                raw[table] = frame
        elif table in REQUIRED_TABLES:
            table_problems[table] = [f"{file_name(table)}: required file is missing"]
    usable_pair = any(table in raw for table in ONE_OF_REQUIRED)
    for table, found in table_problems.items():
        refuses = table in REQUIRED_TABLES or (table in ONE_OF_REQUIRED and not usable_pair)
        (problems if refuses else messages).extend(found)
    if not usable_pair and not any(table in table_problems for table in ONE_OF_REQUIRED):
        names = " or ".join(file_name(table) for table in ONE_OF_REQUIRED)
        problems.append(f"{names}: at least one is required")
    if problems or authority is None:
        raise ExtractRefused(directory, problems)

    with as_of(authority.extract_date):
        loaded, set_aside = _apply_row_rules(raw)
    derived = _worked_out(loaded, authority.extract_date)
    report = ValidationReport(
        rows_read={table: frame.height for table, frame in raw.items()},
        rows_loaded={table: frame.height for table, frame in loaded.items()},
        set_aside=set_aside,
        warnings=_warnings(loaded, derived),
        messages=tuple(messages),
    )
    emptied = _nothing_to_report(raw, loaded, set_aside)
    if emptied:
        raise ExtractRefused(directory, emptied, report)
    optional = {table: loaded[table].drop(ROW) if table in loaded else None
                for table in TABLES if table != "children"}
    return Extract(directory=directory, authority=authority, report=report,
                   children=loaded["children"].drop(ROW), derived=derived, **optional)


def _read_authority(path: Path, problems: list[str]) -> Authority | None:
    """Parse ``authority.json``, adding one message per problem to ``problems``."""
    if not path.is_file():
        problems.append(f"{AUTHORITY_FILE}: file is missing")
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        problems.append(Message(f"{AUTHORITY_FILE}: not readable JSON", str(error)))
        return None
    if not isinstance(data, dict):
        problems.append(f"{AUTHORITY_FILE}: not a JSON object")
        return None
    found = len(problems)
    for key in (*AUTHORITY_TEXT_KEYS, "extract_date"):
        if key not in data:
            problems.append(f"{AUTHORITY_FILE}: missing key '{key}'")
        elif not isinstance(data[key], str):
            problems.append(f"{AUTHORITY_FILE}: '{key}' must be text")
    la_code = data.get("la_code")
    if isinstance(la_code, str) and not LA_CODE.fullmatch(la_code):
        problems.append(f"{AUTHORITY_FILE}: la_code '{la_code}' is not a 3-digit DfE LA number")
    synthetic = data.get("synthetic", False)
    if not isinstance(synthetic, bool):
        problems.append(f"{AUTHORITY_FILE}: 'synthetic' must be true or false")
    extract_text, extract_date = data.get("extract_date"), None
    if isinstance(extract_text, str):
        try:
            extract_date = dt.date.fromisoformat(extract_text)
        except ValueError:
            problems.append(f"{AUTHORITY_FILE}: extract_date '{extract_text}' is not a date in "
                            "the form YYYY-MM-DD")
    if len(problems) > found or extract_date is None:
        return None
    return Authority(la_code=data["la_code"], la_name=data["la_name"], region=data["region"],
                     extract_date=extract_date, synthetic=synthetic)


EMPTY_WHEN_ABSENT = {("population", "ethnic_group")}
"""Optional columns whose absence means the same as a column of nulls, so the loader adds them
empty: a v1 population row is a row for all ethnic groups, exactly what an empty
``ethnic_group`` says (whereas a missing ``permanence_plan`` is not a review without a plan)."""

def _read_table(path: Path, table: str) -> tuple[pl.DataFrame | None, list[str]]:
    """Read one Parquet file as the canonical columns of its table, or list its level-1 problems."""
    name = path.name
    try:
        with path.open("rb") as file:
            frame = pl.read_parquet(file)
    except (OSError, pl.exceptions.PolarsError) as error:  # e.g. a directory named like it
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        return None, [Message(f"{name}: not a readable Parquet file",
                              reason.strip().splitlines()[0])]
    problems: list[str] = []
    columns: list[pl.Series] = []
    for column, spec in SCHEMAS[table].to_schema().columns.items():
        canonical = spec.dtype.type
        if column not in frame.columns and (table, column) in EMPTY_WHEN_ABSENT:
            columns.append(pl.Series(column, [None] * frame.height, dtype=canonical))
            continue
        if column not in frame.columns:
            if spec.required:
                problems.append(f"{name}: missing column '{column}'")
            continue
        series = _conform(frame[column], canonical, nullable=spec.nullable)
        if series is None:
            actual = frame[column].dtype.base_type().__name__
            expected = EXPECTED_TYPE[canonical.base_type()]
            problems.append(f"{name}: column '{column}' has type {actual}, expected {expected}")
        else:
            columns.append(series)
    if problems:
        return None, problems
    return pl.DataFrame(columns).with_row_index(ROW, offset=1), []


def _conform(series: pl.Series, canonical: pl.DataType, *, nullable: bool) -> pl.Series | None:
    """``series`` cast to the canonical type when its type is compatible, else ``None``."""
    actual = series.dtype
    if actual == canonical:
        return series
    if canonical == pl.Date and isinstance(actual, pl.Datetime):
        return series.dt.date()
    compatible = (
        (actual == pl.Null and nullable)
        or (canonical == pl.Int64 and actual.is_integer())
        or (canonical == pl.Float64 and actual.is_numeric())
        or (canonical == pl.String and isinstance(actual, pl.Categorical | pl.Enum))
    )
    if not compatible:
        return None
    try:
        return series.cast(canonical)
    except pl.exceptions.InvalidOperationError:  # an unsigned value too large for Int64
        return None


def _apply_row_rules(raw: dict[str, pl.DataFrame]) -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
    """Level 2 for every table: the loaded rows of each, and every set-aside row with its rule."""
    loaded: dict[str, pl.DataFrame] = {}
    issues: list[pl.DataFrame] = []
    loaded["children"], children_set_aside = _set_aside("children", raw["children"])
    issues.append(children_set_aside)
    if "iro_staff" in raw:
        loaded["iro_staff"], found = _set_aside("iro_staff", raw["iro_staff"])
        issues.append(found)
    # Every row sharing a child_id is set aside, so no id is both loaded and set aside.
    set_aside_rows = raw["children"].filter(
        pl.col(ROW).is_in(children_set_aside["row"].cast(pl.UInt32).implode()))
    ids = references_for(
        child_ids=loaded["children"]["child_id"],
        set_aside_child_ids=set_aside_rows["child_id"].drop_nulls(),
        iro_ids=loaded["iro_staff"]["iro_id"] if "iro_staff" in loaded else None,
        referring=[frame["child_id"] for table, frame in raw.items()
                   if table not in loaded and "child_id" in frame.columns],
    )
    with references(ids):
        for table in TABLES:
            if table in raw and table not in loaded:
                loaded[table], found = _set_aside(table, raw[table])
                issues.append(found)
    in_order = {table: loaded[table] for table in TABLES if table in loaded}
    return in_order, _in_file_order(pl.concat(issues))


def _set_aside(table: str, frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Apply one table's row rules stage by stage: its loaded rows, and the rows set aside.

    Each stage sees only the rows that survived the earlier ones. Rules of a stage that do not
    depend on other rows give the same result on any superset of rows, so the model is validated
    again only before a stage whose rules do (duplicate keys, overlaps) and only if rows have gone.
    """
    model = SCHEMAS[table]
    remaining = frame
    failures = _failures(model, remaining)
    validated_rows = remaining.height
    found: list[pl.DataFrame] = []
    for stage in Stage:
        if stage.depends_on_other_rows and remaining.height != validated_rows:
            failures = _failures(model, remaining)
            validated_rows = remaining.height
        gone = pl.concat([failures.clear(), *found])[ROW].implode()
        current = failures.filter(pl.col("stage") == stage.value, ~pl.col(ROW).is_in(gone))
        found.append(current)
        if current.height:  # a filter copies the table even when it keeps every row
            remaining = remaining.filter(~pl.col(ROW).is_in(current[ROW].implode()))
    issues = pl.concat(found).select(
        pl.lit(file_name(table)).alias("file"), _file_row(), "column", "value", "rule"
    )
    return remaining, issues


def _nothing_to_report(raw: dict[str, pl.DataFrame], loaded: dict[str, pl.DataFrame],
                       set_aside: pl.DataFrame) -> list[str]:
    """Why the loaded tables leave nothing to report on (fail closed), or no message.

    No child left, whether the file had none or validation set every one aside, refuses the
    directory. So does lac_episodes/cp_plans when rows were read but validation left neither
    table with one; when their files are empty the authority is saying it has none, which loads.
    """
    if loaded["children"].is_empty():
        return [f"{_emptiness('children', raw, set_aside)}, so there is no child to report on"]
    pair = [table for table in ONE_OF_REQUIRED if table in raw]
    if any(loaded[table].height for table in pair) or not any(raw[table].height for table in pair):
        return []
    names = " or ".join(file_name(table) for table in ONE_OF_REQUIRED)
    return [*(_emptiness(table, raw, set_aside) for table in pair),
            f"{names}: no row is left in either, so there is no episode or plan to report on"]


def _emptiness(table: str, raw: dict[str, pl.DataFrame], set_aside: pl.DataFrame) -> str:
    """How ``table`` came to have no loaded row: no rows in the file, or every row set aside
    (with the rows set aside by each rule, most common first)."""
    name = file_name(table)
    if raw[table].is_empty():
        return f"{name}: has no rows"
    by_rule = (
        set_aside.filter(pl.col("file") == name)
        .group_by("rule", maintain_order=True).agg(pl.col("row").n_unique())
        .sort("row", descending=True, maintain_order=True)
    )
    rules = "; ".join(f"{rule}: {rows}" for rule, rows in by_rule.iter_rows())
    return f"{name}: every row was set aside ({raw[table].height} read; {rules})"


FAILURE_SCHEMA = {ROW: pl.UInt32, "column": pl.String, "value": pl.String, "rule": pl.String,
                  "stage": pl.Int64}


def _failures(model: type[pa.DataFrameModel], frame: pl.DataFrame) -> pl.DataFrame:
    """Every rule failure of ``frame``: file row, blamed column, its value as text, rule, stage."""
    try:
        model.validate(frame.drop(ROW), lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases.select("check", "column", "index")
    else:
        return pl.DataFrame(schema=FAILURE_SCHEMA)
    kinds = cases.select("check", "column").unique(maintain_order=True)
    rules = [rule_for(model, check, column) for check, column in kinds.iter_rows()]
    lookup = kinds.with_columns(
        pl.Series("rule_column", [rule.column for rule in rules], dtype=pl.String),
        pl.Series("rule", [rule.text for rule in rules], dtype=pl.String),
        pl.Series("stage", [rule.stage.value for rule in rules], dtype=pl.Int64),
    )
    blamed = (
        cases.join(lookup, on=["check", "column"], how="left", maintain_order="left")
        .with_columns(pl.col("index").cast(pl.Int64))
        .select(pl.col("rule_column").alias("column"), "index", "rule", "stage")
    )
    values = (
        frame.with_row_index("index").cast({"index": pl.Int64})
        .filter(pl.col("index").is_in(blamed["index"].implode()))
        .select("index", ROW, pl.all().exclude("index", ROW).cast(pl.String))
        .unpivot(index=["index", ROW], variable_name="column", value_name="value")
    )
    return (
        blamed.join(values, on=["index", "column"], how="left", maintain_order="left")
        .with_columns(pl.col("value").fill_null(""))
        .select(list(FAILURE_SCHEMA))
    )


def _worked_out(loaded: dict[str, pl.DataFrame], extract_date: dt.date) -> dict[str, pl.DataFrame]:
    """The tables the warnings need that the engine needs too, worked out once and kept on the
    extract: the periods of care and where each review falls in them, when there are episodes
    and reviews. The engine goes on from them to the reviews' timeliness, which no warning
    reads."""
    episodes, reviews = loaded.get("lac_episodes"), loaded.get("lac_reviews")
    if episodes is None or reviews is None:
        return {}
    periods = periods_of_care(episodes)
    return {PERIODS_OF_CARE: periods,
            REVIEW_PLACES: review_places(reviews, episodes, extract_date, periods)}


def _warnings(loaded: dict[str, pl.DataFrame], derived: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Level 3: loaded rows that disagree with other loaded rows."""
    found: list[pl.DataFrame] = [empty_issues()]
    reviews = loaded.get("lac_reviews")
    if reviews is not None:
        found.append(_participation_warnings(reviews, loaded["children"]))
        if REVIEW_PLACES in derived:
            found.append(_care_warnings(reviews, derived[REVIEW_PLACES]))
        if "iro_staff" in loaded and "iro_id" in reviews.columns:
            found.append(_in_post_warnings(reviews, loaded["iro_staff"]))
    if "iro_activity" in loaded and "lac_episodes" in loaded:
        found.append(_never_looked_after_warnings(loaded["iro_activity"], loaded["lac_episodes"]))
    if "s47_enquiries" in loaded and "cp_conferences" in loaded:
        found.append(_icpc_warnings(loaded["s47_enquiries"], loaded["cp_conferences"]))
    if "population" in loaded:
        found.append(_population_warnings(loaded["population"]))
    return _in_file_order(pl.concat(found))


def _in_file_order(issues: pl.DataFrame) -> pl.DataFrame:
    """Issues ordered by table (in contract order), then file row, then as found."""
    order = {file_name(table): position for position, table in enumerate(TABLES)}
    return issues.select(list(ISSUE_COLUMNS)).sort(
        pl.col("file").replace_strict(order, return_dtype=pl.Int64), "row", maintain_order=True
    )


def _file_row() -> pl.Expr:
    """The issues' ``row``: the file row held in :data:`ROW`, as the report's integer type."""
    return pl.col(ROW).cast(pl.Int64).alias("row")


def _issues(table: str, rows: pl.DataFrame, column: str, rule: str) -> pl.DataFrame:
    """Issue rows (file, row, column, value, rule) for the ``rows`` of ``table``."""
    return rows.select(
        pl.lit(file_name(table)).alias("file"),
        _file_row(),
        pl.lit(column).alias("column"),
        pl.col(column).cast(pl.String).fill_null("").alias("value"),
        pl.lit(rule).alias("rule"),
    )


def _participation_warnings(reviews: pl.DataFrame, children: pl.DataFrame) -> pl.DataFrame:
    """PN0 is the code for a child under 4 at the review, PN1-PN7 for a child of 4 or over."""
    pn0 = pl.col("participation_code") == "PN0"
    aged_4 = pl.col("age") >= 4
    aged = (  # one lazy query, so that only the few disagreeing reviews are ever materialised
        reviews.lazy().select(ROW, "child_id", "review_date", "participation_code")
        .join(children.lazy().select("child_id", "date_of_birth"), on="child_id", how="left",
              maintain_order="left")
        .with_columns(age=age_on(pl.col("date_of_birth"), pl.col("review_date")))
        .filter(pn0 & aged_4 | ~pn0 & ~aged_4)
        .collect()
    )
    return pl.concat([
        _issues("lac_reviews", aged.filter(pn0 & aged_4), "participation_code", PN0_AGED_4),
        _issues("lac_reviews", aged.filter(~pn0 & ~aged_4), "participation_code", PN1_UNDER_4),
    ])


def _care_warnings(reviews: pl.DataFrame, places: pl.DataFrame) -> pl.DataFrame:
    """A looked-after review should fall inside one of the child's periods of care (``places``:
    the reviews' ``review_places``)."""
    outside = places.filter(~pl.col("in_period"))["row"].sort()
    return _issues("lac_reviews", reviews[outside], "review_date", OUTSIDE_CARE)


def _in_post_warnings(reviews: pl.DataFrame, staff: pl.DataFrame) -> pl.DataFrame:
    """The IRO who chaired a review should be in post on its date (indicators.md: started on or
    before it, and not yet ended) in one of their iro_staff rows."""
    chaired = reviews.filter(pl.col("iro_id").is_not_null())
    in_post = chaired.join(staff.select("iro_id", "start_date", "end_date"), on="iro_id").filter(
        *open_on("start_date", "end_date", pl.col("review_date")))
    return _issues("lac_reviews", chaired.join(in_post.select(ROW), on=ROW, how="anti",
                                               maintain_order="left"), "iro_id", IRO_NOT_IN_POST)


def _never_looked_after_warnings(activity: pl.DataFrame, episodes: pl.DataFrame) -> pl.DataFrame:
    """IRO contact is with looked-after children: an activity of a child with no episode at all
    is probably recorded against the wrong child."""
    strays = activity.join(episodes.select("child_id").unique(), on="child_id", how="anti",
                           maintain_order="left")
    return _issues("iro_activity", strays, "child_id", NEVER_LOOKED_AFTER)


def _icpc_warnings(enquiries: pl.DataFrame, conferences: pl.DataFrame) -> pl.DataFrame:
    """An enquiry's ICPC date should be the date of an initial (or transfer-in) conference.
    Conferences taken from the CIN census hold review conferences only, so without any initial
    conference in the extract there is nothing to check against."""
    initial = conferences.filter(pl.col("conference_type").is_in(["ICPC", "TRANSFER_IN"])).select(
        "child_id", icpc_date="conference_date"
    )
    if initial.is_empty():
        return empty_issues()
    unmatched = enquiries.filter(pl.col("icpc_date").is_not_null()).join(
        initial, on=["child_id", "icpc_date"], how="anti", maintain_order="left"
    )
    return _issues("s47_enquiries", unmatched, "icpc_date", NO_ICPC)


def _population_warnings(population: pl.DataFrame) -> pl.DataFrame:
    """Age-band rates need all 18 single ages of a year; flag the year at its first row."""
    short = (
        population.filter(pl.col("age").is_not_null())
        .group_by("mid_year", maintain_order=True)
        .agg(pl.col(ROW).min(), ages=pl.len())
        .filter(pl.col("ages") < 18)
    )
    return _issues("population", short, "mid_year", FEW_AGES)


def describe_report(report: ValidationReport, limit: int) -> str:
    """A plain-text summary: rows per table, counts by rule, then the first ``limit`` issues."""
    lines = ["Rows read, loaded and set aside:"]
    for table in TABLES:
        if table in report.rows_read:
            lines.append(f"  {table}: read {report.rows_read[table]}, loaded "
                         f"{report.rows_loaded[table]}, set aside "
                         f"{report.rows_set_aside[table]}")
        else:
            lines.append(f"  {table}: not in this extract")
    if report.messages:
        lines.append("Tables treated as absent:")
        lines.extend(f"  {message}" for message in report.messages)
    for title, issues in (("Rows set aside", report.set_aside), ("Warnings", report.warnings)):
        lines.extend(_describe_issues(title, issues, limit))
    return "\n".join(lines)


def _describe_issues(title: str, issues: pl.DataFrame, limit: int) -> list[str]:
    """Counts of ``issues`` by file and rule, then the first ``limit`` of them, one a line."""
    if issues.is_empty():
        return [f"{title}: none"]
    counts = issues.group_by("file", "rule", maintain_order=True).len()
    lines = [f"{title}, by rule:"]
    lines.extend(f"{count:>8}  {file}: {rule}" for file, rule, count in counts.iter_rows())
    shown = issues.head(max(limit, 0))
    if shown.height:
        lines.append(f"{title}, first {shown.height} of {issues.height}:")
        lines.extend(f"  {file} row {row}, column {column}, value {value!r}: {rule}"
                     for file, row, column, value, rule in shown.iter_rows())
    return lines
