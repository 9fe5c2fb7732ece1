"""The public view in a real browser: one filter at a time (choosing one clears the others, and
the address follows), and an address with a parameter far too long still opens the normal page
with a note (issue 10)."""

from urllib.parse import parse_qs, urlsplit

from helpers import TOO_LONG, assert_no_errors, choose, settle
from playwright.sync_api import Page, expect


def test_public_filters_apply_one_at_a_time(page: Page, app_url: str) -> None:
    page.goto(app_url + "?year=2019-20")
    settle(page)
    view = page.locator('[data-testid="stAlertContentInfo"]').first
    choose(page, "Sex", "Girls")
    expect(view).to_contain_text("for girls.")
    choose(page, "Age band", "10 to 15")
    expect(view).to_contain_text("for children aged 10 to 15.")
    sex = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(
        has_text="Sex")
    expect(sex.get_by_role("combobox")).to_have_value("All")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"year": ["2019-20"], "age": ["10 to 15"]}
    assert_no_errors(page)


def test_a_parameter_too_long_gives_the_normal_page_and_a_note(page: Page,
                                                             app_url: str) -> None:
    page.goto(app_url + "looked_after?sex=" + "x" * 100_000)
    settle(page)
    expect(page.locator("h1").first).to_have_text("Looked after children")
    expect(page.locator('[data-testid="stSidebar"]').get_by_text(TOO_LONG)).to_be_visible()
    assert "sex" not in parse_qs(urlsplit(page.url).query)
    assert_no_errors(page)
