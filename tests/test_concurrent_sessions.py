"""Many sessions at once on the real server (issue 10): with 5 to 10 browser sessions the server
once deadlocked for good, a script thread holding the GIL in ``DataFrame.to_pandas`` while both
Polars worker threads ran Python callbacks waiting for it. Here 10 sessions speaking Streamlit's
own websocket protocol each open every page with two sets of filters, all at the same time, on
loopback; every run must finish without an error and the server must still answer afterwards."""

import asyncio
import os
import traceback
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers import free_port, serve, stop

from iro_metrics.ui.navigation import PAGES
from perf.streamlit_client import Query, Run, visit

pytestmark = pytest.mark.slow  # 10 sessions through every page: over a minute

SESSIONS = 10
RUNS_PER_PAGE = 2  # the page opened with one set of filters, then one change
FILTERS: tuple[Query, ...] = (
    {},
    {"year": "2018-19"},
    {"sex": "Girls", "age": "10 to 15"},
    {"year": "2017-18", "sex": "Boys"},
    {"age": ["Under 1", "1 to 4"]},
)
RUN_TIMEOUT = 60.0  # seconds for one run; a deadlocked server never finishes one
DEADLINE = 240.0  # seconds for everything
HEALTH_TIMEOUT = 5.0


@pytest.fixture(scope="module")
def manager_url(demo_dir: Path, server_logs: Path) -> Iterator[str]:
    """The dashboard on the demo data in the managers' view, so every page (the action lists
    too) can be opened."""
    env = {**os.environ, "IRO_DATA_DIR": str(demo_dir), "IRO_AUDIENCE": "manager"}
    server, url = serve(free_port(), env, server_logs)
    yield url
    stop(server)


def steps(session: int) -> list[tuple[str, Query]]:
    """Session ``session``'s visits: every page, starting at a different page for each session
    so sessions run different pages at once, each with two sets of filters."""
    order = PAGES[session % len(PAGES):] + PAGES[:session % len(PAGES)]
    return [(entry.url_path, FILTERS[(session + change) % len(FILTERS)])
            for entry in order for change in range(RUNS_PER_PAGE)]


async def all_sessions(url: str) -> list[list[Run] | BaseException]:
    """Every session's runs (or what stopped it), all sessions at once."""
    async with asyncio.timeout(DEADLINE):
        return await asyncio.gather(*(visit(url, steps(session), RUN_TIMEOUT)
                                      for session in range(SESSIONS)), return_exceptions=True)


def problems(session: int, outcome: list[Run] | BaseException) -> list[str]:
    """What went wrong in one session: a run that never finished, failed, drew an error, ran
    another page or did not apply the filters asked for."""
    if isinstance(outcome, BaseException):
        return [f"session {session}: " + "".join(traceback.format_exception_only(outcome))]
    return [f"session {session} /{run.requested} {run.query}: ran {run.page!r}, {run.status} "
            f"after {run.seconds:.1f} s, errors {run.errors}, filters shown {run.selected}"
            for run in outcome if not (run.ok and run.filters_applied)]


def answers(url: str) -> bool:
    """The server answers its health check within a few seconds."""
    try:
        with urllib.request.urlopen(url + "_stcore/health", timeout=HEALTH_TIMEOUT) as reply:
            return reply.status == 200
    except OSError:
        return False


def test_ten_sessions_at_once_finish_every_page(manager_url: str) -> None:
    # In a thread of its own: after the browser tests, pytest-playwright's sync API keeps an
    # event loop running in this one.
    with ThreadPoolExecutor(1) as thread:
        outcomes = thread.submit(asyncio.run, all_sessions(manager_url)).result()
    found = [problem for session, outcome in enumerate(outcomes)
             for problem in problems(session, outcome)]
    assert answers(manager_url), ["the server no longer answers its health check", *found]
    assert found == []
    assert sum(len(runs) for runs in outcomes) == SESSIONS * len(PAGES) * RUNS_PER_PAGE
