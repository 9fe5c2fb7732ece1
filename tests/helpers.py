"""Helpers shared by the tests: paths, small data directories, the command line run in this
process, indicator results on hand-built extracts, pages under AppTest, a real Streamlit server
and a browser waiting for it.

Fixtures live in ``conftest.py`` and use these. Test modules import from here (or from a helper
module named for what it holds: ``extract_builders``, ``returns_fixtures.builders``,
``disclosure_attacker``; the websocket client shared with the load test is
``perf.streamlit_client``), never from ``conftest`` or another test module.
"""

import contextlib
import datetime as dt
import io
import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pytest
from extract_builders import Row, write_extract
from playwright.sync_api import Page, expect
from streamlit.runtime import memory_media_file_storage
from streamlit.testing.v1 import AppTest

from deploy.loopback import free_port as free_port  # shared with the deployment's own tools
from deploy.supervise import stop_processes
from iro_metrics.cli import main
from iro_metrics.contract.extract import Extract
from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators.engine import Filters, compute
from iro_metrics.indicators.periods import Period, parse_period, reporting_year
from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present.formatting import format_value

# --- Paths -----------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
DEMO_DIR = ROOT / "data" / "demo"
SHARED_PLACES = (ROOT.parent / "shared" / "data", Path("/work/shared/data"))
"""Where the shared data is read (never copied into the project): beside the checkout, or in
the workplace's shared folder."""


def shared_data(folder: str) -> Path:
    """A folder of the shared data (``published``, ``returns-samples``), where it is found."""
    return next((place / folder for place in SHARED_PLACES if (place / folder).is_dir()),
                SHARED_PLACES[0] / folder)


