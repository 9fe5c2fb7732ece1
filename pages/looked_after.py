"""Looked after children: how many on the last day of the period and per 10,000 children, how
many started and stopped being looked after, the monthly trend, the annual report's five-year
table of 31 March figures, and who the children are (age, sex, ethnic group, legal status)."""

import streamlit as st

from iro_metrics.indicators.registry import DIMENSION_LABELS, LAC_DIMENSIONS
from iro_metrics.present import looked_after as lac
from iro_metrics.present.findings import movement_between
from iro_metrics.present.formatting import format_date
from iro_metrics.present.report_tables import (
    breakdown,
    by_indicator,
    month_series,
    month_span,
    monthly_table,
    year_series,
    year_span,
    year_table,
    years_up_to,
)
from iro_metrics.present.view import first_full_year
from iro_metrics.published.national import census_year, england_on
from iro_metrics.ui import blocks, charts
from iro_metrics.ui.context import context
from iro_metrics.ui.results import indicators, monthly, previous_indicators, yearly

ctx = context("legal_status_group")
extract, view = ctx.extract, ctx.view
name = extract.authority.la_name
blocks.intro("Looked after children", lac.lead(name), view, LAC_DIMENSIONS)
blocks.where_we_stand(extract, view, lac.TILES)

if not blocks.has_tables(extract, *lac.TILES):
    st.stop()

snapshot = format_date(view.period.end)
now = by_indicator(indicators(extract, view))
blocks.tile_rows((lac.TILES,), now, by_indicator(previous_indicators(extract, view)), view, extract)
st.caption(lac.tiles_note(snapshot, view.period.label))

# --- Over time ---------------------------------------------------------------------------------
first = first_full_year(extract)
if first <= view.period.end:
    series = month_series(monthly(extract, view, first, view.period.end),
                          {"lac_count": "Looked after"})
    if series.height:
        title, subtitle, description = lac.month_words(series, name, month_span(series))
        blocks.figure(title, subtitle,
                      charts.line_chart(series, "month_end", "value", "series", lac.COUNTED),
                      monthly_table(series, lac.COUNTED), description, extract,
                      right_aligned=(lac.COUNTED,))

# --- The last five years (31 March figures, as in the annual report) --------------------------
years = years_up_to(view.period.end, first, lac.REPORT_YEARS)
if years:
    by_year, span = yearly(extract, view, years), year_span(years)
    subtitle, description = lac.five_year_words(years, name, span, view.filters)
    blocks.table_block(
        movement_between("Children looked after on 31 March",
                         year_series(by_year, {"lac_count": "Looked after"}), span),
        subtitle, year_table(by_year, lac.FIVE_YEAR_COLUMNS), description, extract,
        right_aligned=tuple(lac.FIVE_YEAR_COLUMNS.values()))
    flows = year_series(by_year, lac.FLOWS)
    if flows.height:
        blocks.yearly_columns(by_year, lac.FLOWS, *lac.flow_words(flows, years, name, span),
                              extract)
else:
    st.info(lac.no_five_years(snapshot), icon=":material/info:")

# --- Who the children are ------------------------------------------------------------------
st.divider()
st.header(f"Who was looked after on {snapshot}")
grid = st.columns(2)
allowed = blocks.breakdowns_allowed(view)
for position, dimension in enumerate(lac.BREAKDOWNS if allowed else ()):
    headline = now["lac_count"]["numerator"]
    groups = breakdown(indicators(extract, view, by=dimension), "lac_count",
                       lac.GROUP_NAMES.get(dimension), headline)
    with grid[position % 2]:
        if groups.is_empty():
            st.subheader(DIMENSION_LABELS[dimension])
            st.info(f"No children looked after on {snapshot} match the filters.",
                    icon=":material/info:")
        else:
            blocks.bar_figure(lac.group_figure(
                groups, dimension, name, snapshot, headline,
                england_on(dimension, view.period.end), census_year(view.period.end)), extract)

# --- Disproportionality ----------------------------------------------------------------------
if allowed:
    blocks.disproportionality(extract, view, "lac_count", lac.COUNTED,
                              england_on("ethnic_group", view.period.end))

blocks.symbols_footnote()
