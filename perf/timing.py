"""Timing one step of a speed script: its label and seconds, printed as it finishes; and the
state of the machine the timings were taken on."""

import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
REFERENCE_LOOP = 2_000_000
"""Additions in the reference loop: a fixed amount of pure-Python work, about 0.07 s of one core
here when the host is quiet and up to 0.11 s when it is busy."""


def timed(label: str, action: Callable[[], T], width: int = 36) -> T:
    """Run ``action``, print ``label`` (padded to ``width``) and the seconds it took, and return
    what it returned."""
    began = time.perf_counter()
    result = action()
    print(f"{label:{width}} {time.perf_counter() - began:6.2f} s")
    return result


def _reference_loop() -> float:
    began = time.perf_counter()
    total = 0
    for number in range(REFERENCE_LOOP):
        total += number
    return time.perf_counter() - began


def machine_state() -> str:
    """The load average and the seconds a fixed pure-Python loop takes now (the quickest of
    three): on a virtual machine whose host is busy the same loop runs up to twice as slowly
    while the load average stays low, so a slow row can be told from a slow machine."""
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    loop = min(_reference_loop() for _ in range(3))
    return f"load average {load}, reference loop {loop:.2f} s"
