"""Tables and chart series built from the engine's results, the way the annual report lays them
out: reporting years up to the one shown, one row per year (a five-year table of 31 March
figures, a trend with its confidence limits), month-end counts, breakdowns with each group's
share, and the words that state what changed. Every figure shown is text made by
``iro_metrics.present.formatting``.
"""

import datetime as dt
from typing import Any, NamedTuple

import polars as pl

from iro_metrics.contract.extract import Extract
from iro_metrics.indicators.conferences import CONFERENCE_NAMES
from iro_metrics.indicators.demographics import GROUP_ORDER
from iro_metrics.indicators.periods import Period, reporting_year, reporting_year_of
from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present.formatting import (
    format_date,
    format_number,
    format_numbers,
    format_value,
    upper_first,
)

YEAR = "Year"
LOWER, UPPER = "Lower 95% limit", "Upper 95% limit"
TABLE_WORDS = {
    "lac_episodes": "records of children's episodes of care",
    "lac_reviews": "records of looked-after children's reviews",
    "cp_plans": "child protection plans",
    "s47_enquiries": "records of section 47 enquiries",
    "cp_conferences": "records of child protection conferences",
    "iro_staff": "IRO staffing records",
    "iro_disputes": "dispute resolution records",
    "iro_allocations": "records of which IRO holds which child",
    "iro_activity": "records of IROs' contact with children between reviews",
    "other_reviews": "records of the other reviews IROs chair (foster carer, adoption, "
                     "disruption and secure accommodation reviews)",
    "service_activity": "records of the service's training, panels and audits",
    "feedback": "feedback from children, parents, carers and professionals",
}

COLUMN_WORDS = {
    ("lac_reviews", "permanence_plan"): "whether each review confirmed a permanence plan",
}
"""What each optional column an indicator reads records, for the sentence saying it is missing."""


def years_up_to(end: dt.date, first: dt.date, count: int | None = None) -> list[Period]:
    """Reporting years (1 April to 31 March) starting on or after ``first`` and ending on or
    before ``end``, oldest first; only the latest ``count`` when given."""
    last = reporting_year_of(end)
    if last.end > end:
        last = reporting_year(last.start.year - 1)
    years = [reporting_year(y) for y in range(reporting_year_of(first).start.year,
                                              last.start.year + 1)]
    years = [year for year in years if year.start >= first]
    return years[-count:] if count else years


def year_span(years: list[Period]) -> str:
    """``2016-17 to 2020-21``, the one year's label alone, or empty without years."""
    if len(years) < 2:
        return years[0].label if years else ""
    return f"{years[0].label} to {years[-1].label}"


def no_whole_year(end: dt.date) -> str:
    """Why a page shows no year-by-year charts: no whole reporting year ends by ``end``."""
    return ("No whole reporting year (1 April to 31 March) in this extract ends by "
            f"{format_date(end)}, so the year-by-year charts are not shown: choose a later "
            "period.")


def missing_table(extract: Extract, *indicator_ids: str) -> str | None:
    """The first table these indicators need (the registry's ``Indicator.tables``) that the
    extract lacks, or None: the one test of whether a page can show them."""
    return next((table for indicator_id in indicator_ids for table in BY_ID[indicator_id].tables
                 if not extract.has(table)), None)


def missing_column(extract: Extract, *indicator_ids: str) -> tuple[str, str] | None:
    """The first optional column these indicators read (the registry's ``Indicator.columns``,
    as table and column) that the extract's table lacks, as a file of extract contract v1 would
    (``lac_reviews`` without ``permanence_plan``), or None. A missing table is
    ``missing_table``'s."""
    return next(((table, column) for indicator_id in indicator_ids
                 for table, column in BY_ID[indicator_id].columns
                 if extract.has(table) and column not in extract.table(table).columns), None)


def by_indicator(frame: pl.DataFrame) -> dict[str, dict[str, Any]]:
    """The rows of an engine result without a breakdown, by indicator id."""
    return {row["indicator_id"]: row for row in frame.iter_rows(named=True)}


def _year_label(start: dt.date) -> str:
    return reporting_year_of(start).label


