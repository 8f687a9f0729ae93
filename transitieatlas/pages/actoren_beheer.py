"""Page "Actoren beheren": the presidium's editorial desk for the transitiekaart.

Log in (accounts: ``transitieatlas users add NAME --role editor``), then approve or reject
submissions, add and edit actors (with conflict detection), relate them, read the history,
restore deleted ones, import/export files and (administrators) download a backup.
"""

from __future__ import annotations

import streamlit as st

from transitieatlas.accounts import auth
from transitieatlas.accounts.auth import has_role
from transitieatlas.actors import model as domain
from transitieatlas.actors import repo as actor_repo
from transitieatlas.actors.records import ActorRecord
from transitieatlas.areas import catalog
from transitieatlas.geledingen import LABELS
from transitieatlas.maps.component import area_map
from transitieatlas.pages._store import get_store
from transitieatlas.pages._ui import (
    actor_form,
    apply_map_event,
    attempt,
    buurten,
    choose_gemeente,
    login_box,
    md,
    show_flash,
)

st.title("Actoren beheren")
user = login_box()
if user is None or not has_role(user, "editor"):
    st.info(
        "Deze pagina is voor de redactie van het presidium. Log links in met uw account. "
        "Een beheerder maakt accounts aan met `transitieatlas users add NAAM --role editor`."
    )
    st.stop()


def label(actor: ActorRecord) -> str:
    """How an actor is named in select boxes."""
    return f"{actor.name} ({LABELS.get(actor.geleding, actor.geleding)}, nr {actor.id})"


def run(action, success: str) -> bool:  # type: ignore[no-untyped-def]
    """Run a repository call; its Dutch error or conflict is shown instead of a traceback."""
    return attempt(action, success)[0]


show_flash()

actors = actor_repo.list_actors(user)
by_id = {a.id: a for a in actors}

# The map: a click on a spot fills the location of "Nieuwe actor" and of the actor being
# edited; a click on a marker opens that actor in "Bewerken".
editing = st.session_state.get("be_edit_id")
prefixes = ["be_new"]
if editing is not None and f"be_opened_{editing}" in st.session_state:
    prefixes.append(f"be_{editing}_{st.session_state[f'be_opened_{editing}']}")
event = apply_map_event("be_map", "be_seq", prefixes)
if event and event.get("type") == "marker" and int(event["id"]) in by_id:
    st.session_state["be_edit_id"] = int(event["id"])
elif event and event.get("type") == "point":
    st.info(
        f"Plek gekozen: lon {event['lon']:.6f}, lat {event['lat']:.6f}; ingevuld bij "
        "'Nieuwe actor' en bij de actor die u bewerkt."
    )
store = get_store()
options = catalog.gemeenten(store)
if not options.empty:
    with st.expander(
        "Kaart: klik om een plek te kiezen of op een stip om te bewerken", expanded=True
    ):
        gemeente = choose_gemeente(options, key="be_gemeente")
        assert gemeente is not None  # options is not empty
        areas = catalog.buurten_of(store, gemeente)
        area_map(
            areas,
            colours=dict.fromkeys(areas["code"], "#e8e6df"),
            tooltips=dict(zip(areas["code"], areas["name"], strict=True)),
            legend=[(e["colour"], e["label"]) for e in domain.legend()],
            legend_title="Geleding",
            markers=domain.map_markers(actors, show_status=True),
            height=420,
            key="be_map",
        )
tabs = st.tabs(
    [
        "Aanmeldingen",
        "Bewerken",
        "Nieuwe actor",
        "Relaties",
        "Geschiedenis",
        "Verwijderd",
        "Bestanden",
        *(["Accounts"] if has_role(user, "admin") else []),
    ]
)

