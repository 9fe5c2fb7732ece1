"""Child protection: children on a plan (how many, who, for how long, how often again), plans
started and ended, and the conferences that decide them."""

from dataclasses import replace

import polars as pl
import streamlit as st

from iro_metrics.indicators.conferences import CONFERENCE_NAMES
from iro_metrics.indicators.periods import previous
from iro_metrics.indicators.registry import BY_ID, CP_DIMENSIONS
from iro_metrics.present.breakdowns import every_group, largest
from iro_metrics.present.findings import change_phrase, latest_change
from iro_metrics.present.formatting import format_number, format_numbers, format_value
from iro_metrics.present.report_tables import year_rows, years_up_to
from iro_metrics.present.view import SEX_WORDS, View, first_full_year
from iro_metrics.ui import charts
from iro_metrics.ui.blocks import (
    absent,
    breakdowns_allowed,
    compared_with_published,
    figure,
    intro,
    not_compared_note,
    symbols_footnote,
    tile,
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
CHILD_FILTERS = ("age_band", "sex", "ethnic_group", "disability")

ctx = context("initial_category")
extract, view = ctx.extract, ctx.view
period, snapshot = view.period, view.period.end
place = extract.authority.la_name
day = f"{snapshot.day} {snapshot:%B %Y}"
intro("Child protection",
      "A child protection (CP) plan is agreed at a conference when a child is at risk of "
      "significant harm. This page shows how many children are on a plan, who they are, how "
      "long plans last, how often children need a plan again, and the conferences that decide "
      "them.", view, CP_DIMENSIONS)

first = first_full_year(extract)
years = years_up_to(snapshot, first)  # whole reporting years ending by the snapshot
span = (f"{years[0].label} to {years[-1].label}" if len(years) > 1
        else years[0].label if years else "")
NO_YEARS = ("No whole reporting year (1 April to 31 March) in this extract ends by "
            f"{snapshot.day} {snapshot:%B %Y}, so the year-by-year charts are not shown: choose a "
            "later period.")


def by_id(frame: pl.DataFrame) -> dict[str, dict]:
    return {row["indicator_id"]: row for row in frame.iter_rows(named=True)}


def count(value: float | None) -> str:
    return format_number(value)


def finding(subject: str, values: list[float | None], decimals: int = 0,
            suffix: str = "") -> str:
    return latest_change(subject, values, years[-1].label, decimals, suffix)


def values(rows: list[dict]) -> list[float | None]:
    return [row["value"] for row in rows]


def good(indicator_id: str) -> None:
    st.caption(f"What good looks like: {BY_ID[indicator_id].good}")


# --- Children on a plan -------------------------------------------------------------------

if extract.cp_plans is None:
    absent("child protection plans", "cp_plans")
else:
    now, before = by_id(indicators(extract, view)), by_id(previous_indicators(extract, view))
    for row_ids in TILES:
        columns = st.columns(4)
        for column, indicator_id in zip(columns, row_ids, strict=False):
            tile(column, indicator_id, now.get(indicator_id), before.get(indicator_id),
                 previous(period).label)
            compared_with_published(column, indicator_id, now.get(indicator_id), view, extract)
    not_compared_note(view, sum(TILES, ()))
    if now["cp_rate"]["value"] is None and now["cp_count"]["value"] is not None:
        st.caption("The rate per 10,000 children is not available for this selection: it can "
                   "be shown for all children or by age band only, since population estimates "
                   "cover children born and aged 0 to 17 and are not split by sex, ethnicity, "
                   "disability or category of abuse.")

    series = monthly(extract, view, first, snapshot).filter(
        pl.col("indicator_id") == "cp_count").with_columns(series=pl.lit("On a plan"))
    if series.height:
        first_day, last_day = series["month_end"].min(), series["month_end"].max()
        months = f"{first_day:%B %Y} to {last_day:%B %Y}"
        figure(
            change_phrase("Children on a plan", series["value"][0], series["value"][-1]),
            f"Children on a child protection plan at each month end (unborn children "
            f"included), {place}, {months}",
            charts.line_chart(series, "month_end", "value", "series", "Children"),
            series.select(Month=pl.col("month_end").dt.strftime("%d %b %Y"),
                          Children=format_numbers(series["value"])),
            f"Line chart of the number of children on a child protection plan at each month "
            f"end from {months}, from {count(series['value'][0])} to "
            f"{count(series['value'][-1])}, under the filters above.",
            extract, right_aligned=("Children",))

    trend = yearly(extract, view, years) if years else None
    if trend is None:
        st.info(NO_YEARS, icon=":material/info:")
    else:
        started, ended = year_rows(trend, "cp_starts"), year_rows(trend, "cp_ceased")
        flows = pl.DataFrame(
            [{"year": row["year"], "series": name, "value": row["value"],
              "label": count(row["value"])}
             for name, rows in (("Plans started", started), ("Plans ended", ended))
             for row in rows],
            schema={"year": pl.String, "series": pl.String, "value": pl.Float64,
                    "label": pl.String})
        figure(
            finding("Plans started", values(started)),
            f"Child protection plans started and ended in each reporting year, {place}, {span}",
            charts.column_chart(flows, "year", "value", "label", "series", "Plans"),
            pl.DataFrame({"Year": [row["year"] for row in started],
                          "Plans started": [count(row["value"]) for row in started],
                          "Plans ended": [count(row["value"]) for row in ended]}),
            f"Column chart of plans started (first column) and plans ended (second column) in each "
            f"reporting year from {span}; in {years[-1].label} {count(started[-1]['value'])} "
            f"started and {count(ended[-1]['value'])} ended, under the filters above.",
            extract, right_aligned=("Plans started", "Plans ended"))

    st.header("Who is on a plan")
    st.markdown(f"Children on a plan on {day}, the last day of the period, by age (unborn "
                "children have a plan before they are born), the category of abuse recorded "
                "when the plan started, sex and ethnic group.")
    for dimension, heading, labels, who in BREAKDOWNS if breakdowns_allowed(view) else ():
        frame = indicators(extract, view, by=dimension)
        shown = getattr(view.filters, dimension)
        table = every_group(frame.filter(pl.col("indicator_id") == "cp_count"), dimension,
                          shown).with_columns(
            name=pl.col("group").replace_strict(labels, default=pl.col("group"))
            if labels else pl.col("group"))
        total = table["count"].sum()
        top = largest(table)
        if total == 0:
            title = f"No children were on a plan on {day}"
        elif top is None:
            title = f"Children on a plan on {day} by {heading.lower()}"
        else:
            subject = who(top["group"])
            verb = "was the most common category" if dimension == "initial_category" else (
                "were the largest group")
            title = (f"{subject} {verb}: {count(top['count'])} of {count(total)} children "
                     f"({format_number(top['share'], 1)}%)")
        counts, shares = format_numbers(table["count"]), format_numbers(table["share"], 1)
        bars = table.with_columns(label=pl.format("{} ({}%)", counts, shares))
        shown_table = table.select(pl.col("name").alias(heading), Children=counts,
                                   **{"Share of children on a plan (%)": shares})
        right = ["Children", "Share of children on a plan (%)"]
        rates = {row["group"]: row["value"] for row in frame.filter(
            pl.col("indicator_id") == "cp_rate").iter_rows(named=True)}
        if dimension == "age_band" and rates:
            shown_table = shown_table.with_columns(pl.Series(
                "Rate per 10,000 children", [format_value(rates.get(g), BY_ID["cp_rate"])
                                             for g in table["group"]]))
            right.append("Rate per 10,000 children")
        figure(
            title,
            f"Children on a child protection plan by {heading.lower()}, {place}, {day}",
            charts.bar_chart(bars, "name", "count", "label", "Children"),
            shown_table,
            f"Bar chart of children on a plan on {day} by {heading.lower()}: "
            + "; ".join(f"{n} {count(c)}" for n, c in zip(table["name"], table["count"],
                                                          strict=True))
            + ", under the filters above.",
            extract, right_aligned=tuple(right))

    st.header("Repeat plans and long plans")
    if trend is None:
        st.info(NO_YEARS, icon=":material/info:")
    else:
        repeat, repeat_2y = year_rows(trend, "cp_repeat"), year_rows(trend, "cp_repeat_2y")
        local = BY_ID["cp_repeat_2y"]
        lines = pl.DataFrame(
            [{"year": row["year"], "series": name, "value": row["value"]}
             for name, rows in (("Any earlier plan", repeat),
                                ("Within 2 years (local measure)", repeat_2y))
             for row in rows if row["value"] is not None],
            schema={"year": pl.String, "series": pl.String, "value": pl.Float64})
        figure(
            finding("Repeat plans", values(repeat), 1, "%"),
            f"Plans started in each reporting year for a child who had been on a plan before, as a "
            f"percentage of plans started, {place}, {span}",
            charts.line_chart(lines, "year", "value", "series", "% of plans started", ",.0f",
                              x_kind="ordinal"),
            pl.DataFrame({
                "Year": [row["year"] for row in repeat],
                "Plans started": [count(row["denominator"]) for row in repeat],
                "Repeat plans (any earlier plan)": [count(row["numerator"]) for row in repeat],
                "Repeat plans (%)": [format_value(row["value"], BY_ID["cp_repeat"])
                                     for row in repeat],
                "Repeat within 2 years": [count(row["numerator"]) for row in repeat_2y],
                "Repeat within 2 years (%)": [format_value(row["value"], local)
                                              for row in repeat_2y]}),
            f"Line chart of the percentage of plans started that were repeat plans (solid line) "
            f"and repeat plans within 2 years of the previous plan ending (dashed line) in each "
            f"reporting year from {span}, under the filters above.",
            extract, right_aligned=("Plans started", "Repeat plans (any earlier plan)",
                                    "Repeat plans (%)", "Repeat within 2 years",
                                    "Repeat within 2 years (%)"))
        st.info(f"**{local.title} is a local measure** of this service, not a DfE statistic, so it "
                f"cannot be compared with other councils. It counts: {local.numerator.lower()}, "
                f"out of {local.denominator.lower()}.", icon=":material/info:")
        good("cp_repeat")

        lasted = year_rows(trend, "cp_ceased_2y_plus")
        yearly_share(
            lasted, "cp_ceased_2y_plus", "Lasted 2 years or more", "Plans ended",
            finding("Plans lasting 2 years or more", values(lasted), 1, "%"),
            f"Plans ending in each reporting year that had lasted 2 years or more, as a percentage "
            f"of plans ended, {place}, {span}", "% of plans ended",
            f"Line chart of the percentage of plans ended in each reporting year from {span} that "
            f"had lasted 2 years or more, under the filters above.", extract)
        good("cp_ceased_2y_plus")

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
now_child = by_id(indicators(extract, child_view))
before_child = by_id(previous_indicators(extract, child_view))
columns = st.columns(4)
for column, (indicator_id, table_name, what) in zip(columns, (
        ("icpc_timely", "s47_enquiries", "section 47 enquiry records"),
        ("icpc_no_plan", "cp_conferences", "conference records")), strict=False):
    with column:
        if getattr(extract, table_name) is None:
            absent(what, table_name)
        else:
            tile(column, indicator_id, now_child.get(indicator_id),
                 before_child.get(indicator_id), previous(period).label)

if extract.cp_conferences is None:
    absent("conference records", "cp_conferences")
elif not years:
    st.info(NO_YEARS, icon=":material/info:")
else:
    activity = conference_activity(extract, years).with_columns(
        year="period", series=pl.col("conference_type").replace_strict(CONFERENCE_NAMES))
    initial = activity.filter(pl.col("conference_type") == "ICPC")["conferences"].to_list()
    latest = activity.filter(pl.col("year") == years[-1].label)
    held = format_numbers(activity["conferences"])
    figure(
        finding("Initial conferences", initial),
        f"Child protection conferences held in each reporting year, by type (siblings at one "
        f"conference count once), {place}, {span}",
        charts.column_chart(activity.with_columns(label=held), "year", "conferences", "label",
                            "series", "Conferences"),
        activity.select(
            Year="year", **{"Type of conference": pl.col("series")}, Conferences=held,
            **{"Children discussed": format_numbers(activity["children"])}),
        f"Column chart of initial, transfer-in and review child protection conferences held in "
        f"each reporting year from {span}; in {years[-1].label} "
        + ", ".join(f"{count(c)} {n.lower()} ({count(k)} children)" for n, c, k in zip(
            latest["series"], latest["conferences"], latest["children"], strict=True))
        + ". The table also counts children discussed: siblings at one conference count once "
        "as a conference and once each as children. These counts are for the whole service.",
        extract, right_aligned=("Conferences", "Children discussed"))
    if view.filters.active():
        st.caption("Conference counts are for the whole service: the filters do not apply to "
                   "them.")

    no_plan = year_rows(yearly(extract, child_view, years), "icpc_no_plan")
    yearly_share(
        no_plan, "icpc_no_plan", "Not made subject to a plan",
        "Children at ICPCs (outcome known)",
        finding("Children at an ICPC not made subject to a plan", values(no_plan), 1, "%"),
        f"Children discussed at an initial conference who did not need a plan, as a percentage "
        f"of those whose outcome is recorded, {place}, {span}", "% of children at ICPCs",
        f"Line chart of the percentage of children at initial conferences who were not made "
        f"subject to a plan in each reporting year from {span}, under the filters above"
        + (" (except the category of abuse)." if view.filters.initial_category else "."),
        extract)
    st.caption(f"{BY_ID['icpc_no_plan'].description} This is a measure of activity, not of "
               "performance: no level is better or worse in itself.")

symbols_footnote()
