"""Timeliness: whether looked-after reviews, initial child protection conferences and reviews of
child protection plans happen when the rules say they must, in the period and over the reporting
years the extract covers, with each rule in plain words and 95% confidence intervals."""

from dataclasses import dataclass

import streamlit as st

from iro_metrics.indicators.periods import previous
from iro_metrics.indicators.registry import BY_ID, CHILD_DIMENSIONS
from iro_metrics.present.findings import trend_finding
from iro_metrics.present.formatting import lower_first
from iro_metrics.present.report_tables import (
    by_indicator,
    year_series,
    year_span,
    years_up_to,
)
from iro_metrics.present.view import YEARS_SHOWN, first_full_year
from iro_metrics.ui.blocks import (
    compared_with_published,
    has_tables,
    intro,
    not_compared_note,
    symbols_footnote,
    tile,
    yearly_proportions,
)
from iro_metrics.ui.context import context
from iro_metrics.ui.results import indicators, previous_indicators, yearly


@dataclass(frozen=True)
class Section:
    """One timeliness measure: its indicator, heading, what it is about, the finding's wording
    and the headings of its table."""

    indicator_id: str
    heading: str
    about: str
    finding: str  # "{value} ... in {year}"
    value: str
    numerator: str
    denominator: str


SECTIONS = (
    Section("lac_reviews_timely", "Reviews of looked-after children",
            "Each looked-after child's care plan is reviewed at a meeting chaired by an "
            "Independent Reviewing Officer (IRO): a looked-after (LAC) review.",
            "{value} of LAC reviews were held on time in {year}",
            "On time (%)", "Reviews on time", "Reviews with a due date"),
    Section("icpc_timely", "Initial child protection conferences",
            "When a section 47 enquiry finds a child may be at risk of significant harm, an "
            "initial child protection conference (ICPC) decides whether the child needs a child "
            "protection plan.",
            "{value} of initial conferences were held within 15 working days in {year}",
            "Within 15 working days (%)", "Enquiries with a timely ICPC",
            "Enquiries with an ICPC"),
    Section("cp_reviews_timely", "Reviews of child protection plans",
            "Each child protection (CP) plan is reviewed at a review child protection conference "
            "(RCPC). This measure looks at the children on a plan on the last day of each year "
            "who had been on it for at least 3 months.",
            "{value} of children on a plan had been reviewed in time at the end of {year}",
            "Reviewed in time (%)", "Children reviewed in time", "Children on a plan 3 months+"),
)

ctx = context()
extract, view = ctx.extract, ctx.view
name = extract.authority.la_name
intro("Timeliness",
      "Whether reviews and conferences happen when the law and statutory guidance say they "
      "must: reviews of looked-after children, initial child protection conferences and reviews "
      "of child protection plans.", view, CHILD_DIMENSIONS)

now, before = by_indicator(indicators(extract, view)), by_indicator(previous_indicators(extract, view))
years = years_up_to(view.period.end, first_full_year(extract), YEARS_SHOWN)
trend = yearly(extract, view, years) if years else None
span = year_span(years)
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
         before.get(section.indicator_id), previous(view.period).label, show_good=False)
    compared_with_published(left, section.indicator_id, now.get(section.indicator_id), view,
                            extract)
    right.markdown(f"**The rule.** {indicator.good} *Source: {indicator.guidance}.*")
    right.markdown(f"**How it is counted.** {indicator.numerator}, out of "
                   f"{lower_first(indicator.denominator)}. The table under the chart gives the "
                   "95% confidence interval: the range the underlying rate probably lies in, "
                   "wider when the numbers are small.")
    if trend is None:
        st.info(f"No whole reporting year in this extract ends by the end of the period, so "
                f"the trend in {indicator.label} cannot be shown.", icon=":material/info:")
        continue
    series = year_series(trend, {section.indicator_id: indicator.label})
    if series.is_empty():
        st.info(f"There is no figure for {indicator.label} in any year from {span} for the "
                "children chosen.", icon=":material/info:")
        continue
    yearly_proportions(
        trend, {section.indicator_id: indicator.label}, section.value, section.numerator,
        section.denominator, trend_finding(section.finding, series),
        f"{indicator.title} (%), each reporting year, {name}, {span}",
        f"Column chart of {lower_first(indicator.title)} (%) in each reporting year from "
        f"{span}, each column labelled with its figure, under the filters above. The table adds "
        "the numbers counted and the 95% confidence interval.", extract)

symbols_footnote()
