"""Page "Transitiekaart": the actors in the area by geleding, for the public and the presidium.

Visitors see approved actors only and can submit one (zelfmelding); editors manage them on
the page "Actoren beheren". All logic lives in transitieatlas.actors.model / actor_repo.
"""

from __future__ import annotations

import streamlit as st

from transitieatlas.actors import model as domain
from transitieatlas.actors import repo as actor_repo
from transitieatlas.areas import catalog
from transitieatlas.council import campaign_repo
from transitieatlas.council.campaigns import campaign_layer
from transitieatlas.errors import TransitieatlasError
from transitieatlas.geledingen import COLOURS, GELEDINGEN, LABELS
from transitieatlas.maps.component import area_map
from transitieatlas.pages._setup import page_setup, show_sources
from transitieatlas.pages._ui import (
    actor_form,
    apply_map_event,
    buurten,
    choose_gemeente,
    client_address,
    show_error,
)

AREA_FILL = "#e8e6df"
MAP_KEY = "tk_map"

store = page_setup("Transitiekaart")
st.caption(
    "Wie in het gebied draagt bij aan de energietransitie, of zou dat kunnen? "
    "Elke actor hoort bij één van de vijf geledingen. Alleen door de redactie "
    "goedgekeurde actoren staan op deze kaart."
)

# A click on the map arrives as the component's value: a point fills the form's location,
# a marker opens that actor. Apply it before the widgets are drawn.
event = apply_map_event(MAP_KEY, "tk_seq", ["tk_new"])
if event and event.get("type") == "marker":
    st.session_state["tk_selected"] = int(event["id"])

gemeente = choose_gemeente(catalog.gemeenten(store), key="tk_gemeente", where=st.sidebar)
if gemeente is None:
    st.warning("De opslag heeft nog geen buurten; haal eerst gegevens op (zie de pagina Gebied).")
    st.stop()
areas = catalog.buurten_of(store, gemeente)
buurt_names = dict(zip(areas["code"], areas["name"], strict=True))

public = actor_repo.list_actors(None)
relations = actor_repo.list_relations(None)

col_filter, col_rel = st.columns([3, 1])
with col_filter:
    f1, f2, f3 = st.columns(3)
    picked_geledingen = f1.multiselect(
        "Geleding",
        list(GELEDINGEN),
        format_func=lambda g: LABELS[g],
        key="tk_f_geleding",
        placeholder="Alle geledingen",
    )
    picked_kinds = f2.multiselect(
        "Soort", domain.all_kinds(public), key="tk_f_kind", placeholder="Alle soorten"
    )
    picked_tags = f3.multiselect(
        "Label", domain.all_tags(public), key="tk_f_tag", placeholder="Alle labels"
    )
show_relations = col_rel.toggle("Relaties tonen", key="tk_relations")
show_campaigns = col_rel.toggle("Alleen campagneteams", key="tk_campaigns")
shown = domain.filter_actors(public, picked_geledingen, picked_kinds, picked_tags)

col_map, col_side = st.columns([2, 1])
with col_map:
    located = domain.map_markers(shown)
    if show_campaigns:  # the campaign layer: actors in a campaign team, with the campaign
        seats_of = campaign_repo.seat_actor_ids(campaign_repo.list_campaigns())
        located = campaign_layer(located, seats_of)
    st.caption(
        f"{len(shown)} actoren, waarvan {len(located)} met een plek op de kaart · "
        "klik op een stip voor details, of ergens op de kaart om een plek te kiezen bij 'Meld een actor aan'"
    )
    area_map(
        areas,
        colours=dict.fromkeys(areas["code"], AREA_FILL),
        tooltips=buurt_names,
        legend=[(e["colour"], e["label"]) for e in domain.legend()],
        legend_title="Geleding",
        markers=located,
        lines=domain.relation_lines(shown, relations) if show_relations else [],
        key=MAP_KEY,
    )
    show_sources(store, areas["dataset"].tolist())

with col_side:
    st.subheader("De vijf geledingen")
    st.table(domain.overview_table(shown).set_index("Geleding"))
    selected = st.session_state.get("tk_selected")
    actor = next((a for a in public if a.id == selected), None)
    if actor is not None:
        st.subheader("Gekozen actor")
        st.text(actor.name)
        st.text(f"{LABELS[actor.geleding]} · {actor.kind}".strip(" ·"))
        if actor.description:
            st.text(actor.description)
        if domain.safe_url(actor.website):
            st.link_button("Website", domain.safe_url(actor.website))
        if actor.contact:
            st.text(f"Contact: {actor.contact}")
        if actor.buurt_code:
            st.text(f"Buurt: {buurt_names.get(actor.buurt_code, actor.buurt_code)}")

st.subheader("Actoren per buurt")
st.dataframe(domain.overview_by_buurt(shown, buurt_names))

with st.expander("Meld een actor aan (zelfmelding)"):
    st.caption(
        "Kent u een organisatie die (kan) bijdragen? Meld haar aan; de redactie van het "
        "presidium bekijkt de aanmelding voordat zij op de kaart komt. Klik op de kaart om "
        "de plek in te vullen."
    )
    with st.form("tk_submit"):
        values = actor_form("tk_new", private=True)
        submitter = st.text_input("Uw naam (voor de redactie)", key="tk_submitter")
        if st.form_submit_button("Aanmelden"):
            try:
                actor_repo.submit_actor(
                    values, submitter, buurten=buurten(), client=client_address()
                )
                st.success("Dank u! De redactie bekijkt uw aanmelding.")
            except TransitieatlasError as err:
                show_error(err)

st.caption(
    "Kleuren: Okabe-Ito-palet, ook goed te onderscheiden bij kleurenblindheid. "
    + ", ".join(f"{LABELS[g]} {COLOURS[g]}" for g in GELEDINGEN)
)