with tabs[0]:
    pending = [a for a in actors if a.status == "pending"]
    waiting = "1 aanmelding wacht" if len(pending) == 1 else f"{len(pending)} aanmeldingen wachten"
    st.caption(f"{waiting} op een besluit.")
    for actor in pending:
        with st.container(border=True):
            st.text(label(actor))
            if actor.description:
                st.text(actor.description)
            if actor.submitted_by:
                st.text("Aangemeld door: " + actor.submitted_by)
            c1, c2 = st.columns(2)
            if c1.button("Goedkeuren", key=f"be_ok_{actor.id}") and run(
                lambda a=actor: actor_repo.approve_actor(a.id, user, a.version),
                "Goedgekeurd.",
            ):
                st.rerun()
            if c2.button("Afwijzen", key=f"be_no_{actor.id}") and run(
                lambda a=actor: actor_repo.reject_actor(a.id, user, a.version),
                "Afgewezen.",
            ):
                st.rerun()

with tabs[1]:
    if not actors:
        st.info("Er zijn nog geen actoren.")
    else:
        chosen = st.selectbox(
            "Actor", list(by_id), format_func=lambda i: label(by_id[i]), key="be_edit_id"
        )
        opened_key = f"be_opened_{chosen}"
        if opened_key not in st.session_state:
            st.session_state[opened_key] = by_id[chosen].version
        opened = st.session_state[opened_key]
        st.caption(
            f"Status: {domain.STATUS_LABELS[by_id[chosen].status]} · u bewerkt versie {opened}"
        )
        with st.form(f"be_edit_{chosen}_{opened}"):
            values = actor_form(f"be_{chosen}_{opened}", by_id[chosen])
            save = st.form_submit_button("Opslaan")
        if save:
            ok = run(
                lambda: actor_repo.edit_actor(chosen, values, user, opened, buurten=buurten()),
                "Opgeslagen.",
            )
            if ok:
                del st.session_state[opened_key]
                st.rerun()
        c1, c2 = st.columns(2)
        if c1.button("Opnieuw laden", key=f"be_reload_{chosen}"):
            st.session_state.pop(opened_key, None)
            st.rerun()
        if c2.button("Verwijderen (kan worden teruggezet)", key=f"be_del_{chosen}") and run(
            lambda: actor_repo.delete_actor(chosen, user, opened), "Verwijderd."
        ):
            st.session_state.pop(opened_key, None)
            st.rerun()

with tabs[2], st.form("be_new"):
    values = actor_form("be_new")
    if st.form_submit_button("Toevoegen") and run(
        lambda: actor_repo.create_actor(values, user, buurten=buurten()), "Toegevoegd."
    ):
        st.rerun()

with tabs[3]:
    if len(actors) >= 2:
        with st.form("be_relation"):
            ids = list(by_id)
            source = st.selectbox("Van", ids, format_func=lambda i: label(by_id[i]))
            kind = st.selectbox("Soort relatie", domain.RELATION_SUGGESTIONS)
            target = st.selectbox("Naar", ids, index=1, format_func=lambda i: label(by_id[i]))
            if st.form_submit_button("Relatie leggen") and run(
                lambda: actor_repo.add_relation(source, target, kind, user), "Relatie gelegd."
            ):
                st.rerun()
    for relation in actor_repo.list_relations(user):
        start, end = by_id.get(relation.source_id), by_id.get(relation.target_id)
        if start and end:
            c1, c2 = st.columns([4, 1])
            c1.text(f"{start.name} – {relation.kind} → {end.name}")
            if c2.button("Weghalen", key=f"be_rel_del_{relation.id}"):
                run(lambda r=relation: actor_repo.remove_relation(r.id, user), "Weggehaald.")
                st.rerun()

with tabs[4]:
    everyone = actor_repo.list_actors(user, include_deleted=True)
    if everyone:
        names = {a.id: label(a) for a in everyone}
        which = st.selectbox("Actor", list(names), format_func=lambda i: names[i], key="be_hist_id")
        if which is not None:
            history = actor_repo.actor_history(which, user)
            st.dataframe(domain.history_table(history), hide_index=True)

