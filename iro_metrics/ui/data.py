"""Which data directory the dashboard shows, loading it once per change of its files, and how
it and its problems are named on screen (server paths are for managers only)."""

import hashlib
import os
import re
from pathlib import Path, PurePosixPath

import streamlit as st

from iro_metrics.contract.extract import Extract, own_words
from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators.engine import prepare_filters

DATA_DIR_VARIABLE = "IRO_DATA_DIR"
DEFAULT_DATA_DIR = Path("data") / "demo"

Fingerprint = str
"""A digest of a directory's files (names, modification times and sizes): one short string,
so every cached result keyed on it hashes it at once rather than file by file."""

ABSOLUTE_PATH = re.compile(r"(?<![\w.~/])/[^\s'\"`()\[\]{},;:]+")
"""An absolute path in a line of text (up to the first space, quote, bracket or punctuation)."""


def named_directory(base: Path) -> Path:
    """The directory as named by ``$IRO_DATA_DIR`` (absolute, symlinks kept: a hosted site names
    a symlink that is switched to publish a new extract, ``docs/deploy.md``), else ``data/demo``
    under ``base`` (app.py's). A relative ``$IRO_DATA_DIR`` is taken from the current directory.
    """
    named = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    return (Path(named).expanduser() if named else base / DEFAULT_DATA_DIR).absolute()


def fingerprint(directory: Path) -> Fingerprint:
    """A digest of the name, modification time (ns) and size of every file in ``directory``;
    empty when the directory is missing.

    Any change to the files changes the fingerprint, so the cached load is redone.
    """
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError:
        return ""
    found = []
    for entry in entries:
        try:
            if entry.is_file():
                info = entry.stat()
                found.append((entry.name, info.st_mtime_ns, info.st_size))
        except OSError:
            continue
    return hashlib.blake2b(repr(found).encode(), digest_size=16).hexdigest()


@st.cache_resource(show_spinner="Loading the data directory…", max_entries=4)
def _load(directory: str, files: Fingerprint) -> Extract:
    # Keyed on small hashable values only (never on Polars frames: see notes/stack.md). The
    # Extract is shared by every session and must be treated as read-only. ``files`` is only part
    # of the key (a leading underscore would drop it from the key). A refused directory raises
    # ExtractRefused, which is not cached, so fixed files are picked up on the next run.
    extract = load_extract(Path(directory))
    prepare_filters(extract)
    return extract


def load_data(directory: Path) -> Extract:
    """The loaded extract of ``directory``, cached until one of its files changes.

    Raises ``iro_metrics.contract.extract.ExtractRefused`` when the directory cannot be used.
    """
    return _load(str(directory), fingerprint(directory))


def directory_name(directory: Path, public: bool) -> str:
    """The data directory as it is named on screen: its full path for managers, who may need to
    find it on the server; for the public only its last part (``demo``), the name of the data
    set, since the server's layout is nobody else's business."""
    return directory.name if public else str(directory)


def without_paths(text: str, directory: Path) -> str:
    """``text`` with no server path: the data directory and anything in it are named from the
    directory down (``demo``, ``children.parquet``), matched whole so that a path with spaces is
    caught too; any other absolute path is cut to its last part."""
    text = text.replace(f"{directory}{os.sep}", "").replace(str(directory), directory.name)
    return ABSOLUTE_PATH.sub(lambda found: PurePosixPath(found.group()).name, text)


def shown_message(message: str, directory: Path, public: bool) -> str:
    """A message about the data directory (the loader's, or a note of the import) as shown:
    whole for managers; for the public, the loader's own words without the error text of the
    library that failed (``iro_metrics.contract.extract.Message``) and without server paths."""
    return without_paths(own_words(message), directory) if public else message
