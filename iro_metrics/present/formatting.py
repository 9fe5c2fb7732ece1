"""The one place where figures become text, on screen and in downloads alike.

Counts are whole with thousands separators, percentages and rates to the indicator's decimals
(DfE and Fingertips convention); a figure that does not exist is shown as ``x`` (not available)
and one suppressed by disclosure control (``iro_metrics.present.disclosure``) as ``c``, never as 0.
"""

import datetime as dt

import polars as pl

from iro_metrics.indicators.registry import Indicator, Unit

NOT_AVAILABLE = "x"
SUPPRESSED_SYMBOL = "c"
NO_CHANGE = "no change"
SYMBOLS = {
    SUPPRESSED_SYMBOL: "suppressed to protect children's privacy: a count from 1 to 5, a figure "
                       "worked out from one, or a figure from which one could be worked out",
    NOT_AVAILABLE: "not available: no data for this period or group, or the extract lacks the "
                   "table it needs",
}
# The symbols of published statistics (DfE, LAIT), shown as published and never as 0.
PUBLISHED_SYMBOLS = {
    "c": "suppressed by the publisher to protect confidentiality (a count of 1 to 5, or a "
         "figure worked out from one)",
    "x": "not available",
    "z": "not applicable",
    "k": "rounds to zero, but is not zero",
    "low": "rounds to zero, but is not zero (the older symbol for k)",
    "u": "low reliability",
    ":": "not available (an older symbol)",
    "-": "not published in LAIT for this authority and year",
}


def format_number(value: float | None, decimals: int = 0) -> str:
    """A number with thousands separators and fixed decimals; ``x`` when missing, ``c`` when
    suppressed (disclosure control marks a suppressed figure as NaN)."""
    if value is None:
        return NOT_AVAILABLE
    if value != value:
        return SUPPRESSED_SYMBOL
    return f"{value:,.{decimals}f}"


def format_date(day: dt.date) -> str:
    """A date as titles and sentences write it: ``31 March 2021``."""
    return f"{day.day} {day:%B %Y}"


def format_difference(after: float | None, before: float | None,
                      decimals: int = 0) -> tuple[str | None, bool]:
    """``after`` less ``before`` with its sign (``+1.50``, ``-0.25``) at ``decimals``, and
    whether it shows a movement: ``no change`` when it rounds to zero (never ``+0.00``, as
    ``format_change`` words it); ``(None, False)`` when either is missing. For a figure that is
    not an indicator's value (``format_change`` is for those)."""
    if after is None or before is None:
        return None, False
    change = after - before
    text = format_number(change, decimals)
    if text.lstrip("-") == format_number(0, decimals):
        return NO_CHANGE, False
    return f"{'+' if change > 0 else ''}{text}", True


def symbol_list(symbols: dict[str, str]) -> str:
    """``c suppressed ...; x not available ...``: symbols and their meanings in one line."""
    return "; ".join(f"{symbol} {meaning}" for symbol, meaning in symbols.items())


def lower_first(text: str) -> str:
    """``text`` with its first letter in lower case, to run on inside a sentence."""
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    """``text`` with its first letter in upper case, to start a sentence or a cell."""
    return text[:1].upper() + text[1:]


def symbols_table() -> str:
    """The symbols used in tables and their meanings, as a markdown table."""
    return "| Symbol | Meaning |\n|---|---|\n" + "\n".join(
        f"| {symbol} | {upper_first(meaning)} |" for symbol, meaning in SYMBOLS.items())


def format_value(value: float | None, indicator: Indicator) -> str:
    """An indicator's value as shown: ``96.3%``, ``121.4``, ``270``; ``x`` when missing."""
    text = format_number(value, indicator.decimals)
    if indicator.unit is Unit.PERCENT and text not in SYMBOLS:
        return f"{text}%"
    return text


def format_published(value: float | None, symbol: str | None, decimals: int,
                     indicator: Indicator | None = None) -> str:
    """A published figure as published: its symbol when it has one (never 0), otherwise the
    number at its published precision (``decimals``), with ``%`` for a percentage indicator."""
    if symbol:
        return symbol
    text = format_number(value, decimals)
    if indicator is not None and indicator.unit is Unit.PERCENT and text not in SYMBOLS:
        return f"{text}%"
    return text


def format_change(change: float | None, indicator: Indicator) -> str | None:
    """A signed change in the indicator's units (percentage points for percentages); "no
    change" when it rounds to zero (never "-0.0")."""
    if change is None or change != change:
        return None
    if round(change, indicator.decimals) == 0:
        return NO_CHANGE
    text = f"{change:+,.{indicator.decimals}f}"
    return f"{text} pts" if indicator.unit is Unit.PERCENT else text


def format_numbers(numbers: pl.Series, decimals: int = 0) -> pl.Series:
    """Every figure of ``numbers`` as :func:`format_number` writes it (a text Series of the same
    name, ``x`` for null, ``c`` for NaN).

    Formatted in Python after the figures leave Polars, never by a Python callback inside it
    (``map_elements``): under concurrent sessions such callbacks deadlocked the server (issue
    10). Polars' own rounding is no substitute: it rounds the scaled float, so 12.35 (stored just
    below) becomes 12.4 where ``format_number`` writes 12.3.
    """
    return pl.Series(numbers.name, [format_number(value, decimals) for value in numbers.to_list()],
                     dtype=pl.String)


def present(frame: pl.DataFrame, decimals: dict[str, int]) -> pl.DataFrame:
    """``frame`` with every numeric column in ``decimals`` turned into display text, so a table
    on screen and its CSV download hold exactly the same figures."""
    return frame.with_columns(format_numbers(frame[name], places)
                              for name, places in decimals.items())
