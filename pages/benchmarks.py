"""Benchmarks: the authority's computed figures for a reporting year beside England's, its
region's and its statistical neighbours' published figures (the Fingertips comparison, LAIT's
quartile band and rank), the trend and the areas compared for one measure, and the analysts'
reconciliation with its own published figures."""

import streamlit as st

from iro_metrics.indicators.periods import previous, reporting_year_of
from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present.findings import interval_note, models_used
from iro_metrics.present.report_tables import years_up_to
from iro_metrics.present.view import View, first_full_year
from iro_metrics.published import benchmark_tables as tables
from iro_metrics.published import benchmark_text as words
from iro_metrics.published import context as published_context
from iro_metrics.published.comparison import (
    BAND_COLOURS,
    load_benchmarks,
    region_code,
    where_we_stand,
)
from iro_metrics.published.neighbours import (
    AUTOMATIC,
    AVERAGES,
    CHOICES,
    model_for,
    neighbours_of,
)
from iro_metrics.ui import charts
from iro_metrics.ui.blocks import figure, intro, table_block
from iro_metrics.ui.context import context
from iro_metrics.ui.results import (
    benchmark_rows,
    context_rows,
    indicators,
    neighbours_over_time,
    yearly,
)

ctx = context()
extract = ctx.extract
name, la_code = extract.authority.la_name, extract.authority.la_code
year = reporting_year_of(ctx.view.period.end)
published_year = year.end.year
intro("Benchmarks", words.lead(name), View(year), ())
if ctx.view.period != year:
    st.caption(words.whole_year(year.label))

table = load_benchmarks()
if table is None:
    st.info(words.NOT_BUILT, icon=":material/info:")
    st.stop()

# --- Choices ---------------------------------------------------------------------------------
left, right = st.columns(2)
choice = left.radio("Neighbour model", CHOICES, key="neighbours", horizontal=True,
                    bind="query-params", persist_state="session",
                    help=words.MODEL_HELP) or AUTOMATIC
how = right.radio("Neighbour average", list(AVERAGES), key="average", horizontal=True,
                  format_func=str.capitalize, bind="query-params", persist_state="session",
                  help=words.AVERAGE_HELP) or "mean"
model = model_for(published_year, choice)
neighbours = neighbours_of(la_code, model)
region = region_code(la_code)
rows = benchmark_rows(extract, year, choice, how)
earlier = tables.earlier_years(rows, published_year)
places = words.Places(name, tables.region_name(rows), how)
if neighbours.is_empty():
    st.info(words.no_neighbours(name, la_code, model), icon=":material/info:")
else:
    st.caption(words.neighbours_note(places, neighbours.height, model,
                                     year.label if choice == AUTOMATIC else None))

# --- Where we stand ---------------------------------------------------------------------------
before = previous(year)
context_table = published_context.load_context()
found_context = context_rows(la_code, published_year, choice, how)
standing = where_we_stand(tables.standings(rows, benchmark_rows(extract, before, choice, how))
                          + published_context.context_standings(found_context),
                          name, year.label, before.label)
if standing:
    st.markdown(f"**{standing}**")

# --- How we compare ----------------------------------------------------------------------------
summary = tables.comparison_table(rows, name, places.region_name, how, published_year)
subtitle, description = words.summary_words(places, year.label, earlier, summary.height)
table_block(tables.summary_finding(rows, name, year.label), subtitle, summary, description, extract,
            right_aligned=(name, "England", places.region_name, places.average_heading, "Rank"),
            cell_colours={"Quartile band": BAND_COLOURS})
st.caption(words.comparison_note(name))

# --- One measure: trend and areas compared ------------------------------------------------------
measures, first = tables.measure_choices(rows)
if measures:
    st.divider()
    measure = st.selectbox(
        "Measure shown in the two charts below", measures, key="indicator", index=first,
        format_func=lambda indicator_id: BY_ID[indicator_id].title,
        bind="query-params", persist_state="session") or measures[0]
    row = next(row for row in rows if row.indicator.id == measure)
    axis = words.axis_title(row.indicator)

    years = years_up_to(extract.authority.extract_date, first_full_year(extract))
    by_year = (yearly(extract, View(years[0]), years) if years
               else indicators(extract, View(year)).clear())
    averages = neighbours_over_time(la_code, measure, how, choice)
    series, trend_table = tables.trend(table, by_year, la_code, region, measure,
                                       places.series, averages)
    if series.height:
        span = f"{series['year'].min()} to {series['year'].max()}"
        subtitle, description = words.trend_words(places, row.indicator, row.source, span,
                                                  models_used(averages))
        figure(tables.trend_finding(series, places.ours, "England", name), subtitle,
               charts.line_chart(series, "year", "value", "series", axis, x_kind="ordinal"),
               trend_table, description, extract, right_aligned=tuple(places.series.values()))

    bars, bar_table = tables.areas(table, row, region, places.region_name, neighbours,
                                   published_year, places.ours)
    subtitle, description = words.areas_words(
        places, row.indicator, row.source, model, year.label,
        tables.earlier_years([row], published_year), places.ours, interval_note(bars))
    figure(tables.areas_finding(row, name, year.label, how), subtitle,
           charts.bar_chart(bars, "area", "value", "label", axis, highlight=places.ours,
                            interval=("lower", "upper")),
           bar_table, description, extract, right_aligned=("Figure", tables.LOWER, tables.UPPER))

# --- Context: published measures the extract does not hold --------------------------------------
if context_table is not None and found_context:
    st.divider()
    st.header("Context", anchor="context")
    st.markdown(words.CONTEXT_LEAD)
    source = words.CONTEXT_SOURCE.format(codes=", ".join(published_context.MEASURES))
    shown = published_context.context_table(found_context, name, places.region_name,
                                            places.average_heading)
    title, subtitle, description = words.context_words(places, year.label, shown.height)
    table_block(title, subtitle, shown, description, extract,
                right_aligned=(name, "England", places.region_name, places.average_heading,
                               "Rank"),
                cell_colours={"Quartile band": BAND_COLOURS}, source=source)
    st.caption(words.CONTEXT_NOTE)
    chosen = st.selectbox(
        "Context measure shown over the years", published_context.MEASURES, key="context",
        format_func=published_context.TITLES.__getitem__, bind="query-params",
        persist_state="session") or published_context.MEASURES[0]
    areas = {name: la_code, "England": "970", places.region_name: region}
    lines, years_table = published_context.context_trend(context_table, chosen, areas, neighbours,
                                                         how)
    if lines.height:
        span = f"{years_table['Year'][0]} to {years_table['Year'][-1]}"
        title = published_context.TITLES[chosen]
        subtitle, description = words.context_trend_words(places, title, span)
        figure(f"{title}: published figures over the years", subtitle,
               charts.line_chart(lines, "year", "value", "series", "Per cent", x_kind="ordinal"),
               years_table, description, extract, right_aligned=tuple(years_table.columns[1:]),
               source=source)

# --- Reconciliation --------------------------------------------------------------------------
st.divider()
title, subtitle, description = words.reconciliation_words(name, *tables.matching(rows),
                                                         len(rows), year.label)
table_block(title, subtitle, tables.reconciliation_table(rows, name), description, extract,
            right_aligned=("Computed here", "Rounded as published", f"Published for {name}",
                           "Difference"))
st.caption(words.RECONCILIATION_NOTE)

# --- Measures with no published comparator ---------------------------------------------------
missing = tables.no_comparator_table(table)
title, subtitle, description = words.no_comparator_words(missing.height)
table_block(title, subtitle, missing, description, extract)

st.caption(words.SYMBOLS_NOTE)
