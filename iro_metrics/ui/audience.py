"""Who is looking: the public scrutiny view, or a manager who sees exact figures and action lists.

The audience is decided on the server only, on every run, and it fails closed: anything wrong
or unclear in the server's configuration gives the public view, with one log line per problem
(logger ``iro_dashboard.audience``, once per process, naming keys but never a secret's value).

* No secrets file at all (``secrets.files`` in Streamlit's configuration: ``.streamlit/
  secrets.toml`` under the current directory, beside ``app.py`` or in the home directory):
  ``IRO_AUDIENCE`` decides for everyone, ``manager`` or ``public`` (case and surrounding spaces
  do not matter); unset or empty is public; any other value is public and logged. This is the
  analyst's own machine.
* A secrets file that exists but cannot be read or parsed: public for everyone.
* A readable secrets file: ``IRO_AUDIENCE`` is ignored (logged when it asks for more than the
  public view). Sign-in decides, and it needs a complete ``[auth]`` section, as ``st.login()``
  (the default provider) does: ``redirect_uri`` (ending in ``/oauth2callback``) and
  ``cookie_secret`` in ``[auth]``, and ``client_id``, ``client_secret`` and
  ``server_metadata_url`` in ``[auth]`` or ``[auth.default]``, each non-empty text. Without
  ``[auth]`` everyone sees the public view; it is logged when the secrets show that sign-in was
  meant (a section named like auth in another case or spelling, sign-in keys outside any section,
  a ``managers`` list, an ``[iro]`` section). With ``[auth]`` incomplete the same, always logged.
* With sign-in working, managers are exactly the signed-in users whose e-mail is on the
  allow-list ``[iro] managers`` (compared without regard to case); everyone else, signed in or
  not, sees the public view. The allow-list must be a list: a single text is refused whole
  (nobody is a manager); an entry that is not an e-mail address is left out.
"""

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import streamlit as st
from streamlit import config

from iro_metrics.present.disclosure import Audience

AUDIENCE_VARIABLE = "IRO_AUDIENCE"
LOGIN_KEYS = ("redirect_uri", "cookie_secret")
"""What ``st.login`` needs in ``[auth]`` itself."""
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
"""What ``st.login`` needs of the default provider, in ``[auth]`` or ``[auth.default]``."""
CALLBACK = "/oauth2callback"
"""Where Streamlit receives the identity provider's answer: the end of every redirect_uri."""
AUTH_LOOKALIKE = re.compile(r"auth|oauth|oidc|openid|login|signin|sso")
"""A secrets key (lower case, letters only) that looks meant as ``[auth]``."""
MANAGERS_NOT_A_LIST = "[iro] managers must be a list of e-mail addresses"
NOBODY_SIGNS_IN = "nobody can sign in and everyone sees the public view"
NO_MANAGER = "everyone, signed in or not, sees the public view"

_log = logging.getLogger("iro_dashboard.audience")


@dataclass(frozen=True)
class Setup:
    """How this server decides the audience.

    ``sign_in``: ``st.login`` can work, so the sign-in controls are drawn and a signed-in user
    on ``managers`` (lower-case e-mail addresses) is a manager. ``others``: the audience of
    everyone else. ``problems``: what is wrong with the configuration, one line each, for the log.
    """

    sign_in: bool = False
    managers: frozenset[str] = frozenset()
    others: Audience = Audience.PUBLIC
    problems: tuple[str, ...] = ()


class UnreadableSecrets(Exception):
    """A secrets file exists but cannot be read or parsed; the message says which and where."""


def read_secrets() -> Mapping[str, Any] | None:
    """The secrets as plain dictionaries, or None when there is no secrets file at all.

    Raises :class:`UnreadableSecrets` when a secrets file exists but cannot be read (Streamlit
    reports a missing file and a broken one with the same exception, so the files are looked
    for here). Only the position of a TOML error is kept: its message can quote the file.
    """
    try:
        return st.secrets.to_dict()
    except (OSError, ValueError) as error:
        present = [path for path in config.get_option("secrets.files") if os.path.exists(path)]
        if not present:
            return None
        position = re.search(r"line \d+, column \d+", str(error))
        reason = f"not valid TOML at {position.group()}" if position else type(error).__name__
        raise UnreadableSecrets(f"the secrets file {', '.join(present)} cannot be read "
                                f"({reason}): {NOBODY_SIGNS_IN}") from None


def from_variable(value: str | None) -> Setup:
    """Without a secrets file, ``IRO_AUDIENCE`` decides for everyone; a value that is neither
    ``manager`` nor ``public`` is refused rather than guessed at."""
    wanted = (value or "").strip().lower()
    if not wanted:
        return Setup()
    if wanted in {audience.value for audience in Audience}:
        return Setup(others=Audience(wanted))
    return Setup(problems=(f"{AUDIENCE_VARIABLE}={value!r} is neither 'manager' nor 'public': "
                           "everyone sees the public view",))


def ignored_variable(value: str | None) -> tuple[str, ...]:
    """With a secrets file, a note that ``IRO_AUDIENCE`` is ignored when it asks for more than
    the public view (someone expects it to work)."""
    if (value or "").strip().lower() in ("", Audience.PUBLIC):
        return ()
    return (f"{AUDIENCE_VARIABLE}={value!r} is ignored because a secrets file exists: only "
            "sign-in makes a manager",)


