"""The workforce page's figures as shown: staff in post by role, the two caseloads by reporting
year, children allocated to each IRO, and disputes by stage or issue. The IRO Handbook's 50 to
70 is for looked-after children per full-time IRO, so it is drawn against ``iro_lac_caseload``
only; ``iro_caseload`` (children looked after or on a plan, the annual report's own figure) is
shown beside it with no range (``indicators.md`` v1.3, "Caseloads")."""

from dataclasses import dataclass
from typing import Any

import polars as pl

from iro_metrics.indicators.registry import BY_ID
from iro_metrics.indicators.workforce import (
    HANDBOOK_CASELOAD,
    ISSUE_NAMES,
    ROLE_NAMES,
    STAGE_NAMES,
)
from iro_metrics.present.breakdowns import group_counts, known_range
from iro_metrics.present.findings import (
    caseload_finding,
    caseload_range_finding,
    dispute_finding,
    staff_by_role,
    year_finding,
)
from iro_metrics.present.formatting import format_number, format_numbers, format_value, lower_first
from iro_metrics.present.report_tables import BarFigure, YearColumn

FTE_DECIMALS = 2
FTE_HEADING = "IRO and CP chair FTE"
HANDBOOK_BAND = (*HANDBOOK_CASELOAD,
                 f"IRO Handbook: {HANDBOOK_CASELOAD[0]} to {HANDBOOK_CASELOAD[1]} looked-after "
                 "children")
"""The Handbook's range as ``charts.line_chart`` draws it: low, high and its label."""
DISPUTE_GROUPS = {"stage": ("Highest stage reached", STAGE_NAMES), "issue": ("Issue", ISSUE_NAMES)}
"""How disputes are broken down: by column, the table's heading and each code's name."""


@dataclass(frozen=True)
class Caseload:
    """One caseload chart: its indicator, the heading of the children counted, the name of its
    line (and of its value column), and whether the IRO Handbook's range is drawn on it."""

    indicator_id: str
    counted: str
    line: str
    band: bool


CASELOADS = (
    Caseload("iro_lac_caseload", "Children looked after", "Looked-after children per FTE", True),
    Caseload("iro_caseload", "Children looked after or on a plan",
             "Children looked after or on a plan per FTE (the annual report's figure)", False),
)


def caseload_columns(caseload: Caseload) -> dict[str, YearColumn]:
    """The columns of a caseload's yearly table: children counted, FTE and children per FTE."""
    return {caseload.counted: YearColumn(caseload.indicator_id, "numerator"),
            FTE_HEADING: YearColumn(caseload.indicator_id, "denominator", FTE_DECIMALS),
            caseload.line: YearColumn(caseload.indicator_id)}


def caseload_title(caseload: Caseload, rows: list[dict[str, Any]]) -> str:
    """The finding over a caseload's rows by year (``report_tables.year_rows``): against the
    Handbook's range for looked-after children; the annual report's figure as such."""
    if caseload.band:
        return caseload_finding(rows)
    return year_finding("Children looked after or on a plan per full-time IRO (the annual "
                        "report's figure)", rows, BY_ID[caseload.indicator_id].decimals)


def caseload_subtitle(caseload: Caseload, place: str, span: str) -> str:
    """The measure, area and years of a caseload's chart."""
    return (f"{BY_ID[caseload.indicator_id].title} on the last day of each reporting year, "
            f"{place}, {span}")


def caseload_description(caseload: Caseload, rows: list[dict[str, Any]], span: str) -> str:
    """The text alternative of a caseload's line chart, saying whether a range is drawn."""
    indicator = BY_ID[caseload.indicator_id]
    low, high, _ = HANDBOOK_BAND
    drawn = (f"with the IRO Handbook's suggested range of {low} to {high} looked-after children "
             "shaded between dashed lines" if caseload.band else
             "with no range drawn: the IRO Handbook's is for looked-after children alone")
    latest = f"; {rows[-1]['year']}: {format_value(rows[-1]['value'], indicator)}" if rows else ""
    return (f"Line chart of {lower_first(indicator.title)} at the end of each reporting year "
            f"from {span}, {drawn}{latest}.")


def roles_figure(roles: pl.DataFrame, fte: float | None, place: str, day: str) -> BarFigure:
    """Staff in post on ``day`` by role (``workforce.staff_in_post``): full-time equivalents,
    each bar labelled ``0.60 FTE (1 person)``, under a title giving ``fte``, the IRO and CP
    chair full-time equivalents the caseloads are shared between."""
    people, ftes = format_numbers(roles["people"]), format_numbers(roles["fte"], FTE_DECIMALS)
    named = roles.with_columns(name=pl.col("role").replace_strict(ROLE_NAMES))
    return BarFigure(
        f"{format_number(fte, FTE_DECIMALS)} full-time equivalent IROs and CP chairs were in post on {day}",
        f"Full-time equivalent (FTE) staff in post by role, {place}, {day}",
        named.with_columns(label=pl.format("{} FTE ({} {})", ftes, people, pl.when(
            pl.col("people") == 1).then(pl.lit("person")).otherwise(pl.lit("people")))), "fte",
        "Full-time equivalents",
        named.select(Role="name", **{"People in post": people, "Full-time equivalents": ftes}),
        f"Bar chart of full-time equivalent staff in post on {day} by role: "
        f"{staff_by_role(named, FTE_DECIMALS)}. Only IROs and child protection chairs count "
        "towards the caseload.")


def allocations_figure(held: pl.DataFrame, place: str, day: str) -> BarFigure:
    """Children allocated to each IRO on ``day`` (``results.allocated_caseloads``, not empty),
    largest first, the IROs numbered, never named."""
    smallest, biggest = known_range(held["children"])
    counted = format_numbers(held["children"])
    return BarFigure(
        caseload_range_finding(smallest, biggest, day),
        f"Children allocated to each IRO (a headcount, whatever the IRO's hours), {place}, "
        f"{day}; IROs are numbered from the largest caseload, not named",
        held.select(name="iro", children="children", label=counted), "children", "Children",
        held.select(IRO="iro", **{"Children allocated": counted}),
        f"Bar chart of the number of children allocated to each of {format_number(held.height)} "
        f"IROs on {day}, from {format_number(biggest)} to {format_number(smallest)} children.")


def disputes_figure(table: pl.DataFrame, column: str, total: float | None, place: str,
                    period_label: str) -> BarFigure:
    """Disputes raised in the period by ``column`` (``stage`` or ``issue``: the
    ``workforce.disputes_by`` table) with ``total``, the headline count, known where the groups'
    sum is suppressed."""
    heading, names = DISPUTE_GROUPS[column]
    counted = format_numbers(table["disputes"])
    named = table.with_columns(name=pl.col("group").replace_strict(names), label=counted)
    return BarFigure(
        dispute_finding(named, total, column == "stage", heading, period_label),
        f"Disputes raised in the period by {heading.lower()}, {place}, {period_label}",
        named, "disputes", "Disputes", named.select(pl.col("name").alias(heading),
                                                   Disputes="label"),
        f"Bar chart of the {format_number(total)} disputes raised in {period_label} by "
        f"{heading.lower()}: {group_counts(named, 'disputes')}.")
