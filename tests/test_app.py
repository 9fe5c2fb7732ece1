"""The dashboard shell under Streamlit's AppTest: loading, the banner, refused and missing
directories, reloading changed files, and the overview page's figures against the engine."""

import json
import os
from pathlib import Path

import pytest
from helpers import ROOT, OpenPage, expected_tiles, page_text, tiles, write_authority

from iro_metrics.indicators.engine import Filters
from iro_metrics.ui.data import fingerprint, named_directory


def test_overview_shows_the_engine_figures(open_page: OpenPage, demo_dir: Path) -> None:
    at = open_page()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Overview"
    assert any("Synthetic demonstration data" in w.value for w in at.warning)
    assert at.info[0].value == ("Showing 2020-21 (1 April 2020 to 31 March 2021) for all "
                                "children.")
    assert tiles(at) == expected_tiles(demo_dir, 2020)
    assert at.metric[0].delta == "+2 on 2019-20"


def test_filters_change_the_figures_and_come_from_the_url(open_page: OpenPage,
                                                          demo_dir: Path) -> None:
    at = open_page(query={"year": "2019-20", "age": ["10 to 15", "16 and over"]})
    assert not at.exception, [e.value for e in at.exception]
    ages = ("10 to 15", "16 and over")
    assert tiles(at) == expected_tiles(demo_dir, 2019, Filters(age_band=ages))
    at.sidebar.multiselect(key="sex").set_value(["F"]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert tiles(at) == expected_tiles(demo_dir, 2019, Filters(sex=("F",), age_band=ages))
    assert tiles(at)["Looked after"] != expected_tiles(demo_dir, 2019,
                                                       Filters(age_band=ages))["Looked after"]
    assert at.info[0].value == ("Showing 2019-20 (1 April 2019 to 31 March 2020) for girls aged "
                                "10 to 15 or 16 and over.")


def test_sex_in_the_url_uses_its_label(open_page: OpenPage, demo_dir: Path) -> None:
    at = open_page(query={"sex": "Girls"})
    assert at.sidebar.multiselect(key="sex").value == ["F"]
    assert tiles(at) == expected_tiles(demo_dir, 2020, Filters(sex=("F",)))


def test_custom_dates(open_page: OpenPage) -> None:
    at = open_page(query={"custom": "true", "from": "2019-07-01", "to": "2019-12-31"})
    assert not at.exception, [e.value for e in at.exception]
    assert at.info[0].value == "Showing 1 July 2019 to 31 December 2019 for all children."


def test_refused_directory_shows_messages(open_page: OpenPage, refused_dir: Path) -> None:
    at = open_page(data_dir=refused_dir)
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert "cannot be used" in errors[0]
    assert errors[1:] == ["children.parquet: required file is missing",
                          "lac_episodes.parquet or cp_plans.parquet: at least one is required"]
    assert not at.metric


def test_server_paths_and_library_errors_are_for_managers_only(open_page: OpenPage,
                                                                tmp_path: Path) -> None:
    directory = tmp_path / "extract"
    directory.mkdir()
    write_authority(directory)
    (directory / "children.parquet").mkdir()
    (directory / "cp_plans.parquet").write_bytes(b"not parquet")
    public = open_page(data_dir=directory, audience="public")
    assert not public.exception, [e.value for e in public.exception]
    assert [e.value for e in public.error] == [
        "The data directory 'extract' cannot be used:",
        "children.parquet: not a readable Parquet file",
        "cp_plans.parquet: not a readable Parquet file"]
    assert str(tmp_path) not in page_text(public)
    manager = open_page(data_dir=directory, audience="manager")
    errors = [e.value for e in manager.error]
    assert errors[0] == f"The data directory '{directory}' cannot be used:"
    assert errors[1] == "children.parquet: not a readable Parquet file (Is a directory)"
    assert errors[2].startswith("cp_plans.parquet: not a readable Parquet file (parquet: ")


@pytest.mark.parametrize(("audience", "named"), [("public", "nowhere"), ("manager", None)])
def test_missing_directory_is_named_by_its_path_for_managers_only(
        open_page: OpenPage, tmp_path: Path, audience: str, named: str | None) -> None:
    missing = tmp_path / "nowhere"
    at = open_page(data_dir=missing, audience=audience)
    assert at.error[0].value.startswith(f"The data directory '{named or missing}' does not exist")
    assert (str(tmp_path) in page_text(at)) is (named is None)


def test_missing_directory_says_so(open_page: OpenPage, tmp_path: Path) -> None:
    at = open_page(data_dir=tmp_path / "nowhere")
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1
    assert "does not exist" in at.error[0].value


def test_real_authority_has_no_banner(open_page: OpenPage, tiny_dir: Path) -> None:
    authority = json.loads((tiny_dir / "authority.json").read_text(encoding="utf-8"))
    authority["synthetic"] = False
    (tiny_dir / "authority.json").write_text(json.dumps(authority), encoding="utf-8")
    at = open_page(data_dir=tiny_dir)
    assert not at.exception, [e.value for e in at.exception]
    assert not any("Synthetic demonstration data" in w.value for w in at.warning)
    assert any("Tinyshire" in c.value for c in at.sidebar.caption)


def test_changed_files_are_reloaded(open_page: OpenPage, tiny_dir: Path) -> None:
    at = open_page(data_dir=tiny_dir)
    assert any("Tinyshire" in c.value for c in at.sidebar.caption)
    authority_file = tiny_dir / "authority.json"
    authority = json.loads(authority_file.read_text(encoding="utf-8"))
    authority["la_name"] = "Othershire"
    authority_file.write_text(json.dumps(authority), encoding="utf-8")
    before = authority_file.stat()
    os.utime(authority_file, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    at = open_page(data_dir=tiny_dir)  # a new session: the load is cached process-wide
    assert not at.exception, [e.value for e in at.exception]
    assert any("Othershire" in c.value for c in at.sidebar.caption)


def test_fingerprint_follows_the_files(tmp_path: Path) -> None:
    assert fingerprint(tmp_path / "missing") == ""
    assert fingerprint(tmp_path) != ""
    (tmp_path / "a.parquet").write_bytes(b"1234")
    first = fingerprint(tmp_path)
    assert fingerprint(tmp_path) == first
    (tmp_path / "b.parquet").write_bytes(b"1234")
    assert fingerprint(tmp_path) != first
    (tmp_path / "b.parquet").unlink()
    assert fingerprint(tmp_path) == first
    (tmp_path / "a.parquet").write_bytes(b"123456")
    assert fingerprint(tmp_path) != first


def test_data_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("IRO_DATA_DIR", raising=False)
    assert named_directory(ROOT) == ROOT / "data" / "demo"
    monkeypatch.setenv("IRO_DATA_DIR", str(tmp_path / "current"))
    assert named_directory(ROOT) == tmp_path / "current"  # a symlink is named, not resolved
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IRO_DATA_DIR", "current")
    assert named_directory(ROOT) == tmp_path / "current"
