"""Statistical neighbours: the 10 authorities DfE's model finds most like an authority, which of
the two models applies to a year, and the neighbours' published figures and their average.

The April 2021 model applies to years to 31 March before 2025 and the May 2025 model from the
year to 31 March 2025 (2024-25); a reader may choose either instead. The average is the mean (as
LAIT) or the median (as the DfE children's social care dashboard) of the neighbours that have a
published figure, skipping the others (a symbol is never read as 0).
"""

from functools import partial
from pathlib import Path

import polars as pl

from iro_metrics.published.comparison import neighbour_average
from iro_metrics.published.reference import REFERENCE_DIR
from iro_metrics.published.versioned import read_per_version

OLD_MODEL, NEW_MODEL = "April 2021", "May 2025"
MODELS = (OLD_MODEL, NEW_MODEL)
AUTOMATIC = "Automatic"
CHOICES = (AUTOMATIC, *MODELS)
NEW_MODEL_FROM = 2025  # the first year to 31 March that uses the May 2025 model (2024-25)
AVERAGES = {"mean": "mean", "median": "median"}
AVERAGE_SOURCES = {"mean": "as LAIT", "median": "as the DfE children's social care dashboard"}
NEIGHBOUR_COLUMNS = pl.Schema({"rank": pl.Int64, "la_code": pl.String, "la_name": pl.String,
                               "closeness": pl.String})


def model_for(year: int, choice: str = AUTOMATIC) -> str:
    """The neighbour model for the year to 31 March ``year``: the reader's ``choice`` of model,
    or, automatically, April 2021 before 2025 and May 2025 from 2025."""
    if choice in MODELS:
        return choice
    if choice != AUTOMATIC:
        raise ValueError(f"neighbour model must be one of {', '.join(CHOICES)}, not {choice!r}")
    return NEW_MODEL if year >= NEW_MODEL_FROM else OLD_MODEL


AUTHORITY_COLUMNS = {"la_code": pl.String, "la_name": pl.String, "region": pl.String,
                     "region_code": pl.String}
# The reference lists, read once per version of the file: every Benchmarks run asks.
_read_authorities = read_per_version(partial(pl.read_csv, schema_overrides=AUTHORITY_COLUMNS))
_read_neighbours = read_per_version(partial(
    pl.read_csv, schema_overrides={"la_code": pl.String, "neighbour_code": pl.String}))


def authorities(reference: Path = REFERENCE_DIR) -> pl.DataFrame:
    """Every authority's code, name and region (``local_authorities.csv``); empty when the
    reference list has not been built."""
    path = reference / "local_authorities.csv"
    if not path.is_file():
        return pl.DataFrame(schema=AUTHORITY_COLUMNS)
    return _read_authorities(path).select(list(AUTHORITY_COLUMNS))


def neighbours_of(la_code: str, model: str, reference: Path = REFERENCE_DIR) -> pl.DataFrame:
    """The authority's statistical neighbours under ``model``, closest first: rank, la_code,
    la_name (from ``local_authorities.csv``; the code when unnamed) and closeness."""
    path = reference / "statistical_neighbours.csv"
    if not path.is_file():
        return pl.DataFrame(schema=NEIGHBOUR_COLUMNS)
    listed = _read_neighbours(path).filter(pl.col("model") == model, pl.col("la_code") == la_code)
    names = authorities(reference).select("la_code", "la_name")
    return (listed.select("rank", la_code="neighbour_code", closeness="closeness")
            .join(names, on="la_code", how="left")
            .with_columns(la_name=pl.coalesce("la_name", "la_code"))
            .sort("rank").select(list(NEIGHBOUR_COLUMNS)).cast(NEIGHBOUR_COLUMNS))


def neighbour_values(table: pl.DataFrame, indicator_id: str, year: int,
                     neighbours: pl.DataFrame) -> pl.DataFrame:
    """Each neighbour's published figure for one indicator and year to 31 March, in the
    neighbours' order: their columns plus value, symbol, numerator, denominator and decimals
    (all null for a neighbour with no published row)."""
    published = table.filter(pl.col("indicator_id") == indicator_id, pl.col("year") == year)
    return neighbours.join(
        published.select(pl.col("area_code").alias("la_code"), "value", "symbol", "numerator",
                         "denominator", "decimals"),
        on="la_code", how="left", maintain_order="left")


def neighbour_series(table: pl.DataFrame, la_code: str, indicator_id: str, how: str,
                     choice: str = AUTOMATIC, reference: Path = REFERENCE_DIR) -> pl.DataFrame:
    """The neighbours' average for every year the indicator is published: year, value (null
    when no neighbour has a figure), neighbours with a figure and neighbours listed, and the
    model used that year (``choice``, or automatic by year)."""
    years = sorted(set(table.filter(pl.col("indicator_id") == indicator_id)["year"].to_list()))
    groups = {model: neighbours_of(la_code, model, reference) for model in MODELS}
    rows = []
    for year in years:
        model = model_for(year, choice)
        values = neighbour_values(table, indicator_id, year, groups[model])["value"].to_list()
        rows.append({"year": year, "value": neighbour_average(values, how),
                     "with_figure": sum(v is not None for v in values), "listed": len(values),
                     "model": model})
    return pl.DataFrame(rows, schema={"year": pl.Int64, "value": pl.Float64,
                                      "with_figure": pl.Int64, "listed": pl.Int64,
                                      "model": pl.String})
