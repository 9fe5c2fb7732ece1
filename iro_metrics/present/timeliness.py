"""The timeliness page's measures as data: for each, its indicator, heading, what it is about,
the finding's wording, its table's headings, the figures shown beside it and the breakdowns
drawn under it. The child-based measure leads, since a review that was never held lowers it
(``indicators.md`` v1.3); the review-based one follows, titled as what it counts."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """One timeliness measure: its indicator, heading, what it is about, the finding's wording
    (``{value} ... {year}``), the headings of its table (value, numerator, denominator), other
    indicators shown as tiles beside it, and the dimensions it is broken down by."""

    indicator_id: str
    heading: str
    about: str
    finding: str
    value: str
    numerator: str
    denominator: str
    also: tuple[str, ...] = ()
    breakdowns: tuple[str, ...] = ()


SECTIONS = (
    Section("lac_children_reviews_timely", "Looked-after children reviewed on time",
            "Each looked-after child's care plan is reviewed at a meeting chaired by an "
            "Independent Reviewing Officer (IRO): a looked-after (LAC) review. This measure "
            "looks at the children looked after on the last day of the period: a child counts "
            "as reviewed on time only when every review in the period was on time and the next "
            "one is not overdue, so a review that was missed counts against it.",
            "{value} of looked-after children had every review on time at the end of {year}",
            "All on time (%)", "Children reviewed on time", "Children with a review due",
            also=("lac_reviews_overdue",),
            breakdowns=("legal_status_group", "age_band", "sex", "ethnic_group")),
    Section("lac_reviews_timely", "Looked-after reviews held on time",
            "The same rules applied to each review that was held. A review that was due but "
            "never held is not in this figure (it is in the one above).",
            "{value} of LAC reviews held were on time in {year}",
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
