"""Load test of the hosted deployment (issue 13): the deployment started on loopback from the
repository's own files (``deploy.loopback``: nginx with TLS and sticky sessions, two replicas
under the supervisor), then readers speaking Streamlit's websocket protocol through the proxy
(``perf.streamlit_client``), in steps of 10, 25 and 50 at once. Each reader opens a page, changes
its filters, pauses to read (think time), moves to another page, and after a few pages leaves;
another reader takes its place at once, so the number of sessions stays the same.

    .venv/bin/python -m perf.load_test [--levels 10 25 50] [--seconds 120] [--last-seconds 360]
                                       [--think LEAST MOST]

For each step it prints reruns per second, the median and 95th percentile of a rerun's time
(request to the server's "finished"), errors, the replicas' CPU use (in cores) and the machine's
load average (other work slows the replicas), and each replica's peak memory (resident set size);
then the replicas' memory minute by minute. Targets: 50 sessions, 0 errors, 95th percentile at
most 2 s; memory flat through the last step (its last whole minute at most 10% above its second).
The exit status is 1 when a target is missed. Everything stays on loopback and ends in its time.
"""

import argparse
import asyncio
import math
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from deploy.loopback import LoopbackSite, loopback_site, trusting_loopback
from iro_metrics.ui.navigation import pages_for
from perf.streamlit_client import Query, Run, Session

ROOT = Path(__file__).resolve().parents[1]
PAGES = tuple(entry.url_path for entry in pages_for(managers=False))
"""The public's pages (a committee week's readers are the public)."""
FILTERS: tuple[Query, ...] = (
    {},
    {"year": "2019-20"},
    {"sex": "Girls"},
    {"year": "2018-19", "age": "10 to 15"},
    {"disability": "Disabled"},
    {"year": "2017-18", "ethnicity": "White"},
)
"""Views a public reader may ask for: a reporting year and one group of one characteristic."""
PAGES_PER_SESSION = 4
RUN_TIMEOUT = 60.0  # seconds: a run taking longer counts as an error
MEMORY_EVERY = 1.0  # seconds between memory samples
TARGET_SESSIONS, TARGET_P95 = 50, 2.0
MEMORY_GROWTH = 0.10  # the last minute may use at most 10% more than the second


@dataclass
class Outcome:
    """Every finished run and every problem (a run that failed or did not apply its filters,
    or a session that broke), in the order they happened."""

    runs: list[Run] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def reader_steps(rng: random.Random, pages: tuple[str, ...],
                 filters: tuple[Query, ...]) -> list[tuple[str, Query]]:
    """One reader's visit: a few pages, each opened with one view and then changed to another
    (the same again when there is only one)."""
    steps = []
    for page in rng.sample(pages, min(PAGES_PER_SESSION, len(pages))):
        views = rng.sample(filters, 2) if len(filters) > 1 else [*filters, *filters]
        steps += [(page, view) for view in views]
    return steps


async def reader(url: str, number: int, until: float, think: tuple[float, float],
                 views: tuple[tuple[str, ...], tuple[Query, ...]], outcome: Outcome) -> None:
    """Reader ``number``: sessions one after another until ``until`` (``time.monotonic()``),
    pausing a random think time before each step (and before the first, to spread the start)."""
    rng = random.Random(number)
    tls = trusting_loopback()
    while time.monotonic() < until:
        try:
            async with Session(url, tls=tls) as session:
                for page, query in reader_steps(rng, *views):
                    await asyncio.sleep(min(rng.uniform(*think), max(until - time.monotonic(), 0)))
                    if time.monotonic() >= until:
                        return
                    async with asyncio.timeout(RUN_TIMEOUT):
                        run = await session.run(page, query)
                    outcome.runs.append(run)
                    if not (run.ok and run.filters_applied):
                        outcome.problems.append(
                            f"/{run.requested} {run.query}: ran {run.page!r}, {run.status}, "
                            f"errors {run.errors}, filters shown {run.selected}")
        except Exception as error:
            outcome.problems.append(f"reader {number}: "
                                    + "".join(traceback.format_exception_only(error)).strip())


