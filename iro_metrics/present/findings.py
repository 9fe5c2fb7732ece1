"""Chart titles that state the finding: plain words for how a figure moved between two points
or over the reporting years (the wording itself is ``report_tables.movement``'s and
``compared``'s, shared with the other pages), and for the largest group of a breakdown."""

from collections.abc import Callable, Iterable
from typing import Any

import polars as pl

from iro_metrics.indicators.workforce import HANDBOOK_CASELOAD, handbook_position
from iro_metrics.present.breakdowns import largest
from iro_metrics.present.formatting import format_number
from iro_metrics.present.report_tables import children, compared, latest_labels, movement, whole
from iro_metrics.published.benchmark_tables import year_label


def change_phrase(subject: str, before: float | None, after: float | None, decimals: int = 0,
                  suffix: str = "") -> str:
    """``Plans started fell from 180 to 155``, ``... rose from ...``, ``... stayed at 155``;
    ``subject: 155`` when there is nothing to compare with (or one of the two is suppressed,
    so no movement is claimed). Figures are compared as shown
    (rounded to ``decimals``), so the words never contradict the numbers."""
    def shown(value: float | None) -> str:
        return format_number(value, decimals) + suffix
    if after is None:
        return f"{subject}: no figure"
    if before is None or before != before or after != after:  # missing or suppressed (NaN)
        return f"{subject}: {shown(after)}"
    return f"{subject} {movement(shown(before), shown(after), before, after)}"


def latest_change(subject: str, values: list[float | None], label: str, decimals: int = 0,
                  suffix: str = "") -> str:
    """``change_phrase`` between the last two of ``values`` (a yearly series), ending ``in``
    the last one's ``label``: ``Plans started fell from 180 to 155 in 2020-21``."""
    before = values[-2] if len(values) > 1 else None
    after = values[-1] if values else None
    return f"{change_phrase(subject, before, after, decimals, suffix)} in {label}"


def year_finding(subject: str, rows: list[dict[str, Any]], decimals: int = 0, suffix: str = "") -> str:
    """``latest_change`` over one indicator's rows by year (``report_tables.year_rows``):
    ``Plans started fell from 180 to 155 in 2020-21``."""
    label = rows[-1]["year"] if rows else ""
    return latest_change(subject, [row["value"] for row in rows], label, decimals, suffix)


def trend_finding(template: str, series: pl.DataFrame) -> str:
    """``template`` (with ``{value}`` and ``{year}``) filled in from the last year of a
    one-series ``report_tables.year_series`` frame, then how that compares with the year before,
    as the tile above it does: ``98.1% of LAC reviews were held on time in 2020-21, up from
    97.4% in 2019-20``."""
    finding = template.format(value=series["label"][-1], year=series["year"][-1])
    if series.height < 2:
        return finding
    since = compared(series["label"][-2], series["label"][-1], series["value"][-2],
                     series["value"][-1])
    return f"{finding}, {since} in {series['year'][-2]}"


def latest_finding(template: str, series: pl.DataFrame, names: Iterable[str]) -> str:
    """``template`` filled in from the last year of a ``report_tables.year_series`` frame: the
    year as ``{year}`` and the label of each of ``names`` that year as ``{0}``, ``{1}`` ... (``x``
    for one without a figure): ``In 2020-21, a family member attended 91.8% of initial and
    89.3% of review conferences they were invited to``."""
    latest = latest_labels(series)
    return template.format(*(latest.get(name, "x") for name in names), year=series["year"][-1])


def month_movement(subject: str, series: pl.DataFrame) -> str:
    """``subject rose from 260 to 272 between March 2020 and March 2021``: the last count of one
    indicator's ``report_tables.month_series`` against the count a year before it, as the tile
    above compares (against the first month when the series is shorter; 0 to 0 without any),
    judged as shown; the months are named when the series has ``month_end``."""
    if series.is_empty():
        return f"{subject} {movement('0', '0', 0, 0)}"
    before = max(series.height - 13, 0)
    start, end = series["value"][before], series["value"][-1]
    finding = f"{subject} {movement(format_number(start), format_number(end), start, end)}"
    if "month_end" not in series.columns or series.height < 2:
        return finding
    first, last = series["month_end"][before], series["month_end"][-1]
    return f"{finding} between {first:%B %Y} and {last:%B %Y}"


def movement_between(subject: str, series: pl.DataFrame, span: str) -> str:
    """``subject rose from 196 to 272 between 2016-17 and 2020-21`` over a one-series
    ``report_tables.year_series`` frame; ``subject, span`` with fewer than two years."""
    if series.height < 2:
        return f"{subject}, {span}"
    change = movement(series["label"][0], series["label"][-1], series["value"][0],
                      series["value"][-1])
    return f"{subject} {change} between {series['year'][0]} and {series['year'][-1]}"


def part_of(count: float | None, total: float | None, noun: str,
            share: float | None = None) -> str:
    """``30 of 87 children``, with the share when given: ``30 of 87 children (34.5%)``."""
    part = f"{format_number(count)} of {format_number(total)} {noun}"
    return part if share is None else f"{part} ({format_number(share, 1)}%)"


def plan_group_finding(table: pl.DataFrame, heading: str, day: str, who: Callable[[str], str],
                       most_common: bool = False, headline: float | None = None) -> str:
    """The title of a breakdown of children on a plan (``breakdowns.named_groups``): who the
    largest group is and its share, ``Children aged 1 to 4 were the largest group: 30 of 87
    children (34.5%)`` (``was the most common category`` when ``most_common``); plain words
    when no child was on a plan or the largest group is not known (suppressed). The total is
    ``report_tables.whole``: the ``headline`` as shown when known."""
    total, top = whole(table["count"].to_list(), headline), largest(table)
    if total == 0:
        return f"No children were on a plan on {day}"
    if top is None:
        return f"Children on a plan on {day} by {heading.lower()}"
    verb = "was the most common category" if most_common else "were the largest group"
    return f"{who(top['group'])} {verb}: {part_of(top['count'], total, 'children', top['share'])}"


