"""Timeliness: whether looked-after children are reviewed, and initial child protection
conferences and reviews of child protection plans held, when the rules say they must, in the
period and over the reporting years the extract covers, with each rule in plain words and 95%
confidence intervals. The child-based review measure leads: a missed review lowers it."""

import streamlit as st

from iro_metrics.indicators.periods import previous
from iro_metrics.indicators.registry import BY_ID, CHILD_DIMENSIONS
from iro_metrics.present.findings import trend_finding
from iro_metrics.present.formatting import lower_first
from iro_metrics.present.report_tables import by_indicator, year_span, years_up_to
from iro_metrics.present.timeliness import SECTIONS
from iro_metrics.present.view import YEARS_SHOWN, first_full_year
from iro_metrics.ui.blocks import (
    breakdowns_allowed,
    compared_with_published,
    group_share_figure,
    has_tables,
    intro,
    not_compared_note,
    symbols_footnote,
    tile,
    trend_or_note,
    where_we_stand,
    yearly_proportions,
)
from iro_metrics.ui.context import context
from iro_metrics.ui.results import indicators, previous_indicators, yearly
from iro_metrics.ui.state import SEX_LABELS

ctx = context()
extract, view = ctx.extract, ctx.view
name = extract.authority.la_name
intro("Timeliness",
      "Whether reviews and conferences happen when the law and statutory guidance say they "
      "must: reviews of looked-after children, initial child protection conferences and reviews "
      "of child protection plans.", view, CHILD_DIMENSIONS)
where_we_stand(extract, view, tuple(section.indicator_id for section in SECTIONS))

now, before = by_indicator(indicators(extract, view)), by_indicator(previous_indicators(extract, view))
years = years_up_to(view.period.end, first_full_year(extract), YEARS_SHOWN)
trend = yearly(extract, view, years) if years else None
span, earlier = year_span(years), previous(view.period).label
not_compared_note(view, tuple(section.indicator_id for section in SECTIONS))

for section in SECTIONS:
    indicator = BY_ID[section.indicator_id]
    st.divider()
    st.header(section.heading)
    st.markdown(section.about)
    if not has_tables(extract, section.indicator_id):
        continue
    left, right = st.columns([1, 2])
    tile(left, section.indicator_id, now.get(section.indicator_id),
         before.get(section.indicator_id), earlier, show_good=False)
    compared_with_published(left, section.indicator_id, now.get(section.indicator_id), view,
                            extract)
    for also in section.also:
        tile(left, also, now.get(also), before.get(also), earlier)
    right.markdown(f"**The rule.** {indicator.good} *Source: {indicator.guidance}.*")
    right.markdown(f"**How it is counted.** {indicator.numerator}, out of "
                   f"{lower_first(indicator.denominator)}. The table under the chart gives the "
                   "95% confidence interval: the range the underlying rate probably lies in, "
                   "wider when the numbers are small.")
    series = trend_or_note(trend, {section.indicator_id: indicator.label}, view.period.end,
                           f"There is no figure for {indicator.label} in any year from {span} "
                           "for the children chosen.")
    if series is not None:
        yearly_proportions(
            trend, {section.indicator_id: indicator.label}, section.value, section.numerator,
            section.denominator, trend_finding(section.finding, series),
            f"{indicator.title} (%), each reporting year, {name}, {span}",
            f"Column chart of {lower_first(indicator.title)} (%) in each reporting year from "
            f"{span}, each column labelled with its figure, under the filters above. The table "
            "adds the numbers counted and the 95% confidence interval.", extract)
    if section.breakdowns and breakdowns_allowed(view):
        grid = st.columns(2)
        for position, dimension in enumerate(section.breakdowns):
            with grid[position % 2]:
                group_share_figure(
                    indicators(extract, view, by=dimension), section.indicator_id, dimension,
                    (section.value, section.numerator, section.denominator), name,
                    view.period.label, extract, SEX_LABELS if dimension == "sex" else None)

symbols_footnote()
