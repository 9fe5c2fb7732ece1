"""Speed and memory at England scale (issue 16): ``python -m perf.scale [RUNS] [ENGLAND_DIR]``
(default 3 runs and /tmp/england, made by ``python -m iro_metrics generate --out /tmp/england
--scale 300``), for the demo and the England-sized extract: first as issue 16 measured it, the
contract v1 tables only (``perf.contract_v1``, written beside it), then whole.

Each row gives the minimum and median seconds of RUNS runs and the largest peak memory of the
processes (resident, as the kernel counts it; MB are millions of bytes, so 1 GB is 1,000 MB):
``validate`` and ``indicators --period 2019-20`` as whole command-line processes; the month-end
series over five years (April 2016 to March 2021) timed in a process that has
loaded the extract (its peak includes the loading); and the headline indicators by the engine
against a plain pandas version (``perf.pandas_headline``), from the files to the figures and
computing alone, whose figures must equal the engine's (a mismatch is printed loudly). The
machine may be shared: its load average and the time of a reference loop
(``timing.machine_state``) are printed with each extract.

Every measurement runs in a process of its own, started from this small one: Linux counts the
memory of the process a child was forked from in the child's peak, so a parent holding an
extract would inflate every later peak.

Targets at England scale: validate <= 3 s and <= 1 GB; indicators <= 5 s and <= 1.2 GB; the
series <= 1 s; the engine at least 3 times as fast as pandas computing the same figures from the
same data (from the files, the engine also validates the whole extract against the contract,
which the pandas version does not do: that is the validate row, with a target of its own;
``docs/spec-readings.md``).
"""

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from perf.contract_v1 import measured_extracts
from perf.timing import machine_state

PERIOD = "2019-20"
SERIES = (dt.date(2016, 4, 1), dt.date(2021, 3, 31))
VALIDATE, INDICATORS, MONTHLY = "  target <= 3 s, <= 1 GB", "  target <= 5 s, <= 1.2 GB", \
    "  target <= 1 s"
Figures = dict[str, tuple[int, int | None]]


def _process(*args: str) -> tuple[float, float, str]:
    """Seconds, peak memory (MB, millions of bytes) and output of one ``python`` process run
    with ``args``."""
    began = time.perf_counter()
    process = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - began
    output = process.stdout.read() if process.stdout else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"python {' '.join(args)} exited with {process.returncode}")
    return seconds, usage.ru_maxrss * 1024 / 1e6, output  # ru_maxrss is in KiB


def _row(label: str, seconds: list[float], peak_mb: float | None = None, target: str = "") -> None:
    memory = f"  peak {peak_mb:5.0f} MB" if peak_mb is not None else " " * 15
    print(f"  {label:36} min {min(seconds):6.2f} s  median {statistics.median(seconds):6.2f} s"
          f"{memory}{target}")


def _command(runs: int, *args: str) -> tuple[list[float], float]:
    """Seconds of each of ``runs`` runs of ``python -m iro_metrics args`` and the largest peak."""
    measured = [_process("-m", "iro_metrics", *args) for _ in range(runs)]
    return [seconds for seconds, _, _ in measured], max(peak for _, peak, _ in measured)


def _timed(runs: int, action: Callable[[], object]) -> list[float]:
    seconds = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - began)
    return seconds


def _series_child(folder: str, runs: str) -> None:
    """In a child process: load ``folder``, then print the seconds of ``runs`` five-year
    series as JSON."""
    from iro_metrics.contract.loader import load_extract
    from iro_metrics.indicators.engine import monthly_counts

    extract = load_extract(Path(folder))
    print(json.dumps(_timed(int(runs), lambda: monthly_counts(extract, *SERIES))))


def _against_pandas(folder: Path, runs: int) -> None:
    """The headline indicators by the engine and by pandas: figures compared, then timed from
    the files and computing alone."""
    from iro_metrics.contract.extract import Extract
    from iro_metrics.contract.loader import load_extract
    from iro_metrics.indicators.engine import compute
    from iro_metrics.indicators.periods import parse_period
    from perf.pandas_headline import HEADLINE, headline, read_tables, work_out

    period = parse_period(PERIOD)

    def engine(extract: Extract) -> Figures:
        frame = compute(extract, period, indicator_ids=HEADLINE)
        return {row["indicator_id"]: (int(row["numerator"]), None if row["denominator"] is None
                                      else int(row["denominator"]))
                for row in frame.iter_rows(named=True)}

    ours, theirs = engine(load_extract(folder)), headline(folder, period.start, period.end)
    for indicator_id in HEADLINE:
        if ours[indicator_id] != theirs[indicator_id]:
            print(f"  !!!!! MISMATCH {indicator_id}: engine {ours[indicator_id]}, pandas "
                  f"{theirs[indicator_id]} !!!!!")
    whole = _timed(runs, lambda: engine(load_extract(folder)))
    plain = _timed(runs, lambda: headline(folder, period.start, period.end))
    computing = [second for _ in range(runs)  # each on a freshly loaded extract
                 for second in _timed(1, partial(engine, load_extract(folder)))]
    tables = read_tables(folder)
    alone = _timed(runs, lambda: work_out(tables, period.start, period.end))
    _row("headline: engine, load + compute", whole)
    _row("headline: pandas, read + compute", plain)
    _row("headline: engine, compute alone", computing)
    _row("headline: pandas, compute alone", alone)
    print(f"  engine / pandas (medians): {statistics.median(alone) / statistics.median(computing):.1f}"
          f"x as fast computing (target 3x); {statistics.median(plain) / statistics.median(whole):.1f}"
          "x from the files, where the engine also validates the extract")


def main() -> None:
    """Every row for the demo, then for the England-sized extract."""
    if sys.argv[1:2] == ["series-child"]:
        _series_child(*sys.argv[2:])
        return
    if sys.argv[1:2] == ["pandas-child"]:
        _against_pandas(Path(sys.argv[2]), int(sys.argv[3]))
        return
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    england = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("/tmp/england")
    for name, folder in measured_extracts(Path("data/demo"), england):
        large = name != "demo"
        print(f"{name} ({folder}), {machine_state()}")
        seconds, peak = _command(runs, "validate", "--data", str(folder))
        _row("validate (whole process)", seconds, peak, VALIDATE if large else "")
        seconds, peak = _command(runs, "indicators", "--data", str(folder), "--period", PERIOD)
        _row(f"indicators --period {PERIOD} (process)", seconds, peak,
             INDICATORS if large else "")
        _, peak, output = _process("-m", "perf.scale", "series-child", str(folder), str(runs))
        _row("monthly series, five years", json.loads(output), peak, MONTHLY if large else "")
        print(_process("-m", "perf.scale", "pandas-child", str(folder), str(runs))[2], end="")


if __name__ == "__main__":
    main()
