"""Workforce and IRO footprint: the IROs and conference chairs in post, how many children each
holds against the IRO Handbook's 50 to 70, and the disputes IROs raised to challenge plans."""

import polars as pl
import streamlit as st

from iro_metrics.indicators.periods import previous
from iro_metrics.indicators.registry import BY_ID
from iro_metrics.indicators.workforce import (
    HANDBOOK_CASELOAD,
    ISSUE_NAMES,
    ROLE_NAMES,
    STAGE_NAMES,
    staff_in_post,
)
from iro_metrics.present.breakdowns import group_counts, known_range
from iro_metrics.present.findings import (
    caseload_finding,
    caseload_range_finding,
    dispute_finding,
    staff_by_role,
    year_finding,
)
from iro_metrics.present.formatting import (
    format_date,
    format_difference,
    format_number,
    format_numbers,
    format_value,
)
from iro_metrics.present.report_tables import (
    YearColumn,
    by_indicator,
    no_whole_year,
    year_rows,
    year_span,
    years_up_to,
)
from iro_metrics.present.view import View, first_full_year
from iro_metrics.ui import charts
from iro_metrics.ui.blocks import (
    absent,
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
    allocated_caseloads,
    disputes_by,
    indicators,
    previous_indicators,
    yearly,
)

FTE_DECIMALS = 2
CASELOAD = {"Children looked after or on a plan": YearColumn("iro_caseload", "numerator"),
            "IRO and CP chair FTE": YearColumn("iro_caseload", "denominator", FTE_DECIMALS),
            "Children per FTE": YearColumn("iro_caseload")}
DISPUTES = ("disputes_raised", "disputes_resolved_20wd")

ctx = context()
extract, view = ctx.extract, ctx.view
period, snapshot = view.period, view.period.end
place, day = extract.authority.la_name, format_date(snapshot)
intro("Workforce and IRO footprint",
      "Independent Reviewing Officers (IROs) chair the reviews of looked-after children's care "
      "plans, and child protection (CP) chairs lead child protection conferences. This page "
      "shows how many are in post, how many children each holds, and how often IROs formally "
      "challenged a plan (the dispute resolution process).", view, ())
if view.filters.active():
    st.warning("These figures are for the whole service; the filters do not apply. Staffing, "
               "caseloads and disputes are not broken down by children's age, sex, ethnicity "
               "or disability.", icon=":material/filter_alt_off:")

service = View(period)  # workforce indicators have no demographic breakdown
now = by_indicator(indicators(extract, service))
before = by_indicator(previous_indicators(extract, service))
years = years_up_to(snapshot, first_full_year(extract))  # whole years ending by the snapshot
span = year_span(years)
trend = yearly(extract, service, years) if years else None

# --- Staff in post and caseloads ------------------------------------------------------------

st.header("IROs and conference chairs in post")
if has_tables(extract, "iro_caseload"):
    caseload, caseload_before = now["iro_caseload"], before.get("iro_caseload")
    fte = format_number(caseload["denominator"], FTE_DECIMALS)
    columns = st.columns(4)
    change, moved = format_difference(caseload["denominator"], (caseload_before or {}).get(
        "denominator"), FTE_DECIMALS)
    columns[0].metric(
        "IRO and CP chair FTE in post", fte,
        delta=f"{change} on {previous(period).label}" if change else None, delta_color="off",
        delta_arrow="auto" if moved else "off",
        help="Full-time equivalents (FTE) of IROs and child protection chairs in post on the "
             "last day of the period: the staff the caseload is shared between.", border=True)
    tile(columns[1], "iro_caseload", caseload, caseload_before, previous(period).label)

    roles = staff_in_post(extract.iro_staff, snapshot).with_columns(
        name=pl.col("role").replace_strict(ROLE_NAMES))
    people, ftes = format_numbers(roles["people"]), format_numbers(roles["fte"], FTE_DECIMALS)
    figure(
        f"{fte} full-time equivalent IROs and CP chairs were in post on {day}",
        f"Full-time equivalent (FTE) staff in post by role, {place}, {day}",
        charts.bar_chart(roles.with_columns(label=pl.format("{} FTE ({} people)", ftes, people)),
                         "name", "fte", "label", "Full-time equivalents"),
        roles.select(Role="name", **{"People in post": people, "Full-time equivalents": ftes}),
        f"Bar chart of full-time equivalent staff in post on {day} by role: "
        f"{staff_by_role(roles, FTE_DECIMALS)}. Only IROs and child protection chairs count "
        "towards the caseload.", extract, right_aligned=("People in post", "Full-time equivalents"))

    if trend is None:
        st.info(no_whole_year(snapshot), icon=":material/info:")
    else:
        low, high = HANDBOOK_CASELOAD
        rows = year_rows(trend, "iro_caseload")
        yearly_lines(
            trend, {"iro_caseload": "Children per FTE"}, CASELOAD, caseload_finding(rows),
            f"Children looked after or on a child protection plan per full-time equivalent IRO or "
            f"CP chair on the last day of each reporting year, {place}, {span}",
            "Children per FTE",
            f"Line chart of children per full-time equivalent IRO or CP chair at the end of each "
            f"reporting year from {span}, with the IRO Handbook's suggested range of {low} to "
            f"{high} children shaded between dashed lines; {years[-1].label}: "
            f"{format_value(rows[-1]['value'], BY_ID['iro_caseload'])}.", extract,
            band=(low, high, f"IRO Handbook: {low} to {high} children"))
        what_good("iro_caseload", " A child both looked after and on a plan counts once.")

