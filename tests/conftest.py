"""Shared fixtures (the demo data directory, small data directories made on the fly, pages under
AppTest, a real Streamlit server with a headless Chromium for pytest-playwright) and the test
tiers. The helpers they use, and test modules import, live in ``helpers.py``."""

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import (
    APP,
    CHROMIUM,
    CHROMIUM_ARGS,
    DEMO_DIR,
    OpenPage,
    free_port,
    serve,
    stop,
    write_authority,
    write_tiny_extract,
)
from streamlit.testing.v1 import AppTest

from iro_metrics.contract.extract import Extract
from iro_metrics.contract.loader import load_extract

# --- Tiers -------------------------------------------------------------------------------------

BROWSER_FIXTURES = frozenset({"page", "server_logs"})
"""Chromium (pytest-playwright's ``page``), or a real server: every fixture that starts one
writes its log into ``server_logs``."""
APPTEST_FIXTURES = frozenset({"open_page"})
"""The app under AppTest: tests run it only through ``open_page``."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test with its tier from the fixtures it uses, directly or through other
    fixtures: ``browser``, else ``apptest``, else ``unit`` unless marked ``slow`` by hand (so
    ``pytest -m unit`` is the fast inner loop). A parameter is not a fixture even when named like
    one (``page`` is often a page's name)."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        used = set(getattr(item, "fixturenames", ())) - set(callspec.params if callspec else ())
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        elif used & APPTEST_FIXTURES:
            item.add_marker(pytest.mark.apptest)
        elif item.get_closest_marker("slow") is None:
            item.add_marker(pytest.mark.unit)


# --- Data directories --------------------------------------------------------------------------


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


# --- AppTest -----------------------------------------------------------------------------------


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


# --- A real server and a browser ---------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's Chromium: headless, Debian's build when installed."""
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if CHROMIUM.exists():
        args["executable_path"] = str(CHROMIUM)
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """A desktop window in British English and time."""
    return {**browser_context_args, "viewport": {"width": 1400, "height": 900},
            "locale": "en-GB", "timezone_id": "Europe/London"}


@pytest.fixture(scope="session")
def server_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder for the log of every Streamlit server the tests start (``streamlit-PORT.log``).
    A fixture that starts a server uses it, which marks its tests ``browser``."""
    return tmp_path_factory.mktemp("streamlit-logs")


@pytest.fixture(scope="session")
def start_app(server_logs: Path) -> Iterator[Callable[[Path], str]]:
    """A factory: ``start_app(data_dir)`` serves the dashboard on that data directory
    (one server per directory for the whole session) and returns its URL."""
    servers: dict[Path, tuple[subprocess.Popen, str]] = {}

    def start(data_dir: Path) -> str:
        data_dir = Path(data_dir).resolve()
        if data_dir not in servers:
            env = {**os.environ, "IRO_DATA_DIR": str(data_dir)}
            servers[data_dir] = serve(free_port(), env, server_logs)
        return servers[data_dir][1]

    yield start
    stop(*(proc for proc, _ in servers.values()))


@pytest.fixture(scope="session")
def app_url(start_app: Callable[[Path], str], demo_dir: Path) -> str:
    """URL of the dashboard running on the demo data."""
    return start_app(demo_dir)
