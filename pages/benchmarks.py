"""Benchmarks: the authority's computed figures for a reporting year beside England's, its
region's and its statistical neighbours' published figures (the Fingertips comparison, LAIT's
quartile band and rank), the trend and the areas compared for one measure, and the analysts'
reconciliation with its own published figures."""

import streamlit as st

from iro_metrics.indicators.periods import reporting_year_of
from iro_metrics.indicators.registry import BY_ID, Unit
from iro_metrics.present.findings import interval_note, models_used
from iro_metrics.present.formatting import lower_first
from iro_metrics.present.report_tables import years_up_to
from iro_metrics.present.view import View, first_full_year
from iro_metrics.published import benchmark_tables as tables
from iro_metrics.published import benchmark_text as words
from iro_metrics.published.comparison import BAND_COLOURS, load_benchmarks, region_code, region_phrase
from iro_metrics.published.neighbours import (
    AUTOMATIC,
    AVERAGE_SOURCES,
    AVERAGES,
    CHOICES,
    model_for,
    neighbour_series,
    neighbours_of,
)
from iro_metrics.ui import charts
from iro_metrics.ui.blocks import figure, intro, table_block
from iro_metrics.ui.context import context
from iro_metrics.ui.results import indicators, yearly

AXIS_TITLES = {Unit.PERCENT: "Per cent", Unit.PER_10K: "Per 10,000 children"}
DEFAULT_MEASURE = "cp_rate"

ctx = context()
extract = ctx.extract
name, la_code = extract.authority.la_name, extract.authority.la_code
year = reporting_year_of(ctx.view.period.end)
published_year = year.end.year
intro("Benchmarks",
      f"How {name} compares with England, its region and the councils most like it (its "
      "statistical neighbours). Published figures are for whole reporting years and all "
      "children, so the demographic filters do not apply here.", View(year), ())
if ctx.view.period != year:
    st.caption(f"Published figures exist for reporting years only: showing {year.label}, the "
               "year containing the end of the chosen dates.")

table = load_benchmarks()
if table is None:
    st.info(words.NOT_BUILT, icon=":material/info:")
    st.stop()

# --- Choices ---------------------------------------------------------------------------------
left, right = st.columns(2)
choice = left.radio("Neighbour model", CHOICES, key="neighbours", horizontal=True,
                    bind="query-params", persist_state="session",
                    help=words.MODEL_HELP)
how = right.radio("Neighbour average", list(AVERAGES), key="average", horizontal=True,
                  format_func=str.capitalize, bind="query-params", persist_state="session",
                  help=words.AVERAGE_HELP) or "mean"
model = model_for(published_year, choice or AUTOMATIC)
neighbours = neighbours_of(la_code, model)
region = region_code(la_code)
chosen_by = (f"chosen automatically for {year.label}" if (choice or AUTOMATIC) == AUTOMATIC
             else "as chosen above")
if neighbours.is_empty():
    st.info(f"{name} (authority code {la_code}) has no statistical neighbours in the "
            f"{model} model, so no neighbour figures are shown.", icon=":material/info:")
else:
    st.caption(f"Statistical neighbours: the {neighbours.height} councils most like {name} in "
               f"DfE's {model} model ({chosen_by}). The neighbours' {AVERAGES[how]} "
               f"({AVERAGE_SOURCES[how]}) skips any neighbour without a published figure.")

local = indicators(extract, View(year))
rows = tables.benchmark_rows(table, local, la_code, published_year, neighbours, how)
earlier = tables.earlier_years(rows, published_year)
region_name = next((row.published["region_name"] for row in rows
                    if row.published.get("region_name")), None) or "Region"

# --- How we compare ----------------------------------------------------------------------------
summary = tables.comparison_table(rows, name, region_name, how, published_year)
average = tables.average_heading(how)
table_block(
    tables.summary_finding(rows, name, year.label),
    f"{name}'s computed rates and percentages beside England's, {region_phrase(region_name)}'s "
    f"and its statistical neighbours' published figures, {year.label}{earlier}",
    summary,
    f"Table of {summary.height} measures for {year.label}: {name}'s figure computed here, the "
    f"published figures for England, {region_phrase(region_name)} and the neighbours' "
    f"{AVERAGES[how]}, whether {name} is better, similar or worse than England, and its "
    "quartile band (A best, D worst) and rank among all English councils.",
    extract, right_aligned=(name, "England", region_name, average, "Rank"),
    cell_colours={"Quartile band": BAND_COLOURS}, height="content")
