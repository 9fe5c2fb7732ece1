"""The Benchmarks page's tables, chart series and findings: the authority's computed figures beside
England's, its region's, its statistical neighbours' and its own published figures, with the
Fingertips comparison, LAIT's quartile band and rank, trends over the published years and the
areas compared for one measure. Every figure shown is text made by ``iro_metrics.present.formatting``;
published symbols are kept as published, never read as 0.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from iro_metrics.indicators.periods import reporting_year
from iro_metrics.indicators.registry import BY_ID, INDICATORS, Indicator, Polarity, Unit
from iro_metrics.present.formatting import format_number, format_published, format_value
from iro_metrics.published.comparison import (
    NOT_BANDED,
    NOT_RANKED,
    Comparison,
    Position,
    Standing,
    comparator_year,
    comparators,
    compare,
    known,
    missing,
    neighbour_average,
    position,
    published_interval,
    verdict_words,
)
from iro_metrics.published.neighbours import AVERAGES, NEIGHBOUR_COLUMNS, neighbour_values
from iro_metrics.published.reference import REFERENCE_DIR

LOWER, UPPER = "Lower 95% limit", "Upper 95% limit"
NO_INTERVAL = "None: no published counts"
NEIGHBOUR = "Neighbour: rank and closeness"
NO_COMPARATOR_REASONS = {
    "cp_ceased": "Published only as a rate per 10,000 children (LAIT DeRegCPR)",
}
LOCAL_REASON = "A local measure: nothing comparable is published"
DEFAULT_REASON = "Not in the published figures used here"
CATEGORY_ROW = ("Child protection plans by category of abuse", DEFAULT_REASON)
FIRST_MEASURE = "cp_rate"


def year_label(year: int) -> str:
    """The reporting year ending on 31 March of ``year``: 2020 is ``2019-20``."""
    return reporting_year(year - 1).label


def compared_ids(table: pl.DataFrame) -> list[str]:
    """Indicators with published comparators, in the registry's order."""
    published = set(table["indicator_id"].unique().to_list())
    return [indicator.id for indicator in INDICATORS if indicator.id in published]


@dataclass(frozen=True)
class Row:
    """One indicator's computed figure beside every published one, for one year."""

    indicator: Indicator
    local: dict[str, Any]  # the engine's row (value, numerator, denominator, lower_95 …)
    published: dict[str, Any]  # a ``comparators`` row (own_, region_, england_ value/symbol/name)
    decimals: int  # the published precision
    source: str
    neighbour: float | None  # the neighbours' average
    with_figure: int  # neighbours with a published figure
    listed: int  # neighbours listed
    england: Comparison | None
    region: Comparison | None
    position: Position
    year: int  # the year to 31 March the published figures are for (``comparator_year``)

    @property
    def value(self) -> float | None:
        return self.local.get("value")


def benchmark_rows(table: pl.DataFrame, local: pl.DataFrame, la_code: str, year: int,
                   neighbours: pl.DataFrame, how: str,
                   reference: Path = REFERENCE_DIR) -> list[Row]:
    """Every indicator with published comparators, for the year to 31 March ``year`` or, where
    that year is not published yet, the latest earlier one (``comparator_year``; the row's
    ``year``): our computed figure (``local``, the engine's rows for the whole authority), the
    region's and England's published figures, our own for the same year only (the
    reconciliation compares like with like), the neighbours' average (``how``: mean or
    median), the comparisons with England and the region, and our band and rank."""
    ours = {row["indicator_id"]: row for row in local.iter_rows(named=True) if not row["group"]}
    rows = []
    by_indicator = table.partition_by("indicator_id", as_dict=True)  # one pass, not one a measure
    for indicator_id in compared_ids(table):
        indicator = BY_ID[indicator_id]
        published = by_indicator[(indicator_id,)]
        mine = ours.get(indicator_id, {})
        shown = comparator_year(published, indicator_id, year) or year
        theirs = next(comparators(published, la_code, shown, reference).iter_rows(named=True), {})
        if shown != year:
            theirs |= {"own_value": None, "own_symbol": None}
        decimals = theirs.get("published_decimals")
        if decimals is None:
            decimals = int(published["decimals"][0])
        figures = published.filter(pl.col("year") == shown)
        others = figures.filter(pl.col("area_type") == "LA", pl.col("area_code") != la_code)
        values = neighbour_values(published, indicator_id, shown, neighbours)["value"].to_list()
        sources = figures.filter(pl.col("area_code").is_in([la_code, "970"]))["source"]
        rows.append(Row(
            indicator=indicator, local=mine, published=theirs, decimals=decimals,
            source=sources[0] if sources.len() else "",
            neighbour=neighbour_average(values, how),
            with_figure=sum(not missing(v) for v in values), listed=len(values),
            england=compare(mine.get("lower_95"), mine.get("upper_95"),
                            theirs.get("england_value"), indicator.polarity),
            region=compare(mine.get("lower_95"), mine.get("upper_95"),
                           theirs.get("region_value"), indicator.polarity),
            position=position(mine.get("value"), others["value"].to_list(),
                              indicator.polarity, decimals), year=shown))
    return rows


