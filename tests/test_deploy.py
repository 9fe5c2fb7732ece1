"""The hosted deployment for real, on loopback (issue 13): nginx and two replicas started from the
repository's own files (``deploy/``, rendered by ``deploy.render``; the replicas under
``deploy.supervise`` in place of systemd), with sign-in against a mock OpenID Connect provider.
Through the proxy: the health check answers and nginx's cookie keeps a client on one replica;
Chromium opens every public page under /iro/ and a filter change reruns over the websocket; two
browsers keep their own replicas; a replica killed mid-session is restarted and the next visit
works; sign-in comes back to the public address; a new extract published under load is served
from the next run, and a refused one never replaces it. The load test's smoke run ends the
module."""

import asyncio
import datetime as dt
import http.client
import json
import os
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import polars as pl
import pytest
from helpers import AUTHORITY_ONLY, assert_no_errors, choose, free_port, publish, settle
from oidc_provider_mock import User, run_server_in_thread
from playwright.sync_api import Browser, BrowserContext, Page, expect

from deploy.loopback import LoopbackSite, answers, loopback_site, trusting_loopback
from deploy.render import COOKIE, Site
from iro_metrics.present.refresh import refused_notice
from iro_metrics.ui.navigation import pages_for
from perf import load_test
from perf.streamlit_client import Run

pytestmark = pytest.mark.slow  # nginx, two replicas, Chromium and two loads: about two minutes

MANAGER = "manager@council.example"
REPLICA = "x-iro-replica"
YEAR = "Reporting year (1 April to 31 March)"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """A mock OpenID Connect provider on loopback; yields its discovery document's URL."""
    users = [User(sub="manager", claims={"email": MANAGER, "email_verified": True})]
    port = free_port()
    with run_server_in_thread(port=port, user_claims=users):
        yield f"http://localhost:{port}/.well-known/openid-configuration"


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory, server_logs: Path, provider: str,
               demo_dir: Path) -> Iterator[LoopbackSite]:
    """The deployment on loopback, its data directory a symlink published on the demo data,
    sign-in configured with the provider (redirect_uri at the public base path)."""
    work = tmp_path_factory.mktemp("deploy")
    publish(work / "current", demo_dir)

    def secrets(site: Site) -> str:
        return ("[auth]\n"
                f'redirect_uri = "{site.public_url}oauth2callback"\n'
                'cookie_secret = "a-long-random-string-for-the-test-only-0123456789"\n'
                'client_id = "iro-dashboard"\nclient_secret = "test-secret"\n'
                f'server_metadata_url = "{provider}"\n\n[iro]\nmanagers = ["{MANAGER}"]\n')

    with loopback_site(work, work / "current", secrets_toml=secrets) as site:
        yield site
    for log in site.run_dir.glob("*.log"):
        shutil.copy(log, server_logs / f"deploy-{log.name}")


def fetch(url: str, cookie: str | None = None) -> http.client.HTTPResponse:
    """One GET (no redirect followed), over TLS without checking the loopback certificate."""
    parts = urlsplit(url)
    connection = (http.client.HTTPSConnection(parts.netloc, context=trusting_loopback(),
                                              timeout=10)
                  if parts.scheme == "https" else http.client.HTTPConnection(parts.netloc,
                                                                             timeout=10))
    connection.request("GET", parts.path or "/", headers={"Cookie": cookie} if cookie else {})
    reply = connection.getresponse()
    reply.read()
    connection.close()
    return reply


def route_cookie(reply: http.client.HTTPResponse) -> str | None:
    """The Set-Cookie header of nginx's route cookie in ``reply``, if any."""
    return next((value for value in reply.headers.get_all("Set-Cookie") or []
                 if value.startswith(f"{COOKIE}=")), None)


def replicas(site: LoopbackSite) -> set[str]:
    return {f"127.0.0.1:{port}" for port in site.site.replicas}


def test_health_and_a_sticky_cookie_set_by_nginx(deployment: LoopbackSite) -> None:
    first = fetch(deployment.url + "_stcore/health")
    assert first.status == 200
    replica = first.headers[REPLICA]
    assert replica in replicas(deployment)
    cookie = route_cookie(first)
    assert cookie is not None
    value, *attributes = cookie.split("; ")
    assert attributes == ["Path=/iro/", "Secure", "HttpOnly", "SameSite=Lax"]
    again = [fetch(deployment.url + "_stcore/health", value) for _ in range(10)]
    assert {reply.headers[REPLICA] for reply in again} == {replica}
    assert [route_cookie(reply) for reply in again] == [None] * 10
    # Every client shares one address here, as a council's staff do: the cookie spreads them.
    assert {fetch(deployment.url + "_stcore/health").headers[REPLICA]
            for _ in range(40)} == replicas(deployment)
    plain = fetch(f"http://127.0.0.1:{deployment.site.http_port}/iro/")
    assert plain.status == 301
    assert plain.headers["Location"] == f"https://127.0.0.1:{deployment.site.https_port}/iro/"
    assert fetch(deployment.site.origin + "/").headers["Location"].endswith("/iro/")