st.caption(words.comparison_note(name))

# --- One measure: trend and areas compared ------------------------------------------------------
measures = [row.indicator.id for row in rows if row.indicator.unit is not Unit.COUNT]
if measures:
    st.divider()
    measure = st.selectbox(
        "Measure shown in the two charts below", measures, key="indicator",
        index=measures.index(DEFAULT_MEASURE) if DEFAULT_MEASURE in measures else 0,
        format_func=lambda indicator_id: BY_ID[indicator_id].title,
        bind="query-params", persist_state="session") or measures[0]
    indicator = BY_ID[measure]
    row = next(row for row in rows if row.indicator.id == measure)
    axis = AXIS_TITLES.get(indicator.unit, indicator.unit.value)
    ours_name = f"{name} (computed)"

    years = years_up_to(extract.authority.extract_date, first_full_year(extract))
    by_year = yearly(extract, View(years[0]), years) if years else local.clear()
    averages = neighbour_series(table, la_code, measure, how, choice or AUTOMATIC)
    names = {"ours": ours_name, "england": "England", "region": region_name,
             "neighbours": average}
    series, trend_table = tables.trend(table, by_year, la_code, region, measure, names,
                                       averages)
    if series.height:
        models = models_used(averages)
        span = f"{series['year'].min()} to {series['year'].max()}"
        figure(
            tables.trend_finding(series, ours_name, "England", name),
            f"{indicator.title}: {name} (computed here, for the years the extract covers) "
            f"against England, {region_phrase(region_name)} and the neighbours' "
            f"{AVERAGES[how]} (published: {row.source}), {span}",
            charts.line_chart(series, "year", "value", "series", axis, x_kind="ordinal"),
            trend_table,
            f"Line chart of {lower_first(indicator.title)} in each reporting year from {span}: "
            f"{name} as computed here (solid line), England (dashed), "
            f"{region_phrase(region_name)} (dotted) and the neighbours' {AVERAGES[how]} "
            f"(dash-dot), each line labelled at its end."
            + (f" Neighbours: {models}." if models else ""),
            extract, right_aligned=tuple(names.values()))

    bars, bar_table = tables.areas(table, row, region, region_name, neighbours, row.year,
                                   ours_name)
    figure(
        tables.areas_finding(row, name, year.label, how),
        f"{indicator.title}, {name} (computed here) beside England, "
        f"{region_phrase(region_name)} and its statistical neighbours ({model} model; "
        f"published: {row.source}), {year.label}{tables.earlier_years([row], published_year)}",
        charts.bar_chart(bars, "area", "value", "label", axis, highlight=ours_name,
                         interval=("lower", "upper")),
        bar_table,
        f"Horizontal bar chart of {lower_first(indicator.title)} in {year.label}: England and "
        f"{region_phrase(region_name)} first, then {name} (the dark bar, labelled "
        f"'{ours_name}') and its neighbours from highest to lowest, each bar labelled with its "
        f"figure.{interval_note(bars)}",
        extract, right_aligned=("Figure", tables.LOWER, tables.UPPER))

# --- Reconciliation --------------------------------------------------------------------------
st.divider()
matched, both = tables.matching(rows)
table_block(
    f"Computed figures match {name}'s published ones for {matched} of {both} measures, at the "
    "published precision",
    f"Figures computed here beside those published for {name}, with the difference at the "
    f"published precision, {year.label}",
    tables.reconciliation_table(rows, name),
    f"Table of {len(rows)} measures: the figure computed here, the same rounded to the "
    f"precision of the published figure, the figure published for {name} and the difference "
    "(computed minus published), with the published source.",
    extract, right_aligned=("Computed here", "Rounded as published",
                            f"Published for {name}", "Difference"), height="content")
st.caption(words.RECONCILIATION_NOTE)

# --- Measures with no published comparator ---------------------------------------------------
missing = tables.no_comparator_table(table)
table_block(
    f"{missing.height} measures in this dashboard have no published comparator",
    "Measures shown on other pages that cannot be set beside published figures, and why",
    missing,
    f"Table of the {missing.height} measures with no published comparator, each with the "
    "reason. The published figures used here are DfE's children looked after and children in "
    "need statistics and LAIT.", extract, height="content")

st.caption(words.SYMBOLS_NOTE)
