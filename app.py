"""The dashboard's entry point: ``streamlit run app.py`` (the data directory is $IRO_DATA_DIR).

It loads the data directory (the one published when the run starts, or the last good one when a
newer one is refused: ``iro_metrics.ui.served``), shows the demonstration banner, draws the
filters shared by every page and runs the chosen page; a page that fails says so without a
traceback. A data directory that is missing or refused is named by its full path for managers
only (the public reads its last part and the loader's own words, never a server path or a
library's error text).
"""

import logging

import streamlit as st

from iro_metrics.contract.extract import ExtractRefused
from iro_metrics.present.disclosure import Audience
from iro_metrics.ui.audience import current_audience, sign_in_controls
from iro_metrics.ui.context import entered
from iro_metrics.ui.data import directory_name, load_data, shown_message
from iro_metrics.ui.navigation import pages_for
from iro_metrics.ui.served import published, showing
from iro_metrics.ui.state import draw_common_filters

TITLE = "IRO and safeguarding dashboard"

st.set_page_config(page_title=TITLE, page_icon=":material/dashboard:", layout="wide")
entered()

audience = current_audience()
public = audience is not Audience.MANAGER
try:
    served = published()
    extract = load_data(served.directory)
except ExtractRefused as refused:
    directory = refused.directory
    st.title(TITLE)
    if not directory.is_dir():
        st.error(f"The data directory '{directory_name(directory, public)}' does not exist. Set "
                 "IRO_DATA_DIR to a data directory that follows the extract contract.")
        st.stop()
    st.error(f"The data directory '{directory_name(directory, public)}' cannot be used:")
    for message in refused.messages:
        st.error(shown_message(message, directory, public))
    st.stop()

if extract.authority.synthetic:
    st.warning(
        "**Synthetic demonstration data.** These records were simulated: they describe no real "
        "child, and the figures are not the authority's own.",
        icon=":material/science:",
    )

page = st.navigation([st.Page(entry.path, title=entry.title, icon=entry.icon,
                              default=not entry.url_path)
                      for entry in pages_for(not public)], expanded=True)
draw_common_filters(extract)
st.sidebar.caption(f"{extract.authority.la_name} · extract of "
                   f"{extract.authority.extract_date:%d %B %Y}")
sign_in_controls(audience)
try:
    with showing(served):  # the page shows the data this run started with
        page.run()
except Exception as error:  # no traceback may reach a reader; the log keeps it
    logging.getLogger("iro_dashboard").exception("page %s failed", page.title)
    st.error(f"This page could not be drawn ({type(error).__name__}). The other pages still "
             "work; please tell the dashboard's maintainers what you were looking at.")
