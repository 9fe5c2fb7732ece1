"""Benchmarks (first version): the authority's computed figures beside its own published figures,
the region's and England's, with the Fingertips comparison against England."""

import polars as pl
import streamlit as st

from iro_metrics.comparison import METHOD, Comparison, comparators, compare, load_benchmarks
from iro_metrics.formatting import NOT_AVAILABLE, format_number, format_value
from iro_metrics.periods import reporting_year_of
from iro_metrics.registry import BY_ID, Indicator, Polarity, Unit
from iro_metrics.ui.blocks import intro
from iro_metrics.ui.context import context
from iro_metrics.ui.results import indicators
from iro_metrics.view import View

ctx = context()
extract = ctx.extract
year = reporting_year_of(ctx.view.period.end)
view = View(year, ctx.view.filters)
intro("Benchmarks",
      f"How {extract.authority.la_name} compares with England and its region. Published figures "
      "are for whole reporting years and all children, so the demographic filters do not apply "
      "here.", View(year), ())
if ctx.view.period != year:
    st.caption(f"Published figures exist for reporting years only: showing {year.label}, the "
               "year containing the end of the chosen dates.")

table = load_benchmarks()
if table is None:
    st.info("The published comparators have not been built for this installation (run "
            "`python -m iro_metrics build-benchmarks`).", icon=":material/info:")
    st.stop()

local = indicators(extract, View(year)).filter(pl.col("group") == "")
published = comparators(table, extract.authority.la_code, year.end.year)
rows = local.join(published, on="indicator_id", how="inner", maintain_order="left")


def published_text(value: float | None, symbol: str | None, decimals: int | None) -> str:
    """A published figure at its published precision, or its symbol."""
    return symbol or format_number(value, decimals or 0)


def verdict_text(indicator: Indicator, verdict: Comparison | None) -> str:
    """The comparison in words: counts are not compared, and without a polarity there is no
    judgement of better or worse."""
    if indicator.unit is Unit.COUNT:
        return "Not compared (a count)"
    if verdict is None:
        return NOT_AVAILABLE
    return verdict.judgement + (" (no judgement)" if indicator.polarity is Polarity.NONE else "")


records = []
for row in rows.iter_rows(named=True):
    indicator = BY_ID[row["indicator_id"]]
    decimals = row["published_decimals"] or 0
    ours = None if row["value"] is None else round(row["value"], decimals)
    difference = (None if ours is None or row["own_value"] is None
                  else round(ours - row["own_value"], decimals))
    verdict = compare(row["lower_95"], row["upper_95"], row["england_value"],
                      indicator.polarity)
    records.append({
        "Indicator": indicator.title,
        "Computed here": format_value(row["value"], indicator),
        "Computed, at published precision": format_number(ours, decimals),
        "Published for us": published_text(row["own_value"], row["own_symbol"], decimals),
        "Difference": format_number(difference, decimals),
        "Region": published_text(row["region_value"], row["region_symbol"], decimals),
        "England": published_text(row["england_value"], row["england_symbol"], decimals),
        "Compared with England": verdict_text(indicator, verdict),
    })
frame = pl.DataFrame(records)
st.header(f"{extract.authority.la_name} beside its published figures, {year.label}")
st.caption(f"{METHOD} Published sources: DfE children looked after and children in need "
           "statistics, and the Local Authority Interactive Tool (LAIT). The published figure "
           "for our authority is the reconciliation check: computed minus published, at the "
           "published precision.")
st.dataframe(frame, hide_index=True)
