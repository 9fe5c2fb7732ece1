"""The indicator engine: every registered indicator for a period, optionally broken down by one
dimension and filtered by several, as one tidy frame the pages, downloads and command line share.

Each indicator is first reduced to its counting units (one row per child, plan, review, enquiry,
conference or dispute) carrying a numerator flag, a denominator flag and the unit's breakdown
labels on its event date; filters and breakdowns then work the same way for every indicator, so a
breakdown always adds up to its headline.
"""

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from dataclasses import asdict, dataclass
from functools import cache
from typing import TypedDict

import polars as pl

from iro_metrics.contract.extract import Extract
from iro_metrics.indicators import cp_units, lac_units
from iro_metrics.indicators.demographics import (
    GROUP_ORDER,
    UNKNOWN_NEED,
    age_band_on,
    age_band_spans,
    child_attributes,
    legal_status_group,
)
from iro_metrics.indicators.derived import derived, recent
from iro_metrics.indicators.periods import Period, Spell, month_ends
from iro_metrics.indicators.population import population_by_band
from iro_metrics.indicators.registry import (
    BY_ID,
    DIMENSIONS,
    INDICATORS,
    Indicator,
    Unit,
    UnitsBuilder,
)
from iro_metrics.indicators.service_units import staff_fte
from iro_metrics.indicators.sorted_keys import positions_in
from iro_metrics.indicators.stats import add_limits

RESULT_SCHEMA = {
    "indicator_id": pl.String,
    "period_start": pl.Date,
    "period_end": pl.Date,
    "group": pl.String,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "value": pl.Float64,
}
CONTRACT_COLUMNS = tuple(RESULT_SCHEMA)
LIMIT_COLUMNS = ("lower_95", "upper_95", "lower_998", "upper_998")
MONTHLY = {  # the month-end series: table, and what makes a row count on a day
    "lac_count": ("lac_episodes", lac_units.LOOKED_AFTER),
    "cp_count": ("cp_plans", cp_units.ON_PLAN),
}
CHILD_LABELS = frozenset({"age_band", "sex", "ethnic_group", "disability"})
"""The breakdown labels read from the child's ``children`` row."""


class ResultRow(TypedDict):
    """One row of the result contract (``RESULT_SCHEMA``) before the limits are added: an
    indicator's numerator, denominator and value for one group of one period (None when the
    indicator does not apply or its denominator is unknown)."""

    indicator_id: str
    period_start: dt.date
    period_end: dt.date
    group: str
    numerator: float | None
    denominator: float | None
    value: float | None


@dataclass(frozen=True)
class Count:
    """The counting units of one group: how many count (``numerator``) and how many are in the
    denominator (every unit when the indicator is not a proportion)."""

    group: str
    numerator: int
    denominator: int


@dataclass(frozen=True)
class Filters:
    """Demographic filters; an empty tuple means no filter on that dimension. Labels are those of
    ``demographics`` (age bands, ethnic groups, ``true``/``false``/``unknown`` ...)."""

    age_band: tuple[str, ...] = ()
    sex: tuple[str, ...] = ()
    ethnic_group: tuple[str, ...] = ()
    disability: tuple[str, ...] = ()
    initial_category: tuple[str, ...] = ()
    legal_status_group: tuple[str, ...] = ()

    def active(self) -> dict[str, tuple[str, ...]]:
        """The dimensions actually filtered, with their allowed labels."""
        return {name: values for name, values in asdict(self).items() if values}


POSITION = "child position"
"""The column holding a row's ``_positions`` while the month-end series label it."""


