"""Looked after children: how many on the last day of the period and per 10,000 children, how
many started and stopped being looked after, the monthly trend, the annual report's five-year
table of 31 March figures, and who the children are (age, sex, ethnic group, legal status)."""

import streamlit as st

from iro_metrics.indicators.demographics import NEED_WORDS, UNKNOWN_NEED
from iro_metrics.indicators.registry import DIMENSION_LABELS, LAC_DIMENSIONS
from iro_metrics.present.breakdowns import share_table
from iro_metrics.present.findings import (
    looked_after_group_finding,
    month_movement,
    movement_between,
)
from iro_metrics.present.formatting import format_date, format_number
from iro_metrics.present.report_tables import (
    breakdown,
    by_indicator,
    children,
    latest_labels,
    month_series,
    month_span,
    monthly_table,
    year_series,
    year_span,
    year_table,
    years_up_to,
)
from iro_metrics.present.view import first_full_year
from iro_metrics.ui import charts
from iro_metrics.ui.blocks import (
    breakdowns_allowed,
    figure,
    has_tables,
    intro,
    symbols_footnote,
    table_block,
    tile_rows,
    yearly_columns,
)
from iro_metrics.ui.context import context
from iro_metrics.ui.results import indicators, monthly, previous_indicators, yearly
from iro_metrics.ui.state import DISABILITY_LABELS, SEX_LABELS

TILES = ("lac_count", "lac_rate", "lac_starts", "lac_ceased")
REPORT_YEARS = 5
FIVE_YEAR_COLUMNS = {"lac_count": "Looked after on 31 March",
                     "lac_rate": "Per 10,000 children on 31 March",
                     "lac_starts": "Started to be looked after",
                     "lac_ceased": "Stopped being looked after"}
FLOWS = {"lac_starts": "Started", "lac_ceased": "Stopped"}
BREAKDOWNS = ("age_band", "sex", "ethnic_group", "legal_status_group", "category_of_need")
GROUP_NAMES = {"sex": SEX_LABELS, "disability": DISABILITY_LABELS,
               "category_of_need": {code: f"{code} {words}" for code, words in NEED_WORDS.items()
                                    if code != UNKNOWN_NEED} | {UNKNOWN_NEED: "Not known"}}
COUNTED = "Children looked after"

ctx = context("legal_status_group")
extract, view = ctx.extract, ctx.view
name = extract.authority.la_name
intro("Looked after children",
      f"Children {name} looks after (looked-after children, often shortened to LAC): how many "
      "there are, how many started and stopped being looked after, and who they are. Children "
      "who only have short breaks away from home are not counted, as in government statistics.",
      view, LAC_DIMENSIONS)

if not has_tables(extract, *TILES):
    st.stop()

snapshot = format_date(view.period.end)
tile_rows((TILES,), by_indicator(indicators(extract, view)),
          by_indicator(previous_indicators(extract, view)), view, extract)
st.caption(f"Looked after and per 10,000 children: on {snapshot}. Started and stopped: during "
           f"{view.period.label}, each child counted once. Rates per 10,000 can only be worked "
           "out for all children or by age band.")

# --- Over time ---------------------------------------------------------------------------------
first = first_full_year(extract)
if first <= view.period.end:
    series = month_series(monthly(extract, view, first, view.period.end),
                          {"lac_count": "Looked after"})
    if series.height:
        span = month_span(series)
        figure(
            month_movement(COUNTED, series),
            f"Children looked after at the end of each month, {name}, {span}",
            charts.line_chart(series, "month_end", "value", "series", COUNTED),
            monthly_table(series, COUNTED),
            f"Line chart of the number of children looked after at the end of each month from "
            f"{span}, under the filters above.",
            extract, right_aligned=(COUNTED,))

# --- The last five years (31 March figures, as in the annual report) --------------------------
years = years_up_to(view.period.end, first, REPORT_YEARS)
if years:
    by_year, span = yearly(extract, view, years), year_span(years)
    table_block(
        movement_between("Children looked after on 31 March",
                         year_series(by_year, {"lac_count": "Looked after"}), span),
        f"Children looked after and per 10,000 children aged 0 to 17 on 31 March, and children "
        f"who started and stopped being looked after during each year, {name}, {span}",
        year_table(by_year, FIVE_YEAR_COLUMNS),
        f"Table of the {len(years)} reporting years from {span}, as in the annual report, "
        "under the filters above.",
        extract, right_aligned=tuple(FIVE_YEAR_COLUMNS.values()))
    flows = year_series(by_year, FLOWS)
    latest = latest_labels(flows)
    if flows.height:
        yearly_columns(
            by_year, FLOWS,
            f"In {years[-1].label}, {children(latest.get('Started', 'x'))} started to be looked "
            f"after and {latest.get('Stopped', 'x')} stopped",
            f"Children who started and stopped being looked after in each reporting year (each "
            f"child once a year), {name}, {span}", "Children",
            f"Column chart comparing, for each reporting year from {span}, the number of "
            "children who started being looked after (first column) with the number who stopped "
            "(second column), under the filters above.", extract)
else:
    st.info(f"No whole reporting year (1 April to 31 March) in this extract ends by {snapshot}, "
            "so the five-year table cannot be shown.", icon=":material/info:")

# --- Who the children are ------------------------------------------------------------------
st.divider()
st.header(f"Who was looked after on {snapshot}")
grid = st.columns(2)
for position, dimension in enumerate(BREAKDOWNS if breakdowns_allowed(view) else ()):
    word = DIMENSION_LABELS[dimension]
    groups = breakdown(indicators(extract, view, by=dimension), "lac_count",
                       GROUP_NAMES.get(dimension))
    with grid[position % 2]:
        if groups.is_empty():
            st.subheader(word)
            st.info(f"No children looked after on {snapshot} match the filters.",
                    icon=":material/info:")
            continue
        total = format_number(groups["count"].sum())
        figure(
            looked_after_group_finding(word, groups),
            f"{COUNTED} by {word.lower()}, number and share of all {total}, {name}, {snapshot}",
            charts.bar_chart(groups, "name", "count", "label", COUNTED),
            share_table(groups, word, COUNTED, "Share (%)"),
            f"Horizontal bar chart of the {total} children looked after on {snapshot} by "
            f"{word.lower()}, each bar labelled with its number and share, under the filters "
            "above.",
            extract, right_aligned=(COUNTED, "Share (%)"))

symbols_footnote()
