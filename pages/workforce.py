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
    handbook_position,
    staff_in_post,
)
from iro_metrics.present.breakdowns import largest
from iro_metrics.present.findings import latest_change
from iro_metrics.present.formatting import format_number, format_numbers, format_value
from iro_metrics.present.report_tables import year_rows, years_up_to
from iro_metrics.present.view import View, first_full_year
from iro_metrics.ui import charts
from iro_metrics.ui.blocks import (
    absent,
    figure,
    intro,
    symbols_footnote,
    tile,
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

ctx = context()
extract, view = ctx.extract, ctx.view
period, snapshot = view.period, view.period.end
place = extract.authority.la_name
day = f"{snapshot.day} {snapshot:%B %Y}"
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
now = {row["indicator_id"]: row for row in indicators(extract, service).iter_rows(named=True)}
before = {row["indicator_id"]: row
          for row in previous_indicators(extract, service).iter_rows(named=True)}
before_label = previous(period).label
years = years_up_to(snapshot, first_full_year(extract))  # whole years ending by the snapshot
span = (f"{years[0].label} to {years[-1].label}" if len(years) > 1
        else years[0].label if years else "")
trend = yearly(extract, service, years) if years else None
NO_YEARS = ("No whole reporting year (1 April to 31 March) in this extract ends by "
            f"{day}, so the year-by-year charts are not shown: choose a later period.")


def per_year(indicator_id: str) -> list[dict]:
    assert trend is not None
    return year_rows(trend, indicator_id)


def count(value: float | None) -> str:
    return format_number(value)


def fte(value: float | None) -> str:
    return format_number(value, FTE_DECIMALS)


def finding(subject: str, rows: list[dict], decimals: int = 0, suffix: str = "") -> str:
    return latest_change(subject, [row["value"] for row in rows], years[-1].label, decimals,
                         suffix)


# --- Staff in post and caseloads ------------------------------------------------------------

st.header("IROs and conference chairs in post")
if extract.iro_staff is None:
    absent("IRO staffing records", "iro_staff")
else:
    caseload, caseload_before = now["iro_caseload"], before.get("iro_caseload")
    columns = st.columns(4)
    change = (caseload["denominator"] - caseload_before["denominator"]
              if caseload_before and caseload_before["denominator"] is not None else None)
    columns[0].metric(
        "IRO and CP chair FTE in post", fte(caseload["denominator"]),
        delta=(f"{'+' if change > 0 else ''}{fte(change)} on {before_label}"
               if change is not None else None), delta_color="off",
        delta_arrow="off" if change is None or fte(change) in (fte(0), fte(-0.0)) else "auto",
        help="Full-time equivalents (FTE) of IROs and child protection chairs in post on the "
             "last day of the period: the staff the caseload is shared between.", border=True)
    tile(columns[1], "iro_caseload", caseload, caseload_before, before_label)

    roles = staff_in_post(extract.iro_staff, snapshot).with_columns(
        name=pl.col("role").replace_strict(ROLE_NAMES))
    people, ftes = format_numbers(roles["people"]), format_numbers(roles["fte"], FTE_DECIMALS)
    bars = roles.with_columns(label=pl.format("{} FTE ({} people)", ftes, people))
    figure(
        f"{fte(caseload['denominator'])} full-time equivalent IROs and CP chairs were in post "
        f"on {day}",
        f"Full-time equivalent (FTE) staff in post by role, {place}, {day}",
        charts.bar_chart(bars, "name", "fte", "label", "Full-time equivalents"),
        roles.select(Role="name", **{"People in post": people, "Full-time equivalents": ftes}),
        f"Bar chart of full-time equivalent staff in post on {day} by role: "
        + "; ".join(f"{n} {fte(f)} ({count(k)} people)" for n, f, k in zip(
            roles["name"], roles["fte"], roles["people"], strict=True))
        + ". Only IROs and child protection chairs count towards the caseload.",
        extract, right_aligned=("People in post", "Full-time equivalents"))

    if trend is None:
        st.info(NO_YEARS, icon=":material/info:")
    else:
        low, high = HANDBOOK_CASELOAD
        rows = per_year("iro_caseload")
        lines = pl.DataFrame(
            [{"year": row["year"], "series": "Children per FTE", "value": row["value"]}
             for row in rows if row["value"] is not None],
            schema={"year": pl.String, "series": pl.String, "value": pl.Float64})
        latest = rows[-1]["value"] if rows else None
        position = handbook_position(latest)
        title = finding("Children per full-time IRO", rows, 1)
        if position:
            title += f", {position} the IRO Handbook's {low} to {high}"
        figure(
            title,
            f"Children looked after or on a child protection plan per full-time equivalent IRO or "
            f"CP chair on the last day of each reporting year, {place}, {span}",
            charts.line_chart(lines, "year", "value", "series", "Children per FTE", ",.0f",
                              x_kind="ordinal",
                              band=(low, high, f"IRO Handbook: {low} to {high} children")),
            pl.DataFrame({
                "Year": [row["year"] for row in rows],
                "Children looked after or on a plan": [count(row["numerator"]) for row in rows],
                "IRO and CP chair FTE": [fte(row["denominator"]) for row in rows],
                "Children per FTE": [format_value(row["value"], BY_ID["iro_caseload"])
                                     for row in rows]}),
            f"Line chart of children per full-time equivalent IRO or CP chair at the end of each "
            f"reporting year from {span}, with the IRO Handbook's suggested range of {low} to "
            f"{high} children shaded between dashed lines; {years[-1].label}: "
            f"{format_value(latest, BY_ID['iro_caseload'])}.",
            extract, right_aligned=("Children looked after or on a plan", "IRO and CP chair FTE",
                                    "Children per FTE"))
        st.caption(f"What good looks like: {BY_ID['iro_caseload'].good} A child both looked after "
                   "and on a plan counts once.")

st.header("Children allocated to each IRO")
if extract.iro_allocations is None:
    absent("records of which IRO holds which child", "iro_allocations")
else:
    held = allocated_caseloads(extract, snapshot)
    known = held.filter(~pl.col("children").cast(pl.Float64).is_nan())["children"]
    if held.is_empty():
        st.info(f"No children were allocated to an IRO on {day}.", icon=":material/info:")
    else:
        smallest, biggest = known.min(), known.max()
        caseloads = format_numbers(held["children"])
        figure(
            f"Allocated caseloads ranged from {count(smallest)} to {count(biggest)} children per "
            f"IRO on {day}" if smallest != biggest else
            f"Each IRO held {count(biggest)} children on {day}",
            f"Children allocated to each IRO (a headcount, whatever the IRO's hours), {place}, "
            f"{day}; IROs are numbered from the largest caseload, not named",
            charts.bar_chart(held.with_columns(label=caseloads), "iro", "children", "label",
                             "Children"),
            held.select(IRO="iro", **{"Children allocated": caseloads}),
            f"Bar chart of the number of children allocated to each of {count(held.height)} IROs "
            f"on {day}, from {count(biggest)} to {count(smallest)} children.",
            extract, right_aligned=("Children allocated",))
        st.caption("A part-time IRO is expected to hold fewer children: compare with the "
                   "caseload per full-time equivalent above.")

# --- Disputes -------------------------------------------------------------------------------

st.header("Disputes raised by IROs")
st.markdown("When an IRO is concerned about a child's care plan or its progress, they raise it "
            "through the dispute resolution process: informally first, then through formal "
            "stages with more senior managers.")
if extract.iro_disputes is None:
    absent("dispute resolution records", "iro_disputes")
else:
    columns = st.columns(4)
    for column, indicator_id in zip(columns, ("disputes_raised", "disputes_resolved_20wd"),
                                    strict=False):
        tile(column, indicator_id, now.get(indicator_id), before.get(indicator_id), before_label)

    for column_name, heading, names in (("stage", "Highest stage reached", STAGE_NAMES),
                                        ("issue", "Issue", ISSUE_NAMES)):
        table = disputes_by(extract, period, column_name).with_columns(
            name=pl.col("group").replace_strict(names))
        # The headline count, shown where the breakdown's own sum is hidden by suppression.
        total = now["disputes_raised"]["numerator"]
        top = largest(table, "disputes")
        counted = format_numbers(table["disputes"])
        title = (f"No disputes were raised in {period.label}" if total == 0 else
                 f"Disputes raised in {period.label} by {heading.lower()}" if top is None else
                 f"{count(top['disputes'])} of {count(total)} disputes "
                 + ("went no further than the informal stage" if top["group"] == "INFORMAL"
                    else f"reached {top['name'].lower()}" if column_name == "stage"
                    else f"were about {top['name'].lower()}"))
        figure(
            title,
            f"Disputes raised in the period by {heading.lower()}, {place}, {period.label}",
            charts.bar_chart(table.with_columns(label=counted), "name", "disputes", "label",
                             "Disputes"),
            table.select(pl.col("name").alias(heading), Disputes=counted),
            f"Bar chart of the {count(total)} disputes raised in {period.label} by "
            f"{heading.lower()}: " + "; ".join(
                f"{n} {count(d)}" for n, d in zip(table["name"], table["disputes"], strict=True))
            + ".",
            extract, right_aligned=("Disputes",))

    if trend is None:
        st.info(NO_YEARS, icon=":material/info:")
    else:
        raised, resolved = per_year("disputes_raised"), per_year("disputes_resolved_20wd")
        figure(
            finding("Disputes raised", raised),
            f"Disputes raised by IROs in each reporting year, {place}, {span}",
            charts.column_chart(pl.DataFrame({
                "year": [row["year"] for row in raised], "series": "Disputes raised",
                "value": [row["value"] for row in raised],
                "label": [count(row["value"]) for row in raised]}),
                "year", "value", "label", "series", "Disputes"),
            pl.DataFrame({"Year": [row["year"] for row in raised],
                          "Disputes raised": [count(row["value"]) for row in raised]}),
            f"Column chart of disputes raised by IROs in each reporting year from {span}; "
            f"{count(raised[-1]['value'])} in {years[-1].label}.",
            extract, right_aligned=("Disputes raised",))

        local = BY_ID["disputes_resolved_20wd"]
        yearly_share(
            resolved, "disputes_resolved_20wd", "Resolved within 20 working days",
            "Disputes counted",
            finding("Disputes resolved within 20 working days", resolved, 1, "%"),
            f"Disputes raised in each reporting year that were resolved within 20 working days, as "
            f"a percentage of those that could have been, {place}, {span}", "% of disputes",
            f"Line chart of the percentage of disputes resolved within 20 working days in each "
            f"reporting year from {span}.", extract, series="Resolved in 20 working days")
        st.info(f"**{local.title} is a local measure** of this service, not a DfE statistic. "
                f"{local.description} A dispute still open but less than 20 working days old at "
                f"the end of the year is left out until it can be judged. {local.good}",
                icon=":material/info:")

symbols_footnote()
