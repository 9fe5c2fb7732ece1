"""Sign-in against a real OpenID Connect provider (oidc-provider-mock) started on loopback:
signed out is the public view; signed in with an allowed e-mail is the manager view; signed in
with another e-mail is the public view. The provider and the app are addressed as ``localhost``
(the client library accepts plain http only there)."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import free_port, serve, settle, stop
from oidc_provider_mock import User, run_server_in_thread
from playwright.sync_api import Page, expect

MANAGER = "manager@council.example"
OTHER = "councillor@council.example"


@pytest.fixture(scope="module")
def signed_app(tmp_path_factory: pytest.TempPathFactory, server_logs: Path) -> Iterator[str]:
    """The dashboard with sign-in configured against a mock provider; yields its URL."""
    users = [User(sub="manager", claims={"email": MANAGER, "email_verified": True}),
             User(sub="councillor", claims={"email": OTHER, "email_verified": True})]
    with run_server_in_thread(port=free_port(), user_claims=users) as provider:
        port = free_port()
        url = f"http://localhost:{port}/"
        secrets = tmp_path_factory.mktemp("secrets") / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "{url}oauth2callback"\n'
            'cookie_secret = "a-long-random-string-for-the-test-only-0123456789"\n'
            'client_id = "iro-dashboard"\n'
            'client_secret = "test-secret"\n'
            f'server_metadata_url = "http://localhost:{provider.server_port}'
            '/.well-known/openid-configuration"\n'
            "\n[iro]\n"
            f'managers = ["{MANAGER.upper()}"]\n', encoding="utf-8")
        env = {**os.environ, "IRO_AUDIENCE": "manager"}  # ignored once [auth] is configured
        server, url = serve(port, env, server_logs, host="localhost",
                            options=(f"--secrets.files={secrets}",))
        try:
            yield url
        finally:
            stop(server)


def sign_in_as(page: Page, url: str, subject: str) -> None:
    page.goto(url)
    settle(page)
    page.get_by_role("button", name="Sign in (council staff)").click()
    page.get_by_role("button", name=subject, exact=True).click()
    page.wait_for_url(url + "**")
    settle(page)


def nav_links(page: Page) -> list[str]:
    return page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()


def test_signed_out_is_public(page: Page, signed_app: str) -> None:
    page.goto(signed_app)
    settle(page)
    expect(page.get_by_text("Public view: counts from 1 to 5")).to_be_visible()
    assert not any("Action lists" in link for link in nav_links(page))
    page.goto(signed_app + "action_lists")
    settle(page)
    expect(page.get_by_text("Manager view")).to_have_count(0)
    expect(page.get_by_role("heading", name="Looked-after reviews overdue or due soon"))\
        .to_have_count(0)


def test_allowed_email_gets_the_manager_view(page: Page, signed_app: str) -> None:
    sign_in_as(page, signed_app, "manager")
    expect(page.get_by_text(f"Signed in as {MANAGER}")).to_be_visible()
    expect(page.get_by_text("Manager view: exact figures and action lists.")).to_be_visible()
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Action lists").click()
    settle(page)
    expect(page.get_by_role("heading", name="Looked-after reviews overdue or due soon"))\
        .to_be_visible()


def test_other_email_stays_public(page: Page, signed_app: str) -> None:
    sign_in_as(page, signed_app, "councillor")
    expect(page.get_by_text(f"Signed in as {OTHER}")).to_be_visible()
    expect(page.get_by_text("Public view: counts from 1 to 5")).to_be_visible()
    assert not any("Action lists" in link for link in nav_links(page))
