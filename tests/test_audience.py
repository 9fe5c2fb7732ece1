"""Who sees what, decided from the server's configuration (``iro_metrics.ui.audience``):
``IRO_AUDIENCE`` without a secrets file, sign-in with one. A broken or partial configuration
gives everyone the public view and one log line naming the problem, never a secret's value."""

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import OpenPage, write_tiny_extract
from streamlit.runtime.secrets import secrets_singleton
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

from iro_metrics.present.disclosure import Audience
from iro_metrics.ui import audience
from iro_metrics.ui.audience import MANAGERS_NOT_A_LIST, Setup, decide

AUTH = {
    "redirect_uri": "https://dashboard.example/oauth2callback",
    "cookie_secret": "cookie-secret-value",
    "client_id": "client-id-value",
    "client_secret": "client-secret-value",
    "server_metadata_url": "https://login.example/.well-known/openid-configuration",
}
SECRET_VALUES = ("cookie-secret-value", "client-id-value", "client-secret-value")
MANAGER = "Boss@Council.example"
SIGNED_IN = {"is_logged_in": True, "email": MANAGER.lower()}


def toml(section: str, values: dict[str, object]) -> str:
    """One TOML section of text and lists of text (written as JSON, which TOML reads alike)."""
    lines = [f"[{section}]", *(f"{key} = {json.dumps(value)}" for key, value in values.items())]
    return "\n".join(lines) + "\n"


AUTH_TOML = toml("auth", AUTH)
MANAGERS_TOML = toml("iro", {"managers": [MANAGER]})


@pytest.fixture(autouse=True)
def fresh_log() -> Iterator[None]:
    """Each test sees the problems logged afresh (they are logged once per process)."""
    audience._log_once.cache_clear()
    yield
    audience._log_once.cache_clear()


