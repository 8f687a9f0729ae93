"""Page "Vergadering": agenda (4.6.5), kwesties per geleding, speaking time, minutes (4.6.6)."""

from __future__ import annotations

import time
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from transitieatlas.council import agenda, campaign_repo, indicator_repo, meeting_repo, speaking
from transitieatlas.db.gebieden import list_afbakeningen
from transitieatlas.finance.wup import render_pdf
from transitieatlas.geledingen import GELEDINGEN, LABELS
from transitieatlas.pages._setup import get_store
from transitieatlas.pages._ui import attempt, is_chair, login_box, md, show_flash
from transitieatlas.voting import rounds

TIMER_KEY = "speaking_events"

st.title("Vergadering")
user = login_box()
show_flash()

with (
    st.expander("Een kwestie inbrengen met uw inbrengcode", expanded=not is_chair()),
    st.form("meet_submit"),
):
    code = st.text_input("Inbrengcode (van het briefje van uw geleding)")
    title = st.text_input("Titel van de kwestie")
    description = st.text_area("Toelichting")
    if st.form_submit_button("Kwestie inbrengen"):
        ok, _ = attempt(
            lambda: meeting_repo.submit_kwestie(code, title, description),
            success="Dank u: de kwestie is ingebracht. Het presidium bekijkt haar.",
        )
        if ok:
            st.rerun()

published = meeting_repo.published_minutes()
st.subheader("Verslagen")
if not published:
    st.caption("Nog geen gepubliceerde verslagen.")
for m in published:
    status = "vastgesteld" if m.minutes_status == "vastgesteld" else "concept"
    with st.expander(f"Verslag {agenda.dutch_date(m.held_on)} ({status})"):
        st.markdown(md(m.minutes_md))
        for d in meeting_repo.decisions(m.id):
            links = ", ".join(x for x in (d["kwestie"], d["campaign"], d["indicator"]) if x)
            st.markdown(f"- Besluit: {md(d['text'])}" + (f" ({md(links)})" if links else ""))

if not is_chair():
    st.stop()

st.subheader("Voorbereiden (presidium)")
with st.form("meet_new"):
    day = st.date_input("Datum van de vergadering", value=date.today(), format="DD-MM-YYYY")
    if st.form_submit_button("Vergadering plannen"):
        ok, _ = attempt(
            lambda: meeting_repo.create_meeting(day, user=user),
            success=f"Vergadering van {agenda.dutch_date(day)} gepland.",
        )
        if ok:
            st.rerun()
meetings = meeting_repo.list_meetings()
if not meetings:
    st.stop()
by_id = {m.id: m for m in meetings}  # ids as options: the records are read fresh each run
meeting = by_id[
    st.selectbox(
        "Vergadering",
        list(by_id),
        format_func=lambda i: agenda.dutch_date(by_id[i].held_on),
        key="meet_pick",
    )
]
areas = ["", *[a["name"] for a in list_afbakeningen()]]
area = st.selectbox(
    "Gebied voor de cijfers", areas, format_func=lambda a: a or "(geen)", key="meet_area"
)

PARTS = ["Agenda", "Ingebrachte kwesties", "Spreektijd", "Verslag"]
part = st.radio("Onderdeel", PARTS, horizontal=True, key="meet_part")  # kept across reruns
if part == "Agenda":
    text = meeting_repo.agenda_markdown(meeting.id, area, get_store() if area else None)
    st.markdown(text)
    edited = st.text_area(
        "Agenda bewerken (Markdown; leeg = opnieuw maken)", value=text, height=300
    )
    if st.button("Agenda opslaan", key="meet_agenda_save"):
        ok, _ = attempt(
            lambda: meeting_repo.save_agenda(meeting.id, edited, user=user),
            success="De agenda is opgeslagen.",
        )
        if ok:
            st.rerun()
    heading = f"Agenda {agenda.dutch_date(meeting.held_on)}"
    st.download_button(
        "Agenda als HTML", agenda.markdown_to_html(text, heading), file_name="agenda.html"
    )
    st.download_button("Agenda als Markdown", text, file_name="agenda.md")
    if st.button("Agenda als PDF maken", key="meet_agenda_pdf"):
        ok, pdf = attempt(lambda: render_pdf(agenda.markdown_to_html(text, heading)))
        if ok:
            st.download_button("PDF downloaden", pdf, file_name="agenda.pdf")