def _labelled(extract: Extract, units: pl.DataFrame, labels: Collection[str],
              positions: pl.Series | None = None) -> pl.DataFrame:
    """Units with the breakdown ``labels`` they are asked for, and only those: the child's
    attributes (read from ``children``, at the units' ``positions`` there when known; a child's
    date of birth with the age band on the event date), and the legal-status group and category
    of need of the unit's episode. Units that are not a child's (other reviews, feedback) carry
    their own labels."""
    labelled = units
    wanted = CHILD_LABELS.intersection(labels)
    if "child_id" in units.columns and wanted:
        columns = sorted({"date_of_birth" if label == "age_band" else label for label in wanted})
        if positions is None:
            positions = _positions(extract, units["child_id"])
        labelled = units.hstack(_attributes_at(extract, positions, columns).get_columns())
        if "age_band" in wanted and "event_date" in labelled.columns:
            labelled = labelled.with_columns(
                age_band=age_band_on(pl.col("date_of_birth"), pl.col("event_date")))
    if "legal_status" in labelled.columns and "legal_status_group" in labels:
        labelled = labelled.with_columns(
            legal_status_group=legal_status_group(pl.col("legal_status")))
    if "category_of_need" in labelled.columns and "category_of_need" in labels:
        labelled = labelled.with_columns(
            category_of_need=pl.col("category_of_need").fill_null(UNKNOWN_NEED))
    return labelled


def _attributes(extract: Extract) -> pl.DataFrame:
    """``child_attributes`` sorted by child_id once per extract, for ``_positions``."""
    return derived(extract, "attributes",
                   lambda: child_attributes(extract.children).sort("child_id"))


def _attributes_at(extract: Extract, positions: pl.Series, columns: list[str]) -> pl.DataFrame:
    """The ``columns`` of ``child_attributes`` at ``positions`` (``_positions``), in order; nulls
    at a null position (a child not in ``children``)."""
    return _attributes(extract).select(pl.col(columns).gather(positions))


def _positions(extract: Extract, child_ids: pl.Series) -> pl.Series:
    """Where each of ``child_ids`` is in ``_attributes`` (null for an id not in ``children``),
    found by binary search: a join would hash every child of the extract again for each set of
    units, which at England's million children costs more than the counting."""
    return positions_in(_attributes(extract)["child_id"], child_ids)


def _table_positions(extract: Extract, table: str) -> pl.Series:
    """``_positions`` of every row of ``table``, found once per extract: the month-end series
    label the same rows for every period and filter."""
    return derived(extract, f"positions of {table}", lambda: _positions(
        extract, extract.table(table)["child_id"]).alias(POSITION).to_frame())[POSITION]


def prepare_filters(extract: Extract) -> None:
    """Work out once what any filter or breakdown needs of the whole extract, the children's
    attributes sorted by id and the positions of the month-end series' rows, so that the first
    filter a reader picks does not wait for them (the dashboard does this as it loads)."""
    for table, _ in MONTHLY.values():
        if extract.has(table):
            _table_positions(extract, table)


def _filtered(extract: Extract, units: pl.DataFrame, filters: Filters,
              labels: Collection[str] = DIMENSIONS) -> pl.DataFrame:
    """Units with their breakdown ``labels`` (every one unless told), keeping those every active
    filter allows."""
    frame = _labelled(extract, units, {*labels, *filters.active()})
    return _kept(frame, filters)


def _kept(frame: pl.DataFrame, filters: Filters) -> pl.DataFrame:
    """The rows of a labelled ``frame`` every active filter allows."""
    for name, allowed in filters.active().items():
        frame = frame.filter(pl.col(name).is_in(list(allowed)))
    return frame


def _row(indicator: Indicator, period: Period, group: str, numerator: float | None,
         denominator: float | None, value: float | None) -> ResultRow:
    return ResultRow(indicator_id=indicator.id, period_start=period.start, period_end=period.end,
                     group=group, numerator=numerator, denominator=denominator, value=value)


def _empty_rows(indicator: Indicator, period: Period, groups: Iterable[str]) -> list[ResultRow]:
    return [_row(indicator, period, group, None, None, None) for group in groups]


def _applies(indicator: Indicator, filters: Filters, by: str | None) -> bool:
    return all(name in indicator.dimensions for name in filters.active()) and (
        by is None or by in indicator.dimensions)


def _present(indicator: Indicator, extract: Extract) -> bool:
    """Whether the extract has every table and optional column the indicator declares."""
    return all(extract.has(table) for table in indicator.tables) and all(
        extract.has(table) and column in extract.table(table).columns
        for table, column in indicator.columns)