def looked_after_group_finding(word: str, groups: pl.DataFrame, headline: float | None) -> str:
    """The title of a breakdown of children looked after (``report_tables.breakdown``) by the
    characteristic ``word``: its largest group and share, or all of them when there is one
    group; the number alone when the largest is not known (suppressed). The total is
    ``report_tables.whole``: the ``headline`` as shown when known."""
    total = format_number(whole(groups["count"].to_list(), headline))
    top = largest(groups)
    if top is None:
        return f"{word}: {children(total)} looked after"
    if groups.height == 1:
        return f"{word}: all {children(total)} shown are {top['name']}"
    return (f"{word}: the largest group is {top['name']}, "
            f"{children(format_number(top['count']))} ({format_number(top['share'], 1)}%)")


def group_share_finding(subject: str, word: str, groups: pl.DataFrame) -> str:
    """The title of a percentage by group (``breakdowns.group_shares``): ``subject by legal
    status: from 80.0% (voluntary) to 100.0% (care order)``, the lowest and highest as shown
    (the first in order on a tie); ``...: 100.0% in every group`` when every group reads the
    same; the one known group alone; the subject and characteristic alone when no figure is
    known (all suppressed)."""
    known = groups.filter(pl.col("value").is_not_null(), ~pl.col("value").is_nan())
    heading = f"{subject} by {word.lower()}"
    if known.is_empty():
        return heading
    low, high = (known.sort("value", descending=top, maintain_order=True).row(0, named=True)
                 for top in (False, True))
    if known.height == 1:
        return f"{heading}: {low['shown']} ({low['name']})"
    if low["shown"] == high["shown"] and known.height == groups.height:
        return f"{heading}: {low['shown']} in every group"
    return f"{heading}: from {low['shown']} ({low['name']}) to {high['shown']} ({high['name']})"


def dispute_finding(table: pl.DataFrame, total: float | None, by_stage: bool, heading: str,
                    label: str) -> str:
    """The title of disputes raised in the period ``label`` by stage (``by_stage``) or issue
    (``workforce.disputes_by`` with each group's ``name``): how many of ``total`` (the headline
    count, known where the groups are suppressed) the largest group holds."""
    top = largest(table, "disputes")
    if total == 0:
        return f"No disputes were raised in {label}"
    if top is None:
        return f"Disputes raised in {label} by {heading.lower()}"
    what = ("went no further than the informal stage" if top["group"] == "INFORMAL"
            else f"reached {top['name'].lower()}" if by_stage
            else f"were about {top['name'].lower()}")
    return f"{part_of(top['disputes'], total, 'disputes')} {what}"


def caseload_finding(rows: list[dict[str, Any]]) -> str:
    """How looked-after children per full-time IRO moved in the last year (``year_finding``
    over the ``iro_lac_caseload`` rows by year) and where it lies against the IRO Handbook's
    range, which is for looked-after children."""
    title = year_finding("Looked-after children per full-time IRO", rows, 1)
    position = handbook_position(rows[-1]["value"] if rows else None)
    low, high = HANDBOOK_CASELOAD
    return f"{title}, {position} the IRO Handbook's {low} to {high}" if position else title


def caseload_range_finding(smallest: float | None, biggest: float | None, day: str) -> str:
    """The spread of the children allocated to each IRO on ``day``."""
    if smallest == biggest:
        return f"Each IRO held {format_number(biggest)} children on {day}"
    return (f"Allocated caseloads ranged from {format_number(smallest)} to "
            f"{format_number(biggest)} children per IRO on {day}")


def staff_by_role(roles: pl.DataFrame, decimals: int) -> str:
    """``IROs 10.50 (12 people); CP chairs 0.60 (1 person)``: the full-time equivalents (to
    ``decimals``) and people in post by role (``workforce.staff_in_post`` with each ``name``)."""
    return "; ".join(f"{name} {format_number(fte, decimals)} ({format_number(people)} "
                     f"{'person' if people == 1 else 'people'})"
                     for name, fte, people in zip(roles["name"], roles["fte"], roles["people"],
                                                  strict=True))


def models_used(averages: pl.DataFrame) -> str:
    """``the April 2021 model for 2014-15 to 2020-21 and the May 2025 model for 2021-22``: the
    statistical neighbour models behind the years of ``neighbours.neighbour_series`` that have a
    neighbour's figure; empty when none has."""
    used = averages.filter(pl.col("with_figure") > 0)
    return " and ".join(f"the {model} model for {_year_span(group['year'].sort())}"
                        for (model,), group in used.group_by("model", maintain_order=True))


def _year_span(years: pl.Series) -> str:
    """``2014-15 to 2020-21`` for sorted reporting years, or the one year's label."""
    first, last = year_label(years[0]), year_label(years[-1])
    return first if years.len() == 1 else f"{first} to {last}"


def interval_note(bars: pl.DataFrame) -> str:
    """What the whiskers of a bar chart of areas (``benchmark_tables.areas``) show, and how many
    of its figures have none (published without the counts an interval needs)."""
    without = bars.filter(pl.col("lower").is_null() & pl.col("value").is_not_null()).height
    return (" Black whiskers show 95% confidence intervals: Wilson for percentages and Byar for "
            "rates, from the counts behind each figure."
            + (f" {without} of the {bars.height} figures have no interval, as they are "
               "published without the counts needed to work one out." if without else ""))
