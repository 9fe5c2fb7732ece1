"""CSV downloads: UTF-8 with a header row, exactly the figures of the table on screen, and safe
to open in a spreadsheet (a cell that would start a formula is prefixed with an apostrophe)."""

import polars as pl

# A cell starting with = + - @, a tab or a carriage return would be read as a formula,
FORMULA_START = r"^[=+\-@\t\r]"
# unless it is a signed number: what Python's float() reads once thousands separators are gone.
NUMBER = (r"(?i)^\s*[+-]?(?:(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)"
          r"(?:e[+-]?\d(?:_?\d)*)?|inf|infinity|nan)\s*$")
NOT_PUBLISHED = "-"  # the published symbol for "not published", kept as it is


def _safe(cell: pl.Expr) -> pl.Expr:
    """``cell`` (text) with an apostrophe before a formula-like value; signed numbers and the
    published symbol ``-`` are left alone. Polars expressions only: a Python callback inside
    Polars can deadlock the server under concurrent sessions (issue 10)."""
    formula = (cell.str.contains(FORMULA_START) & (cell != NOT_PUBLISHED)
               & ~cell.str.replace_all(",", "", literal=True).str.contains(NUMBER))
    return pl.when(formula).then(pl.lit("'") + cell).otherwise(cell)


def to_csv(table: pl.DataFrame) -> str:
    """The table as CSV text (every cell as shown), with formula-like cells and headers
    neutralised."""
    headers = pl.select(_safe(pl.lit(pl.Series(table.columns, dtype=pl.String)))).to_series()
    return table.select(_safe(pl.col(name).cast(pl.String)).alias(header)
                        for name, header in zip(table.columns, headers, strict=True)).write_csv()
