"""Combine the records of every return into the contract's tables, with the repair rules.

Returns are ranked (``ReturnInfo.rank``): a later reference date ranks higher; on the same date the
SSDA903 ranks above the CIN census. "The later return" always means the higher rank. The rules, in
the order they apply (``docs/returns-import.md`` states each one for readers of the report):

Children (one row per child from every header row and every census ``Child``):
1. A record whose identifier is unusable, or that was cut short (a ragged CSV line), or whose child
   appears more than once in the same return, is set aside as a whole.
2. Each of sex, date of birth (with the expected date of an unborn child) and ethnicity is taken
   from the latest return holding a valid value; disability from the latest census that records
   one. A bad value is therefore a warning when another return supplies the field, and sets the
   child aside (with every record of the child) when none does.
3. Valid values that differ from the value used are warnings at the earlier return's record
   (an earlier ``U`` sex, and an unborn child's expected date, are not disagreements).

Episodes, reviews, plans, enquiries and review conferences:
4. A record breaking a value rule is set aside; so is a record of a child set aside above. A
   value contradicting the rest of its record, or one no figure needs, is repaired instead
   (``rules.REPAIRS``: REC without DEC is dropped; an end after the reference date leaves the
   episode or plan open; a review, review conference or ICPC after the reference date inside
   its care, plan or enquiry is kept; an unknown PLACE_PROVIDER or NumberOfPreviousCPP is
   dropped), with a warning.
5. Records of the same thing in several returns (same child and the same start date; for reviews
   and conferences the same date) are merged: the later return's record is kept and the earlier
   one counted as merged. Values that should not change between returns and do (see
   ``RowSpec.compare``) are warnings; a later return filling in an end date is not.
6. An episode or plan of an earlier return that overlaps one of the same child in a later return
   is set aside: the later return is the authority's corrected record of that time.
7. Warnings, nothing changed: an end (or a review) before the start of the return's year; an
   episode or plan still open at the end of its return that the next year's return of the same
   collection does not hold; an episode ending ``X1`` whose child's next episode does not start
   that day.

Nothing is invented: a record is kept as the latest return holds it (less a repaired value), or
set aside with a reason.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from iro_metrics.contract.codes import EPISODE_CONTINUES
from iro_metrics.indicators.periods import FAR_FUTURE
from iro_metrics.returns import rules
from iro_metrics.returns.common import (
    CIN,
    ISSUE_SCHEMA,
    SSDA903,
    ReturnInfo,
    empty_issues,
)

DATE_FORMS = {SSDA903: "%d/%m/%Y", CIN: "%Y-%m-%d"}
ORIGIN = ("file", "line", "path", "kind")
"""Where each output row came from (its latest record), kept beside the tables for the report."""

CHILD_FIELDS: dict[str, dict[str, tuple[str, str | None]]] = {
    SSDA903: {"child_id": ("CHILD", None), "sex": ("SEX", None), "date_of_birth": ("DOB", None),
              "expected_date_of_birth": ("DOB", None), "ethnicity": ("ETHNIC", None),
              "disability": ("(not in the SSDA903)", None)},
    CIN: {"child_id": ("LAchildID", "ChildIdentifiers/LAchildID"),
          "sex": ("Sex", "ChildIdentifiers/Sex"),
          "date_of_birth": ("PersonBirthDate", "ChildIdentifiers/PersonBirthDate"),
          "expected_date_of_birth": ("ExpectedPersonBirthDate",
                                     "ChildIdentifiers/ExpectedPersonBirthDate"),
          "ethnicity": ("Ethnicity", "ChildCharacteristics/Ethnicity"),
          "disability": ("Disabilities", "ChildCharacteristics/Disabilities")},
}
"""Each children column's field (and XML place below the Child) in either return."""


