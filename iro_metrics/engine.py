"""The indicator engine: every registered indicator for a period, optionally broken down by one
dimension and filtered by several, as one tidy frame the pages, downloads and command line share.

Each indicator is first reduced to its counting units (one row per child, plan, review, enquiry,
conference or dispute) carrying a numerator flag, a denominator flag and the unit's breakdown
labels on its event date; filters and breakdowns then work the same way for every indicator, so a
breakdown always adds up to its headline.
"""

import datetime as dt
import weakref
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

import polars as pl

from iro_metrics import cp_units, lac_units, service_units
from iro_metrics.demographics import (
    GROUP_ORDER,
    UNKNOWN_NEED,
    age_band_on,
    child_attributes,
    legal_status_group,
)
from iro_metrics.extract import Extract
from iro_metrics.periods import Period, month_ends
from iro_metrics.population import population_by_band
from iro_metrics.registry import INDICATORS, Indicator
from iro_metrics.stats import add_limits

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
PARTICIPATING = ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6")
AGED_FOUR_PLUS = (*PARTICIPATING, "PN7")


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


@dataclass(frozen=True)
class Units:
    """An indicator's counting units: ``frame`` holds child_id and event_date (plus
    initial_category or legal_status where they apply); the expressions mark each unit's place in
    the numerator and the denominator (None for counts)."""

    frame: pl.DataFrame
    numerator: pl.Expr = field(default_factory=lambda: pl.lit(True))
    denominator: pl.Expr | None = None


Builder = Callable[[Extract, Period], Units | None]


_DERIVED: "weakref.WeakKeyDictionary[Extract, dict[str, pl.DataFrame]]" = (
    weakref.WeakKeyDictionary())


def _derived(extract: Extract, name: str, build: Callable[[], pl.DataFrame]) -> pl.DataFrame:
    """A period-independent table derived from the extract, built once per loaded extract."""
    cache = _DERIVED.setdefault(extract, {})
    if name not in cache:
        cache[name] = build()
    return cache[name]


def _lac_periods(extract: Extract) -> pl.DataFrame:
    assert extract.lac_episodes is not None
    episodes = extract.lac_episodes
    return _derived(extract, "periods_of_care", lambda: lac_units.periods_of_care(episodes))


def _reviews(extract: Extract, period: Period) -> pl.DataFrame | None:
    if extract.lac_reviews is None:
        return None
    timed = _derived(extract, "review_timeliness", lambda: lac_units.review_timeliness(
        extract.lac_reviews, extract.lac_episodes, extract.authority.extract_date))
    return timed.filter(pl.col("review_date").is_between(period.start, period.end)).select(
        "child_id", "participation_code", "assessable", "on_time", "legal_status",
        "category_of_need", event_date="review_date")


def _needs(*tables: str) -> Callable[[Callable[[Extract, Period], Units]], Builder]:
    """Run the builder only when every table it needs is present (absent means no value)."""
    def wrap(build: Callable[[Extract, Period], Units]) -> Builder:
        def guarded(extract: Extract, period: Period) -> Units | None:
            if any(getattr(extract, table) is None for table in tables):
                return None
            return build(extract, period)
        return guarded
    return wrap


@_needs("lac_episodes")
def _lac_count(extract: Extract, period: Period) -> Units:
    assert extract.lac_episodes is not None
    return Units(lac_units.looked_after_on(extract.lac_episodes, period.end))


@_needs("lac_episodes")
def _lac_starts(extract: Extract, period: Period) -> Units:
    return Units(lac_units.starts_in(_lac_periods(extract), period))


@_needs("lac_episodes")
def _lac_ceased(extract: Extract, period: Period) -> Units:
    return Units(lac_units.ceased_in(_lac_periods(extract), period))


def _review_units(numerator: pl.Expr, denominator: pl.Expr | None) -> Builder:
    @_needs("lac_reviews")
    def build(extract: Extract, period: Period) -> Units:
        frame = _reviews(extract, period)
        assert frame is not None
        return Units(frame, numerator, denominator)
    return build


@_needs("cp_plans")
def _cp_count(extract: Extract, period: Period) -> Units:
    assert extract.cp_plans is not None
    return Units(cp_units.on_plan(extract.cp_plans, period.end))


