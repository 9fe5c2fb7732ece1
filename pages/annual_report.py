"""Annual report: the committee's annual report for the reporting year chosen in the sidebar,
written from the data: its key findings and sections, and the Word and PDF documents to
download (built when asked for; the public downloads the public edition)."""

import streamlit as st

from iro_metrics.indicators.periods import reporting_year_of
from iro_metrics.present.disclosure import Audience
from iro_metrics.present.view import View
from iro_metrics.report import words
from iro_metrics.report.files import file_stem
from iro_metrics.report.structure import HEADINGS
from iro_metrics.ui.annual_report import (
    commentary_problems,
    commentary_stamp,
    findings,
    report_documents,
)
from iro_metrics.ui.audience import current_audience
from iro_metrics.ui.blocks import intro
from iro_metrics.ui.context import context
from iro_metrics.ui.data import shown_message

ctx = context()
extract, directory = ctx.extract, ctx.extract.directory
year = reporting_year_of(ctx.view.period.end)
audience = current_audience()
public = audience is not Audience.MANAGER
intro("Annual report", words.PAGE_LEAD, View(year), ())
if ctx.view.period != year or ctx.view.filters.active():
    st.caption(words.whole_service(year.label))
if year.end > extract.authority.extract_date:
    st.info(words.not_ended(year, extract.authority.extract_date), icon=":material/info:")
    st.stop()

st.info(words.PUBLIC_EDITION if public else words.MANAGERS_EDITION, icon=":material/lock:")
if problems := commentary_problems(directory, year):
    st.warning(words.COMMENTARY_REFUSED, icon=":material/warning:")
    for problem in problems:
        st.warning(shown_message(problem, directory, public))
else:
    st.caption(words.WITH_COMMENTARY if commentary_stamp(directory, year) else
               words.NO_COMMENTARY if public else f"{words.NO_COMMENTARY} {words.HOW_TO_COMMENT}")

st.header("Download the report")
stem = file_stem(year)
word, pdf = st.columns(2)
word.download_button("Word document (.docx)", file_name=f"{stem}.docx", mime=words.DOCX_TYPE,
                     data=lambda: report_documents(directory, year, audience).docx,
                     on_click="ignore", icon=":material/download:")
pdf.download_button("Accessible PDF", file_name=f"{stem}.pdf", mime="application/pdf",
                    data=lambda: report_documents(directory, year, audience).pdf,
                    on_click="ignore", icon=":material/download:")
st.caption("The documents are written when you download them: the first takes a few seconds.")

st.header(f"Key findings, {year.label}")
st.markdown("\n".join(f"- {finding}" for finding in findings(directory, year, audience)))

st.header("Sections")
st.markdown("\n".join(f"{number}. {heading}" for number, heading in enumerate(HEADINGS, 1)))