@dataclass(frozen=True)
class RowSpec:
    """How one contract table is merged across returns.

    ``fields`` maps each contract column to its field in the return and where that field sits
    below the record in XML (None: the field's own name; "": the record's element itself);
    ``start`` and ``end`` name the columns of a record's span, over which a later return's record
    of the same child supersedes it."""

    table: str
    key: tuple[str, ...]
    fields: dict[str, tuple[str, str | None]]
    start: str | None = None
    end: str | None = None
    compare: tuple[str, ...] = ()
    compare_if_set: tuple[str, ...] = ()
    before_year: str | None = None
    ids: dict[str, str] = field(default_factory=dict)


SPECS = {
    "lac_episodes": RowSpec(
        "lac_episodes", ("child_id", "episode_start"),
        {"child_id": ("CHILD", None), "episode_start": ("DECOM", None),
         "episode_end": ("DEC", None), "reason_new_episode": ("RNE", None),
         "legal_status": ("LS", None), "category_of_need": ("CIN", None),
         "placement_type": ("PLACE", None), "placement_provider": ("PLACE_PROVIDER", None),
         "reason_episode_ceased": ("REC", None)},
        start="episode_start", end="episode_end",
        compare=("reason_new_episode", "legal_status", "category_of_need", "placement_type",
                 "placement_provider"),
        compare_if_set=("episode_end", "reason_episode_ceased"), before_year="episode_end"),
    "lac_reviews": RowSpec(
        "lac_reviews", ("child_id", "review_date"),
        {"child_id": ("CHILD", None), "review_date": ("REVIEW", None),
         "participation_code": ("REVIEW_CODE", None)},
        compare=("participation_code",), before_year="review_date"),
    "cp_plans": RowSpec(
        "cp_plans", ("child_id", "plan_start"),
        {"plan_id": ("CPPstartDate", None), "child_id": ("LAchildID", ""),
         "plan_start": ("CPPstartDate", None), "plan_end": ("CPPendDate", None),
         "initial_category": ("InitialCategoryOfAbuse", None),
         "latest_category": ("LatestCategoryOfAbuse", None),
         "previous_plans": ("NumberOfPreviousCPP", None)},
        start="plan_start", end="plan_end", compare=("initial_category", "previous_plans"),
        compare_if_set=("plan_end",), before_year="plan_end", ids={"plan_id": "plan_start"}),
    "s47_enquiries": RowSpec(
        "s47_enquiries", ("child_id", "s47_start"),
        {"s47_id": ("S47ActualStartDate", None), "child_id": ("LAchildID", ""),
         "s47_start": ("S47ActualStartDate", None), "icpc_required": ("ICPCnotRequired", None),
         "icpc_date": ("DateOfInitialCPC", None)},
        compare_if_set=("icpc_date",), ids={"s47_id": "s47_start"}),
    "cp_conferences": RowSpec(
        "cp_conferences", ("child_id", "conference_date"),
        {"conference_id": ("CPPreviewDate", ""), "child_id": ("LAchildID", ""),
         "conference_date": ("CPPreviewDate", ""), "conference_type": ("CPPreviewDate", ""),
         "outcome": ("CPPreviewDate", ""), "family_invited": ("CPPreviewDate", ""),
         "family_attended": ("CPPreviewDate", "")},
        ids={"conference_id": "conference_date"}),
    "population": RowSpec(
        "population", ("mid_year", "age"),
        {"mid_year": ("mid_year", None), "age": ("age", None), "population": ("population", None)}),
}


@dataclass(frozen=True)
class Source:
    """One return's records and problems for one contract table."""

    info: ReturnInfo
    records: pl.DataFrame
    problems: pl.DataFrame


@dataclass(frozen=True)
class Merged:
    """One contract table: its rows (contract columns then ORIGIN), the issues found and the
    counts of records read, merged into a later return's record and set aside, and of the
    loaded records with a value repaired (one record may have several repairs)."""

    rows: pl.DataFrame
    set_aside: pl.DataFrame
    warnings: pl.DataFrame
    read: int
    merged: int
    set_aside_count: int
    repaired: int


@dataclass(frozen=True)
class MergedChildren(Merged):
    """The children table, with the ids of the children set aside (their other records go too)."""

    set_aside_ids: pl.Series


