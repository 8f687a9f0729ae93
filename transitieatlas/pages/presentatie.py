"""Page "Presentatie": a saved presentation full screen on the projector, and its editor.

Thin: the screens are rendered by transitieatlas.evening (the same HTML as
``transitieatlas present export``); keys → ← Page Up/Down (a clicker) switch screens.
"Presenteren" has no editing controls: choose the presentation in the sidebar, press F11 for
full screen. "Bewerken" (role editor) creates a presentation or changes one: screens from the
list of kinds with their parameters, reorder, remove, save; every check is in
transitieatlas.evening.presentations. The rendered deck is cached per store state and
presentation for 2 minutes (actors, votes and the dashboard live in the database).
"""

from __future__ import annotations

import json

import streamlit as st
import streamlit.components.v1 as components

from transitieatlas.errors import TransitieatlasError
from transitieatlas.evening import deck, presentations, screens, survey_repo, texts
from transitieatlas.pages._setup import get_store
from transitieatlas.pages._ui import attempt, is_chair, login_box, md, show_error, show_flash

PROJECTOR_CSS = """<style>
header[data-testid="stHeader"]{display:none}
.block-container{padding:0 !important;max-width:100% !important}
iframe[title="st.iframe"]{height:calc(100vh - 8px) !important;border:0}
</style>"""
PRESENT, EDIT = "Presenteren", "Bewerken"
NEW = "(nieuwe presentatie)"
OWN_TEXT = "(eigen tekst)"


@st.cache_data(show_spinner="Presentatie voorbereiden…", max_entries=8, ttl=120)
def _deck(_store, version: float, name: str, definition: str) -> str:
    pres = presentations.get_presentation(name)
    return deck.deck_html(pres.title, presentations.render_all(_store, pres))


def _load(chosen: presentations.PresentationInfo | None) -> None:
    """Put a presentation (or an empty new one) into the editor's state."""
    st.session_state["pe_loaded"] = chosen.name if chosen else NEW
    st.session_state["pe_name"] = chosen.name if chosen else ""
    st.session_state["pe_title"] = chosen.title if chosen else ""
    st.session_state["pe_area"] = chosen.area_code if chosen else "GM0080"
    st.session_state["pe_screens"] = [dict(s) for s in chosen.screens] if chosen else []


def _screen_params(kind: str) -> dict:
    """The parameter inputs of one kind of screen; returns their values."""
    if kind == "tekst":
        choice = st.selectbox("Tekst", [*texts.TEXTS, OWN_TEXT], key="pe_text")
        if choice != OWN_TEXT:
            return {"text": choice}
        lines = st.text_area("Regels (één per regel)", key="pe_lines")
        return {"title": st.session_state.get("pe_own_title", ""), "lines": lines.splitlines()}
    if kind == "kaart":
        return {
            "indicator": st.text_input("Indicator (bijv. pct_koopwoningen)", key="pe_indicator")
        }
    if kind == "uitslag":
        return {"round": st.text_input("Ronde (leeg: de nieuwste gesloten)", key="pe_round")}
    if kind == "enquete":
        names = [s["name"] for s in survey_repo.list_surveys()]
        return {"survey": st.selectbox("Enquête", names, key="pe_survey") if names else ""}
    if kind == "vraaggroepen":
        levels = ["", *screens.GROUP_LEVELS]
        label = {"": "vanzelf (buurten als die er zijn)", **screens.GROUP_LEVELS}
        chosen = st.selectbox("Niveau", levels, format_func=lambda v: label[v], key="pe_level")
        return {"niveau": chosen}
    return {}


def _screen_list(items: list[dict]) -> None:
    """The screens in order, each with ↑ ↓ ✕."""
    st.subheader("Schermen, in volgorde")
    if not items:
        st.caption("Nog geen schermen: voeg ze hieronder toe.")
    for i, spec in enumerate(items):
        row = st.columns([8, 1, 1, 1])
        row[0].write(f"{i + 1}. {md(screens.describe(spec))}")
        for col, label, key, change in (
            (row[1], "↑", f"pe_up_{i}", lambda i=i: presentations.moved(items, i, -1)),
            (row[2], "↓", f"pe_down_{i}", lambda i=i: presentations.moved(items, i, 1)),
            (row[3], "✕", f"pe_del_{i}", lambda i=i: presentations.removed(items, i)),
        ):
            if col.button(label, key=key):
                st.session_state["pe_screens"] = change()
                st.rerun()


