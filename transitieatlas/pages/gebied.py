"""Page "Gebied": choose gemeente, wijken and buurten by list or on the map; save the gebiedsafbakening."""

from __future__ import annotations

import streamlit as st

from transitieatlas.areas import catalog
from transitieatlas.db import gebieden
from transitieatlas.maps.component import area_map
from transitieatlas.pages._setup import page_setup, show_sources
from transitieatlas.pages._ui import attempt, choose_gemeente, current_user, md, show_flash

SELECTED = "#d55e00"
OTHER = "#9ecae1"

store = page_setup("Gebied")
user = current_user()
show_flash()
gemeente = choose_gemeente(catalog.gemeenten(store), key="gebied_gemeente")
assert gemeente is not None  # the store holds buurten, so there is at least one gemeente
gemeente_code: str = gemeente  # narrowed, also inside the lambdas below
buurten = catalog.buurten_of(store, gemeente)
wijken = catalog.wijken_of(store, buurten)
state_key = f"gebied_buurten_{gemeente}"
map_key = "gebied_map"  # one stable map: switching gemeente recolours instead of reloading it
st.session_state.setdefault(state_key, [])
# A click on the map arrives as the component's value; apply it before the widgets are drawn.
event = st.session_state.get(map_key)
if (
    isinstance(event, dict)
    and event != st.session_state.get("gebied_last_event")
    and event.get("type") == "area"
    and event.get("code") in set(buurten["code"])
):
    st.session_state["gebied_last_event"] = event
    st.session_state[state_key] = catalog.toggle(st.session_state[state_key], event["code"])

with st.sidebar:
    st.subheader("Opgeslagen gebieden")
    saved = gebieden.list_afbakeningen()
    names = [s["name"] for s in saved if s["gemeente_code"] == gemeente]
    chosen = st.selectbox(
        "Open een gebiedsafbakening",
        ["—", *names],
        key="gebied_open",
        placeholder="Kies een gebied",
    )
    if chosen != "—" and st.button("Openen", key="gebied_open_btn"):
        saved_codes = gebieden.load_afbakening(chosen)["codes"]
        st.session_state[state_key] = catalog.expand_to_buurten(saved_codes, buurten)
    owner = next((s["owner"] for s in saved if s["name"] == chosen), "")
    if (
        chosen != "—"
        and gebieden.may_change(owner, user)
        and st.button("Verwijderen", key="gebied_delete_btn")
        and attempt(
            lambda: gebieden.delete_afbakening(chosen, user=user),
            f"Gebied '{md(chosen)}' is verwijderd.",
        )[0]
    ):
        st.rerun()

col_list, col_map = st.columns([1, 2])
with col_list:
    wijk_labels = dict(zip(wijken["code"], wijken["name"], strict=True))
    picked_wijken = st.multiselect(
        "Wijken (alle buurten erin)",
        list(wijk_labels),
        format_func=lambda c: wijk_labels[c],
        placeholder="Kies wijken",
    )
    if picked_wijken and st.button("Voeg buurten van deze wijken toe"):
        extra = buurten.loc[buurten["wijk_code"].isin(picked_wijken), "code"].tolist()
        st.session_state[state_key] = list(dict.fromkeys([*st.session_state[state_key], *extra]))
    buurt_labels = dict(zip(buurten["code"], buurten["name"], strict=True))
    st.multiselect(
        "Buurten",
        list(buurt_labels),
        format_func=lambda c: buurt_labels[c],
        key=state_key,
        placeholder="Kies buurten",
    )

selection: list[str] = st.session_state[state_key]
with col_list:
    st.caption(catalog.selection_summary(buurten, selection))
with col_map:
    st.caption(f"{len(buurten)} buurten · klik op een buurt om haar te kiezen of weg te halen")
    colours = {code: SELECTED if code in selection else OTHER for code in buurten["code"]}
    tooltips = dict(zip(buurten["code"], buurten["name"], strict=True))
    area_map(
        buurten,
        colours=colours,
        tooltips=tooltips,
        legend=[(SELECTED, "gekozen"), (OTHER, "niet gekozen")],
        selected=selection,
        key=map_key,
    )
    show_sources(store, buurten["dataset"].tolist())

st.subheader("Gebiedsafbakening opslaan")
if user is None:
    st.info("Log in (zijbalk) om een gebied op te slaan; kiezen en bekijken kan iedereen.")
    st.stop()
with st.form("gebied_save"):
    name = st.text_input(
        "Naam van het gebied",
        placeholder="bijv. Dorpsraad Wirdum",
        max_chars=gebieden.LIMITS["name"],
    )
    description = st.text_area("Toelichting (optioneel)", max_chars=gebieden.LIMITS["description"])
    if st.form_submit_button("Opslaan"):
        ok, _ = attempt(
            lambda: gebieden.save_afbakening(
                name, selection, gemeente_code, description, user=user
            ),
            f"Gebied '{md(name.strip())}' opgeslagen met {len(selection)} buurten.",
        )
        if ok:
            show_flash()
