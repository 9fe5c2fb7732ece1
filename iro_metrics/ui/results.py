"""Engine results for the pages, cached on the data directory's identity, the view and the
audience, and protected by disclosure control for the public (the one place it is applied).

The cache key is the directory, its file fingerprint (as the run found them when it started:
``served.data_key``), the period and the filters as plain tuples:
never a Polars frame, whose Streamlit hash covers only a sample of rows (notes/stack.md).
"""

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import polars as pl
import streamlit as st

from iro_metrics.contract.extract import Extract
from iro_metrics.indicators import conferences, engine, participation, workforce
from iro_metrics.indicators.engine import Filters
from iro_metrics.indicators.periods import Period, previous
from iro_metrics.present.disclosure import (
    FIGURES,
    Audience,
    families_of,
    hide_all,
    protect_counts,
    public_view,
)
from iro_metrics.present.protected import (
    allocation_figures,
    conference_figures,
    dispute_figures,
    indicator_figures,
    monthly_figures,
    review_code_figures,
)
from iro_metrics.present.view import View
from iro_metrics.published import benchmark_tables, context
from iro_metrics.published.benchmark_tables import Row, compared_ids, page_standings
from iro_metrics.published.comparison import (
    SCHEMA,
    benchmarks_file,
    comparable,
    load_benchmarks,
    region_code,
    where_we_stand,
)
from iro_metrics.published.neighbours import model_for, neighbour_series, neighbours_of
from iro_metrics.published.versioned import Version, file_version
from iro_metrics.ui.audience import current_audience
from iro_metrics.ui.data import Fingerprint, load_data
from iro_metrics.ui.served import data_key

FilterKey = tuple[tuple[str, tuple[str, ...]], ...]


def _filters(key: FilterKey) -> Filters:
    return Filters(**dict(key))


def _public_cell(key: FilterKey) -> tuple[str, str]:
    """The one (dimension, group) a filtered public view is filtered to.

    Raises ``ValueError`` for a combination the public may not see (``disclosure.public_filters``
    keeps the sidebar from offering one): two dimensions, or several groups of one.
    """
    if len(key) != 1 or len(key[0][1]) != 1:
        raise ValueError("the public view is filtered by one group of one characteristic")
    return key[0][0], key[0][1][0]


@st.cache_data(show_spinner=False, max_entries=512)
def _compute(directory: str, files: Fingerprint, start: dt.date, end: dt.date, label: str,
             by: str | None, filters: FilterKey, audience: Audience,
             only: tuple[str, ...] | None = None) -> pl.DataFrame:
    asked = only  # a manager's figures are not protected, so no family need come whole
    if only is not None and audience is not Audience.MANAGER:
        asked = families_of(only)
    protected = _protected(directory, files, start, end, label, by, filters, audience, asked)
    return protected if only is None else protected.filter(pl.col("indicator_id").is_in(only))


def _protected(directory: str, files: Fingerprint, start: dt.date, end: dt.date, label: str,
               by: str | None, filters: FilterKey, audience: Audience,
               families: tuple[str, ...] | None) -> pl.DataFrame:
    """The figures of ``families`` (whole families: ``disclosure.families_of``; None: all) as
    ``audience`` may see them."""
    extract, period = load_data(Path(directory)), Period(start, end, label)
    frame = engine.compute(extract, period, by=by, filters=_filters(filters),
                           indicator_ids=families)
    if audience is Audience.MANAGER or not filters:
        return indicator_figures(frame, audience)
    dimension, group = _public_cell(filters)
    if by not in (None, dimension):
        return hide_all(frame, FIGURES)
    table = _compute(directory, files, start, end, label, dimension, (), audience, families)
    return public_view(frame, table, group)


@st.cache_data(show_spinner=False, max_entries=64)
def _monthly(directory: str, files: Fingerprint, first: dt.date, last: dt.date,
             filters: FilterKey, audience: Audience) -> pl.DataFrame:
    del files  # part of the cache key only
    extract = load_data(Path(directory))
    if audience is Audience.MANAGER or not filters:
        return monthly_figures(engine.monthly_counts(extract, first, last, _filters(filters)),
                               audience)
    dimension, group = _public_cell(filters)
    table = protect_counts(engine.monthly_counts(extract, first, last, by=dimension), ("value",),
                           table=("indicator_id", "month_end"), group="group")
    exact = engine.monthly_counts(extract, first, last, _filters(filters))
    return exact.drop("value").join(
        table.filter(pl.col("group") == group).drop("group"), on=["month_end", "indicator_id"],
        how="left", maintain_order="left").with_columns(pl.col("value").fill_null(0))