def year_rows(frame: pl.DataFrame, indicator_id: str) -> list[dict[str, Any]]:
    """One indicator's rows of a ``yearly`` frame, each with its reporting year's label as
    ``year``, oldest first."""
    return [{**row, "year": _year_label(row["period_start"])}
            for row in frame.filter(pl.col("indicator_id") == indicator_id)
            .sort("period_start").iter_rows(named=True)]


def _rows(frame: pl.DataFrame, indicator_id: str) -> dict[dt.date, dict[str, Any]]:
    """The headline rows of one indicator, by period start."""
    headline = frame.filter(pl.col("indicator_id") == indicator_id,
                            pl.col("group").fill_null("") == "")
    return {row["period_start"]: row for row in headline.iter_rows(named=True)}


class BarFigure(NamedTuple):
    """A horizontal bar chart as a figure shows it (``blocks.bar_figure``): the finding as
    ``title``, the ``subtitle``, the ``bars`` (one row per bar: ``name``, the figure under
    ``value`` and the ``label`` beside it), the ``axis`` title, the ``table`` of the same figures
    as shown (a name column, then numbers), the one-sentence ``description`` and any ``marker``
    (a column of ``bars`` holding reference figures, such as England's share, marked on each
    bar)."""

    title: str
    subtitle: str
    bars: pl.DataFrame
    value: str
    axis: str
    table: pl.DataFrame
    description: str
    marker: str | None = None  # a column of reference figures marked across the bars


class YearColumn(NamedTuple):
    """One column of ``year_figures``: an indicator's ``value`` (shown as the indicator's), or
    its ``numerator`` or ``denominator`` (shown to ``decimals``)."""

    indicator_id: str
    field: str = "value"
    decimals: int = 0


def _shown(figure: float | None, column: YearColumn) -> str:
    if column.field == "value":
        return format_value(figure, BY_ID[column.indicator_id])
    return format_number(figure, column.decimals)


def year_figures(frame: pl.DataFrame, columns: dict[str, YearColumn]) -> pl.DataFrame:
    """One row per reporting year of ``frame`` (stacked ``yearly`` results), oldest first:
    ``Year`` and a column per heading holding the figure it names, as shown (``x`` when
    missing)."""
    starts = sorted(set(frame["period_start"].to_list()))
    data: dict[str, list[str]] = {YEAR: [_year_label(start) for start in starts]}
    for heading, column in columns.items():
        found = _rows(frame, column.indicator_id)
        data[heading] = [_shown(found.get(start, {}).get(column.field), column)
                         for start in starts]
    return pl.DataFrame(data, schema=dict.fromkeys(data, pl.String))


def years_across(frame: pl.DataFrame, rows: dict[str, YearColumn],
                 heading: str = "Measure") -> pl.DataFrame:
    """``year_figures`` turned so that the reporting years run across, as a committee report
    lays them out: one row per heading of ``rows`` (under ``heading``), one column per year,
    oldest first."""
    table = year_figures(frame, rows)
    if table.is_empty():
        return pl.DataFrame({heading: list(rows)}, schema={heading: pl.String})
    return table.drop(YEAR).transpose(include_header=True, header_name=heading,
                                      column_names=table[YEAR].to_list())


def group_years(by_group: pl.DataFrame, headline: pl.DataFrame, indicator_id: str,
                dimension: str, heading: str, names: dict[str, str] | None = None,
                total: str = "Total") -> pl.DataFrame:
    """One count by the groups of ``dimension`` in each reporting year, the years running
    across: ``by_group`` holds the stacked yearly results broken down by ``dimension`` and
    ``headline`` those without a breakdown (the ``total`` row). A group appears when anyone was
    in it in any year, in the dimension's order (named by ``names``, else as recorded), with 0
    in a year that had nobody in it; figures as shown (``c`` when suppressed)."""
    counts: dict[tuple[str, dt.date], float | None] = {
        (row["group"], row["period_start"]): row["numerator"]
        for row in by_group.filter(pl.col("indicator_id") == indicator_id).iter_rows(named=True)}
    totals = _rows(headline, indicator_id)
    starts = sorted(totals)
    found = {group for group, _ in counts}
    data: dict[str, list[str]] = {
        heading: [(names or {}).get(group, group) for group in GROUP_ORDER[dimension]
                  if group in found] + [total]}
    for start in starts:
        column = [format_number(counts.get((group, start), 0.0))
                  for group in GROUP_ORDER[dimension] if group in found]
        data[_year_label(start)] = [*column, format_number(totals[start]["numerator"])]
    return pl.DataFrame(data, schema=dict.fromkeys(data, pl.String))


