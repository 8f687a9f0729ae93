"""The one store object of the app (cached per store folder), shared by every page."""

from __future__ import annotations

import streamlit as st

from transitieatlas import config
from transitieatlas.store.opendata import Store, open_store


@st.cache_resource(show_spinner=False)
def _store(root: str) -> Store:
    return open_store()


def get_store() -> Store:
    """The local open-data store (one object per store folder, shared by reruns)."""
    return _store(str(config.store_dir()))
