"""The Child protection plans and conferences pages as data and words: their tiles, the
breakdowns of children on a plan (who the largest group is, for the titles), the repeat-plan
table, and the fixed explanations of rates, local measures and conferences (Working Together to
Safeguard Children 2023), so that the pages only read the view, call functions and draw."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import polars as pl

from iro_metrics.indicators.periods import Period
from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present.breakdowns import group_counts, named_groups, share_table, with_rates
from iro_metrics.present.findings import (
    latest_change,
    month_movement,
    plan_group_finding,
    year_finding,
)
from iro_metrics.present.formatting import format_number
from iro_metrics.present.report_tables import (
    BarFigure,
    YearColumn,
    conferences_in,
    latest_labels,
    month_span,
    year_rows,
    year_series,
)
from iro_metrics.present.view import CATEGORY_LABELS, SEX_LABELS, SEX_WORDS

TILES = (("cp_count", "cp_rate", "cp_starts", "cp_ceased"),
         ("cp_repeat", "cp_ceased_2y_plus"))
CONFERENCE_TILES = ("icpc_timely", "icpc_no_plan")
FLOWS = {"cp_starts": "Plans started", "cp_ceased": "Plans ended"}
SHOWN = (*TILES[0], *TILES[1], "cp_repeat_2y")
"""Every indicator the plans page shows, for its "where we stand" line."""
CONFERENCES_SHOWN = (*CONFERENCE_TILES, "icpc_held", "rcpc_held")
"""Every indicator the conferences page shows, for its "where we stand" line."""
COUNTED = "Children on a plan"
"""What the disproportionality figure counts (``cp_count``)."""
SHARE, RATE = "Share of children on a plan (%)", "Rate per 10,000 children"
REPEAT_LINES = {"cp_repeat": "Any earlier plan", "cp_repeat_2y": "Within 2 years (local measure)"}
REPEAT = {"Plans started": YearColumn("cp_repeat", "denominator"),
          "Repeat plans (any earlier plan)": YearColumn("cp_repeat", "numerator"),
          "Repeat plans (%)": YearColumn("cp_repeat"),
          "Repeat within 2 years": YearColumn("cp_repeat_2y", "numerator"),
          "Repeat within 2 years (%)": YearColumn("cp_repeat_2y")}
ETHNIC_WHO = {"Refused or not obtained": "Children whose ethnicity was refused or not obtained",
              "Other ethnic groups": "Children of other ethnic groups"}

LEAD = ("A child protection (CP) plan is agreed at a conference when a child is at risk of "
        "significant harm. This page shows how many children are on a plan, who they are, how "
        "long plans last and how often children need a plan again.")
CONFERENCES_LEAD = ("Child protection conferences decide whether a child at risk of significant "
                    "harm needs a plan, and review the plans agreed. This page shows how many "
                    "conferences were held, whether initial conferences were held on time and "
                    "how often one did not lead to a plan; the Timeliness page follows "
                    "conferences' timeliness over the years.")
MOVED = ("Conferences, and children at an initial conference not made subject to a plan, are "
         "on their own page:")
NO_RATE = ("The rate per 10,000 children is not available for this selection: it can be shown "
           "for all children or by age band only, since population estimates cover children "
           "born and aged 0 to 17 and are not split by sex, ethnicity, disability or category "
           "of abuse.")
CONFERENCES = (
    "An **initial child protection conference (ICPC)** decides whether a child needs a plan, "
    "after a **section 47 enquiry** (the council's investigation of concerns about a child). "
    "A **transfer-in conference** is held when a child on a plan moves here from another "
    "council. **Review child protection conferences (RCPCs)** check the plan's progress.")
NO_CATEGORY_AT_CONFERENCES = (
    "A child has no category of abuse until a plan starts, so the category filter chosen on the "
    "Child protection plans page does not apply to conferences; the other filters do where "
    "stated.")
WHOLE_SERVICE = "Conference counts are for the whole service: the filters do not apply to them."
NO_PLAN_NOTE = (f"{BY_ID['icpc_no_plan'].description} This is a measure of activity, not of "
                "performance: no level is better or worse in itself.")


def who_section(day: str) -> str:
    """The words under "Who is on a plan": the day counted and the breakdowns that follow."""
    return (f"Children on a plan on {day}, the last day of the period, by age (unborn children "
            "have a plan before they are born), the category of abuse recorded when the plan "
            "started, sex and ethnic group.")


def local_repeat_note() -> str:
    """Why the two-year repeat measure cannot be compared with other councils, and what it
    counts (from the registry)."""
    local = BY_ID["cp_repeat_2y"]
    return (f"**{local.title} is a local measure** of this service, not a DfE statistic, so it "
            f"cannot be compared with other councils. It counts: {local.numerator.lower()}, "
            f"out of {(local.denominator or '').lower()}.")


@dataclass(frozen=True)
class Breakdown:
    """One breakdown of children on a plan: the dimension, its column heading, the labels of
    its groups (None: as recorded), who a group is in a title, and whether the title calls the
    largest group the most common category rather than the largest group."""

    dimension: str
    heading: str
    labels: dict[str, str] | None
    who: Callable[[str], str]
    most_common: bool = False


def _age(group: str) -> str:
    return "Unborn children" if group == "Unborn" else f"Children aged {group.lower()}"


def _category(group: str) -> str:
    return CATEGORY_LABELS.get(group, group)


def _sex(group: str) -> str:
    return SEX_WORDS[group].capitalize()


def _ethnic(group: str) -> str:
    return ETHNIC_WHO.get(group, f"Children of {group} ethnicity")


BREAKDOWNS = (
    Breakdown("age_band", "Age band", None, _age),
    Breakdown("initial_category", "Initial category of abuse", CATEGORY_LABELS, _category,
              most_common=True),
    Breakdown("sex", "Sex", SEX_LABELS, _sex),
    Breakdown("ethnic_group", "Ethnic group", None, _ethnic),
)


def plan_breakdown(frame: pl.DataFrame, part: Breakdown, chosen: tuple[str, ...], place: str,
                   day: str, headline: float | None) -> BarFigure:
    """Children on a plan on ``day`` by one breakdown (``frame``: the engine's rows by
    ``part.dimension``; ``chosen``: the groups the filters keep; ``headline``: the children on
    a plan as the tile shows them): every group, each bar labelled with its number and share,
    the rate per 10,000 added by age band (population estimates exist by age only), titled by
    the largest group (``findings.plan_group_finding``)."""
    table = named_groups(frame, "cp_count", part.dimension, chosen, part.labels, headline)
    shown = share_table(table, part.heading, "Children", SHARE)
    if part.dimension == "age_band":
        shown = with_rates(shown, frame, table["group"], "cp_rate", RATE)
    heading = part.heading.lower()
    return BarFigure(
        plan_group_finding(table, part.heading, day, part.who, part.most_common, headline),
        f"Children on a child protection plan by {heading}, {place}, {day}",
        table, "count", "Children", shown,
        f"Bar chart of children on a plan on {day} by {heading}: {group_counts(table)}, under "
        "the filters above.")


class Words(NamedTuple):
    """A chart's words, in the order ``blocks.yearly_columns``, ``yearly_lines`` and
    ``yearly_share`` take them: the finding as title, the subtitle (measure, area, period), the
    axis title and the one-sentence text alternative."""

    title: str
    subtitle: str
    axis: str
    description: str


def month_words(series: pl.DataFrame, place: str) -> Words:
    """Children on a plan at each month end (``report_tables.month_series``, not empty): how
    the number moved in the last year (``findings.month_movement``)."""
    months, start, end = month_span(series), series["value"][0], series["value"][-1]
    return Words(
        month_movement("Children on a plan", series),
        f"Children on a child protection plan at each month end (unborn children included), "
        f"{place}, {months}", "Children",
        f"Line chart of the number of children on a child protection plan at each month end "
        f"from {months}, from {format_number(start)} to {format_number(end)}, under the "
        "filters above.")


def flow_words(trend: pl.DataFrame, years: list[Period], place: str, span: str) -> Words:
    """Plans started and ended in each reporting year (``results.yearly``): titled by plans
    started, the last year's figures in the text alternative."""
    latest = latest_labels(year_series(trend, FLOWS))
    return Words(
        year_finding("Plans started", year_rows(trend, "cp_starts")),
        f"Child protection plans started and ended in each reporting year, {place}, {span}",
        "Plans",
        f"Column chart of plans started (first column) and plans ended (second column) in each "
        f"reporting year from {span}; in {years[-1].label} {latest['Plans started']} started "
        f"and {latest['Plans ended']} ended, under the filters above.")


