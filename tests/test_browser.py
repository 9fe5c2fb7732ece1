"""The dashboard in a real headless Chromium against the server as it is run
(``python -m iro_metrics.ui.serve``: ``streamlit run app.py`` with the data loaded first)."""

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
                                      refused_dir: Path, server_logs: Path) -> None:
    """The server still starts when the data it loads first is refused: the log says so, and
    every visit shows why."""
    page.goto(start_app(refused_dir))
    page.wait_for_selector(DONE)

    expect(page.get_by_text("cannot be used")).to_be_visible()
    expect(page.locator('[data-testid="stAlertContentError"]').first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    said = f"the data directory {refused_dir.resolve()} is refused; each visit will say why"
    assert any(said in log.read_text(errors="replace")
               for log in server_logs.glob("streamlit-*.log"))