def _ready(extract: Extract, period: Period, by: str | None,
           filters: Filters) -> Callable[[UnitsBuilder], pl.DataFrame]:
    """The counting units of each builder for ``period``, labelled and filtered only when a
    filter or the breakdown needs a label, each built once however many indicators count them
    (a council's reviews feed five indicators; at England's scale each label join costs)."""
    labels = [by] if by else []

    @cache
    def ready(builder: UnitsBuilder) -> pl.DataFrame:
        units = _units(extract, builder, period)
        return _filtered(extract, units, filters, labels) if labels or filters.active() else units

    return ready


def _units(extract: Extract, builder: UnitsBuilder, period: Period) -> pl.DataFrame:
    """The counting units ``builder`` gives for ``period``, kept while recently asked for, so
    that a filter or breakdown of a period just shown only labels and counts them."""
    return recent(extract, (builder, period.start, period.end), lambda: builder(extract, period))


def keep_units(extract: Extract, periods: Iterable[Period]) -> None:
    """Build and keep the counting units of every indicator ``extract`` can count, for each of
    ``periods``, so that a reader's first view of any of them only counts (the dashboard does
    this for every year it offers as the server starts, before it listens)."""
    builders = dict.fromkeys(indicator.units for indicator in INDICATORS
                             if _present(indicator, extract))
    for period in periods:
        for builder in builders:
            _units(extract, builder, period)


def _aggregate(indicator: Indicator, frame: pl.DataFrame, by: str | None) -> list[Count]:
    """The units of ``frame`` counted per group of ``by`` (in the dimension's order; one group
    "" without a breakdown, even when no unit is left)."""
    group = pl.col(by) if by else pl.lit("")
    in_denominator = (indicator.out_of if indicator.out_of is not None
                      else pl.lit(True)).fill_null(False)
    sums = (
        frame.with_columns(group=group, in_denominator=in_denominator,
                           numerator=indicator.counted.fill_null(False) & in_denominator)
        .group_by("group")
        .agg(pl.col("numerator").sum(), denominator=pl.col("in_denominator").sum())
    )
    found = {row["group"]: row for row in sums.iter_rows(named=True)}
    groups = [g for g in GROUP_ORDER[by] if g in found] if by else [""]
    return [Count(label, found.get(label, {}).get("numerator", 0),
                  found.get(label, {}).get("denominator", 0)) for label in groups]


def _count_rows(indicator: Indicator, counted: list[Count], period: Period) -> list[ResultRow]:
    """Counts, or percentages of the denominator for a proportion."""
    if indicator.out_of is None:
        return [_row(indicator, period, count.group, count.numerator, None,
                     float(count.numerator)) for count in counted]
    return [_row(indicator, period, count.group, count.numerator, count.denominator,
                 100.0 * count.numerator / count.denominator if count.denominator else None)
            for count in counted]


def _rate_rows(indicator: Indicator, counted: list[Count], extract: Extract, period: Period,
               by: str | None, filters: Filters) -> list[ResultRow]:
    """Rates per 10,000: the count rows over the 0–17 population (by age band where single ages
    exist; empty under any other dimension or filter)."""
    population = population_by_band(extract.optional("population"), extract.authority.la_code,
                                    period.end)
    rows = []
    for count in counted:
        denominator: int | None
        if by == "age_band":
            denominator = population.get(count.group)
        elif filters.age_band:
            known = [people for band in filters.age_band
                     if (people := population.get(band)) is not None]
            denominator = sum(known) if len(known) == len(filters.age_band) else None
        else:
            denominator = population["total"]
        value = (10_000.0 * count.numerator / denominator) if denominator else None
        rows.append(_row(indicator, period, count.group, count.numerator, denominator, value))
    return rows


def _per_fte_rows(indicator: Indicator, counted: list[Count], extract: Extract,
                  period: Period) -> list[ResultRow]:
    """Children per full-time IRO: the counts over the staff in post on the snapshot."""
    fte = staff_fte(extract, period)
    return [_row(indicator, period, count.group, count.numerator, fte,
                 count.numerator / fte if fte else None) for count in counted]


