"""Child protection: children on a plan (how many, who, for how long, how often again), plans
started and ended, and the conferences that decide them."""

from dataclasses import replace

import polars as pl
import streamlit as st

from iro_metrics.indicators.periods import previous
from iro_metrics.indicators.registry import BY_ID, CP_DIMENSIONS
from iro_metrics.present.breakdowns import group_counts, named_groups, share_table, with_rates
from iro_metrics.present.findings import (
    change_phrase,
    latest_change,
    plan_group_finding,
    year_finding,
)
from iro_metrics.present.formatting import format_date, format_number
from iro_metrics.present.report_tables import (
    YearColumn,
    by_indicator,
    conference_series,
    conference_table,
    conferences_in,
    latest_labels,
    month_series,
    month_span,
    monthly_table,
    no_whole_year,
    year_rows,
    year_series,
    year_span,
    years_up_to,
)
from iro_metrics.present.view import SEX_WORDS, View, first_full_year
from iro_metrics.ui import charts
from iro_metrics.ui.blocks import (
    breakdowns_allowed,
    figure,
    has_tables,
    intro,
    symbols_footnote,
    tile,
    tile_rows,
    what_good,
    yearly_columns,
    yearly_lines,
    yearly_share,
)
from iro_metrics.ui.context import context
from iro_metrics.ui.results import (
    conference_activity,
    indicators,
    monthly,
    previous_indicators,
    yearly,
)
from iro_metrics.ui.state import CATEGORY_LABELS, SEX_LABELS

TILES = (("cp_count", "cp_rate", "cp_starts", "cp_ceased"),
         ("cp_repeat", "cp_ceased_2y_plus"))
ETHNIC_WHO = {"Refused or not obtained": "Children whose ethnicity was refused or not obtained",
              "Other ethnic groups": "Children of other ethnic groups"}
BREAKDOWNS = (  # dimension, column heading, labels, who a group is (for the finding)
    ("age_band", "Age band", None,
     lambda g: "Unborn children" if g == "Unborn" else f"Children aged {g.lower()}"),
    ("initial_category", "Initial category of abuse", CATEGORY_LABELS, CATEGORY_LABELS.get),
    ("sex", "Sex", SEX_LABELS, lambda g: SEX_WORDS[g].capitalize()),
    ("ethnic_group", "Ethnic group", None,
     lambda g: ETHNIC_WHO.get(g, f"Children of {g} ethnicity")),
)
FLOWS = {"cp_starts": "Plans started", "cp_ceased": "Plans ended"}
SHARE, RATE = "Share of children on a plan (%)", "Rate per 10,000 children"
REPEAT = {"Plans started": YearColumn("cp_repeat", "denominator"),
          "Repeat plans (any earlier plan)": YearColumn("cp_repeat", "numerator"),
          "Repeat plans (%)": YearColumn("cp_repeat"),
          "Repeat within 2 years": YearColumn("cp_repeat_2y", "numerator"),
          "Repeat within 2 years (%)": YearColumn("cp_repeat_2y")}

ctx = context("initial_category")
extract, view = ctx.extract, ctx.view
period, snapshot = view.period, view.period.end
place, day = extract.authority.la_name, format_date(snapshot)
intro("Child protection",
      "A child protection (CP) plan is agreed at a conference when a child is at risk of "
      "significant harm. This page shows how many children are on a plan, who they are, how "
      "long plans last, how often children need a plan again, and the conferences that decide "
      "them.", view, CP_DIMENSIONS)

first = first_full_year(extract)
years = years_up_to(snapshot, first)  # whole reporting years ending by the snapshot
span, NO_YEARS = year_span(years), no_whole_year(snapshot)

# --- Children on a plan -------------------------------------------------------------------

