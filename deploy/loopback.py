"""The whole deployment on loopback, from the repository's own files, for the deployment test and
the load test: a self-signed certificate, the templates rendered for ``localhost`` on free ports,
the replicas under :mod:`deploy.supervise` (in place of systemd) and Debian's nginx run in the
foreground with its own prefix, pid file, logs and temporary files (no root-owned paths).

    with loopback_site(work_dir, data_dir) as site:
        site.url  # https://localhost:PORT/iro/
"""

import grp
import os
import pwd
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from deploy.render import NGINX_SITE, REPLICA_ENV, Site, render

SERVER_NAME = "localhost"
"""The name the loopback site answers to (the sign-in library accepts plain http only for
``localhost``, and the test's identity provider is plain http)."""
NGINX = Path(os.environ.get("IRO_NGINX") or shutil.which("nginx") or "/usr/sbin/nginx")
"""Debian's nginx (``scripts/run-tests.sh`` installs it); ``IRO_NGINX`` overrides."""
START_TIMEOUT = 90.0  # seconds for the replicas and nginx to answer their health checks


def free_port() -> int:
    """A loopback port nobody is listening on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def trusting_loopback() -> ssl.SSLContext:
    """A TLS context that accepts the loopback site's self-signed certificate (loopback only)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for ``localhost`` and 127.0.0.1 (openssl), and its key."""
    certificate, key = directory / "localhost.pem", directory / "localhost.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", f"/CN={SERVER_NAME}",
                    "-addext", f"subjectAltName=DNS:{SERVER_NAME},IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(certificate)],
                   check=True, capture_output=True)
    return certificate, key


def nginx_main(prefix: Path, site_file: Path) -> Path:
    """nginx's main configuration for a foreground run under ``prefix``: the rendered site
    inside an http block, every file nginx writes under ``prefix``. Run as root, its workers run
    as the caller (they write temporary files under ``prefix``)."""
    temporary = "\n".join(f"    {kind}_temp_path {prefix / kind};"
                          for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = ""
    if os.geteuid() == 0:
        user = f"user {pwd.getpwuid(os.getuid()).pw_name} {grp.getgrgid(os.getgid()).gr_name};\n"
    main = prefix / "nginx.conf"
    main.write_text(
        f"{user}worker_processes 1;\ndaemon off;\npid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        f"http {{\n    access_log {prefix / 'access.log'};\n{temporary}\n"
        f"    include {site_file};\n}}\n", encoding="utf-8")
    return main


@dataclass
class LoopbackSite:
    """A running loopback deployment: its public URL, its replicas' ports and where the
    supervisor records their process ids and logs."""

    site: Site
    run_dir: Path
    nginx_dir: Path

    @property
    def url(self) -> str:
        """``https://localhost:PORT/iro/``."""
        return self.site.public_url

    def replica_url(self, port: int) -> str:
        """One replica's own address on loopback (``http://127.0.0.1:PORT/iro/``)."""
        return f"http://127.0.0.1:{port}/{self.site.base_path}/"

    def replica_pid(self, port: int) -> int:
        """The process id of the replica on ``port`` now (it changes when it is restarted)."""
        return int((self.run_dir / f"replica-{port}.pid").read_text())

    def logs(self) -> str:
        """The end of every log (replicas and nginx), for a failing test's message."""
        return "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
                         for path in (*sorted(self.run_dir.glob("*.log")),
                                      self.nginx_dir / "error.log") if path.exists())


def answers(url: str, timeout: float = 2.0) -> bool:
    """``url`` answers 200 (through TLS without checking the loopback certificate)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout, context=trusting_loopback()) as reply:
            return bool(reply.status == 200)
    except OSError:
        return False


def wait_until(check: Callable[[], bool], what: str, processes: list[subprocess.Popen[bytes]],
               timeout: float = START_TIMEOUT) -> None:
    """Wait until ``check()`` is true; fail when it is not within ``timeout`` seconds or one of
    ``processes`` has ended."""
    deadline = time.monotonic() + timeout
    while not check():
        ended = [p.args for p in processes if p.poll() is not None]
        if ended or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer (ended: {ended})")
        time.sleep(0.2)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def loopback_site(work: Path, data_dir: Path, replicas: int = 2,
                  secrets_toml: Callable[[Site], str] | None = None) -> Iterator[LoopbackSite]:
    """Run the deployment on loopback with ``replicas`` replicas on ``data_dir`` (a symlink, for
    live refresh), everything written under ``work``; ``secrets_toml`` gives the replicas'
    secrets file for the site (sign-in), none by default (everyone sees the public view)."""
    config, run_dir, nginx_dir, state = (work / name for name in ("etc", "run", "nginx", "state"))
    for directory in (config, run_dir, nginx_dir, state):
        directory.mkdir(parents=True, exist_ok=True)
    certificate, key = self_signed(config)
    site = Site(server_name=SERVER_NAME, replicas=tuple(free_port() for _ in range(replicas)),
                app_dir=Path(__file__).resolve().parents[1], config_dir=config,
                data_dir=data_dir, state_dir=state, certificate=certificate,
                certificate_key=key, address="127.0.0.1", https_port=free_port(),
                http_port=free_port(), cookie_secret=secrets.token_urlsafe(48))
    files = render(site, config)
    if secrets_toml is not None:
        (config / "secrets.toml").write_text(secrets_toml(site), encoding="utf-8")
    with (run_dir / "supervisor.log").open("wb") as log:
        supervisor = subprocess.Popen(
            [sys.executable, "-m", "deploy.supervise", "--env-file", str(files[REPLICA_ENV]),
             "--run-dir", str(run_dir), *map(str, site.replicas)],
            cwd=site.app_dir, stdout=log, stderr=subprocess.STDOUT)
    nginx = subprocess.Popen(
        [str(NGINX), "-p", str(nginx_dir), "-e", str(nginx_dir / "error.log"),
         "-c", str(nginx_main(nginx_dir, files[NGINX_SITE]))],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    running = LoopbackSite(site, run_dir, nginx_dir)
    try:
        for port in site.replicas:
            wait_until(partial(answers, running.replica_url(port) + "_stcore/health"),
                       f"replica {port}", [supervisor, nginx])
        wait_until(partial(answers, running.url + "_stcore/health"), "nginx",
                   [supervisor, nginx])
        yield running
    except BaseException as error:
        error.add_note(running.logs())
        raise
    finally:
        _stop(nginx)
        _stop(supervisor)
