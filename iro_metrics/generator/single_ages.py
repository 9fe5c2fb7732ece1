"""The demo authority's population table: published ONS 0–17 totals split into single ages.

ONS publishes the authority's 0–17 total; single years of age are not in the bundled files, so the
total is split equally across the 18 ages (largest-remainder rounding, so ages add up to the
published total exactly). This is a stated approximation: it lets age-band rates be shown, and an
age band's rate is that band's count over 1/18 of the total per year of age.
"""

import datetime as dt

import numpy as np
import polars as pl

from iro_metrics.published.reference import population_0_17

AGES = 18


def split_equally(total: int) -> np.ndarray:
    """``total`` split into 18 whole numbers that differ by at most one and add up to it."""
    base = np.full(AGES, total // AGES, dtype=np.int64)
    base[: total % AGES] += 1
    return base


def single_year_population(la_code: str, scale: float, start: dt.date,
                           end: dt.date) -> pl.DataFrame:
    """Single-age rows for every mid-year from the one before ``start`` to the one before ``end``
    (the latest published estimate stands in for later years)."""
    published = population_0_17(la_code)
    totals = dict(zip(published["mid_year"].to_list(), published["population"].to_list(),
                      strict=True))
    rows = []
    for mid_year in range(start.year - 1, end.year + 1):
        known = min(totals, key=lambda year: (abs(year - mid_year), -year))
        ages = split_equally(round(totals[known] * scale))
        rows.append(pl.DataFrame({"mid_year": np.full(AGES, mid_year), "age": np.arange(AGES),
                                  "population": ages}))
    return pl.concat(rows).with_columns(pl.all().cast(pl.Int64))