if has_tables(extract, *sum(TILES, ())):
    now = by_indicator(indicators(extract, view))
    tile_rows(TILES, now, by_indicator(previous_indicators(extract, view)), view, extract)
    if now["cp_rate"]["value"] is None and now["cp_count"]["value"] is not None:
        st.caption("The rate per 10,000 children is not available for this selection: it can "
                   "be shown for all children or by age band only, since population estimates "
                   "cover children born and aged 0 to 17 and are not split by sex, ethnicity, "
                   "disability or category of abuse.")

    series = month_series(monthly(extract, view, first, snapshot), {"cp_count": "On a plan"})
    if series.height:
        months, start, end = month_span(series), series["value"][0], series["value"][-1]
        figure(
            change_phrase("Children on a plan", start, end),
            f"Children on a child protection plan at each month end (unborn children "
            f"included), {place}, {months}",
            charts.line_chart(series, "month_end", "value", "series", "Children"),
            monthly_table(series, "Children"),
            f"Line chart of the number of children on a child protection plan at each month "
            f"end from {months}, from {format_number(start)} to {format_number(end)}, under "
            "the filters above.", extract, right_aligned=("Children",))

    trend = yearly(extract, view, years) if years else None
    if trend is None:
        st.info(NO_YEARS, icon=":material/info:")
    else:
        latest = latest_labels(year_series(trend, FLOWS))
        yearly_columns(
            trend, FLOWS, year_finding("Plans started", year_rows(trend, "cp_starts")),
            f"Child protection plans started and ended in each reporting year, {place}, {span}",
            "Plans",
            f"Column chart of plans started (first column) and plans ended (second column) in each "
            f"reporting year from {span}; in {years[-1].label} {latest['Plans started']} "
            f"started and {latest['Plans ended']} ended, under the filters above.", extract)

    st.header("Who is on a plan")
    st.markdown(f"Children on a plan on {day}, the last day of the period, by age (unborn "
                "children have a plan before they are born), the category of abuse recorded "
                "when the plan started, sex and ethnic group.")
    for dimension, heading, labels, who in BREAKDOWNS if breakdowns_allowed(view) else ():
        frame = indicators(extract, view, by=dimension)
        table = named_groups(frame, "cp_count", dimension, getattr(view.filters, dimension),
                             labels)
        shown = share_table(table, heading, "Children", SHARE)
        if dimension == "age_band":
            shown = with_rates(shown, frame, table["group"], "cp_rate", RATE)
        figure(
            plan_group_finding(table, heading, day, who, dimension == "initial_category"),
            f"Children on a child protection plan by {heading.lower()}, {place}, {day}",
            charts.bar_chart(table, "name", "count", "label", "Children"), shown,
            f"Bar chart of children on a plan on {day} by {heading.lower()}: "
            f"{group_counts(table)}, under the filters above.",
            extract, right_aligned=tuple(shown.columns[1:]))

    st.header("Repeat plans and long plans")
    if trend is None:
        st.info(NO_YEARS, icon=":material/info:")
    else:
        local = BY_ID["cp_repeat_2y"]
        yearly_lines(
            trend, {"cp_repeat": "Any earlier plan",
                    "cp_repeat_2y": "Within 2 years (local measure)"}, REPEAT,
            year_finding("Repeat plans", year_rows(trend, "cp_repeat"), 1, "%"),
            f"Plans started in each reporting year for a child who had been on a plan before, as a "
            f"percentage of plans started, {place}, {span}", "% of plans started",
            f"Line chart of the percentage of plans started that were repeat plans (solid line) "
            f"and repeat plans within 2 years of the previous plan ending (dashed line) in each "
            f"reporting year from {span}, under the filters above.", extract)
        st.info(f"**{local.title} is a local measure** of this service, not a DfE statistic, so it "
                f"cannot be compared with other councils. It counts: {local.numerator.lower()}, "
                f"out of {local.denominator.lower()}.", icon=":material/info:")
        what_good("cp_repeat")

        yearly_share(
            trend, "cp_ceased_2y_plus", "Lasted 2 years or more", "Plans ended",
            year_finding("Plans lasting 2 years or more", year_rows(trend, "cp_ceased_2y_plus"),
                         1, "%"),
            f"Plans ending in each reporting year that had lasted 2 years or more, as a percentage "
            f"of plans ended, {place}, {span}", "% of plans ended",
            f"Line chart of the percentage of plans ended in each reporting year from {span} that "
            f"had lasted 2 years or more, under the filters above.", extract)
        what_good("cp_ceased_2y_plus")

# --- Conferences --------------------------------------------------------------------------

st.header("Conferences")
st.markdown(
    "An **initial child protection conference (ICPC)** decides whether a child needs a plan, "
    "after a **section 47 enquiry** (the council's investigation of concerns about a child). "
    "A **transfer-in conference** is held when a child on a plan moves here from another "
    "council. **Review child protection conferences (RCPCs)** check the plan's progress.")
child_view = View(period, replace(view.filters, initial_category=()))
if view.filters.initial_category:
    st.caption("A child has no category of abuse until a plan starts, so the category filter "
               "does not apply to conferences; the other filters do where stated.")
now_child = by_indicator(indicators(extract, child_view))
before_child = by_indicator(previous_indicators(extract, child_view))
for column, indicator_id in zip(st.columns(4), ("icpc_timely", "icpc_no_plan"), strict=False):
    with column:
        if has_tables(extract, indicator_id):
            tile(column, indicator_id, now_child.get(indicator_id),
                 before_child.get(indicator_id), previous(period).label)

conferences = has_tables(extract, "icpc_held", "rcpc_held")
if conferences and not years:
    st.info(NO_YEARS, icon=":material/info:")
elif conferences:
    activity = conference_series(conference_activity(extract, years))
    initial = activity.filter(pl.col("conference_type") == "ICPC")["conferences"].to_list()
    figure(
        latest_change("Initial conferences", initial, years[-1].label),
        f"Child protection conferences held in each reporting year, by type (siblings at one "
        f"conference count once), {place}, {span}",
        charts.column_chart(activity, "year", "conferences", "label", "series", "Conferences"),
        conference_table(activity),
        f"Column chart of initial, transfer-in and review child protection conferences held in "
        f"each reporting year from {span}; in {years[-1].label} "
        f"{conferences_in(activity, years[-1].label)}. The table also counts children "
        "discussed: siblings at one conference count once as a conference and once each as "
        "children. These counts are for the whole service.",
        extract, right_aligned=("Conferences", "Children discussed"))
    if view.filters.active():
        st.caption("Conference counts are for the whole service: the filters do not apply to "
                   "them.")

    no_plan = yearly(extract, child_view, years)
    yearly_share(
        no_plan, "icpc_no_plan", "Not made subject to a plan",
        "Children at ICPCs (outcome known)",
        year_finding("Children at an ICPC not made subject to a plan",
                     year_rows(no_plan, "icpc_no_plan"), 1, "%"),
        f"Children discussed at an initial conference who did not need a plan, as a percentage "
        f"of those whose outcome is recorded, {place}, {span}", "% of children at ICPCs",
        f"Line chart of the percentage of children at initial conferences who were not made "
        f"subject to a plan in each reporting year from {span}, under the filters above"
        + (" (except the category of abuse)." if view.filters.initial_category else "."),
        extract)
    st.caption(f"{BY_ID['icpc_no_plan'].description} This is a measure of activity, not of "
               "performance: no level is better or worse in itself.")

symbols_footnote()
