"""The allocator setting (``iro_metrics.freed_memory``) reaches Polars in a new process: importing
the package first gives Polars the setting, which it adds after its own, and an operator's own
setting is kept as given."""

import os
import subprocess
import sys

from iro_metrics.freed_memory import PROMPTLY, SETTING

SHOW = f"import iro_metrics, polars, os; print(os.environ[{SETTING!r}])"


def _polars_setting(environment: dict[str, str]) -> str:
    """The allocator setting Polars left in a new process that imported the package first."""
    done = subprocess.run([sys.executable, "-c", SHOW], env=environment, capture_output=True,
                          text=True, check=True)
    return done.stdout.strip()


def test_polars_is_given_the_prompt_return_after_its_own_setting() -> None:
    environment = {name: value for name, value in os.environ.items() if name != SETTING}
    given = _polars_setting(environment)
    assert given.endswith(f",{PROMPTLY}")
    assert given != PROMPTLY  # Polars' own setting comes first, so the later one wins


def test_an_operators_setting_is_kept() -> None:
    given = _polars_setting({**os.environ, SETTING: "dirty_decay_ms:2000"})
    assert given.endswith(",dirty_decay_ms:2000")
    assert PROMPTLY not in given
