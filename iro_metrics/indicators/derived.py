"""Tables derived once from a loaded extract and kept on it while it lives (periods of care,
review timeliness, plan history, children's attributes): every period and breakdown reuses them,
and those the loader worked out for its warnings are not worked out again."""

from collections.abc import Callable

import polars as pl

from iro_metrics.contract.extract import Extract


def derived(extract: Extract, name: str, build: Callable[[], pl.DataFrame]) -> pl.DataFrame:
    """The table ``name`` derived from ``extract``, built by ``build`` the first time."""
    if name not in extract.derived:
        extract.derived[name] = build()
    return extract.derived[name]