def _stack(sources: Sequence[Source]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Every source's records (with the return's rank, kind, year start and label) and problems,
    in one frame each; a record is known by (ret, rec)."""
    def tagged(frame: pl.DataFrame, position: int, info: ReturnInfo) -> pl.DataFrame:
        return frame.with_columns(
            ret=pl.lit(position, dtype=pl.Int64), rank=pl.lit(info.rank, dtype=pl.Int64),
            kind=pl.lit(info.kind), year_start=pl.lit(info.year_start, dtype=pl.Date),
            label=pl.lit(info.label))

    records = pl.concat([tagged(s.records, i, s.info) for i, s in enumerate(sources)],
                        how="diagonal_relaxed")
    problems = pl.concat([s.problems.with_columns(ret=pl.lit(i, dtype=pl.Int64))
                          for i, s in enumerate(sources)])
    return records, problems


def _text(frame: pl.DataFrame, column: str, value: str | None = None,
          kind: str = "kind") -> pl.Expr:
    """The typed ``value`` column (default ``column``, whose type it has) written back as the
    return (kind column ``kind``) writes it: dates in the return's own form."""
    expr = pl.col(value or column)
    if frame.schema[column] == pl.Date:
        return (pl.when(pl.col(kind) == SSDA903).then(expr.dt.strftime(DATE_FORMS[SSDA903]))
                .otherwise(expr.dt.strftime(DATE_FORMS[CIN])))
    return expr.cast(pl.String)


def _place_of(spec: RowSpec, column: str, path: str = "path") -> tuple[str, pl.Expr]:
    """The field named for ``column``, and its XML path below the record in column ``path``."""
    name, at = spec.fields[column]
    return name, pl.col(path) if at == "" else pl.concat_str(pl.col(path), pl.lit(f"/{at or name}"))


def _where(file: str, line: str, path: pl.Expr) -> pl.Expr:
    """'file line 7' for a CSV record, 'file /Message/...' for an XML one (from the columns
    ``file`` and ``line`` and the XML path ``path``)."""
    return pl.concat_str(pl.col(file), pl.lit(" "), pl.when(pl.col(line).is_not_null())
                         .then(pl.format("line {}", pl.col(line))).otherwise(path))


def _issues(frame: pl.DataFrame, table: str, field_name: str | pl.Expr, path: pl.Expr,
            value: pl.Expr, rule: str, detail: pl.Expr | None = None) -> pl.DataFrame:
    """Issue rows for the records of ``frame`` (``path`` applies to XML records only)."""
    return frame.select(
        pl.lit(table).alias("table"), "file", "line",
        pl.when(pl.col("path").is_not_null()).then(path).alias("path"),
        (pl.lit(field_name) if isinstance(field_name, str) else field_name).alias("field"),
        value.fill_null("").alias("value"),
        pl.lit(rule).alias("rule"),
        (detail if detail is not None else pl.lit(None, dtype=pl.String)).alias("detail"),
    ).cast(ISSUE_SCHEMA)


# --- Children ------------------------------------------------------------------------------

WHOLE_RECORD = (rules.RAGGED,)
ATTRIBUTES = ("sex", "dob_state", "ethnicity", "disability")
FIELD_ATTRIBUTE = {"SEX": "sex", "Sex": "sex", "GenderCurrent": "sex", "DOB": "dob_state",
                   "PersonBirthDate": "dob_state", "ExpectedPersonBirthDate": "dob_state",
                   "ETHNIC": "ethnicity", "Ethnicity": "ethnicity", "Disability": "disability"}
"""Which attribute each field of a child record feeds."""
SOURCE = ("ret", "rec", "file", "line", "path", "kind", "sex_field", "sex_text", "birth_text",
          "ethnicity_text")
"""What is kept of the record an attribute's value was taken from."""


