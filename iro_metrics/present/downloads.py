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
    neutralised: every cell and header checked in one column, one pass of the patterns rather
    than one a column."""
    height, width = table.height, table.width
    cells = pl.concat([*(table.get_column(name).cast(pl.String) for name in table.columns),
                       pl.Series(table.columns, dtype=pl.String)])
    safe = pl.select(_safe(pl.lit(cells))).to_series()
    headers = safe.slice(width * height, width)
    return pl.DataFrame([safe.slice(position * height, height).alias(header)
                         for position, header in enumerate(headers)]).write_csv()
