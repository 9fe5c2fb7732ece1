"""Every page as a councillor sees it (issue 18), in a real Chromium at a desk's width (1366×900)
and a phone's (390×844), for the public and for managers: each is screenshotted (kept out of the
repository, in artifacts/screenshots/widths) and fails when

- any table, tile label or tile change, heading or caption is cut: its content is wider than its
  box (``scrollWidth > clientWidth``), with every "View as table" opened;
- a heading or caption hides a total (``of c``, ``all c``, ``the c children``) or the share of a
  shown count (``242 children (c%)``) while a tile on the page shows a count;
- a chart's axis labels carry more decimals than the figures written on its bars;
- any text drawn in a chart (a line's label, a legend, a note) reaches past the chart's box: at
  390 px long end-of-line labels ran off the right edge."""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import SCREENSHOTS, assert_no_errors, serve, settle, stop, tall_window
from playwright.sync_api import Page

from deploy.loopback import free_port
from iro_metrics.ui.navigation import PageEntry, pages_for

WIDTHS = {"desk": (1366, 900), "phone": (390, 844)}
AUDIENCES = ("public", "manager")
CASES = [(audience, entry) for audience in AUDIENCES
         for entry in pages_for(managers=audience == "manager")]
BOXES = ('[data-testid="stTable"]', '[data-testid="stMetricLabel"]',
         '[data-testid="stMetricDelta"]', '[data-testid="stMetricValue"]',
         '[data-testid="stHeading"]', '[data-testid="stCaptionContainer"]')
HIDDEN_TOTAL = re.compile(r"\bof c\b|\ball c\b|\bthe c children\b|\d children \(c%\)")
NUMBER = re.compile(r"-?\d[\d,]*(?:\.(\d+))?")

CUT = """boxes => boxes.flatMap(selector => Array.from(document.querySelectorAll(selector)))
  .filter(box => box.clientWidth > 0 && box.scrollWidth > box.clientWidth + 1)
  .map(box => `${box.dataset.testid}: ${box.innerText.slice(0, 60)} `
              + `(${box.scrollWidth} > ${box.clientWidth} px)`)"""
OUTSIDE_CHART = """() => Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"]'))
  .flatMap(chart => {
    const box = chart.getBoundingClientRect();
    return Array.from(chart.querySelectorAll('svg text'))
      .filter(text => text.textContent.trim())
      .map(text => [text.textContent, text.getBoundingClientRect()])
      .filter(([, r]) => r.width > 0 && (r.left < box.left - 2 || r.right > box.right + 2))
      .map(([words, r]) => `chart text "${words}" spans ${Math.round(r.left)}-${Math.round(r.right)}`
                           + ` px, the chart ${Math.round(box.left)}-${Math.round(box.right)}`);
  })"""
"""Text in a chart reaching past the chart's box (by more than 2 px: a rotated axis title's box
and the chart's differ by a pixel's rounding)."""
CHARTS = """() => Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"] svg')).map(
  svg => ({axis: Array.from(svg.querySelectorAll('.role-axis-label text')).map(t => t.textContent),
           marks: Array.from(svg.querySelectorAll('.role-mark text')).map(t => t.textContent)}))"""


@pytest.fixture(scope="module")
def servers(server_logs: Path, demo_dir: Path) -> Iterator[dict[str, str]]:
    """A dashboard on the demo data for each audience."""
    started = {audience: serve(free_port(), {**os.environ, "IRO_DATA_DIR": str(demo_dir),
                                             "IRO_AUDIENCE": audience}, server_logs)
               for audience in AUDIENCES}
    yield {audience: url for audience, (_, url) in started.items()}
    stop(*(proc for proc, _ in started.values()))


def decimals(text: str) -> int:
    """The decimals of the figure in ``text`` (0 for a whole number)."""
    found = NUMBER.search(text)
    return len(found.group(1) or "") if found else 0


def axis_problems(charts: list[dict[str, list[str]]]) -> list[str]:
    """Axis labels with more decimals than any figure written on the chart's marks (charts that
    write no figure on their marks, such as lines labelled by name, are not judged)."""
    found = []
    for chart in charts:
        written = [decimals(text) for text in chart["marks"] if NUMBER.search(text)]
        if not written:
            continue
        most = max(written)
        found += [f"axis label {label!r} has more decimals than the figures ({most})"
                  for label in chart["axis"] if NUMBER.fullmatch(label) and decimals(label) > most]
    return found


def show_everything(page: Page) -> None:
    """Open every "View as table" and make the window as tall as the page, so that every table
    and chart is drawn (charts are drawn when in view)."""
    for expander in page.locator('[data-testid="stExpander"] summary').all():
        expander.click()
    settle(page)
    tall_window(page)


def hidden_totals(page: Page) -> list[str]:
    """Headings and captions hiding a total while some tile shows a count."""
    tiles = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    if not any(re.fullmatch(r"[\d,]+", tile.strip()) for tile in tiles):
        return []
    texts = page.locator('[data-testid="stHeading"], [data-testid="stCaptionContainer"]')
    return [text for text in texts.all_inner_texts() if HIDDEN_TOTAL.search(text)]


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize(("audience", "entry"), CASES,
                         ids=[f"{audience}-{entry.url_path or 'overview'}"
                              for audience, entry in CASES])
def test_nothing_is_cut_hidden_or_over_precise(page: Page, servers: dict[str, str],
                                               audience: str, entry: PageEntry,
                                               width: str) -> None:
    columns, rows = WIDTHS[width]
    page.set_viewport_size({"width": columns, "height": rows})
    page.goto(servers[audience] + entry.url_path + "?year=2020-21")
    settle(page)
    assert_no_errors(page)
    show_everything(page)
    folder = SCREENSHOTS / "widths"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{audience}-{entry.url_path or 'overview'}-{width}.png",
                    full_page=True)
    assert [*page.evaluate(CUT, list(BOXES)), *hidden_totals(page),
            *axis_problems(page.evaluate(CHARTS)), *page.evaluate(OUTSIDE_CHART)] == []


def test_the_checks_catch_what_they_are_for() -> None:
    charts = [{"axis": ["0", "0.5", "1", "Care plan"], "marks": ["3", "c"]},
              {"axis": ["0", "0.2"], "marks": ["0.60 FTE (1 person)"]},
              {"axis": ["0.25"], "marks": ["Looked after"]}]
    assert axis_problems(charts) == [
        "axis label '0.5' has more decimals than the figures (0)"]
    for hidden in ("Boys were the largest group: 33 of c children (c%)",
                   "Children looked after by sex, number and share of all c, Darlington",
                   "Bar chart of the c children looked after", "White, 242 children (c%)"):
        assert HIDDEN_TOTAL.search(hidden), hidden
    assert not HIDDEN_TOTAL.search("Girls: c children looked after")


def test_text_past_a_charts_edge_is_caught(page: Page) -> None:
    """The chart-text check on a chart-like box: a label inside passes, one running past the
    right edge is reported."""
    page.set_content(
        '<div data-testid="stVegaLiteChart" style="width:200px;position:absolute;left:0">'
        '<svg width="200" height="40"><text x="10" y="15">Inside</text>'
        '<text x="150" y="35" font-size="16">Within 2 years (local measure)</text></svg></div>')
    found = page.evaluate(OUTSIDE_CHART)
    assert len(found) == 1
    assert found[0].startswith('chart text "Within 2 years (local measure)" spans 150-')
    assert found[0].endswith(" px, the chart 0-200")
