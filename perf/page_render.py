"""Seconds to render each dashboard page on the demo data once warm, under AppTest:
``python -m perf.page_render [RUNS]``. The target is well under a second per page."""

import os
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from iro_metrics.ui.navigation import pages_for

ROOT = Path(__file__).resolve().parents[1]
PAGES = [entry.path for entry in pages_for(managers=True)]


def render(page: str) -> float:
    """Seconds for one run of ``page`` in a fresh session (caches are process-wide, so warm)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    began = time.perf_counter()
    at.switch_page(page).run()
    seconds = time.perf_counter() - began
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].value}")
    return seconds


def main() -> None:
    """Warm every page once, then time ``RUNS`` renders of each and print the median."""
    os.environ.setdefault("IRO_DATA_DIR", str(ROOT / "data" / "demo"))
    os.environ.setdefault("IRO_AUDIENCE", "manager")  # every page, the action lists included
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    for page in PAGES:
        render(page)
    for page in PAGES:
        times = [render(page) for _ in range(runs)]
        print(f"{page:18} median {statistics.median(times):.3f} s  max {max(times):.3f} s")


if __name__ == "__main__":
    main()
