"""Page "Vraaggroepen": buildings (or cells, or buurten) coloured by demand group, the group
figures, the interest per group from the evening's survey (counts only, no names), a rule
editor for the scheme, saved schemes with their history, business-park polygons (imported or
drawn), and exports (CSV, XLSX, GeoJSON, HTML map).

Thin: the groups come from transitieatlas.segmentation; colours, legend and files from
transitieatlas.segmentation.export; saving from transitieatlas.segmentation.repo (editor role).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from transitieatlas import segmentation
from transitieatlas.errors import TransitieatlasError
from transitieatlas.evening import survey_repo
from transitieatlas.maps.component import area_map
from transitieatlas.pages import _vg_cache as cache
from transitieatlas.pages._setup import page_setup
from transitieatlas.pages._ui import attempt, current_user, is_chair, md, show_flash
from transitieatlas.segmentation import details, export, repo
from transitieatlas.segmentation import parks as park_shapes
from transitieatlas.segmentation.groups import TABLE_COLUMNS
from transitieatlas.segmentation.scheme import (
    ROW_COLUMNS,
    apply_row_edits,
    rows_to_scheme,
    scheme_to_rows,
)

LEVEL_LABELS = {"pand": "panden", "cel": "vierkanten van 100 m", "buurt": "buurten"}
COLUMN_LABELS = {
    "label": "groep",
    "rule": "regel",
    "buildings": "panden",
    "dwellings": "woningen",
    "floor_area_m2": "oppervlakte (m²)",
    "heat_demand_gj": "warmtevraag (GJ/jaar)",
    "investment_low_eur": "investering laag (€)",
    "investment_high_eur": "investering hoog (€)",
    "households_cannot_invest": "huishoudens die niet kunnen",
    "buyers_per_year": "kopers bestaande woning per jaar (schatting)",
    "new_build_buildings": "nieuwbouwpanden (vergunning of in aanbouw)",
    "surplus_sources": "warmtebronnen",
    "surplus_mw": "vermogen (MW)",
    "surplus_gj": "overschot (GJ/jaar)",
}
DEFAULT_NAME = "(standaard)"
INTEREST_LABEL = "belangstelling (enquête)"
NO_SURVEY = "(geen)"


@st.cache_data(show_spinner=False, max_entries=8)
def _areas(_store, version: float, gemeente: str, level: str):
    return _store.areas(level=level, gemeente=gemeente)


def _set_scheme(new: segmentation.Scheme, label: str) -> None:
    """Show ``new`` from now on (and forget the unsaved edits of the rule table)."""
    st.session_state["vg_scheme"] = new.to_json()
    st.session_state["vg_scheme_label"] = label
    st.session_state.pop("vg_rules", None)


def _use(new: segmentation.Scheme, label: str) -> None:
    """:func:`_set_scheme` and run the page again (the map above already shows the old one)."""
    _set_scheme(new, label)
    st.rerun()


# Speed (issue 10): "Toepassen" and "Terug naar standaard" are callbacks. They run before the
# script, so the map shows the new scheme in the same run; with a button test in the script a
# second run (st.rerun) was needed, which doubled the wait after a click.
def _apply_rules() -> None:
    """The rule table's edits as the scheme in force; a Dutch error is kept for the page."""
    current = segmentation.parse_scheme(st.session_state["vg_scheme"])
    rows = apply_row_edits(scheme_to_rows(current), st.session_state.get("vg_rules"))
    try:
        new = rows_to_scheme(rows, current.name, current.remainder, current.description)
    except TransitieatlasError as err:
        st.session_state["vg_rules_error"] = str(err)
        return
    _set_scheme(new, "aangepast, niet opgeslagen")


def _reset_scheme() -> None:
    _set_scheme(segmentation.default_scheme(), DEFAULT_NAME)


store = page_setup("Vraaggroepen")
with st.container():
    show_flash()
version = store.version()
if "vg_scheme" not in st.session_state:
    st.session_state["vg_scheme"] = segmentation.default_scheme().to_json()
scheme = segmentation.parse_scheme(st.session_state["vg_scheme"])
saved_parks = {p["name"]: p for p in repo.list_parks()}
chosen_parks = [n for n in st.session_state.get("vg_parks", []) if n in saved_parks]
parks_key = tuple((n, saved_parks[n]["version"]) for n in chosen_parks)

