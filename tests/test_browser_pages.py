"""Every page in a real headless Chromium against `streamlit run app.py` on the demo data: it
renders without an exception, passes an axe-core scan (no serious or critical violation in what
the project renders), and is saved as a screenshot; filters change figures and live in the URL;
a CSV download holds the figures of the table on screen."""

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from helpers import SCREENSHOTS, assert_no_errors, choose, settle, tall_window
from playwright.sync_api import Page, expect

from iro_metrics.ui.navigation import PageEntry, pages_for

SERIOUS = ("serious", "critical")
PUBLIC_PAGES = pages_for(managers=False)  # the server runs with the default, public audience
# Violations inside widgets Streamlit owns, which the project cannot change: (rule, a CSS
# fragment of the element's target) with the reason. Each must be seen to stay excused.
STREAMLIT_OWNED: dict[tuple[str, str], str] = {}


@pytest.mark.parametrize("entry", PUBLIC_PAGES, ids=[entry.title for entry in PUBLIC_PAGES])
def test_narrow_public_views_draw_every_chart(page: Page, app_url: str,
                                              entry: PageEntry) -> None:
    # A small group: most figures are suppressed (NaN behind the scenes, c on screen).
    page.goto(app_url + entry.url_path + "?year=2019-20&ethnicity=Black+or+Black+British")
    settle(page)
    expect(page.locator("h1").first).to_be_visible()
    assert_no_errors(page)


def metric(page: Page, label: str) -> str:
    tile = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return tile.locator('[data-testid="stMetricValue"]').inner_text()


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in SERIOUS:
            continue
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            if any(rule == violation["id"] and fragment in target
                   for rule, fragment in STREAMLIT_OWNED):
                continue
            found.append(f"{violation['id']} ({violation['impact']}) at {target}: "
                         f"{violation['help']}")
    return found


@pytest.mark.parametrize("entry", PUBLIC_PAGES, ids=[entry.title for entry in PUBLIC_PAGES])
def test_page_renders_accessibly(page: Page, app_url: str, entry: PageEntry) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(app_url + entry.url_path + "?year=2019-20")
    settle(page)
    expect(page.locator("h1").first).to_be_visible()
    assert_no_errors(page)
    expect(page.get_by_text("Synthetic demonstration data")).to_be_visible()
    assert serious_violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tall_window(page)
    name = entry.url_path or "overview"
    page.screenshot(path=SCREENSHOTS / f"page-{name}.png", full_page=True)


def test_period_and_filter_change_figures_and_the_url_keeps_them(page: Page,
                                                                 app_url: str) -> None:
    page.goto(app_url)
    settle(page)
    before = metric(page, "Looked after")
    choose(page, "Reporting year", "2016-17")
    expect(page.get_by_text("Showing 2016-17 (1 April 2016 to 31 March 2017)")).to_be_visible()
    after_year = metric(page, "Looked after")
    assert after_year != before
    choose(page, "Sex", "Girls")  # the server's audience is the public's: one choice per filter
    expect(page.get_by_text("for girls.")).to_be_visible()
    girls = metric(page, "Looked after")
    assert girls != after_year
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"year": ["2016-17"], "sex": ["Girls"]}

    shared = page.context.new_page()
    shared.goto(page.url)
    settle(shared)
    expect(shared.get_by_text("Showing 2016-17 (1 April 2016 to 31 March 2017) for girls."))\
        .to_be_visible()
    assert metric(shared, "Looked after") == girls
    shared.close()


def test_filters_survive_a_page_change(page: Page, app_url: str) -> None:
    page.goto(app_url + "?year=2018-19&age=10+to+15")
    settle(page)
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_role("link", name="Timeliness").click()
    settle(page)
    expect(page.get_by_text("Showing 2018-19 (1 April 2018 to 31 March 2019) for children aged "
                            "10 to 15.")).to_be_visible()
    assert parse_qs(urlsplit(page.url).query) == {"year": ["2018-19"], "age": ["10 to 15"]}


def test_csv_download_matches_the_table_on_screen(page: Page, app_url: str) -> None:
    page.goto(app_url + "?year=2019-20")
    settle(page)
    page.get_by_text("View as table").first.click()
    grid = page.locator('[data-testid="stTable"] table').first
    expect(grid).to_be_attached()
    header = [cell.inner_text().strip() for cell in grid.locator("thead th").all()]
    shown = [[cell.inner_text().strip() for cell in row.locator("td").all()]
             for row in grid.locator("tbody tr").all()]
    shown = [row[-len(header):] for row in shown if row]
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").first.click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == header[-len(rows[0]):]
    assert len(shown) >= 5
    assert rows[1:len(shown) + 1] == shown


def test_a_page_link_opened_first_after_a_start_runs_through_the_entry_page(
        page: Page, start_app: Callable[[Path], str], demo_dir: Path,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    # A server of its own (a copy of the demo data), whose first request opens a page's URL.
    copy = tmp_path_factory.mktemp("first-request") / "demo"
    shutil.copytree(demo_dir, copy)
    page.goto(start_app(copy) + "data_quality?year=2018-19")
    settle(page)
    expect(page.locator("h1").first).to_have_text("Data quality")
    expect(page.get_by_text("Synthetic demonstration data")).to_be_visible()
    expect(page.locator('[data-testid="stSidebarNav"] a')).to_have_count(len(PUBLIC_PAGES))


def test_an_old_link_to_the_conferences_reaches_their_page(page: Page, app_url: str) -> None:
    """A link shared before Child protection was split (issue 18) lands on the plans page's
    Conferences section, whose link opens the conferences page in the same view; the category
    of abuse it carried is said not to apply there."""
    page.goto(app_url + "child_protection?year=2019-20&category=Neglect#conferences")
    settle(page)
    expect(page.locator("h1").first).to_have_text("Child protection plans")
    section = page.locator("#conferences")
    expect(section).to_be_in_viewport()
    page.get_by_role("link", name="Child protection conferences").last.click()
    settle(page)
    expect(page.locator("h1").first).to_have_text("Child protection conferences")
    expect(page.get_by_text("Showing 2019-20 (1 April 2019 to 31 March 2020) for all "
                            "children.")).to_be_visible()
    expect(page.get_by_text("the category filter chosen on the Child protection plans page "
                            "does not apply")).to_be_visible()
    assert urlsplit(page.url).path.endswith("/cp_conferences")
