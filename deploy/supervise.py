"""Replicas without systemd: run ``deploy/replica.sh PORT`` for each port with the settings of a
``replica.env`` file, and restart a replica that stops with a failure, as the systemd unit's
``Restart=on-failure`` does, until stopped (SIGTERM or SIGINT stops every replica).

    python -m deploy.supervise --env-file replica.env --run-dir DIR 8501 8502

The deployment test and the load test use it in place of systemd; ``DIR`` receives each
replica's process id (``replica-PORT.pid``, rewritten at each restart) and log
(``replica-PORT.log``). It sets no memory ceiling: that is systemd's ``MemoryMax``.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

APP_DIR = Path(__file__).resolve().parents[1]
REPLICA = APP_DIR / "deploy" / "replica.sh"
RESTART_DELAY = 2.0  # seconds, as RestartSec=2s
CLEAN_SIGNALS = frozenset({signal.SIGHUP, signal.SIGINT, signal.SIGTERM, signal.SIGPIPE})
"""Signals after which systemd's Restart=on-failure does not restart a service."""
OWN_VARIABLES = ("IRO_", "STREAMLIT_")
"""The caller's variables of these kinds are not passed on: the file decides, as under systemd."""


def read_env_file(path: Path) -> dict[str, str]:
    """The ``KEY=VALUE`` lines of an environment file as systemd's ``EnvironmentFile=`` reads
    the simple ones: blank lines and ``#`` comments skipped, one pair of surrounding quotes
    removed."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        found[key.strip()] = value
    return found


def failed(returncode: int) -> bool:
    """Whether an exit counts as a failure for ``Restart=on-failure``: a non-zero status, or a
    signal other than the clean ones."""
    return returncode > 0 or (returncode < 0 and -returncode not in CLEAN_SIGNALS)


@dataclass
class Replica:
    """One replica: its port, its process and since when it has been down (waiting to be
    restarted)."""

    port: int
    process: subprocess.Popen[bytes] | None = None
    down_since: float | None = None


class Supervisor:
    """Keeps one replica running per port (see the module's description)."""

    def __init__(self, env: Mapping[str, str], run_dir: Path, ports: list[int]) -> None:
        self.env = {**{k: v for k, v in os.environ.items() if not k.startswith(OWN_VARIABLES)},
                    **env}
        self.run_dir = run_dir
        self.replicas = [Replica(port) for port in ports]
        self.stopping = False

    def start(self, replica: Replica) -> None:
        """Start ``replica`` and record its process id."""
        with (self.run_dir / f"replica-{replica.port}.log").open("ab") as log:
            replica.process = subprocess.Popen([str(REPLICA), str(replica.port)], cwd=APP_DIR,
                                               env=self.env, stdout=log, stderr=subprocess.STDOUT)
        (self.run_dir / f"replica-{replica.port}.pid").write_text(f"{replica.process.pid}\n")
        replica.down_since = None

    def check(self, replica: Replica, now: float) -> None:
        """Restart ``replica`` ``RESTART_DELAY`` seconds after it stopped with a failure."""
        assert replica.process is not None
        returncode = replica.process.poll()
        if returncode is None or not failed(returncode):
            return
        if replica.down_since is None:
            replica.down_since = now
            print(f"replica {replica.port} stopped (status {returncode}); restarting in "
                  f"{RESTART_DELAY:g} s", file=sys.stderr, flush=True)
        elif now - replica.down_since >= RESTART_DELAY:
            self.start(replica)

    def stop(self) -> None:
        """End :meth:`run`, which then stops every replica."""
        self.stopping = True

    def run(self) -> None:
        """Start every replica and watch them until :meth:`stop`; then stop them (SIGTERM, and
        SIGKILL for any still running after 10 s)."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        for replica in self.replicas:
            self.start(replica)
        while not self.stopping:
            for replica in self.replicas:
                self.check(replica, time.monotonic())
            time.sleep(0.2)
        stop_processes(*(r.process for r in self.replicas if r.process and r.process.poll() is None))


def stop_processes(*processes: subprocess.Popen[bytes]) -> None:
    """Terminate ``processes``, then kill any still running after 10 s (a deadlocked server
    never runs its signal handler)."""
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main(argv: list[str] | None = None) -> int:
    """The command line: supervise the replicas until SIGTERM or SIGINT."""
    parser = argparse.ArgumentParser(prog="python -m deploy.supervise", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--env-file", type=Path, required=True)
    parser.add_argument("--run-dir", type=Path, required=True)
    parser.add_argument("ports", type=int, nargs="+")
    chosen = parser.parse_args(argv)
    supervisor = Supervisor(read_env_file(chosen.env_file), chosen.run_dir, chosen.ports)

    def stop(signum: int, frame: FrameType | None) -> None:
        supervisor.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    supervisor.run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