col_a, col_b = st.columns([2, 2])
area = col_a.text_input(
    "Gebied (gemeentecode, buurtcode of naam van een opgeslagen gebied)",
    cache.default_area(store, version),
    key="vg_area",
).strip()
try:
    levels = cache.levels(store, version, area)
except TransitieatlasError as err:
    st.warning(md(str(err)))
    st.stop()
level = col_b.radio("Niveau", levels, format_func=LEVEL_LABELS.get, key="vg_level", horizontal=True)
try:
    result = cache.segment(store, version, area, level or levels[0], scheme.to_json(), parks_key)
except TransitieatlasError as err:
    st.warning(md(str(err)))
    st.stop()

st.caption(
    f"Indeling: {md(st.session_state.get('vg_scheme_label', DEFAULT_NAME))}. "
    "Eerste regel die past wint; wat geen regel pakt valt in de restgroep. Warmtevraag in GJ per "
    "jaar (Vesta-kengetallen); investering laag–hoog in euro. Kopers van een bestaande woning "
    "per jaar is een schatting (landelijk verkoopcijfer × eigenaar-bewoners). Overschot: "
    "PBL-warmtebronnen in of bij de panden van een groep, met bekend vermogen; een jaarcijfer "
    "alleen waar een bronvermeld aantal vollasturen bestaat (leeg = onbekend); rode punten op de "
    "kaart. Methode en "
    "bronnen: docs/methode-vraaggroepen.md."
)
# The notes (their number varies by area and scheme), like every element above the map, sit in
# one container, so the map keeps its place on the page and its frame is reused, not rebuilt.
with st.container():
    for note in result.notes:
        st.info(md(note))

labels = dict(scheme.groups)
shown = st.multiselect(
    "Groepen op de kaart",
    list(labels),
    default=list(labels),
    format_func=lambda g: labels[g],
    key="vg_shown",
)
gemeente = segmentation.resolve_area(area).gemeente
areas = None if result.level == "pand" else _areas(store, version, gemeente, result.level)
shapes, colours, tooltips, legend = cache.map_layer(
    result, areas, version, area, result.level, scheme.to_json(), tuple(shown), parks_key
)
title = "Vraaggroep" + ("" if result.level == "pand" else " (grootste groep per gebied)")
drawing = is_chair() and st.session_state.get("vg_draw", False)
corners: list = st.session_state.setdefault("vg_corners", [])
lines = park_shapes.park_outlines(repo.load_parks(chosen_parks)) if chosen_parks else []
if drawing and len(corners) >= 2:
    lines.append(park_shapes.outline(corners, "getekend terrein", "#d62728"))
click = area_map(
    shapes,
    colours,
    tooltips,
    legend,
    lines=lines,
    markers=cache.markers(result, scheme, version, area, result.level, scheme.to_json(), parks_key),
    legend_title=title,
    key="vg_map",  # one map frame for every area: an area change redraws, no new frame boots
    coverage=result.level != "pand",  # panden are separate shapes, not a coverage
    geometry_key=cache.geometry_key(version, area, result.level),
)
seq = (click or {}).get("seq")
if seq != st.session_state.get("vg_draw_seq"):  # a new click: a corner only while drawing
    st.session_state["vg_draw_seq"] = seq
    corner = park_shapes.click_corner(click, result.units) if drawing else None
    if corner is not None:
        corners.append(corner)
        st.rerun()
clicked = str(click.get("code")) if click and click.get("type") == "area" else None
if clicked and not drawing:
    if result.level == "pand":
        rows = details.pand_details(result.units, clicked, scheme)
        if rows:
            st.markdown(f"**Aangeklikt pand {md(clicked)}**")
            st.table(pd.DataFrame(rows, columns=["kenmerk", "waarde"]).set_index("kenmerk"))
    else:
        shares = details.area_details(result.units, clicked, scheme)
        if len(shares):
            st.markdown(f"**Aangeklikt: {md(clicked)}**, woningen per vraaggroep")
            st.dataframe(
                shares,
                hide_index=True,
                column_config={
                    "aandeel": st.column_config.NumberColumn(format="percent"),
                    "warmtevraag_gj": st.column_config.NumberColumn("warmtevraag (GJ/jaar)"),
                },
            )
else:
    st.caption("Klik op een pand of gebied voor zijn kenmerken en de regel die het indeelde.")

