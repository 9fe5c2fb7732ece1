"""How a local figure compares with published ones, by the Fingertips method: the benchmark is
"similar" when it lies inside the local 95% confidence interval, otherwise the local value is
higher or lower, which polarity turns into better or worse. Used by every page that compares."""

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeGuard

import numpy as np
import polars as pl

from iro_metrics.indicators.periods import reporting_year
from iro_metrics.indicators.registry import Indicator, Polarity, Unit
from iro_metrics.indicators.stats import PER_10000, Z95, byar, wilson
from iro_metrics.present.formatting import format_published, lower_first
from iro_metrics.present.view import View
from iro_metrics.published.comparators import (
    BENCHMARKS_FILE,
    ENGLAND,
    SCHEMA,
    validate_benchmarks,
)
from iro_metrics.published.reference import REFERENCE_DIR
from iro_metrics.published.versioned import read_per_version

METHOD = ("Compared using the local 95% confidence interval (Fingertips method): similar when "
          "the comparator lies inside it.")
POSITION_METHOD = (
    "Quartile band and rank as LAIT works them out: {name}'s computed figure, rounded to the "
    "published precision, placed among the other authorities' published figures for the same "
    "year (type-7 quartiles; A is the best quarter and D the worst; rank 1 is the best and tied "
    "figures share the better rank). Measures where higher is neither better nor worse are not "
    "banded or ranked.")
NOT_BANDED, NOT_RANKED = "Not banded", "Not ranked"
BAND_COLOURS = {"A": "#00703c", "D": "#d4351c"}  # LAIT colours only A and D, with the letter
NOT_COMPARED_COUNT = "Not compared (a count)"


def known(value: float | None) -> TypeGuard[float]:
    """A figure: neither null nor NaN (a figure suppressed by disclosure control)."""
    return value is not None and value == value


def missing(value: float | None) -> bool:
    """No figure: null, or NaN (a figure suppressed by disclosure control)."""
    return not known(value)


@dataclass(frozen=True)
class Comparison:
    """The verdict on a local value against one comparator."""

    direction: str  # "Higher", "Lower" or "Similar"
    judgement: str  # "Better", "Worse", "Similar" or, without polarity, the direction


def compare(lower_95: float | None, upper_95: float | None, benchmark: float | None,
            polarity: Polarity) -> Comparison | None:
    """Fingertips comparison of a local interval with a benchmark value (None when either is
    missing)."""
    if not (known(lower_95) and known(upper_95) and known(benchmark)):
        return None
    if lower_95 <= benchmark <= upper_95:
        return Comparison("Similar", "Similar")
    direction = "Higher" if lower_95 > benchmark else "Lower"
    if polarity is Polarity.NONE:
        return Comparison(direction, direction)
    good = (direction == "Higher") == (polarity is Polarity.HIGH)
    return Comparison(direction, "Better" if good else "Worse")


BENCHMARKS_VARIABLE = "IRO_BENCHMARKS"
LOG = logging.getLogger(__name__)


def benchmarks_file() -> Path:
    """The table of published figures: ``$IRO_BENCHMARKS`` when set (another installation's
    or a test's), else the committed ``data/benchmarks.parquet``."""
    named = os.environ.get(BENCHMARKS_VARIABLE)
    return Path(named) if named else BENCHMARKS_FILE


def load_benchmarks(path: Path | None = None) -> pl.DataFrame | None:
    """The table of published figures (``benchmarks_file`` unless ``path`` is given), or None
    when it has not been built or is not a sound one (unreadable, other columns, or failing
    ``validate_benchmarks``): a wrong ``$IRO_BENCHMARKS`` means no comparison, never a wrong
    one or a crash; the reason is logged."""
    path = path or benchmarks_file()
    return _read_benchmarks(path) if path.is_file() else None


def _checked_benchmarks(path: Path) -> pl.DataFrame | None:
    """``load_benchmarks`` of one version of the file: read and checked once, not on every run
    of every page that compares."""
    try:
        table = pl.read_parquet(path).cast(SCHEMA)
        problems = validate_benchmarks(table.select(SCHEMA.names()))
    except (OSError, pl.exceptions.PolarsError) as error:
        problems = [f"not a benchmarks table ({type(error).__name__})"]
    if problems:
        LOG.warning("%s is not used for comparisons: %s", path, "; ".join(problems))
        return None
    return table.select(SCHEMA.names())