@pytest.fixture
def secrets_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The one secrets file Streamlit looks for (not written yet: no secrets file until a test
    writes it). Streamlit keeps parsed secrets for the process, so they are forgotten before and
    after; no file watcher is started on the temporary file."""
    path = tmp_path / "project" / ".streamlit" / "secrets.toml"
    path.parent.mkdir(parents=True)
    monkeypatch.setattr(secrets_singleton, "_file_watchers_installed", True)
    with patch_config_options({"secrets.files": [str(path)]}):
        secrets_singleton._reset()
        yield path
        secrets_singleton._reset()


@pytest.fixture
def log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.WARNING, logger="iro_dashboard.audience")
    return caplog


def open_app(open_page: OpenPage, tmp_path: Path, *, variable: str = "manager",
             user: dict[str, object] | None = None) -> AppTest:
    """The overview of a small extract with ``IRO_AUDIENCE=variable``."""
    at = open_page(data_dir=write_tiny_extract(tmp_path / "tiny"), audience=variable, user=user)
    assert not at.exception, [e.value for e in at.exception]
    return at


def view(at: AppTest) -> Audience:
    """The view the sidebar says is shown."""
    notes = [caption.value for caption in at.sidebar.caption]
    if "Manager view: exact figures and action lists." in notes:
        return Audience.MANAGER
    assert any(note.startswith("Public view:") for note in notes), notes
    return Audience.PUBLIC


def logged(log: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in log.records
            if record.name == "iro_dashboard.audience"]


# --- the whole app under AppTest ------------------------------------------------------------


@pytest.mark.parametrize(("content", "problem"), [
    ('[auth\nredirect_uri = "x"\n', "cannot be read (not valid TOML at line 1, column 6)"),
    (toml("authentication", AUTH) + MANAGERS_TOML,
     "no [auth] section (found [authentication], [iro])"),
    (toml("Auth", AUTH) + MANAGERS_TOML, "no [auth] section (found [Auth], [iro])"),
    ('managers = ["boss@council.example"]\n', "no [auth] section (found managers outside any "
                                              "section)"),
    ("[database]\npassword = \"x\"\n", "IRO_AUDIENCE='manager' is ignored because a secrets "
                                       "file exists"),
])
def test_broken_or_partial_secrets_give_the_public_view(
        open_page: OpenPage, tmp_path: Path, secrets_file: Path, log: pytest.LogCaptureFixture,
        content: str, problem: str) -> None:
    secrets_file.write_text(content, encoding="utf-8")
    at = open_app(open_page, tmp_path, user=SIGNED_IN)
    assert view(at) is Audience.PUBLIC
    assert not at.sidebar.button, "no sign-in button without a complete [auth] section"
    assert any(problem in line for line in logged(log)), logged(log)
    assert not any(value in log.text for value in SECRET_VALUES)


@pytest.mark.parametrize(("missing", "problem"), [
    ("client_secret", "[auth] client_secret missing or empty"),
    ("redirect_uri", "[auth] redirect_uri missing or empty"),
])
def test_incomplete_auth_gives_even_a_listed_manager_the_public_view(
        open_page: OpenPage, tmp_path: Path, secrets_file: Path, log: pytest.LogCaptureFixture,
        missing: str, problem: str) -> None:
    partial = {key: value for key, value in AUTH.items() if key != missing}
    secrets_file.write_text(toml("auth", partial) + MANAGERS_TOML, encoding="utf-8")
    at = open_app(open_page, tmp_path, user=SIGNED_IN)
    assert view(at) is Audience.PUBLIC
    assert any(problem in line for line in logged(log)), logged(log)
    assert not any(value in log.text for value in SECRET_VALUES)


def test_managers_as_one_text_is_refused(open_page: OpenPage, tmp_path: Path,
                                          secrets_file: Path,
                                          log: pytest.LogCaptureFixture) -> None:
    secrets_file.write_text(AUTH_TOML + f'[iro]\nmanagers = "{MANAGER}"\n', encoding="utf-8")
    at = open_app(open_page, tmp_path, user=SIGNED_IN)
    assert view(at) is Audience.PUBLIC
    assert any(MANAGERS_NOT_A_LIST in line for line in logged(log)), logged(log)


def test_sign_in_decides_with_a_complete_configuration(open_page: OpenPage, tmp_path: Path,
                                                       secrets_file: Path,
                                                       log: pytest.LogCaptureFixture) -> None:
    secrets_file.write_text(AUTH_TOML + MANAGERS_TOML, encoding="utf-8")
    assert view(open_app(open_page, tmp_path, variable="public", user=SIGNED_IN)) is \
        Audience.MANAGER
    other = {"is_logged_in": True, "email": "councillor@council.example"}
    assert view(open_app(open_page, tmp_path, variable="public", user=other)) is Audience.PUBLIC
    signed_out = open_app(open_page, tmp_path, variable="public", user={})
    assert view(signed_out) is Audience.PUBLIC
    assert [b.label for b in signed_out.sidebar.button] == ["Sign in (council staff)"]
    assert not logged(log)


@pytest.mark.parametrize(("variable", "expected"), [
    (" Manager ", Audience.MANAGER), ("public", Audience.PUBLIC), ("", Audience.PUBLIC),
    ("admin", Audience.PUBLIC),
])
def test_without_a_secrets_file_the_variable_decides(
        open_page: OpenPage, tmp_path: Path, secrets_file: Path, log: pytest.LogCaptureFixture,
        variable: str, expected: Audience) -> None:
    assert view(open_app(open_page, tmp_path, variable=variable)) is expected
    problems = ["Audience configuration: IRO_AUDIENCE='admin' is neither 'manager' nor "
                "'public': everyone sees the public view."] if variable == "admin" else []
    assert logged(log) == problems


def test_each_problem_is_logged_once(open_page: OpenPage, tmp_path: Path, secrets_file: Path,
                                     log: pytest.LogCaptureFixture) -> None:
    secrets_file.write_text(toml("Auth", AUTH), encoding="utf-8")
    at = open_app(open_page, tmp_path)
    at.run()
    open_app(open_page, tmp_path)
    assert len(logged(log)) == 2  # the missing [auth], and IRO_AUDIENCE ignored


# --- the rules ------------------------------------------------------------------------------


def test_the_default_provider_may_have_its_own_section() -> None:
    provider = {key: AUTH[key] for key in ("client_id", "client_secret", "server_metadata_url")}
    secrets = {"auth": {"redirect_uri": AUTH["redirect_uri"],
                        "cookie_secret": AUTH["cookie_secret"], "default": provider},
               "iro": {"managers": [MANAGER]}}
    assert decide(secrets, None) == Setup(sign_in=True, managers=frozenset({MANAGER.lower()}))


@pytest.mark.parametrize(("auth", "problem"), [
    ({**AUTH, "client_id": " "}, "[auth] client_id missing or empty"),
    ({**AUTH, "redirect_uri": "https://dashboard.example/"},
     "[auth] redirect_uri must end with /oauth2callback"),
    ({"redirect_uri": AUTH["redirect_uri"], "cookie_secret": "x",
      "microsoft": {"client_id": "a", "client_secret": "b", "server_metadata_url": "c"}},
     "[auth] client_id, [auth] client_secret, [auth] server_metadata_url missing or empty"),
    ({**AUTH, "default": {"client_id": "a"}},
     "[auth.default] client_secret, [auth.default] server_metadata_url missing or empty"),
])
def test_incomplete_auth_sections(auth: dict, problem: str) -> None:
    setup = decide({"auth": auth, "iro": {"managers": [MANAGER]}}, None)
    assert not setup.sign_in and setup.others is Audience.PUBLIC
    assert len(setup.problems) == 1 and problem in setup.problems[0]


@pytest.mark.parametrize(("iro", "managers", "problems"), [
    ({}, set(), ["no managers are listed in [iro] managers"]),
    ({"managers": []}, set(), ["no managers are listed in [iro] managers"]),
    ({"managers": MANAGER}, set(), [MANAGERS_NOT_A_LIST]),
    ({"managers": [MANAGER, "nobody", 42]}, {MANAGER.lower()},
     ["[iro] managers entry 2 is not an e-mail address",
      "[iro] managers entry 3 is not an e-mail address"]),
])
def test_the_allow_list(iro: dict, managers: set[str], problems: list[str]) -> None:
    setup = decide({"auth": AUTH, "iro": iro}, None)
    assert setup.sign_in and setup.managers == managers
    assert len(setup.problems) == len(problems)
    assert all(found.startswith(expected)
               for found, expected in zip(setup.problems, problems, strict=True))


def test_secrets_unrelated_to_sign_in_give_the_public_view_quietly() -> None:
    assert decide({"database": {"password": "x"}}, "public") == Setup()
    assert decide({"database": {"password": "x"}}, None) == Setup()