surveys = [s["name"] for s in survey_repo.list_surveys()]
interest = None
if surveys:
    chosen = st.selectbox(
        "Belangstelling uit de enquête van de informatieavond",
        [NO_SURVEY, *surveys],
        key="vg_survey",
        help="Hoeveel mensen in de enquête aankruisten dat ze bij de groep willen aansluiten.",
    )
    if chosen != NO_SURVEY:
        try:
            interest, counted = survey_repo.group_interest(chosen)
        except TransitieatlasError as err:
            st.warning(md(str(err)))
        else:
            st.caption(
                f"Belangstelling: {counted} antwoorden geteld (alleen geledingen met genoeg "
                "antwoorden, zoals op de beamer). Leeg: de enquête vroeg niet naar die groep."
            )
table = export.with_interest(segmentation.to_frame(result.results, TABLE_COLUMNS), interest)
shown_columns = {**COLUMN_LABELS, **({export.INTEREST_COLUMN: INTEREST_LABEL} if interest else {})}
st.dataframe(
    table[list(shown_columns)].rename(columns=shown_columns), hide_index=True, width="stretch"
)
st.caption(f"Methode: {table['method'].iloc[0]}")
for note in result.surplus_notes:  # beside the surplus columns, not above the map
    st.info(md(note))
d1, d2, d3, d4 = st.columns(4)
stem = f"vraaggroepen_{area}_{result.level}"
# Files are made only when their button is clicked (a callable), not on every rerun.
d1.download_button(
    "Tabel (CSV)", lambda: export.table_csv(result.results, interest), f"{stem}.csv", "text/csv"
)
d2.download_button(
    "Tabel (Excel)",
    lambda: export.table_xlsx(result.results, interest),
    f"{stem}.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
d3.download_button(
    "Kaart (GeoJSON)",
    lambda: export.geojson_bytes(shapes, colours, tooltips),
    f"{stem}.geojson",
    "application/geo+json",
)
if d4.button("Kaart als HTML maken", key="vg_html"):
    st.session_state["vg_html_bytes"] = export.folium_html(shapes, colours, tooltips, legend, title)
if st.session_state.get("vg_html_bytes"):
    d4.download_button(
        "Download HTML-kaart", st.session_state["vg_html_bytes"], f"{stem}.html", "text/html"
    )

with st.expander("Indeling aanpassen (regels en drempels)"):
    st.write(
        "Eén regel per voorwaarde; voorwaarden met hetzelfde regelnummer moeten allemaal kloppen. "
        "Waarden: getallen, 'van tot' als '1945 tot 1975', lijsten met komma's, ja/nee."
    )
    edited = st.data_editor(
        pd.DataFrame(scheme_to_rows(scheme), columns=ROW_COLUMNS),
        num_rows="dynamic",
        hide_index=True,
        key="vg_rules",
        column_config={
            "kenmerk": st.column_config.SelectboxColumn(options=list(segmentation.ATTRIBUTES)),
            "bewerking": st.column_config.SelectboxColumn(options=list(segmentation.OPERATORS)),
        },
    )

    def _edited_scheme() -> segmentation.Scheme:
        return rows_to_scheme(
            edited.to_dict("records"), scheme.name, scheme.remainder, scheme.description
        )

    c1, c2, c3 = st.columns(3)
    c1.button("Toepassen", key="vg_apply", on_click=_apply_rules)
    c2.button("Terug naar standaard", key="vg_reset", on_click=_reset_scheme)
    rules_error = st.session_state.pop("vg_rules_error", None)
    if rules_error:
        st.error(md(rules_error))
    c3.download_button(
        "Indeling bewaren (JSON)",
        scheme.to_json().encode("utf-8"),
        "indeling.json",
        "application/json",
    )
    upload = st.file_uploader("Indeling inlezen (JSON)", type=["json"], key="vg_upload")
    if upload is not None and st.button("Ingelezen indeling gebruiken", key="vg_use_upload"):
        try:
            text = upload.getvalue().decode("utf-8")
        except UnicodeDecodeError:
            st.error("Dit bestand is geen tekst (UTF-8); kies een JSON-bestand.")
        else:
            ok, new = attempt(lambda: segmentation.parse_scheme(text))
            if ok:
                _use(new, f"ingelezen uit {upload.name}")

    st.subheader("Opslaan in de database")
    if is_chair():
        s1, s2 = st.columns(2)
        save_name = s1.text_input("Naam van de indeling", key="vg_save_name")
        save_note = s2.text_input("Wat is er veranderd?", key="vg_save_note")
        if st.button("Opslaan als nieuwe versie", key="vg_save"):

            def _save() -> int:
                return repo.save_scheme(
                    save_name, _edited_scheme(), note=save_note, user=current_user()
                )

            ok, number = attempt(_save, f"Indeling {md(save_name)} opgeslagen als nieuwe versie.")
            if ok:
                st.session_state["vg_saved_pick"] = save_name.strip()
                _use(repo.load_scheme(save_name), f"{save_name.strip()}, versie {number}")
    else:
        st.info("Log in als redacteur om een indeling op te slaan.")

with st.expander("Opgeslagen indelingen en hun geschiedenis"):
    names = repo.list_schemes()
    if not names:
        st.write("Nog geen opgeslagen indelingen.")
    else:
        pick = st.selectbox("Opgeslagen indeling", names, key="vg_saved_pick")
        versions = repo.history(pick)
        st.dataframe(
            pd.DataFrame(versions).rename(
                columns={
                    "version": "versie",
                    "author": "door",
                    "note": "toelichting",
                    "created_at": "wanneer (UTC)",
                    "groups": "groepen",
                }
            ),  # fmt: skip
            hide_index=True,
            width="stretch",
        )
        chosen_version = st.selectbox(
            "Versie", [v["version"] for v in versions], key=f"vg_saved_version_{pick}"
        )
        if st.button("Deze versie gebruiken", key="vg_use_saved"):
            ok, loaded = attempt(lambda: repo.load_scheme(pick, int(chosen_version)))
            if ok:
                _use(loaded, f"{pick}, versie {chosen_version}")

with st.expander("Bedrijventerreinen (voor de regel 'op een bedrijventerrein')"):
    st.write(
        "Panden waarvan het midden binnen een gekozen terrein ligt, krijgen 'op een "
        "bedrijventerrein = ja'; de andere 'nee'. Vierkanten en buurten worden verdeeld naar "
        "het deel van hun oppervlakte dat binnen een terrein ligt (aanname: de woningen staan "
        "gelijk verspreid). Zonder gekozen terrein is het onbekend."
    )
    st.multiselect(
        "Terreinen in de indeling",
        list(saved_parks),
        format_func=lambda n: f"{n} ({saved_parks[n]['area_ha']:.1f} ha)".replace(".", ","),
        key="vg_parks",
    )
    if is_chair():
        park_name = st.text_input("Naam van het terrein", key="vg_park_name")
        st.toggle(
            "Terrein tekenen op de kaart (klik de hoeken rondom aan)",
            key="vg_draw",
        )
        if drawing:
            st.write(
                f"{len(corners)} hoeken aangeklikt. Een klik op een pand telt als het midden "
                "van dat pand; op een vierkant of buurt telt de plek waar u klikt."
            )
            t1, t2, t3 = st.columns(3)
            if t1.button("Laatste hoek weg", key="vg_draw_undo") and corners:
                corners.pop()
                st.rerun()
            if t2.button("Opnieuw beginnen", key="vg_draw_clear"):
                corners.clear()
                st.rerun()
            if t3.button("Getekend terrein opslaan", key="vg_draw_save"):

                def _save_drawn() -> int:
                    shape = park_shapes.polygon_from_corners(corners)
                    return repo.save_park(park_name, shape, user=current_user())

                ok, _ = attempt(_save_drawn, f"Bedrijventerrein {md(park_name)} opgeslagen.")
                if ok:
                    corners.clear()
                    st.rerun()
        park_file = st.file_uploader(
            "Terrein inlezen (GeoJSON of GeoPackage met een vlak)",
            type=["geojson", "json", "gpkg"],
            key="vg_park_file",
        )
        if park_file is not None and st.button("Terrein opslaan", key="vg_park_save"):

            def _save_park(upload=park_file) -> int:
                shape = repo.read_park_file(upload.getvalue(), upload.name)
                return repo.save_park(park_name, shape, user=current_user())

            ok, _ = attempt(_save_park, f"Bedrijventerrein {md(park_name)} opgeslagen.")
            if ok:
                st.rerun()
    else:
        st.info("Log in als redacteur om een bedrijventerrein op te slaan.")
