"""The command line runs without pandas (``iro_metrics.without_pandas``): pandera then works as
in a polars-only install, and every command gives what it gives in a process with pandas."""

import subprocess
import sys

from helpers import DEMO_DIR, ROOT, run_cli

ENTRY = """
import atexit, runpy, sys
atexit.register(lambda: print("pandas loaded:", "pandas" in sys.modules, file=sys.stderr))
sys.argv = ["iro_metrics", *sys.argv[1:]]
runpy.run_module("iro_metrics", run_name="__main__", alter_sys=True)
"""


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True,
                          text=True, check=False)


def test_validate_runs_without_pandas_and_reports_as_with_it() -> None:
    hidden = _python(ENTRY, "validate", "--data", str(DEMO_DIR), "--limit", "1000")
    assert (hidden.returncode, hidden.stderr) == (0, "pandas loaded: False\n")
    assert hidden.stdout == run_cli("validate", "--data", str(DEMO_DIR), "--limit", "1000").stdout


def test_indicators_run_without_pandas_and_give_the_same_figures() -> None:
    args = ("indicators", "--data", str(DEMO_DIR), "--period", "2019-20", "--by", "age_band")
    hidden, shown = _python(ENTRY, *args), run_cli(*args)
    assert (hidden.returncode, hidden.stderr) == (0, shown.stderr + "pandas loaded: False\n")
    assert hidden.stdout == shown.stdout


def test_hiding_pandas_once_imported_is_refused() -> None:
    done = _python("import pandas\nfrom iro_metrics.without_pandas import hide_pandas\n"
                   "hide_pandas()")
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        "RuntimeError: pandas is already imported; hide it before anything imports it")


def test_hidden_pandas_looks_uninstalled() -> None:
    done = _python("from iro_metrics.without_pandas import hide_pandas\nhide_pandas()\n"
                   "hide_pandas()\nimport pandas")
    assert done.stderr.splitlines()[-1] == "ModuleNotFoundError: No module named 'pandas'"