_read_benchmarks = read_per_version(_checked_benchmarks)


def region_code(la_code: str, reference: Path = REFERENCE_DIR) -> str | None:
    """The DfE region code (980–990) of an authority, from the committed reference list."""
    return _regions(reference / "local_authorities.csv").get(la_code)


@cache
def _regions(path: Path) -> dict[str, str]:
    """Each authority's region code from the reference list (read once: it is committed with
    the code and changes only with a new release); empty when the list is missing."""
    if not path.is_file():
        return {}
    found = pl.read_csv(path, schema_overrides={"la_code": pl.String, "region_code": pl.String})
    return dict(found.select("la_code", "region_code").iter_rows())


def comparators(table: pl.DataFrame, la_code: str, year: int,
                reference: Path = REFERENCE_DIR) -> pl.DataFrame:
    """Published figures of the authority, its region and England for one year: one row per
    indicator with columns ``<role>_value``, ``<role>_symbol`` and ``published_decimals``."""
    roles = {"own": la_code, "region": region_code(la_code, reference), "england": ENGLAND}
    frames = []
    for role, code in roles.items():
        rows = (table.filter(pl.col("year") == year, pl.col("area_code") == code) if code
                else table.clear())
        frames.append(rows.select(
            "indicator_id", pl.col("value").alias(f"{role}_value"),
            pl.col("symbol").alias(f"{role}_symbol"), pl.col("area_name").alias(f"{role}_name"),
            pl.col("decimals").alias(f"{role}_decimals")))
    merged = frames[0]
    for frame in frames[1:]:
        merged = merged.join(frame, on="indicator_id", how="full", coalesce=True)
    return merged.with_columns(published_decimals=pl.coalesce(
        "own_decimals", "england_decimals", "region_decimals")).drop(
        "own_decimals", "england_decimals", "region_decimals")


def comparator_year(table: pl.DataFrame, indicator_id: str, year: int) -> int | None:
    """The year (to 31 March) whose published figures an indicator is compared with for the
    year to 31 March ``year``: that year when England's figure is published, else the latest
    earlier year that has one (a report written before DfE publishes compares with the year
    before), never a later year; None when no year up to ``year`` has one."""
    years = table.filter(pl.col("indicator_id") == indicator_id, pl.col("area_code") == ENGLAND,
                         pl.col("year") <= year)["year"]
    return None if years.is_empty() else int(years.max())  # type: ignore[arg-type]


@dataclass(frozen=True)
class Published:
    """An indicator's published comparators (a ``comparators`` row) and the year to 31 March
    they are for."""

    year: int
    figures: dict[str, Any]


def latest_comparators(table: pl.DataFrame, la_code: str, indicator_id: str, year: int,
                       reference: Path = REFERENCE_DIR) -> Published | None:
    """The authority's, its region's and England's published figures for an indicator for the
    year to 31 March ``year``, or for the latest earlier year published (``comparator_year``);
    None when nothing is published up to that year."""
    found = comparator_year(table, indicator_id, year)
    if found is None:
        return None
    rows = comparators(table, la_code, found, reference).filter(
        pl.col("indicator_id") == indicator_id)
    return Published(found, rows.row(0, named=True)) if rows.height else None


def quartile_band(value: float | None, values: list[float], polarity: Polarity) -> str:
    """LAIT's quartile band of ``value`` among all authorities' ``values`` (R's default type-7
    quantiles): A is the best quarter, D the worst; ``-`` without a polarity or a value.
    For "low is good", [min, Q1] is A, (Q1, Q2] B, (Q2, Q3] C and (Q3, max] D; reversed for
    "high is good"."""
    present = [v for v in values if known(v)]
    if not known(value) or polarity is Polarity.NONE or not present:
        return "-"
    q1, q2, q3 = (float(q) for q in np.quantile(present, [0.25, 0.5, 0.75], method="linear"))
    quarter = 0 if value <= q1 else 1 if value <= q2 else 2 if value <= q3 else 3
    bands = "ABCD" if polarity is Polarity.LOW else "DCBA"
    return bands[quarter]