def _rows_for(indicator: Indicator, extract: Extract, period: Period, by: str | None,
              filters: Filters, ready: Callable[[UnitsBuilder], pl.DataFrame]
              ) -> list[ResultRow]:
    if by is not None and by not in indicator.dimensions:
        return []
    if not _applies(indicator, filters, by) or not _present(indicator, extract):
        return _empty_rows(indicator, period, [""] if by is None else [])
    if indicator.is_rate and by == "age_band" and "Under 1" not in population_by_band(
            extract.optional("population"), extract.authority.la_code, period.end):
        return []
    counted = _aggregate(indicator, ready(indicator.units), by)
    if indicator.is_rate:
        return _rate_rows(indicator, counted, extract, period, by, filters)
    if indicator.unit is Unit.PER_FTE:
        return _per_fte_rows(indicator, counted, extract, period)
    return _count_rows(indicator, counted, period)


def compute(extract: Extract, period: Period, by: str | None = None,
            filters: Filters | None = None,
            indicator_ids: Iterable[str] | None = None) -> pl.DataFrame:
    """Every (or the chosen) indicator for ``period``: one row per indicator, or per group of
    ``by``, in registry order; with the unit, polarity, title and 95%/99.8% limits appended."""
    filters = filters or Filters()
    wanted = set(indicator_ids) if indicator_ids is not None else None
    ready = _ready(extract, period, by, filters)
    rows: list[ResultRow] = []
    for indicator in INDICATORS:
        if wanted is None or indicator.id in wanted:
            rows.extend(_rows_for(indicator, extract, period, by, filters, ready))
    frame = pl.DataFrame(rows, schema=RESULT_SCHEMA)
    meta = pl.DataFrame({
        "indicator_id": [i.id for i in INDICATORS],
        "unit": [str(i.unit) for i in INDICATORS],
        "kind": ["proportion" if i.is_proportion else "rate" if i.is_rate else "other"
                 for i in INDICATORS],
        "polarity": [str(i.polarity) for i in INDICATORS],
        "title": [i.title for i in INDICATORS],
    })
    joined = frame.join(meta, on="indicator_id", how="left",
                        maintain_order="left").with_row_index("position")
    limited = pl.concat([
        add_limits(joined.filter(pl.col("kind") == "proportion"), "proportion"),
        add_limits(joined.filter(pl.col("kind") == "rate"), "rate"),
        joined.filter(pl.col("kind") == "other").with_columns(
            pl.lit(None, dtype=pl.Float64).alias(name) for name in LIMIT_COLUMNS),
    ]).sort("position")
    return limited.select(*CONTRACT_COLUMNS, "unit", *LIMIT_COLUMNS, "polarity", "title")


def monthly_counts(extract: Extract, first: dt.date, last: dt.date,
                   filters: Filters | None = None, by: str | None = None) -> pl.DataFrame:
    """Children looked after and on a plan at each month end from ``first`` to ``last`` (for
    trend charts): columns month_end, indicator_id (lac_count / cp_count), group (the ``by``
    dimension's label, "" without one) and value; each month has every group with children in
    it, and the headline months have a row even when none were.

    A child has at most one episode (plan) open on a day, so a month end's count is the number
    of rows open on it: the rows begun by then less those ended by then, a running sum over the
    month ends of starts less ends rather than one row per row and month (an age band, which
    changes on birthdays, splits a row at them: ``_spans``)."""
    filters = filters or Filters()
    ends = pl.DataFrame({"month_end": month_ends(first, last)}, schema={"month_end": pl.Date})
    frames = []
    for indicator_id, (table_name, spell) in MONTHLY.items():
        if (not extract.has(table_name) or ends.is_empty()
                or not _applies(BY_ID[indicator_id], filters, by)):
            continue
        spans = _spans(extract, table_name, spell, first, last, filters, by)
        counts = _open_at(spans, ends)
        if by:
            counts = counts.filter(pl.col("value") > 0)
        frames.append(counts.with_columns(indicator_id=pl.lit(indicator_id)))
    if not frames:
        return pl.DataFrame(schema={"month_end": pl.Date, "indicator_id": pl.String,
                                    "group": pl.String, "value": pl.Int64})
    return pl.concat(frames).select("month_end", "indicator_id", "group",
                                    pl.col("value").cast(pl.Int64)).sort(
        "indicator_id", "month_end", "group")


