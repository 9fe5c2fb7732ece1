"""The symbols footnote explains exactly the symbols a page shows (issue 18 item 6): ``c`` only
where something is suppressed, ``x`` only where something is not available, nothing when the
page shows neither."""

import pytest
from helpers import OpenPage, tables

from iro_metrics.present.formatting import NOT_AVAILABLE, SUPPRESSED_SYMBOL

PAGES = ("looked_after", "child_protection", "cp_conferences", "timeliness", "participation",
         "workforce")


def shown_symbols(at) -> set[str]:
    """The symbols in the page's tiles and tables."""
    cells = {metric.value for metric in at.metric}
    for frame in tables(at):
        cells |= set(frame.astype(str).to_numpy().ravel())
    return cells & {SUPPRESSED_SYMBOL, NOT_AVAILABLE}


def footnoted(at) -> set[str]:
    """The symbols the page's footnote explains."""
    return {symbol for caption in at.caption for symbol in (SUPPRESSED_SYMBOL, NOT_AVAILABLE)
            if caption.value.startswith(f"{symbol}: ") or f". {symbol}: " in caption.value}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("audience", "query"), [
    ("manager", {"year": "2019-20"}),
    ("public", {"year": "2019-20", "ethnicity": "Black or Black British"}),
])
def test_the_footnote_explains_exactly_the_symbols_shown(open_page: OpenPage, page: str,
                                                         audience: str, query: dict) -> None:
    at = open_page(page, query=query, audience=audience)
    assert not at.exception
    assert footnoted(at) == shown_symbols(at)


def test_a_small_group_for_the_public_is_footnoted_and_a_managers_page_is_not(
        open_page: OpenPage) -> None:
    public = open_page("child_protection", audience="public",
                       query={"year": "2019-20", "ethnicity": "Black or Black British"})
    assert SUPPRESSED_SYMBOL in footnoted(public)
    manager = open_page("child_protection", query={"year": "2019-20"})
    assert SUPPRESSED_SYMBOL not in footnoted(manager)