def _attribute_at(attribute: str, sex_field: pl.Expr) -> pl.Expr:
    """Where an attribute's field sits below a census Child."""
    return {"sex": pl.concat_str(pl.lit("ChildIdentifiers/"), sex_field),
            "dob_state": pl.lit("ChildIdentifiers/PersonBirthDate"),
            "ethnicity": pl.lit("ChildCharacteristics/Ethnicity"),
            "disability": pl.lit("ChildCharacteristics/Disabilities")}[attribute]


def merge_children(sources: Sequence[Source]) -> MergedChildren:
    """One row per child from every return's child records (rules 1-3 of the module docstring)."""
    records, problems = _stack(sources)
    cut = problems.filter(pl.col("rule").is_in(WHOLE_RECORD)).select("ret", "rec").with_columns(
        cut=pl.lit(True))
    records = records.join(cut, on=["ret", "rec"], how="left", maintain_order="left").with_columns(
        pl.col("cut").fill_null(False),
        repeated=pl.col("child_id").is_not_null() & (pl.len().over("child_id", "ret") > 1))
    usable_record = pl.col("child_id").is_not_null() & ~pl.col("cut") & ~pl.col("repeated")
    cin = pl.col("kind") == CIN
    repeated = records.filter(pl.col("repeated") & ~pl.col("cut"))
    repeat_issues = _issues(
        repeated, "children", pl.when(cin).then(pl.lit("LAchildID")).otherwise(pl.lit("CHILD")),
        pl.concat_str(pl.col("path"), pl.lit("/ChildIdentifiers/LAchildID")), pl.col("child_id"),
        rules.REPEATED_IN_RETURN)
    usable = records.filter(usable_record).sort("child_id", "rank", "rec")
    finals = _final_values(usable)
    loaded = finals.filter(pl.col("sex").is_not_null() & pl.col("ethnicity").is_not_null()
                           & pl.col("dob_state").is_not_null())
    loaded_ids = loaded["child_id"]
    kept = usable_record & pl.col("child_id").is_in(loaded_ids.implode())
    contributing = records.filter(kept)
    judged = problems.join(records.select("ret", "rec", "child_id", aside=~kept),
                           on=["ret", "rec"], how="left", maintain_order="left")
    set_aside = pl.concat([judged.filter(pl.col("aside")).select(list(ISSUE_SCHEMA)),
                           repeat_issues])
    warnings = pl.concat([_with_value_used(judged.filter(~pl.col("aside")), finals),
                          _disagreements(contributing, finals)])
    every_id = records["child_id"].drop_nulls().unique()
    rows = loaded.select("child_id", "sex", "date_of_birth", "expected_date_of_birth",
                         "ethnicity", "disability", *ORIGIN).sort("child_id")
    return MergedChildren(rows=rows, set_aside=set_aside, warnings=warnings, read=records.height,
                          merged=contributing.height - rows.height,
                          set_aside_count=records.height - contributing.height, repaired=0,
                          set_aside_ids=every_id.filter(~every_id.is_in(loaded_ids.implode())))


def _final_values(usable: pl.DataFrame) -> pl.DataFrame:
    """Per child, each attribute from the latest record holding a valid value, and that record
    (``<attribute>_from``); ORIGIN is the child's latest record."""
    def latest(value: pl.Expr, present: pl.Expr) -> pl.Expr:
        return value.filter(present).last()

    known = pl.col("dob_state").is_not_null()
    return usable.group_by("child_id", maintain_order=True).agg(
        latest(pl.col("sex"), pl.col("sex").is_not_null()),
        latest(pl.col("ethnicity"), pl.col("ethnicity").is_not_null()),
        latest(pl.col("disability"), pl.col("disability").is_not_null()),
        latest(pl.col("dob_state"), known),
        latest(pl.col("date_of_birth"), known),
        latest(pl.col("expected_date_of_birth"), known),
        *(latest(pl.struct(*SOURCE), pl.col(name).is_not_null()).alias(f"{name}_from")
          for name in ATTRIBUTES),
        *(pl.col(name).last() for name in ORIGIN),
    )


