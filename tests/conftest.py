"""Shared fixtures: the demo data directory, small data directories made on the fly, and a real
Streamlit server with a headless Chromium for the browser tests (pytest-playwright)."""

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from iro_metrics.contract.extract import Extract
from iro_metrics.contract.loader import load_extract

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
DEMO_DIR = ROOT / "data" / "demo"
# Debian's Chromium when installed (scripts/run-tests.sh installs it where apt-get exists); else
# Playwright's own download (`python -m playwright install chromium`). IRO_CHROMIUM overrides.
CHROMIUM = Path(os.environ.get("IRO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# The page has finished running its script (from the Streamlit 1.67 frontend, see notes/stack.md).
DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    """The bundled demo data directory, ``data/demo``."""
    assert (DEMO_DIR / "authority.json").is_file(), (
        f"{DEMO_DIR} is missing: make it with `python -m iro_metrics generate --out data/demo`"
    )
    return DEMO_DIR


@pytest.fixture(scope="session")
def demo(demo_dir: Path) -> Extract:
    """The demo data directory, loaded once for the session (treat it as read-only)."""
    return load_extract(demo_dir)


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


def write_authority(directory: Path, *, la_name: str = "Tinyshire", synthetic: bool = True) -> None:
    """Write ``authority.json`` into ``directory``."""
    authority = {"la_code": "999", "la_name": la_name, "region": "North East",
                 "extract_date": "2021-03-31", "synthetic": synthetic}
    (directory / "authority.json").write_text(json.dumps(authority), encoding="utf-8")


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    """A small valid data directory, fresh for each test."""
    return write_tiny_extract(tmp_path / "tiny")


@pytest.fixture
def refused_dir(tmp_path: Path) -> Path:
    """A data directory that must be refused: an authority.json and no tables at all."""
    directory = tmp_path / "refused"
    directory.mkdir()
    write_authority(directory)
    return directory


# --- AppTest -------------------------------------------------------------------------------

OpenPage = Callable[..., AppTest]


@pytest.fixture
def open_page(monkeypatch: pytest.MonkeyPatch) -> OpenPage:
    """A factory: ``open_page("looked_after", query={"age": ["Under 1"]}, data_dir=...)`` runs
    the app under AppTest with those URL parameters, switches to ``pages/<name>.py`` and returns
    the AppTest (the default page is the overview). The audience is the manager's (exact
    figures, to compare with the engine) unless ``audience="public"`` (``IRO_AUDIENCE``, which
    decides only without a secrets file); ``user`` is what ``st.user`` holds (AppTest's own
    ``{"email": "test@example.com"}`` unless given)."""
    def run(name: str = "overview", *, query: dict[str, str | list[str]] | None = None,
            data_dir: Path = DEMO_DIR, audience: str = "manager",
            user: dict[str, object] | None = None) -> AppTest:
        monkeypatch.setenv("IRO_DATA_DIR", str(data_dir))
        monkeypatch.setenv("IRO_AUDIENCE", audience)
        at = AppTest.from_file(str(APP), default_timeout=60)
        if user is not None:
            at.user = user
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.run()
        if name != "overview":
            at.switch_page(f"pages/{name}.py").run()
        return at
    return run


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


def table(at: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page with ``column``."""
    found = [frame.value for frame in at.dataframe if column in frame.value.columns]
    assert found, f"no table with a {column!r} column"
    return found[0]


def table_rows(at: AppTest, *columns: str) -> list[dict]:
    """The one table on the page holding all these columns, as rows of text."""
    matches = [frame.value.astype(str).to_dict("records") for frame in at.dataframe
               if set(columns) <= set(frame.value.columns)]
    assert len(matches) == 1, (columns, [list(f.value.columns) for f in at.dataframe])
    return matches[0]


# --- Browser tests -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if CHROMIUM.exists():
        args["executable_path"] = str(CHROMIUM)
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1400, "height": 900},
            "locale": "en-GB", "timezone_id": "Europe/London"}


def free_port() -> int:
    """A loopback port nobody is listening on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(port: int, env: dict[str, str], log_path: Path, host: str = "127.0.0.1",
          options: tuple[str, ...] = ()) -> tuple[subprocess.Popen, str]:
    """Start ``streamlit run app.py`` on ``host:port`` with ``env`` (output to ``log_path``) and
    wait for its health check; returns the process and the app's URL."""
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless=true",
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


@pytest.fixture(scope="session")
def start_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[Path], str]]:
    """A factory: ``start_app(data_dir)`` runs ``streamlit run app.py`` on that data directory
    (one server per directory for the whole session) and returns its URL."""
    servers: dict[Path, tuple[subprocess.Popen, str]] = {}
    logs = tmp_path_factory.mktemp("streamlit-logs")

    def start(data_dir: Path) -> str:
        data_dir = Path(data_dir).resolve()
        if data_dir not in servers:
            port = free_port()
            env = {**os.environ, "IRO_DATA_DIR": str(data_dir)}
            servers[data_dir] = serve(port, env, logs / f"streamlit-{port}.log")
        return servers[data_dir][1]

    yield start
    stop(*(proc for proc, _ in servers.values()))


def stop(*procs: subprocess.Popen) -> None:
    """Stop servers started by :func:`serve`: terminate, then kill any still running after 10 s
    (a deadlocked server never runs its signal handler)."""
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def app_url(start_app: Callable[[Path], str], demo_dir: Path) -> str:
    """URL of the dashboard running on the demo data."""
    return start_app(demo_dir)
