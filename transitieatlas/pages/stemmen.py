"""Page "Stemmen": vote with a one-time code; the chair opens, runs and closes rounds."""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from transitieatlas.geledingen import GELEDINGEN, LABELS
from transitieatlas.pages._ui import (
    FLASH_KEY,
    attempt,
    clear_keys,
    geleding_select,
    is_chair,
    login_box,
    md,
    show_flash,
)
from transitieatlas.voting import count as voting
from transitieatlas.voting import rounds

st.title("Stemmen")
user = login_box()
show_flash()

CHECKED = "stem_checked"
METHOD_HELP = {
    "borda": "Kies de onderwerpen in volgorde van voorkeur: wat u het eerst kiest, staat bovenaan. "
    "U hoeft niet alles te kiezen.",
    "approval": "Vink elk onderwerp aan dat u steunt. Zoveel als u wilt.",
}


def ballot_widget(method: str, items: list[str], key: str) -> list[str]:
    """The choices of one ballot: an ordered multiselect (borda) or checkboxes (approval)."""
    st.caption(METHOD_HELP[method] + " Niets kiezen is een blanco stem.")
    if method == "borda":
        chosen = st.multiselect(
            "Uw rangorde", items, key=f"{key}_rank", placeholder="Kies een onderwerp"
        )
        if chosen:
            st.markdown("\n".join(f"{i}. {md(item)}" for i, item in enumerate(chosen, start=1)))
        return chosen
    return [item for item in items if st.checkbox(md(item), key=f"{key}_ok_{item}")]


# --- the voter --------------------------------------------------------------------------

st.subheader("Stem uitbrengen")
checked = st.session_state.get(CHECKED)
if checked is None:
    with st.form("stem_code_form"):
        code = st.text_input("Uw stemcode", value=st.query_params.get("code", ""))
        if st.form_submit_button("Verder"):
            ok, info = attempt(lambda: rounds.check_code(code))
            if ok:
                st.session_state[CHECKED] = info
                st.rerun()
else:
    ballot_for: rounds.CodeInfo = checked
    st.markdown(
        f"**{md(ballot_for.title)}** · u stemt voor de geleding **{LABELS[ballot_for.geleding]}** "
        f"· methode: {voting.METHOD_LABELS[ballot_for.method]}"
    )
    code_text = ballot_for.code
    code_key = rounds.normalise_code(code_text)
    choices = ballot_widget(ballot_for.method, list(ballot_for.items), f"stem_{code_key}")
    left, right = st.columns(2)
    if left.button("Stem uitbrengen", type="primary"):
        ok, receipt = attempt(lambda: rounds.cast_ballot(code_text, choices))
        if ok:
            st.session_state.pop(CHECKED, None)
            clear_keys("stem_")
            st.session_state[FLASH_KEY] = (
                f"Uw stem is opgeslagen. Bewijsnummer: {receipt}. Na het sluiten van de ronde "
                "staat dit nummer in de lijst van getelde stemmen (pagina Uitslag). Het nummer "
                "zegt niets over wat u hebt gekozen: niemand kan daarmee uw stem zien."
            )
            st.rerun()
    if right.button("Andere code"):
        st.session_state.pop(CHECKED, None)
        clear_keys("stem_")
        st.rerun()

if not is_chair():
    st.caption("Stemrondes openen en sluiten kan de voorzitter na inloggen (zijbalk).")
    st.stop()

# --- the chair --------------------------------------------------------------------------

st.divider()
st.subheader("Nieuwe stemronde")
source = st.radio(
    "Waarover wordt gestemd?",
    ["cluster", "kwestie", "vrij"],
    format_func={"cluster": "de clusters", "kwestie": "de kwesties", "vrij": "zelf invullen"}.get,
    horizontal=True,
    key="ronde_source",
)
if source == "vrij":
    typed = st.text_area("Onderwerpen (één per regel)", key="ronde_free")
    candidates = [line.strip() for line in typed.splitlines() if line.strip()]
else:
    _, found = attempt(lambda: rounds.vote_items(source))
    candidates = found or []
with st.form("ronde_open"):
    title = st.text_input("Titel van de ronde", value=f"Prioriteiten {date.today():%Y-%m-%d}")
    method = st.radio(
        "Methode", voting.METHODS, format_func=voting.METHOD_LABELS.get, horizontal=True
    )
    items = st.multiselect(
        "Onderwerpen", candidates, default=candidates, placeholder="Kies onderwerpen"
    )
    two = st.checkbox("Met een tweede ronde (de besten gaan door, gerangschikt met Borda)")
    k = st.number_input("Aantal onderwerpen in de tweede ronde", min_value=2, value=3, step=1)
    if st.form_submit_button("Ronde openen"):
        ok, _ = attempt(
            lambda: rounds.open_round(
                title,
                method,
                items,
                item_kind=source,
                shortlist_size=int(k) if two else None,
                user=user,
            ),
            f"Stemronde '{md(title.strip())}' is geopend.",
        )
        if ok:
            st.rerun()