def region_name(rows: list[Row]) -> str:
    """The region's name as published (from any row that has it), else ``Region``."""
    return next((row.published["region_name"] for row in rows
                 if row.published.get("region_name")), None) or "Region"


def earlier_years(rows: list[Row], year: int) -> str:
    """Words for a title when some published figures are for an earlier year than the year to
    31 March ``year`` (not yet published): ``; published figures for 2018-19, the latest
    published, for 2 measures``; empty when every row is for that year."""
    earlier = sorted({row.year for row in compared_rows(rows) if row.year != year})
    if not earlier:
        return ""
    count = sum(row.year != year for row in compared_rows(rows))
    which = "the one measure" if count == 1 else f"{count} measures"
    labels = " and ".join(year_label(found) for found in earlier)
    return (f"; published figures for {labels}, the latest published, for {which} "
            f"({year_label(year)}'s are not published yet)")


def _published(row: Row, role: str) -> str:
    return format_published(row.published.get(f"{role}_value"),
                            row.published.get(f"{role}_symbol"), row.decimals, row.indicator)


def band_text(row: Row) -> str:
    """The quartile band as shown: A–D, "Not banded" without a polarity, ``x`` when no other
    authority has a published figure, or our missing figure's symbol."""
    if row.indicator.polarity is Polarity.NONE:
        return NOT_BANDED
    if missing(row.value) or not row.position.among:
        return format_number(None if not row.position.among else row.value)
    return row.position.band


def rank_text(row: Row) -> str:
    """``12 of 151`` (1 the best), "Not ranked" without a polarity, ``x`` when no other
    authority has a published figure, or our missing figure's symbol."""
    if row.indicator.polarity is Polarity.NONE:
        return NOT_RANKED
    if row.position.rank is None:
        return format_number(None if not row.position.among else row.value)
    return f"{row.position.rank} of {row.position.among}"


def average_heading(how: str) -> str:
    """``Neighbours' mean`` or ``Neighbours' median``."""
    return f"Neighbours' {AVERAGES[how]}"


def compared_rows(rows: list[Row]) -> list[Row]:
    """The rows of measures compared with other areas: rates and percentages (counts depend on
    an area's size)."""
    return [row for row in rows if row.indicator.unit is not Unit.COUNT]


def measure_choices(rows: list[Row]) -> tuple[list[str], int]:
    """The measures the trend and areas charts can show (the rates and percentages compared),
    and which of them is shown first: children on a plan per 10,000 when it is there."""
    measures = [row.indicator.id for row in compared_rows(rows)]
    return measures, measures.index(FIRST_MEASURE) if FIRST_MEASURE in measures else 0


def comparison_table(rows: list[Row], name: str, region_name: str, how: str,
                     year: int | None = None) -> pl.DataFrame:
    """One row per rate or percentage: our computed figure, England's, the region's and the
    neighbours' average (at the published precision), the comparison with England, the
    quartile band and the rank; and, when some published figures are for an earlier year than
    the year to 31 March ``year``, the year each is for ("Published for")."""
    region = region_name or "Region"
    earlier = year is not None and any(row.year != year for row in compared_rows(rows))
    records = [{
        "Measure": row.indicator.title,
        name: format_value(row.value, row.indicator),
        "England": _published(row, "england"),
        region: _published(row, "region"),
        average_heading(how): _number(row.neighbour, row.decimals, row.indicator),
        "vs England": (format_number(row.value) if missing(row.value)
                       else verdict_words(row.indicator, row.england)),
        "Quartile band": band_text(row),
        "Rank": rank_text(row),
    } | ({"Published for": year_label(row.year)} if earlier else {})
        for row in compared_rows(rows)]
    return _strings(records)


def _number(value: float | None, decimals: int, indicator: Indicator) -> str:
    return format_published(value, None, decimals, indicator)


def _strings(records: list[dict[str, str]]) -> pl.DataFrame:
    if not records:
        return pl.DataFrame()
    return pl.DataFrame(records, schema=dict.fromkeys(records[0], pl.String))


