"""Publishing a new extract while the dashboard runs (``docs/deploy.md``): the data directory is
a symlink switched to a new directory; the next run shows the new data; a directory the loader
refuses never replaces the one being served, and the Data quality page says why; a restarted
server finds the last good directory in its state file."""

import datetime as dt
from pathlib import Path

import pytest
from helpers import (
    AUTHORITY_ONLY,
    OpenPage,
    page_text,
    publish,
    write_authority,
    write_tiny_extract,
)
from streamlit.testing.v1 import AppTest

from iro_metrics.present.refresh import refused_notice
from iro_metrics.ui import served


@pytest.fixture
def extracts(tmp_path: Path) -> dict[str, Path]:
    """Two valid extracts (Tinyshire and Othershire), one the loader refuses (authority.json
    alone) and the symlink ``current`` published on Tinyshire's."""
    found = {"first": write_tiny_extract(tmp_path / "2021-04-01"),
             "second": write_tiny_extract(tmp_path / "2021-05-01", la_name="Othershire"),
             "refused": tmp_path / "2021-06-01"}
    found["refused"].mkdir()
    write_authority(found["refused"])
    found["current"] = tmp_path / "current"
    publish(found["current"], found["first"])
    return found


def authority(at: AppTest) -> str:
    """Which of the two authorities the page shows (the Data quality page names it; after a
    rerun AppTest's element tree lacks the entry page's sidebar, so the page's text is read)."""
    shown = [name for name in ("Tinyshire", "Othershire") if name in page_text(at)]
    assert len(shown) == 1, shown
    return shown[0]


def refusals(at: AppTest) -> list[str]:
    """The page's notices of a refused extract."""
    return [w.value for w in at.warning if "refused" in w.value]


def test_the_refusal_notice_names_both_directories_and_every_reason() -> None:
    assert refused_notice("2021-06-01", "2021-05-01", dt.date(2021, 3, 31), AUTHORITY_ONLY) == (
        "**A newer extract was refused.** The data directory `2021-06-01` was published but did "
        "not pass the checks, so every page still shows the last extract that did, `2021-05-01` "
        "(extract of 31 March 2021). It was refused because:\n"
        "- children.parquet: required file is missing\n"
        "- lac_episodes.parquet or cp_plans.parquet: at least one is required")


def test_the_next_run_shows_a_newly_published_extract(open_page: OpenPage,
                                                      extracts: dict[str, Path]) -> None:
    at = open_page("data_quality", data_dir=extracts["current"])
    assert authority(at) == "Tinyshire"
    publish(extracts["current"], extracts["second"])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert authority(at) == "Othershire"


def test_a_refused_extract_never_replaces_the_one_served(open_page: OpenPage,
                                                         extracts: dict[str, Path]) -> None:
    at = open_page("data_quality", data_dir=extracts["current"])
    assert refusals(at) == []
    publish(extracts["current"], extracts["refused"])
    at.run()
    assert not at.exception and not at.error, [e.value for e in (*at.exception, *at.error)]
    assert authority(at) == "Tinyshire"
    assert refusals(at) == [refused_notice(str(extracts["refused"]), str(extracts["first"]),
                                           dt.date(2021, 3, 31), AUTHORITY_ONLY)]
    public = open_page("data_quality", data_dir=extracts["current"], audience="public")
    assert not public.exception and not public.error
    assert authority(public) == "Tinyshire"
    assert refusals(public) == [refused_notice("2021-06-01", "2021-04-01", dt.date(2021, 3, 31),
                                               AUTHORITY_ONLY)]
    assert str(extracts["refused"].parent) not in page_text(public)
    publish(extracts["current"], extracts["second"])
    at.run()
    assert authority(at) == "Othershire"
    assert refusals(at) == []


def test_without_a_last_good_extract_the_refusal_is_the_page(open_page: OpenPage,
                                                            extracts: dict[str, Path]) -> None:
    publish(extracts["current"], extracts["refused"])
    at = open_page(data_dir=extracts["current"], audience="public")
    assert [e.value for e in at.error] == ["The data directory '2021-06-01' cannot be used:",
                                           *AUTHORITY_ONLY]


def test_a_restarted_server_serves_the_last_good_extract_from_its_state_file(
        open_page: OpenPage, extracts: dict[str, Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    state = tmp_path / "state"
    state.mkdir()
    monkeypatch.setenv(served.STATE_VARIABLE, str(state))
    open_page(data_dir=extracts["current"])
    monkeypatch.setattr(served, "_last_good", {})  # what a restart forgets
    publish(extracts["current"], extracts["refused"])
    at = open_page("data_quality", data_dir=extracts["current"], audience="public")
    assert not at.exception and not at.error, [e.value for e in (*at.exception, *at.error)]
    assert authority(at) == "Tinyshire"
    assert refusals(at) == [refused_notice("2021-06-01", "2021-04-01", dt.date(2021, 3, 31),
                                           AUTHORITY_ONLY)]
    assert [path.name for path in state.iterdir()] == [served.STATE_FILE]


def test_an_unreadable_state_file_is_no_fallback(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(served.STATE_VARIABLE, str(tmp_path))
    monkeypatch.setattr(served, "_last_good", {})
    (tmp_path / served.STATE_FILE).write_text("{not json", encoding="utf-8")
    assert served.last_good(tmp_path / "current") is None
    served.remember(tmp_path / "current", tmp_path / "2021-04-01")
    monkeypatch.setattr(served, "_last_good", {})
    assert served.last_good(tmp_path / "current") == tmp_path / "2021-04-01"
