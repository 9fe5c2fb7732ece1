"""Which data each run shows while new extracts are published by switching a symlink
(``docs/deploy.md``): the data directory is resolved once, when a run starts, and the whole run
(entry page, page and cached results) uses that directory, so a run in flight finishes on the data
it started with and the next run picks up a new extract through the file fingerprint.

A newly published directory that the loader refuses never replaces the one being served: the run
shows the last directory that loaded under the same name instead, and the Data quality page says
that a newer extract was refused, and why. The last good directory is remembered in the process
and, when ``$IRO_STATE_DIR`` names a writable directory (the systemd unit's ``StateDirectory``),
in a small file there, so a replica restarted while a refused directory is published still
serves the last good one.
"""

import json
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from iro_metrics.contract.extract import Extract, ExtractRefused
from iro_metrics.present.disclosure import Audience
from iro_metrics.present.refresh import refused_notice
from iro_metrics.ui.audience import current_audience
from iro_metrics.ui.data import (
    Fingerprint,
    directory_name,
    fingerprint,
    load_data,
    named_directory,
    shown_message,
)

APP_DIR = Path(__file__).resolve().parents[2]
STATE_VARIABLE = "IRO_STATE_DIR"
STATE_FILE = "last-good-data.json"


@dataclass(frozen=True)
class NewerRefused:
    """A published data directory the loader refused, and its messages."""

    directory: Path
    messages: tuple[str, ...]


@dataclass(frozen=True)
class Served:
    """What this run shows: the (resolved) data directory, its files' fingerprint when the run
    started, and a newer directory refused in its place, if any."""

    directory: Path
    files: Fingerprint
    refused: NewerRefused | None = None


_this_run: ContextVar[Served | None] = ContextVar("served", default=None)
"""What the run in progress shows (set by ``app.py`` around the page it runs)."""
_last_good: dict[str, str] = {}
"""Named data directory -> the last resolved directory that loaded under that name."""
_lock = threading.Lock()


def _state_file() -> Path | None:
    state = os.environ.get(STATE_VARIABLE, "").strip()
    return Path(state) / STATE_FILE if state else None


def _read_state(state: Path) -> dict[str, str]:
    try:
        recorded = json.loads(state.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in recorded.items()} if isinstance(recorded, dict) else {}


def _write_state(state: Path, named: str, directory: str) -> None:
    """Record ``named -> directory`` in the state file, replacing it whole (a rename), so that
    replicas writing at once never leave half a file."""
    recorded = {**_read_state(state), named: directory}
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=state.parent,
                                         prefix=".last-good-", delete=False) as temporary:
            json.dump(recorded, temporary)
        os.replace(temporary.name, state)
    except OSError:
        return  # only a restart's fallback is lost; the process still remembers


def remember(named: Path, directory: Path) -> None:
    """``directory`` loaded under the name ``named``: it is the one to fall back on."""
    with _lock:
        if _last_good.get(str(named)) == str(directory):
            return
        _last_good[str(named)] = str(directory)
        state = _state_file()
        if state is not None:
            _write_state(state, str(named), str(directory))


def last_good(named: Path) -> Path | None:
    """The last directory that loaded under the name ``named``, in this process or, after a
    restart, as recorded in the state file; None when there is none."""
    with _lock:
        found = _last_good.get(str(named))
    state = _state_file()
    if found is None and state is not None:
        found = _read_state(state).get(str(named))
    return Path(found) if found else None


@st.cache_resource(show_spinner=False, max_entries=8)
def _refusal(directory: str, exists: bool, files: Fingerprint) -> tuple[str, ...] | None:
    """The loader's messages when it refuses ``directory``, None when it loads (the extract is
    then in ``load_data``'s cache). Cached on the directory's files like the load itself, so a
    refused directory left published is not validated again on every run of every session."""
    del exists, files  # part of the cache key only
    try:
        load_data(Path(directory))
    except ExtractRefused as refusal:
        return tuple(refusal.messages)
    return None


def serve(named: Path) -> Served:
    """The data a run started now shows: the directory ``named`` resolves to when it loads,
    else the last good one with the refusal noted. Raises ``ExtractRefused`` (the published
    directory's) when there is nothing to fall back on."""
    directory = named.resolve()
    files = fingerprint(directory)
    messages = _refusal(str(directory), directory.is_dir(), files)
    if messages is None:
        remember(named, directory)
        return Served(directory, files)
    fallback = last_good(named)
    if fallback is None or fallback == directory:
        raise ExtractRefused(directory, list(messages))
    fallback_files = fingerprint(fallback)
    if _refusal(str(fallback), fallback.is_dir(), fallback_files) is not None:
        raise ExtractRefused(directory, list(messages))
    remember(named, fallback)
    return Served(fallback, fallback_files, NewerRefused(directory, messages))


def published() -> Served:
    """What a run starting now shows, for the data directory named by ``$IRO_DATA_DIR``
    (default ``data/demo`` beside ``app.py``). Raises ``ExtractRefused`` like :func:`serve`."""
    return serve(named_directory(APP_DIR))


@contextmanager
def showing(served: Served) -> Iterator[None]:
    """Within this block (``app.py`` runs the page in it) :func:`this_run` is ``served``."""
    token = _this_run.set(served)
    try:
        yield
    finally:
        _this_run.reset(token)


def this_run() -> Served:
    """What the run in progress shows: what ``app.py`` found when the run started, or, for a
    page run on its own (AppTest reruns a page without ``app.py``), what is published now."""
    return _this_run.get() or published()


def data_key(extract: Extract) -> tuple[str, Fingerprint]:
    """``extract``'s directory and files' fingerprint, the key of results cached on its data:
    as the run found them when it started (so every result of a run comes from the same data,
    and the directory is not listed again for each result), else as they are now."""
    served = this_run()
    if served.directory == extract.directory:
        return str(served.directory), served.files
    return str(extract.directory), fingerprint(extract.directory)


def run_extract() -> Extract:
    """The extract of the run in progress (the cached load of :func:`this_run`'s directory)."""
    return load_data(this_run().directory)


def newer_extract_refused(extract: Extract) -> None:
    """On the Data quality page: say that a newer extract was refused, and why, when this run
    shows ``extract`` in its place."""
    refused = this_run().refused
    if refused is None:
        return
    public = current_audience() is not Audience.MANAGER
    st.warning(refused_notice(
        directory_name(refused.directory, public), directory_name(extract.directory, public),
        extract.authority.extract_date,
        [shown_message(message, refused.directory, public) for message in refused.messages]),
        icon=":material/warning:")