def year_table(frame: pl.DataFrame, columns: dict[str, str]) -> pl.DataFrame:
    """``year_figures`` of each indicator's value (``{indicator_id: heading}``)."""
    return year_figures(frame, {heading: YearColumn(indicator_id)
                                for indicator_id, heading in columns.items()})


def year_series(frame: pl.DataFrame, series: dict[str, str]) -> pl.DataFrame:
    """Long rows for a chart over reporting years: year, series (``{indicator_id: name}``),
    value and its label as shown; years without a value are left out. Oldest year first, series
    in the order given."""
    rows = []
    found = {indicator_id: _rows(frame, indicator_id) for indicator_id in series}
    for start in sorted(set(frame["period_start"].to_list())):
        for indicator_id, name in series.items():
            value = found[indicator_id].get(start, {}).get("value")
            if value is not None:
                rows.append({"year": _year_label(start), "series": name, "value": value,
                             "label": format_value(value, BY_ID[indicator_id])})
    return pl.DataFrame(rows, schema={"year": pl.String, "series": pl.String,
                                      "value": pl.Float64, "label": pl.String})


def latest_labels(series: pl.DataFrame) -> dict[str, str]:
    """The labels of the last year of a ``year_series`` frame, by series name."""
    last = series["year"][-1] if series.height else None
    return {row["series"]: row["label"] for row in series.iter_rows(named=True)
            if row["year"] == last}


def month_series(frame: pl.DataFrame, names: dict[str, str]) -> pl.DataFrame:
    """Month-end counts (``results.monthly``) of the indicators in ``names``
    (``{indicator_id: name}``), each named in ``series`` for a line chart: one indicator after
    the other in the order given, oldest month first."""
    return pl.concat([frame.filter(pl.col("indicator_id") == indicator_id).with_columns(
        series=pl.lit(name)).sort("month_end") for indicator_id, name in names.items()])


def month_span(frame: pl.DataFrame) -> str:
    """``April 2014 to March 2021``: the months of a frame of month-end counts."""
    months = frame["month_end"].sort()
    return f"{months[0]:%B %Y} to {months[-1]:%B %Y}"


def monthly_table(frame: pl.DataFrame, counted: str, series: str | None = None) -> pl.DataFrame:
    """Month-end counts as shown: ``Month`` (``31 Mar 2021``), the series name under ``series``
    when given, and the count under ``counted``, in the frame's order."""
    return frame.select(Month=pl.col("month_end").dt.strftime("%d %b %Y"),
                        **({series: pl.col("series")} if series else {}),
                        **{counted: format_numbers(frame["value"])})


def conference_series(activity: pl.DataFrame) -> pl.DataFrame:
    """Conferences held by period and type (``results.conference_activity``) for a column
    chart: the period's label as ``year``, the type's name as ``series`` and the number of
    conferences as shown in ``label``."""
    return activity.with_columns(
        year=pl.col("period"), series=pl.col("conference_type").replace_strict(CONFERENCE_NAMES),
        label=format_numbers(activity["conferences"]))


def conference_table(series: pl.DataFrame) -> pl.DataFrame:
    """``conference_series`` as shown: year, type of conference, conferences and children
    discussed."""
    return series.select(Year="year", **{"Type of conference": pl.col("series")},
                         Conferences="label",
                         **{"Children discussed": format_numbers(series["children"])})


def conferences_in(series: pl.DataFrame, year: str) -> str:
    """``12 initial conferences (15 children), ...``: each type's counts in ``year`` of a
    ``conference_series`` frame."""
    held = series.filter(pl.col("year") == year)
    return ", ".join(f"{format_number(count)} {name.lower()} ({format_number(kids)} children)"
                     for name, count, kids in zip(held["series"], held["conferences"],
                                                  held["children"], strict=True))


