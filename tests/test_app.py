"""The dashboard page under Streamlit's AppTest (no browser)."""

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from iro_metrics.ui.data import data_directory, fingerprint

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


def run_app(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> AppTest:
    monkeypatch.setenv("IRO_DATA_DIR", str(data_dir))
    at = AppTest.from_file(APP, default_timeout=60)  # the default 3 s is too short cold
    at.run()
    return at


def page_text(at: AppTest) -> str:
    parts = [e.value for e in (*at.title, *at.subheader, *at.markdown, *at.caption)]
    return "\n".join(str(p) for p in parts)


def test_demo_page(monkeypatch: pytest.MonkeyPatch, demo_dir: Path) -> None:
    authority = json.loads((demo_dir / "authority.json").read_text(encoding="utf-8"))
    at = run_app(monkeypatch, demo_dir)

    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value == "IRO and safeguarding dashboard"
    text = page_text(at)
    assert authority["la_name"] in text
    assert f"LA code {authority['la_code']}" in text
    date = dt.date.fromisoformat(authority["extract_date"])
    assert f"Extract date: {date.day} {date:%B %Y}" in text

    assert authority["synthetic"] is True
    assert any("Synthetic demonstration data" in w.value for w in at.warning)

    rows = at.dataframe[0].value
    assert list(rows.columns) == ["Table", "Rows read", "Rows loaded", "Rows set aside"]
    assert "children" in set(rows["Table"])
    assert (rows["Rows loaded"] + rows["Rows set aside"] == rows["Rows read"]).all()
    assert int(rows.loc[rows["Table"] == "children", "Rows loaded"].iloc[0]) > 0
    assert {m.label for m in at.metric} == {"Rows set aside", "Warnings"}


def test_refused_directory_shows_messages(monkeypatch: pytest.MonkeyPatch,
                                          refused_dir: Path) -> None:
    at = run_app(monkeypatch, refused_dir)

    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert len(errors) >= 2, errors
    assert "cannot be used" in errors[0]
    assert any("children" in e for e in errors[1:]), errors
    assert not at.dataframe
    assert not at.metric


def test_missing_directory_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    at = run_app(monkeypatch, tmp_path / "nowhere")

    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1
    assert "does not exist" in at.error[0].value


def test_real_authority_has_no_banner(monkeypatch: pytest.MonkeyPatch, tiny_dir: Path) -> None:
    authority = json.loads((tiny_dir / "authority.json").read_text(encoding="utf-8"))
    authority["synthetic"] = False
    (tiny_dir / "authority.json").write_text(json.dumps(authority), encoding="utf-8")
    at = run_app(monkeypatch, tiny_dir)

    assert not at.exception, [e.value for e in at.exception]
    assert "Tinyshire" in page_text(at)
    assert not any("Synthetic demonstration data" in w.value for w in at.warning)


def test_changed_files_are_reloaded(monkeypatch: pytest.MonkeyPatch, tiny_dir: Path) -> None:
    at = run_app(monkeypatch, tiny_dir)
    assert "Tinyshire" in page_text(at)

    authority_file = tiny_dir / "authority.json"
    authority = json.loads(authority_file.read_text(encoding="utf-8"))
    authority["la_name"] = "Othershire"
    authority_file.write_text(json.dumps(authority), encoding="utf-8")
    before = authority_file.stat()
    os.utime(authority_file, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))

    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Othershire" in page_text(at)


def test_fingerprint_follows_the_files(tmp_path: Path) -> None:
    assert fingerprint(tmp_path / "missing") == ()
    (tmp_path / "a.parquet").write_bytes(b"1234")
    first = fingerprint(tmp_path)
    assert [name for name, _, _ in first] == ["a.parquet"]
    assert fingerprint(tmp_path) == first
    (tmp_path / "a.parquet").write_bytes(b"123456")
    assert fingerprint(tmp_path) != first


def test_data_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("IRO_DATA_DIR", raising=False)
    assert data_directory(ROOT) == ROOT / "data" / "demo"
    monkeypatch.setenv("IRO_DATA_DIR", str(tmp_path))
    assert data_directory(ROOT) == tmp_path.resolve()