def repeat_words(trend: pl.DataFrame, place: str, span: str) -> Words:
    """Repeat plans (any earlier plan, and the local measure within 2 years) by year."""
    return Words(
        year_finding("Repeat plans", year_rows(trend, "cp_repeat"), 1, "%"),
        f"Plans started in each reporting year for a child who had been on a plan before, as a "
        f"percentage of plans started, {place}, {span}", "% of plans started",
        f"Line chart of the percentage of plans started that were repeat plans (solid line) and "
        f"repeat plans within 2 years of the previous plan ending (dashed line) in each "
        f"reporting year from {span}, under the filters above.")


def long_plan_words(trend: pl.DataFrame, place: str, span: str) -> Words:
    """Plans ended that had lasted 2 years or more, by year."""
    return Words(
        year_finding("Plans lasting 2 years or more", year_rows(trend, "cp_ceased_2y_plus"), 1,
                     "%"),
        f"Plans ending in each reporting year that had lasted 2 years or more, as a percentage "
        f"of plans ended, {place}, {span}", "% of plans ended",
        f"Line chart of the percentage of plans ended in each reporting year from {span} that "
        "had lasted 2 years or more, under the filters above.")


def no_plan_words(trend: pl.DataFrame, place: str, span: str) -> Words:
    """Children at an initial conference not made subject to a plan, by year (``trend``: the
    view, which has no category of abuse: a child has none before a plan starts)."""
    return Words(
        year_finding("Children at an ICPC not made subject to a plan",
                     year_rows(trend, "icpc_no_plan"), 1, "%"),
        f"Children discussed at an initial conference who did not need a plan, as a percentage "
        f"of those whose outcome is recorded, {place}, {span}", "% of children at ICPCs",
        f"Line chart of the percentage of children at initial conferences who were not made "
        f"subject to a plan in each reporting year from {span}, under the filters above.")


def conference_words(activity: pl.DataFrame, year: str, place: str, span: str) -> Words:
    """Conferences held by type and year (``report_tables.conference_series``): titled by the
    change in initial conferences in the last ``year``."""
    initial = activity.filter(pl.col("conference_type") == "ICPC")["conferences"].to_list()
    return Words(
        latest_change("Initial conferences", initial, year),
        f"Child protection conferences held in each reporting year, by type (siblings at one "
        f"conference count once), {place}, {span}", "Conferences",
        f"Column chart of initial, transfer-in and review child protection conferences held in "
        f"each reporting year from {span}; in {year} {conferences_in(activity, year)}. The "
        "table also counts children discussed: siblings at one conference count once as a "
        "conference and once each as children. These counts are for the whole service.")
