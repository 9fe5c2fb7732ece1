"""Pandera models of the extract contract (v1.1), one per table, holding every row rule.

A rule has a plain-English text (the check's ``error``, shown in the report), the column the
report blames, and the :class:`Stage` at which the loader applies it; :func:`rule_for` turns a
pandera failure case back into its :class:`Rule`. Dtypes and nullability are declared on the
fields; every other rule, keys included, is a custom check.

References. Whether a ``child_id`` is in ``children`` (or an ``iro_id`` in ``iro_staff``) depends on
another table, which a pandera check cannot see. The reference checks therefore read the valid ids
from the context variable :data:`REFERENCES`, which the loader sets (with :func:`references`)
after loading ``children`` and ``iro_staff``; a check joins the table's distinct ids against
them once. While it is unset, reference checks pass; while ``iro_ids`` is ``None`` (no
``iro_staff`` table) the ``iro_id`` check passes. A context variable rather than a module global
keeps concurrent loads (Streamlit sessions run in threads) apart.

Plausible values. Every date column is checked against a range (docs/spec-readings.md): nothing
before 1900-01-01, and nothing more than a year after the extract date, or after the extract date
itself for a date of birth (a child not yet born has an ``expected_date_of_birth`` instead). The
extract date comes from the context variable :data:`EXTRACT_DATE`, set by the loader with
:func:`as_of`; while it is unset only the earliest date is checked.

Keys. Besides the keys the contract names (:data:`NAMED_KEYS`: every row sharing one is set
aside), a table the contract gives no key has one in :data:`REPEATED_KEYS`: a row repeating an
earlier row's key is the same record read twice, so the later rows are set aside and the first in
the file is kept, as the overlap rule keeps the earlier of two episodes starting on one day.

Overlaps. The spec says "of two overlapping rows, the one starting later is set aside; on the same
start date, the one later in the file". Read literally, a row is set aside when it overlaps any row
of the same child that starts earlier, or on the same date but earlier in the file, whether or not
that earlier row is itself set aside: of episodes A 1-10, B 5-15 and C 12-20, both B and C are set
aside. Ordering a child's rows by (start, file position), a row overlaps an earlier one exactly
when its start is before the running maximum of the earlier rows' ends (an open row's end is
infinite); a start equal to that maximum only touches and is allowed. This is one sort and
one running maximum over the whole table, so the check returns one boolean per row in the input
order.
"""

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, TypeAlias, TypeVar

import pandera.polars as pa
import polars as pl

from iro_metrics.contract import codes
from iro_metrics.indicators.demographics import ETHNIC_GROUPS
from iro_metrics.indicators.periods import FAR_FUTURE
from iro_metrics.indicators.sorted_keys import in_order

CheckMethod: TypeAlias = "classmethod[Any, Any, Any]"
"""A pandera check as the class attribute a ``DataFrameModel`` collects (pandera leaves it
untyped)."""

class Stage(IntEnum):
    """The spec's order of row rules; a row set aside at one stage is not seen by later ones."""

    VALUES = 1  # codes, nulls and dates
    KEYS = 2  # duplicate keys: every row sharing a contract key; later rows repeating another key
    REFERENCES = 3  # child not in children, or its children row set aside
    OVERLAPS = 4  # a child's episodes or plans overlapping

    @property
    def depends_on_other_rows(self) -> bool:
        """Whether a row's result depends on which other rows are still in the table."""
        return self in (Stage.KEYS, Stage.OVERLAPS)


@dataclass(frozen=True)
class Rule:
    """One row rule: the text the report shows, the column it blames and when it applies."""

    text: str
    column: str
    stage: Stage


RULES: dict[str, Rule] = {}
"""Every custom rule of every model, by text (the ``check`` value of a pandera failure case)."""


@dataclass(frozen=True)
class References:
    """Ids that rows of other tables may refer to, as loaded (see the module docstring), and the
    child ids of the tables to be checked that are in neither children list (``references_for``
    works them out)."""

    child_ids: pl.Series
    set_aside_child_ids: pl.Series
    iro_ids: pl.Series | None
    unknown_child_ids: pl.Series


