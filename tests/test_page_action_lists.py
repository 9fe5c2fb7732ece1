"""The action lists page under AppTest: the children whose review is due soon and whom the IRO
has not yet seen are listed with plain headings and dates as on the other lists, the rows of
``action_lists.not_seen_before_review`` on the demo; a v1 extract says the contact records are
missing."""

import datetime as dt
from pathlib import Path

from helpers import OpenPage, table, write_v1_demo

from iro_metrics.contract.loader import load_extract
from iro_metrics.present.action_lists import HEADINGS, not_seen_before_review

TITLE = "Reviews due soon, child not yet seen by the IRO"


def test_children_not_yet_seen(open_page: OpenPage, demo_dir: Path) -> None:
    at = open_page("action_lists", query={"year": "2019-20"})
    assert not at.exception, [e.value for e in at.exception]
    assert TITLE in [h.value for h in at.header]
    demo = load_extract(demo_dir)
    assert demo.lac_episodes is not None and demo.iro_activity is not None
    expected = not_seen_before_review(demo.lac_episodes, demo.lac_reviews, demo.iro_activity,
                                      dt.date(2020, 3, 31))
    shown = table(at, "IRO last saw or spoke with the child")
    assert list(shown.columns) == [HEADINGS[name] for name in expected.columns]
    assert 0 < expected.height == len(shown)
    assert list(shown["Child reference"]) == expected["child_id"].to_list()
    assert list(shown["Next review due by"]) == [
        f"{day.day} {day:%B %Y}" for day in expected["due"]]


def test_v1_extract_has_no_contact_records(open_page: OpenPage, tmp_path: Path) -> None:
    at = open_page("action_lists", data_dir=write_v1_demo(tmp_path / "v1"))
    assert not at.exception, [e.value for e in at.exception]
    assert any("(the `iro_activity` table)" in i.value for i in at.info)