def _section(mapping: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """``mapping[key]`` when it is a section (a TOML table), else an empty one."""
    value = mapping.get(key)
    return value if isinstance(value, Mapping) else {}


def _is_text(value: object) -> bool:
    """Non-empty text, as every sign-in setting must be (Streamlit skips an empty one)."""
    return isinstance(value, str) and bool(value.strip())


def _sign_in_hints(secrets: Mapping[str, Any]) -> list[str]:
    """What in secrets without ``[auth]`` shows that sign-in was meant, as named in the log."""
    hints = [f"[{key}]" if isinstance(value, Mapping) else f"{key} outside any section"
             for key, value in secrets.items()
             if AUTH_LOOKALIKE.search(re.sub(r"[^a-z]", "", key.lower()))
             or key in (*LOGIN_KEYS, *PROVIDER_KEYS, "managers")]
    return [*hints, "[iro]"] if "iro" in secrets else hints


def missing_auth(secrets: Mapping[str, Any]) -> tuple[str, ...]:
    """Secrets without ``[auth]``: a problem when they show that sign-in was meant, none when
    they have nothing to do with it (a public-only site)."""
    hints = _sign_in_hints(secrets)
    if not hints:
        return ()
    return (f"the secrets have no [auth] section (found {', '.join(hints)}): {NOBODY_SIGNS_IN}",)


def auth_problems(auth: Mapping[str, Any]) -> tuple[str, ...]:
    """What in the ``[auth]`` section stops ``st.login()`` from signing anyone in; empty when it
    is complete."""
    provider, where = ((_section(auth, "default"), "[auth.default]") if "default" in auth
                       else (auth, "[auth]"))
    missing = [f"[auth] {key}" for key in LOGIN_KEYS if not _is_text(auth.get(key))]
    missing += [f"{where} {key}" for key in PROVIDER_KEYS if not _is_text(provider.get(key))]
    if missing:
        return (f"sign-in is not set up: {', '.join(missing)} missing or empty in the secrets: "
                f"{NOBODY_SIGNS_IN}",)
    if not auth["redirect_uri"].endswith(CALLBACK):
        return (f"[auth] redirect_uri must end with {CALLBACK}: {NOBODY_SIGNS_IN}",)
    return ()


def allow_list(secrets: Mapping[str, Any]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The managers' e-mail addresses (lower case) from ``[iro] managers``, and what is wrong
    with the list. A single text is refused whole rather than read as one address or split."""
    listed = _section(secrets, "iro").get("managers")
    if not listed:
        return frozenset(), (f"no managers are listed in [iro] managers: {NO_MANAGER}",)
    if not isinstance(listed, list):
        return frozenset(), (f"{MANAGERS_NOT_A_LIST}, e.g. managers = "
                             f"[\"name@council.gov.uk\"]: {NO_MANAGER}",)
    addresses = [entry.strip().lower() if isinstance(entry, str) else "" for entry in listed]
    problems = tuple(f"[iro] managers entry {number} is not an e-mail address and is left out"
                     for number, address in enumerate(addresses, start=1) if "@" not in address)
    return frozenset(address for address in addresses if "@" in address), problems


def decide(secrets: Mapping[str, Any] | None, variable: str | None) -> Setup:
    """The setup from the secrets (None: there is no secrets file) and ``IRO_AUDIENCE``."""
    if secrets is None:
        return from_variable(variable)
    ignored = ignored_variable(variable)
    if "auth" not in secrets:
        return Setup(problems=(*missing_auth(secrets), *ignored))
    problems = auth_problems(_section(secrets, "auth"))
    if problems:
        return Setup(problems=(*problems, *ignored))
    managers, problems = allow_list(secrets)
    return Setup(sign_in=True, managers=managers, problems=(*problems, *ignored))


@lru_cache(maxsize=64)
def _log_once(problem: str) -> None:
    """Log a configuration problem the first time it is seen in this process: the audience is
    decided on every run of every session, and the log must not repeat it each time (the
    memory of problems seen is bounded; one forgotten is logged again)."""
    _log.warning("Audience configuration: %s.", problem)


def server_setup() -> Setup:
    """This server's setup as configured now (secrets can change while it runs); each problem
    is logged once."""
    variable = os.environ.get(AUDIENCE_VARIABLE)
    try:
        setup = decide(read_secrets(), variable)
    except UnreadableSecrets as unreadable:
        setup = Setup(problems=(str(unreadable), *ignored_variable(variable)))
    for problem in setup.problems:
        _log_once(problem)
    return setup


def sign_in_configured() -> bool:
    """True when the secrets hold a complete ``[auth]`` section (OpenID Connect sign-in)."""
    return server_setup().sign_in


def _signed_in_email() -> str:
    """The signed-in user's e-mail address in lower case; empty when nobody is signed in."""
    if not st.user.get("is_logged_in", False):
        return ""
    return str(st.user.get("email") or "").strip().lower()


def current_audience() -> Audience:
    """The audience of this session, decided on the server only."""
    setup = server_setup()
    if setup.sign_in and _signed_in_email() in setup.managers:
        return Audience.MANAGER
    return setup.others


def sign_in_controls(audience: Audience) -> None:
    """Sidebar sign-in and sign-out buttons (only when sign-in is configured) and a note of the
    view being shown."""
    if sign_in_configured():
        if st.user.get("is_logged_in", False):
            st.sidebar.caption(f"Signed in as {st.user.get('email', 'unknown')}.")
            st.sidebar.button("Sign out", on_click=st.logout, key="sign-out")
        else:
            st.sidebar.button("Sign in (council staff)", on_click=st.login, key="sign-in")
    if audience is Audience.MANAGER:
        st.sidebar.caption("Manager view: exact figures and action lists.")
    else:
        st.sidebar.caption("Public view: counts from 1 to 5 are shown as c to protect children's "
                           "privacy.")
