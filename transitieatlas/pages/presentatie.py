"""Page "Presentatie": a saved presentation full screen on the projector.

Thin: the screens are rendered by transitieatlas.evening (the same HTML as
``transitieatlas present export``); keys → ← Page Up/Down (a clicker) switch screens.
No editing controls: choose the presentation in the sidebar, press F11 for full screen.
The rendered deck is cached per store state and presentation for 2 minutes (actors, votes
and the dashboard live in the database and may change meanwhile).
"""

from __future__ import annotations

import json

import streamlit as st
import streamlit.components.v1 as components

from transitieatlas.errors import TransitieatlasError
from transitieatlas.evening import deck, presentations
from transitieatlas.pages._setup import get_store

PROJECTOR_CSS = """<style>
header[data-testid="stHeader"]{display:none}
.block-container{padding:0 !important;max-width:100% !important}
iframe[title="st.iframe"]{height:calc(100vh - 8px) !important;border:0}
</style>"""


@st.cache_data(show_spinner="Presentatie voorbereiden…", max_entries=8, ttl=120)
def _deck(_store, version: float, name: str, definition: str) -> str:
    pres = presentations.get_presentation(name)
    return deck.deck_html(pres.title, presentations.render_all(_store, pres))


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