async def drive(url: str, sessions: int, seconds: float, think: tuple[float, float],
                pages: tuple[str, ...] = PAGES, filters: tuple[Query, ...] = FILTERS,
                events: tuple[tuple[float, Callable[[], None]], ...] = ()) -> Outcome:
    """``sessions`` readers at once for ``seconds`` on ``pages`` with ``filters``, and each
    ``(after, action)`` of ``events`` done ``after`` seconds into the run (publishing a new
    extract, say)."""
    outcome = Outcome()
    began = time.monotonic()
    until = began + seconds

    async def happen() -> None:
        for after, action in sorted(events, key=lambda event: event[0]):
            await asyncio.sleep(max(began + after - time.monotonic(), 0))
            action()

    async with asyncio.timeout(seconds + RUN_TIMEOUT + 30):
        await asyncio.gather(happen(), *(reader(url, number, until, think, (pages, filters),
                                                outcome) for number in range(sessions)))
    return outcome


def resident_mb(pid: int) -> float:
    """A process's resident set size in MB (0 when it has just ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    line = next((line for line in status.splitlines() if line.startswith("VmRSS:")), "")
    return int(line.split()[1]) / 1024 if line else 0.0


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used so far (user and system), in seconds; 0 when it has ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class MemoryWatch:
    """Samples each replica's resident memory every ``MEMORY_EVERY`` seconds in a thread (the
    process id is read afresh each time: a restarted replica is followed)."""

    def __init__(self, site: LoopbackSite) -> None:
        self.site = site
        self.samples: list[tuple[float, dict[int, float]]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.wait(MEMORY_EVERY):
            self.samples.append((time.monotonic(), {
                port: resident_mb(self.site.replica_pid(port)) for port in self.site.site.replicas}))

    def __enter__(self) -> "MemoryWatch":
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def peaks(self, start: float, end: float) -> dict[int, float]:
        """Each replica's peak memory between ``start`` and ``end``."""
        inside = [sample for at, sample in self.samples if start <= at <= end]
        return {port: max((sample[port] for sample in inside), default=0.0)
                for port in self.site.site.replicas}

    def by_minute(self, start: float, end: float) -> list[float]:
        """The replicas' combined memory at its peak in each whole minute from ``start`` to
        ``end`` (a last, partial minute is left out)."""
        minutes: dict[int, float] = {}
        for at, sample in self.samples:
            if start <= at <= end:
                minute = int((at - start) // 60)
                minutes[minute] = max(minutes.get(minute, 0.0), sum(sample.values()))
        return [minutes[minute] for minute in sorted(minutes) if minute < (end - start) // 60]


def percentile(values: list[float], share: float) -> float:
    """The ``share`` percentile (0.95: 95th) by the nearest-rank method; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


@dataclass(frozen=True)
class Step:
    """One level's figures, its memory minute by minute included."""

    sessions: int
    seconds: float
    runs: int
    per_second: float
    p50: float
    p95: float
    errors: int
    cores: float
    load: float
    peaks: dict[int, float]
    minutes: list[float]


def measure(site: LoopbackSite, watch: MemoryWatch, sessions: int, seconds: float,
            think: tuple[float, float]) -> tuple[Step, list[str]]:
    """Run one level and sum it up (with the replicas' CPU use in cores and the machine's load
    average at its end, since other work on the machine slows the replicas); also returns its
    problems."""
    def replicas_cpu() -> float:
        return sum(cpu_seconds(site.replica_pid(port)) for port in site.site.replicas)

    began, cpu = time.monotonic(), replicas_cpu()
    outcome = asyncio.run(drive(site.url, sessions, seconds, think))
    ended = time.monotonic()
    times = [run.seconds for run in outcome.runs]
    return Step(sessions, seconds, len(times), len(times) / (ended - began),
                statistics.median(times) if times else 0.0, percentile(times, 0.95),
                len(outcome.problems), (replicas_cpu() - cpu) / (ended - began),
                os.getloadavg()[0], watch.peaks(began, ended),
                watch.by_minute(began, ended)), outcome.problems


def report(steps: list[Step]) -> list[str]:
    """The table of figures, one line per step, and each step's memory minute by minute."""
    lines = [f"{'sessions':>8} {'seconds':>7} {'reruns':>7} {'reruns/s':>9} {'p50 s':>7} "
             f"{'p95 s':>7} {'errors':>6} {'cores':>6} {'load':>5}  peak memory by replica (MB)"]
    lines += [f"{s.sessions:>8} {s.seconds:>7.0f} {s.runs:>7} {s.per_second:>9.2f} {s.p50:>7.2f} "
              f"{s.p95:>7.2f} {s.errors:>6} {s.cores:>6.2f} {s.load:>5.1f}  "
              + ", ".join(f"{mb:.0f}" for mb in s.peaks.values()) for s in steps]
    lines += [f"memory by minute at {s.sessions} sessions, both replicas (MB): "
              + ", ".join(f"{number}: {mb:.0f}" for number, mb in enumerate(s.minutes, 1))
              for s in steps if s.minutes]
    return lines


def verdicts(steps: list[Step]) -> list[tuple[str, bool]]:
    """Each target and whether it was met: no errors anywhere; at 50 sessions, the 95th
    percentile; and memory flat through the last step (its last whole minute against its second:
    the first fills the caches)."""
    found = [("no errors at any level", all(s.errors == 0 for s in steps))]
    top = [s for s in steps if s.sessions >= TARGET_SESSIONS]
    if top:
        met = all(s.errors == 0 and s.p95 <= TARGET_P95 for s in top)
        found.append((f"{TARGET_SESSIONS} sessions, 0 errors, p95 <= {TARGET_P95:g} s", met))
    minutes = steps[-1].minutes
    if len(minutes) >= 3:
        growth = minutes[-1] / minutes[1] - 1
        found.append((f"memory at {steps[-1].sessions} sessions: last minute {growth:+.1%} on "
                       f"the second (at most +{MEMORY_GROWTH:.0%})", growth <= MEMORY_GROWTH))
    else:
        found.append(("memory: the last step has fewer than 3 whole minutes, not judged", True))
    return found


def main(argv: list[str] | None = None) -> int:
    """Start the loopback deployment, run each level, print the figures and the verdicts."""
    parser = argparse.ArgumentParser(prog="python -m perf.load_test", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", type=int, nargs="+", default=[10, 25, 50],
                        help="concurrent sessions in each step (at most 200)")
    parser.add_argument("--seconds", type=float, default=120.0,
                        help="length of each step but the last")
    parser.add_argument("--last-seconds", type=float, default=360.0,
                        help="length of the last step, where memory is judged minute by minute")
    parser.add_argument("--think", type=float, nargs=2, default=(5.0, 25.0),
                        metavar=("LEAST", "MOST"), help="a reader's pause between steps")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "demo")
    parser.add_argument("--replicas", type=int, default=2)
    chosen = parser.parse_args(argv)
    if max(chosen.levels) > 200 or max(chosen.seconds, chosen.last_seconds) > 3600:
        parser.error("at most 200 sessions and an hour per step")
    with (tempfile.TemporaryDirectory(prefix="iro-load-") as work,
          loopback_site(Path(work), chosen.data.resolve(), chosen.replicas) as site,
          MemoryWatch(site) as watch):
        print(f"{time.strftime('%Y-%m-%d %H:%M')}: {site.url} with {chosen.replicas} replicas on "
              f"{chosen.data}; think time {chosen.think[0]:g}-{chosen.think[1]:g} s; load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
        steps = []
        for number, sessions in enumerate(chosen.levels, 1):
            seconds = chosen.last_seconds if number == len(chosen.levels) else chosen.seconds
            step, problems = measure(site, watch, sessions, seconds, tuple(chosen.think))
            steps.append(step)
            for problem in problems[:5]:
                print(f"  {sessions} sessions: {problem}", flush=True)
    for line in report(steps):
        print(line)
    results = verdicts(steps)
    for target, met in results:
        print(f"{'met' if met else 'NOT MET'}: {target}")
    return 0 if all(met for _, met in results) else 1


if __name__ == "__main__":
    sys.exit(main())
