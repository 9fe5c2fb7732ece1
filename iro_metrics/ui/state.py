"""Sidebar filters bound to the URL, so a link reopens exactly the same view.

The period and the demographic filters are drawn by the entry page and so apply to every page;
category of abuse and legal status are drawn by the pages they apply to. Every widget is bound to
a query parameter and keeps its value across pages.
"""

import datetime as dt

import streamlit as st

from iro_metrics.demographics import (
    AGE_BANDS,
    CATEGORIES,
    DISABILITY,
    ETHNIC_GROUPS,
    LEGAL_STATUS_GROUPS,
    SEXES,
)
from iro_metrics.disclosure import Audience
from iro_metrics.engine import Filters
from iro_metrics.extract import Extract
from iro_metrics.periods import Period, date_range
from iro_metrics.ui.audience import current_audience
from iro_metrics.view import CATEGORY_WORDS, View, default_year, first_full_year, reporting_years

SEX_LABELS = {"M": "Boys", "F": "Girls", "U": "Not recorded"}
DISABILITY_LABELS = {"true": "Disabled", "false": "Not disabled", "unknown": "Not recorded"}
CATEGORY_LABELS = {code: words.capitalize() for code, words in CATEGORY_WORDS.items()}
PAGE_FILTERS = {
    "initial_category": ("category", "Initial category of abuse", CATEGORIES, CATEGORY_LABELS),
    "legal_status_group": ("legal", "Legal status", LEGAL_STATUS_GROUPS[:5], None),
}
COMMON_FILTERS = {
    "age_band": ("age", "Age band", AGE_BANDS, None),
    "sex": ("sex", "Sex", SEXES, SEX_LABELS),
    "ethnic_group": ("ethnicity", "Ethnic group", ETHNIC_GROUPS, None),
    "disability": ("disability", "Disability", DISABILITY, DISABILITY_LABELS),
}


def _multiselect(key: str, label: str, options: tuple[str, ...],
                 labels: dict[str, str] | None) -> tuple[str, ...]:
    chosen = st.sidebar.multiselect(
        label, options, key=key, bind="query-params", persist_state="session",
        format_func=(labels or {}).get if labels else str, placeholder="All")
    return tuple(chosen)


def _years(extract: Extract) -> dict[str, Period]:
    years = reporting_years(first_full_year(extract), extract.authority.extract_date)
    return {year.label: year for year in years}


def _custom_allowed() -> bool:
    """Exact dates are for managers: for the public, overlapping custom periods could be
    differenced to uncover suppressed counts, so the public sees whole reporting years."""
    return current_audience() is Audience.MANAGER


def _draw_period(extract: Extract) -> None:
    by_label = _years(extract)
    default = default_year(extract.authority.extract_date)
    st.sidebar.selectbox("Reporting year (1 April to 31 March)", list(by_label), key="year",
                         index=list(by_label).index(default.label) if default.label in by_label
                         else 0, bind="query-params", persist_state="session")
    custom = _custom_allowed() and st.sidebar.toggle(
        "Choose exact dates instead", key="custom", bind="query-params", persist_state="session")
    if custom:
        chosen = by_label[st.session_state["year"]]
        earliest = min(year.start for year in by_label.values())
        for key, label, value in (("from", "From", chosen.start), ("to", "To", chosen.end)):
            st.sidebar.date_input(label, value=value, key=key, bind="query-params",
                                  persist_state="session", format="DD/MM/YYYY",
                                  min_value=earliest, max_value=extract.authority.extract_date)
        if _custom_range() is None:
            st.sidebar.error("The end date must be on or after the start date; showing the "
                             "reporting year instead.")


def _custom_range() -> Period | None:
    first, last = st.session_state.get("from"), st.session_state.get("to")
    if isinstance(first, dt.date) and isinstance(last, dt.date) and first <= last:
        return date_range(first, last)
    return None


def _period(extract: Extract) -> Period:
    by_label = _years(extract)
    chosen = by_label.get(st.session_state.get("year", ""),
                          default_year(extract.authority.extract_date))
    if st.session_state.get("custom") and _custom_allowed():
        return _custom_range() or chosen
    return chosen


def draw_common_filters(extract: Extract) -> None:
    """Draw the period and demographic filters shared by every page (entry page)."""
    st.sidebar.header("Filters")
    _draw_period(extract)
    for spec in COMMON_FILTERS.values():
        _multiselect(*spec)


def current_view(extract: Extract, *page_dimensions: str) -> View:
    """The view chosen in the sidebar, drawing the page-specific filters (category of abuse,
    legal status) the page asks for. Values are read from the session, where the bound widgets
    keep them, so a page never depends on the order the scripts ran in."""
    values = {name: tuple(st.session_state.get(spec[0]) or ())
              for name, spec in COMMON_FILTERS.items()}
    values.update({name: _multiselect(*PAGE_FILTERS[name]) for name in page_dimensions})
    return View(_period(extract), Filters(**values))
