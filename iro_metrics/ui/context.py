"""What a page shows: the loaded extract and the view chosen in the sidebar."""

from dataclasses import dataclass
from pathlib import Path

from iro_metrics.extract import Extract
from iro_metrics.ui.data import data_directory, load_data
from iro_metrics.ui.state import current_view
from iro_metrics.view import View

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Context:
    """The loaded extract and the view chosen in the sidebar."""

    extract: Extract
    view: View


def context(*page_dimensions: str) -> Context:
    """The extract (cached load) and the current view, with the page-specific filters the page
    asks for (``initial_category``, ``legal_status_group``) drawn in the sidebar."""
    extract = load_data(data_directory(ROOT))
    return Context(extract, current_view(extract, *page_dimensions))
