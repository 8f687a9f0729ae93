"""Small shared pieces of the pages Kwesties, Stemmen and Uitslag (login, errors, labels)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from transitieatlas import auth
from transitieatlas.errors import TransitieatlasError
from transitieatlas.geledingen import GELEDINGEN, LABELS

FLASH_KEY = "voting_flash"
USER_KEY = "user"
"""``st.session_state[USER_KEY]``: the logged-in :class:`transitieatlas.auth.UserInfo`."""


def current_user() -> auth.UserInfo | None:
    """The logged-in user, or ``None`` for a public visitor."""
    user = st.session_state.get(USER_KEY)
    return user if isinstance(user, auth.UserInfo) else None


def is_chair() -> bool:
    """True when the visitor may act as presidium/chair (role editor or higher)."""
    return auth.has_role(current_user(), "editor")


def login_box(key: str) -> auth.UserInfo | None:
    """Sidebar login for the presidium; returns the current user."""
    user = current_user()
    with st.sidebar:
        if user is not None:
            st.caption(f"Ingelogd als {user.name} ({auth.ROLE_LABELS[user.role]})")
            if st.button("Uitloggen", key=f"{key}_logout"):
                st.session_state.pop(USER_KEY, None)
                st.rerun()
            return user
        with st.expander("Inloggen (presidium)"), st.form(f"{key}_login"):
            name = st.text_input("Naam")
            password = st.text_input("Wachtwoord", type="password")
            if st.form_submit_button("Inloggen"):
                found = auth.authenticate(name, password)
                if found is None:
                    st.error("Naam of wachtwoord klopt niet.")
                else:
                    st.session_state[USER_KEY] = found
                    st.rerun()
    return None


def attempt(action: Callable[[], Any], success: str = "") -> tuple[bool, Any]:
    """Run ``action``; show its Dutch error instead of a traceback.

    Returns ``(True, value)`` on success, after which ``success`` is shown once (also after
    an ``st.rerun()``), or ``(False, None)`` when the action was refused.
    """
    try:
        value = action()
    except TransitieatlasError as err:
        st.error(str(err).replace("\n- ", "\n\n- "))
        return False, None
    if success:
        st.session_state[FLASH_KEY] = success
    return True, value


def show_flash() -> None:
    """Show (once) the success message of the last action."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message)


def clear_keys(prefix: str) -> None:
    """Forget the widget values whose key starts with ``prefix`` (an empty ballot again)."""
    for key in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[key]


def geleding_select(label: str, key: str) -> str:
    """A select box over the five geledingen with their Dutch labels."""
    return st.selectbox(label, GELEDINGEN, format_func=LABELS.get, key=key)