def chair_round(r: rounds.RoundInfo) -> None:
    """Codes, paper ballots and closing for one open round."""
    rid = r.id
    st.write(
        f"Methode: {voting.METHOD_LABELS[r.method]} · onderwerpen: "
        + ", ".join(md(i) for i in r.items)
        + (f" · tweede ronde met {r.shortlist_size}" if r.shortlist_size else "")
    )
    st.metric("Ontvangen stemmen", r.ballots)
    st.caption(f"Stemcodes: {r.codes_issued} gemaakt, {r.codes_spent} gebruikt.")

    with st.form(f"codes_{rid}"):
        st.markdown("**Stemcodes maken** (aantal per geleding)")
        cols = st.columns(len(GELEDINGEN))
        counts = {
            g: int(col.number_input(LABELS[g], min_value=0, value=0, key=f"n_{rid}_{g}"))
            for g, col in zip(GELEDINGEN, cols, strict=True)
        }
        if st.form_submit_button("Codes maken"):
            ok, made = attempt(lambda: rounds.issue_codes(rid, counts, user=user))
            if ok:
                st.session_state[FLASH_KEY] = f"{len(made)} stemcodes gemaakt."
                st.rerun()
    codes = rounds.code_list(rid, user=user)
    if codes:
        with st.expander("Lijst met stemcodes (om te printen)"):
            st.table(
                [
                    {
                        "code": c["code"],
                        "geleding": LABELS[c["geleding"]],
                        "gebruikt": "ja" if c["spent"] else "nee",
                    }
                    for c in codes
                ]
            )
            st.download_button(
                "Briefjes om te printen (HTML)",
                rounds.codes_printable_html(r.title, codes, vote_url=voting_page_url()),
                file_name=f"stemcodes-ronde-{rid}.html",
                mime="text/html",
                key=f"print_{rid}",
            )

    if st.toggle("Papieren stembiljetten invoeren", key=f"paper_on_{rid}"):
        geleding = geleding_select("Geleding van de kiezer", f"paper_g_{rid}")
        entered = st.session_state.setdefault(f"paper_n_{rid}", 0)
        paper = ballot_widget(r.method, list(r.items), f"paper_{rid}_{entered}")
        if st.button("Stembiljet invoeren", key=f"paper_go_{rid}"):
            ok, _ = attempt(
                lambda: rounds.enter_paper_ballot(rid, geleding, paper, user=user),
                "Het papieren stembiljet is ingevoerd.",
            )
            if ok:
                clear_keys(f"paper_{rid}_{entered}_")
                st.session_state[f"paper_n_{rid}"] = entered + 1  # fresh, empty widgets
                st.rerun()

    with st.form(f"close_{rid}"):
        st.markdown("**Ronde sluiten en uitslag publiceren**")
        seed_text = st.text_input(
            "Startgetal voor een eventuele loting (leeg = willekeurig)", key=f"seed_{rid}"
        )
        plan = st.checkbox("Datum van de volgende stemming vastleggen", key=f"plan_{rid}")
        when = st.date_input("Volgende stemming", key=f"when_{rid}")
        if st.form_submit_button("Ronde sluiten"):
            ok, _ = attempt(
                lambda: rounds.close_round(
                    rid,
                    user=user,
                    seed=rounds.parse_seed(seed_text),
                    next_vote_on=when if plan else None,
                ),
                f"Ronde '{md(r.title)}' is gesloten; de uitslag staat op de pagina Uitslag.",
            )
            if ok:
                st.rerun()


def voting_page_url() -> str | None:
    """The address of this page as the chair's browser sees it (for the QR codes)."""
    url = st.context.url or ""
    return url.split("?", 1)[0] or None


open_rounds = rounds.list_rounds(rounds.OPEN)
if open_rounds:
    st.subheader("Open rondes")
for r in open_rounds:
    with st.container(border=True):
        st.markdown(f"#### {md(r.title)}")
        chair_round(r)

pending = [r for r in rounds.list_rounds(rounds.CLOSED) if r.awaits_second_round()]
for r in pending:
    with st.container(border=True):
        shortlist = r.shortlist()
        st.markdown(
            f"**{md(r.title)}** is gesloten. Naar de tweede ronde gaan: "
            + ", ".join(md(i) for i in shortlist)
            + "."
        )
        if st.button("Tweede ronde openen", key=f"second_{r.id}"):
            ok, _ = attempt(
                partial(rounds.open_second_round, r.id, user=user),
                "De tweede ronde is geopend.",
            )
            if ok:
                st.rerun()
