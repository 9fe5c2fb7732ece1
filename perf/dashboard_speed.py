"""The dashboard's speed as a reader feels it (issue 16): ``python -m perf.dashboard_speed [RUNS]
[ENGLAND_DIR]`` (default 3 runs and /tmp/england, made by ``python -m iro_metrics generate --out
/tmp/england --scale 300``), for the demo and the England-sized extract: first as issue 16
measured it, the contract v1 tables only (``perf.contract_v1``), then whole.

Each run starts a fresh server as the dashboard script and every replica do (``python -m
iro_metrics.ui.serve``, which loads the data before it listens) and drives it with Streamlit's
own websocket protocol (``perf.streamlit_client``), as a manager (every page). The rows:

- cold start to first page: from starting the process to the Overview drawn;
- first page after start: the first Overview drawn once the server answers its health check;
- a new year, then a filter: the Overview for another reporting year, then for one age band,
  each drawn for the first time (nothing cached for that view);
- warm rerun: the same Overview drawn again.

Targets: the demo cold start <= 3 s; at England scale the first page <= 8 s and a new year or
filter <= 1 s. Warm reruns of every page are timed by ``perf.page_render``.
"""

import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from deploy.loopback import answers, free_port
from perf.contract_v1 import measured_extracts
from perf.streamlit_client import Query, Session
from perf.timing import machine_state

ROOT = Path(__file__).resolve().parents[1]
STEPS: tuple[tuple[str, Query], ...] = (
    ("first page after start", {}),
    ("warm rerun", {}),
    ("a new year", {"year": "2018-19"}),
    ("a filter", {"year": "2018-19", "age": "10 to 15"}),
)
TARGETS = {"demo": {"cold start to first page": "  target <= 3 s"},
           "England": {"first page after start": "  target <= 8 s",
                       "a new year": "  target <= 1 s", "a filter": "  target <= 1 s"}}


async def _visit(url: str) -> list[float]:
    """Seconds of each of :data:`STEPS`, in one session."""
    seconds = []
    async with Session(url) as session:
        for label, query in STEPS:
            run = await session.run("", query)
            if not run.ok:
                raise RuntimeError(f"{label}: {run.status} {run.errors}")
            seconds.append(run.seconds)
    return seconds


def one_run(data: Path) -> dict[str, float]:
    """Start a server on ``data``, time every step, stop it."""
    port = free_port()
    env = dict(os.environ, IRO_DATA_DIR=str(data), IRO_AUDIENCE="manager")
    began = time.monotonic()
    server = subprocess.Popen(
        [sys.executable, "-m", "iro_metrics.ui.serve", "--server.port", str(port),
         "--server.headless", "true"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        while not answers(f"{url}/_stcore/health"):
            if server.poll() is not None:
                raise RuntimeError(f"the server on {data} exited with {server.returncode}")
            time.sleep(0.05)
        healthy = time.monotonic() - began
        steps = asyncio.run(_visit(url))
    finally:
        server.terminate()
        server.wait(timeout=30)
    found = {"server answering": healthy, "cold start to first page": healthy + steps[0]}
    found.update((label, seconds) for (label, _), seconds in zip(STEPS, steps, strict=True))
    return found


def main() -> None:
    """Every row for the demo, then for the England-sized extract."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    england = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("/tmp/england")
    for name, folder in measured_extracts(ROOT / "data" / "demo", england):
        print(f"{name} ({folder}), {machine_state()}")
        measured = [one_run(folder) for _ in range(runs)]
        targets = TARGETS["demo" if name == "demo" else "England"]
        for label in measured[0]:
            seconds = [found[label] for found in measured]
            print(f"  {label:28} min {min(seconds):6.2f} s  median "
                  f"{statistics.median(seconds):6.2f} s{targets.get(label, '')}")


if __name__ == "__main__":
    main()
