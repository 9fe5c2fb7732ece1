"""Timing one step of a speed script: its label and seconds, printed as it finishes."""

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def timed(label: str, action: Callable[[], T], width: int = 36) -> T:
    """Run ``action``, print ``label`` (padded to ``width``) and the seconds it took, and return
    what it returned."""
    began = time.perf_counter()
    result = action()
    print(f"{label:{width}} {time.perf_counter() - began:6.2f} s")
    return result
