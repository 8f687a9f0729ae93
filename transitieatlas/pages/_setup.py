"""Shared setup for every page: title, the store, the data sources shown in the sidebar."""

from __future__ import annotations

import streamlit as st

from transitieatlas.pages import _vg_cache
from transitieatlas.pages._store import get_store
from transitieatlas.pages._ui import login_box
from transitieatlas.store.opendata import Store


def page_setup(title: str) -> Store:
    """Set the page title, show where the data comes from, return the store.

    When the store is empty the page explains in plain Dutch how to get data and stops.
    """
    st.title(title)
    store = get_store()
    login_box()
    with st.sidebar:
        st.caption("Transitieatlas · open data voor de wijk- en dorpsraad")
    if store.is_empty():
        st.warning(no_data_message())
        st.stop()
    _vg_cache.start_warm_up(store)  # the Vraaggroepen maps of the gemeenten with panden
    return store


def no_data_message() -> str:
    """What a volunteer can do when the app has no data yet (Dutch)."""
    return (
        "**Er zijn nog geen gegevens.** Zo komt u eraan:\n\n"
        "1. **Met internet:** open een terminal in de map van de transitieatlas en typ "
        "`.venv/bin/transitieatlas fetch --gemeente GM0080 --year 2024` "
        "(vervang GM0080 door de code van uw gemeente).\n"
        "2. **Zonder internet:** zet eerder gedownloade bestanden (GeoPackage, GeoJSON, CSV, Excel) "
        "in een map en typ `.venv/bin/transitieatlas import MAP`.\n"
        "3. Start daarna de app opnieuw met `make run`."
    )


def show_sources(store: Store, datasets: list[str]) -> None:
    """A caption under a map or table: source, year, retrieval date and licence of each dataset."""
    lines = []
    for ds in dict.fromkeys(datasets):
        prov = store.provenance(ds)
        if prov is not None:
            lines.append(prov.citation())
    if lines:
        st.caption("Bron: " + " · ".join(lines))