def rank(value: float | None, values: list[float], polarity: Polarity) -> int | None:
    """Position among all authorities, 1 the best; tied values share the lower (better) rank;
    None without a polarity or a value."""
    present = [v for v in values if known(v)]
    if not known(value) or polarity is Polarity.NONE:
        return None
    better = [v for v in present if (v > value if polarity is Polarity.HIGH else v < value)]
    return len(better) + 1


def neighbour_average(values: list[float | None], how: str) -> float | None:
    """The statistical neighbours' mean (as LAIT) or median (as the DfE dashboard), skipping
    neighbours without a value; None when none has one."""
    present = [v for v in values if known(v)]
    if how not in ("mean", "median"):
        raise ValueError(f"neighbour average must be 'mean' or 'median', not {how!r}")
    if not present:
        return None
    if how == "mean":
        return sum(present) / len(present)
    return float(np.median(present))


@dataclass(frozen=True)
class Position:
    """Where a figure stands among all authorities: quartile band (A–D, ``-`` when not
    banded), rank (1 the best; None when not ranked) and how many authorities were ranked."""

    band: str
    rank: int | None
    among: int


def position(value: float | None, others: list[float | None], polarity: Polarity,
             decimals: int) -> Position:
    """LAIT's band and rank of our ``value``, rounded to the published precision
    (``decimals``), placed among the ``others``' published figures (the other authorities';
    missing ones skipped): the quartiles and the rank are over those figures and ours. Without
    any other authority's figure there is nothing to place ours among: no band, no rank."""
    present = [v for v in others if known(v)]
    if not present:
        return Position("-", None, 0)
    ours = round(value, decimals) if known(value) else None
    figures = present + ([ours] if ours is not None else [])
    return Position(quartile_band(ours, figures, polarity), rank(ours, figures, polarity),
                    len(figures))


def published_interval(indicator: Indicator, numerator: float | None,
                       denominator: float | None) -> tuple[float, float] | None:
    """95% confidence limits of a published figure from its published counts, in the
    indicator's units: Wilson for a percentage of a denominator, Byar (exact Poisson below 10)
    for a rate per 10,000 with its population; None without both counts or for other units."""
    if not (known(numerator) and known(denominator)) or denominator <= 0:
        return None
    x, n = round(numerator), round(denominator)
    if indicator.unit is Unit.PERCENT and 0 <= x <= n:
        lower, upper = wilson(x, n, Z95)
        return 100 * lower, 100 * upper
    if indicator.unit is Unit.PER_10K and x >= 0:
        lower, upper = byar(x, Z95)
        return PER_10000 * lower / denominator, PER_10000 * upper / denominator
    return None


def comparable(view: View) -> str | None:
    """Why the view cannot be set beside published figures (None when it can): they cover
    whole reporting years and all children."""
    if view.filters.active():
        return ("published figures cover all children, and this view is filtered to some of "
                "them")
    if view.period != reporting_year(view.period.start.year):
        return "published figures cover whole reporting years (1 April to 31 March)"
    return None


def region_phrase(name: str) -> str:
    """A region's name as used in a sentence: ``the North East`` but ``London`` and
    ``Yorkshire and The Humber``."""
    bare = name in ("London", "Inner London", "Outer London") or name.startswith("Yorkshire")
    return name if bare else f"the {name}"


def verdict_words(indicator: Indicator, verdict: Comparison | None) -> str:
    """A comparison in table words: Better, Similar or Worse; Higher or Lower where higher is
    neither better nor worse; counts are not compared; ``x`` when there is nothing to compare."""
    if indicator.unit is Unit.COUNT:
        return NOT_COMPARED_COUNT
    if verdict is None:
        return "x"
    return verdict.judgement


def _relation(verdict: Comparison) -> str:
    return "similar to" if verdict.judgement == "Similar" else f"{verdict.judgement.lower()} than"


