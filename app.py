"""The dashboard's entry point: ``streamlit run app.py`` (the data directory is $IRO_DATA_DIR).

For now a single page saying what was loaded; the indicator pages come later.
"""

from pathlib import Path

import polars as pl
import streamlit as st

from iro_metrics.extract import TABLES, ExtractRefused
from iro_metrics.ui.data import data_directory, load_data

TITLE = "IRO and safeguarding dashboard"

st.set_page_config(page_title=TITLE, layout="wide")
st.title(TITLE)

directory = data_directory(Path(__file__).resolve().parent)
if not directory.is_dir():
    st.error(f"The data directory {directory} does not exist. Set IRO_DATA_DIR to a data "
             "directory that follows the extract contract.")
    st.stop()
try:
    extract = load_data(directory)
except ExtractRefused as refused:
    st.error(f"The data directory {directory} cannot be used:")
    for message in refused.messages:
        st.error(message)
    st.stop()

authority = extract.authority
report = extract.report

if authority.synthetic:
    st.warning(
        "**Synthetic demonstration data.** These records were simulated: they describe no real "
        "child, and the figures are not the authority's own.",
        icon=":material/science:",
    )

st.subheader(f"{authority.la_name} (LA code {authority.la_code})")
date = authority.extract_date
st.markdown(f"Extract date: {date.day} {date:%B %Y}")
st.caption(f"Data directory: {directory}")

rows_set_aside = sum(report.rows_set_aside.values())
left, right, _ = st.columns([1, 1, 2])
left.metric("Rows set aside", f"{rows_set_aside:,}")
right.metric("Warnings", f"{report.warnings.height:,}")

for message in report.messages:
    st.warning(message)

tables = [table for table in TABLES if table in report.rows_read]
rows = pl.DataFrame(
    {
        "Table": tables,
        "Rows read": [report.rows_read[t] for t in tables],
        "Rows loaded": [report.rows_loaded.get(t, 0) for t in tables],
        "Rows set aside": [report.rows_set_aside[t] for t in tables],
    },
    schema={"Table": pl.String, "Rows read": pl.Int64, "Rows loaded": pl.Int64,
            "Rows set aside": pl.Int64},
)
st.markdown("**Rows per table**")
st.dataframe(
    rows,
    hide_index=True,
    width="content",
    column_config={
        name: st.column_config.NumberColumn(format="localized")
        for name in ("Rows read", "Rows loaded", "Rows set aside")
    },
)
absent = [table for table in TABLES if getattr(extract, table) is None]
if absent:
    st.caption("Not in this extract: " + ", ".join(absent) + ".")
