"""Data quality: how the data were checked, what was loaded from each table and the dates it
covers, and which rows were set aside or raised warnings. The page describes the whole extract:
the period and the filters in the sidebar do not change it."""

import streamlit as st

from iro_metrics.present import data_quality as dq
from iro_metrics.present.disclosure import Audience, protect_count
from iro_metrics.present.formatting import format_date, format_number
from iro_metrics.ui.audience import current_audience
from iro_metrics.ui.blocks import download_csv, static_table
from iro_metrics.ui.context import context
from iro_metrics.ui.data import directory_name, shown_message
from iro_metrics.ui.provenance import import_provenance, record_level_lists
from iro_metrics.ui.served import newer_extract_refused

ctx = context()
extract = ctx.extract
report, authority = extract.report, extract.authority
totals = dq.totals(report)
# The row-by-row lists are the only record-level content of this page: managers only. The
# public sees counts by rule, with counts from 1 to 5 shown as c, and no server path or library
# error text (the data directory by its last part, the loader's messages in its own words).
public = current_audience() is not Audience.MANAGER

st.title("Data quality")
newer_extract_refused(extract)  # a newer extract published but refused (docs/deploy.md)
st.markdown(f"What was loaded from {authority.la_name}'s extract, how the records were checked, "
            "and which records were set aside or need checking. Managers and analysts can use "
            "it to judge how far the figures can be relied on and to put errors right at source.")
st.info("This page describes the whole extract: the reporting year and the filters in the "
        "sidebar do not change it.", icon=":material/info:")

st.header("How the data are checked", anchor="how-checked")
st.markdown(dq.HOW_CHECKED)

st.header(dq.headline(totals, public), anchor="summary")
for column, (label, key) in zip(
        st.columns(4), (("Rows read", "read"), ("Rows loaded", "loaded"),
                        ("Rows set aside", "set_aside"), ("Warnings", "warnings")), strict=True):
    column.metric(label, format_number(protect_count(totals[key]) if public else totals[key]),
                  border=True)

st.header("What was loaded", anchor="loaded")
st.markdown(
    f"- **Authority:** {authority.la_name} ({authority.region})\n"
    f"- **Local authority code:** {authority.la_code} (the Department for Education's number "
    "for the council)\n"
    f"- **Extract date:** {format_date(authority.extract_date)}\n"
    f"- **Data directory:** `{directory_name(extract.directory, public)}`\n"
    f"- **Demonstration data:** {'yes, simulated records' if authority.synthetic else 'no'}")
st.subheader("Tables")
st.markdown("Each table of the extract, how many of its rows were read, loaded and set aside, "
            "and the earliest and latest date in its main date column (for the population "
            "table, the mid-year estimates it holds). An optional table the extract does not "
            "have is shown as not in this extract; x means not available.")
summary = dq.table_summary(extract, public)
static_table(summary, ("Rows read", "Rows loaded", "Rows set aside"), ("Earliest", "Latest"))
download_csv("Download table summary (CSV)", summary, "tables-loaded.csv")

import_provenance(extract, public)

st.subheader("Tables that could not be read")
if report.messages:
    st.markdown("These optional tables are treated as missing, so the pages that need them say "
                "so. Every other page still works.")
    for message in report.messages:
        st.warning(shown_message(message, extract.directory, public), icon=":material/warning:")
else:
    st.markdown("Every table in the data directory could be read.")

for heading, anchor, issues, found, none in (
        ("Rows set aside, by table and rule", "set-aside", report.set_aside,
         "A row that breaks more than one rule is counted under each rule; the table above "
         "gives the number of distinct rows set aside from each table.",
         "No rows were set aside: every row read was loaded."),
        ("Warnings, by rule", "warnings", report.warnings,
         "These rows were loaded and are counted in the figures, but disagree with other "
         "records and should be checked.", "There are no warnings.")):
    st.header(heading, anchor=anchor)
    if issues.height:
        st.markdown(found)
        static_table(dq.counts_by_rule(issues, public), ("Rows",))
    else:
        st.markdown(none)

if public:
    st.caption("The row-by-row lists are shown to signed-in managers only.")
else:
    st.divider()
    record_level_lists(report)
