"""The Streamlit pieces every page shares: login, error runner, flash messages, choosers.

One login for the whole app: the account is kept under :data:`USER_KEY` and re-read from
the database on every rerun (:func:`current_user`), so logging out anywhere logs out
everywhere, and a blocked or demoted account loses its rights at the next click.

User- and file-supplied text is shown literally: through :func:`md` in markdown-rendering
elements (headings, ``st.success``, captions), or with ``st.text``/dataframes. Only widgets
and session state live here; the logic is in the domain packages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
import streamlit as st

from transitieatlas.accounts import auth
from transitieatlas.accounts.auth import UserInfo
from transitieatlas.actors import model as actor_model
from transitieatlas.actors import repo as actor_repo
from transitieatlas.actors.records import ActorRecord
from transitieatlas.areas import catalog
from transitieatlas.errors import TransitieatlasError
from transitieatlas.geledingen import GELEDINGEN, LABELS
from transitieatlas.pages._store import get_store
from transitieatlas.text import escape_markdown

USER_KEY = "user"
"""``st.session_state[USER_KEY]``: the :class:`UserInfo` that logged in (re-read each rerun)."""
FLASH_KEY = "flash"
OTHER_KIND = "anders, namelijk…"


WORD_JOINER = "\u2060"
"""Invisible, zero-width: put inside ``://``, ``www.`` and ``@`` so Streamlit's markdown
(GitHub's autolink-literal rule works on the text *after* escapes) links no bare URL."""
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)


def md(text: object) -> str:
    """``text`` typed by a user or read from a file, escaped so markdown shows it literally.

    Names never become links (also no bare ``https://…``, ``www.…`` or e-mail addresses),
    images, HTML, maths or formulas in headings and messages.
    """
    plain = "" if text is None else str(text)
    return escape_markdown(_AUTOLINK.sub(WORD_JOINER, plain))


# --- the one login ------------------------------------------------------------------------


def current_user() -> UserInfo | None:
    """The logged-in account as it is in the database now, or ``None`` for the public.

    A blocked, deleted or unknown account is logged out here, on the next rerun.
    """
    kept = st.session_state.get(USER_KEY)
    if not isinstance(kept, UserInfo):
        return None
    fresh = auth.refresh(kept)
    if fresh is None:
        st.session_state.pop(USER_KEY, None)
        return None
    if fresh != kept:
        st.session_state[USER_KEY] = fresh
    return fresh


def is_chair() -> bool:
    """True when the visitor may act as presidium/chair/editor (role editor or higher)."""
    return auth.has_role(current_user(), "editor")


def client_address() -> str:
    """The browser's address as Streamlit sees it (for the per-client login limit)."""
    try:
        return str(st.context.ip_address or "")
    except AttributeError:  # older Streamlit without st.context.ip_address
        return ""


def login_box() -> UserInfo | None:
    """The sidebar login/logout, the same on every page; returns the current user."""
    user = current_user()
    with st.sidebar:
        if user is not None:
            st.caption(f"Ingelogd als {md(user.name)} ({auth.ROLE_LABELS[user.role]})")
            if st.button("Uitloggen", key="logout"):
                st.session_state.pop(USER_KEY, None)
                st.rerun()
            return user
        with st.expander("Inloggen (presidium en redactie)"), st.form("login"):
            name = st.text_input("Naam", key="login_name")
            password = st.text_input("Wachtwoord", type="password", key="login_pw")
            if st.form_submit_button("Inloggen"):
                ok, found = attempt(
                    lambda: auth.authenticate(name, password, client=client_address())
                )
                if ok and found is None:
                    st.error("Naam of wachtwoord klopt niet (of het account is geblokkeerd).")
                elif ok:
                    st.session_state[USER_KEY] = found
                    st.rerun()
    return None


# --- errors and messages ------------------------------------------------------------------


def show_error(err: Exception) -> None:
    """A Dutch error whose user text is shown literally: first line, then its bullet list."""
    first, *rest = str(err).splitlines() or [""]
    lines = [f"- {md(line[2:])}" if line.startswith("- ") else md(line) for line in rest]
    st.error("\n".join([md(first), "", *lines]) if lines else md(first))


def attempt(action: Callable[[], Any], success: str = "") -> tuple[bool, Any]:
    """Run ``action``; show its Dutch error (or an actor conflict) instead of a traceback.

    Returns ``(True, value)`` on success, after which ``success`` (already escaped by the
    caller where it holds user text) is shown once, also after an ``st.rerun()``; or
    ``(False, None)`` when the action was refused.
    """
    try:
        value = action()
    except actor_repo.ActorConflict as conflict:
        show_conflict(conflict)
        return False, None
    except TransitieatlasError as err:
        show_error(err)
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
    """Forget the widget values whose key starts with ``prefix`` (an empty form again)."""
    for key in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[key]


# --- choosers -----------------------------------------------------------------------------


def geleding_select(label: str, key: str) -> str:
    """A select box over the five geledingen with their Dutch labels."""
    return str(st.selectbox(label, list(GELEDINGEN), format_func=lambda g: LABELS[g], key=key))