def references_for(child_ids: pl.Series, set_aside_child_ids: pl.Series,
                   iro_ids: pl.Series | None, referring: Sequence[pl.Series]) -> References:
    """The references for tables whose child ids are ``referring``: the unknown ones found by
    one join of all of them, far cheaper than one join a table against a million children."""
    held = pl.concat([pl.Series("child_id", [], dtype=pl.String),
                      *(values.alias("child_id") for values in referring)])
    unknown = (held.to_frame().lazy()
               .join(_ids("child_id", child_ids), on="child_id", how="anti")
               .join(_ids("child_id", set_aside_child_ids), on="child_id", how="anti")
               .unique().collect())
    return References(child_ids, set_aside_child_ids, iro_ids, unknown["child_id"])


REFERENCES: ContextVar[References | None] = ContextVar("iro_metrics_references", default=None)
EXTRACT_DATE: ContextVar[dt.date | None] = ContextVar("iro_metrics_extract_date", default=None)

T = TypeVar("T")


@contextlib.contextmanager
def _bound(variable: ContextVar[T], value: T) -> Iterator[None]:
    """Give ``variable`` the ``value`` inside the ``with`` block only."""
    token = variable.set(value)
    try:
        yield
    finally:
        variable.reset(token)


def references(ids: References) -> AbstractContextManager[None]:
    """Make reference checks validate against ``ids`` inside the ``with`` block."""
    return _bound(REFERENCES, ids)


def as_of(extract_date: dt.date) -> AbstractContextManager[None]:
    """Make plausible-value checks judge the future from ``extract_date`` inside the block."""
    return _bound(EXTRACT_DATE, extract_date)


def _register(rule: Rule) -> str:
    """Record a rule so failures can be traced back to it; one text must mean one rule."""
    if RULES.setdefault(rule.text, rule) != rule:
        raise ValueError(f"rule text used for two different rules: {rule.text!r}")
    return rule.text


