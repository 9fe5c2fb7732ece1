"""Engine results for the pages, cached on the data directory's identity, the view and the
audience, and protected by disclosure control for the public (the one place it is applied).

The cache key is the directory, its file fingerprint, the period and the filters as plain tuples:
never a Polars frame, whose Streamlit hash covers only a sample of rows (notes/stack.md).
"""

import datetime as dt
from pathlib import Path

import polars as pl
import streamlit as st

from iro_metrics import conferences, engine, participation, workforce
from iro_metrics.disclosure import Audience, protect_counts, protect_indicators
from iro_metrics.engine import Filters
from iro_metrics.extract import Extract
from iro_metrics.periods import Period, previous
from iro_metrics.ui.audience import current_audience
from iro_metrics.ui.data import Fingerprint, fingerprint, load_data
from iro_metrics.view import View

FilterKey = tuple[tuple[str, tuple[str, ...]], ...]


def _filters(key: FilterKey) -> Filters:
    return Filters(**dict(key))


@st.cache_data(show_spinner=False, max_entries=512)
def _compute(directory: str, files: Fingerprint, start: dt.date, end: dt.date, label: str,
             by: str | None, filters: FilterKey, audience: Audience) -> pl.DataFrame:
    del files  # part of the cache key only
    frame = engine.compute(load_data(Path(directory)), Period(start, end, label), by=by,
                           filters=_filters(filters))
    return frame if audience is Audience.MANAGER else protect_indicators(frame)


@st.cache_data(show_spinner=False, max_entries=64)
def _monthly(directory: str, files: Fingerprint, first: dt.date, last: dt.date,
             filters: FilterKey, audience: Audience) -> pl.DataFrame:
    del files
    frame = engine.monthly_counts(load_data(Path(directory)), first, last, _filters(filters))
    return frame if audience is Audience.MANAGER else protect_counts(frame, ("value",))


@st.cache_data(show_spinner=False, max_entries=128)
def _review_codes(directory: str, files: Fingerprint, start: dt.date, end: dt.date, label: str,
                  filters: FilterKey, audience: Audience) -> pl.DataFrame | None:
    del files
    frame = participation.review_codes(load_data(Path(directory)), Period(start, end, label),
                                       _filters(filters))
    if frame is None or audience is Audience.MANAGER:
        return frame
    return protect_counts(frame, ("reviews",), group="code", shares=("share",))


def _key(view: View) -> FilterKey:
    return tuple(sorted(view.filters.active().items()))


def indicators(extract: Extract, view: View, by: str | None = None) -> pl.DataFrame:
    """Every indicator for the view (optionally broken down ``by`` one dimension)."""
    directory = str(extract.directory)
    return _compute(directory, fingerprint(extract.directory), view.period.start,
                    view.period.end, view.period.label, by, _key(view), current_audience())


def previous_indicators(extract: Extract, view: View) -> pl.DataFrame:
    """Every indicator for the period before the view's, with the same filters."""
    return indicators(extract, View(previous(view.period), view.filters))


def yearly(extract: Extract, view: View, years: list[Period],
           by: str | None = None) -> pl.DataFrame:
    """Every indicator for each of ``years`` (with the view's filters), stacked, oldest first."""
    return pl.concat([indicators(extract, View(year, view.filters), by)
                      for year in sorted(years, key=lambda p: p.start)])


def monthly(extract: Extract, view: View, first: dt.date, last: dt.date) -> pl.DataFrame:
    """Children looked after and on a plan at each month end from ``first`` to ``last``."""
    return _monthly(str(extract.directory), fingerprint(extract.directory), first, last,
                    _key(view), current_audience())


def review_codes(extract: Extract, view: View) -> pl.DataFrame | None:
    """Looked-after reviews in the view by participation code (``participation.review_codes``);
    None without the ``lac_reviews`` table."""
    return _review_codes(str(extract.directory), fingerprint(extract.directory),
                         view.period.start, view.period.end, view.period.label, _key(view),
                         current_audience())


def _public() -> bool:
    return current_audience() is not Audience.MANAGER


def allocated_caseloads(extract: Extract, day: dt.date) -> pl.DataFrame | None:
    """Children allocated to each IRO on ``day`` (``workforce.allocated_caseloads``), protected
    for the public; None without ``iro_allocations``."""
    if extract.iro_allocations is None:
        return None
    frame = workforce.allocated_caseloads(extract.iro_allocations, day)
    return protect_counts(frame, ("children",), group="iro") if _public() else frame


def disputes_by(extract: Extract, period: Period, column: str) -> pl.DataFrame | None:
    """Disputes raised in ``period`` by stage or issue (``workforce.disputes_by``), protected for
    the public; None without ``iro_disputes``."""
    if extract.iro_disputes is None:
        return None
    frame = workforce.disputes_by(extract.iro_disputes, period, column)
    return protect_counts(frame, ("disputes",), group="group") if _public() else frame


def conference_activity(extract: Extract, periods: list[Period]) -> pl.DataFrame | None:
    """Conferences and children discussed per period and type (``conferences``), protected for
    the public; None without ``cp_conferences``."""
    if extract.cp_conferences is None:
        return None
    frame = conferences.activity_by_period(extract.cp_conferences, periods)
    if not _public():
        return frame
    return protect_counts(frame, ("conferences", "children"), table=("period",),
                          group="conference_type")
