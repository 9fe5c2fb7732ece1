"""Participation: whether looked-after children aged 4 and over take part in their reviews (over
the years, and how, by participation code), and whether families attend initial and review child
protection conferences."""

import polars as pl
import streamlit as st

from iro_metrics.indicators.participation import UNDER_FOUR
from iro_metrics.indicators.registry import BY_ID, CHILD_DIMENSIONS, DIMENSION_LABELS
from iro_metrics.present.findings import trend_finding
from iro_metrics.present.formatting import format_number
from iro_metrics.present.participation_codes import (
    MEANINGS,
    REVIEWS,
    SHARE,
    code_finding,
    code_table,
    with_labels,
)
from iro_metrics.present.report_tables import (
    by_indicator,
    latest_labels,
    year_series,
    year_span,
    years_up_to,
)
from iro_metrics.present.view import YEARS_SHOWN, first_full_year
from iro_metrics.ui import charts
from iro_metrics.ui.blocks import (
    breakdowns_allowed,
    figure,
    has_tables,
    intro,
    symbols_footnote,
    tile_rows,
    yearly_proportions,
)
from iro_metrics.ui.context import context
from iro_metrics.ui.results import indicators, previous_indicators, review_codes, yearly

REVIEW_TILES = ("lac_participation", "lac_reviews_held", "lac_reviews_under4")
FAMILY = {"family_attendance_icpc": "Initial (ICPC)", "family_attendance_rcpc": "Review (RCPC)"}
TOOK_PART = "Took part (%)"
PART_COUNT, OLDER = "Reviews where the child took part", "Reviews of children aged 4 and over"
ATTENDED = "Family attended (%)"
ATTENDED_COUNT, INVITED = "Conferences a family member attended", "Conferences family invited to"

ctx = context()
extract, view = ctx.extract, ctx.view
name = extract.authority.la_name
intro("Participation",
      "Whether children have their say in the reviews of their care plans, and whether families "
      "take part in the conferences that decide how to keep their children safe.",
      view, CHILD_DIMENSIONS)

now, before = by_indicator(indicators(extract, view)), by_indicator(previous_indicators(extract, view))
years = years_up_to(view.period.end, first_full_year(extract), YEARS_SHOWN)
trend = yearly(extract, view, years) if years else None
span = year_span(years)
NO_YEARS = ("No whole reporting year in this extract ends by the end of the period, so the "
            "trend cannot be shown.")

# --- Children taking part in their reviews --------------------------------------------------
st.divider()
st.header("Children taking part in their reviews")
st.markdown("Every looked-after child aged 4 or over should have their say in the review of "
            "their care plan (their LAC review), in the way that suits them: by coming to the "
            "meeting, through an advocate, or by sending their views. Each review records how "
            "the child took part with a participation code (a PN code, explained below).")
if has_tables(extract, *REVIEW_TILES):
    tile_rows((REVIEW_TILES,), now, before, view, extract, len(REVIEW_TILES), published=False)
    participation = BY_ID["lac_participation"]
    series = (year_series(trend, {"lac_participation": participation.label})
              if trend is not None else pl.DataFrame())
    if trend is None:
        st.info(NO_YEARS, icon=":material/info:")
    elif series.is_empty():
        st.info(f"No reviews of children aged 4 and over in any year from {span} for the "
                "children chosen.", icon=":material/info:")
    else:
        yearly_proportions(
            trend, {"lac_participation": participation.label}, TOOK_PART, PART_COUNT, OLDER,
            trend_finding("Children aged 4 and over took part in {value} of their reviews in "
                          "{year}", series),
            f"{participation.title} (% of reviews of children aged 4 and over, codes PN1 to "
            f"PN6 of PN1 to PN7), each reporting year, {name}, {span}",
            f"Column chart of the percentage of reviews of children aged 4 and over in which "
            f"the child took part, in each reporting year from {span}, each column labelled "
            "with its figure, under the filters above. The table adds the numbers counted and "
            "the 95% confidence interval.", extract)

    # How children took part: reviews by PN code in the period
    st.subheader("What the participation (PN) codes mean")
    st.markdown("\n".join(f"- **{code}**: {meaning}." for code, meaning in MEANINGS.items()))
    st.caption("PN1 to PN6 count as taking part; PN7 does not; children under 4 (PN0) are "
               "left out of the percentage.")
    codes = review_codes(extract, view) if breakdowns_allowed(view) else None
    if codes is not None:
        codes = with_labels(codes)
        older = codes.filter(pl.col("aged_4_plus"))
        total = older["reviews"].sum()
        under_four = format_number(codes.filter(pl.col("code") == UNDER_FOUR)["reviews"][0])
        if total == 0:
            st.info(f"No reviews of children aged 4 and over were held in {view.period.label} "
                    "for the children chosen.", icon=":material/info:")
        else:
            figure(
                code_finding(older),
                f"Reviews of looked-after children aged 4 and over by participation code, "
                f"number and share, {name}, {view.period.label}",
                charts.bar_chart(older, "code", "reviews", "label", "Reviews"),
                code_table(older),
                f"Horizontal bar chart of the {format_number(total)} reviews of children aged 4 "
                f"and over held in {view.period.label} by participation code PN1 to PN7, each "
                f"bar labelled with its number and share, under the filters above; the "
                f"{under_four} reviews of children under 4 (PN0) are left out.",
                extract, right_aligned=(REVIEWS, SHARE))

# --- Families at child protection conferences ------------------------------------------------
st.divider()
st.header("Families at child protection conferences")
st.markdown("Parents and other family members are invited to initial child protection "
            "conferences (ICPCs) and review child protection conferences (RCPCs), so that they "
            "are part of the decisions about keeping their children safe.")
active = [DIMENSION_LABELS[d].lower() for d in view.filters.active() if d in CHILD_DIMENSIONS]
conferences = has_tables(extract, *FAMILY)
if conferences and active:
    st.info("Family attendance is counted for each conference, and one conference can be "
            "about several children, so it cannot be filtered by " + " or ".join(active)
            + f". Clear {'that filter' if len(active) == 1 else 'those filters'} to see it.",
            icon=":material/info:")
elif conferences:
    tile_rows((tuple(FAMILY),), now, before, view, extract, len(FAMILY), published=False)
    series = year_series(trend, FAMILY) if trend is not None else pl.DataFrame()
    if trend is None:
        st.info(NO_YEARS, icon=":material/info:")
    elif series.is_empty():
        st.info(f"No conferences with the family invited in any year from {span}.",
                icon=":material/info:")
    else:
        latest = latest_labels(series)
        yearly_proportions(
            trend, FAMILY, ATTENDED, ATTENDED_COUNT, INVITED,
            f"In {series['year'][-1]}, a family member attended "
            f"{latest.get(FAMILY['family_attendance_icpc'], 'x')} of initial and "
            f"{latest.get(FAMILY['family_attendance_rcpc'], 'x')} of review conferences they "
            "were invited to",
            f"Conferences where a family member attended, as a percentage of those the family "
            f"was invited to, each reporting year, {name}, {span}",
            f"Column chart comparing, for each reporting year from {span}, the percentage of "
            "initial conferences (first column) and review conferences (second column) that a "
            "family member attended when invited, each column labelled with its figure. The "
            "table adds the numbers counted and the 95% confidence interval.", extract,
            series_heading="Conference")

symbols_footnote()
