"""The annual report's own words: its title, the edition it is, the fixed explanations of the IRO
role, the report's purpose and its sources, why a part has no figures, and the text
alternatives of its charts, worked out from the figures they show (the dashboard's chart words
speak of filters, which a report does not have)."""

import datetime as dt

import polars as pl

from iro_metrics.indicators.periods import Period
from iro_metrics.indicators.registry import BY_ID, IRO_HANDBOOK, REG_33, WORKING_TOGETHER
from iro_metrics.present.breakdowns import largest
from iro_metrics.present.data_quality import NOTE_PERCENT, TABLE_NAMES, TableShare
from iro_metrics.present.findings import part_of
from iro_metrics.present.formatting import format_date, format_number, lower_first
from iro_metrics.present.report_tables import COLUMN_WORDS, TABLE_WORDS
from iro_metrics.published.comparison import region_phrase

TITLE = "Independent Reviewing Officer (IRO) service annual report {year}"
PUBLIC_EDITION = ("Public edition: to protect children's privacy, a count from 1 to 5, and any "
                  "figure from which one could be worked out, is shown as c.")
MANAGERS_EDITION = ("Managers' edition: exact figures, including counts small enough to identify "
                    "a child. Not for publication.")
DEMONSTRATION = ("Demonstration data: these records were simulated. They describe no real child, "
                 "and the figures are not the authority's own.")
COMMITTEE_PLACEHOLDER = "[Committee: to be added]"
MEETING_PLACEHOLDER = "[Meeting date: to be added]"
COMMENTARY_PLACEHOLDER = ("[Commentary to be written: the author's words for this section go "
                          "here. See docs/report-commentary.md.]")

PAGE_LEAD = ("The annual report of the Independent Reviewing Officer (IRO) service to the "
             "council's scrutiny committee, written from the data: every figure, table and chart "
             "from the same engine as this dashboard, the comparisons with the year before, "
             "England, the region and similar councils in plain words, and the author's "
             "commentary under its headings. Download it as a Word document to edit, or as an "
             "accessible PDF to publish.")
WITH_COMMENTARY = "The author's commentary for this year is included under its headings."
NO_COMMENTARY = ("No commentary has been written for this year yet: the sections the author "
                 "writes show a placeholder.")
HOW_TO_COMMENT = "docs/report-commentary.md explains how to add it."
"""For managers only: the public has no use for the project's documentation."""
COMMENTARY_REFUSED = ("The commentary for this year cannot be used, so the report is written "
                      "without it:")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def whole_service(year: str) -> str:
    """Why the sidebar's dates and filters do not change the report."""
    return (f"The report covers the whole reporting year {year} (the year containing the end of "
            "the chosen dates) and all children: the filters do not apply to it.")


def not_ended(year: Period, extract_date: dt.date) -> str:
    """Why there is no report for a year not over by the extract date."""
    return (f"{year.label} ends on {format_date(year.end)}, after the extract date "
            f"({format_date(extract_date)}), so its figures are not complete and there is no "
            "report for it: choose an earlier year.")


def title(year: Period) -> str:
    """The report's title."""
    return TITLE.format(year=year.label)


def starters(year: Period) -> dict[str, str]:
    """The commentary template's first sentence for a section the author writes, by heading."""
    return {"Recommendation": f"That the committee notes the IRO service's annual report for "
                              f"{year.label}."}


def no_table(table: str) -> str:
    """The one sentence for a part of the report whose table the extract lacks (the dashboard's
    wording, ``report_tables.TABLE_WORDS``)."""
    return (f"This extract has no {TABLE_WORDS[table]} (the {table} table), so this part has "
            "no figures.")


def no_column(table: str, column: str) -> str:
    """The one sentence for a part of the report whose optional column the extract's table lacks
    (``report_tables.COLUMN_WORDS``)."""
    return (f"This extract's {table} table has no {column} column (recording "
            f"{COLUMN_WORDS[(table, column)]}), so this part has no figures.")


def purpose(name: str, year: Period, region: str) -> str:
    """What the report is for."""
    compared = f"England, {region_phrase(region)}" if region != "Region" else "England"
    return (f"This report tells the committee how {name}'s Independent Reviewing Officer (IRO) "
            f"service worked for children in {year.label} ({format_date(year.start)} to "
            f"{format_date(year.end)}): the children it looked after and protected, whether "
            "their reviews and conferences were held on time, how far children and families "
            f"took part, and how the figures compare with {compared} and similar councils. "
            "Every figure is worked out from the council's case records by the same methods as "
            "the IRO dashboard.")