@st.cache_data(show_spinner=False, max_entries=128)
def _review_codes(directory: str, files: Fingerprint, start: dt.date, end: dt.date, label: str,
                  filters: FilterKey, audience: Audience) -> pl.DataFrame | None:
    frame = participation.review_codes(load_data(Path(directory)), Period(start, end, label),
                                       _filters(filters))
    headline = _compute(directory, files, start, end, label, None, filters, audience)
    held = headline.filter(pl.col("indicator_id") == "lac_reviews_held")["numerator"]
    return review_code_figures(frame, held[0] if held.len() else None, audience,
                               filtered=bool(filters))


@st.cache_data(show_spinner=False, max_entries=64)
def _standing(directory: str, files: Fingerprint, start: dt.date, end: dt.date, label: str,
              indicator_ids: tuple[str, ...], audience: Audience, version: Version,
              only: tuple[str, ...] | None) -> str | None:
    table = load_benchmarks(Path(version[0]))
    if table is None:
        return None
    compared = set(indicator_ids).intersection(compared_ids(table))
    if not compared:
        return None
    extract, period = load_data(Path(directory)), Period(start, end, label)
    before = previous(period)
    asked = None if only is None else _together(only, compared)
    now = _compute(directory, files, start, end, label, None, (), audience, asked)
    earlier = _compute(directory, files, before.start, before.end, before.label, None, (),
                       audience, asked)
    found = page_standings(table, now, earlier, extract.authority.la_code, end.year,
                           indicator_ids)
    return where_we_stand(found, extract.authority.la_name, label, before.label)


def _key(view: View) -> FilterKey:
    return tuple(sorted(view.filters.active().items()))


def indicators(extract: Extract, view: View, by: str | None = None,
               only: tuple[str, ...] | None = None) -> pl.DataFrame:
    """Every indicator for the view (optionally broken down ``by`` one dimension), or ``only``
    those named: a page showing a few need not count the rest of a national extract."""
    return _compute(*data_key(extract), view.period.start, view.period.end, view.period.label,
                    by, _key(view), current_audience(), only)


def standing(extract: Extract, view: View, indicator_ids: tuple[str, ...],
             only: tuple[str, ...] | None = None) -> str | None:
    """The "where we stand" line (``comparison.where_we_stand``) of a page showing
    ``indicator_ids``, from the engine's figures as the audience sees them; None when the view
    is not a whole reporting year of all children (published figures are), when the benchmarks
    table is not built, or when none of the page's measures is judged against England. The
    figures are those the page computes itself (``only``, see ``with_standing``; None: every
    indicator), so the line costs no computing of its own."""
    if comparable(view) is not None:
        return None
    return _standing(*data_key(extract), view.period.start, view.period.end, view.period.label,
                     indicator_ids, current_audience(), file_version(benchmarks_file()), only)


def with_standing(view: View, shown: tuple[str, ...],
                  indicator_ids: tuple[str, ...]) -> tuple[str, ...]:
    """What a page showing only ``shown`` computes for ``view`` so that its "where we stand"
    line over ``indicator_ids`` reuses the same figures: ``shown`` and those of
    ``indicator_ids`` compared with published figures, sorted; just ``shown`` for a view with
    no such line."""
    table = load_benchmarks()
    if table is None or comparable(view) is not None:
        return _together(shown, ())
    return _together(shown, set(indicator_ids).intersection(compared_ids(table)))


def _together(shown: Iterable[str], compared: Iterable[str]) -> tuple[str, ...]:
    """The ids a page computes, one order whoever asks, so that they key one cache entry."""
    return tuple(sorted({*shown, *compared}))


def previous_indicators(extract: Extract, view: View,
                        only: tuple[str, ...] | None = None) -> pl.DataFrame:
    """Every indicator (or ``only`` those named) for the period before the view's, with the
    same filters."""
    return indicators(extract, View(previous(view.period), view.filters), only=only)


def yearly(extract: Extract, view: View, years: list[Period],
           by: str | None = None) -> pl.DataFrame:
    """Every indicator for each of ``years`` (with the view's filters), stacked, oldest first."""
    return pl.concat([indicators(extract, View(year, view.filters), by)
                      for year in sorted(years, key=lambda p: p.start)])


