"""The deployment's files as rendered (``deploy.render``) and the supervisor's reading of them
(``deploy.supervise``): what a council installs, checked line by line without starting anything
(``tests/test_deploy.py`` runs them)."""

import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from deploy.loopback import NGINX, self_signed
from deploy.render import NGINX_SITE, REPLICA_ENV, UNIT, Site, render, render_text
from deploy.supervise import failed, read_env_file

SITE = Site(server_name="dashboard.council.example", replicas=(8501, 8502),
            cookie_secret="s3cret")


@pytest.fixture
def rendered(tmp_path: Path) -> dict[str, str]:
    return {name: path.read_text(encoding="utf-8") for name, path in render(SITE, tmp_path).items()}


def lines(text: str) -> list[str]:
    """The lines of a configuration file that are not comments, spaces collapsed."""
    return [" ".join(line.split()) for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_nginx_balances_by_a_cookie_it_sets_never_by_address(rendered: dict[str, str]) -> None:
    site = lines(rendered[NGINX_SITE])
    assert "ip_hash;" not in site
    assert "hash $iro_route consistent;" in site
    assert site[site.index("map $cookie_iro_replica $iro_route {") + 1] == '"" $request_id;'
    assert ('"" "iro_replica=$request_id; Path=/iro/; Secure; HttpOnly; SameSite=Lax";'
            in site)
    assert "add_header Set-Cookie $iro_route_cookie always;" in site
    assert [line for line in site if line.startswith("server 127.")] == [
        "server 127.0.0.1:8501 max_fails=1 fail_timeout=5s;",
        "server 127.0.0.1:8502 max_fails=1 fail_timeout=5s;"]


def test_nginx_terminates_tls_and_forwards_websockets_under_the_base_path(
        rendered: dict[str, str]) -> None:
    site = lines(rendered[NGINX_SITE])
    assert site.count("listen 443 ssl;") == 1 and "listen [::]:443 ssl;" in site
    assert "return 301 https://$host$request_uri;" in site
    assert "ssl_certificate /etc/ssl/certs/ssl-cert-snakeoil.pem;" in site
    assert "location /iro/ {" in site
    for line in ("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
                 "proxy_set_header Connection $iro_connection;",
                 "proxy_set_header X-Forwarded-Proto $scheme;", "proxy_read_timeout 1h;"):
        assert line in site


def test_the_unit_restarts_on_failure_under_a_memory_ceiling(rendered: dict[str, str]) -> None:
    unit = lines(rendered[UNIT])
    for line in ("EnvironmentFile=/etc/iro-dashboard/replica.env",
                 "ExecStart=/opt/iro-dashboard/deploy/replica.sh %i", "Restart=on-failure",
                 "MemoryMax=1G", "MemoryHigh=768M", "StateDirectory=iro-dashboard",
                 "User=iro-dashboard"):
        assert line in unit
    assert "systemctl enable --now iro-dashboard@8501 iro-dashboard@8502" in rendered[UNIT]


def test_every_replica_shares_the_settings_of_the_public_address(rendered: dict[str, str],
                                                                  tmp_path: Path) -> None:
    settings = read_env_file(tmp_path / REPLICA_ENV)
    assert settings == {
        "IRO_DATA_DIR": "/srv/iro-dashboard/current",
        "IRO_STATE_DIR": "/var/lib/iro-dashboard",
        "STREAMLIT_SERVER_COOKIE_SECRET": "s3cret",
        "STREAMLIT_SERVER_ADDRESS": "127.0.0.1",
        "STREAMLIT_SERVER_BASE_URL_PATH": "iro",
        "STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION": "true",
        "STREAMLIT_SERVER_ENABLE_CORS": "true",
        "STREAMLIT_SERVER_CORS_ALLOWED_ORIGINS": "https://dashboard.council.example",
        "STREAMLIT_SERVER_ALLOWED_HOSTS": "dashboard.council.example",
        "STREAMLIT_SERVER_HEADLESS": "true",
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "MALLOC_ARENA_MAX": "2",
        "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": "120",
        "IRO_CONTACT": "",
        "STREAMLIT_SECRETS_FILES": "/etc/iro-dashboard/secrets.toml",
    }
    assert "https://dashboard.council.example/iro/oauth2callback" in rendered[REPLICA_ENV]
    assert (tmp_path / REPLICA_ENV).stat().st_mode & 0o777 == 0o600


def test_the_services_contact_details_reach_every_replica(tmp_path: Path) -> None:
    site = Site(server_name="dashboard.council.example", replicas=(8501,), cookie_secret="x",
                contact="iro.service@council.example")
    render(site, tmp_path)
    assert read_env_file(tmp_path / REPLICA_ENV)["IRO_CONTACT"] == "iro.service@council.example"


def test_a_loopback_site_listens_on_one_address_and_names_its_port(tmp_path: Path) -> None:
    site = Site(server_name="localhost", replicas=(9001,), address="127.0.0.1",
                https_port=8443, http_port=8080, cookie_secret="x")
    nginx = lines(render(site, tmp_path)[NGINX_SITE].read_text(encoding="utf-8"))
    assert [line for line in nginx if line.startswith("listen")] == [
        "listen 127.0.0.1:8080;", "listen 127.0.0.1:8443 ssl;"]
    assert "return 301 https://$host:8443$request_uri;" in nginx
    assert site.public_url == "https://localhost:8443/iro/"


def test_a_template_naming_an_unknown_value_is_refused() -> None:
    assert render_text("listen {{port}};", {"port": "443"}) == "listen 443;"
    with pytest.raises(KeyError, match="no value for nmae"):
        render_text("server_name {{nmae}};", {"name": "x"})


def test_the_supervisor_reads_an_environment_file_as_systemd_does(tmp_path: Path) -> None:
    file = tmp_path / "replica.env"
    file.write_text('# comment\n\nA=1\n  B = "two words"\nC=\'x\'\nD=a=b\n', encoding="utf-8")
    assert read_env_file(file) == {"A": "1", "B": "two words", "C": "x", "D": "a=b"}


@pytest.mark.parametrize(("returncode", "restarted"), [
    (0, False), (1, True), (-signal.SIGKILL, True), (-signal.SIGSEGV, True),
    (-signal.SIGTERM, False), (-signal.SIGINT, False), (-signal.SIGHUP, False)])
def test_restart_on_failure_as_systemd_defines_it(returncode: int, restarted: bool) -> None:
    assert failed(returncode) is restarted


def test_the_site_passes_nginx_inside_debians_own_configuration(tmp_path: Path) -> None:
    """The site as installed: in a copy of Debian's /etc/nginx with only it enabled, and a
    self-signed certificate in place of the snakeoil one."""
    debian = tmp_path / "nginx"
    shutil.copytree("/etc/nginx", debian, symlinks=True)
    for enabled in (debian / "sites-enabled").iterdir():
        enabled.unlink()
    main = debian / "nginx.conf"
    main.write_text(main.read_text(encoding="utf-8").replace("/etc/nginx/", f"{debian}/"),
                    encoding="utf-8")
    certificate, key = self_signed(tmp_path)
    site = Site(server_name="dashboard.council.example", replicas=(8501, 8502),
                certificate=certificate, certificate_key=key)
    shutil.copy(render(site, tmp_path / "rendered")[NGINX_SITE],
                debian / "sites-enabled" / "iro-dashboard")
    checked = subprocess.run([str(NGINX), "-t", "-e", str(tmp_path / "error.log"), "-c", str(main)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr
