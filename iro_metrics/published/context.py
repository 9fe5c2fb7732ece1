"""Context measures: LAIT's published figures about children looked after that the extract cannot
give (placement stability, distance from home, children missing, unaccompanied asylum-seeking
children, social worker changes, care leavers in education, employment or training), for every
authority, region and England over every published year, built tidy from ``lait_bds_long`` with
each measure's title and polarity from ``lait_data_dictionary`` and committed as
``data/context.parquet``. They are shown as published, never computed from the extract, with
their symbols kept (a symbol is never read as zero).
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from iro_metrics.indicators.periods import reporting_year
from iro_metrics.indicators.registry import Polarity
from iro_metrics.present.formatting import SYMBOLS, format_published
from iro_metrics.published.comparators import ENGLAND, parse_value
from iro_metrics.published.comparison import (
    NOT_BANDED,
    NOT_RANKED,
    Position,
    Standing,
    known,
    neighbour_average,
    position,
)
from iro_metrics.published.versioned import read_per_version

CONTEXT_FILE = Path(__file__).resolve().parents[2] / "data" / "context.parquet"
MEASURES = ("LACStable_2016on", "LAC_LongStable%", "LACDistance", "Children_missing",
            "Unacc_Asylmn_Seek_Childn%", "Stability_SocialWorker", "CareLeaverEET")
"""The LAIT measures shown, in the order shown."""
TITLES = {
    "LACStable_2016on": "Children looked after with 3 or more placements during the year",
    "LAC_LongStable%": "Children looked after long term who were in the same placement for at "
                       "least 2 years",
    "LACDistance": "Children looked after placed more than 20 miles from home, outside the "
                   "council's area",
    "Children_missing": "Children looked after who went missing during the year",
    "Unacc_Asylmn_Seek_Childn%": "Children looked after who were unaccompanied asylum-seeking "
                                 "children",
    "Stability_SocialWorker": "Children looked after who had 3 or more social workers during "
                              "the year",
    "CareLeaverEET": "Care leavers aged 19 to 21 in education, employment or training",
}
"""Each measure in plain words (LAIT's own title stays in the table's ``title`` column); every
one is a percentage."""
POLARITIES = {"High": "high", "Low": "low"}
"""LAIT's polarity words; anything else (LAIT's ``-``) is no polarity: not judged or ranked."""
SCHEMA = pl.Schema({
    "measure": pl.String, "title": pl.String, "polarity": pl.String, "year": pl.Int64,
    "area_code": pl.String, "area_name": pl.String, "area_type": pl.String,
    "value": pl.Float64, "symbol": pl.String, "decimals": pl.Int64,
})


def _shown_decimals(text: pl.Expr) -> pl.Expr:
    number = text.str.strip_chars().cast(pl.Float64, strict=False).round(6)
    shown = number.cast(pl.String).str.replace(r"\.0$", "")
    return pl.when(shown.str.contains(r"\.")).then(
        shown.str.split(".").list.last().str.len_chars()).otherwise(0).cast(pl.Int64)


def tidy_context(source: Path) -> pl.DataFrame:
    """One row per (measure, year to 31 March, area): the published value or symbol, the
    measure's LAIT chart title and polarity (``high``, ``low`` or ``none``), and the decimals it
    is published with."""
    raw = pl.read_parquet(source / "lait_bds_long.parquet").filter(
        pl.col("Short Desc").is_in(MEASURES))
    dictionary = pl.read_csv(source / "lait_data_dictionary.csv", infer_schema=False).select(
        measure="Measure_short", title=pl.col("Chart_title").str.replace_all(r"\s+", " "),
        polarity=pl.col("Polarity").replace_strict(POLARITIES, default="none"))
    number, symbol = parse_value(pl.col("Values"))
    code = pl.col("LA Number").cast(pl.Int64)
    tidy = raw.select(
        measure="Short Desc", year=pl.col("Years").cast(pl.Int64),
        area_code=code.cast(pl.String).str.zfill(3), area_name="LA and Regions",
        area_type=pl.when(code == int(ENGLAND)).then(pl.lit("England"))
        .when(code >= 980).then(pl.lit("region")).otherwise(pl.lit("LA")),
        value=number, symbol=symbol, shown=_shown_decimals(pl.col("Values")))
    decimals = tidy.group_by("measure").agg(decimals=pl.col("shown").max())
    order = pl.col("measure").replace_strict(MEASURES, list(range(len(MEASURES))))
    return (tidy.join(decimals, on="measure").join(dictionary.unique("measure"), on="measure",
                                                   how="left")
            .select(list(SCHEMA)).cast(SCHEMA).sort(order, "year", "area_type", "area_code"))


def build_context(source: Path, out: Path = CONTEXT_FILE) -> Path:
    """Write the tidy context measures and return the path; ValueError when a measure shown is
    missing from the published files."""
    table = tidy_context(source)
    absent = sorted(set(MEASURES) - set(table["measure"].unique().to_list()))
    if absent:
        raise ValueError(f"context measures not written: {', '.join(absent)} not published")
    out.parent.mkdir(parents=True, exist_ok=True)
    table.write_parquet(out, statistics=False)
    return out


def load_context(path: Path = CONTEXT_FILE) -> pl.DataFrame | None:
    """The committed context measures, or None when they have not been built; read once per
    version of the file."""
    return _read_context(path) if path.is_file() else None


_read_context = read_per_version(lambda path: pl.read_parquet(path).cast(SCHEMA))


def _percent(value: float | None, symbol: str | None, decimals: int) -> str:
    """A published percentage as published: ``11%``, or its symbol (``x`` when there is none)."""
    text = format_published(value, symbol, decimals)
    return text if symbol or text in SYMBOLS else f"{text}%"


def _label(year: int) -> str:
    return reporting_year(year - 1).label


@dataclass(frozen=True)
class ContextRow:
    """One context measure for one year to 31 March (``year``: the year asked for when
    published, else the latest earlier one, else the first published): the published figures
    of the authority, its region and England (value, symbol), the neighbours' average, the
    authority's band and rank among all councils and its rank the year before."""

    measure: str
    polarity: Polarity
    year: int
    decimals: int
    figures: dict[str, tuple[float | None, str | None]]
    neighbours: float | None
    position: Position
    rank_before: int | None

    @property
    def title(self) -> str:
        return TITLES[self.measure]

    def shown(self, role: str) -> str:
        """A published figure as published (symbols kept): role ``ours``, ``region`` or
        ``england``."""
        value, symbol = self.figures.get(role, (None, None))
        return _percent(value, symbol, self.decimals)

    def judgement(self) -> str | None:
        """Ours against England's at the published precision: Better, Same or Worse (Higher,
        Same or Lower without a polarity); None when either is missing. Published figures come
        without counts, so there is no interval to judge "similar" by."""
        ours, _ = self.figures.get("ours", (None, None))
        england, _ = self.figures.get("england", (None, None))
        if not (known(ours) and known(england)):
            return None
        if round(ours, self.decimals) == round(england, self.decimals):
            return "Same"
        higher = ours > england
        if self.polarity is Polarity.NONE:
            return "Higher" if higher else "Lower"
        return "Better" if higher == (self.polarity is Polarity.HIGH) else "Worse"


def _shown_year(years: list[int], year: int) -> int:
    earlier = [found for found in years if found <= year]
    return max(earlier) if earlier else min(years)


def _rank(table: pl.DataFrame, la_code: str, year: int, polarity: Polarity,
          decimals: int) -> Position:
    """Our published figure's band and rank among every council's published figures."""
    councils = table.filter(pl.col("year") == year, pl.col("area_type") == "LA")
    ours = councils.filter(pl.col("area_code") == la_code)["value"]
    others = councils.filter(pl.col("area_code") != la_code)["value"].to_list()
    return position(ours[0] if ours.len() else None, others, polarity, decimals)


def context_rows(table: pl.DataFrame, la_code: str, region_code: str | None,
                 neighbours: pl.DataFrame, year: int, how: str) -> list[ContextRow]:
    """Every context measure for the year to 31 March ``year`` (or the nearest published, see
    ``ContextRow``), with the neighbours' ``how`` average (mean or median) and LAIT's band and
    rank (``comparison.position``, the method used for every comparator)."""
    rows = []
    for measure in MEASURES:
        found = table.filter(pl.col("measure") == measure)
        if found.is_empty():
            continue
        shown = _shown_year(sorted(set(found["year"].to_list())), year)
        polarity = Polarity(found["polarity"][0])
        decimals = int(found["decimals"][0])
        that_year = found.filter(pl.col("year") == shown)
        figures = {}
        for role, code in (("ours", la_code), ("region", region_code), ("england", ENGLAND)):
            cell = that_year.filter(pl.col("area_code") == code) if code else that_year.clear()
            figures[role] = (cell["value"][0], cell["symbol"][0]) if cell.height else (None, None)
        nearby = that_year.filter(pl.col("area_code").is_in(neighbours["la_code"].implode()))
        rows.append(ContextRow(
            measure, polarity, shown, decimals, figures,
            neighbour_average(nearby["value"].to_list(), how),
            _rank(found, la_code, shown, polarity, decimals),
            _rank(found, la_code, shown - 1, polarity, decimals).rank))
    return rows


def _band(row: ContextRow) -> str:
    if row.polarity is Polarity.NONE:
        return NOT_BANDED
    return row.position.band if row.position.rank is not None else "x"


def _rank_text(row: ContextRow) -> str:
    if row.polarity is Polarity.NONE:
        return NOT_RANKED
    rank = row.position.rank
    return "x" if rank is None else f"{rank} of {row.position.among}"


def context_table(rows: list[ContextRow], name: str, region_name: str,
                  average: str) -> pl.DataFrame:
    """The Context table as shown: each measure, the year its published figures are for, the
    authority's, England's, the region's and the neighbours' ``average`` (a heading) published
    figures, the authority against England, its quartile band and its rank."""
    records = [{
        "Measure": row.title, "Published for": _label(row.year), name: row.shown("ours"),
        "England": row.shown("england"), region_name: row.shown("region"),
        average: _percent(row.neighbours, None, row.decimals),
        "vs England": row.judgement() or "x", "Quartile band": _band(row), "Rank": _rank_text(row),
    } for row in rows]
    return pl.DataFrame(records, schema=dict.fromkeys(records[0], pl.String) if records else None)


def context_standings(rows: list[ContextRow]) -> list[Standing]:
    """The context measures for the "where we stand" line."""
    return [Standing(row.title, row.judgement() if row.polarity is not Polarity.NONE else None,
                     row.position.rank, row.rank_before, published=True) for row in rows]


def context_trend(table: pl.DataFrame, measure: str, codes: dict[str, str | None],
                  neighbours: pl.DataFrame, how: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One context measure over every published year: the chart's long rows (year, series,
    value, label; figures only) and the table (Year and one column per series, symbols as
    published). ``codes`` maps each series' name to its area code, in drawing order; the
    neighbours' ``how`` average comes last, as "Neighbours' mean" or "Neighbours' median"."""
    found = table.filter(pl.col("measure") == measure)
    decimals = int(found["decimals"][0]) if found.height else 0
    long: list[dict[str, Any]] = []
    wide: list[dict[str, str]] = []
    average = f"Neighbours' {how}"
    for year in sorted(set(found["year"].to_list())):
        that_year = found.filter(pl.col("year") == year)
        record = {"Year": _label(year)}
        for series, code in codes.items():
            cell = that_year.filter(pl.col("area_code") == code) if code else that_year.clear()
            value, symbol = (cell["value"][0], cell["symbol"][0]) if cell.height else (None, None)
            record[series] = _percent(value, symbol, decimals)
            if known(value):
                long.append({"year": _label(year), "series": series, "value": value,
                             "label": record[series]})
        nearby = that_year.filter(pl.col("area_code").is_in(neighbours["la_code"].implode()))
        mean = neighbour_average(nearby["value"].to_list(), how)
        record[average] = _percent(mean, None, decimals)
        if mean is not None:
            long.append({"year": _label(year), "series": average, "value": mean,
                         "label": record[average]})
        wide.append(record)
    chart = pl.DataFrame(long, schema={"year": pl.String, "series": pl.String,
                                       "value": pl.Float64, "label": pl.String})
    order = [*codes, average]
    chart = chart.sort(pl.col("series").replace_strict(order, list(range(len(order)))), "year")
    return chart, pl.DataFrame(wide, schema=dict.fromkeys(["Year", *order], pl.String))
