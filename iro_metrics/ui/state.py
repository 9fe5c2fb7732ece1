"""Sidebar filters bound to the URL, so a link reopens exactly the same view.

The period and the demographic filters are drawn by the entry page and so apply to every page;
category of abuse and legal status are drawn by the pages they apply to. Every widget is bound to
a query parameter and keeps its value across pages.
"""

import datetime as dt

import streamlit as st

from iro_metrics.contract.extract import Extract
from iro_metrics.indicators.demographics import (
    AGE_BANDS,
    CATEGORIES,
    DISABILITY,
    ETHNIC_GROUPS,
    LEGAL_STATUS_GROUPS,
    SEXES,
)
from iro_metrics.indicators.engine import Filters
from iro_metrics.indicators.periods import Period, date_range
from iro_metrics.indicators.registry import DIMENSION_LABELS
from iro_metrics.present.disclosure import Audience
from iro_metrics.present.view import (
    CATEGORY_LABELS,
    DISABILITY_LABELS,
    SEX_LABELS,
    View,
    default_year,
    offered_years,
)
from iro_metrics.ui.audience import current_audience

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


ALL = ""
LONGEST_PARAMETER = 200


def _group_filter(key: str, label: str, options: tuple[str, ...],
                  labels: dict[str, str] | None) -> tuple[str, ...]:
    """A demographic filter: several groups at once for managers; for the public one group (or
    all), and choosing it clears the other filters, since a view filtered by two
    characteristics, or by a group and its complement, could uncover hidden counts
    (``docs/disclosure.md``)."""
    def shown(value: str) -> str:
        return (labels or {}).get(value, value)

    if current_audience() is Audience.MANAGER:
        return tuple(st.sidebar.multiselect(
            label, options, key=key, bind="query-params", persist_state="session",
            format_func=shown, placeholder="All"))
    chosen = st.sidebar.selectbox(
        label, (ALL, *options), key=key, bind="query-params", persist_state="session",
        format_func=lambda value: "All" if value == ALL else shown(value),
        on_change=_clear_other_filters, args=(key,))
    return (chosen,) if chosen else ()


def _clear_other_filters(kept: str) -> None:
    for key, *_ in (*COMMON_FILTERS.values(), *PAGE_FILTERS.values()):
        if key != kept and st.session_state.get(key):
            st.session_state[key] = ALL


def _chosen(key: str) -> tuple[str, ...]:
    """The groups chosen in filter ``key`` (a string for the public's single choice, a list for
    managers' several)."""
    value = st.session_state.get(key) or ()
    return (value,) if isinstance(value, str) else tuple(value)


def chosen_elsewhere(dimension: str) -> bool:
    """Whether a page filter (``PAGE_FILTERS``) has a choice in this session or link although the
    page shown does not offer it: e.g. a category of abuse on the conferences page."""
    key = PAGE_FILTERS[dimension][0]
    return bool(_chosen(key) or st.query_params.get_all(key))


def one_group_for_public(filters: Filters) -> tuple[Filters, str | None]:
    """The filters the public may see together, and a note when some were dropped: the first
    active dimension, with its first group only."""
    active = filters.active()
    if current_audience() is Audience.MANAGER or not active:
        return filters, None
    name, groups = next(iter(active.items()))
    kept = Filters(**{name: groups[:1]})
    if kept == filters:
        return filters, None
    return kept, ("The public view shows one group of one characteristic at a time, so only the "
                  f"first filter chosen ({DIMENSION_LABELS[name].lower()}) is applied.")


def drop_long_parameters() -> bool:
    """Remove from the address any parameter whose name or value is longer than any filter's
    could be (a link mangled or made to overload the server); True when one was removed."""
    too_long = [key for key in st.query_params
                if len(key) > LONGEST_PARAMETER
                or any(len(value) > LONGEST_PARAMETER for value in st.query_params.get_all(key))]
    for key in too_long:
        del st.query_params[key]
    return bool(too_long)


def _years(extract: Extract) -> dict[str, Period]:
    return {year.label: year for year in offered_years(extract)}


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
    if drop_long_parameters():
        st.sidebar.warning("Part of the web address was too long to be a filter and was "
                           "ignored.", icon=":material/link_off:")
    for spec in COMMON_FILTERS.values():
        _group_filter(*spec)


def current_view(extract: Extract, *page_dimensions: str) -> View:
    """The view chosen in the sidebar, drawing the page-specific filters (category of abuse,
    legal status) the page asks for. Values are read from the session, where the bound widgets
    keep them, so a page never depends on the order the scripts ran in. For the public, only
    one group of one characteristic is applied (a note says when more were asked for)."""
    values = {name: _chosen(spec[0]) for name, spec in COMMON_FILTERS.items()}
    values.update({name: _group_filter(*PAGE_FILTERS[name]) for name in page_dimensions})
    filters, note = one_group_for_public(Filters(**values))
    if note:
        st.sidebar.warning(note, icon=":material/filter_alt_off:")
    return View(_period(extract), filters)