def record_media(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every media store AppTest creates from now on, to read the CSV payloads of download
    buttons (``csv_downloads``)."""
    stores: list[Any] = []
    original = memory_media_file_storage.MemoryMediaFileStorage

    class Recording(original):  # type: ignore[misc, valid-type]
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            stores.append(self)

    monkeypatch.setattr("streamlit.testing.v1.app_test.MemoryMediaFileStorage", Recording)
    return stores


def csv_downloads(at: AppTest, stores: list[Any]) -> list[str]:
    """The text of every CSV download button on the page."""
    found = []
    for button in at.get("download_button"):
        file_id = button.proto.url.rsplit("/", 1)[-1].split(".")[0]
        for store in stores:
            with contextlib.suppress(Exception):
                found.append(store.get_file(file_id).content.decode("utf-8"))
    return found
SCREENSHOTS = ROOT / "artifacts" / "screenshots"

# --- Small data directories ------------------------------------------------------------------


def write_tiny_extract(directory: Path, *, la_name: str = "Tinyshire",
                       synthetic: bool = True) -> Path:
    """Write a three-child data directory (children, cp_plans, authority.json) and return it."""
    directory.mkdir(parents=True, exist_ok=True)
    d = dt.date
    pl.DataFrame(
        {
            "child_id": ["C1", "C2", "C3"],
            "sex": ["F", "M", "U"],
            "date_of_birth": [d(2012, 5, 1), d(2016, 9, 30), None],
            "expected_date_of_birth": [None, None, d(2021, 6, 1)],
            "ethnicity": ["WBRI", "ABAN", "NOBT"],
            "disability": [False, True, None],
        },
        schema={"child_id": pl.String, "sex": pl.String, "date_of_birth": pl.Date,
                "expected_date_of_birth": pl.Date, "ethnicity": pl.String,
                "disability": pl.Boolean},
    ).write_parquet(directory / "children.parquet")
    pl.DataFrame(
        {
            "plan_id": ["P1", "P2"],
            "child_id": ["C1", "C2"],
            "plan_start": [d(2019, 6, 3), d(2020, 11, 16)],
            "plan_end": [d(2020, 2, 10), None],
            "initial_category": ["NEG", "EMO"],
            "latest_category": ["NEG", "MUL"],
            "previous_plans": [0, None],
        },
        schema={"plan_id": pl.String, "child_id": pl.String, "plan_start": pl.Date,
                "plan_end": pl.Date, "initial_category": pl.String,
                "latest_category": pl.String, "previous_plans": pl.Int64},
    ).write_parquet(directory / "cp_plans.parquet")
    write_authority(directory, la_name=la_name, synthetic=synthetic)
    return directory


AUTHORITY_ONLY = ["children.parquet: required file is missing",
                  "lac_episodes.parquet or cp_plans.parquet: at least one is required"]
"""The loader's messages refusing a data directory that holds only ``authority.json``."""


def publish(link: Path, directory: Path) -> None:
    """Publish ``directory`` at ``link`` as ``docs/deploy.md`` does: a new symlink renamed over
    the old one, so a reader finds the old directory or the new one, never neither."""
    fresh = link.with_name(f".{link.name}.new")
    fresh.symlink_to(directory, target_is_directory=True)
    fresh.replace(link)


def write_authority(directory: Path, *, la_name: str = "Tinyshire", synthetic: bool = True) -> None:
    """Write ``authority.json`` into ``directory``."""
    authority = {"la_code": "999", "la_name": la_name, "region": "North East",
                 "extract_date": "2021-03-31", "synthetic": synthetic}
    (directory / "authority.json").write_text(json.dumps(authority), encoding="utf-8")


V1_1_TABLES = ("iro_activity", "other_reviews", "service_activity", "feedback")
V1_1_REVIEW_COLUMNS = ("iro_id", "permanence_plan")


def write_v1_demo(directory: Path) -> Path:
    """Today's demo as a v1 extract would hold it: every file of ``data/demo`` but the four
    tables of extract contract v1.1, and ``lac_reviews`` without its two v1.1 columns."""
    directory.mkdir(parents=True, exist_ok=True)
    for source in DEMO_DIR.iterdir():
        if source.stem in V1_1_TABLES:
            continue
        target = directory / source.name
        if source.stem == "lac_reviews":
            pl.read_parquet(source).drop(V1_1_REVIEW_COLUMNS).write_parquet(target)
        else:
            target.write_bytes(source.read_bytes())
    return directory


# --- The command line, in this process -------------------------------------------------------


@dataclass(frozen=True)
class Completed:
    """What one command printed and its exit status."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> Completed:
    """``python -m iro_metrics ARGS`` run in this process (``iro_metrics.cli.main``), with its
    output captured; argparse's own exits (a usage error, ``--help``) give their status too. Only
    the tests of the entry point itself and of a killed process start a real one."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(args))
        except SystemExit as stopped:
            assert isinstance(stopped.code, int), stopped.code
            status = stopped.code
    return Completed(status, out.getvalue(), err.getvalue())


# --- Indicator results on hand-built extracts --------------------------------------------------

Result = tuple[Any, Any, Any]
"""(numerator, denominator, value) of one result row."""

Y2019 = parse_period("2019-20")  # 1 Apr 2019 – 31 Mar 2020; snapshot Tue 31 Mar 2020
EMPTY: Result = (None, None, None)


def count(number: int) -> Result:
    """A count's expected row."""
    return (number, None, float(number))


def share(numerator: int, denominator: int) -> Result:
    """A percentage's expected row; empty (never 0) over a zero denominator."""
    if denominator == 0:
        return (numerator, 0, None)
    return (numerator, denominator, pytest.approx(100 * numerator / denominator))


def expected(numerator: int, denominator: int | None) -> Result:
    """A count when there is no denominator, else a percentage."""
    return count(numerator) if denominator is None else share(numerator, denominator)


def load(directory: Path, **tables: list[Row]) -> Extract:
    """Write ``tables`` to ``directory`` and load them; the fixture must load whole."""
    extract = load_extract(write_extract(directory, tables))
    assert sum(extract.report.rows_set_aside.values()) == 0, extract.report.set_aside
    return extract


def rows(extract: Extract, period: Period, indicator_id: str, by: str | None = None,
         filters: Filters | None = None) -> dict[str, Result]:
    """One indicator's rows, keyed by group (in result order)."""
    frame = compute(extract, period, by=by, filters=filters, indicator_ids=[indicator_id])
    return {row["group"]: (row["numerator"], row["denominator"], row["value"])
            for row in frame.iter_rows(named=True)}


def headline(extract: Extract, period: Period, indicator_id: str,
             filters: Filters | None = None) -> Result:
    """One indicator's single headline row."""
    found = rows(extract, period, indicator_id, filters=filters)
    assert list(found) == [""], found
    return found[""]


@dataclass(frozen=True)
class Case:
    """A few rows (one child, enquiry or conference) and what they add to each indicator:
    indicator id -> (numerator, denominator), the denominator None for a count."""

    name: str
    tables: dict[str, list[Row]]
    expected: dict[str, tuple[int, int | None]]
    period: Period = field(default=Y2019)

    def __str__(self) -> str:
        return self.name


def merged(cases: list[Case], *always: str) -> dict[str, list[Row]]:
    """The tables of all ``cases`` in one data directory (``always`` tables even when empty)."""
    tables: dict[str, list[Row]] = {table: [] for table in always}
    for case in cases:
        for table, table_rows in case.tables.items():
            tables.setdefault(table, []).extend(table_rows)
    return tables


def check_case(directory: Path, case: Case, *always: str) -> None:
    """Load one case alone and check its expected contribution."""
    extract = load(directory, **merged([case], *always))
    for indicator_id, (numerator, denominator) in case.expected.items():
        assert headline(extract, case.period, indicator_id) == expected(numerator, denominator), (
            indicator_id)


# --- Pages under AppTest -----------------------------------------------------------------------

OpenPage = Callable[..., AppTest]
"""The ``open_page`` fixture: runs the app under AppTest on one page (see ``conftest.py``)."""

TILE_IDS = ("lac_count", "lac_rate", "cp_count", "cp_rate", "lac_children_reviews_timely",
            "lac_participation", "icpc_timely", "cp_reviews_timely", "iro_caseload")
"""The overview page's tiles."""
TOO_LONG = "Part of the web address was too long to be a filter and was ignored."


def change(at: AppTest, key: str, value: object) -> None:
    """Change a shared sidebar filter the way its widget does and rerun (AppTest quirk: the
    entry page's widgets are not in the element tree after a page rerun, so their state is
    set)."""
    at.session_state[key] = value
    at.run()


def page_text(at: AppTest) -> str:
    """Everything the last run drew, main area and sidebar, as one text (each element's whole
    message, table data included): for checking what a reader must never see."""
    return "\n".join(str(node.proto) for node in (*at.main, *at.sidebar))


def tables(at: AppTest) -> list[pd.DataFrame]:
    """Every table on the page, static (figures' and table blocks') and scrolling (long lists),
    in page order within each kind."""
    return [element.value for element in (*at.table, *at.dataframe)]


def table(at: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page with ``column``."""
    found = [frame for frame in tables(at) if column in frame.columns]
    assert found, f"no table with a {column!r} column"
    return found[0]


def table_rows(at: AppTest, *columns: str) -> list[dict]:
    """The one table on the page holding all these columns, as rows of text."""
    matches = [frame.astype(str).to_dict("records") for frame in tables(at)
               if set(columns) <= set(frame.columns)]
    assert len(matches) == 1, (columns, [list(frame.columns) for frame in tables(at)])
    return matches[0]


def tiles(at: AppTest) -> dict[str, str]:
    """The page's metric tiles: label -> value as shown."""
    return {m.label: m.value for m in at.metric}


def expected_tiles(demo_dir: Path, year: int, filters: Filters | None = None) -> dict[str, str]:
    """The overview tiles the engine gives for the reporting year starting in ``year``."""
    rows = compute(load_extract(demo_dir), reporting_year(year), filters=filters,
                   indicator_ids=TILE_IDS)
    return {BY_ID[r["indicator_id"]].label: format_value(r["value"], BY_ID[r["indicator_id"]])
            for r in rows.iter_rows(named=True)}


# --- A real Streamlit server -----------------------------------------------------------------


def serve(port: int, env: dict[str, str], logs: Path, host: str = "127.0.0.1",
          options: tuple[str, ...] = ()) -> tuple[subprocess.Popen, str]:
    """Start the dashboard as it is served (``python -m iro_metrics.ui.serve``: ``streamlit run
    app.py`` with the data loaded first) on ``host:port`` with ``env`` (output to
    ``logs/streamlit-PORT.log``) and wait for its health check; returns the process and the app's
    URL."""
    log_path = logs / f"streamlit-{port}.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "iro_metrics.ui.serve", "--server.headless=true",
             f"--server.address={host}", f"--server.port={port}",
             "--browser.gatherUsageStats=false", "--server.fileWatcherType=none", *options],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://{host}:{port}/"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=1):
                return proc, url
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                output = log_path.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"streamlit did not start:\n{output}") from None
            time.sleep(0.1)


