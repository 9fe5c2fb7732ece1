"""The demo authority's population table: published ONS 0–17 totals split into single ages, and
(extract contract v1.1) into ethnic groups.

ONS publishes the authority's 0–17 total; single years of age are not in the bundled files, so the
total is split equally across the 18 ages (largest-remainder rounding, so ages add up to the
published total exactly). This is a stated approximation: it lets age-band rates be shown, and an
age band's rate is that band's count over 1/18 of the total per year of age.

Nor are children's ethnic groups: each year's total is split by ``ETHNIC_GROUP_SHARES``, shares
invented to be plausible for a North East authority (docs/spec-readings.md), again by largest
remainder, one row per group with an empty age, so that disproportionality can be shown.
"""

import datetime as dt

import numpy as np
import polars as pl

from iro_metrics.published.reference import population_0_17

AGES = 18
ETHNIC_GROUP_SHARES = {"White": 0.880, "Mixed": 0.046, "Asian or Asian British": 0.044,
                       "Black or Black British": 0.014, "Other ethnic groups": 0.016}
"""Invented shares of the demo's children aged 0–17 by ethnic group (population estimates have
no "refused or not obtained" group)."""


def split_equally(total: int) -> np.ndarray:
    """``total`` split into 18 whole numbers that differ by at most one and add up to it."""
    base = np.full(AGES, total // AGES, dtype=np.int64)
    base[: total % AGES] += 1
    return base


def split_by_shares(total: int, shares: list[float]) -> np.ndarray:
    """``total`` split in proportion to ``shares`` (adding up to 1) into whole numbers adding up
    to it: largest remainder, ties to the earlier share."""
    exact = np.asarray(shares) * total
    whole = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - whole), kind="stable")
    whole[order[: total - int(whole.sum())]] += 1
    return whole


def with_ethnic_groups(single_ages: pl.DataFrame) -> pl.DataFrame:
    """``single_ages`` (rows for all groups, ``ethnic_group`` empty) followed by each mid-year's
    0–17 total split by ``ETHNIC_GROUP_SHARES``, one row per group with an empty age."""
    totals = single_ages.group_by("mid_year", maintain_order=True).agg(pl.col("population").sum())
    groups = list(ETHNIC_GROUP_SHARES)
    rows = [pl.DataFrame({"mid_year": [mid_year] * len(groups), "age": [None] * len(groups),
                          "population": split_by_shares(total, list(ETHNIC_GROUP_SHARES.values())),
                          "ethnic_group": groups},
                         schema={"mid_year": pl.Int64, "age": pl.Int64, "population": pl.Int64,
                                 "ethnic_group": pl.String})
            for mid_year, total in totals.iter_rows()]
    return pl.concat([single_ages.with_columns(ethnic_group=pl.lit(None, dtype=pl.String)),
                      *rows])


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