def monthly(extract: Extract, view: View, first: dt.date, last: dt.date) -> pl.DataFrame:
    """Children looked after and on a plan at each month end from ``first`` to ``last``."""
    return _monthly(*data_key(extract), first, last, _key(view), current_audience())


def review_codes(extract: Extract, view: View) -> pl.DataFrame | None:
    """Looked-after reviews in the view by participation code (``participation.review_codes``);
    None without the ``lac_reviews`` table."""
    return _review_codes(*data_key(extract), view.period.start, view.period.end,
                         view.period.label, _key(view), current_audience())


def allocated_caseloads(extract: Extract, day: dt.date) -> pl.DataFrame | None:
    """Children allocated to each IRO on ``day`` (``workforce.allocated_caseloads``), protected
    for the public; None without ``iro_allocations``."""
    if extract.iro_allocations is None:
        return None
    return allocation_figures(workforce.allocated_caseloads(extract.iro_allocations, day),
                              current_audience())


def disputes_by(extract: Extract, period: Period, column: str) -> pl.DataFrame | None:
    """Disputes raised in ``period`` by stage or issue (``workforce.disputes_by``), protected for
    the public; None without ``iro_disputes``."""
    if extract.iro_disputes is None:
        return None
    return dispute_figures(workforce.disputes_by(extract.iro_disputes, period, column),
                           current_audience())


def conference_activity(extract: Extract, periods: list[Period]) -> pl.DataFrame | None:
    """Conferences and children discussed per period and type (``conferences``), protected for
    the public; None without ``cp_conferences``."""
    if extract.cp_conferences is None:
        return None
    return conference_figures(conferences.activity_by_period(extract.cp_conferences, periods),
                              current_audience())


@st.cache_resource(show_spinner=False, max_entries=64)
def _benchmark_rows(directory: str, files: Fingerprint, start: dt.date, end: dt.date,
                    label: str, audience: Audience, version: Version, choice: str,
                    how: str) -> tuple[Row, ...]:
    table = load_benchmarks(Path(version[0]))
    if table is None:
        return ()
    la_code = load_data(Path(directory)).authority.la_code
    local = _compute(directory, files, start, end, label, None, (), audience)
    neighbours = neighbours_of(la_code, model_for(end.year, choice))
    return tuple(benchmark_tables.benchmark_rows(table, local, la_code, end.year, neighbours, how))


def benchmark_rows(extract: Extract, year: Period, choice: str, how: str) -> list[Row]:
    """``benchmark_tables.benchmark_rows`` for the whole authority in the reporting ``year``,
    against the neighbours of the model ``choice`` picks for it with their ``how`` average;
    empty when the benchmarks table is not built. Cached also on the table's version: the
    comparison is a few hundred small queries, too many to repeat on every rerun."""
    return list(_benchmark_rows(*data_key(extract), year.start, year.end, year.label,
                                current_audience(), file_version(benchmarks_file()), choice, how))


@st.cache_resource(show_spinner=False, max_entries=64)
def _context_rows(version: Version, la_code: str, year: int, choice: str,
                  how: str) -> tuple[context.ContextRow, ...]:
    table = context.load_context(Path(version[0]))
    if table is None:
        return ()
    neighbours = neighbours_of(la_code, model_for(year, choice))
    return tuple(context.context_rows(table, la_code, region_code(la_code), neighbours, year,
                                      how))


def context_rows(la_code: str, year: int, choice: str, how: str) -> list[context.ContextRow]:
    """``context.context_rows`` of the committed context measures for the authority and the
    year to 31 March ``year`` (empty when they are not built), cached on their version."""
    return list(_context_rows(file_version(context.CONTEXT_FILE), la_code, year, choice, how))


@st.cache_resource(show_spinner=False, max_entries=64)
def _neighbour_series(version: Version, la_code: str, indicator_id: str, how: str,
                      choice: str) -> pl.DataFrame:
    table = load_benchmarks(Path(version[0]))
    return neighbour_series(pl.DataFrame(schema=SCHEMA) if table is None else table, la_code,
                            indicator_id, how, choice)


def neighbours_over_time(la_code: str, indicator_id: str, how: str, choice: str) -> pl.DataFrame:
    """``neighbours.neighbour_series`` from the benchmarks table (no years when it is not
    built), cached on its version."""
    return _neighbour_series(file_version(benchmarks_file()), la_code, indicator_id, how, choice)