with tabs[5]:
    deleted = [a for a in actor_repo.list_actors(user, include_deleted=True) if a.deleted]
    if not deleted:
        st.caption("Er zijn geen verwijderde actoren.")
    for actor in deleted:
        c1, c2 = st.columns([4, 1])
        c1.text(label(actor))
        if c2.button("Terugzetten", key=f"be_restore_{actor.id}"):
            run(lambda a=actor: actor_repo.restore_actor(a.id, user), "Teruggezet.")
            st.rerun()

with tabs[6]:
    st.download_button(
        "Exporteer als CSV", actor_repo.export_actors(user, "csv"), "actoren.csv", "text/csv"
    )
    st.download_button(
        "Exporteer als GeoJSON",
        actor_repo.export_actors(user, "geojson"),
        "actoren.geojson",
        "application/geo+json",
    )
    if has_role(user, "admin"):
        st.subheader("Importeren")
        st.caption(
            "CSV, GeoJSON of Excel met de kolommen name, geleding, kind, description, website, "
            "lon, lat, tags (labels gescheiden door ;). Alle rijen worden eerst gecontroleerd; "
            "bij één fout wordt niets opgeslagen."
        )
        upload = st.file_uploader("Bestand", type=["csv", "geojson", "json", "xlsx"])
        as_pending = st.checkbox("Als aanmeldingen importeren (nog goed te keuren)")
        if upload is not None and st.button("Importeren"):
            imported = run(
                lambda: actor_repo.import_actors(
                    domain.parse_file(upload.name, upload.getvalue()),
                    user,
                    pending=as_pending,
                    buurten=buurten(),
                ),
                "Geïmporteerd.",
            )
            if imported:
                st.rerun()
        st.subheader("Back-up")
        st.download_button(
            "Download back-up (alles wat gebruikers maakten; accounts zonder wachtwoorden)",
            actor_repo.backup_json(user),
            "transitieatlas-backup.json",
            "application/json",
        )

if has_role(user, "admin"):
    with tabs[7]:
        st.dataframe(
            [
                {
                    "Naam": u["name"],
                    "Rol": auth.ROLE_LABELS[u["role"]],
                    "Actief": "ja" if u["active"] else "geblokkeerd",
                    "Wachtwoord": "ingesteld" if u["has_password"] else "ontbreekt",
                }
                for u in auth.list_users()
            ],
            hide_index=True,
        )
        with st.form("be_user_add"):
            st.subheader("Account aanmaken of nieuw wachtwoord")
            name = st.text_input("Naam", key="be_user_name")
            role = st.selectbox(
                "Rol",
                ["editor", "admin"],
                format_func=lambda r: auth.ROLE_LABELS[r],
                key="be_user_role",
            )
            password = st.text_input(
                "Wachtwoord (minstens 8 tekens)", type="password", key="be_user_pw"
            )
            c1, c2 = st.columns(2)
            add = c1.form_submit_button("Account aanmaken")
            reset = c2.form_submit_button("Alleen wachtwoord wijzigen")
        if add and run(
            lambda: auth.add_user(name, role, password), f"Account '{md(name.strip())}' aangemaakt."
        ):
            st.rerun()
        if reset and run(lambda: auth.set_password(name, password), "Wachtwoord gewijzigd."):
            st.rerun()
        others = [u["name"] for u in auth.list_users() if u["name"] != user.name]
        if others:
            c1, c2, c3 = st.columns([2, 1, 1])
            who = c1.selectbox("Account", others, key="be_user_block_name")
            if c2.button("Blokkeren", key="be_user_block") and run(
                lambda: auth.set_active(who, False), "Geblokkeerd."
            ):
                st.rerun()
            if c3.button("Weer toelaten", key="be_user_unblock") and run(
                lambda: auth.set_active(who, True), "Weer toegelaten."
            ):
                st.rerun()
