"""Who is looking: the public scrutiny view, or a manager who sees exact figures and action lists.

With sign-in configured (an ``[auth]`` section in ``.streamlit/secrets.toml``, OpenID Connect
through ``st.login``), managers are exactly the signed-in users whose e-mail is on the allow-list
``[iro] managers`` in the secrets; everyone else, signed in or not, sees the public view. Without
``[auth]``, the server's ``IRO_AUDIENCE`` environment variable decides for everyone (``manager``
for an analyst on their own machine) and it is ``public`` when unset. No widget a visitor can
touch changes the audience.
"""

import os
from collections.abc import Mapping

import streamlit as st

from iro_metrics.disclosure import Audience

AUDIENCE_VARIABLE = "IRO_AUDIENCE"


def _secrets() -> Mapping:
    """The secrets, or none when there is no secrets file or it cannot be parsed (Streamlit
    raises its own errors then): without secrets everyone gets the safe public view."""
    try:
        return dict(st.secrets)
    except Exception:
        return {}


def sign_in_configured() -> bool:
    """True when the secrets hold an ``[auth]`` section (OpenID Connect sign-in)."""
    return "auth" in _secrets()


def managers() -> frozenset[str]:
    """The allow-list of managers' e-mail addresses (lower case) from ``[iro] managers``."""
    listed = _secrets().get("iro", {}).get("managers", [])
    return frozenset(str(address).strip().lower() for address in listed)


def current_audience() -> Audience:
    """The audience of this session, decided on the server only."""
    if sign_in_configured():
        user = st.user
        if user.get("is_logged_in", False):
            email = str(user.get("email") or "").strip().lower()
            if email and email in managers():
                return Audience.MANAGER
        return Audience.PUBLIC
    wanted = os.environ.get(AUDIENCE_VARIABLE, "").strip().lower()
    return Audience.MANAGER if wanted == Audience.MANAGER else Audience.PUBLIC


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