def proportion_table(frame: pl.DataFrame, series: dict[str, str], value: str, numerator: str,
                     denominator: str, series_heading: str | None = None) -> pl.DataFrame:
    """A proportion over reporting years with its 95% confidence limits: Year, (the series
    name under ``series_heading`` when given), the value, numerator, denominator, lower and
    upper limit, as shown. One row per year and series (``{indicator_id: name}``)."""
    rows = []
    found = {indicator_id: _rows(frame, indicator_id) for indicator_id in series}
    for start in sorted(set(frame["period_start"].to_list())):
        for indicator_id, name in series.items():
            indicator = BY_ID[indicator_id]
            row = found[indicator_id].get(start, {})
            rows.append({
                YEAR: _year_label(start),
                **({series_heading: name} if series_heading else {}),
                value: format_number(row.get("value"), indicator.decimals),
                numerator: format_number(row.get("numerator")),
                denominator: format_number(row.get("denominator")),
                LOWER: format_number(row.get("lower_95"), indicator.decimals),
                UPPER: format_number(row.get("upper_95"), indicator.decimals),
            })
    headings = [YEAR, *([series_heading] if series_heading else []), value, numerator,
                denominator, LOWER, UPPER]
    return pl.DataFrame(rows, schema=dict.fromkeys(headings, pl.String))


def whole(counts: list[float], headline: float | None) -> float:
    """The total a breakdown's shares are of: the headline count as shown when it is known (so a
    group suppressed for the public does not hide a total shown beside it), else the sum of the
    groups (suppressed, NaN, when one of them is)."""
    return headline if headline is not None and headline == headline else sum(counts)


def breakdown(frame: pl.DataFrame, indicator_id: str, names: dict[str, str] | None = None,
              headline: float | None = None) -> pl.DataFrame:
    """One indicator's count by group (``compute`` broken down by one dimension), in the
    engine's group order: group, name (``names`` or the group label capitalised), count, share
    (0–100) of ``whole`` and the label shown beside a bar (``104 (38.2%)``)."""
    rows = [row for row in frame.iter_rows(named=True)
            if row["indicator_id"] == indicator_id and row["numerator"] is not None]
    total = whole([row["numerator"] for row in rows], headline)
    out = []
    for row in rows:
        share = 100.0 * row["numerator"] / total if total else None
        out.append({"group": row["group"],
                    "name": (names or {}).get(row["group"], upper_first(row["group"])),
                    "count": row["numerator"], "share": share,
                    "label": format_number(row["numerator"]) + (
                        f" ({format_number(share, 1)}%)" if share is not None else "")})
    return pl.DataFrame(out, schema={"group": pl.String, "name": pl.String,
                                     "count": pl.Float64, "share": pl.Float64,
                                     "label": pl.String})


def _unknown(*values: float | None) -> bool:
    """True when a figure is missing or suppressed (NaN), so no comparison can be made."""
    return any(value is None or value != value for value in values)


def compared(before: str, after: str, before_value: float, after_value: float) -> str:
    """``up from 96.3%``, ``down from 96.3%`` or ``the same as 96.3%``: ``after`` against
    ``before``, judged on the figures as shown (so a change hidden by rounding is no change);
    ``compared with c`` when either is suppressed."""
    if _unknown(before_value, after_value):
        return f"compared with {before}"
    if before == after:
        return f"the same as {before}"
    return f"{'up' if after_value > before_value else 'down'} from {before}"


def movement(before: str, after: str, before_value: float, after_value: float) -> str:
    """``rose from 196 to 272``, ``fell from 272 to 196`` or ``stayed at 272``, judged on the
    figures as shown; ``went from c to 7`` when either is suppressed (no direction claimed)."""
    if _unknown(before_value, after_value):
        return f"went from {before} to {after}"
    if before == after:
        return f"stayed at {after}"
    return f"{'rose' if after_value > before_value else 'fell'} from {before} to {after}"


def children(count: str) -> str:
    """``1 child``, ``272 children``: a count as shown with the right noun."""
    return f"{count} {'child' if count == '1' else 'children'}"
