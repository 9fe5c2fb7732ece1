"""CSV downloads: UTF-8 with a header row, exactly the figures of the table on screen, and safe
to open in a spreadsheet (a cell that would start a formula is prefixed with an apostrophe)."""

import polars as pl

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    """Neutralise a cell a spreadsheet would read as a formula; leave signed numbers and the
    published symbol ``-`` (not available) alone."""
    if not text.startswith(FORMULA_STARTS) or text == "-":
        return text
    try:
        float(text.replace(",", ""))
    except ValueError:
        return "'" + text
    return text


def to_csv(table: pl.DataFrame) -> str:
    """The table as CSV text (every cell as shown), with formula-like cells and headers
    neutralised."""
    as_text = table.with_columns(pl.all().cast(pl.String)).rename(_safe)
    safe = as_text.with_columns(
        pl.col(name).map_elements(_safe, return_dtype=pl.String) for name in as_text.columns)
    return safe.write_csv()
