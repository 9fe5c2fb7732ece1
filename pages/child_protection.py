"""Child protection: children on a plan (how many, who, for how long, how often again), plans
started and ended, and the conferences that decide them."""

from dataclasses import replace

import streamlit as st

from iro_metrics.indicators.periods import previous
from iro_metrics.indicators.registry import CP_DIMENSIONS
from iro_metrics.present import child_protection as cp
from iro_metrics.present.formatting import format_date
from iro_metrics.present.report_tables import (
    by_indicator,
    conference_series,
    conference_table,
    month_series,
    monthly_table,
    no_whole_year,
    year_span,
    years_up_to,
)
from iro_metrics.present.view import View, first_full_year
from iro_metrics.ui import blocks, charts
from iro_metrics.ui.context import context
from iro_metrics.ui.results import conference_activity, indicators, monthly, previous_indicators, yearly

ctx = context("initial_category")
extract, view = ctx.extract, ctx.view
period, snapshot = view.period, view.period.end
place, day = extract.authority.la_name, format_date(snapshot)
blocks.intro("Child protection", cp.LEAD, view, CP_DIMENSIONS)
blocks.where_we_stand(extract, view, cp.SHOWN)

first = first_full_year(extract)
years = years_up_to(snapshot, first)  # whole reporting years ending by the snapshot
span, NO_YEARS = year_span(years), no_whole_year(snapshot)

# --- Children on a plan -------------------------------------------------------------------

if blocks.has_tables(extract, *sum(cp.TILES, ())):
    now = by_indicator(indicators(extract, view))
    blocks.tile_rows(cp.TILES, now, by_indicator(previous_indicators(extract, view)), view, extract)
    if now["cp_rate"]["value"] is None and now["cp_count"]["value"] is not None:
        st.caption(cp.NO_RATE)

    series = month_series(monthly(extract, view, first, snapshot), {"cp_count": "On a plan"})
    if series.height:
        title, subtitle, axis, description = cp.month_words(series, place)
        blocks.figure(title, subtitle, charts.line_chart(series, "month_end", "value", "series", axis),
                      monthly_table(series, axis), description, extract, right_aligned=(axis,))

    trend = yearly(extract, view, years) if years else None
    if trend is None:
        st.info(NO_YEARS, icon=":material/info:")
    else:
        blocks.yearly_columns(trend, cp.FLOWS, *cp.flow_words(trend, years, place, span), extract)

    st.header("Who is on a plan")
    st.markdown(cp.who_section(day))
    for part in cp.BREAKDOWNS if blocks.breakdowns_allowed(view) else ():
        frame = indicators(extract, view, by=part.dimension)
        chosen = getattr(view.filters, part.dimension)
        blocks.bar_figure(cp.plan_breakdown(frame, part, chosen, place, day,
                                            now["cp_count"]["numerator"]), extract)
    blocks.disproportionality(extract, view, "cp_count", cp.COUNTED, None)

    st.header("Repeat plans and long plans")
    if trend is None:
        st.info(NO_YEARS, icon=":material/info:")
    else:
        blocks.yearly_lines(trend, cp.REPEAT_LINES, cp.REPEAT, *cp.repeat_words(trend, place, span),
                            extract)
        st.info(cp.local_repeat_note(), icon=":material/info:")
        blocks.what_good("cp_repeat")
        blocks.yearly_share(trend, "cp_ceased_2y_plus", "Lasted 2 years or more", "Plans ended",
                            *cp.long_plan_words(trend, place, span), extract)
        blocks.what_good("cp_ceased_2y_plus")

# --- Conferences --------------------------------------------------------------------------

st.header("Conferences")
st.markdown(cp.CONFERENCES)
child_view = View(period, replace(view.filters, initial_category=()))
if view.filters.initial_category:
    st.caption(cp.NO_CATEGORY_AT_CONFERENCES)
now_child = by_indicator(indicators(extract, child_view))
before_child = by_indicator(previous_indicators(extract, child_view))
for column, indicator_id in zip(st.columns(4), cp.CONFERENCE_TILES, strict=False):
    with column:
        if blocks.has_tables(extract, indicator_id):
            blocks.tile(column, indicator_id, now_child.get(indicator_id),
                        before_child.get(indicator_id), previous(period).label)

conferences = blocks.has_tables(extract, "icpc_held", "rcpc_held")
if conferences and not years:
    st.info(NO_YEARS, icon=":material/info:")
elif conferences:
    activity = conference_series(conference_activity(extract, years))
    title, subtitle, axis, description = cp.conference_words(activity, years[-1].label, place, span)
    blocks.figure(title, subtitle,
                  charts.column_chart(activity, "year", "conferences", "label", "series", axis),
                  conference_table(activity), description, extract,
                  right_aligned=("Conferences", "Children discussed"))
    if view.filters.active():
        st.caption(cp.WHOLE_SERVICE)

    no_plan = yearly(extract, child_view, years)
    blocks.yearly_share(no_plan, "icpc_no_plan", "Not made subject to a plan",
                        "Children at ICPCs (outcome known)",
                        *cp.no_plan_words(no_plan, place, span, bool(view.filters.initial_category)),
                        extract)
    st.caption(cp.NO_PLAN_NOTE)

blocks.symbols_footnote()
