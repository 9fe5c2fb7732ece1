"""Render the deployment's templates (``deploy/templates``) for one site: the nginx site, the
systemd template unit of the replicas and the settings they share. The deployment test and the
load test render the same files for loopback, so what they run is what a council installs.

    python -m deploy.render --server-name dashboard.council.gov.uk --replicas 8501 8502 --out DIR

(``docs/deploy.md``). Placeholders are written ``{{name}}`` (nginx's own variables are ``$name``);
rendering refuses a template that names a value it does not have.
"""

import argparse
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"
NGINX_SITE = "iro-dashboard.nginx.conf"
UNIT = "iro-dashboard@.service"
REPLICA_ENV = "replica.env"
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
COOKIE = "iro_replica"
"""The cookie nginx sets to keep a browser on its replica."""


@dataclass(frozen=True)
class Site:
    """One deployment: the public name and ports, the replicas' loopback ports, where the code,
    settings, data and certificate live, and the service's user and memory ceiling.

    ``contact`` is how the public reaches the service (the accessibility statement's line is
    left out without it). ``address`` is where nginx listens: every address when empty (a
    server), or one address (``127.0.0.1`` for the loopback test)."""

    server_name: str
    replicas: tuple[int, ...]
    app_dir: Path = Path("/opt/iro-dashboard")
    config_dir: Path = Path("/etc/iro-dashboard")
    data_dir: Path = Path("/srv/iro-dashboard/current")
    state_dir: Path = Path("/var/lib/iro-dashboard")
    certificate: Path = Path("/etc/ssl/certs/ssl-cert-snakeoil.pem")
    certificate_key: Path = Path("/etc/ssl/private/ssl-cert-snakeoil.key")
    address: str = ""
    https_port: int = 443
    http_port: int = 80
    base_path: str = "iro"
    user: str = "iro-dashboard"
    memory_high: str = "768M"
    memory_max: str = "1G"
    contact: str = ""
    cookie_secret: str = field(default_factory=lambda: secrets.token_urlsafe(48), repr=False)

    @property
    def origin(self) -> str:
        """The dashboard's origin as browsers send it (the port only when not 443)."""
        port = "" if self.https_port == 443 else f":{self.https_port}"
        return f"https://{self.server_name}{port}"

    @property
    def public_url(self) -> str:
        """The dashboard's public address, ending in ``/``."""
        return f"{self.origin}/{self.base_path}/"


def _listen(site: Site, port: int, ssl: bool) -> str:
    suffix = " ssl;" if ssl else ";"
    if site.address:
        return f"    listen {site.address}:{port}{suffix}"
    return f"    listen {port}{suffix}\n    listen [::]:{port}{suffix}"


def values(site: Site) -> dict[str, str]:
    """Every placeholder's value for ``site``."""
    return {
        "server_name": site.server_name,
        "base_path": site.base_path,
        "cookie": COOKIE,
        "replica_count": str(len(site.replicas)),
        "upstream_servers": "\n".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;"
                                      for port in site.replicas),
        "instances": " ".join(f"iro-dashboard@{port}" for port in site.replicas),
        "http_listen": _listen(site, site.http_port, ssl=False),
        "https_listen": _listen(site, site.https_port, ssl=True),
        "https_port_suffix": "" if site.https_port == 443 else f":{site.https_port}",
        "certificate": str(site.certificate),
        "certificate_key": str(site.certificate_key),
        "app_dir": str(site.app_dir),
        "config_dir": str(site.config_dir),
        "data_dir": str(site.data_dir),
        "state_dir": str(site.state_dir),
        "user": site.user,
        "memory_high": site.memory_high,
        "memory_max": site.memory_max,
        "contact": site.contact,
        "cookie_secret": site.cookie_secret,
        "origin": site.origin,
        "public_url": site.public_url,
    }


def render_text(template: str, known: dict[str, str]) -> str:
    """``template`` with every ``{{name}}`` replaced; a name without a value is an error."""
    missing = sorted(set(PLACEHOLDER.findall(template)) - set(known))
    if missing:
        raise KeyError(f"no value for {', '.join(missing)}")
    return PLACEHOLDER.sub(lambda found: known[found.group(1)], template)


def render(site: Site, out: Path) -> dict[str, Path]:
    """Write the three rendered files into ``out`` (the settings readable by their owner only,
    as they hold the cookie secret); returns them by template name."""
    out.mkdir(parents=True, exist_ok=True)
    known = values(site)
    written = {}
    for name in (NGINX_SITE, UNIT, REPLICA_ENV):
        target = out / name
        target.write_text(render_text((TEMPLATES / name).read_text(encoding="utf-8"), known),
                          encoding="utf-8")
        written[name] = target
    written[REPLICA_ENV].chmod(0o600)
    return written


def main(argv: list[str] | None = None) -> int:
    """The command line: render the templates for one site into ``--out``."""
    parser = argparse.ArgumentParser(prog="python -m deploy.render", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server-name", required=True, help="the public host name")
    parser.add_argument("--replicas", type=int, nargs="+", default=[8501, 8502],
                        help="the replicas' loopback ports (one replica per core)")
    parser.add_argument("--out", type=Path, required=True, help="where to write the files")
    defaults = Site(server_name="", replicas=())
    for option in ("app_dir", "config_dir", "data_dir", "state_dir", "certificate",
                   "certificate_key"):
        parser.add_argument(f"--{option.replace('_', '-')}", type=Path,
                            default=getattr(defaults, option),
                            help=f"default {getattr(defaults, option)}")
    for option in ("user", "memory_high", "memory_max", "contact"):
        parser.add_argument(f"--{option.replace('_', '-')}", default=getattr(defaults, option),
                            help=f"default {getattr(defaults, option)}")
    chosen = vars(parser.parse_args(argv))
    out = chosen.pop("out")
    site = Site(**{**chosen, "replicas": tuple(chosen["replicas"])})
    for path in render(site, out).values():
        print(path)
    print(f"public address: {site.public_url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
