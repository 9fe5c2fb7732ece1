"""Start the dashboard with its data already loaded: ``python -m iro_metrics.ui.serve [streamlit
run options]``, as ``scripts/run-dashboard.sh`` and each deployed replica do.

The published data directory is read and validated into the process-wide cache of
``served.published`` (the same one every run reads), and the modules the pages draw with are
imported, before ``streamlit run app.py`` starts in the same process: the first visitor does not
wait for a national extract to load. Every year the dashboard offers has its counting units
worked out then too (``engine.keep_units``: some 0.3 s for a council, 3 s for England), so that
the first view of any year only counts. A directory the loader refuses is not fatal here: the
server starts, and every run shows the refusal as it would have without this step.
"""

import importlib
import logging
import sys

from streamlit.web import cli

from iro_metrics.contract.extract import Extract, ExtractRefused
from iro_metrics.indicators.engine import keep_units
from iro_metrics.indicators.periods import previous
from iro_metrics.present.view import offered_years
from iro_metrics.ui.data import load_data
from iro_metrics.ui.served import APP_DIR, published

LOG = logging.getLogger("iro_dashboard")

DRAWING = "iro_metrics.ui.blocks"
"""What the pages draw with: importing it imports the charts (Altair among them) and the cached
results too, once at start like the data."""


def preload() -> None:
    """Load the published data directory, work out its years and import what the pages draw
    with."""
    try:
        served = published()
    except ExtractRefused as refused:
        LOG.warning("the data directory %s is refused; each visit will say why",
                    refused.directory)
    else:
        _keep_years(load_data(served.directory))
    importlib.import_module(DRAWING)


def _keep_years(extract: Extract) -> None:
    """``engine.keep_units`` for every year offered and the one before the oldest; a failure
    is logged, and the server starts all the same (each year is then worked out when first
    asked for)."""
    years = offered_years(extract)
    try:
        keep_units(extract, [*years, previous(years[-1])] if years else [])
    except Exception:
        LOG.exception("working out the years of %s in advance failed", extract.directory)


def main(argv: list[str]) -> None:
    """Preload, then run Streamlit's own ``streamlit run app.py`` with ``argv``."""
    preload()
    cli.main(["run", str(APP_DIR / "app.py"), *argv], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