def choose_gemeente(
    options: pd.DataFrame, key: str, where: Any = st, extra: Iterable[str] = ()
) -> str | None:
    """Selectbox "Gemeente" over ``options`` (from :func:`catalog.gemeenten`) plus ``extra`` codes.

    Shown as "Naam (GMxxxx)", opening on Leeuwarden (else the gemeente with the most buurten);
    ``where`` is the container (``st``, ``st.sidebar`` or a column). None when there is nothing.
    """
    labels = dict(zip(options["code"], options["name"] + " (" + options["code"] + ")", strict=True))
    for code in extra:
        labels.setdefault(code, code)
    codes = list(labels)
    if not codes:
        return None
    default = catalog.default_gemeente(options) or codes[0]
    return where.selectbox(
        "Gemeente",
        codes,
        index=codes.index(default),
        format_func=lambda c: labels[c],
        key=key,
        placeholder="Kies een gemeente",
    )


# --- actors (Transitiekaart, Actoren beheren) -------------------------------------------------


@st.cache_data(show_spinner=False, ttl=600)
def _buurten_cached(store_dir: str) -> Any:
    return actor_repo.store_buurten()


def buurten() -> Any:
    """The store's buurt polygons (EPSG:28992) for deriving an actor's buurt, or None."""
    from transitieatlas import config

    get_store()
    return _buurten_cached(str(config.store_dir()))


def apply_map_event(map_key: str, seq_key: str, point_prefixes: list[str]) -> dict[str, Any] | None:
    """Handle a new click from the map component before the widgets are drawn.

    A point click fills ``<prefix>_lon``/``<prefix>_lat`` of each form prefix; the event
    (point or marker) is returned once, ``None`` when there is no new click.
    """
    event = st.session_state.get(map_key)
    if not event or event.get("seq") == st.session_state.get(seq_key):
        return None
    st.session_state[seq_key] = event.get("seq")
    if event.get("type") == "point":
        for prefix in point_prefixes:
            st.session_state[f"{prefix}_lon"] = f"{event['lon']:.6f}"
            st.session_state[f"{prefix}_lat"] = f"{event['lat']:.6f}"
    return event


def actor_form(
    prefix: str, defaults: ActorRecord | None = None, private: bool = True
) -> dict[str, Any]:
    """The actor's fields as widgets (call inside ``st.form``); returns the entered values.

    ``prefix`` keeps widget keys apart; lon/lat keys are ``<prefix>_lon``/``<prefix>_lat`` so
    a map click can fill them before the form is drawn. ``max_chars`` mirrors the domain's
    limits (:data:`transitieatlas.actors.model.MAX_LENGTHS`), which are checked again there.
    """
    d = defaults.form_values() if defaults is not None else {}
    limit = actor_model.MAX_LENGTHS
    values: dict[str, Any] = {}
    values["name"] = st.text_input(
        "Naam *", value=d.get("name", ""), key=f"{prefix}_name", max_chars=limit["name"]
    )
    geleding = d.get("geleding") if d.get("geleding") in GELEDINGEN else GELEDINGEN[0]
    values["geleding"] = st.selectbox(
        "Geleding *",
        list(GELEDINGEN),
        index=GELEDINGEN.index(geleding),
        format_func=lambda g: LABELS[g],
        key=f"{prefix}_geleding",
    )
    kinds = [*actor_model.KIND_SUGGESTIONS, OTHER_KIND]
    current_kind = d.get("kind", "")
    kind_index = kinds.index(current_kind) if current_kind in kinds else len(kinds) - 1
    chosen = st.selectbox("Soort", kinds, index=kind_index, key=f"{prefix}_kind")
    other = st.text_input(
        "Andere soort",
        value="" if current_kind in kinds else current_kind,
        key=f"{prefix}_kind_other",
        max_chars=limit["kind"],
    )
    values["kind"] = other if chosen == OTHER_KIND else chosen
    values["description"] = st.text_area(
        "Rol in de energietransitie (wat doet of kan deze actor doen?)",
        value=d.get("description", ""),
        key=f"{prefix}_description",
        max_chars=limit["description"],
    )
    values["website"] = st.text_input(
        "Website (https://…)", value=d.get("website", ""), key=f"{prefix}_website"
    )
    values["contact"] = st.text_input(
        "Contact (openbaar, optioneel)", value=d.get("contact", ""), key=f"{prefix}_contact"
    )
    if private:
        values["private_contact"] = st.text_input(
            "Contact voor de redactie (niet openbaar)",
            value=d.get("private_contact", ""),
            key=f"{prefix}_private_contact",
        )
    values["address"] = st.text_input(
        "Adres (als tekst)", value=d.get("address", ""), key=f"{prefix}_address"
    )
    col_lon, col_lat = st.columns(2)
    st.session_state.setdefault(f"{prefix}_lon", _coord(d.get("lon")))
    st.session_state.setdefault(f"{prefix}_lat", _coord(d.get("lat")))
    values["lon"] = col_lon.text_input("Lengtegraad (lon, bijv. 5.7986)", key=f"{prefix}_lon")
    values["lat"] = col_lat.text_input("Breedtegraad (lat, bijv. 53.2012)", key=f"{prefix}_lat")
    values["tags"] = st.text_input(
        "Labels (gescheiden door ;)", value="; ".join(d.get("tags") or []), key=f"{prefix}_tags"
    )
    return values


def _coord(value: Any) -> str:
    return "" if value is None else repr(float(value))


def show_conflict(conflict: actor_repo.ActorConflict) -> None:
    """Explain a conflict and show both versions side by side."""
    show_error(conflict)
    st.dataframe(actor_model.conflict_table(conflict.differences), hide_index=True)
    st.caption(
        "Links staat wat u wilde opslaan, rechts wat er nu is opgeslagen. Open de actor "
        "opnieuw (knop 'Opnieuw laden'), neem over wat u wilt houden en sla dan op."
    )
