"""``python -m iro_metrics import``: SSDA903 returns, CIN censuses and a population table in, one
data directory that follows the extract contract out.

Steps: read every input (a file that cannot be read at all refuses the whole import, every such
problem listed); rank the returns by reference date; merge them table by table (``merge.py``);
write the tables, ``authority.json`` and ``import_report.json`` into a new directory next to the
target; load that directory with :func:`iro_metrics.contract.loader.load_extract`, whose own set-aside rows
and warnings are traced back to the input file and line or XML path they came from; and only then
swap it in for the target. When the loader refuses the directory because validation left nothing
to report on (no child, or neither an episode nor a plan), the import is refused with that report.
A refused or failed import leaves an existing directory untouched.

``authority.json``: ``la_code`` from ``--la-code``; ``la_name`` and ``region`` from
``data/reference/local_authorities.csv`` (placeholders, with a note, for a code it lacks);
``extract_date`` is the latest reference date among the returns (31 March for an SSDA903 year,
the census ReferenceDate), not the latest date in the data: a return describes the position on its
reference date, and a mistaken future date in a field must not move the extract's end.
"""

import datetime as dt
import json
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from iro_metrics.contract.extract import TABLES, ExtractRefused
from iro_metrics.contract.loader import file_name, load_extract
from iro_metrics.contract.schemas import SCHEMAS
from iro_metrics.published.reference import REFERENCE_DIR
from iro_metrics.returns.cin import Census, read_census
from iro_metrics.returns.common import (
    ISSUE_SCHEMA,
    SSDA903,
    InputRefused,
    ReturnInfo,
    build_directory,
    check_replaceable,
    replace_directory,
)
from iro_metrics.returns.merge import (
    CHILD_FIELDS,
    ORIGIN,
    SPECS,
    Merged,
    Source,
    merge_children,
    merge_rows,
)
from iro_metrics.returns.population_csv import read_population
from iro_metrics.returns.report import AuthorityJson, ImportReport, InputEntry, write_import_report
from iro_metrics.returns.ssda903 import Return903, read_return

NO_INPUT = "nothing to import: give at least one --ssda903 DIR or --cin FILE"
NOTHING_LOADED = "nothing to import: no child could be loaded from the returns (see above)"
CONFERENCES_NOTE = (
    "cp_conferences holds the census review dates (CPPreviewDate) only: one RCPC row per child "
    "and date (conference_id = child and date), outcome and attendance unknown. The census does "
    "not say which children shared a conference, so conference counts are counts of children, "
    "and it records no initial conferences, so ICPC conference figures are empty.")
DATE_COLUMNS = {"episode_start", "episode_end", "review_date", "plan_start", "plan_end",
                "s47_start", "icpc_date", "conference_date", "date_of_birth",
                "expected_date_of_birth"}


