"""Workforce and IRO footprint: the IROs and conference chairs in post, how many looked-after
children each holds against the IRO Handbook's 50 to 70 (and, beside it, the annual report's
children looked after or on a plan per IRO), and the disputes IROs raised to challenge plans."""

import streamlit as st

from iro_metrics.indicators.periods import previous
from iro_metrics.indicators.registry import BY_ID
from iro_metrics.indicators.workforce import staff_in_post
from iro_metrics.present.findings import year_finding
from iro_metrics.present.formatting import format_date, format_number
from iro_metrics.present.report_tables import (
    by_indicator,
    no_whole_year,
    year_rows,
    year_span,
    years_up_to,
)
from iro_metrics.present.view import View, first_full_year
from iro_metrics.present.workforce_tables import (
    CASELOADS,
    DISPUTE_GROUPS,
    HANDBOOK_BAND,
    allocations_figure,
    caseload_columns,
    caseload_description,
    caseload_subtitle,
    caseload_title,
    disputes_figure,
    roles_figure,
)
from iro_metrics.ui import blocks
from iro_metrics.ui.context import context
from iro_metrics.ui.results import (
    allocated_caseloads,
    disputes_by,
    indicators,
    previous_indicators,
    yearly,
)

DISPUTES = ("disputes_raised", "disputes_resolved_20wd")

ctx = context()
extract, view = ctx.extract, ctx.view
period, snapshot = view.period, view.period.end
place, day = extract.authority.la_name, format_date(snapshot)
blocks.intro("Workforce and IRO footprint",
             "Independent Reviewing Officers (IROs) chair the reviews of looked-after children's "
             "care plans, and child protection (CP) chairs lead child protection conferences. "
             "This page shows how many are in post, how many children each holds, and how often "
             "IROs formally challenged a plan (the dispute resolution process).", view, ())
blocks.where_we_stand(extract, view, (*(c.indicator_id for c in CASELOADS), *DISPUTES))
if view.filters.active():
    st.warning("These figures are for the whole service; the filters do not apply. Staffing, "
               "caseloads and disputes are not broken down by children's age, sex, ethnicity "
               "or disability.", icon=":material/filter_alt_off:")

service = View(period)  # workforce indicators have no demographic breakdown
now = by_indicator(indicators(extract, service))
before = by_indicator(previous_indicators(extract, service))
years = years_up_to(snapshot, first_full_year(extract))  # whole years ending by the snapshot
span, earlier = year_span(years), previous(period).label
trend = yearly(extract, service, years) if years else None

st.header("IROs and conference chairs in post")
if blocks.has_tables(extract, "iro_caseload"):
    columns = st.columns(len(CASELOADS) + 1)
    blocks.fte_tile(columns[0], now["iro_caseload"], before.get("iro_caseload"), earlier)
    for column, caseload in zip(columns[1:], CASELOADS, strict=True):
        blocks.tile(column, caseload.indicator_id, now.get(caseload.indicator_id),
                    before.get(caseload.indicator_id), earlier, show_good=False)
    blocks.bar_figure(roles_figure(staff_in_post(extract.iro_staff, snapshot),
                                   now["iro_caseload"]["denominator"], place, day), extract)
    if trend is None:
        st.info(no_whole_year(snapshot), icon=":material/info:")
    else:
        for caseload in CASELOADS:
            if blocks.has_tables(extract, caseload.indicator_id):
                rows = year_rows(trend, caseload.indicator_id)
                blocks.yearly_lines(
                    trend, {caseload.indicator_id: caseload.line}, caseload_columns(caseload),
                    caseload_title(caseload, rows), caseload_subtitle(caseload, place, span),
                    "Children per FTE", caseload_description(caseload, rows, span), extract,
                    band=HANDBOOK_BAND if caseload.band else None)
                blocks.what_good(caseload.indicator_id)

st.header("Children allocated to each IRO")
if (held := allocated_caseloads(extract, snapshot)) is None:
    blocks.absent("records of which IRO holds which child", "iro_allocations")
elif held.is_empty():
    st.info(f"No children were allocated to an IRO on {day}.", icon=":material/info:")
else:
    blocks.bar_figure(allocations_figure(held, place, day), extract)
    st.caption("A part-time IRO is expected to hold fewer children: compare with the caseload "
               "per full-time equivalent above.")

st.header("Disputes raised by IROs")
st.markdown("When an IRO is concerned about a child's care plan or its progress, they raise it "
            "through the dispute resolution process: informally first, then through formal "
            "stages with more senior managers.")
if blocks.has_tables(extract, *DISPUTES):
    blocks.tile_rows((DISPUTES,), now, before, service, extract, published=False)
    for column_name in DISPUTE_GROUPS:
        blocks.bar_figure(disputes_figure(disputes_by(extract, period, column_name), column_name,
                                          now["disputes_raised"]["numerator"], place,
                                          period.label), extract)
    if trend is None:
        st.info(no_whole_year(snapshot), icon=":material/info:")
    else:
        raised, local = year_rows(trend, "disputes_raised"), BY_ID["disputes_resolved_20wd"]
        blocks.yearly_columns(
            trend, {"disputes_raised": "Disputes raised"}, year_finding("Disputes raised", raised),
            f"Disputes raised by IROs in each reporting year, {place}, {span}", "Disputes",
            f"Column chart of disputes raised by IROs in each reporting year from {span}; "
            f"{format_number(raised[-1]['value'])} in {years[-1].label}.", extract)
        blocks.yearly_share(
            trend, local.id, "Resolved within 20 working days", "Disputes counted",
            year_finding(local.title, year_rows(trend, local.id), 1, "%"),
            f"Disputes raised in each reporting year that were resolved within 20 working days, "
            f"as a percentage of those that could have been, {place}, {span}", "% of disputes",
            f"Line chart of the percentage of disputes resolved within 20 working days in each "
            f"reporting year from {span}.", extract, series="Resolved in 20 working days")
        st.info(f"**{local.title} is a local measure** of this service, not a DfE statistic. "
                f"{local.description} A dispute still open but less than 20 working days old at "
                f"the end of the year is left out until it can be judged. {local.good}",
                icon=":material/info:")

blocks.symbols_footnote()
