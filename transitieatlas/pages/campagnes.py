"""Page "Campagnes": campaigns with five seats, milestones, canvas and sign-ups.

The public sees counts and shares of sign-ups per buurt and group only; names, contacts
and doubters are shown only to the campaign team (and administrators).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from transitieatlas.actors import repo as actor_repo
from transitieatlas.council import campaign_repo, indicator_repo, signup_repo
from transitieatlas.council import campaigns as domain
from transitieatlas.council import signups as signup_domain
from transitieatlas.geledingen import GELEDINGEN, LABELS
from transitieatlas.maps.component import area_map
from transitieatlas.pages._setup import get_store
from transitieatlas.pages._ui import attempt, is_chair, login_box, md, show_flash
from transitieatlas.voting import rounds

st.title("Campagnes")
user = login_box()
show_flash()
st.caption(
    "Voor elke topkwestie een campagne met een team uit de vijf geledingen. Een lege zetel "
    "blijft zichtbaar als vacant."
)


def new_campaign_form() -> None:
    closed = rounds.archive()
    if not closed:
        st.info("Er is nog geen gesloten stemronde: start een campagne vanuit een toplijst.")
        return
    with st.form("camp_new"):
        st.markdown("**Nieuwe campagne uit de toplijst**")
        chosen = st.selectbox("Stemronde", closed, format_func=lambda r: r.title)
        rank = st.number_input("Plaats op de toplijst", min_value=1, value=1, step=1)
        assignment = st.text_area("Opdracht aan het campagneteam")
        budget = st.number_input("Startbudget (€)", value=None, step=100.0)
        leader = st.text_input("Projectleider")
        if st.form_submit_button("Campagne starten"):
            ok, _ = attempt(
                lambda: campaign_repo.create_from_round(
                    chosen.id,
                    rank=int(rank),
                    assignment=assignment,
                    budget_eur=budget,
                    project_leader=leader,
                    user=user,
                ),  # fmt: skip
                success="De campagne is gestart, met vijf vacante zetels.",
            )
            if ok:
                st.rerun()


campaigns = campaign_repo.list_campaigns()
if is_chair():
    new_campaign_form()
if not campaigns:
    st.info("Er zijn nog geen campagnes.")
    st.stop()

by_id = {c["id"]: c for c in campaigns}  # ids as options: the dicts are read fresh each run
campaign = by_id[
    st.selectbox("Campagne", list(by_id), format_func=lambda i: by_id[i]["title"], key="camp_pick")
]
st.subheader(md(campaign["title"]))
st.markdown(
    f"Kwestie: **{md(campaign['subject'])}** · status: {domain.STATUSES[campaign['status']]} · "
    f"projectleider: {md(campaign['project_leader'] or '—')} · "
    f"budget: {domain.budget_text(campaign['budget_eur'])}"
)
if campaign["assignment"]:
    st.markdown(f"Opdracht: {md(campaign['assignment'])}")

st.markdown("#### Campagneteam")
st.table(
    pd.DataFrame(
        [
            {"Geleding": LABELS[s["geleding"]], "Zetel": s["actor"] or "vacant"}
            for s in campaign["seats"]
        ]
    ).set_index("Geleding")
)
st.markdown("#### Mijlpalen")
if campaign["milestones"]:
    st.dataframe(
        pd.DataFrame(
            [
                {"Mijlpaal": m["title"], "Datum": m["due"], "Voortgang (%)": m["progress"]}
                for m in campaign["milestones"]
            ]
        ),
        hide_index=True,
    )
    st.progress(
        campaign["progress"] / 100, text=f"Gemiddelde voortgang {campaign['progress']:.0f}%"
    )
else:
    st.caption("Nog geen mijlpalen.")
canvas = campaign["canvas"]
if canvas:
    with st.expander("Campagnecanvas"):
        for key, label in domain.CANVAS_TEXT_FIELDS.items():
            st.markdown(f"**{label}:** {md(canvas.get(key) or '—')}")
        for g in GELEDINGEN:
            st.markdown(f"**Partners {LABELS[g]}:** {md(canvas['partners'].get(g) or '—')}")
        st.markdown("**Indicatoren:** " + (md(", ".join(canvas["indicators"])) or "—"))

# --- sign-ups: public counts ----------------------------------------------------------------
st.markdown("#### Intekeningen per buurt en vraaggroep")
public = signup_repo.public_counts(campaign["id"])
low, high = signup_domain.thresholds()
if public:
    st.table(
        pd.DataFrame(
            [
                {
                    "Buurt": r["buurt"],
                    "Vraaggroep": r["group"],
                    "Huishoudens": r["households"],
                    "Ingetekend": r["signed_up"],
                    "Aandeel": "—" if r["share"] is None else f"{r['share']:.0%}",
                    "Drempel": signup_domain.threshold_label(r["share"]),
                }
                for r in public
            ]
        ).set_index("Buurt")
    )
    st.caption(f"Drempels: {low:.0%} en {high:.0%} van de huishoudens (zie docs/raad.md).")
    shares = signup_domain.by_buurt(public)
    areas = get_store().areas(level="buurt")
    areas = areas[areas["code"].isin(list(shares))]
    if not areas.empty:
        names = dict(zip(areas["code"], areas["name"], strict=True))
        colours, tooltips, legend = signup_domain.map_style(shares, names)
        area_map(
            areas, colours=colours, tooltips=tooltips, legend=legend, key="camp_map",
            legend_title="Ingetekend", height=420,
        )  # fmt: skip
else:
    st.caption("Nog geen intekeningen.")

# --- the campaign team: personal data -------------------------------------------------------
if campaign_repo.may_see_personal(user, campaign):
    st.markdown("#### Voor het campagneteam (niet openbaar)")
    with st.form("camp_signup"):
        st.markdown("**Intekening of twijfelaar invoeren**")
        values = {
            "address": st.text_input("Adres"),
            "bag_id": st.text_input("BAG-id (optioneel)"),
            "buurt": st.text_input("Buurtcode"),
            "group": st.text_input("Vraaggroep"),
            "status": st.selectbox("Status", list(signup_domain.STATUSES)),
            "name": st.text_input("Naam"),
            "contact": st.text_input("Telefoon of e-mail"),
            "consent": "ja" if st.checkbox("Toestemming om naam en contact te bewaren") else "nee",
        }
        values["date"] = st.date_input("Datum", value=date.today()).isoformat()
        if st.form_submit_button("Intekening opslaan"):
            ok, _ = attempt(
                lambda: signup_repo.add_signup(campaign["id"], values, user=user),
                success="De intekening is opgeslagen.",
            )
            if ok:
                st.rerun()
    private = signup_repo.private_list(campaign["id"], user=user)
    if private:
        st.table(pd.DataFrame(private).drop(columns=["id", "consent_text"]).set_index("address"))
        st.caption(
            "via = wie de intekening invoerde ('zelf' = de intekenpagina); consent_at = wanneer "
            "het huishouden daar toestemming gaf, met de tekst hieronder."
        )
        with st.expander("Toestemmingsteksten van zelf-intekenaars"):
            for r in private:
                if r["consent_text"]:
                    st.markdown(f"- {md(r['address'] or r['bag_id'])}: {md(r['consent_text'])}")
        with st.form("camp_erase"):
            gone = st.selectbox(
                "Intekening verwijderen op verzoek (AVG)",
                private,
                format_func=lambda r: f"{r['address'] or r['bag_id']} ({r['buurt']})",
            )
            if st.form_submit_button("Definitief verwijderen"):
                ok, _ = attempt(
                    lambda: signup_repo.delete_on_request(campaign["id"], gone["id"], user=user),
                    success="De intekening is verwijderd.",
                )
                if ok:
                    st.rerun()

if not is_chair():
    st.stop()

st.markdown("#### Beheer (presidium)")
st.markdown("**Zetel vullen**")
geleding = st.selectbox("Zetel van geleding", list(GELEDINGEN), format_func=lambda g: LABELS[g])
with st.form("camp_seat"):
    actors = [a for a in actor_repo.list_actors(None) if a.geleding == geleding]
    options = [None, *[a.id for a in actors]]
    names = {a.id: a.name for a in actors}
    actor_id = st.selectbox(
        "Actor van de transitiekaart",
        options,
        format_func=lambda i: "vacant" if i is None else names[i],
    )
    if st.form_submit_button("Zetel opslaan"):
        ok, _ = attempt(
            lambda: campaign_repo.fill_seat(campaign["id"], geleding, actor_id, user=user),
            success="De zetel is bijgewerkt.",
        )
        if ok:
            st.rerun()
with st.form("camp_milestone"):
    st.markdown("**Mijlpaal toevoegen**")
    title = st.text_input("Mijlpaal")
    due = st.date_input("Datum", value=None)
    if st.form_submit_button("Mijlpaal toevoegen"):
        ok, _ = attempt(
            lambda: campaign_repo.add_milestone(campaign["id"], title, due, user=user),
            success="De mijlpaal is toegevoegd.",
        )
        if ok:
            st.rerun()
if campaign["milestones"]:
    with st.form("camp_progress"):
        ms = st.selectbox("Mijlpaal", campaign["milestones"], format_func=lambda m: m["title"])
        progress = st.slider("Voortgang (%)", 0, 100, 0)
        if st.form_submit_button("Voortgang opslaan"):
            ok, _ = attempt(
                lambda: campaign_repo.set_progress(ms["id"], progress, user=user),
                success="De voortgang is opgeslagen.",
            )
            if ok:
                st.rerun()
with st.form("camp_edit"):
    st.markdown("**Status, team en canvas**")
    status = st.selectbox(
        "Status", list(domain.STATUSES), index=list(domain.STATUSES).index(campaign["status"])
    )
    team = st.text_input(
        "Accounts van het campagneteam (met komma's)", value=", ".join(campaign["team_accounts"])
    )
    texts = {
        k: st.text_area(label, value=canvas.get(k, ""))
        for k, label in domain.CANVAS_TEXT_FIELDS.items()
    }
    partners = {
        g: st.text_input(f"Partners {LABELS[g]}", value=canvas.get("partners", {}).get(g, ""))
        for g in GELEDINGEN
    }
    indicator_names = [i["name"] for i in indicator_repo.list_indicators()]
    tracked = st.multiselect(
        "Indicatoren die de campagne volgen",
        indicator_names,
        default=[i for i in canvas.get("indicators", []) if i in indicator_names],
    )
    if st.form_submit_button("Campagne opslaan"):
        ok, _ = attempt(
            lambda: campaign_repo.update_campaign(
                campaign["id"],
                status=status,
                team_accounts=team.split(","),
                canvas={**texts, "partners": partners, "indicators": tracked},
                user=user,
            ),  # fmt: skip
            success="De campagne is opgeslagen.",
        )
        if ok:
            st.rerun()
with st.form("camp_households"):
    st.markdown("**Aantal huishoudens per buurt en vraaggroep** (de noemer van het aandeel)")
    buurt = st.text_input("Buurtcode", key="hh_buurt")
    group = st.text_input("Vraaggroep", key="hh_group")
    households = st.number_input("Huishoudens", min_value=0, value=0, step=1)
    if st.form_submit_button("Aantal opslaan"):
        ok, _ = attempt(
            lambda: signup_repo.set_households(
                campaign["id"], buurt, group, int(households), user=user
            ),
            success="Het aantal huishoudens is opgeslagen.",
        )
        if ok:
            st.rerun()
