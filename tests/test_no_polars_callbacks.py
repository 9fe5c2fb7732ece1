"""No Python callback inside Polars in code the dashboard's pages run (issue 10): with several
sessions at once, both Polars worker threads ran a Python function (``map_elements``) and waited
for the GIL, which a script thread held in ``DataFrame.to_pandas`` while it waited for them; the
server hung for good. Format with expressions, or in Python after ``to_list()``
(``iro_metrics.present.formatting.format_numbers``).

Scanned: ``app.py``, ``pages/`` and the ``iro_metrics`` package except ``iro_metrics/generator/``
and ``iro_metrics/returns/``: only the command line runs those (one script, no server threads).
"""

import ast
from pathlib import Path

import pytest
from helpers import ROOT

COMMAND_LINE_ONLY = ("iro_metrics/generator", "iro_metrics/returns")
# Methods that hand Polars a Python function to call (Expr, Series, DataFrame, LazyFrame,
# group by, and the pl.fold family). Matched on any object, so a pandas or functools method
# of the same name is reported too: better a false alarm than a hung server.
CALLBACK_METHODS = frozenset({
    "apply", "map_elements", "map_batches", "map_rows", "map_groups", "map_columns",
    "map_fields", "rolling_map", "fold", "cum_fold", "reduce", "cum_reduce",
})


def scanned_files() -> list[Path]:
    """Every module a page can run."""
    package = [path for path in sorted((ROOT / "iro_metrics").rglob("*.py"))
               if not path.relative_to(ROOT).as_posix().startswith(COMMAND_LINE_ONLY)]
    return [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *package]


def _hands_over(call: ast.Call, functions: set[str]) -> bool:
    """The call gives Polars a Python function: a callback method, ``expr.name.map(f)``, or
    ``frame.rename(f)`` with a lambda or a function defined in the module."""
    if not isinstance(call.func, ast.Attribute):
        return False
    method, owner = call.func.attr, call.func.value
    if method in CALLBACK_METHODS:
        return True
    if method == "map":
        return isinstance(owner, ast.Attribute) and owner.attr == "name"
    if method == "rename" and call.args:
        given = call.args[0]
        return isinstance(given, ast.Lambda) or (isinstance(given, ast.Name)
                                                 and given.id in functions)
    return False


def callbacks(source: str) -> list[tuple[int, str]]:
    """(line, method) of every call in ``source`` that hands Polars a Python function."""
    tree = ast.parse(source)
    functions = {node.name for node in ast.walk(tree)
                 if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}
    return sorted((node.lineno, node.func.attr) for node in ast.walk(tree)
                  if isinstance(node, ast.Call) and _hands_over(node, functions))


def test_no_page_hands_polars_a_python_function() -> None:
    found = [f"{path.relative_to(ROOT)}:{line} {method}" for path in scanned_files()
             for line, method in callbacks(path.read_text(encoding="utf-8"))]
    assert found == []


def test_every_page_module_is_scanned() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in scanned_files()}
    assert {"app.py", "pages/overview.py", "iro_metrics/present/formatting.py",
            "iro_metrics/ui/blocks.py"} <= names
    assert not any(name.startswith(COMMAND_LINE_ONLY) for name in names)


@pytest.mark.parametrize("source", [
    'pl.col("value").map_elements(format_number, return_dtype=pl.String)',
    'pl.struct("reviews", "share").map_elements(lambda row: row["reviews"])',
    'frame["value"].map_elements(str)',
    'pl.col("value").map_batches(lambda s: s)',
    "frame.lazy().map_batches(f)",
    "frame.map_rows(f)",
    'frame.group_by("a").map_groups(f)',
    'pl.col("a").name.map(str.upper)',
    'pl.fold(pl.lit(0), lambda a, b: a + b, pl.all())',
    "series.apply(f)",
    "def safe(text):\n    return text\nframe.rename(safe)",
    "frame.rename(lambda name: name.upper())",
])
def test_a_callback_is_found(source: str) -> None:
    assert len(callbacks(source)) == 1


@pytest.mark.parametrize("source", [
    'frame.rename({"a": "b"})',
    'pl.col("a").replace_strict(LABELS)',
    'pl.format("{} ({}%)", counts, shares)',
    'pl.col("a").map.get("key")',
    "styler.map(style, subset=[name])",
    'chart.transform_fold(["low", "high"])',
])
def test_expressions_are_not_callbacks(source: str) -> None:
    assert callbacks(source) == []
