"""Small shared pieces of the pages Kwesties, Stemmen and Uitslag (login, errors, labels)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import streamlit as st

from transitieatlas.accounts import auth
from transitieatlas.errors import TransitieatlasError
from transitieatlas.geledingen import GELEDINGEN, LABELS

FLASH_KEY = "voting_flash"
USER_KEY = "user"
"""``st.session_state[USER_KEY]``: the logged-in :class:`transitieatlas.accounts.auth.UserInfo`."""
SHARED_USER_KEYS = (USER_KEY, "actor_user")
"""Keys under which a login is kept; ``actor_user`` is the Transitiekaart pages' login, so
one login serves the whole app."""
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object) -> str:
    """``text`` typed by a user, escaped so that Streamlit markdown shows it literally.

    Kwestie titles, round titles and item names never become links, HTML or formulas.
    """
    return MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def current_user() -> auth.UserInfo | None:
    """The logged-in user (from any of the app's login boxes), or ``None`` for the public."""
    for key in SHARED_USER_KEYS:
        user = st.session_state.get(key)
        if isinstance(user, auth.UserInfo):
            return user
    return None


def is_chair() -> bool:
    """True when the visitor may act as presidium/chair (role editor or higher)."""
    return auth.has_role(current_user(), "editor")


def login_box(key: str) -> auth.UserInfo | None:
    """Sidebar login for the presidium; returns the current user."""
    user = current_user()
    with st.sidebar:
        if user is not None:
            st.caption(f"Ingelogd als {md(user.name)} ({auth.ROLE_LABELS[user.role]})")
            if st.button("Uitloggen", key=f"{key}_logout"):
                for shared in SHARED_USER_KEYS:
                    st.session_state.pop(shared, None)
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
                    for shared in SHARED_USER_KEYS:
                        st.session_state[shared] = found
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
        first, *rest = str(err).splitlines() or [""]
        bullets = [f"- {md(line[2:])}" for line in rest if line.startswith("- ")]
        st.error("\n".join([md(first), "", *bullets]))
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
    return str(st.selectbox(label, list(GELEDINGEN), format_func=lambda g: LABELS[g], key=key))