def import_returns(*, ssda903: Sequence[Path], cin: Sequence[Path], population: Path | None,
                   la_code: str, out: Path, reference_dir: Path = REFERENCE_DIR) -> ImportReport:
    """Build the data directory ``out`` from the returns; :class:`InputRefused` when the input
    as a whole cannot be imported (``out`` is then left as it was)."""
    began = time.perf_counter()
    imported_at = dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")
    if not ssda903 and not cin:
        raise InputRefused([NO_INPUT])
    check_replaceable(out, lambda path: (path / "authority.json").is_file(),
                      "a data directory (it has no authority.json)")
    returns, censuses, people = _read_all(ssda903, cin, population, la_code)
    infos = [item.info for item in returns] + [item.info for item in censuses]
    for rank, info in enumerate(sorted(infos, key=lambda i: (i.reference_date, i.kind == SSDA903))):
        info.rank = rank
    merged = _merge(returns, censuses)
    if people is not None:
        merged["population"] = people[0]
    latest = max(infos, key=lambda info: info.rank)
    authority, notes = _authority(la_code, latest.reference_date, reference_dir)
    if censuses:
        notes.append(CONFERENCES_NOTE)
    building = build_directory(out)
    try:
        for table, result in merged.items():
            _contract(table, result.rows).write_parquet(building / file_name(table))
        (building / "authority.json").write_text(json.dumps(authority, indent=2) + "\n",
                                                 encoding="utf-8")
        refusal: list[str] = []
        try:
            validation = load_extract(building).report
        except ExtractRefused as refused:
            refusal = [f"the imported data directory was refused: {message}"
                       for message in refused.messages]
            if refused.report is None:
                raise InputRefused(refusal) from None
            validation = refused.report
        origins = {table: result.rows.select(ORIGIN) for table, result in merged.items()}
        report = ImportReport(
            imported_at=imported_at, seconds=time.perf_counter() - began, out=str(out),
            authority=authority,
            extract_date_from=f"the latest reference date of the returns, {latest.label}",
            inputs=[info.describe() for info in sorted(infos, key=lambda i: i.rank)]
            + ([people[1]] if people is not None else []),
            tables={table: {"read": result.read, "merged": result.merged,
                            "set_aside": result.read - result.merged
                            - validation.rows_loaded[table],
                            "loaded": validation.rows_loaded[table],
                            "repaired": result.repaired}
                    for table, result in merged.items()},
            set_aside=_in_order([*(result.set_aside for result in merged.values()),
                                 _from_loader(validation.set_aside, origins)]),
            warnings=_in_order([*(census.warnings for census in censuses),
                                *(result.warnings for result in merged.values()),
                                _from_loader(validation.warnings, origins)]),
            notes=notes,
        )
        if validation.rows_loaded["children"] == 0:
            raise InputRefused([NOTHING_LOADED], report)
        if refusal:
            raise InputRefused(refusal, report)
        write_import_report(building, report)
        replace_directory(building, out)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return report


def _read_all(ssda903: Sequence[Path], cin: Sequence[Path], population: Path | None,
              la_code: str) -> tuple[list[Return903], list[Census], tuple[Merged, InputEntry] | None]:
    """Read every input, gathering every refusal before refusing."""
    refusals: list[str] = []
    returns: list[Return903] = []
    censuses: list[Census] = []
    people = None
    for directory in ssda903:
        try:
            returns.append(read_return(Path(directory)))
        except InputRefused as refused:
            refusals.extend(refused.messages)
    for path in cin:
        try:
            censuses.append(read_census(Path(path), la_code))
        except InputRefused as refused:
            refusals.extend(refused.messages)
    if population is not None:
        try:
            people = read_population(Path(population))
        except InputRefused as refused:
            refusals.extend(refused.messages)
    seen: dict[tuple[str, dt.date], ReturnInfo] = {}
    for info in [item.info for item in returns] + [item.info for item in censuses]:
        other = seen.setdefault((info.kind, info.reference_date), info)
        if other is not info:
            refusals.append(f"two {info.kind} returns for {info.label}: {other.source} and "
                            f"{info.source}; give one return per year")
    if refusals:
        raise InputRefused(refusals)
    return returns, censuses, people


def _merge(returns: list[Return903], censuses: list[Census]) -> dict[str, Merged]:
    """Every contract table the returns feed, merged across returns."""
    children = merge_children(
        [Source(r.info, r.records["header"], r.problems["header"]) for r in returns]
        + [Source(c.info, c.records["children"], c.problems["children"]) for c in censuses])
    merged: dict[str, Merged] = {"children": children}
    feeds: dict[str, tuple[Sequence[Return903 | Census], str]] = {
        "lac_episodes": (returns, "episodes"), "lac_reviews": (returns, "reviews"),
        "s47_enquiries": (censuses, "s47_enquiries"), "cp_plans": (censuses, "cp_plans"),
        "cp_conferences": (censuses, "cp_conferences")}
    for table, (items, name) in feeds.items():
        sources = [Source(item.info, item.records[name], item.problems[name])
                   for item in items if name in item.records]
        if sources:
            merged[table] = merge_rows(SPECS[table], sources, children.set_aside_ids,
                                       _next_returns(sources))
    return {table: merged[table] for table in TABLES if table in merged}


def _next_returns(sources: list[Source]) -> dict[int, str]:
    """For each source, the label of the following year's return of the same collection."""
    by_start = {(source.info.kind, source.info.year_start): source.info.label
                for source in sources}
    found = {}
    for position, source in enumerate(sources):
        following = by_start.get((source.info.kind,
                                  source.info.reference_date + dt.timedelta(days=1)))
        if following is not None:
            found[position] = following
    return found


