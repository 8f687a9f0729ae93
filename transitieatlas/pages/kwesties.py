"""Page "Kwesties": the inventory of kwesties per geleding and their clusters."""

from __future__ import annotations

import streamlit as st

from transitieatlas.evening import survey_repo
from transitieatlas.geledingen import COLOURS, LABELS
from transitieatlas.pages._ui import (
    FLASH_KEY,
    attempt,
    geleding_select,
    is_chair,
    login_box,
    md,
    show_flash,
)
from transitieatlas.voting import rounds

st.title("Kwesties")
user = login_box()
show_flash()
st.caption(
    "Elke geleding brengt kwesties in; het presidium bundelt ze in clusters. "
    "Daarna stemt de raad over de clusters (of over de kwesties zelf)."
)

kwesties = rounds.list_kwesties()
clusters = rounds.list_clusters()


def show_kwestie(k: rounds.KwestieInfo) -> None:
    """One kwestie: title, proposing geleding in its colour, description, links."""
    colour = COLOURS[k.geleding]
    st.markdown(f"**{md(k.title)}**")
    # only constants inside the HTML: the geleding's colour chip and label
    st.markdown(
        f"<span style='color:{colour}'>■</span> {LABELS[k.geleding]}",
        unsafe_allow_html=True,
    )
    if k.description:
        st.markdown(md(k.description))
    if k.links:
        st.caption("Verwijst naar: " + ", ".join(md(link) for link in k.links))


if not kwesties:
    st.info("Er zijn nog geen kwesties ingebracht.")
for cluster in clusters:
    with st.container(border=True):
        st.subheader(f"Cluster: {md(cluster.name)}")
        st.caption(f"Waarom samen: {md(cluster.explanation)}")
        for k in kwesties:
            if k.cluster == cluster.name:
                show_kwestie(k)
loose = [k for k in kwesties if not k.cluster]
if loose:
    st.subheader("Nog niet geclusterd")
    for k in loose:
        show_kwestie(k)

if is_chair():
    st.divider()
    st.subheader("Kwestie inbrengen")
    with st.form("kwestie_new", clear_on_submit=True):
        title = st.text_input("Titel", max_chars=rounds.LIMITS["title"])
        geleding = geleding_select("Ingebracht door geleding", "kwestie_geleding")
        description = st.text_area("Toelichting", max_chars=rounds.LIMITS["description"])
        links = st.text_area("Verwijzingen (buurtcodes, actoren of webadressen; één per regel)")
        proposer = st.text_input(
            "Ingebracht door (naam, mag leeg)", max_chars=rounds.LIMITS["proposed_by"]
        )
        if st.form_submit_button("Kwestie opslaan"):
            ok, _ = attempt(
                lambda: rounds.add_kwestie(
                    title, geleding, description, links.splitlines(), proposer, user=user
                ),
                f"Kwestie '{md(title.strip())}' is opgeslagen.",
            )
            if ok:
                st.rerun()

    closed = [s["name"] for s in survey_repo.list_surveys() if s["status"] == survey_repo.CLOSED]
    if closed:
        with st.expander("Kwesties uit een gesloten enquête van de informatieavond"):
            st.caption(
                "De rangorde uit de enquête wordt kwesties, de belangrijkste eerst; elke kwestie "
                "namens de geleding die haar het hoogst plaatste. Bestaande titels blijven staan."
            )
            source = st.selectbox("Enquête", closed, key="kw_survey")
            top = st.number_input("Hoeveel (0 = alle)", 0, 50, 0, key="kw_survey_top")
            if st.button("Kwesties maken", key="kw_from_survey"):
                ok, made = attempt(
                    lambda: survey_repo.make_kwesties(source, user=user, top=int(top) or None)
                )
                if ok:
                    added, skipped = made
                    st.session_state[FLASH_KEY] = (
                        f"{len(added)} kwesties gemaakt uit de enquête '{md(source)}'"
                        + (f"; {len(skipped)} bestonden al." if skipped else ".")
                    )
                    st.rerun()

    if kwesties:
        st.subheader("Clusteren")
        titles = {k.id: k.title for k in kwesties}
        with st.form("cluster_save"):
            name = st.text_input("Naam van het cluster (bestaand cluster: zelfde naam)")
            explanation = st.text_area("Uitleg: waarom horen deze kwesties bij elkaar?")
            chosen = st.multiselect(
                "Kwesties in dit cluster",
                list(titles),
                format_func=lambda i: titles[i],
                placeholder="Kies kwesties",
            )
            if (
                st.form_submit_button("Cluster opslaan")
                and attempt(
                    lambda: rounds.save_cluster(name, explanation, chosen, user=user),
                    f"Cluster '{md(name.strip())}' is opgeslagen.",
                )[0]
            ):
                st.rerun()
        with st.expander("Kwestie verwijderen of cluster opheffen"):
            gone: int = st.selectbox(
                "Kwestie", list(titles), format_func=lambda i: titles[i], key="kw_del"
            )
            if (
                st.button("Kwestie verwijderen")
                and attempt(lambda: rounds.delete_kwestie(gone, user=user), "Verwijderd.")[0]
            ):
                st.rerun()
            if clusters:
                names = {c.id: c.name for c in clusters}
                dissolve: int = st.selectbox(
                    "Cluster", list(names), format_func=lambda i: names[i], key="cl_del"
                )
                if (
                    st.button("Cluster opheffen")
                    and attempt(lambda: rounds.delete_cluster(dissolve, user=user), "Opgeheven.")[0]
                ):
                    st.rerun()
else:
    st.caption("Kwesties inbrengen en clusteren kan het presidium na inloggen (zijbalk).")
