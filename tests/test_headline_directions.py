"""A chart's headline and the tile above it on the same figure never disagree (issue 18 item 3):
both compare with the year before, and a rise on the tile is a rise in the headline. A headline
is matched to a tile by the figure both show; each page must yield the pairs it is known to
have, so the test cannot pass by finding none."""

import re

import pytest
from helpers import OpenPage

PAIRS_AT_LEAST = {"overview": 1, "looked_after": 1, "child_protection": 1, "cp_conferences": 1,
                  "timeliness": 4}
"""The tile-and-headline pairs each page has on the demo data."""
YEARLY = re.compile(r"^(?P<value>\S+) .* (?:in|at the end of) (?P<year>\d{4}-\d{2}), "
                    r"(?P<word>up from|down from|the same as) (?P<before>\S+) "
                    r"in (?P<previous>\d{4}-\d{2})$")
MONTHLY = re.compile(r" (?P<word>rose|fell|stayed at) (?:from (?P<before>\S+) to )?(?P<value>\S+) "
                     r"between \w+ \d{4} and \w+ \d{4}$")
LATEST = re.compile(r" (?P<word>rose|fell|stayed at) (?:from (?P<before>\S+) to )?(?P<value>\S+) "
                    r"in \d{4}-\d{2}$")
DIRECTION = {"up from": "up", "rose": "up", "down from": "down", "fell": "down",
             "the same as": "same", "stayed at": "same"}


def tile_direction(delta: str) -> tuple[str, str]:
    """The direction of a tile's change (``+1.2 pts on 2019-20``, ``no change on 2019-20``) and
    the year it compares with."""
    change, year = delta.rsplit(" on ", 1)
    if change.startswith("no change"):
        return "same", year
    return ("up" if change.startswith("+") else "down"), year


@pytest.mark.parametrize("year", ["2019-20", "2020-21"])
@pytest.mark.parametrize("page", list(PAIRS_AT_LEAST))
def test_every_headline_moves_the_way_its_tile_does(open_page: OpenPage, page: str,
                                                    year: str) -> None:
    at = open_page(page, query={"year": year})
    assert not at.exception
    tiles = {metric.value: tile_direction(metric.delta) for metric in at.metric if metric.delta}
    pairs = []
    for header in (element.value for element in at.header):
        found = YEARLY.search(header) or MONTHLY.search(header) or LATEST.search(header)
        if found is None or found["value"] not in tiles:
            continue
        direction, compared_with = tiles[found["value"]]
        pairs.append(header)
        assert DIRECTION[found["word"]] == direction, (header, direction)
        if "previous" in found.groupdict():
            assert found["previous"] == compared_with, header
    assert len(pairs) >= PAIRS_AT_LEAST[page], pairs