def difference(row: Row) -> float | None:
    """Our computed figure rounded to the published precision, less our published figure (None
    when either is missing; NaN when ours is suppressed)."""
    own = row.published.get("own_value")
    if row.value is None or own is None:
        return None
    return round(row.value, row.decimals) - own + 0.0  # + 0.0: never "-0.0"


def reconciliation_table(rows: list[Row], name: str) -> pl.DataFrame:
    """The analysts' check: our computed figure, the same rounded to the published precision,
    our published figure and the difference, with the published source."""
    records = [{
        "Measure": row.indicator.label,
        "Computed here": format_value(row.value, row.indicator),
        "Rounded as published": format_number(
            None if row.value is None else round(row.value, row.decimals), row.decimals),
        f"Published for {name}": format_published(row.published.get("own_value"),
                                                  row.published.get("own_symbol"),
                                                  row.decimals),
        "Difference": format_number(difference(row), row.decimals),
        "Published source": row.source,
    } for row in rows]
    return _strings(records)


def matching(rows: list[Row]) -> tuple[int, int]:
    """(measures whose difference is zero at the published precision, measures with both a
    computed and a published figure)."""
    differences = [difference(row) for row in rows]
    both = [d for d in differences if known(d)]
    return sum(round(d, row.decimals) == 0 for d, row in zip(differences, rows, strict=True)
               if known(d)), len(both)


def summary_finding(rows: list[Row], name: str, year: str) -> str:
    """The headline: on how many measures (those where higher or lower is better) we were
    better, similar or worse than England in ``year`` (a label), naming England's year when
    its figures are an earlier year's, the latest published."""
    compared = [(row.england.judgement, year_label(row.year)) for row in rows
                if row.indicator.polarity is not Polarity.NONE and row.england is not None]
    if not compared:
        return f"{name} beside England, its region and its statistical neighbours, {year}"
    judged = [judgement for judgement, _ in compared]
    labels = sorted({label for _, label in compared})
    england = ("England" if labels == [year] else
               f"England's {' and '.join(labels)} figures, the latest published,")
    counts = {word: judged.count(word) for word in ("Better", "Similar", "Worse")}
    measures = ("the one measure" if len(judged) == 1 else f"the {len(judged)} measures")
    measures += " where higher or lower is better"
    present = [(word, count) for word, count in counts.items() if count]
    if len(present) == 1:
        everything = "" if len(judged) == 1 else "all of "
        return (f"In {year}, {name} was {_relation(present[0][0])} {england} on "
                f"{everything}{measures}")
    phrases = [f"{_relation(word)} {england} on {count}" if not index
               else f"{word.lower()} on {count}"
               for index, (word, count) in enumerate(present)]
    joined = ", ".join(phrases[:-1]) + " and " + phrases[-1]
    return f"In {year}, {name} was {joined} of {measures}"


def _relation(judgement: str) -> str:
    return "similar to" if judgement == "Similar" else f"{judgement.lower()} than"


def standings(rows: list[Row], before: list[Row]) -> list[Standing]:
    """The rates and percentages compared, for the "where we stand" line: each judged against
    England (Fingertips method; not where higher is neither better nor worse) with its rank
    this year and in ``before`` (the rows of the year before)."""
    ranks = {row.indicator.id: row.position.rank for row in before}
    return [Standing(row.indicator.title,
                     row.england.judgement if row.england and row.indicator.polarity
                     is not Polarity.NONE else None,
                     row.position.rank, ranks.get(row.indicator.id))
            for row in compared_rows(rows)]


def page_standings(table: pl.DataFrame, now: pl.DataFrame, before: pl.DataFrame, la_code: str,
                   year: int, indicator_ids: Collection[str],
                   reference: Path = REFERENCE_DIR) -> list[Standing]:
    """The "where we stand" measures of one page: those of ``indicator_ids`` (the registry's ids
    of what the page shows) with a published comparator, our figures for the year to 31 March
    ``year`` (``now``, the engine's rows) judged against England, with their ranks then and the
    year before (``before``). Empty when the page shows none; ValueError for an id the registry
    does not know. The neighbours play no part in a judgement or a rank, so none are listed."""
    if unknown := sorted(set(indicator_ids) - BY_ID.keys()):
        raise ValueError(f"not indicators of the registry: {', '.join(unknown)}")
    nobody = pl.DataFrame(schema=NEIGHBOUR_COLUMNS)
    rows = [row for row in benchmark_rows(table, now, la_code, year, nobody, "mean", reference)
            if row.indicator.id in indicator_ids]
    return standings(rows, benchmark_rows(table, before, la_code, year - 1, nobody, "mean",
                                          reference) if rows else [])