def _authority(la_code: str, extract_date: dt.date,
               reference_dir: Path) -> tuple[AuthorityJson, list[str]]:
    """``authority.json`` for ``la_code``, with a note when the reference list lacks it."""
    path = reference_dir / "local_authorities.csv"
    known = (pl.read_csv(path, infer_schema=False).filter(pl.col("la_code") == la_code)
             if path.is_file() else pl.DataFrame())
    notes = []
    if known.height:
        name, region = known["la_name"][0], known["region"][0]
    else:
        name, region = f"LA {la_code}", "region unknown"
        notes.append(f"la_code {la_code} is not in {path}: la_name '{name}' and region "
                     f"'{region}' are placeholders; edit authority.json to name the authority")
    return {"la_code": la_code, "la_name": name, "region": region,
            "extract_date": extract_date.isoformat(), "synthetic": False}, notes


def _contract(table: str, rows: pl.DataFrame) -> pl.DataFrame:
    """The table's contract columns, in contract order, with the contract's types; an optional
    column (v1.1) only when the returns gave it."""
    columns = SCHEMAS[table].to_schema().columns
    return rows.select(pl.col(name).cast(column.dtype.type) for name, column in columns.items()
                       if column.required or name in rows.columns)


def _field_lookup(table: str) -> pl.DataFrame:
    """The input field (and XML place below the record) of each contract column of ``table``,
    by kind of return: columns column, kind, field, at."""
    rows: list[tuple[str, str | None, str, str | None]]
    if table == "children":
        rows = [(column, kind, name, at) for kind, fields in CHILD_FIELDS.items()
                for column, (name, at) in fields.items()]
    else:
        rows = [(column, None, name, at) for column, (name, at) in SPECS[table].fields.items()]
    return pl.DataFrame(rows, schema={"column": pl.String, "kind": pl.String,
                                      "field": pl.String, "at": pl.String}, orient="row")


def _from_loader(issues: pl.DataFrame, origins: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """The loader's set-aside rows or warnings, placed at the input record each row came from."""
    found = []
    for table, origin in origins.items():
        mine = issues.filter(pl.col("file") == file_name(table))
        if mine.is_empty():
            continue
        lookup = _field_lookup(table)
        keys = ["column", "kind"] if table == "children" else ["column"]
        placed = mine.join(origin.with_row_index("row", offset=1).cast({"row": pl.Int64}),
                           on="row", how="left", maintain_order="left", suffix="_origin").join(
            lookup if table == "children" else lookup.drop("kind"), on=keys, how="left",
            maintain_order="left")
        field_name = pl.coalesce("field", "column")
        generated = SPECS[table].ids if table in SPECS else {}
        value = pl.when(pl.col("column").is_in(list(DATE_COLUMNS)) & (pl.col("kind") == SSDA903)
                        ).then(pl.col("value").str.strptime(pl.Date, "%Y-%m-%d", strict=False)
                               .dt.strftime("%d/%m/%Y")).otherwise(pl.col("value"))
        detail = pl.when(pl.col("column").is_in(list(generated))).then(pl.format(
            "{} is made by the import from the child and {}", pl.col("column"), pl.col("field")))
        found.append(placed.select(
            pl.lit(table).alias("table"), pl.col("file_origin").alias("file"), "line",
            pl.when(pl.col("path").is_null()).then(None)
            .when(pl.col("at") == "").then(pl.col("path"))
            .otherwise(pl.concat_str(pl.col("path"), pl.lit("/"),
                                     pl.coalesce("at", field_name))).alias("path"),
            field_name.alias("field"), value.alias("value"), "rule", detail.alias("detail"),
        ).cast(ISSUE_SCHEMA))
    return pl.concat(found) if found else pl.DataFrame(schema=ISSUE_SCHEMA)


def _in_order(parts: list[pl.DataFrame]) -> pl.DataFrame:
    """Issues in contract table order (file-level issues first), then by file and line."""
    order = {table: position for position, table in enumerate(TABLES)}
    issues = pl.concat([part.select(list(ISSUE_SCHEMA)) for part in parts])
    return issues.sort(pl.col("table").replace_strict(order, default=-1, return_dtype=pl.Int64),
                       "file", "line", maintain_order=True, nulls_last=True)

