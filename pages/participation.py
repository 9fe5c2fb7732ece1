"""Participation: the reviews looked-after children aged 4 and over took part in and those where
their views were conveyed, side by side (over the years, and how, by participation code), and
whether families attend initial and review child protection conferences."""

import polars as pl
import streamlit as st

from iro_metrics.indicators.registry import CHILD_DIMENSIONS
from iro_metrics.present.findings import latest_finding
from iro_metrics.present.participation_codes import (
    PN4_NOTE,
    REVIEWS,
    SHARE,
    code_description,
    code_finding,
    code_table,
    legend,
    with_labels,
)
from iro_metrics.present.report_tables import by_indicator, year_span, years_up_to
from iro_metrics.present.view import YEARS_SHOWN, first_full_year, unfiltered_note
from iro_metrics.ui import charts
from iro_metrics.ui.blocks import (
    breakdowns_allowed,
    figure,
    has_tables,
    intro,
    symbols_footnote,
    tile_rows,
    trend_or_note,
    where_we_stand,
    yearly_proportions,
)
from iro_metrics.ui.context import context
from iro_metrics.ui.results import indicators, previous_indicators, review_codes, yearly

REVIEW_TILES = ("lac_participation", "lac_views_conveyed", "lac_reviews_held",
                "lac_reviews_under4")
TAKING_PART = {"lac_participation": "Took part", "lac_views_conveyed": "Views conveyed"}
FAMILY = {"family_attendance_icpc": "Initial (ICPC)", "family_attendance_rcpc": "Review (RCPC)"}

ctx = context()
extract, view = ctx.extract, ctx.view
name = extract.authority.la_name
intro("Participation",
      "Whether children take part in the reviews of their care plans and have their views "
      "conveyed there, and whether families take part in the conferences that decide how to "
      "keep their children safe.", view, CHILD_DIMENSIONS)
where_we_stand(extract, view, (*REVIEW_TILES, *FAMILY))

now, before = by_indicator(indicators(extract, view)), by_indicator(previous_indicators(extract, view))
years = years_up_to(view.period.end, first_full_year(extract), YEARS_SHOWN)
trend = yearly(extract, view, years) if years else None
span = year_span(years)

st.divider()
st.header("Children taking part in their reviews")
st.markdown("Every looked-after child aged 4 or over should take part in the review of their "
            "care plan (their LAC review) and have their views conveyed, in the way that suits "
            "them: by coming, through an advocate or by sending their views. Each review records "
            "how with a participation code (a PN code, explained below).")
if has_tables(extract, *REVIEW_TILES):
    tile_rows((REVIEW_TILES,), now, before, view, extract, len(REVIEW_TILES), published=False)
    st.markdown(PN4_NOTE)
    series = trend_or_note(trend, TAKING_PART, view.period.end,
                           f"No reviews of children aged 4 and over in any year from {span} for "
                           "the children chosen.")
    if series is not None:
        yearly_proportions(
            trend, TAKING_PART, "Share of reviews (%)", "Reviews counted",
            "Reviews of children aged 4 and over",
            latest_finding("In {year}, children aged 4 and over took part in {0} of their "
                           "reviews, and their views were conveyed in {1}", series,
                           TAKING_PART.values()),
            f"Reviews of children aged 4 and over the child took part in (PN1 to PN6) and "
            f"where the child's views were conveyed (PN1, PN2, PN3, PN5, PN6), as a percentage "
            f"of reviews coded PN1 to PN7, each reporting year, {name}, {span}",
            f"Column chart comparing, for each reporting year from {span}, the percentage of "
            "reviews of children aged 4 and over the child took part in (first column) and "
            "where the child's views were conveyed (second column), each column labelled with "
            "its figure, under the filters above. The table adds the numbers counted and the "
            "95% confidence interval.", extract, series_heading="Measure")

    st.subheader("What the participation (PN) codes mean")
    st.markdown(legend())
    codes = review_codes(extract, view) if breakdowns_allowed(view) else None
    if codes is not None:
        older = with_labels(codes).filter(pl.col("aged_4_plus"))
        if older["reviews"].sum() == 0:
            st.info(f"No reviews of children aged 4 and over were held in {view.period.label} "
                    "for the children chosen.", icon=":material/info:")
        else:
            figure(code_finding(older),
                   f"Reviews of looked-after children aged 4 and over by participation code, "
                   f"number and share, {name}, {view.period.label}",
                   charts.bar_chart(older, "code", "reviews", "label", "Reviews"),
                   code_table(older), code_description(codes, view.period.label), extract,
                   right_aligned=(REVIEWS, SHARE))

st.divider()
st.header("Families at child protection conferences")
st.markdown("Parents and other family members are invited to initial child protection "
            "conferences (ICPCs) and review child protection conferences (RCPCs), so that they "
            "are part of the decisions about keeping their children safe.")
if has_tables(extract, *FAMILY):
    if note := unfiltered_note(view, CHILD_DIMENSIONS, "Family attendance"):
        st.info(note, icon=":material/info:")
    else:
        tile_rows((tuple(FAMILY),), now, before, view, extract, len(FAMILY), published=False)
        series = trend_or_note(trend, FAMILY, view.period.end,
                               f"No conferences with the family invited in any year from {span}.")
        if series is not None:
            yearly_proportions(
                trend, FAMILY, "Family attended (%)", "Conferences a family member attended",
                "Conferences family invited to",
                latest_finding("In {year}, a family member attended {0} of initial and {1} of "
                               "review conferences they were invited to", series, FAMILY.values()),
                f"Conferences where a family member attended, as a percentage of those the "
                f"family was invited to, each reporting year, {name}, {span}",
                f"Column chart comparing, for each reporting year from {span}, the percentage "
                "of initial conferences (first column) and review conferences (second column) "
                "that a family member attended when invited, each column labelled with its "
                "figure. The table adds the numbers counted and the 95% confidence interval.",
                extract, series_heading="Conference")

symbols_footnote()
