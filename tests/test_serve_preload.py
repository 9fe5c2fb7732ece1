"""What the server does before it listens (``iro_metrics.ui.serve.preload``): it loads the data
and works out every offered year's counting units; a refused directory, or a failure to work
out the years, starts the server all the same."""

import logging
from pathlib import Path

import pytest

from iro_metrics.indicators.periods import previous
from iro_metrics.present.view import offered_years
from iro_metrics.ui import serve
from iro_metrics.ui.data import load_data
from tests.extract_builders import valid_extract


def test_every_offered_year_and_the_one_before_is_worked_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = valid_extract(tmp_path / "data")
    monkeypatch.setenv("IRO_DATA_DIR", str(directory))
    serve.preload()
    extract = load_data(directory.resolve())
    years = offered_years(extract)
    kept = {(start, end) for _, start, end in extract.recent}
    assert kept == {(year.start, year.end) for year in [*years, previous(years[-1])]}
    assert "positions of lac_episodes" in extract.derived  # the load prepared the filters


def test_a_refused_directory_is_logged_and_nothing_is_worked_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("IRO_DATA_DIR", str(tmp_path / "nowhere"))
    with caplog.at_level(logging.WARNING, logger="iro_dashboard"):
        serve.preload()
    assert [record.getMessage() for record in caplog.records if record.name == "iro_dashboard"] == [
        f"the data directory {tmp_path / 'nowhere'} is refused; each visit will say why"]


def test_a_failure_to_work_out_the_years_is_logged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("out of memory")

    monkeypatch.setattr(serve, "keep_units", broken)
    extract = load_data(valid_extract(tmp_path / "data"))
    with caplog.at_level(logging.ERROR, logger="iro_dashboard"):
        serve._keep_years(extract)
    ours = [record.getMessage() for record in caplog.records if record.name == "iro_dashboard"]
    assert ours == [f"working out the years of {extract.directory} in advance failed"]
    assert not extract.recent