def stop(*procs: subprocess.Popen) -> None:
    """Stop servers started by :func:`serve` (``deploy.supervise.stop_processes``)."""
    stop_processes(*procs)


def tall_window(page: Page) -> None:
    """Make the window as tall as the page (up to 16,000 px), so that a screenshot holds all of
    it and every chart is drawn (charts are drawn when in view)."""
    height = page.evaluate(
        "() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight ?? 900")
    width = page.viewport_size["width"] if page.viewport_size else 1366
    page.set_viewport_size({"width": width, "height": min(max(int(height) + 100, 900), 16_000)})
    settle(page)


# --- A headless Chromium -----------------------------------------------------------------------

# Debian's Chromium when installed (scripts/run-tests.sh installs it where apt-get exists); else
# Playwright's own download (`python -m playwright install chromium`). IRO_CHROMIUM overrides.
CHROMIUM = Path(os.environ.get("IRO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# The page has finished running its script (from the Streamlit 1.67 frontend, see notes/stack.md).
DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def settle(page: Page) -> None:
    """Wait until the script has finished and the page has drawn (charts render after it)."""
    page.wait_for_selector(DONE, timeout=60_000)
    page.wait_for_timeout(800)
    page.wait_for_selector(DONE, timeout=60_000)


def choose(page: Page, label: str, option: str) -> None:
    """Choose ``option`` in the sidebar's single-choice box ``label`` (the year, or a filter of
    the public view) and wait for the page."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(
        has_text=label)
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def assert_no_errors(page: Page) -> None:
    """No exception, no failed page and no chart the browser could not draw (the frontend shows
    those as error alerts too)."""
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
