"""Published files read once per version: a page runs on every click, and reading and checking
the same committed file each time would cost more than the page's own work."""

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
Version = tuple[str, int, int]
"""A file's path, modification time (ns) and size; (path, 0, 0) when there is no file."""


def file_version(path: Path) -> Version:
    """``path``'s version: it changes when the file is rebuilt, so it keys a cache."""
    found = path.stat() if path.is_file() else None
    return (str(path), found.st_mtime_ns, found.st_size) if found else (str(path), 0, 0)


def read_per_version(read: Callable[[Path], T]) -> Callable[[Path], T]:
    """``read`` cached on the file's version: the same object until the file changes (Polars
    frames are never changed in place, so sharing one is safe)."""
    @lru_cache(maxsize=4)
    def cached(version: Version) -> T:
        return read(Path(version[0]))

    def versioned(path: Path) -> T:
        return cached(file_version(path))

    return versioned