def _used_place(attribute: str) -> pl.Expr:
    """'file line 3' or 'file /Message/.../ChildIdentifiers/Sex' of the record an attribute's
    value was taken from."""
    used = pl.col(f"{attribute}_from").struct
    xml = pl.concat_str(used.field("path"), pl.lit("/"),
                        _attribute_at(attribute, used.field("sex_field")))
    return pl.concat_str(used.field("file"), pl.lit(" "), pl.when(used.field("line").is_not_null())
                         .then(pl.format("line {}", used.field("line"))).otherwise(xml))


def _with_value_used(problems: pl.DataFrame, finals: pl.DataFrame) -> pl.DataFrame:
    """Problems of a loaded child's records are warnings: the bad value is not used, and the
    detail names the record whose value is, when that is another record."""
    located = problems.with_columns(
        attribute=pl.col("field").replace_strict(FIELD_ATTRIBUTE, default=None))
    parts = [located.filter(pl.col("attribute").is_null()).select(list(ISSUE_SCHEMA))]
    for attribute in ATTRIBUTES:
        used = pl.col(f"{attribute}_from").struct
        elsewhere = used.field("ret").ne_missing(pl.col("ret")) | used.field("rec").ne_missing(
            pl.col("rec"))
        part = located.filter(pl.col("attribute") == attribute).join(
            finals.select("child_id", f"{attribute}_from"), on="child_id", how="left",
            maintain_order="left")
        parts.append(part.with_columns(detail=pl.coalesce(
            pl.col("detail"), pl.when(used.field("ret").is_not_null() & elsewhere)
            .then(pl.format("the value in {} is used", _used_place(attribute)))))
            .select(list(ISSUE_SCHEMA)))
    return pl.concat(parts)


def _disagreements(contributing: pl.DataFrame, finals: pl.DataFrame) -> pl.DataFrame:
    """Valid values of a child's records that differ from the value used (rule 3)."""
    joined = contributing.join(finals.select(
        "child_id", *(f"{name}_from" for name in ATTRIBUTES), final_sex="sex",
        final_ethnicity="ethnicity", final_dob="date_of_birth", final_state="dob_state"),
        on="child_id", how="left", maintain_order="left")
    cin = pl.col("kind") == CIN
    checks = {
        "sex": (pl.col("sex").is_not_null() & (pl.col("sex") != "U")
                & (pl.col("sex") != pl.col("final_sex")),
                pl.when(cin).then(pl.col("sex_field")).otherwise(pl.lit("SEX")), "sex_text"),
        "ethnicity": (pl.col("ethnicity") != pl.col("final_ethnicity"),
                      pl.when(cin).then(pl.lit("Ethnicity")).otherwise(pl.lit("ETHNIC")),
                      "ethnicity_text"),
        "dob_state": ((pl.col("dob_state") == "born") & (pl.col("final_state") == "born")
                      & (pl.col("date_of_birth") != pl.col("final_dob")),
                      pl.when(cin).then(pl.lit("PersonBirthDate")).otherwise(pl.lit("DOB")),
                      "birth_text"),
    }
    found = []
    for attribute, (differs, field_name, text) in checks.items():
        rows = joined.filter(differs.fill_null(False))
        found.append(_issues(
            rows, "children", field_name,
            pl.concat_str(pl.col("path"), pl.lit("/"), _attribute_at(attribute,
                                                                      pl.col("sex_field"))),
            pl.col(text), rules.DIFFERS,
            pl.format("{} has {}", _used_place(attribute),
                      pl.col(f"{attribute}_from").struct.field(text))))
    return pl.concat(found)


# --- Rows ------------------------------------------------------------------------------------