def _plan_starts(numerator: pl.Expr, denominator: pl.Expr | None) -> Builder:
    @_needs("cp_plans")
    def build(extract: Extract, period: Period) -> Units:
        plans = extract.cp_plans
        assert plans is not None
        history = _derived(extract, "plan_history", lambda: cp_units.with_history(plans))
        return Units(cp_units.starts_in(history, period), numerator, denominator)
    return build


def _plan_ends(numerator: pl.Expr, denominator: pl.Expr | None) -> Builder:
    @_needs("cp_plans")
    def build(extract: Extract, period: Period) -> Units:
        assert extract.cp_plans is not None
        return Units(cp_units.ceased_in(extract.cp_plans, period), numerator, denominator)
    return build


@_needs("s47_enquiries")
def _icpc_timely(extract: Extract, period: Period) -> Units:
    assert extract.s47_enquiries is not None
    return Units(cp_units.icpc_enquiries(extract.s47_enquiries, period), pl.col("timely"),
                 pl.lit(True))


@_needs("cp_conferences")
def _icpc_no_plan(extract: Extract, period: Period) -> Units:
    assert extract.cp_conferences is not None
    return Units(cp_units.icpc_children(extract.cp_conferences, period), pl.col("no_plan"),
                 pl.col("known"))


@_needs("cp_plans", "cp_conferences")
def _cp_reviews_timely(extract: Extract, period: Period) -> Units:
    assert extract.cp_plans is not None and extract.cp_conferences is not None
    return Units(cp_units.reviewed_in_time(extract.cp_plans, extract.cp_conferences, period.end),
                 pl.col("in_time"), pl.lit(True))


def _conferences(conference_type: str, numerator: pl.Expr,
                 denominator: pl.Expr | None) -> Builder:
    @_needs("cp_conferences")
    def build(extract: Extract, period: Period) -> Units:
        assert extract.cp_conferences is not None
        frame = service_units.conferences_in(extract.cp_conferences, conference_type, period)
        return Units(frame, numerator, denominator)
    return build


def _disputes(numerator: pl.Expr, denominator: pl.Expr | None) -> Builder:
    @_needs("iro_disputes")
    def build(extract: Extract, period: Period) -> Units:
        assert extract.iro_disputes is not None
        return Units(service_units.disputes_in(extract.iro_disputes, period), numerator,
                     denominator)
    return build


BUILDERS: dict[str, Builder] = {
    "lac_count": _lac_count,
    "lac_rate": _lac_count,
    "lac_starts": _lac_starts,
    "lac_ceased": _lac_ceased,
    "lac_reviews_held": _review_units(pl.lit(True), None),
    "lac_reviews_timely": _review_units(pl.col("on_time"), pl.col("assessable")),
    "lac_participation": _review_units(pl.col("participation_code").is_in(PARTICIPATING),
                                       pl.col("participation_code").is_in(AGED_FOUR_PLUS)),
    "lac_reviews_under4": _review_units(pl.col("participation_code") == "PN0", None),
    "cp_count": _cp_count,
    "cp_rate": _cp_count,
    "cp_starts": _plan_starts(pl.lit(True), None),
    "cp_ceased": _plan_ends(pl.lit(True), None),
    "cp_repeat": _plan_starts(pl.col("repeat"), pl.lit(True)),
    "cp_repeat_2y": _plan_starts(pl.col("repeat_2y"), pl.lit(True)),
    "cp_ceased_2y_plus": _plan_ends(pl.col("lasted_2y"), pl.lit(True)),
    "icpc_timely": _icpc_timely,
    "icpc_no_plan": _icpc_no_plan,
    "cp_reviews_timely": _cp_reviews_timely,
    "icpc_held": _conferences("ICPC", pl.lit(True), None),
    "rcpc_held": _conferences("RCPC", pl.lit(True), None),
    "family_attendance_icpc": _conferences("ICPC", pl.col("attended") & pl.col("invited"),
                                           pl.col("invited")),
    "family_attendance_rcpc": _conferences("RCPC", pl.col("attended") & pl.col("invited"),
                                           pl.col("invited")),
    "disputes_raised": _disputes(pl.lit(True), None),
    "disputes_resolved_20wd": _disputes(pl.col("resolved_20wd") & pl.col("counted"),
                                        pl.col("counted")),
}


