"""Page "Intekenen": a household signs up itself for a campaign (no account needed).

Public: the page shows only counts per buurt and demand group; what a household types goes
to the campaign team (page Campagnes), with the consent text and moment it agreed to.
Checks, limits and rate limits live in transitieatlas.council.signups / signup_repo.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from transitieatlas.council import campaign_repo, signup_repo
from transitieatlas.council import signups as domain
from transitieatlas.pages._setup import get_store
from transitieatlas.pages._ui import attempt, clear_keys, client_address, login_box, md, show_flash

st.title("Intekenen")
login_box()
show_flash()
st.caption(
    "Doet u mee met de aanpak voor uw buurt? Teken hier in voor uw buurt en vraaggroep. "
    "Openbaar zijn alleen aantallen; uw gegevens ziet alleen het campagneteam."
)

campaigns = [c for c in campaign_repo.list_campaigns() if c["status"] in domain.SELF_SIGNUP_OPEN]
if not campaigns:
    st.info("Er is nu geen campagne waarvoor u kunt intekenen.")
    st.stop()
by_id = {c["id"]: c for c in campaigns}
campaign = by_id[
    st.selectbox(
        "Campagne",
        list(by_id),
        format_func=lambda i: by_id[i]["title"],
        key="sign_pick",
        placeholder="Kies een campagne",
    )
]
pairs = signup_repo.open_pairs(campaign["id"])
if not pairs:
    st.info("Het campagneteam heeft voor deze campagne nog geen buurten en vraaggroepen opengezet.")
    st.stop()

public = signup_repo.public_counts(campaign["id"])
st.markdown("#### Zoveel huishoudens tekenden al in")
st.table(
    pd.DataFrame(
        [
            {
                "Buurt": r["buurt"],
                "Vraaggroep": r["group"],
                "Ingetekend": r["signed_up"],
                "Aandeel": "—" if r["share"] is None else f"{r['share']:.0%}",
            }
            for r in public
        ]
    ).set_index("Buurt")
)

buurt_codes = sorted({b for b, _ in pairs})
try:
    found = get_store().areas(codes=buurt_codes)
    names = dict(zip(found["code"], found["name"], strict=True))
except Exception:  # noqa: BLE001 - names are a convenience; codes still work without a store
    names = {}
buurt = st.selectbox(
    "Uw buurt",
    buurt_codes,
    format_func=lambda c: f"{names[c]} ({c})" if c in names else c,
    key="sign_buurt",
    placeholder="Kies uw buurt",
)
with st.form("sign_form"):
    group = st.selectbox(
        "Uw vraaggroep",
        [g for b, g in pairs if b == buurt],
        key="sign_group",
        placeholder="Kies uw vraaggroep",
    )
    address = st.text_input(
        "Adres (straat, huisnummer, plaats)",
        max_chars=domain.MAX_LENGTHS["address"],
        key="sign_address",
    )
    bag_id = st.text_input("Of: BAG-id van uw woning (16 cijfers)", key="sign_bag")
    status = st.radio(
        "Wat wilt u?",
        list(domain.STATUSES),
        format_func=lambda s: "Ik teken in" if s == "ingetekend" else "Ik twijfel nog: kom langs",
        key="sign_status",
    )
    name = st.text_input(
        "Naam (niet verplicht)", max_chars=domain.MAX_LENGTHS["name"], key="sign_name"
    )
    contact = st.text_input(
        "Telefoon of e-mail (niet verplicht; wel nodig voor een bezoek)",
        max_chars=domain.MAX_LENGTHS["contact"],
        key="sign_contact",
    )
    st.markdown(md(domain.CONSENT_TEXT.format(campaign=campaign["title"])))
    consent = st.checkbox("Ik geef deze toestemming", key="sign_consent")
    if st.form_submit_button("Intekenen"):
        values = {"buurt": buurt, "group": group or "", "address": address, "bag_id": bag_id,
                  "status": status, "name": name, "contact": contact}  # fmt: skip
        ok, _ = attempt(
            lambda: signup_repo.self_signup(
                campaign["id"], values, consent=consent, client=client_address()
            ),
            success="Dank u wel: uw intekening is ontvangen. Het campagneteam neemt haar mee.",
        )
        if ok:
            clear_keys("sign_")
            st.rerun()