def merge_rows(spec: RowSpec, sources: Sequence[Source], set_aside_ids: pl.Series,
               next_returns: dict[int, str]) -> Merged:
    """One contract table from every return's records (rules 4-7 of the module docstring).

    ``next_returns`` maps a source's position to the label of the next year's return of the same
    collection, where the import has one."""
    records, found = _stack(sources)
    repair = pl.col("rule").is_in(rules.REPAIRS)
    problems, repairs = found.filter(~repair), found.filter(repair)
    set_aside = [problems.select(list(ISSUE_SCHEMA))]
    good = records.join(problems.select("ret", "rec").unique(), on=["ret", "rec"], how="anti",
                        maintain_order="left")
    if "child_id" in spec.fields:
        orphan = pl.col("child_id").is_in(set_aside_ids.implode())
        field_name, path = _place_of(spec, "child_id")
        set_aside.append(_issues(good.filter(orphan), spec.table, field_name, path,
                                 pl.col("child_id"), rules.CHILD_SET_ASIDE))
        good = good.filter(~orphan)
    latest = pl.col("rank") == pl.col("rank").max().over(spec.key)
    folded, kept = good.filter(~latest), good.filter(latest)
    warnings = [_changes(spec, folded, kept)]
    if spec.start is not None and spec.end is not None:
        superseded = _superseded(spec, spec.start, spec.end, kept)
        set_aside.append(superseded.issues)
        kept = kept.join(superseded.keys, on=["ret", "rec"], how="anti", maintain_order="left")
    warnings.extend(_year_warnings(spec, kept, next_returns))
    repaired = repairs.join(kept.select("ret", "rec"), on=["ret", "rec"], how="semi",
                            maintain_order="left")
    warnings.append(repaired.select(list(ISSUE_SCHEMA)))
    rows = _with_ids(spec, kept.sort(*spec.key, "rank", "rec", nulls_last=True))
    return Merged(rows=rows.select(*spec.fields, *ORIGIN), set_aside=pl.concat(set_aside),
                  warnings=pl.concat(warnings), read=records.height, merged=folded.height,
                  set_aside_count=records.height - folded.height - rows.height,
                  repaired=repaired.select("ret", "rec").n_unique() if repaired.height else 0)


def _changes(spec: RowSpec, folded: pl.DataFrame, kept: pl.DataFrame) -> pl.DataFrame:
    """Warnings for values an earlier return holds differently from the later one (rule 5)."""
    compared = (*spec.compare, *spec.compare_if_set)
    if folded.is_empty() or not compared:
        return empty_issues()
    later = kept.unique(spec.key, keep="first", maintain_order=True).select(
        *spec.key, *(pl.col(name).alias(f"{name}_later") for name in (*compared, *ORIGIN)))
    joined = folded.join(later, on=list(spec.key), how="left", maintain_order="left")
    found = []
    for column in compared:
        differs = pl.col(column).ne_missing(pl.col(f"{column}_later"))
        if column in spec.compare_if_set:
            differs = differs & pl.col(column).is_not_null()
        name, path = _place_of(spec, column)
        _, later_path = _place_of(spec, column, "path_later")
        later_value = _text(joined, column, f"{column}_later", "kind_later").fill_null("nothing")
        found.append(_issues(
            joined.filter(differs), spec.table, name, path, _text(joined, column),
            rules.DIFFERS,
            pl.format("{} has {}", _where("file_later", "line_later", later_path), later_value)))
    return pl.concat(found)


@dataclass(frozen=True)
class _Superseded:
    keys: pl.DataFrame
    issues: pl.DataFrame


