"""Tables and chart series built from the engine's results, the way the annual report lays them
out: reporting years up to the one shown, one row per year (a five-year table of 31 March
figures, a trend with its confidence limits), breakdowns with each group's share, and the words
that state what changed. Every figure shown is text made by ``iro_metrics.present.formatting``.
"""

import datetime as dt
from typing import Any

import polars as pl

from iro_metrics.contract.extract import Extract
from iro_metrics.indicators.periods import Period, reporting_year, reporting_year_of
from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present.formatting import format_number, format_value

YEAR = "Year"
LOWER, UPPER = "Lower 95% limit", "Upper 95% limit"
TABLE_WORDS = {
    "lac_episodes": "records of children's episodes of care",
    "lac_reviews": "records of looked-after children's reviews",
    "cp_plans": "records of child protection plans",
    "s47_enquiries": "records of section 47 enquiries",
    "cp_conferences": "records of child protection conferences",
    "iro_staff": "records of IRO staff",
    "iro_disputes": "records of IRO disputes",
}


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


def missing_table(extract: Extract, indicator_id: str) -> str | None:
    """The first table ``indicator_id`` needs that the extract lacks, or None."""
    return next((table for table in BY_ID[indicator_id].tables
                 if getattr(extract, table) is None), None)


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
    return {row["period_start"]: row for row in frame.iter_rows(named=True)
            if row["indicator_id"] == indicator_id and not row["group"]}


def year_table(frame: pl.DataFrame, columns: dict[str, str]) -> pl.DataFrame:
    """One row per reporting year of ``frame`` (stacked ``yearly`` results), oldest first:
    ``Year`` and one column per indicator (``{indicator_id: heading}``) holding its value as
    shown (``x`` when missing)."""
    starts = sorted(set(frame["period_start"].to_list()))
    found = {indicator_id: _rows(frame, indicator_id) for indicator_id in columns}
    data: dict[str, list[str]] = {YEAR: [_year_label(start) for start in starts]}
    for indicator_id, heading in columns.items():
        data[heading] = [format_value(found[indicator_id].get(start, {}).get("value"),
                                      BY_ID[indicator_id]) for start in starts]
    return pl.DataFrame(data, schema=dict.fromkeys(data, pl.String))


def year_series(frame: pl.DataFrame, series: dict[str, str]) -> pl.DataFrame:
    """Long rows for a chart over reporting years: year, series (``{indicator_id: name}``),
    value and its label as shown; years without a value are left out. Oldest year first, series
    in the order given."""
    rows = []
    for start in sorted(set(frame["period_start"].to_list())):
        for indicator_id, name in series.items():
            value = _rows(frame, indicator_id).get(start, {}).get("value")
            if value is not None:
                rows.append({"year": _year_label(start), "series": name, "value": value,
                             "label": format_value(value, BY_ID[indicator_id])})
    return pl.DataFrame(rows, schema={"year": pl.String, "series": pl.String,
                                      "value": pl.Float64, "label": pl.String})


def proportion_table(frame: pl.DataFrame, series: dict[str, str], value: str, numerator: str,
                     denominator: str, series_heading: str | None = None) -> pl.DataFrame:
    """A proportion over reporting years with its 95% confidence limits: Year, (the series
    name under ``series_heading`` when given), the value, numerator, denominator, lower and
    upper limit, as shown. One row per year and series (``{indicator_id: name}``)."""
    rows = []
    for start in sorted(set(frame["period_start"].to_list())):
        for indicator_id, name in series.items():
            indicator = BY_ID[indicator_id]
            row = _rows(frame, indicator_id).get(start, {})
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


def breakdown(frame: pl.DataFrame, indicator_id: str,
              names: dict[str, str] | None = None) -> pl.DataFrame:
    """One indicator's count by group (``compute`` broken down by one dimension), in the
    engine's group order: group, name (``names`` or the group label capitalised), count, share
    of all groups' count (0–100) and the label shown beside a bar (``104 (38.2%)``)."""
    rows = [row for row in frame.iter_rows(named=True)
            if row["indicator_id"] == indicator_id and row["numerator"] is not None]
    total = sum(row["numerator"] for row in rows)
    out = []
    for row in rows:
        share = 100.0 * row["numerator"] / total if total else None
        out.append({"group": row["group"],
                    "name": (names or {}).get(row["group"], row["group"][:1].upper()
                                              + row["group"][1:]),
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