def role(name: str) -> tuple[str, ...]:
    """The IRO's statutory functions, in plain words with their sources."""
    return (
        "Every council must appoint an Independent Reviewing Officer for each child it looks "
        "after (section 25A of the Children Act 1989). The IRO chairs the child's reviews, "
        "checks that the care plan meets the child's needs and that the council carries it "
        "out, makes sure the child's wishes and feelings are heard, and challenges the council "
        "when it falls short: informally first, then through the dispute resolution process, "
        "and if need be by referring the case to the Children and Family Court Advisory and "
        f"Support Service (Cafcass). Sources: {REG_33}.",
        f"In {name}, Independent Reviewing Officers and child protection (CP) chairs also chair "
        "the conferences that decide whether a child needs a child protection plan, and review "
        f"those plans ({WORKING_TOGETHER}).",
        f"The {IRO_HANDBOOK} asks the manager of the IRO service to report each year to the "
        "council's members: this is that report.",
    )


def sources(name: str, extract_date: str, population: bool, model: str,
            published: tuple[str, ...]) -> tuple[str, ...]:
    """Where the figures come from."""
    return (
        f"Case records: {name}'s extract of {extract_date}, checked against the extract "
        "contract; the rows set aside are counted under Data quality above.",
        "Population aged 0 to 17: " + ("the population table of the extract" if population
                                       else "ONS mid-year population estimates")
        + ", the latest estimate dated on or before the last day of the year.",
        "Published comparators: " + ("; ".join(published) if published
                                     else "none were available") + ".",
        f"Statistical neighbours: DfE's {model} model; the neighbours' mean, as the Local "
        "Authority Interactive Tool (LAIT) works it out, skips a neighbour without a published "
        "figure.",
        "Method: confidence intervals at 95% (Wilson for percentages, Byar for rates); a "
        "figure is called higher or lower than a comparator only when the comparator lies "
        "outside that interval, otherwise similar.",
    )


def caution(affected: dict[str, tuple[TableShare, ...]], public: bool) -> str | None:
    """Which figures to read with care (``Figures.affected``): those reading a table with more
    than 5% of its rows set aside or repaired, naming each table with its share (for the public
    the tables only, as on the dashboard); None when none is affected."""
    if not affected:
        return None
    tables = {share.table: share for shares in affected.values() for share in shares}
    named = "; ".join(TABLE_NAMES.get(table, table) if public else
                      f"{TABLE_NAMES.get(table, table)} {format_number(share.percent, 1)}%"
                      for table, share in tables.items())
    titles = "; ".join(BY_ID[indicator_id].title for indicator_id in affected)
    return (f"Data quality: more than {NOTE_PERCENT}% of the rows of some tables were set aside "
            f"or repaired when the data were loaded ({named}), so read these figures with care: "
            f"{titles}.")


def _values(series: pl.DataFrame) -> str:
    """``2018-19: Started 109, Stopped 102; 2019-20: ...``: a year series' labels by year."""
    years = dict.fromkeys(series["year"].to_list())
    return "; ".join(
        f"{year}: " + ", ".join(f"{row['series']} {row['label']}"
                                for row in series.filter(pl.col("year") == year)
                                .iter_rows(named=True))
        for year in years)


def columns_alt(series: pl.DataFrame, what: str, span: str) -> str:
    """The text alternative of a column chart over reporting years (``year_series`` rows):
    what it shows and every figure."""
    names = list(dict.fromkeys(series["series"].to_list()))
    order = (f", {' and '.join(lower_first(name) for name in names)} side by side"
             if len(names) > 1 else "")
    return f"Column chart of {what} in each reporting year from {span}{order}: {_values(series)}."


def lines_alt(series: pl.DataFrame, what: str, span: str) -> str:
    """The text alternative of a line chart over reporting years (``year_series`` rows)."""
    names = list(dict.fromkeys(series["series"].to_list()))
    styles = ("solid", "dashed", "dotted")
    drawn = ", ".join(f"{lower_first(name)} ({styles[i % 3]} line)" for i, name in enumerate(names))
    return f"Line chart of {what} in each reporting year from {span}, {drawn}: {_values(series)}."


def months_alt(series: pl.DataFrame, what: str, span: str) -> str:
    """The text alternative of a line of month-end counts (``month_series`` rows of one
    indicator): where it started and ended, and its lowest and highest known month."""
    known = series.filter(pl.col("value").is_not_nan())
    text = (f"Line chart of {what} at each month end from {span}, from "
            f"{format_number(series['value'][0])} to {format_number(series['value'][-1])}")
    if known.height:
        low, high = known.sort("value").row(0, named=True), known.sort("value").row(-1, named=True)
        text += (f"; lowest {format_number(low['value'])} ({low['month_end']:%B %Y}), highest "
                 f"{format_number(high['value'])} ({high['month_end']:%B %Y})")
    return text + "."


def largest_group(subject: str, word: str, groups: pl.DataFrame, total: float | None,
                  year: str) -> str:
    """The title of a table by group: the largest group in ``year`` (``report_tables.breakdown``
    rows) and its share of ``total``, the headline count; the subject and characteristic alone
    when no group is known (all suppressed)."""
    top = largest(groups)
    if top is None:
        return f"{subject} by {word.lower()}, {year}"
    share = 100.0 * top["count"] / total if total else None
    return (f"{subject} by {word.lower()}: the largest group in {year} was {top['name']}, "
            f"{part_of(top['count'], total, 'children', share)}")
