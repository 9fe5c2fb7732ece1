"""Child protection conferences: how many of each type were held (for the whole service), initial
conferences on time, and children at an initial conference not made subject to a plan. Split
from the plans page (issue 18); a child has no category of abuse before a plan starts, so this
page offers no category filter."""

import streamlit as st

from iro_metrics.indicators.registry import CHILD_DIMENSIONS
from iro_metrics.present import child_protection as cp
from iro_metrics.present.report_tables import (
    by_indicator,
    conference_series,
    conference_table,
    no_whole_year,
    year_span,
    years_up_to,
)
from iro_metrics.present.view import first_full_year
from iro_metrics.ui import blocks, charts
from iro_metrics.ui.context import context
from iro_metrics.ui.results import conference_activity, indicators, previous_indicators, yearly
from iro_metrics.ui.state import chosen_elsewhere

ctx = context()
extract, view = ctx.extract, ctx.view
place = extract.authority.la_name
blocks.intro("Child protection conferences", cp.CONFERENCES_LEAD, view, CHILD_DIMENSIONS)
blocks.where_we_stand(extract, view, cp.CONFERENCES_SHOWN)
st.markdown(cp.CONFERENCES)
if chosen_elsewhere("initial_category"):
    st.caption(cp.NO_CATEGORY_AT_CONFERENCES)

years = years_up_to(view.period.end, first_full_year(extract))

if blocks.has_tables(extract, *cp.CONFERENCE_TILES):
    blocks.tile_rows((cp.CONFERENCE_TILES,), by_indicator(indicators(extract, view)),
                     by_indicator(previous_indicators(extract, view)), view, extract)

if blocks.has_tables(extract, "icpc_held", "rcpc_held"):
    if not years:
        st.info(no_whole_year(view.period.end), icon=":material/info:")
    else:
        span = year_span(years)
        activity = conference_series(conference_activity(extract, years))
        title, subtitle, axis, description = cp.conference_words(activity, years[-1].label,
                                                                 place, span)
        blocks.figure(title, subtitle,
                      charts.column_chart(activity, "year", "conferences", "label", "series",
                                          axis),
                      conference_table(activity), description, extract,
                      right_aligned=("Conferences", "Children discussed"))
        if view.filters.active():
            st.caption(cp.WHOLE_SERVICE)

        no_plan = yearly(extract, view, years)
        blocks.yearly_share(no_plan, "icpc_no_plan", "Not made subject to a plan",
                            "Children at ICPCs (outcome known)",
                            *cp.no_plan_words(no_plan, place, span), extract)
        st.caption(cp.NO_PLAN_NOTE)

blocks.symbols_footnote()
