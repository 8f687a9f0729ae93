"""Page "Dashboard": the council's sustainability indicators for its area (4.6.5 item 3)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from transitieatlas.council import dashboard as dash
from transitieatlas.council import indicator_repo
from transitieatlas.council.computed import group_names
from transitieatlas.db.gebieden import list_afbakeningen
from transitieatlas.geledingen import GELEDINGEN, LABELS
from transitieatlas.heat.methods import method_names
from transitieatlas.pages._setup import get_store
from transitieatlas.pages._ui import attempt, is_chair, login_box, md, show_flash

st.title("Dashboard")
user = login_box()
show_flash()
st.caption(
    "De kennisgeleding houdt dit dashboard bij. Elke vergadering bespreekt de raad: welke "
    "indicatoren missen we, welke kunnen eruit? Uitleg van de berekening: docs/raad.md."
)

saved = [a["name"] for a in list_afbakeningen()]
choice = st.selectbox("Gebied", [*saved, "Andere gebiedscode(s)…"], key="dash_area_choice")
if choice == "Andere gebiedscode(s)…" or not saved:
    typed = st.text_input("Gebiedscode(s), met komma's", key="dash_area_codes")
else:
    typed = choice
if not typed.strip():
    st.info("Kies een opgeslagen gebied (pagina Gebied) of typ een gebiedscode.")
    st.stop()
area = indicator_repo.resolve_area(typed)
rows = indicator_repo.dashboard(area, get_store())

if rows:
    st.dataframe(pd.DataFrame(dash.table_rows(rows)), hide_index=True)
    for row in rows:
        if row["note"]:
            st.caption(f"{md(row['name'])}: {md(row['note'])}")
    for row in rows:
        if len(row["series"]) > 1:
            with st.expander(f"Verloop: {row['name']}"):
                series = pd.DataFrame(row["series"]).set_index("date")["value"]
                st.line_chart(series, x_label="peildatum", y_label=row["unit"])
else:
    st.info("Er staan nog geen indicatoren op het dashboard.")

history = indicator_repo.list_indicators(include_retired=True)
if any(not i["active"] for i in history):
    with st.expander("Afgevoerde indicatoren"):
        for i in history:
            if not i["active"]:
                st.markdown(
                    f"**{md(i['name'])}**: afgevoerd door {md(i['retired_by'])} op "
                    f"{i['retired_at']:%d-%m-%Y}. Waarom: {md(i['retired_why'])}"
                )

if not is_chair():
    st.stop()

st.subheader("Onderhoud van het dashboard")
if st.button("Voorgestelde startindicatoren toevoegen", key="dash_seed"):
    ok, _ = attempt(
        lambda: indicator_repo.seed_start_indicators(user=user),
        success="De voorgestelde startindicatoren staan op het dashboard.",
    )
    if ok:
        st.rerun()

with st.form("dash_add"):
    st.markdown("**Indicator toevoegen**")
    name = st.text_input("Naam van de indicator")
    kind = st.selectbox("Soort", list(dash.KINDS), format_func=lambda k: dash.KINDS[k])
    store_indicator = st.text_input(
        "Wat de indicator volgt: een cijfer uit de opslag (bijv. aardgas_woningen_tj); bij "
        "intekenen de naam van de campagne; bij warmtevraag methode:maat (bijv. gas:totaal of "
        "buildings:per_woning); bij een vraaggroep groep:maat (bijv. corporatie:woningen)"
    )
    unit = st.text_input("Eenheid (bijv. aantal, TJ, %)")
    source = st.text_input("Bron")
    owner = st.selectbox("Eigenaar (geleding)", list(GELEDINGEN), format_func=lambda g: LABELS[g])
    direction = st.selectbox(
        "Wat is beter?", list(dash.DIRECTIONS), format_func=lambda d: dash.DIRECTIONS[d]
    )
    target = st.number_input("Doel (leeg = geen doel)", value=None, step=1.0)
    target_date = st.date_input("Doel te halen op", value=None)
    why = st.text_area("Waarom komt deze indicator erbij?")
    st.caption(
        "Maten bij warmtevraag: " + ", ".join(dash.HEAT_MEASURES) + " (methoden: "
        + ", ".join(method_names()) + "). Maten bij een vraaggroep: "
        + ", ".join(dash.GROUP_MEASURES) + " (groepen: " + ", ".join(group_names())
        + f", of {dash.ALL_GROUPS}). Bij deze twee soorten ligt de eenheid vast door de maat: "
        "laat Eenheid dan leeg. Uitleg: docs/raad.md."
    )  # fmt: skip
    if st.form_submit_button("Indicator toevoegen"):
        ok, _ = attempt(
            lambda: indicator_repo.add_indicator(
                name,
                kind,
                unit,
                owner,
                direction,
                why,
                source=source,
                store_indicator=store_indicator,
                target=target,
                target_date=target_date,
                user=user,
            ),  # fmt: skip
            success=f"Indicator '{name.strip()}' staat op het dashboard.",
        )
        if ok:
            st.rerun()

active = indicator_repo.list_indicators()
manual = [i for i in active if i["kind"] == "handmatig"]
if manual:
    with st.form("dash_value"):
        st.markdown(f"**Waarde invoeren voor {md(area.name)}**")
        ind = st.selectbox("Indicator", manual, format_func=lambda i: f"{i['name']} ({i['unit']})")
        value = st.number_input("Waarde", value=0.0, step=1.0)
        measured_on = st.date_input("Peildatum", value=date.today(), format="DD-MM-YYYY")
        value_source = st.text_input("Bron van de waarde")
        if st.form_submit_button("Waarde opslaan"):
            ok, _ = attempt(
                lambda: indicator_repo.add_value(
                    ind["id"], area.key, measured_on, value, value_source, user=user
                ),
                success="De waarde is opgeslagen.",
            )
            if ok:
                st.rerun()
if active:
    with st.form("dash_retire"):
        st.markdown("**Indicator afvoeren**")
        gone = st.selectbox("Indicator", active, format_func=lambda i: i["name"])
        why_gone = st.text_area("Waarom gaat deze indicator eraf?")
        if st.form_submit_button("Afvoeren"):
            ok, _ = attempt(
                lambda: indicator_repo.retire_indicator(gone["id"], why_gone, user=user),
                success=f"'{gone['name']}' is afgevoerd.",
            )
            if ok:
                st.rerun()