def _spans(extract: Extract, table: str, spell: Spell, first: dt.date, last: dt.date,
           filters: Filters, by: str | None) -> pl.DataFrame:
    """The rows of ``table`` that ``spell`` counts and that are open at some day from ``first``
    to ``last``, as spans: columns since, until (the first day no longer open; null while open)
    and group (the ``by`` label, "" without one), keeping those the filters allow. With an age
    band to filter or break down by, a span is cut at the birthdays where the child's band
    changes, each piece with its band (only the pieces in the bands a filter keeps, unless the
    breakdown is by band)."""
    labels = {*filters.active(), *([by] if by else [])}
    begun = pl.col(spell.start)
    ended = pl.col(spell.end)
    needed = ["since", "until", *sorted(labels - {"age_band"})]
    rows = extract.table(table)
    if labels:
        rows = rows.with_columns(_table_positions(extract, table))
    rows = rows.filter(spell.counts, begun <= last,
                       ended.is_null() | ((ended > first) & (ended > begun)))
    spans = _labelled(
        extract, rows.rename({spell.start: "since", spell.end: "until"}), labels,
        rows[POSITION] if labels else None,
    ).select(*needed, *(["date_of_birth"] if "age_band" in labels else []))
    if "age_band" in labels:
        bands = age_band_spans(pl.col("date_of_birth"))
        kept = filters.age_band if filters.age_band and by != "age_band" else tuple(bands)
        spans = pl.concat([_within(spans, band, *bands[band]) for band in bands if band in kept])
    return _kept(spans, filters).select(
        "since", "until", group=pl.col(by) if by else pl.lit(""))


def _within(spans: pl.DataFrame, band: str, enters: pl.Expr | None,
            leaves: pl.Expr | None) -> pl.DataFrame:
    """The part of each span while the child is in the age ``band`` (entered on the day
    ``enters``, left on ``leaves``; None: no bound), labelled with it; spans never in it go."""
    bounds = {name: day for name, day in (("enters", enters), ("leaves", leaves)) if day is not None}
    since = pl.col("since") if enters is None else pl.max_horizontal("since", "enters")
    until = pl.col("until") if leaves is None else pl.min_horizontal("until", "leaves")
    entered = pl.lit(True) if enters is None else pl.col("enters").is_not_null()
    return (spans.with_columns(**bounds).filter(entered)
            .with_columns(since=since, until=until, age_band=pl.lit(band)).drop(*bounds)
            .filter(pl.col("until").is_null() | (pl.col("since") < pl.col("until"))))


def _open_at(spans: pl.DataFrame, ends: pl.DataFrame) -> pl.DataFrame:
    """Spans open at each month end of ``ends``, per group: a span counts from the month end of
    the month it begins in (the first month end on or after ``since``) up to, not including,
    that of the month holding ``until``."""
    changes = pl.concat([
        spans.select("group", month_end=pl.col("since").dt.month_end(), change=pl.lit(1)),
        spans.filter(pl.col("until").is_not_null()).select(
            "group", month_end=pl.col("until").dt.month_end(), change=pl.lit(-1)),
    ]).group_by("group", "month_end").agg(pl.col("change").sum()).sort("group", "month_end")
    running = changes.with_columns(value=pl.col("change").cum_sum().over("group"))
    groups = changes.select("group").unique() if spans.height else pl.DataFrame({"group": [""]})
    return (
        ends.join(groups, how="cross").sort("group", "month_end")
        .join_asof(running.select("group", "month_end", "value"), on="month_end", by="group",
                   strategy="backward", check_sortedness=False)
        .with_columns(pl.col("value").fill_null(0))
    )


def review_units(extract: Extract, period: Period,
                 filters: Filters | None = None) -> pl.DataFrame | None:
    """The looked-after reviews held in ``period`` that the review indicators count (one row
    each: child_id, event_date, participation_code, assessable, on_time, legal_status and every
    breakdown label), filtered exactly as they are. None when the extract has no ``lac_reviews``
    or a filter does not apply to reviews (the indicators are then empty too)."""
    filters = filters or Filters()
    held = BY_ID["lac_reviews_held"]
    if not _present(held, extract) or not _applies(held, filters, None):
        return None
    return _filtered(extract, held.units(extract, period), filters)