@pytest.fixture
def context(browser: Browser, browser_context_args: dict) -> Iterator[BrowserContext]:
    """A fresh browser (its own cookies) that accepts the loopback certificate."""
    fresh = browser.new_context(**browser_context_args, ignore_https_errors=True)
    yield fresh
    fresh.close()


def watched(context: BrowserContext) -> tuple[Page, list[str]]:
    """A tab and the replicas that answered its HTTP requests (nginx's header)."""
    page, served = context.new_page(), []
    page.on("response", lambda reply: served.append(reply.headers.get(REPLICA, "")))
    return page, served


def replica_of(context: BrowserContext, site: LoopbackSite) -> str:
    """The replica nginx sends this browser to now (its cookie, if it has one)."""
    return context.request.get(site.url + "_stcore/health").headers[REPLICA]


def test_every_page_and_a_filter_change_through_the_proxy(context: BrowserContext,
                                                          deployment: LoopbackSite) -> None:
    page, served = watched(context)
    for entry in pages_for(managers=False):
        page.goto(deployment.url + entry.url_path)
        settle(page)
        assert_no_errors(page)
        expect(page.locator('[data-testid="stSidebarNav"]').get_by_role(
            "link", name=entry.title, exact=True)).to_have_attribute("aria-current", "page")
    page.goto(deployment.url)
    settle(page)
    choose(page, YEAR, "2018-19")
    expect(page.get_by_text("Showing 2018-19 (1 April 2018 to 31 March 2019) for all "
                            "children.")).to_be_visible()
    assert "year=2018-19" in page.url
    assert page.locator('[data-test-connection-state="CONNECTED"]').count() == 1
    assert {replica for replica in served if replica} == {replica_of(context, deployment)}


def test_two_browsers_keep_their_own_replicas(browser: Browser, browser_context_args: dict,
                                              deployment: LoopbackSite) -> None:
    found: dict[str, BrowserContext] = {}
    for _ in range(20):  # each new browser lands on either replica, by its random cookie
        fresh = browser.new_context(**browser_context_args, ignore_https_errors=True)
        replica = replica_of(fresh, deployment)
        if replica in found:
            fresh.close()
        else:
            found[replica] = fresh
        if len(found) == 2:
            break
    assert set(found) == replicas(deployment)
    try:
        tabs = {replica: watched(fresh) for replica, fresh in found.items()}
        for page, _ in tabs.values():
            page.goto(deployment.url)
            settle(page)
        for year in ("2017-18", "2019-20"):  # reruns over each tab's websocket
            for page, _ in tabs.values():
                choose(page, YEAR, year)
                expect(page.get_by_text(f"Showing {year}")).to_be_visible()
        for replica, (page, served) in tabs.items():
            page.reload()
            settle(page)
            assert_no_errors(page)
            assert {answered for answered in served if answered} == {replica}
            assert replica_of(found[replica], deployment) == replica
    finally:
        for fresh in found.values():
            fresh.close()


def test_a_killed_replica_is_restarted_and_the_next_visit_works(
        context: BrowserContext, deployment: LoopbackSite) -> None:
    page, _ = watched(context)
    page.goto(deployment.url)
    settle(page)
    replica = replica_of(context, deployment)
    port = int(replica.rsplit(":", 1)[1])
    killed = deployment.replica_pid(port)
    os.kill(killed, signal.SIGKILL)
    deadline = time.monotonic() + 60
    while not (deployment.replica_pid(port) != killed
               and answers(deployment.replica_url(port) + "_stcore/health")):
        assert time.monotonic() < deadline, deployment.logs()
        time.sleep(0.2)
    page.goto(deployment.url + "looked_after")
    settle(page)
    assert_no_errors(page)
    expect(page.get_by_role("heading", name="Looked after children").first).to_be_visible()
    # nginx rests a replica that failed for fail_timeout (5 s), so the first visit may be served
    # by the other one; after that the consistent hash brings the session back to its replica.
    deadline = time.monotonic() + 30
    while replica_of(context, deployment) != replica:
        assert time.monotonic() < deadline, deployment.logs()
        time.sleep(1)
        page.goto(deployment.url + "looked_after")
        settle(page)
        assert_no_errors(page)