if part == "Ingebrachte kwesties":
    with st.form("meet_codes"):
        st.markdown("**Inbrengcodes per geleding** (elke code werkt één keer)")
        counts = {
            g: int(st.number_input(LABELS[g], min_value=0, max_value=50, value=0, key=f"mc_{g}"))
            for g in GELEDINGEN
        }
        if st.form_submit_button("Codes maken"):
            ok, made = attempt(lambda: meeting_repo.issue_codes(meeting.id, counts, user=user))
            if ok:
                st.session_state["meet_codes_made"] = made
    made = st.session_state.get("meet_codes_made")
    if made:
        st.table(
            pd.DataFrame([{"Code": c, "Geleding": LABELS[g]} for c, g in made]).set_index("Code")
        )
    for sub in meeting_repo.list_submissions(meeting.id):
        with st.container(border=True):
            st.markdown(f"**{md(sub['title'])}** · {LABELS[sub['geleding']]} · {sub['status']}")
            if sub["description"]:
                st.caption(md(sub["description"]))
            if sub["status"] == "ingediend":
                accept, reject = st.columns(2)
                if accept.button("Toelaten", key=f"acc_{sub['id']}"):
                    ok, _ = attempt(
                        partial(meeting_repo.moderate, sub["id"], True, user=user),
                        success=f"'{sub['title']}' staat bij de kwesties.",
                    )
                    if ok:
                        st.rerun()
                if reject.button("Afwijzen", key=f"rej_{sub['id']}"):
                    ok, _ = attempt(partial(meeting_repo.moderate, sub["id"], False, user=user))
                    if ok:
                        st.rerun()


def speaking_view(minutes: float) -> None:
    """The timer table and bars; see :func:`live_speaking_view` for the refresh."""
    state = speaking.timer_state(st.session_state.get(TIMER_KEY, []), time.monotonic(), minutes)
    st.dataframe(pd.DataFrame(speaking.state_rows(state)), hide_index=True)
    st.caption(
        f"Dit agendapunt: {speaking.clock(state.elapsed)} gesproken, "
        f"{speaking.clock(state.item_left)} over."
        + ("" if state.ticking else " Niemand aan het woord: de klok staat stil.")
    )


def live_speaking_view(minutes: float) -> None:
    """Only this part reruns, every second while somebody speaks (st.fragment)."""
    ticking = speaking.current_speaker(st.session_state.get(TIMER_KEY, [])) is not None
    st.fragment(speaking_view, run_every=1.0 if ticking else None)(minutes)


if part == "Spreektijd":
    minutes = st.number_input("Minuten voor dit agendapunt", min_value=1, value=10, step=1)
    events = st.session_state.setdefault(TIMER_KEY, [])
    columns = st.columns(len(GELEDINGEN) + 1)
    for column, g in zip(columns, GELEDINGEN, strict=False):
        if column.button(LABELS[g], key=f"spk_{g}"):
            events.append((time.monotonic(), g))
            st.rerun()
    if columns[-1].button("Niemand", key="spk_none"):
        events.append((time.monotonic(), None))
        st.rerun()
    live_speaking_view(minutes)
    if st.button("Opnieuw beginnen", key="spk_reset"):
        st.session_state[TIMER_KEY] = []
        st.rerun()

if part == "Verslag":
    adopted = meeting.minutes_status == "vastgesteld"
    st.caption(f"Status: {meeting.minutes_status}")
    if adopted:
        st.markdown(md(meeting.minutes_md))
    else:
        with st.form("meet_minutes"):
            body = st.text_area("Verslag", value=meeting.minutes_md, height=250)
            public = st.checkbox("Conceptverslag ook openbaar maken", value=meeting.publish_concept)
            if st.form_submit_button("Verslag opslaan"):
                ok, _ = attempt(
                    lambda: meeting_repo.save_minutes(
                        meeting.id, body, publish_concept=public, user=user
                    ),
                    success="Het verslag is opgeslagen.",
                )
                if ok:
                    st.rerun()
        with st.form("meet_decision"):
            decision = st.text_input("Besluit")
            kwestie = st.selectbox(
                "Over kwestie", [None, *rounds.list_kwesties()],
                format_func=lambda k: "—" if k is None else k.title,
            )  # fmt: skip
            campaign = st.selectbox(
                "Over campagne", [None, *campaign_repo.list_campaigns()],
                format_func=lambda c: "—" if c is None else c["title"],
            )  # fmt: skip
            indicator = st.selectbox(
                "Over indicator", [None, *indicator_repo.list_indicators()],
                format_func=lambda i: "—" if i is None else i["name"],
            )  # fmt: skip
            if st.form_submit_button("Besluit vastleggen"):
                ok, _ = attempt(
                    lambda: meeting_repo.add_decision(
                        meeting.id,
                        decision,
                        kwestie_id=kwestie.id if kwestie else None,
                        campaign_id=campaign["id"] if campaign else None,
                        indicator_id=indicator["id"] if indicator else None,
                        user=user,
                    ),  # fmt: skip
                    success="Het besluit is vastgelegd.",
                )
                if ok:
                    st.rerun()
        with st.form("meet_adopt"):
            on = st.date_input("Vastgesteld op", value=date.today(), format="DD-MM-YYYY")
            if st.form_submit_button("Verslag vaststellen"):
                ok, _ = attempt(
                    lambda: meeting_repo.adopt_minutes(meeting.id, on, user=user),
                    success="Het verslag is vastgesteld en gepubliceerd.",
                )
                if ok:
                    st.rerun()
    for d in meeting_repo.decisions(meeting.id):
        st.markdown(f"- Besluit: {md(d['text'])}")
