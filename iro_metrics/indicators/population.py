"""Children aged 0–17 for rates per 10,000: the extract's own population table, or the published
ONS estimate for the authority when the extract has none.

The estimate used is the latest mid-year estimate dated on or before the snapshot (mid-year Y is
dated 30 June Y, so 31 March 2020 uses mid-2019), as in DfE statistics.
"""

import datetime as dt

import polars as pl

from iro_metrics.indicators.demographics import AGE_BAND_AGES
from iro_metrics.published.reference import population_0_17


def mid_year_for(snapshot: dt.date) -> int:
    """The latest mid-year whose estimate (dated 30 June) is on or before ``snapshot``."""
    return snapshot.year if snapshot >= dt.date(snapshot.year, 6, 30) else snapshot.year - 1


def all_groups(population: pl.DataFrame) -> pl.DataFrame:
    """The rows for children of every ethnic group: the v1.1 rows of one ethnic group (its 0–17
    total, for disproportionality) never enter other rates."""
    if "ethnic_group" not in population.columns:
        return population
    return population.filter(pl.col("ethnic_group").is_null())


def population_by_band(population: pl.DataFrame | None, la_code: str,
                       snapshot: dt.date) -> dict[str, int | None]:
    """Children aged 0–17 on the snapshot's estimate: key ``total`` and, where single ages exist,
    each age band. Missing estimates give None, never 0."""
    wanted = mid_year_for(snapshot)
    if population is None:
        published = population_0_17(la_code).filter(pl.col("mid_year") <= wanted)
        if published.is_empty():
            return {"total": None}
        return {"total": int(published.sort("mid_year")["population"][-1])}
    available = all_groups(population).filter(pl.col("mid_year") <= wanted)
    if available.is_empty():
        return {"total": None}
    year_rows = available.filter(pl.col("mid_year") == available["mid_year"].max())
    single = year_rows.filter(pl.col("age").is_not_null())
    if single.is_empty():
        return {"total": int(year_rows["population"].sum())}
    out: dict[str, int | None] = {"total": int(single["population"].sum())}
    for band, (low, high) in AGE_BAND_AGES.items():
        out[band] = int(single.filter(pl.col("age").is_between(low, high))["population"].sum())
    return out


def group_populations(population: pl.DataFrame | None,
                      snapshot: dt.date) -> tuple[int, dict[str, int]] | None:
    """Children aged 0–17 of each ethnic group (contract v1.1 rows) on the latest mid-year
    estimate dated on or before ``snapshot`` that has them: (mid_year, {group: children}); None
    when the extract gives no ethnic group's population up to then."""
    if population is None or "ethnic_group" not in population.columns:
        return None
    rows = population.filter(pl.col("ethnic_group").is_not_null(),
                             pl.col("mid_year") <= mid_year_for(snapshot))
    if rows.is_empty():
        return None
    year = int(rows["mid_year"].max())  # type: ignore[arg-type]
    return year, {group: int(children) for group, children in rows.filter(
        pl.col("mid_year") == year).select("ethnic_group", "population").iter_rows()}
