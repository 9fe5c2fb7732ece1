"""Tables derived once from a loaded extract and kept on it while it lives (periods of care,
where reviews fall in them, review timeliness, plan history, children's attributes): every
period and breakdown reuses them, and those the loader worked out for its warnings are not
worked out again. Results that differ by period are kept only while recently asked for
(``recent``)."""

import threading
from collections.abc import Callable, Hashable

import polars as pl

from iro_metrics.contract.extract import Extract


def derived(extract: Extract, name: str, build: Callable[[], pl.DataFrame]) -> pl.DataFrame:
    """The table ``name`` derived from ``extract``, built by ``build`` the first time."""
    if name not in extract.derived:
        extract.derived[name] = build()
    return extract.derived[name]


RECENT_LIMIT = 400
"""How many results ``recent`` keeps on an extract: the counting units of every indicator for
the eleven periods the dashboard can show at once (ten years and the one before; some 150 MB at
England's scale, under 1 MB for a council) and a few custom periods, the oldest forgotten
first."""
_RECENT = threading.Lock()


def recent(extract: Extract, key: Hashable, build: Callable[[], pl.DataFrame]) -> pl.DataFrame:
    """The table ``key`` built by ``build``, kept on ``extract`` while it is among the
    :data:`RECENT_LIMIT` most recently asked for, so that a filter or breakdown of a period
    just shown starts from its counting units (sessions run in threads, hence the lock; two
    asking at once may both build it)."""
    with _RECENT:
        if key in extract.recent:
            extract.recent[key] = extract.recent.pop(key)  # now the most recent
            return extract.recent[key]
    made = build()
    with _RECENT:
        extract.recent[key] = made
        while len(extract.recent) > RECENT_LIMIT:
            del extract.recent[next(iter(extract.recent))]
    return made