def _column_check(column: str, text: str, passes: Callable[[pl.Expr], pl.Expr],
                  stage: Stage = Stage.VALUES) -> CheckMethod:
    """A check of one column's values (codes, nulls and dates unless told otherwise); pandera
    skips null values, and the whole check when an optional column is absent."""
    _register(Rule(text, column, stage))

    def check(cls: type, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(passes(pl.col(data.key)))

    return pa.check(column, name=text, error=text)(check)


def _frame_check(column: str, text: str, outcome: Callable[[pl.LazyFrame], pl.LazyFrame],
                 stage: Stage) -> CheckMethod:
    """A check of whole rows worked out from the whole table: ``outcome`` gives one boolean
    column, one value per row in row order; a null value means "not applicable" and passes."""
    _register(Rule(text, column, stage))

    def check(cls: type, data: pa.PolarsData) -> pl.LazyFrame:
        return outcome(data.lazyframe).select(pl.first().fill_null(True).alias(column))

    return pa.dataframe_check(name=text, error=text)(check)


def _row_check(column: str, text: str, passes: Callable[[], pl.Expr], stage: Stage) -> CheckMethod:
    """A check of whole rows by one expression; a null outcome means "not applicable" and
    passes."""
    return _frame_check(column, text, lambda frame: frame.select(passes()), stage)


def _listing(values: Sequence[str]) -> str:
    """'M, F or U'."""
    return ", ".join(values[:-1]) + " or " + values[-1] if len(values) > 1 else values[0]


def _code_check(column: str, allowed: Sequence[str], described: str | None = None) -> CheckMethod:
    """The column holds one of the ``allowed`` codes (long lists are named, not listed)."""
    text = f"{column} must be {described or _listing(allowed)}"
    return _column_check(column, text, lambda value: value.is_in(allowed))


def _after(end: str, start: str, *, same_day: bool) -> CheckMethod:
    """``end`` is after ``start`` (or on the same day when ``same_day``) whenever both are set."""
    if same_day:
        return _row_check(end, f"{end} must not be before {start}",
                          lambda: pl.col(end) >= pl.col(start), Stage.VALUES)
    return _row_check(end, f"{end} must be after {start}",
                      lambda: pl.col(end) > pl.col(start), Stage.VALUES)


def _ids(column: str, values: pl.Series) -> pl.LazyFrame:
    """``values`` as a one-column frame named ``column``, ready to join on."""
    return values.alias(column).to_frame().lazy()


def _reference_check(column: str, text: str,
                     failing: Callable[[References, pl.LazyFrame], pl.LazyFrame | None]
                     ) -> CheckMethod:
    """A row fails when its ``column`` value is among the values ``failing`` picks out of the
    table's ``column`` (given the loader's :data:`REFERENCES`; ``None``: every row passes).
    ``failing`` joins the table's values against the references once, distinct values against
    a large set, which costs far less than looking every row up among a million children; the
    few failing values are then looked up row by row."""

    def outcome(frame: pl.LazyFrame) -> pl.LazyFrame:
        ids = REFERENCES.get()
        if column not in frame.collect_schema().names():  # an optional column left out
            ids = None
        bad = None if ids is None else failing(ids, frame.select(pl.col(column).drop_nulls()))
        if bad is None:
            return frame.select(pl.repeat(True, pl.len()))
        # A row without a value (a nullable reference, such as a review's iro_id) passes.
        return frame.select((~pl.col(column).is_in(bad.collect().to_series().implode()))
                            .fill_null(True))

    return _frame_check(column, text, outcome, Stage.REFERENCES)


def _unknown_children(ids: References, children: pl.LazyFrame) -> pl.LazyFrame:
    """The children not read from children (neither loaded nor set aside), worked out for
    every table at once (``references_for``)."""
    del children  # the table's own ids were among those worked out
    return _ids("child_id", ids.unknown_child_ids)


def _set_aside_children(ids: References, children: pl.LazyFrame) -> pl.LazyFrame:
    """The children whose children row was set aside (and none was loaded): the few set aside
    are picked out first."""
    return (children.filter(pl.col("child_id").is_in(ids.set_aside_child_ids.implode()))
            .unique().join(_ids("child_id", ids.child_ids), on="child_id", how="anti"))


def _unknown_iros(ids: References, iros: pl.LazyFrame) -> pl.LazyFrame | None:
    """The IROs not among the loaded iro_staff rows; None without an iro_staff table."""
    if ids.iro_ids is None:
        return None
    return iros.unique().join(_ids("iro_id", ids.iro_ids), on="iro_id", how="anti")


def _iro_reference_check() -> CheckMethod:
    """The row's iro_id (when it has one) is in iro_staff."""
    return _reference_check("iro_id", "iro_id is not in iro_staff (or its rows were set aside)",
                            _unknown_iros)


def _child_reference_check() -> CheckMethod:
    """The row's child_id is in children (loaded or set aside)."""
    return _reference_check("child_id", "child_id is not in children", _unknown_children)


def _child_set_aside_check() -> CheckMethod:
    """The row's child is not one whose children row was set aside (unknown children fail the
    other reference rule)."""
    return _reference_check("child_id", "child_id's children row was set aside",
                            _set_aside_children)


EARLIEST_DATE = dt.date(1900, 1, 1)
"""No date of the contract is earlier: an earlier one is a typing slip (1019 for 2019)."""


def _plausible(value: pl.Expr, earliest: Any, latest: Callable[[dt.date], Any]) -> pl.Expr:
    """``value`` is at least ``earliest`` and, once the extract date is known, at most
    ``latest(extract date)``."""
    extract_date = EXTRACT_DATE.get()
    at_least = value >= earliest
    return at_least if extract_date is None else at_least & (value <= latest(extract_date))


def _date_range(column: str, *, birth: bool = False) -> CheckMethod:
    """The date is from 1900-01-01 to a year after the extract date: a later event, planned end
    or expected birth is a typing slip. A date of birth is at most the extract date, since the
    contract gives a child not yet born an empty date_of_birth and an expected_date_of_birth."""
    years, latest = ((0, "the extract date (a child not yet born has an expected_date_of_birth)")
                     if birth else (1, "a year after the extract date"))

    def passes(value: pl.Expr) -> pl.Expr:
        return _plausible(value, EARLIEST_DATE, lambda day: pl.lit(day).dt.offset_by(f"{years}y"))

    return _column_check(column, f"{column} must be from {EARLIEST_DATE} to {latest}", passes)


NAMED_KEYS: dict[str, tuple[str, ...]] = {
    "children": ("child_id",),
    "cp_plans": ("plan_id",),
    "s47_enquiries": ("s47_id",),
    "cp_conferences": ("conference_id", "child_id"),
    "iro_disputes": ("dispute_id",),
    "iro_activity": ("activity_id",),
    "other_reviews": ("review_id",),
    "feedback": ("feedback_id",),
    "population": ("mid_year", "age", "ethnic_group"),
}
"""The key the contract names for each table: every row sharing one with another row is set
aside (an empty value is a value: two population rows for all ages of one year share a key)."""

REPEATED_KEYS: dict[str, tuple[str, ...]] = {
    "lac_reviews": ("child_id", "review_date"),
    "iro_staff": ("iro_id", "start_date"),
    "iro_allocations": ("child_id", "allocated_from"),
    "service_activity": ("activity_date", "activity_type"),
}
"""The key of each table the contract gives none (see the module docstring). ``lac_episodes``
needs none here: two episodes of a child starting on one day overlap, and the later in the file
is set aside by the overlap rule."""


def _key_rule(key: tuple[str, ...], passes: Callable[[pl.Expr], pl.Expr]
              ) -> Callable[[pl.LazyFrame], pl.LazyFrame]:
    """The outcome ``passes`` gives the rows' ``key`` values, worked out only when two rows'
    keys hash alike: distinct hashes prove distinct keys, so a table without a repeated key
    (the usual case) costs one hash of each row rather than an exact comparison of text keys.
    A key of several columns hashes as its columns' hashes combined, a third cheaper than
    hashing them as one struct."""
    value = pl.col(key[0]) if len(key) == 1 else pl.struct(*key)
    hashed = pl.col(key[0]).hash()
    for seed, column in enumerate(key[1:], start=1):
        hashed = hashed ^ pl.col(column).hash(seed=seed)

    def outcome(frame: pl.LazyFrame) -> pl.LazyFrame:
        if frame.select(hashed.n_unique() == pl.len()).collect().item():
            return frame.select(pl.repeat(True, pl.len()))
        return frame.select(passes(value))

    return outcome


def _named_key(table: str) -> CheckMethod:
    """Every row sharing the :data:`NAMED_KEYS` key of ``table`` with another row is set aside."""
    key = NAMED_KEYS[table]
    text = (f"{key[0]} appears on more than one row" if len(key) == 1
            else f"{' and '.join(key)} together appear on more than one row")
    return _frame_check(key[0], text, _key_rule(key, lambda value: ~value.is_duplicated()),
                        Stage.KEYS)


def _repeated_key(table: str) -> CheckMethod:
    """A row repeating the :data:`REPEATED_KEYS` key of an earlier row of ``table`` is set
    aside; the first in the file is kept."""
    key = REPEATED_KEYS[table]
    return _frame_check(key[0], f"{' and '.join(key)} together repeat an earlier row",
                        _key_rule(key, lambda value: value.is_first_distinct()), Stage.KEYS)


DAY_SPAN = 1 << 32
"""More days than a Polars date can be apart: a child's rank times it, plus a date's day number
(shifted to be at least 0), orders every date of one child after every date of the children
ranked before (see :func:`_no_overlap`)."""


def _no_overlap(what: str, start: str, end: str) -> CheckMethod:
    """A child's rows do not overlap an earlier-starting row (see the module docstring).

    The table is sorted once by child, start and file position; each row's end (an open one's
    being :data:`FAR_FUTURE`) is keyed by its child's rank so that one running maximum over the
    whole sorted table never carries an end from one child to the next, which is far cheaper
    than a window per child. The outcome is put back in row order. A table already in order of
    child and start, as extracts usually are, is not sorted (``in_order``)."""

    def outcome(frame: pl.LazyFrame) -> pl.LazyFrame:
        child = pl.col("child_id")
        rank_key = child.ne_missing(child.shift(1)).cum_sum().cast(pl.Int64) * DAY_SPAN
        day_number = pl.col(end).fill_null(FAR_FUTURE).cast(pl.Int64) + DAY_SPAN // 2
        earlier = (rank_key + day_number).cum_max().shift(1)
        earlier_end = pl.when(earlier >= rank_key).then(earlier - rank_key - DAY_SPAN // 2)
        keys = frame.select("child_id", start, end)
        overlaps = pl.col(start).cast(pl.Int64) >= earlier_end
        if keys.select(in_order("child_id", start)).collect().item():
            return keys.select(overlaps)
        return (keys.with_row_index("position").sort("child_id", start, "position")
                .select(overlaps.sort_by("position")))

    return _frame_check(start, f"{what} overlaps an earlier {what} of the same child", outcome,
                        Stage.OVERLAPS)


def rule_for(model: type[pa.DataFrameModel], check: str, column: str) -> Rule:
    """The rule behind one pandera failure case, from its ``check`` and ``column`` values."""
    if check == "not_nullable":
        return Rule(f"{column} must not be empty", column, Stage.VALUES)
    return RULES[check]


class Children(pa.DataFrameModel):
    """children: one row per child."""

    child_id: pl.String
    sex: pl.String
    date_of_birth: pl.Date = pa.Field(nullable=True)
    expected_date_of_birth: pl.Date = pa.Field(nullable=True)
    ethnicity: pl.String
    disability: pl.Boolean = pa.Field(nullable=True)

    class Config:
        name = "children"
        strict = True

    _key = _named_key("children")
    _child_id_length = _column_check("child_id", "child_id must be 1 to 20 characters",
                                     lambda value: value.str.len_chars().is_between(1, 20))
    _sex = _code_check("sex", codes.SEX)
    _ethnicity = _code_check("ethnicity", codes.ETHNICITY, "an SSDA903 ETHNIC code")
    _date_of_birth = _date_range("date_of_birth", birth=True)
    _expected_date_of_birth = _date_range("expected_date_of_birth")
    _expected_birth = _row_check(
        "expected_date_of_birth", "expected_date_of_birth must be set when date_of_birth is empty",
        lambda: pl.any_horizontal(pl.col("date_of_birth", "expected_date_of_birth").is_not_null()),
        Stage.VALUES,
    )


class LacEpisodes(pa.DataFrameModel):
    """lac_episodes: one row per SSDA903 episode."""

    child_id: pl.String
    episode_start: pl.Date
    episode_end: pl.Date = pa.Field(nullable=True)
    reason_new_episode: pl.String
    legal_status: pl.String
    category_of_need: pl.String
    placement_type: pl.String
    placement_provider: pl.String = pa.Field(nullable=True)
    reason_episode_ceased: pl.String = pa.Field(nullable=True)

    class Config:
        name = "lac_episodes"
        strict = True

    _reason_new_episode = _code_check("reason_new_episode", codes.REASON_NEW_EPISODE)
    _legal_status = _code_check("legal_status", codes.LEGAL_STATUS, "an SSDA903 LS code")
    _category_of_need = _code_check("category_of_need", codes.CATEGORY_OF_NEED)
    _placement_type = _code_check("placement_type", codes.PLACEMENT_TYPE, "an SSDA903 PLACE code")
    _placement_provider = _code_check("placement_provider", codes.PLACEMENT_PROVIDER)
    _reason_episode_ceased = _code_check("reason_episode_ceased", codes.REASON_EPISODE_CEASED,
                                         "an SSDA903 REC code")
    _episode_start = _date_range("episode_start")
    _episode_end = _date_range("episode_end")
    _end_after_start = _after("episode_end", "episode_start", same_day=False)
    _ceased_when_ended = _row_check(
        "reason_episode_ceased",
        "reason_episode_ceased must be empty exactly when episode_end is empty",
        lambda: pl.col("reason_episode_ceased").is_null() == pl.col("episode_end").is_null(),
        Stage.VALUES,
    )
    _child_in_children = _child_reference_check()
    _child_not_set_aside = _child_set_aside_check()
    _overlap = _no_overlap("episode", "episode_start", "episode_end")


class LacReviews(pa.DataFrameModel):
    """lac_reviews: one row per statutory looked-after review; ``iro_id`` and
    ``permanence_plan`` (contract v1.1) are optional columns."""

    child_id: pl.String
    review_date: pl.Date
    participation_code: pl.String
    iro_id: pl.String = pa.Field(nullable=True, required=False)
    permanence_plan: pl.Boolean = pa.Field(nullable=True, required=False)

    class Config:
        name = "lac_reviews"
        strict = True

    _participation_code = _code_check("participation_code", codes.PARTICIPATION)
    _review_date = _date_range("review_date")
    _key = _repeated_key("lac_reviews")
    _child_in_children = _child_reference_check()
    _child_not_set_aside = _child_set_aside_check()
    _unknown_iro = _iro_reference_check()


class CpPlans(pa.DataFrameModel):
    """cp_plans: one row per child protection plan."""

    plan_id: pl.String
    child_id: pl.String
    plan_start: pl.Date
    plan_end: pl.Date = pa.Field(nullable=True)
    initial_category: pl.String
    latest_category: pl.String
    previous_plans: pl.Int64 = pa.Field(nullable=True)

    class Config:
        name = "cp_plans"
        strict = True

    _key = _named_key("cp_plans")
    _plan_start = _date_range("plan_start")
    _plan_end = _date_range("plan_end")
    _end_after_start = _after("plan_end", "plan_start", same_day=True)
    _initial_category = _code_check("initial_category", codes.ABUSE_CATEGORY)
    _latest_category = _code_check("latest_category", codes.ABUSE_CATEGORY)
    _previous_plans = _column_check("previous_plans", "previous_plans must not be negative",
                                    lambda value: value >= 0)
    _child_in_children = _child_reference_check()
    _child_not_set_aside = _child_set_aside_check()
    _overlap = _no_overlap("plan", "plan_start", "plan_end")


class S47Enquiries(pa.DataFrameModel):
    """s47_enquiries: one row per section 47 enquiry."""

    s47_id: pl.String
    child_id: pl.String
    s47_start: pl.Date
    icpc_required: pl.Boolean
    icpc_date: pl.Date = pa.Field(nullable=True)

    class Config:
        name = "s47_enquiries"
        strict = True

    _key = _named_key("s47_enquiries")
    _s47_start = _date_range("s47_start")
    _icpc_date = _date_range("icpc_date")
    _icpc_after_start = _after("icpc_date", "s47_start", same_day=True)
    _child_in_children = _child_reference_check()
    _child_not_set_aside = _child_set_aside_check()


def _outcome_matches_type() -> pl.Expr:
    """The outcome is allowed for the conference type (an unknown type is a code error only)."""
    pairs = [f"{kind} {outcome}" for kind, outcomes in codes.OUTCOMES_BY_CONFERENCE_TYPE.items()
             for outcome in outcomes]
    kind = pl.col("conference_type")
    pair = pl.concat_str(kind, pl.col("outcome"), separator=" ")
    return ~kind.is_in(codes.CONFERENCE_TYPE) | pair.is_in(pairs)


def _outcomes_text() -> str:
    """'PLAN or NO_PLAN for ICPC or TRANSFER_IN; CONTINUE or END for RCPC'."""
    by_outcomes: dict[tuple[str, ...], list[str]] = {}
    for kind, outcomes in codes.OUTCOMES_BY_CONFERENCE_TYPE.items():
        by_outcomes.setdefault(outcomes, []).append(kind)
    return "; ".join(f"{_listing(outcomes)} for {_listing(kinds)}"
                     for outcomes, kinds in by_outcomes.items())


class CpConferences(pa.DataFrameModel):
    """cp_conferences: one row per child per conference."""

    conference_id: pl.String
    child_id: pl.String
    conference_date: pl.Date
    conference_type: pl.String
    outcome: pl.String = pa.Field(nullable=True)
    family_invited: pl.Boolean = pa.Field(nullable=True)
    family_attended: pl.Boolean = pa.Field(nullable=True)

    class Config:
        name = "cp_conferences"
        strict = True

    _key = _named_key("cp_conferences")
    _conference_type = _code_check("conference_type", codes.CONFERENCE_TYPE)
    _conference_date = _date_range("conference_date")
    _outcome = _row_check("outcome", f"outcome must be {_outcomes_text()}",
                          _outcome_matches_type, Stage.VALUES)
    _attended_if_invited = _row_check(
        "family_attended", "family_attended must be empty when family_invited is not true",
        lambda: pl.col("family_attended").is_null() | pl.col("family_invited").fill_null(False),
        Stage.VALUES,
    )
    _child_in_children = _child_reference_check()
    _child_not_set_aside = _child_set_aside_check()


class IroStaff(pa.DataFrameModel):
    """iro_staff: one row per IRO post holder."""

    iro_id: pl.String
    fte: pl.Float64
    start_date: pl.Date
    end_date: pl.Date = pa.Field(nullable=True)
    role: pl.String

    class Config:
        name = "iro_staff"
        strict = True

    _fte = _column_check("fte", "fte must be more than 0 and at most 1",
                         lambda value: (value > 0) & (value <= 1))
    _start_date = _date_range("start_date")
    _end_date = _date_range("end_date")
    _end_after_start = _after("end_date", "start_date", same_day=False)
    _role = _code_check("role", codes.IRO_ROLE)
    _key = _repeated_key("iro_staff")


class IroAllocations(pa.DataFrameModel):
    """iro_allocations: which IRO holds which child."""

    child_id: pl.String
    iro_id: pl.String
    allocated_from: pl.Date
    allocated_to: pl.Date = pa.Field(nullable=True)

    class Config:
        name = "iro_allocations"
        strict = True

    _allocated_from = _date_range("allocated_from")
    _allocated_to = _date_range("allocated_to")
    _end_after_start = _after("allocated_to", "allocated_from", same_day=False)
    _key = _repeated_key("iro_allocations")
    _child_in_children = _child_reference_check()
    _child_not_set_aside = _child_set_aside_check()
    _unknown_iro = _iro_reference_check()


class IroDisputes(pa.DataFrameModel):
    """iro_disputes: the dispute resolution process."""

    dispute_id: pl.String
    child_id: pl.String
    raised_date: pl.Date
    stage: pl.String
    issue: pl.String
    resolved_date: pl.Date = pa.Field(nullable=True)

    class Config:
        name = "iro_disputes"
        strict = True

    _key = _named_key("iro_disputes")
    _stage = _code_check("stage", codes.DISPUTE_STAGE)
    _issue = _code_check("issue", codes.DISPUTE_ISSUE)
    _raised_date = _date_range("raised_date")
    _resolved_date = _date_range("resolved_date")
    _resolved_after_raised = _after("resolved_date", "raised_date", same_day=True)
    _child_in_children = _child_reference_check()
    _child_not_set_aside = _child_set_aside_check()


class IroActivity(pa.DataFrameModel):
    """iro_activity (contract v1.1): the IRO's contact with the child between reviews."""

    activity_id: pl.String
    child_id: pl.String
    iro_id: pl.String = pa.Field(nullable=True)
    activity_date: pl.Date
    activity_type: pl.String

    class Config:
        name = "iro_activity"
        strict = True

    _key = _named_key("iro_activity")
    _activity_type = _code_check("activity_type", codes.IRO_ACTIVITY_TYPE)
    _activity_date = _date_range("activity_date")
    _child_in_children = _child_reference_check()
    _child_not_set_aside = _child_set_aside_check()
    _unknown_iro = _iro_reference_check()


class OtherReviews(pa.DataFrameModel):
    """other_reviews (contract v1.1): the service's other statutory reviews; a foster carer
    review is of a carer, not a child, so it carries no child_id."""

    review_id: pl.String
    review_type: pl.String
    review_date: pl.Date
    due_date: pl.Date = pa.Field(nullable=True)
    child_id: pl.String = pa.Field(nullable=True)

    class Config:
        name = "other_reviews"
        strict = True

    _key = _named_key("other_reviews")
    _review_type = _code_check("review_type", codes.OTHER_REVIEW_TYPE)
    _review_date = _date_range("review_date")
    _due_date = _date_range("due_date")
    _no_child_for_carer = _row_check(
        "child_id", f"child_id must be empty for a {codes.FOSTER_CARER_REVIEW} review",
        lambda: (pl.col("review_type") != codes.FOSTER_CARER_REVIEW) | pl.col("child_id").is_null(),
        Stage.VALUES,
    )
    _child_in_children = _child_reference_check()
    _child_not_set_aside = _child_set_aside_check()


class ServiceActivity(pa.DataFrameModel):
    """service_activity (contract v1.1): the unit's work beyond case reviews, as sessions per
    date and type."""

    activity_date: pl.Date
    activity_type: pl.String
    sessions: pl.Int64
    attendees: pl.Int64 = pa.Field(nullable=True)

    class Config:
        name = "service_activity"
        strict = True

    _activity_type = _code_check("activity_type", codes.SERVICE_ACTIVITY_TYPE)
    _activity_date = _date_range("activity_date")
    _sessions = _column_check("sessions", "sessions must be 1 or more", lambda value: value >= 1)
    _attendees = _column_check("attendees", "attendees must not be negative",
                               lambda value: value >= 0)
    _attendees_for_training = _row_check(
        "attendees", f"attendees must be empty unless activity_type is {codes.TRAINING}",
        lambda: (pl.col("activity_type") == codes.TRAINING) | pl.col("attendees").is_null(),
        Stage.VALUES,
    )
    _key = _repeated_key("service_activity")


def _agreement(column: str) -> CheckMethod:
    """A feedback answer on the 1-5 agreement scale (5 = strongly agree)."""
    return _column_check(column, f"{column} must be 1 to 5",
                         lambda value: value.is_between(1, 5))


class Feedback(pa.DataFrameModel):
    """feedback (contract v1.1): what children, families and professionals said; no child_id
    and no free text."""

    feedback_id: pl.String
    feedback_date: pl.Date
    respondent: pl.String
    about: pl.String
    listened_to: pl.Int64 = pa.Field(nullable=True)
    helpful: pl.Int64 = pa.Field(nullable=True)

    class Config:
        name = "feedback"
        strict = True

    _key = _named_key("feedback")
    _respondent = _code_check("respondent", codes.RESPONDENT)
    _about = _code_check("about", codes.FEEDBACK_ABOUT)
    _feedback_date = _date_range("feedback_date")
    _listened_to = _agreement("listened_to")
    _helpful = _agreement("helpful")


TOTAL_WITH_SINGLE_AGES = "mid_year has single-age rows, so its total row (empty age) is set aside"
GROUP_ROW_WITH_AGE = "a row with an ethnic_group must have an empty age (the group's 0-17 total)"


def _all_groups() -> pl.Expr:
    """A row for all ethnic groups (``ethnic_group`` empty): the rows every rate reads."""
    return pl.col("ethnic_group").is_null()


class Population(pa.DataFrameModel):
    """population: children aged 0-17 by mid-year, single ages or one total row per year; from
    v1.1 an optional ``ethnic_group`` column, whose rows give one group's 0-17 total (age empty)
    for disproportionality and never enter other rates. Only the rows for all groups are
    single ages or a total."""

    mid_year: pl.Int64
    age: pl.Int64 = pa.Field(nullable=True)
    population: pl.Int64
    ethnic_group: pl.String | None = pa.Field(nullable=True)  # optional: not required

    class Config:
        name = "population"
        strict = True

    _key = _named_key("population")
    _mid_year = _column_check(
        "mid_year",
        f"mid_year must be from {EARLIEST_DATE.year} to the year after the extract date's year",
        lambda value: _plausible(value, EARLIEST_DATE.year, lambda day: day.year + 1))
    _age = _column_check("age", "age must be 0 to 17 (or empty for the 0-17 total)",
                         lambda value: value.is_between(0, 17))
    _population = _column_check("population", "population must not be negative",
                                lambda value: value >= 0)
    _ethnic_group = _code_check("ethnic_group", ETHNIC_GROUPS)
    _group_total = _row_check("age", GROUP_ROW_WITH_AGE,
                              lambda: _all_groups() | pl.col("age").is_null(), Stage.VALUES)
    _total_or_single_ages = _row_check(
        "mid_year", TOTAL_WITH_SINGLE_AGES,
        lambda: ~(pl.col("age").is_null() & _all_groups()
                  & pl.col("age").is_not_null().any().over("mid_year")),
        Stage.KEYS,
    )


SCHEMAS: dict[str, type[pa.DataFrameModel]] = {
    "children": Children,
    "lac_episodes": LacEpisodes,
    "lac_reviews": LacReviews,
    "cp_plans": CpPlans,
    "s47_enquiries": S47Enquiries,
    "cp_conferences": CpConferences,
    "iro_staff": IroStaff,
    "iro_allocations": IroAllocations,
    "iro_disputes": IroDisputes,
    "iro_activity": IroActivity,
    "other_reviews": OtherReviews,
    "service_activity": ServiceActivity,
    "feedback": Feedback,
    "population": Population,
}
"""The model of each table of the contract, by table name (``iro_metrics.contract.extract.TABLES``)."""
