"""CSV downloads: UTF-8 with a header row, exactly the cells shown, and safe in a spreadsheet."""

import csv
import io

import polars as pl
import pytest

from iro_metrics.present.downloads import to_csv


@pytest.mark.parametrize(("cell", "written"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+SUM(A1:A9)", "'+SUM(A1:A9)"),
    ("-2+3", "'-2+3"),
    ("@cmd", "'@cmd"),
    ("\tTAB", "'\tTAB"),
    ("\rCR", "'\rCR"),
    ("-5.2 pts", "'-5.2 pts"),
    ("-5", "-5"),
    ("+0.9", "+0.9"),
    ("-1,234.5", "-1,234.5"),
    ("Darlington", "Darlington"),
    ("c", "c"),
    ("-", "-"),
    ("--5", "'--5"),
    ("- 5", "'- 5"),
    ("-.5", "-.5"),
    ("-1e5", "-1e5"),
    ("-1_000", "-1_000"),
    ("-inf", "-inf"),
    ("Ōtautahi – naïve", "Ōtautahi – naïve"),
])
def test_formula_like_cells_are_neutralised(cell: str, written: str) -> None:
    text = to_csv(pl.DataFrame({"Area": [cell]}))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["Area"], [written]]
    assert text.encode("utf-8").decode("utf-8") == text


def test_header_row_and_every_cell_as_text() -> None:
    table = pl.DataFrame({"Year": ["2019-20"], "Children": ["1,234"], "Rate": [121.4]})
    assert to_csv(table) == "Year,Children,Rate\n2019-20,\"1,234\",121.4\n"


def test_a_formula_in_a_header_is_neutralised_too() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(pl.DataFrame({"=cmd": ["1"]})))))
    assert rows[0] == ["'=cmd"]


def test_an_empty_cell_stays_empty() -> None:
    assert to_csv(pl.DataFrame({"Area": [None, "=x"]})) == "Area\n\n'=x\n"


def test_cells_stay_in_their_own_column_and_row() -> None:
    """Every cell is checked in one pass over the whole table; each goes back to its place."""
    table = pl.DataFrame({"=a": ["=1", "2", None], "b": [1, None, 3], "@c": ["-4", "+x", "y"]})
    assert to_csv(table) == "'=a,b,'@c\n'=1,1,-4\n2,,'+x\n,3,y\n"


def test_a_table_without_rows_or_columns() -> None:
    assert to_csv(pl.DataFrame({"Area": pl.Series([], dtype=pl.String), "n": []})) == "Area,n\n"
    assert to_csv(pl.DataFrame()) == "\n"
