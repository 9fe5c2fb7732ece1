"""Between reviews and other duties: the IRO's contact with looked-after children before their
reviews and midway between them, permanence plans at the second review, the other statutory
reviews IROs chair, the unit's training, panels and audits, and what children, families and
professionals said about reviews and conferences (extract contract v1.1)."""

import streamlit as st

from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present import between_reviews as br
from iro_metrics.present.report_tables import by_indicator, year_span, years_up_to
from iro_metrics.present.view import YEARS_SHOWN, View, first_full_year
from iro_metrics.ui import blocks
from iro_metrics.ui.context import context
from iro_metrics.ui.results import indicators, previous_indicators, yearly

ctx = context()
extract, view = ctx.extract, ctx.view
period, place = view.period, extract.authority.la_name
blocks.intro(br.TITLE, br.LEAD, view, BY_ID[br.PERMANENCE].dimensions)
blocks.where_we_stand(extract, view, br.SHOWN)

years = years_up_to(period.end, first_full_year(extract), YEARS_SHOWN)
span = year_span(years)
now, before = by_indicator(indicators(extract, view)), by_indicator(previous_indicators(extract, view))
trend = yearly(extract, view, years) if years else None
service = View(period)  # the other duties have no breakdown by child
whole = by_indicator(indicators(extract, service))
whole_before = by_indicator(previous_indicators(extract, service))
whole_trend = yearly(extract, service, years) if years else None

st.divider()
st.header("Seeing children before and between reviews")
st.markdown(br.CONTACT_ABOUT)
if blocks.has_tables(extract, *br.CONTACT_TILES):
    blocks.tile_rows((br.CONTACT_TILES,), now, before, view, extract, width=3,
                     published=False)
    series = blocks.trend_or_note(trend, br.CONTACT, period.end,
                                  f"No reviews to count in any year from {span} for the "
                                  "children chosen.")
    if series is not None and trend is not None:
        title, subtitle, _, description = br.contact_words(series, place, span)
        blocks.yearly_proportions(trend, br.CONTACT, "Share of reviews (%)", "Reviews with it",
                                  "Reviews counted", title, subtitle, description, extract,
                                  series_heading="Measure")

st.header("A plan for permanence by the second review")
st.markdown(br.PERMANENCE_ABOUT)
if blocks.has_tables(extract, br.PERMANENCE):
    blocks.tile_rows(((br.PERMANENCE,),), now, before, view, extract, width=3,
                     published=False)
    series = blocks.trend_or_note(trend, {br.PERMANENCE: "Permanence plan confirmed"}, period.end,
                                  f"No second reviews with a permanence plan recorded in any "
                                  f"year from {span} for the children chosen.")
    if series is not None and trend is not None:
        blocks.yearly_share(trend, br.PERMANENCE, "Confirmed a permanence plan",
                            "Second reviews recorded", *br.permanence_words(trend, place, span),
                            extract, series="Permanence plan confirmed")

st.divider()
if view.filters.active():
    st.warning(br.WHOLE_SERVICE, icon=":material/filter_alt_off:")
st.header("Other reviews chaired by IROs")
st.markdown(br.OTHER_ABOUT)
if blocks.has_tables(extract, *br.OTHER_TILES):
    blocks.tile_rows((br.OTHER_TILES,), whole, whole_before, service, extract, width=3,
                     published=False)
    by_type = indicators(extract, service, by="review_type")
    blocks.bar_figure(br.review_types_figure(by_type, whole["other_reviews_held"]["numerator"],
                                             place, period.label), extract)
    blocks.group_share_figure(by_type, "other_reviews_timely", "review_type", br.ON_TIME, place,
                              period.label, extract, br.REVIEW_TYPES)

st.header("Training, panels and audits")
st.markdown(br.SERVICE_ABOUT)
if blocks.has_tables(extract, *br.SERVICE_TILES):
    blocks.tile_rows((br.SERVICE_TILES,), whole, whole_before, service, extract, published=False)
    series = blocks.trend_or_note(whole_trend, br.SERVICE, period.end,
                                  f"No training, panels or audits recorded in any year from "
                                  f"{span}.")
    if series is not None and whole_trend is not None:
        blocks.yearly_columns(whole_trend, br.SERVICE, *br.service_words(series, place, span),
                              extract)

st.header("What children, families and professionals said")
st.markdown(br.FEEDBACK_ABOUT)
if blocks.has_tables(extract, *br.FEEDBACK_TILES):
    blocks.tile_rows((br.FEEDBACK_TILES,), whole, whole_before, service, extract, width=3,
                     published=False)
    blocks.group_share_figure(indicators(extract, service, by="respondent"),
                              "feedback_listened_to", "respondent", br.LISTENED, place,
                              period.label, extract, br.RESPONDENTS)
    series = blocks.trend_or_note(whole_trend, br.FEEDBACK, period.end,
                                  f"No feedback answered in any year from {span}.")
    if series is not None and whole_trend is not None:
        title, subtitle, _, description = br.feedback_words(series, place, span)
        blocks.yearly_proportions(whole_trend, br.FEEDBACK, "Agreed (%)", "Agreed (4 or 5)",
                                  "Answered", title, subtitle, description, extract,
                                  series_heading="Question")

blocks.symbols_footnote()