def _add_screen(store, items: list[dict]) -> None:
    """Choose a kind of screen and its parameters; checked against the store before adding."""
    with st.container(border=True):
        kind = str(
            st.selectbox(
                "Soort scherm",
                list(screens.KINDS),
                format_func=lambda k: screens.KINDS[k],
                key="pe_kind",
            )
        )
        if kind == "tekst" and st.session_state.get("pe_text") == OWN_TEXT:
            st.text_input("Titel van het tekstscherm", key="pe_own_title")
        params = _screen_params(kind)
        if not st.button("Scherm toevoegen", key="pe_add"):
            return
        try:
            spec = presentations.make_screen(kind, **params)
            problems = presentations.data_problems(
                store, st.session_state["pe_area"], [spec], numbered=False
            )
        except TransitieatlasError as err:
            show_error(err)
            return
        if problems:
            st.error(md(f"Dit scherm kan niet worden toegevoegd: {problems[0]}"))
            return
        st.session_state["pe_screens"] = [*items, spec]
        st.rerun()


def _editor(store, available: list[presentations.PresentationInfo]) -> None:
    user = login_box()
    if not is_chair():
        st.info(
            "Log in (links) als redacteur of presidium om presentaties te maken of te wijzigen."
        )
        return
    show_flash()
    by_name = {p.name: p for p in available}
    if st.session_state.get("pe_saved") in by_name:
        st.session_state["pe_start"] = st.session_state["pe_loaded"] = st.session_state.pop(
            "pe_saved"
        )
    start = st.selectbox("Presentatie om te bewerken", [NEW, *by_name], key="pe_start")
    if st.session_state.get("pe_loaded") != start:
        _load(by_name.get(start))
    st.text_input("Naam", key="pe_name", max_chars=200)
    st.text_input("Titel", key="pe_title", max_chars=200)
    st.text_input("Gebied (gemeente-, wijk- of buurtcode)", key="pe_area")
    items: list[dict] = st.session_state["pe_screens"]
    _screen_list(items)
    _add_screen(store, items)
    if st.button("Presentatie opslaan", key="pe_save", type="primary"):
        name = st.session_state["pe_name"].strip()
        ok, _ = attempt(
            lambda: presentations.save_presentation(
                name, st.session_state["pe_title"], st.session_state["pe_area"],
                items, user=user, store=store,
            ),
            f"Presentatie '{md(name)}' is opgeslagen. Controleer haar vooraf met: "
            f'transitieatlas check --offline "{md(name)}"',
        )  # fmt: skip
        if ok:
            st.session_state["pe_saved"] = name  # chosen on the rerun, before the widget exists
            st.rerun()


store = get_store()
version = store.manifest_path.stat().st_mtime if store.manifest_path.exists() else 0.0
try:
    available = presentations.list_presentations()
except TransitieatlasError as err:
    st.error(str(err))
    st.stop()
names = [p.name for p in available]
wanted = st.query_params.get("p", presentations.default_definition().name)
with st.sidebar:
    mode = st.radio("Weergave", [PRESENT, EDIT], key="pres_mode", horizontal=True)
if mode == EDIT:
    st.title("Presentatie bewerken")
    _editor(store, available)
    st.stop()
with st.sidebar:
    name = st.selectbox(
        "Presentatie", names, index=names.index(wanted) if wanted in names else 0, key="pres"
    )
    st.caption("Volgende: → of Page Down · vorige: ← of Page Up · volledig scherm: F11")
chosen = next(p for p in available if p.name == name)
try:
    html = _deck(store, version, chosen.name, json.dumps([chosen.area_code, chosen.screens]))
except TransitieatlasError as err:
    st.error(str(err))
    st.info("Controleer de presentatie vooraf met: transitieatlas check --offline")
    st.stop()
st.markdown(PROJECTOR_CSS, unsafe_allow_html=True)
components.html(html, height=720)
