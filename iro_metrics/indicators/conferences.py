"""Child protection conference activity: how many conferences of each type were held in a period,
and how many children they discussed.

Conferences count distinct ``conference_id``s (siblings at one conference count once), as
``icpc_held`` and ``rcpc_held`` do; children count conference rows (each child at each
conference). A conference is in the period when its date is, both ends inclusive. Transfer-in
conferences and children at conferences are not registered indicators: this module is their one
definition.
"""

import polars as pl

from iro_metrics.indicators.periods import Period

CONFERENCE_TYPES = ("ICPC", "TRANSFER_IN", "RCPC")
CONFERENCE_NAMES = {
    "ICPC": "Initial conferences",
    "TRANSFER_IN": "Transfer-in conferences",
    "RCPC": "Review conferences",
}
ACTIVITY_SCHEMA = {"period": pl.String, "conference_type": pl.String, "conferences": pl.Int64,
                   "children": pl.Int64}


def conference_activity(conferences: pl.DataFrame, period: Period) -> pl.DataFrame:
    """One row per conference type (ICPC, transfer-in, RCPC, in that order, zeros included):
    period label, conference_type, conferences (distinct ids) and children (rows) in ``period``."""
    held = (
        conferences.filter(pl.col("conference_date").is_between(period.start, period.end))
        .group_by("conference_type")
        .agg(conferences=pl.col("conference_id").n_unique(), children=pl.len())
    )
    found = {row["conference_type"]: row for row in held.iter_rows(named=True)}
    return pl.DataFrame(
        [{"period": period.label, "conference_type": kind,
          "conferences": found.get(kind, {}).get("conferences", 0),
          "children": found.get(kind, {}).get("children", 0)} for kind in CONFERENCE_TYPES],
        schema=ACTIVITY_SCHEMA)


def activity_by_period(conferences: pl.DataFrame, periods: list[Period]) -> pl.DataFrame:
    """``conference_activity`` for each of ``periods``, stacked in their order."""
    if not periods:
        return pl.DataFrame(schema=ACTIVITY_SCHEMA)
    return pl.concat([conference_activity(conferences, period) for period in periods])