def headline_comparison(indicator: Indicator, row: Mapping[str, Any] | None,
                        published: Mapping[str, Any] | None, year_label: str,
                        published_label: str | None = None) -> str | None:
    """One sentence for under a headline figure: how it compares with England's and the
    region's published figures for the year (Fingertips method), e.g. "Similar to England
    (43.7) and lower than the North East (71.0) in 2019-20, judged by the 95% confidence
    interval." When the figures are for an earlier year (``published_label``, not yet
    published for ``year_label``), each place names it: "Similar to England 2018-19 (43.7)
    ..., the latest published, judged by ...". None for a count, or when there is no interval
    or no published comparator."""
    earlier = published_label not in (None, year_label)
    if indicator.unit is Unit.COUNT or row is None or published is None:
        return None
    decimals = published.get("published_decimals") or 0
    parts = []
    for role, place in (("england", "England"), ("region", None)):
        value, symbol = published.get(f"{role}_value"), published.get(f"{role}_symbol")
        verdict = compare(row.get("lower_95"), row.get("upper_95"), value, indicator.polarity)
        name = place or (published.get("region_name") and region_phrase(published["region_name"]))
        if verdict is None or symbol or not name:
            continue
        if earlier:
            name = f"{name} {published_label}"
        parts.append((_relation(verdict),
                      f"{name} ({format_published(value, symbol, decimals, indicator)})"))
    if not parts:
        return None
    if len(parts) == 2 and parts[0][0] == parts[1][0]:  # "better than England (…) and the …"
        sentence = f"{parts[0][0]} {parts[0][1]} and {parts[1][1]}"
    else:
        sentence = " and ".join(f"{relation} {place}" for relation, place in parts)
    when = ", the latest published," if earlier else f" in {year_label},"
    return (f"{sentence[:1].upper()}{sentence[1:]}{when} judged by the 95% confidence "
            "interval.")


@dataclass(frozen=True)
class Standing:
    """One measure's place for the "where we stand" line: its title, the judgement against
    England (Better, Similar, Same or Worse; None when not judged), its rank among English
    councils this year and last (None when not ranked), and whether it is a published context
    measure (judged as published, so Same rather than Similar) or computed here."""

    title: str
    judgement: str | None
    rank: int | None
    rank_before: int | None
    published: bool = False


STANDING_GROUPS = (
    (False, "measure{s} computed here where higher or lower is better",
     (("better", ("Better",)), ("similar", ("Similar",)), ("worse", ("Worse",)))),
    (True, "published context measure{s} judged",
     (("better", ("Better",)), ("the same", ("Same",)), ("worse", ("Worse",)))),
)
"""The two kinds of measure the line counts, each in the words of the table that shows it: the
comparison table's Better, Similar and Worse (95% interval) and the Context table's Better, Same
and Worse (published figures, no interval)."""


def _counted(judged: list[str], kind: str,
             words: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    counts = [f"{sum(j in found for j in judged)} {word}" for word, found in words]
    measures = ("the one " if len(judged) == 1 else f"the {len(judged)} ") + kind.format(
        s="" if len(judged) == 1 else "s")
    return f"of {measures}, {', '.join(counts[:-1])} and {counts[-1]}"


def where_we_stand(standings: list[Standing], name: str, year: str, before: str) -> str | None:
    """One line for the top of a page: on how many measures ``name`` was better, similar (the
    same, for published context measures) or worse than England in ``year``, counted apart for
    the measures computed here and the published ones so that each count can be read off its
    table, and which measure's rank among English councils moved most since ``before`` (1 is
    the best, so a smaller rank is a rise; of equal moves, the first listed). None when no
    measure is judged."""
    parts = []
    for published, kind, words in STANDING_GROUPS:
        judged = [s.judgement for s in standings
                  if s.published is published and s.judgement is not None]
        if judged:
            parts.append(_counted(judged, kind, words))
    if not parts:
        return None
    line = f"Where {name} stands in {year} against England: {'; '.join(parts)}."
    ranked = [(s.rank_before - s.rank, s) for s in standings
              if s.rank is not None and s.rank_before is not None]
    if not ranked:
        return line
    moved = [(change, s) for change, s in ranked if change]
    if not moved:
        return line + f" No rank among English councils changed since {before}."
    change, most = max(moved, key=lambda found: abs(found[0]))
    direction = "up" if change > 0 else "down"
    places = f"{abs(change)} place" + ("s" if abs(change) > 1 else "")
    return (line + f" Moved most since {before}: {lower_first(most.title)}, {direction} "
            f"{places} to rank {most.rank}.")
