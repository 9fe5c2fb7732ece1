"""Published files read once per version, and again when the file is rebuilt."""

import os
from pathlib import Path

from iro_metrics.published.versioned import file_version, read_per_version


def test_a_file_is_read_once_until_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "published.csv"
    path.write_text("one")
    reads: list[str] = []

    def read(found: Path) -> str:
        reads.append(found.read_text())
        return reads[-1]

    load = read_per_version(read)
    assert (load(path), load(path)) == ("one", "one")
    assert reads == ["one"]
    path.write_text("two, longer")
    assert load(path) == "two, longer"
    assert reads == ["one", "two, longer"]


def test_the_same_size_rewritten_later_is_a_new_version(tmp_path: Path) -> None:
    path = tmp_path / "published.csv"
    path.write_text("abc")
    before = file_version(path)
    path.write_text("xyz")
    os.utime(path, ns=(before[1] + 1_000_000_000, before[1] + 1_000_000_000))
    assert file_version(path) == (str(path), before[1] + 1_000_000_000, 3)
    assert file_version(path) != before


def test_no_file_has_a_version_of_its_own(tmp_path: Path) -> None:
    assert file_version(tmp_path / "missing.csv") == (str(tmp_path / "missing.csv"), 0, 0)
