"""Tables derived once from a loaded extract and kept while it lives (periods of care, review
timeliness, plan history, children's attributes): every period and breakdown reuses them."""

import weakref
from collections.abc import Callable

import polars as pl

from iro_metrics.contract.extract import Extract

_DERIVED: "weakref.WeakKeyDictionary[Extract, dict[str, pl.DataFrame]]" = (
    weakref.WeakKeyDictionary())


def derived(extract: Extract, name: str, build: Callable[[], pl.DataFrame]) -> pl.DataFrame:
    """The table ``name`` derived from ``extract``, built by ``build`` the first time."""
    cache = _DERIVED.setdefault(extract, {})
    if name not in cache:
        cache[name] = build()
    return cache[name]
