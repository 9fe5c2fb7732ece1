"""The allocator setting (``iro_metrics.freed_memory``) reaches Polars in a new process: importing
the package first gives Polars the setting, which it adds after its own; other options in the
environment are kept, and Polars' own setting inherited from a parent does not undo it."""

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


def test_options_in_the_environment_are_kept_and_the_decay_times_still_win() -> None:
    given = _polars_setting({**os.environ, SETTING: "narenas:2,dirty_decay_ms:500"})
    assert given.endswith(f",narenas:2,dirty_decay_ms:500,{PROMPTLY}")


def test_a_child_of_a_process_that_imported_polars_still_returns_memory_promptly() -> None:
    environment = {name: value for name, value in os.environ.items() if name != SETTING}
    parent = subprocess.run([sys.executable, "-c", f"import polars, os; print(os.environ[{SETTING!r}])"],
                            env=environment, capture_output=True, text=True, check=True)
    given = _polars_setting({**environment, SETTING: parent.stdout.strip()})
    assert given.endswith(f",{PROMPTLY}")
