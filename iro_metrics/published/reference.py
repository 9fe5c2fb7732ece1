"""Published reference data the project builds from ``../shared/data/published`` and commits tidy.

ONS mid-year estimates of children aged 0–17 for every LA, region and England. ``time_period`` in
the published file is the mid-year (dated 30 June), although it is labelled "Reporting year". A
withheld value keeps its published symbol (e.g. ``x``) in ``population_symbol`` and is never zero.
"""

from pathlib import Path

import polars as pl

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"
POPULATION_FILE = REFERENCE_DIR / "population_0_17.csv"
ONS_FILE_NAME = "ons_mid-year_population_estimates_2012_to_2024.csv"
POPULATION_SCHEMA = {
    "geographic_level": pl.String,
    "area_code": pl.String,
    "la_code": pl.String,
    "area_name": pl.String,
    "mid_year": pl.Int64,
    "population": pl.Int64,
    "population_symbol": pl.String,
}


def tidy_population(source_dir: Path) -> pl.DataFrame:
    """The published 0–17 estimates as one row per area and mid-year, sorted."""
    raw = pl.read_csv(source_dir / ONS_FILE_NAME, infer_schema=False)
    level = pl.col("geographic_level")
    return (
        raw.select(
            level,
            area_code=pl.when(level == "National").then(pl.col("country_code"))
            .when(level == "Regional").then(pl.col("region_code"))
            .otherwise(pl.col("new_la_code")),
            la_code=pl.when(level == "Local authority").then(pl.col("old_la_code")),
            area_name=pl.when(level == "National").then(pl.col("country_name"))
            .when(level == "Regional").then(pl.col("region_name"))
            .otherwise(pl.col("la_name")),
            mid_year=pl.col("time_period").cast(pl.Int64),
            population=pl.col("population_estimate").cast(pl.Int64, strict=False),
            population_symbol=pl.when(
                pl.col("population_estimate").cast(pl.Int64, strict=False).is_null()
            ).then(pl.col("population_estimate")),
        )
        .unique()
        .sort("geographic_level", "area_code", "mid_year")
    )


def build_reference(source_dir: Path, out_dir: Path = REFERENCE_DIR) -> list[Path]:
    """Write the tidy reference files from the published sources and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / POPULATION_FILE.name
    tidy_population(source_dir).write_csv(path)
    return [path]


def population_0_17(la_code: str) -> pl.DataFrame:
    """Published 0–17 totals (mid_year, population) for one LA, from the committed reference file."""
    table = pl.read_csv(POPULATION_FILE, schema=POPULATION_SCHEMA)
    return (
        table.filter(pl.col("la_code") == la_code, pl.col("population").is_not_null())
        .select("mid_year", "population")
        .sort("mid_year")
    )
