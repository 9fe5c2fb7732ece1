"""Which data directory the dashboard shows, and loading it once per change of its files."""

import os
from pathlib import Path

import streamlit as st

from iro_metrics.extract import Extract
from iro_metrics.loader import load_extract

DATA_DIR_VARIABLE = "IRO_DATA_DIR"
DEFAULT_DATA_DIR = Path("data") / "demo"

Fingerprint = tuple[tuple[str, int, int], ...]


def data_directory(base: Path) -> Path:
    """The directory named by ``$IRO_DATA_DIR``, else ``data/demo`` under ``base`` (app.py's).

    A relative ``$IRO_DATA_DIR`` is taken from the current directory.
    """
    named = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    directory = Path(named).expanduser() if named else base / DEFAULT_DATA_DIR
    return directory.resolve()


def fingerprint(directory: Path) -> Fingerprint:
    """Name, modification time (ns) and size of every file in ``directory``; empty when missing.

    Any change to the files changes the fingerprint, so the cached load is redone.
    """
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError:
        return ()
    found = []
    for entry in entries:
        try:
            if entry.is_file():
                info = entry.stat()
                found.append((entry.name, info.st_mtime_ns, info.st_size))
        except OSError:
            continue
    return tuple(found)


@st.cache_resource(show_spinner="Loading the data directory…", max_entries=4)
def _load(directory: str, files: Fingerprint) -> Extract:
    # Keyed on small hashable values only (never on Polars frames: see notes/stack.md). The
    # Extract is shared by every session and must be treated as read-only. ``files`` is only part
    # of the key (a leading underscore would drop it from the key). A refused directory raises
    # ExtractRefused, which is not cached, so fixed files are picked up on the next run.
    return load_extract(Path(directory))


def load_data(directory: Path) -> Extract:
    """The loaded extract of ``directory``, cached until one of its files changes.

    Raises ``iro_metrics.extract.ExtractRefused`` when the directory cannot be used.
    """
    return _load(str(directory), fingerprint(directory))
