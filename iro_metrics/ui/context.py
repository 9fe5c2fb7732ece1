"""What a page shows: the loaded extract and the view chosen in the sidebar."""

from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from iro_metrics.contract.extract import Extract
from iro_metrics.present.view import View
from iro_metrics.ui import symbols
from iro_metrics.ui.served import run_extract
from iro_metrics.ui.state import current_view


@dataclass(frozen=True)
class Context:
    """The loaded extract and the view chosen in the sidebar."""

    extract: Extract
    view: View


ENTRY_RAN = "entry-page-ran"


def entered() -> None:
    """Mark this session as run through ``app.py`` (called by the entry page)."""
    st.session_state[ENTRY_RAN] = True


def _leave_legacy_pages_mode() -> None:
    """Run through ``app.py`` even when the first request after a start opens a page's URL.

    Streamlit treats a ``pages/`` folder as old-style pages until ``st.navigation`` has run once
    in the process, so such a request would run the page alone (no banner, no filters). The flag
    is process-wide and sessions opened at the same moment can each run a page alone before it
    is cleared, so the test is per session: one that has not been through the entry page clears
    the flag and reruns, and the entry page takes over from then on.
    """
    if not st.session_state.get(ENTRY_RAN):
        PagesManager.uses_pages_directory = False
        st.rerun()


def context(*page_dimensions: str) -> Context:
    """The extract this run shows (``served.run_extract``, a cached load) and the current view,
    with the page-specific filters the page asks for (``initial_category``,
    ``legal_status_group``) drawn in the sidebar."""
    _leave_legacy_pages_mode()
    symbols.start_run()
    extract = run_extract()
    return Context(extract, current_view(extract, *page_dimensions))
