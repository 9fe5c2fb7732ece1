"""The building blocks every page uses: its heading and filter sentence, headline tiles, and
figures (chart, text alternative, source, "view as table" and a CSV of exactly those figures)."""

import re

import altair as alt
import polars as pl
import streamlit as st

from iro_metrics.downloads import to_csv
from iro_metrics.extract import Extract
from iro_metrics.formatting import NO_CHANGE, SYMBOLS, format_change, format_value
from iro_metrics.registry import BY_ID, Polarity
from iro_metrics.view import View, describe

SOURCE = "Source: {name} case records (extract of {date}), computed by iro_metrics."


def intro(title: str, lead: str, view: View, applicable: tuple[str, ...]) -> None:
    """The page title, a one-line explanation and the sentence describing the view."""
    st.title(title)
    st.markdown(lead)
    st.info(describe(view, applicable), icon=":material/filter_alt:")


def source_line(extract: Extract) -> str:
    """Where the figures come from."""
    date = extract.authority.extract_date
    return SOURCE.format(name=extract.authority.la_name, date=f"{date.day} {date:%B %Y}")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def figure(title: str, subtitle: str, chart: alt.TopLevelMixin, table: pl.DataFrame,
           description: str, extract: Extract, right_aligned: tuple[str, ...] = ()) -> None:
    """A chart with its finding as title, subtitle (measure, area, period), the one-sentence text
    alternative, the source, and the same figures as a table and a CSV download."""
    st.header(title)
    st.caption(subtitle)
    st.altair_chart(chart, alt=description)
    st.markdown(f"*{description}*")
    st.caption(source_line(extract))
    with st.expander("View as table"):
        st.dataframe(table, hide_index=True, column_config={
            name: st.column_config.TextColumn(alignment="right") for name in right_aligned})
    st.download_button("Download CSV", data=to_csv(table), file_name=f"{_slug(title)}.csv",
                       mime="text/csv", on_click="ignore", key=f"csv-{_slug(title)}",
                       icon=":material/download:")


def table_block(title: str, subtitle: str, table: pl.DataFrame, description: str,
                extract: Extract, right_aligned: tuple[str, ...] = ()) -> None:
    """A table shown as a figure in its own right (like the annual report's tables): finding as
    title, subtitle, the table, a one-sentence description, the source and a CSV download of
    exactly its figures."""
    st.header(title)
    st.caption(subtitle)
    st.dataframe(table, hide_index=True, column_config={
        name: st.column_config.TextColumn(alignment="right") for name in right_aligned})
    st.markdown(f"*{description}*")
    st.caption(source_line(extract))
    st.download_button("Download CSV", data=to_csv(table), file_name=f"{_slug(title)}.csv",
                       mime="text/csv", on_click="ignore", key=f"csv-{_slug(title)}",
                       icon=":material/download:")


def tile(column: st.delta_generator.DeltaGenerator, indicator_id: str, row: dict | None,
         previous: dict | None, previous_label: str, show_good: bool = True) -> None:
    """One headline figure with its change from the previous period and what good looks like
    (``show_good=False`` leaves the latter out, for a page that states it beside the tile)."""
    indicator = BY_ID[indicator_id]
    value = row["value"] if row else None
    before = previous["value"] if previous else None
    change = (value - before) if value is not None and before is not None else None
    delta = format_change(change, indicator)
    colour = {Polarity.HIGH: "normal", Polarity.LOW: "inverse"}.get(indicator.polarity, "off")
    unchanged = delta == NO_CHANGE
    column.metric(
        indicator.label, format_value(value, indicator),
        delta=f"{delta} on {previous_label}" if delta else None,
        delta_color="off" if unchanged else colour, delta_arrow="off" if unchanged else "auto",
        help=" ".join(part for part in (indicator.title + ".", indicator.description,
                                        indicator.good) if part),
        border=True)
    if indicator.good and show_good:
        column.caption(indicator.good)


def absent(what: str, table: str) -> None:
    """Say plainly that the extract lacks a table, instead of failing."""
    st.info(f"This extract has no {what} (the `{table}` table), so this part of the page cannot "
            "be shown. Every other part still works.", icon=":material/info:")


def symbols_footnote() -> None:
    """Explain the symbols used in tables."""
    st.caption(" ".join(f"{symbol}: {meaning}." for symbol, meaning in SYMBOLS.items()))