def _labelled(extract: Extract, units: pl.DataFrame) -> pl.DataFrame:
    """Units with every breakdown label: age band on the event date and the child's attributes."""
    attributes = _derived(extract, "attributes", lambda: child_attributes(extract.children))
    labelled = units.join(attributes, on="child_id", how="left",
                          maintain_order="left").with_columns(
        age_band=age_band_on(pl.col("date_of_birth"), pl.col("event_date")))
    if "legal_status" in labelled.columns:
        labelled = labelled.with_columns(
            legal_status_group=legal_status_group(pl.col("legal_status")),
            category_of_need=pl.col("category_of_need").fill_null(UNKNOWN_NEED))
    return labelled


def _filtered(extract: Extract, units: pl.DataFrame, filters: Filters) -> pl.DataFrame:
    """Units with their breakdown labels, keeping those every active filter allows."""
    frame = _labelled(extract, units)
    for name, allowed in filters.active().items():
        frame = frame.filter(pl.col(name).is_in(list(allowed)))
    return frame


def _empty_rows(indicator: Indicator, period: Period, groups: Iterable[str]) -> list[dict]:
    return [{"indicator_id": indicator.id, "period_start": period.start,
             "period_end": period.end, "group": group, "numerator": None, "denominator": None,
             "value": None} for group in groups]


def _applies(indicator: Indicator, filters: Filters, by: str | None) -> bool:
    return all(name in indicator.dimensions for name in filters.active()) and (
        by is None or by in indicator.dimensions)


def _aggregate(indicator: Indicator, units: Units, extract: Extract, period: Period,
               by: str | None, filters: Filters) -> list[dict]:
    frame = units.frame
    if indicator.dimensions:
        frame = _filtered(extract, frame, filters)
    group = pl.col(by) if by else pl.lit("")
    in_denominator = (units.denominator if units.denominator is not None
                      else pl.lit(True)).fill_null(False)
    sums = (
        frame.with_columns(group=group, in_denominator=in_denominator,
                           numerator=units.numerator.fill_null(False) & in_denominator)
        .group_by("group")
        .agg(pl.col("numerator").sum(), denominator=pl.col("in_denominator").sum())
    )
    found = {row["group"]: row for row in sums.iter_rows(named=True)}
    groups = [g for g in GROUP_ORDER[by] if g in found] if by else [""]
    rows = []
    for label in groups:
        numerator = found.get(label, {}).get("numerator", 0)
        denominator = found.get(label, {}).get("denominator", 0)
        row = {"indicator_id": indicator.id, "period_start": period.start,
               "period_end": period.end, "group": label, "numerator": numerator,
               "denominator": None, "value": float(numerator)}
        if units.denominator is not None:
            row["denominator"] = denominator
            row["value"] = 100.0 * numerator / denominator if denominator else None
        rows.append(row)
    return rows


def _rate_rows(indicator: Indicator, counted: list[dict], extract: Extract, period: Period,
               by: str | None, filters: Filters) -> list[dict]:
    """Rates per 10,000: the count rows over the 0–17 population (by age band where single ages
    exist; empty under any other dimension or filter)."""
    population = population_by_band(extract.population, extract.authority.la_code, period.end)
    rows = []
    for row in counted:
        if by == "age_band":
            denominator = population.get(row["group"])
        elif filters.age_band:
            bands = [population.get(band) for band in filters.age_band]
            denominator = None if any(b is None for b in bands) else sum(bands)
        else:
            denominator = population["total"]
        value = (10_000.0 * row["numerator"] / denominator) if denominator else None
        rows.append({**row, "indicator_id": indicator.id, "denominator": denominator,
                     "value": value})
    return rows


def _caseload_rows(indicator: Indicator, extract: Extract, period: Period) -> list[dict]:
    if extract.iro_staff is None:
        return _empty_rows(indicator, period, [""])
    children: list[pl.Series] = []
    if extract.lac_episodes is not None:
        children.append(lac_units.looked_after_on(extract.lac_episodes, period.end)["child_id"])
    if extract.cp_plans is not None:
        children.append(cp_units.on_plan(extract.cp_plans, period.end)["child_id"])
    numerator = pl.concat(children).n_unique()
    fte = service_units.caseload_fte(extract.iro_staff, period.end)
    return [{"indicator_id": indicator.id, "period_start": period.start,
             "period_end": period.end, "group": "", "numerator": numerator,
             "denominator": fte, "value": numerator / fte if fte else None}]