st.header("Children allocated to each IRO")
if extract.iro_allocations is None:
    absent("records of which IRO holds which child", "iro_allocations")
else:
    held = allocated_caseloads(extract, snapshot)
    if held.is_empty():
        st.info(f"No children were allocated to an IRO on {day}.", icon=":material/info:")
    else:
        smallest, biggest = known_range(held["children"])
        caseloads = format_numbers(held["children"])
        figure(
            caseload_range_finding(smallest, biggest, day),
            f"Children allocated to each IRO (a headcount, whatever the IRO's hours), {place}, "
            f"{day}; IROs are numbered from the largest caseload, not named",
            charts.bar_chart(held.with_columns(label=caseloads), "iro", "children", "label",
                             "Children"),
            held.select(IRO="iro", **{"Children allocated": caseloads}),
            f"Bar chart of the number of children allocated to each of "
            f"{format_number(held.height)} IROs on {day}, from {format_number(biggest)} to "
            f"{format_number(smallest)} children.",
            extract, right_aligned=("Children allocated",))
        st.caption("A part-time IRO is expected to hold fewer children: compare with the "
                   "caseload per full-time equivalent above.")

# --- Disputes -------------------------------------------------------------------------------

st.header("Disputes raised by IROs")
st.markdown("When an IRO is concerned about a child's care plan or its progress, they raise it "
            "through the dispute resolution process: informally first, then through formal "
            "stages with more senior managers.")
if has_tables(extract, *DISPUTES):
    tile_rows((DISPUTES,), now, before, service, extract, published=False)
    # The headline count, shown where the breakdown's own sum is hidden by suppression.
    total = now["disputes_raised"]["numerator"]
    for column_name, heading, names in (("stage", "Highest stage reached", STAGE_NAMES),
                                        ("issue", "Issue", ISSUE_NAMES)):
        table = disputes_by(extract, period, column_name).with_columns(
            name=pl.col("group").replace_strict(names))
        counted = format_numbers(table["disputes"])
        figure(
            dispute_finding(table, total, column_name == "stage", heading, period.label),
            f"Disputes raised in the period by {heading.lower()}, {place}, {period.label}",
            charts.bar_chart(table.with_columns(label=counted), "name", "disputes", "label",
                             "Disputes"),
            table.select(pl.col("name").alias(heading), Disputes=counted),
            f"Bar chart of the {format_number(total)} disputes raised in {period.label} by "
            f"{heading.lower()}: {group_counts(table, 'disputes')}.",
            extract, right_aligned=("Disputes",))

    if trend is None:
        st.info(no_whole_year(snapshot), icon=":material/info:")
    else:
        raised = year_rows(trend, "disputes_raised")
        yearly_columns(
            trend, {"disputes_raised": "Disputes raised"}, year_finding("Disputes raised", raised),
            f"Disputes raised by IROs in each reporting year, {place}, {span}", "Disputes",
            f"Column chart of disputes raised by IROs in each reporting year from {span}; "
            f"{format_number(raised[-1]['value'])} in {years[-1].label}.", extract)

        local = BY_ID["disputes_resolved_20wd"]
        yearly_share(
            trend, "disputes_resolved_20wd", "Resolved within 20 working days",
            "Disputes counted",
            year_finding("Disputes resolved within 20 working days",
                         year_rows(trend, "disputes_resolved_20wd"), 1, "%"),
            f"Disputes raised in each reporting year that were resolved within 20 working days, as "
            f"a percentage of those that could have been, {place}, {span}", "% of disputes",
            f"Line chart of the percentage of disputes resolved within 20 working days in each "
            f"reporting year from {span}.", extract, series="Resolved in 20 working days")
        st.info(f"**{local.title} is a local measure** of this service, not a DfE statistic. "
                f"{local.description} A dispute still open but less than 20 working days old at "
                f"the end of the year is left out until it can be judged. {local.good}",
                icon=":material/info:")

symbols_footnote()
