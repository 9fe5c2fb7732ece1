"""The dashboard in a real headless Chromium against `streamlit run app.py`."""

from collections.abc import Callable
from pathlib import Path

from helpers import DONE, SCREENSHOTS
from playwright.sync_api import Page, expect


def test_overview_page(page: Page, app_url: str) -> None:
    page.goto(app_url)
    page.wait_for_selector(DONE)

    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    expect(page.get_by_text("Synthetic demonstration data")).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "overview.png", full_page=True)


def test_refused_directory_in_browser(page: Page, start_app: Callable[[Path], str],
                                      refused_dir: Path) -> None:
    page.goto(start_app(refused_dir))
    page.wait_for_selector(DONE)

    expect(page.get_by_text("cannot be used")).to_be_visible()
    expect(page.locator('[data-testid="stAlertContentError"]').first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