def _rows_for(indicator: Indicator, extract: Extract, period: Period, by: str | None,
              filters: Filters) -> list[dict]:
    if by is not None and by not in indicator.dimensions:
        return []
    if not _applies(indicator, filters, by):
        return _empty_rows(indicator, period, [""] if by is None else [])
    if indicator.id == "iro_caseload":
        return _caseload_rows(indicator, extract, period)
    units = BUILDERS[indicator.id](extract, period)
    if units is None:
        return _empty_rows(indicator, period, [""] if by is None else [])
    if indicator.is_rate:
        if by == "age_band" and "Under 1" not in population_by_band(
                extract.population, extract.authority.la_code, period.end):
            return []
        counted = _aggregate(indicator, units, extract, period, by, filters)
        return _rate_rows(indicator, counted, extract, period, by, filters)
    return _aggregate(indicator, units, extract, period, by, filters)


def compute(extract: Extract, period: Period, by: str | None = None,
            filters: Filters | None = None,
            indicator_ids: Iterable[str] | None = None) -> pl.DataFrame:
    """Every (or the chosen) indicator for ``period``: one row per indicator, or per group of
    ``by``, in registry order; with the unit, polarity, title and 95%/99.8% limits appended."""
    filters = filters or Filters()
    wanted = set(indicator_ids) if indicator_ids is not None else None
    rows: list[dict] = []
    for indicator in INDICATORS:
        if wanted is None or indicator.id in wanted:
            rows.extend(_rows_for(indicator, extract, period, by, filters))
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
    it, and the headline months have a row even when none were."""
    filters = filters or Filters()
    days = pl.DataFrame({"month_end": month_ends(first, last)})
    frames = []
    sources = {
        "lac_count": (extract.lac_episodes, "episode_start", "episode_end",
                      pl.col("legal_status").is_in(["V3", "V4"]).not_()),
        "cp_count": (extract.cp_plans, "plan_start", "plan_end", pl.lit(True)),
    }
    for indicator_id, (table, start, end, keep) in sources.items():
        indicator = next(i for i in INDICATORS if i.id == indicator_id)
        if table is None or days.is_empty() or not _applies(indicator, filters, by):
            continue
        spans = table.filter(keep).select(
            "child_id", start=start, end=pl.col(end).fill_null(dt.date(9999, 12, 31)),
            **({name: name for name in ("legal_status", "category_of_need")
                if name in table.columns}),
            **({"initial_category": "initial_category"}
               if "initial_category" in table.columns else {}))
        open_at = days.join_where(spans, pl.col("start") <= pl.col("month_end"),
                                  pl.col("end") > pl.col("month_end"))
        labelled = _labelled(extract, open_at.with_columns(event_date=pl.col("month_end")))
        for name, allowed in filters.active().items():
            labelled = labelled.filter(pl.col(name).is_in(list(allowed)))
        counts = labelled.group_by("month_end", group=pl.col(by) if by else pl.lit("")).agg(
            value=pl.col("child_id").n_unique())
        if not by:
            counts = days.join(counts, on="month_end", how="left").with_columns(
                group=pl.lit(""), value=pl.col("value").fill_null(0))
        frames.append(counts.with_columns(indicator_id=pl.lit(indicator_id)))
    if not frames:
        return pl.DataFrame(schema={"month_end": pl.Date, "indicator_id": pl.String,
                                    "group": pl.String, "value": pl.Int64})
    return pl.concat(frames).select("month_end", "indicator_id", "group",
                                    pl.col("value").cast(pl.Int64)).sort(
        "indicator_id", "month_end", "group")


def review_units(extract: Extract, period: Period,
                 filters: Filters | None = None) -> pl.DataFrame | None:
    """The looked-after reviews held in ``period`` that the review indicators count (one row
    each: child_id, event_date, participation_code, assessable, on_time, legal_status and every
    breakdown label), filtered exactly as they are. None when the extract has no ``lac_reviews``
    or a filter does not apply to reviews (the indicators are then empty too)."""
    filters = filters or Filters()
    held = next(i for i in INDICATORS if i.id == "lac_reviews_held")
    frame = _reviews(extract, period)
    if frame is None or not _applies(held, filters, None):
        return None
    return _filtered(extract, frame, filters)
