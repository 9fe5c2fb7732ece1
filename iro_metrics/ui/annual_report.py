"""The annual report for the dashboard: its key findings, and its Word and PDF documents built
only when a reader downloads one, each cached on small hashable values (the data directory, its
files' fingerprint, the commentary file's, the year and the audience; never a Polars frame,
``notes/stack.md``). The audience is decided in the page's run, on the server, and passed in."""

import datetime as dt
import os
from pathlib import Path

import streamlit as st

from iro_metrics.indicators.periods import Period
from iro_metrics.present.disclosure import Audience
from iro_metrics.refusal import Refused
from iro_metrics.report.build import Documents, build_report, documents
from iro_metrics.report.figures import gather
from iro_metrics.report.files import commentary_for, default_commentary
from iro_metrics.report.findings import key_findings
from iro_metrics.report.structure import KEY_FINDINGS
from iro_metrics.ui.data import Fingerprint, fingerprint, load_data

Stamp = tuple[int, int] | None
"""A commentary file's modification time (ns) and size, None when there is none."""


def commentary_stamp(directory: Path, year: Period) -> Stamp:
    """The stamp of the data directory's commentary for ``year``: part of the cache key, so an
    edited commentary is picked up."""
    try:
        info = os.stat(default_commentary(directory, year))
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def commentary_problems(directory: Path, year: Period) -> tuple[str, ...]:
    """Why the data directory's commentary for ``year`` cannot be used (a section the report
    does not have ...); empty when it can, or when there is none."""
    try:
        commentary_for(directory, year, None)
    except Refused as refused:
        return refused.messages
    return ()


@st.cache_data(show_spinner=False, max_entries=16)
def _findings(directory: str, files: Fingerprint, start: dt.date, end: dt.date, label: str,
              audience: Audience) -> tuple[str, ...]:
    del files  # part of the cache key only
    return key_findings(gather(load_data(Path(directory)), Period(start, end, label), audience),
                        KEY_FINDINGS)


@st.cache_data(show_spinner=False, max_entries=8)
def _documents(directory: str, files: Fingerprint, stamp: Stamp, start: dt.date, end: dt.date,
               label: str, audience: Audience) -> Documents:
    del files  # part of the cache key only
    year, folder = Period(start, end, label), Path(directory)
    text = None if stamp is None or commentary_problems(folder, year) else commentary_for(
        folder, year, None)
    return documents(build_report(gather(load_data(folder), year, audience), text))


def findings(directory: Path, year: Period, audience: Audience) -> tuple[str, ...]:
    """The report's key findings for ``year`` as ``audience`` sees them."""
    return _findings(str(directory), fingerprint(directory), year.start, year.end, year.label,
                     audience)


def report_documents(directory: Path, year: Period, audience: Audience) -> Documents:
    """The report's Word and PDF documents for ``year`` as ``audience`` sees them, with the data
    directory's commentary when it can be used."""
    return _documents(str(directory), fingerprint(directory), commentary_stamp(directory, year),
                      year.start, year.end, year.label, audience)
