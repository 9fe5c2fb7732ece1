"""The symbols a page has shown (``c``, ``x``) in this run, so that its footnote explains only
those: a footnote about suppression under a page with nothing suppressed reads as a fault."""

from contextvars import ContextVar

import polars as pl

from iro_metrics.present.formatting import SYMBOLS

_shown: ContextVar[frozenset[str]] = ContextVar("symbols_shown", default=frozenset())


def start_run() -> None:
    """Forget the symbols of the previous run (``context.context`` calls it as a page starts)."""
    _shown.set(frozenset())


def note_text(*texts: str) -> None:
    """Record the symbols among ``texts`` (figures as shown)."""
    found = {text for text in texts if text in SYMBOLS}
    if found:
        _shown.set(_shown.get() | found)


def note_table(table: pl.DataFrame) -> None:
    """Record the symbols in any text cell of ``table``."""
    cells = [table[name] for name in table.columns if table.schema[name] == pl.String]
    note_text(*(symbol for symbol in SYMBOLS
                if any(bool(column.eq(symbol).any()) for column in cells)))


def shown() -> dict[str, str]:
    """The symbols shown in this run so far, with their meanings, in the usual order."""
    seen = _shown.get()
    return {symbol: meaning for symbol, meaning in SYMBOLS.items() if symbol in seen}
