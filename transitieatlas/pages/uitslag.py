"""Page "Uitslag": the public archive of closed rounds, each with its toplijst and ballots."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import streamlit as st

from transitieatlas.geledingen import COLOURS, GELEDINGEN, LABELS
from transitieatlas.pages._ui import attempt, is_chair, login_box, md, show_flash
from transitieatlas.voting import count as voting
from transitieatlas.voting import rounds

st.title("Uitslag")
user = login_box()
show_flash()
st.caption(
    "Elke geleding weegt even zwaar, hoeveel kiezers ze ook heeft: per onderwerp telt elke "
    "geleding voor hoogstens 1 punt mee (totaal hoogstens 5). Alle stemmen zijn openbaar "
    "(zonder namen en zonder bewijsnummers), zodat iedereen de uitslag kan natellen."
)

for r in rounds.list_rounds(rounds.OPEN):
    st.info(
        f"Ronde '{md(r.title)}' is open ({r.ballots} stemmen binnen). "
        "De uitslag blijft verborgen tot de voorzitter de ronde sluit."
    )

closed = rounds.archive()
if not closed:
    st.write("Er zijn nog geen gesloten stemrondes.")
    st.stop()

by_id = {r.id: r for r in closed}
wanted = st.query_params.get("ronde", "")
ids = list(by_id)
start = ids.index(int(wanted)) if wanted.isdigit() and int(wanted) in by_id else 0
chosen = st.selectbox(
    "Stemronde",
    ids,
    index=start,
    format_func=lambda i: f"{by_id[i].title} (gesloten {by_id[i].closed_at:%d-%m-%Y})",
)
r = by_id[chosen]
result = r.result
assert result is not None  # the archive holds closed rounds only

st.markdown(
    f"**{md(r.title)}** · methode: {voting.METHOD_LABELS[r.method]} · "
    f"gesloten op {r.closed_at:%d-%m-%Y %H:%M} (UTC) · {r.ballots} stembiljetten"
)
if r.next_vote_on:
    st.success(f"Volgende stemming gepland op {r.next_vote_on:%d-%m-%Y}.")
if is_chair():
    with st.form(f"plan_{chosen}"):
        when = st.date_input("Datum van de volgende stemming", value=r.next_vote_on)
        if st.form_submit_button("Datum opslaan"):
            ok, _ = attempt(
                lambda: rounds.set_next_vote(chosen, when, user=user),
                "De datum van de volgende stemming is opgeslagen.",
            )
            if ok:
                st.rerun()

st.subheader("Toplijst")
st.table(pd.DataFrame(rounds.toplijst_rows(result)), hide_index=True)

present = [LABELS[g] for g in result.present]
bars = pd.DataFrame(rounds.contribution_rows(result))
if not bars.empty:
    chart = (
        alt.Chart(bars)
        .mark_bar()
        .encode(
            x=alt.X("sum(score):Q", title="Totaal (bijdrage per geleding)"),
            y=alt.Y("onderwerp:N", sort=alt.SortField("plaats"), title=None),
            color=alt.Color(
                "geleding:N",
                scale=alt.Scale(domain=present, range=[COLOURS[g] for g in result.present]),
                legend=alt.Legend(title="Geleding", orient="bottom"),
            ),
            order=alt.Order("geleding:N"),
            tooltip=["onderwerp", "geleding", alt.Tooltip("score:Q", format=".3f")],
        )
    )
    st.altair_chart(chart, width="stretch")

if result.absent:
    st.warning(
        "Afwezig (geen geldige stem; hun zetel blijft, er is niets herverdeeld): "
        + ", ".join(LABELS[g] for g in result.absent)
    )
st.table(
    pd.DataFrame(
        [
            {
                "Geleding": LABELS[g],
                "Geteld": result.ballots[g].counted,
                "Blanco": result.ballots[g].blank,
            }
            for g in GELEDINGEN
        ]
    ),
    hide_index=True,
)
ties = rounds.describe_ties(result)
if ties:
    st.subheader("Gelijke stand")
    for line in ties:
        st.markdown(md(line))
if r.shortlist_size:
    shortlist = r.shortlist()
    st.info("Naar de tweede ronde: " + ", ".join(md(i) for i in shortlist) + ".")
if r.parent_id:
    st.caption(f"Dit is de tweede ronde van ronde {r.parent_id}.")

st.subheader("Zelf natellen")
csv_text = rounds.export_csv(chosen)
filename = f"stemronde-{chosen}.csv"
st.download_button("Stembiljetten (CSV)", csv_text, file_name=filename, mime="text/csv")
st.download_button(
    "Uitslag (JSON)",
    json.dumps(result.to_json(), ensure_ascii=False, indent=2),
    file_name=f"uitslag-{chosen}.json",
    mime="application/json",
)
st.caption("Tel de stembiljetten opnieuw met:")
st.code(rounds.recount_command(chosen, filename), language="bash")

st.subheader("Is mijn stem geteld?")
st.caption(
    "Wie met een stemcode stemde, kreeg een bewijsnummer. De lijst hieronder bevat alle "
    "bewijsnummers van deze ronde, los van de stembiljetten: u ziet dat uw stem is meegeteld, "
    "maar niemand (ook u niet) kan met het nummer laten zien wat u koos."
)
with st.form(f"receipt_{chosen}"):
    typed = st.text_input("Uw bewijsnummer", key=f"receipt_text_{chosen}")
    if st.form_submit_button("Controleren") and typed.strip():
        if rounds.receipt_counted(chosen, typed):
            st.success("Dit bewijsnummer staat in de lijst: uw stem is meegeteld.")
        else:
            st.warning("Dit bewijsnummer staat niet in de lijst van deze ronde.")
st.download_button(
    "Bewijsnummers (CSV)",
    rounds.receipts_csv(chosen),
    file_name=f"bewijsnummers-{chosen}.csv",
    mime="text/csv",
)
