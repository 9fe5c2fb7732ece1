"""Overview: the headline of each area, with the change from the previous period and what good
looks like, and the trend in children looked after and on a plan."""

import polars as pl
import streamlit as st

from iro_metrics.indicators.periods import previous
from iro_metrics.present.formatting import format_number, format_numbers
from iro_metrics.present.view import first_full_year
from iro_metrics.ui import charts
from iro_metrics.ui.blocks import (
    compared_with_published,
    figure,
    intro,
    not_compared_note,
    tile,
)
from iro_metrics.ui.context import context
from iro_metrics.ui.results import indicators, monthly, previous_indicators

TILES = (("lac_count", "lac_rate", "cp_count", "cp_rate"),
         ("lac_reviews_timely", "lac_participation", "icpc_timely", "cp_reviews_timely"),
         ("iro_caseload",))
SERIES_NAMES = {"lac_count": "Looked after", "cp_count": "On a plan"}

ctx = context()
extract, view = ctx.extract, ctx.view
intro("Overview",
      f"How {extract.authority.la_name}'s children's services are doing: children looked after "
      "by the council, children on a child protection plan, and whether reviews and conferences "
      "happen on time.", view, ("age_band", "sex", "ethnic_group", "disability"))

now = {row["indicator_id"]: row for row in indicators(extract, view).iter_rows(named=True)}
before = {row["indicator_id"]: row
          for row in previous_indicators(extract, view).iter_rows(named=True)}
label = previous(view.period).label
for row_ids in TILES:
    columns = st.columns(4)
    for column, indicator_id in zip(columns, row_ids, strict=False):
        tile(column, indicator_id, now.get(indicator_id), before.get(indicator_id), label)
        compared_with_published(column, indicator_id, now.get(indicator_id), view, extract)
not_compared_note(view, sum(TILES, ()))

series = monthly(extract, view, first_full_year(extract), view.period.end).with_columns(
    series=pl.col("indicator_id").replace_strict(SERIES_NAMES)).sort(
    pl.col("indicator_id") != "lac_count", "month_end")
if series.height:
    first = series.filter(pl.col("month_end") == pl.col("month_end").min())
    last = series.filter(pl.col("month_end") == pl.col("month_end").max())
    start_lac, end_lac = (frame.filter(pl.col("indicator_id") == "lac_count")["value"].sum()
                          for frame in (first, last))
    direction = "rose" if end_lac > start_lac else "fell" if end_lac < start_lac else "held"
    start_day, end_day = series["month_end"].min(), series["month_end"].max()
    span = f"{start_day:%B %Y} to {end_day:%B %Y}"
    ordered = series.sort("month_end", "series")
    table = ordered.select(Month=pl.col("month_end").dt.strftime("%d %b %Y"), Series="series",
                           Children=format_numbers(ordered["value"]))
    figure(
        f"Children looked after {direction} from {format_number(start_lac)} to "
        f"{format_number(end_lac)}",
        f"Children looked after and children on a child protection plan at each month end, "
        f"{extract.authority.la_name}, {span}",
        charts.line_chart(series, "month_end", "value", "series", "Children"),
        table,
        f"Line chart of children looked after (solid line) and children on a child protection "
        f"plan (dashed line) at each month end from {span}, under the filters above.",
        extract, right_aligned=("Children",))