def _superseded(spec: RowSpec, start_column: str, end_column: str,
                kept: pl.DataFrame) -> _Superseded:
    """Records (spanning ``start_column`` to ``end_column``) overlapping a record of the same
    child from a later return (rule 6); touching (one ending the day the other starts) is not
    overlapping.

    Pairs are only formed for the children with some overlap at all (found with one sort and two
    window expressions), so clean data costs no join and messy data a small one."""
    start = pl.col(start_column)
    spans = kept.select("ret", "rec", "child_id", "rank", start_column,
                        end=pl.col(end_column).fill_null(FAR_FUTURE)).sort("child_id",
                                                                            start_column)
    overlapping = ((start < pl.col("end").cum_max().shift(1).over("child_id"))
                   | (pl.col("end") > start.shift(-1).over("child_id")))
    tangled = spans.filter(overlapping.fill_null(False))["child_id"].unique()
    spans = spans.filter(pl.col("child_id").is_in(tangled.implode()))
    pairs = spans.join(spans, on="child_id", suffix="_later").filter(
        (pl.col("rank_later") > pl.col("rank"))
        & (start < pl.col("end_later"))
        & (pl.col(f"{start_column}_later") < pl.col("end")))
    places = kept.select("ret", "rec", "file", "line", "path", "kind")
    first = pairs.sort("ret", "rec", f"{start_column}_later").unique(
        ["ret", "rec"], keep="first", maintain_order=True).join(
        places, on=["ret", "rec"], how="left").join(
        places, left_on=["ret_later", "rec_later"], right_on=["ret", "rec"], how="left",
        suffix="_later")
    name, path = _place_of(spec, start_column)
    _, later_path = _place_of(spec, start_column, "path_later")
    issues = _issues(first, spec.table, name, path, _text(first, start_column), rules.SUPERSEDED,
                     _where("file_later", "line_later", later_path))
    return _Superseded(first.select("ret", "rec"), issues)


def _year_warnings(spec: RowSpec, kept: pl.DataFrame,
                   next_returns: dict[int, str]) -> list[pl.DataFrame]:
    """Rule 7: ends before the return's year, open records the next return lacks, X1 chains."""
    found = []
    if spec.before_year is not None:
        column = spec.before_year
        name, path = _place_of(spec, column)
        early = kept.filter(pl.col(column) < pl.col("year_start"))
        found.append(_issues(early, spec.table, name, path, _text(early, column),
                             rules.before_year(name), _text(early, "year_start")))
    if spec.end is not None and next_returns:
        name, path = _place_of(spec, spec.end)
        following = pl.col("ret").replace_strict(next_returns, default=None,
                                                 return_dtype=pl.String)
        still_open = kept.with_columns(following=following).filter(
            pl.col(spec.end).is_null() & pl.col("following").is_not_null())
        found.append(_issues(still_open, spec.table, name, path, pl.lit(""),
                             rules.OPEN_NOT_IN_NEXT,
                             pl.format("the {} return", pl.col("following"))))
    if spec.table == "lac_episodes":
        found.append(_broken_chains(spec, kept))
    return found


def _broken_chains(spec: RowSpec, kept: pl.DataFrame) -> pl.DataFrame:
    """Episodes ending X1 whose child's next episode does not start on the same day."""
    ordered = kept.sort("child_id", "episode_start", "rank", "rec").with_columns(
        next_start=pl.col("episode_start").shift(-1).over("child_id"))
    broken = ordered.filter((pl.col("reason_episode_ceased") == EPISODE_CONTINUES)
                            & pl.col("next_start").ne_missing(pl.col("episode_end")))
    name, path = _place_of(spec, "reason_episode_ceased")
    return _issues(broken, spec.table, name, path, pl.col("reason_episode_ceased"),
                   rules.X1_BROKEN,
                   pl.when(pl.col("next_start").is_null()).then(pl.lit("no later episode"))
                   .otherwise(pl.format("the next episode starts {}",
                                        _text(broken, "episode_start", "next_start"))))


def _with_ids(spec: RowSpec, rows: pl.DataFrame) -> pl.DataFrame:
    """Identifiers the returns do not carry, made from the child and the record's date, and the
    fixed values of review conferences taken from the census (type RCPC, outcome unknown)."""
    made = {name: pl.concat_str(pl.col("child_id"), pl.lit("-"),
                                pl.col(date).dt.strftime("%Y-%m-%d"))
            for name, date in spec.ids.items()}
    if spec.table == "cp_conferences":
        made.update(conference_type=pl.lit("RCPC"), outcome=pl.lit(None, dtype=pl.String),
                    family_invited=pl.lit(None, dtype=pl.Boolean),
                    family_attended=pl.lit(None, dtype=pl.Boolean))
    return rows.with_columns(**made)
