"""The About page's fixed words: its sections, what the dashboard is and who it is for, how the
figures are worked out and the accessibility statement (WCAG 2.2 AA, the public-sector
standard), kept out of the page so that it only draws."""

SECTIONS = (("what", "What this dashboard is"), ("method", "How the figures are worked out"),
            ("definitions", "Indicator definitions"), ("glossary", "Glossary"),
            ("accessibility", "Accessibility statement"))

METHOD = """
- **Periods.** Figures are for a reporting year, 1 April to 31 March (2019-20 is 1 April 2019 to \
31 March 2020), or for exact dates chosen in the sidebar. The first and last days are included.
- **Stock figures** (for example children looked after) are counted on the last day of the \
period. **Flow figures** (for example reviews held) count events whose date falls in the period.
- **Short breaks** (legal status V3 or V4) are left out of every count of looked-after children, \
as in the Department for Education's statistics.
- **Rates per 10,000** divide by the number of children aged 0 to 17 living in the area, from \
the latest mid-year population estimate dated on or before the last day of the period.
- **Working days** are Monday to Friday, leaving out bank holidays in England and Wales. \
"Within 15 working days" counts the working days after the first date up to and including the \
second.
- **Confidence intervals** are at 95%: the Wilson score method for percentages and Byar's method \
for rates (exact Poisson limits when there are fewer than 10 events). A figure is only called \
higher or lower than a comparison when the comparison lies outside this range; otherwise it is \
similar.
- **Rounding.** Percentages and rates are shown to 1 decimal place and counts as whole numbers. \
A percentage or rate with nothing to divide by is left empty rather than shown as 0; a zero is a \
real zero.
- **Rows set aside** because they break a rule of the extract are left out of every figure; the \
data quality page lists them.
"""

ACCESSIBILITY = """
We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA, the \
standard for public-sector websites.

#### What we have done

- Every chart has a text alternative: a sentence beside it saying what it shows, also given to \
screen readers.
- Every chart has a table beside it ("View as table") with the same figures, and a CSV download \
of exactly those figures.
- Chart colours come from a palette with sufficient contrast, and colour is never the only way \
information is given: lines are solid, dashed or dotted, and bars and judgements carry labels.
- The dashboard can be used with a keyboard alone, through the standard controls of Streamlit, \
the framework it is built on.
- Each page starts with its main finding in plain English, and abbreviations are explained in \
the glossary.

#### Known limitations

- Charts are images to screen readers apart from their text alternative and their table.
- Streamlit's interactive tables can be hard to use with some screen readers; every table can \
also be downloaded as CSV.

"""
CONTACT_VARIABLE = "IRO_CONTACT"
"""The environment variable holding how to reach the service (an e-mail address or a page)."""


def accessibility(contact: str | None) -> str:
    """The accessibility statement, with its "Reporting a problem" part only when the service's
    ``contact`` details are configured (``$IRO_CONTACT``): a placeholder must never read as if
    it were final."""
    if not contact:
        return ACCESSIBILITY
    return (f"{ACCESSIBILITY}\n#### Reporting a problem\n\nIf you find a problem, or need the "
            f"information in another format, please contact: {contact}. If you are not happy "
            "with how we respond, contact the Equality Advisory and Support Service (EASS).\n")

WHAT = (
    "Independent Reviewing Officers (IROs) chair the reviews of every child the council looks "
    "after and, in many councils, the conferences for children who need a child protection plan. Each year "
    "the IRO service reports to the council's scrutiny committee. This dashboard replaces that "
    "written annual report: the same measures, worked out from the case records for any "
    "reporting year or group of children.\n\n"
    "It is for:\n\n"
    "- **Councillors on the scrutiny committee.** Each page starts with its main finding in "
    "plain English and says what good looks like; the glossary below explains the "
    "abbreviations.\n"
    "- **Managers.** Choose the reporting year (or exact dates) and groups of children in the "
    "sidebar; a page's link keeps the view chosen, so it can be shared in a committee paper.\n"
    "- **Analysts.** The definitions below give every numerator and denominator, the data "
    "quality page shows what was loaded and what was set aside, and every table can be "
    "downloaded as CSV.")