def no_comparator_table(table: pl.DataFrame) -> pl.DataFrame:
    """Measures shown elsewhere in the dashboard with no published comparator, and why."""
    published = set(compared_ids(table))
    records = [{"Measure": indicator.title,
                "Why there is no comparator": NO_COMPARATOR_REASONS.get(
                    indicator.id, LOCAL_REASON if indicator.local else DEFAULT_REASON)}
               for indicator in INDICATORS if indicator.id not in published]
    records.append(dict(zip(("Measure", "Why there is no comparator"), CATEGORY_ROW,
                            strict=True)))
    return _strings(records)


# --- Trend ---------------------------------------------------------------------------------


def trend(table: pl.DataFrame, local: pl.DataFrame, la_code: str, region_code: str | None,
          indicator_id: str, series_names: dict[str, str],
          neighbours: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Our computed figure (``local``: the engine's yearly rows) against England, the region
    and the neighbours' average (``neighbours``: ``neighbour_series``) over every reporting year
    either covers. Returns the chart's long rows (year, series, value, label; figures only) and
    the table (Year and one column per series, symbols as published). ``series_names`` names
    the series ``ours``, ``england``, ``region`` and ``neighbours``, in drawing order."""
    indicator = BY_ID[indicator_id]
    published = table.filter(pl.col("indicator_id") == indicator_id)
    decimals = int(published["decimals"][0]) if published.height else indicator.decimals
    mine = {row["period_end"].year: row["value"] for row in local.iter_rows(named=True)
            if row["indicator_id"] == indicator_id and not row["group"]}
    areas = {"england": "970", "region": region_code}
    found: dict[str, dict[int, tuple[float | None, str | None]]] = {
        role: {row["year"]: (row["value"], row["symbol"])
               for row in published.filter(pl.col("area_code") == code).iter_rows(named=True)}
        if code else {} for role, code in areas.items()}
    found["neighbours"] = {row["year"]: (row["value"], None)
                           for row in neighbours.iter_rows(named=True)}
    years = sorted(set(mine) | {year for role in found.values() for year in role})
    long, wide = [], []
    for year in years:
        record = {"Year": year_label(year)}
        for role, heading in series_names.items():
            if role == "ours":
                value, text = mine.get(year), format_value(mine.get(year), indicator)
            else:
                value, symbol = found[role].get(year, (None, None))
                text = format_published(value, symbol, decimals, indicator)
            record[heading] = text
            if not missing(value):
                long.append({"year": year_label(year), "series": heading, "value": value,
                             "label": text})
        wide.append(record)
    chart = pl.DataFrame(long, schema={"year": pl.String, "series": pl.String,
                                       "value": pl.Float64, "label": pl.String})
    order = list(series_names.values())
    chart = chart.sort(pl.col("series").replace_strict(order, list(range(len(order)))), "year")
    return chart, _strings(wide)


def trend_finding(chart: pl.DataFrame, ours: str, england: str, name: str) -> str:
    """How our computed figure stood against England's in the years both exist, judged on the
    figures as shown: "Darlington was below England in 5 of 6 years, 2015-16 to 2020-21"."""
    mine = {row["year"]: row for row in chart.filter(pl.col("series") == ours).iter_rows(
        named=True)}
    theirs = {row["year"]: row for row in chart.filter(pl.col("series") == england).iter_rows(
        named=True)}
    both = sorted(set(mine) & set(theirs))
    if not both:
        return f"{name}'s computed figures and England's published ones over the years"
    below = sum(mine[y]["value"] < theirs[y]["value"] and mine[y]["label"] != theirs[y]["label"]
                for y in both)
    above = sum(mine[y]["value"] > theirs[y]["value"] and mine[y]["label"] != theirs[y]["label"]
                for y in both)
    span = both[0] if len(both) == 1 else f"{both[0]} to {both[-1]}"
    years = f"{len(both)} year" + ("s" if len(both) > 1 else "")
    if below == above:
        return (f"{name} was below England in {below} and above it in {above} of the {years} "
                f"both have a figure, {span}")
    word, count = ("below", below) if below > above else ("above", above)
    if count == len(both) > 1:
        return f"{name} was {word} England in all {years} both have a figure, {span}"
    return f"{name} was {word} England in {count} of the {years} both have a figure, {span}"


# --- Areas compared for one measure --------------------------------------------------------


def areas(table: pl.DataFrame, row: Row, region_code: str | None, region_name: str,
          neighbours: pl.DataFrame, year: int,
          ours_label: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One measure for the year to 31 March ``year`` for England, the region, our authority
    (computed, with the engine's 95% limits) and each neighbour (published for the row's year,
    with Wilson or Byar limits where the published counts allow): the chart rows (area, value,
    label, lower, upper, ours) with England and the region first, then the authorities from
    highest to lowest (no figure last), and the table (Area, figure, limits, how the limits
    were worked out, and each figure's Year when the published ones are an earlier year's)."""
    indicator = row.indicator
    published = table.filter(pl.col("indicator_id") == indicator.id, pl.col("year") == row.year)
    records: list[dict[str, Any]] = []
    for code, area in (("970", "England"), (region_code, region_name)):
        if not code:
            continue
        found = published.filter(pl.col("area_code") == code)
        figure = found.row(0, named=True) if found.height else {}
        records.append(_published_area(area, figure, row.decimals, indicator)
                       | {"closeness": ""})
    authorities: list[dict[str, Any]] = [{
        "area": ours_label, "value": row.value, "label": format_value(row.value, indicator),
        "lower": row.local.get("lower_95"), "upper": row.local.get("upper_95"),
        "method": _engine_method(indicator), "ours": True, "closeness": "",
    }]
    for figure in neighbour_values(table, indicator.id, row.year,
                                   neighbours).iter_rows(named=True):
        authorities.append(_published_area(figure["la_name"], figure, row.decimals, indicator)
                           | {"closeness": f"{figure['rank']}. {figure['closeness'] or ''}"})
    authorities.sort(key=lambda r: (missing(r["value"]),
                                    -(r["value"] if not missing(r["value"]) else 0)))
    records += authorities
    chart = pl.DataFrame(records, schema={
        "area": pl.String, "value": pl.Float64, "label": pl.String, "lower": pl.Float64,
        "upper": pl.Float64, "method": pl.String, "ours": pl.Boolean, "closeness": pl.String})
    chart = chart.with_columns(pl.col("value").fill_nan(None), pl.col("lower").fill_nan(None),
                               pl.col("upper").fill_nan(None))
    shown = pl.DataFrame({
        "Area": chart["area"], "Figure": chart["label"],
        LOWER: [format_number(v, indicator.decimals) for v in chart["lower"].to_list()],
        UPPER: [format_number(v, indicator.decimals) for v in chart["upper"].to_list()],
        "95% interval": chart["method"], NEIGHBOUR: chart["closeness"],
    }, schema=dict.fromkeys(("Area", "Figure", LOWER, UPPER, "95% interval", NEIGHBOUR),
                            pl.String))
    if row.year != year:
        shown = shown.insert_column(2, pl.Series("Year", [
            year_label(year if ours else row.year) for ours in chart["ours"]], pl.String))
    return chart, shown


def _engine_method(indicator: Indicator) -> str:
    return ("Wilson, from the counts computed here" if indicator.unit is Unit.PERCENT
            else "Byar, from the counts computed here" if indicator.unit is Unit.PER_10K
            else NO_INTERVAL)


def _published_area(area: str, figure: Mapping[str, Any], decimals: int,
                    indicator: Indicator) -> dict[str, Any]:
    value, symbol = figure.get("value"), figure.get("symbol")
    limits = published_interval(indicator, figure.get("numerator"), figure.get("denominator"))
    method = NO_INTERVAL
    if limits is not None and value is not None:
        method = ("Wilson, from the published counts" if indicator.unit is Unit.PERCENT
                  else "Byar, from the published counts")
    return {"area": area, "value": value,
            "label": format_published(value, symbol, decimals, indicator),
            "lower": limits[0] if limits and value is not None else None,
            "upper": limits[1] if limits and value is not None else None,
            "method": method, "ours": False}


def areas_finding(row: Row, name: str, year: str, how: str) -> str:
    """``Children on a plan per 10,000 in 2019-20: Darlington 38.2, similar to England (43.7)``
    and, when there is one, against the neighbours' average; published figures for an earlier
    year than ``year`` (a label) name it: ``England 2018-19 (43.7)``."""
    indicator = row.indicator
    published = year_label(row.year)
    earlier = "" if published == year else f" {published}"
    text = f"{indicator.label} in {year}: {name} {format_value(row.value, indicator)}"
    if row.england is not None:
        text += (f", {_relation(row.england.judgement)} England{earlier} "
                 f"({_published(row, 'england')})")
    if row.neighbour is not None and known(row.value):
        ours = round(row.value, row.decimals)
        theirs = round(row.neighbour, row.decimals)
        word = "above" if ours > theirs else "below" if ours < theirs else "the same as"
        text += (f", {word} the neighbours'{earlier} {AVERAGES[how]} "
                 f"({_number(row.neighbour, row.decimals, indicator)})")
    return text
