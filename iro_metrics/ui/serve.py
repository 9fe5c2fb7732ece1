"""Start the dashboard with its data already loaded: ``python -m iro_metrics.ui.serve [streamlit
run options]``, as ``scripts/run-dashboard.sh`` and each deployed replica do.

The published data directory is read and validated into the process-wide cache of
``served.published`` (the same one every run reads), and the modules the pages draw with are
imported, before ``streamlit run app.py`` starts in the same process: the first visitor does not
wait for a national extract to load. A directory the loader refuses is not fatal here: the
server starts, and every run shows the refusal as it would have without this step.
"""

import importlib
import logging
import sys

from streamlit.web import cli

from iro_metrics.contract.extract import ExtractRefused
from iro_metrics.ui.served import APP_DIR, published

DRAWING = "iro_metrics.ui.blocks"
"""What the pages draw with: importing it imports the charts (Altair among them) and the cached
results too, once at start like the data."""


def preload() -> None:
    """Load the published data directory and import what the pages draw with."""
    try:
        published()
    except ExtractRefused as refused:
        logging.getLogger("iro_dashboard").warning(
            "the data directory %s is refused; each visit will say why", refused.directory)
    importlib.import_module(DRAWING)


def main(argv: list[str]) -> None:
    """Preload, then run Streamlit's own ``streamlit run app.py`` with ``argv``."""
    preload()
    cli.main(["run", str(APP_DIR / "app.py"), *argv], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