def test_sign_in_returns_to_the_public_address(context: BrowserContext,
                                               deployment: LoopbackSite) -> None:
    page, _ = watched(context)
    page.goto(deployment.url)
    settle(page)
    page.get_by_role("button", name="Sign in (council staff)").click()
    page.get_by_role("button", name="manager", exact=True).click()
    page.wait_for_url(deployment.url + "**")
    settle(page)
    expect(page.get_by_text(f"Signed in as {MANAGER}")).to_be_visible()
    expect(page.get_by_text("Manager view: exact figures and action lists.")).to_be_visible()
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Action lists").click()
    settle(page)
    assert_no_errors(page)
    assert page.url.startswith(deployment.url + "action_lists")


# --- Publishing under load -----------------------------------------------------------------

REFRESHED = "Refreshed Darlington"
SECOND_AT, REFUSED_AT, LOAD_SECONDS = 10.0, 22.0, 34.0


def second_extract(demo_dir: Path, directory: Path) -> Path:
    """The demo data as a newer extract with other figures: another authority name, and every
    other looked-after review left out (so reviews in time and participation change)."""
    shutil.copytree(demo_dir, directory)
    authority = json.loads((directory / "authority.json").read_text(encoding="utf-8"))
    (directory / "authority.json").write_text(json.dumps({**authority, "la_name": REFRESHED}),
                                              encoding="utf-8")
    reviews = pl.read_parquet(directory / "lac_reviews.parquet")
    reviews.gather_every(2).write_parquet(directory / "lac_reviews.parquet")
    return directory


def authority_shown(run: Run) -> str:
    """The authority named in the sidebar's caption of a run."""
    return next(caption.split(" · extract of")[0] for caption in run.captions
                if " · extract of " in caption)


def test_a_new_extract_is_served_from_the_next_run_and_a_refused_one_never(
        deployment: LoopbackSite, demo_dir: Path, tmp_path: Path) -> None:
    link = deployment.site.data_dir
    second = second_extract(demo_dir, tmp_path / "second")
    refused = tmp_path / "refused"
    refused.mkdir()
    shutil.copy(demo_dir / "authority.json", refused)
    published: dict[str, float] = {}

    def publish_at(name: str, directory: Path) -> tuple[float, Callable[[], None]]:
        def action() -> None:
            publish(link, directory)
            published[name] = time.monotonic()
        return (SECOND_AT if name == "second" else REFUSED_AT, action)

    load = load_test.drive(deployment.url, 6, LOAD_SECONDS, (0.2, 1.0),
                           pages=("", "data_quality"), filters=({},),
                           events=(publish_at("second", second), publish_at("refused", refused)))
    try:
        with ThreadPoolExecutor(1) as thread:  # pytest-playwright runs a loop in this one
            outcome = thread.submit(asyncio.run, load).result()
    finally:
        publish(link, demo_dir)
    assert outcome.problems == []
    overview = [run for run in outcome.runs if run.requested == ""]
    quality = [run for run in outcome.runs if run.requested == "data_quality"]
    # Every run shows one extract throughout: its sidebar and its tiles agree.
    tiles = {}
    for run in overview:
        assert tiles.setdefault(authority_shown(run), run.metrics) == run.metrics
    assert set(tiles) == {"Darlington", REFRESHED}
    assert tiles["Darlington"] != tiles[REFRESHED]
    ended_before = [run for run in overview if run.started + run.seconds < published["second"]]
    started_after = [run for run in overview if run.started > published["second"]]
    assert ended_before and started_after
    assert {authority_shown(run) for run in ended_before} == {"Darlington"}
    assert {authority_shown(run) for run in started_after} == {REFRESHED}
    notice = refused_notice("refused", "second", extract_date(second), AUTHORITY_ONLY)
    for run in quality:
        if run.started > published["refused"]:
            assert authority_shown(run) == REFRESHED
            assert notice in run.warnings
        elif run.started + run.seconds < published["refused"]:
            assert not [warning for warning in run.warnings if "refused" in warning]
    assert any(run.started > published["refused"] for run in quality)


def extract_date(directory: Path) -> dt.date:
    authority = json.loads((directory / "authority.json").read_text(encoding="utf-8"))
    return dt.date.fromisoformat(authority["extract_date"])


def test_the_load_test_runs_a_short_smoke_run(server_logs: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    with ThreadPoolExecutor(1) as thread:
        status = thread.submit(load_test.main, ["--levels", "3", "--last-seconds", "20",
                                                "--think", "0.5", "2"]).result()
    printed = capsys.readouterr().out
    assert status == 0, printed
    assert "met: no errors at any level" in printed
    figures = next(line.split() for line in printed.splitlines() if line.lstrip().startswith("3 "))
    assert figures[:2] == ["3", "20"] and int(figures[2]) > 0 and figures[6] == "0"
