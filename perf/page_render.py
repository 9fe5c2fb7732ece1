"""Seconds to render each dashboard page on the demo data, under AppTest:
``python -m perf.page_render [RUNS]``. A render is a run as the server does it: ``app.py``
(banner, filters, navigation) with the page inside it. The first visit is timed in a fresh
process per page (the entry page has run, as when a reader lands on the Overview, but nothing
of the page's own is cached yet); the warm rerun is the minimum and median of ``RUNS`` renders
once every page has run, against issue 16's target of 150 ms. Streamlit's warning that
AppTest's own set-up runs outside a script (its main thread has no ScriptRunContext) is
silenced, so that only the timings (and the state of the machine,
``timing.machine_state``) are printed."""

import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from iro_metrics.ui.navigation import pages_for
from perf.timing import machine_state

ROOT = Path(__file__).resolve().parents[1]
PAGES = [entry.path for entry in pages_for(managers=True)]
FIRST = "--first"
WARM_TARGET = 0.150


def _through_entry_page() -> None:
    """Run every page through ``app.py``, as the server does once ``st.navigation`` has run.
    AppTest starts each run in the old mode of a ``pages/`` folder, which runs a chosen page
    alone: no sidebar, and every result's data key read from the files again in place of the
    one ``app.py`` found as the run started (``served.this_run``)."""
    found = PagesManager.__init__

    def without_pages_folder(manager: PagesManager, *args: object, **kwargs: object) -> None:
        found(manager, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = without_pages_folder  # type: ignore[method-assign]


def render(page: str) -> float:
    """Seconds for one run of ``page`` in a fresh session (caches are process-wide, so warm
    once the page has run in this process)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    began = time.perf_counter()
    at.switch_page(page).run()
    seconds = time.perf_counter() - began
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].value}")
    if "Filters" not in [header.value for header in at.sidebar.header]:
        raise RuntimeError(f"{page} ran without app.py")
    return seconds


def first_visit(page: str) -> float:
    """Seconds for the first render of ``page`` in a new process (``render`` run there)."""
    done = subprocess.run([sys.executable, "-m", "perf.page_render", FIRST, page], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


def main() -> None:
    """Time each page's first visit, then warm every page once and time ``RUNS`` renders of
    each; print both."""
    os.environ.setdefault("IRO_DATA_DIR", str(ROOT / "data" / "demo"))
    os.environ.setdefault("IRO_AUDIENCE", "manager")  # every page, the action lists included
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").disabled = True
    _through_entry_page()
    if sys.argv[1:2] == [FIRST]:
        print(f"{render(sys.argv[2]):.3f}")
        return
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    print(f"demo ({os.environ['IRO_DATA_DIR']}), {machine_state()}")
    first = {page: first_visit(page) for page in PAGES}
    for page in PAGES:
        render(page)
    for page in PAGES:
        times = [render(page) for _ in range(runs)]
        print(f"{page:26} first {first[page]:.3f} s  warm min {min(times):.3f} s  median "
              f"{statistics.median(times):.3f} s  max {max(times):.3f} s"
              f"  target <= {WARM_TARGET * 1000:.0f} ms")


if __name__ == "__main__":
    main()
