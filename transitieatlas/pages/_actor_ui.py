"""Streamlit pieces shared by the Transitiekaart and Actoren-beheren pages.

Only widgets and session state here; the logic lives in ``transitieatlas.actors.model``,
``transitieatlas.actors.repo`` and ``transitieatlas.accounts.auth``. User text is shown with
``st.text``/dataframes (never as HTML or markdown), so nothing a user typed can run.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from transitieatlas.accounts import auth
from transitieatlas.accounts.auth import UserInfo
from transitieatlas.actors import model as domain
from transitieatlas.actors import repo as actor_repo
from transitieatlas.geledingen import GELEDINGEN, LABELS
from transitieatlas.pages._setup import get_store

USER_KEY = "actor_user"
OTHER_KIND = "anders, namelijk…"


def current_user() -> UserInfo | None:
    """The logged-in editor/admin of this browser session, or None (public viewer)."""
    return st.session_state.get(USER_KEY)


def login_box() -> UserInfo | None:
    """Sidebar login/logout for the editorial team; returns the current user."""
    user = current_user()
    with st.sidebar:
        if user is not None:
            st.caption(f"Ingelogd als **{auth.ROLE_LABELS[user.role]}**")
            st.text(user.name)
            if st.button("Uitloggen", key="actor_logout"):
                del st.session_state[USER_KEY]
                st.rerun()
            return user
        with st.expander("Inloggen voor de redactie"), st.form("actor_login"):
            name = st.text_input("Naam", key="actor_login_name")
            password = st.text_input("Wachtwoord", type="password", key="actor_login_pw")
            if st.form_submit_button("Inloggen"):
                found = auth.authenticate(name, password)
                if found is None:
                    st.error("Naam of wachtwoord klopt niet (of het account is geblokkeerd).")
                else:
                    st.session_state[USER_KEY] = found
                    st.rerun()
    return None


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
    prefix: str, defaults: dict[str, Any] | None = None, private: bool = True
) -> dict[str, Any]:
    """The actor's fields as widgets (call inside ``st.form``); returns the entered values.

    ``prefix`` keeps widget keys apart; lon/lat keys are ``<prefix>_lon``/``<prefix>_lat`` so
    a map click can fill them before the form is drawn.
    """
    d = defaults or {}
    values: dict[str, Any] = {}
    values["name"] = st.text_input("Naam *", value=d.get("name", ""), key=f"{prefix}_name")
    geleding = d.get("geleding") if d.get("geleding") in GELEDINGEN else GELEDINGEN[0]
    values["geleding"] = st.selectbox(
        "Geleding *",
        list(GELEDINGEN),
        index=GELEDINGEN.index(geleding),
        format_func=lambda g: LABELS[g],
        key=f"{prefix}_geleding",
    )
    kinds = [*domain.KIND_SUGGESTIONS, OTHER_KIND]
    current_kind = d.get("kind", "")
    kind_index = kinds.index(current_kind) if current_kind in kinds else len(kinds) - 1
    chosen = st.selectbox("Soort", kinds, index=kind_index, key=f"{prefix}_kind")
    other = st.text_input(
        "Andere soort",
        value="" if current_kind in kinds else current_kind,
        key=f"{prefix}_kind_other",
    )
    values["kind"] = other if chosen == OTHER_KIND else chosen
    values["description"] = st.text_area(
        "Rol in de energietransitie (wat doet of kan deze actor doen?)",
        value=d.get("description", ""),
        key=f"{prefix}_description",
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


def show_error(err: Exception) -> None:
    """An error message whose user text (names, values) is shown literally, line by line."""
    st.error("  \n".join(domain.escape_markdown(line) for line in str(err).splitlines()))


def show_conflict(conflict: actor_repo.ActorConflict) -> None:
    """Explain a conflict and show both versions side by side."""
    show_error(conflict)
    st.dataframe(domain.conflict_table(conflict.differences), hide_index=True)
    st.caption(
        "Links staat wat u wilde opslaan, rechts wat er nu is opgeslagen. Open de actor "
        "opnieuw (knop 'Opnieuw laden'), neem over wat u wilt houden en sla dan op."
    )
