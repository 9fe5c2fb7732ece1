"""About and definitions: what the dashboard is and who it is for, how the figures are worked
out, every indicator's definition (from the registry), the glossary and the accessibility
statement. Nothing here depends on the period or the filters in the sidebar."""

import os

import streamlit as st

from iro_metrics.present.about import CONTACT_VARIABLE, METHOD, SECTIONS, WHAT, accessibility
from iro_metrics.present.definitions import AREAS, by_area, definition_card, definitions_table
from iro_metrics.present.formatting import symbols_table
from iro_metrics.present.glossary import GLOSSARY
from iro_metrics.ui.blocks import download_csv
from iro_metrics.ui.context import context

ctx = context()  # the view is not used: nothing on this page depends on the filters
authority = ctx.extract.authority

st.title("About and definitions")
st.markdown(f"How this dashboard works, what each figure means and how it is worked out, for "
            f"{authority.la_name}'s Independent Reviewing Officer (IRO) service.")
st.info("Nothing on this page depends on the reporting year or the filters in the sidebar.",
        icon=":material/info:")
st.markdown("\n".join(f"- [{title}](#{anchor})" for anchor, title in SECTIONS))

st.header(SECTIONS[0][1], anchor=SECTIONS[0][0])
st.markdown(WHAT)

st.header(SECTIONS[1][1], anchor=SECTIONS[1][0])
st.markdown(METHOD)
st.subheader("Symbols in tables")
st.markdown(symbols_table())

st.header(SECTIONS[2][1], anchor=SECTIONS[2][0])
st.markdown("Every measure on the dashboard, grouped by area: what it counts (the numerator), "
            "what it is out of (the denominator), how it is shown, whether it is counted on one "
            "day or over the period, whether higher or lower is better, and the guidance it "
            "follows. A local measure is one this service chose, with no national figures to "
            "compare against.")
download_csv("Download all definitions (CSV)", definitions_table(), "indicator-definitions.csv",
             key="csv-definitions")
for area, indicators in by_area().items():
    st.subheader(area)
    st.caption(AREAS[area])
    for start in range(0, len(indicators), 2):  # two cards a row, read left to right
        for column, indicator in zip(st.columns(2), indicators[start:start + 2], strict=False):
            column.container(border=True).markdown(definition_card(indicator))

st.header(SECTIONS[3][1], anchor=SECTIONS[3][0])
for entry in GLOSSARY:
    st.markdown(entry.markdown())

st.header(SECTIONS[4][1], anchor=SECTIONS[4][0])
st.markdown(accessibility(os.environ.get(CONTACT_VARIABLE, "").strip()))
