"""Page "Vraaggroepen": buildings (or cells, or buurten) coloured by demand group, the group
figures, the interest per group from the evening's survey (counts only, no names), a rule
editor for the scheme and exports (CSV, XLSX, GeoJSON, HTML map).

Thin: the groups come from transitieatlas.segmentation; colours, legend and files from
transitieatlas.segmentation.export.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from transitieatlas import segmentation
from transitieatlas.errors import TransitieatlasError
from transitieatlas.evening import survey_repo
from transitieatlas.maps.component import area_map
from transitieatlas.pages._setup import page_setup
from transitieatlas.pages._ui import md
from transitieatlas.segmentation import export
from transitieatlas.segmentation.scheme import ROW_COLUMNS, rows_to_scheme, scheme_to_rows

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
}
INTEREST_LABEL = "belangstelling (enquête)"
NO_SURVEY = "(geen)"


# Speed (issue 10: area and group change under 0.5 s): the units of an area are built once per
# area and level, a scheme change only classifies them again; cache_resource hands back the
# same objects without copying (they are never changed in place).
@st.cache_resource(show_spinner="Panden, vierkanten of buurten laden…", max_entries=8)
def _units(_store, version: float, area: str, level: str):
    return segmentation.build_units(_store, area, level)


@st.cache_resource(show_spinner="Vraaggroepen berekenen…", max_entries=16)
def _segment(_store, version: float, area: str, level: str, scheme_json: str):
    scheme = segmentation.parse_scheme(scheme_json)
    return segmentation.apply_scheme(_units(_store, version, area, level), scheme)


@st.cache_resource(show_spinner=False, max_entries=16)
def _map_layer(_result, _areas, version: float, area: str, level: str, scheme_json: str,
               shown: tuple[str, ...]):  # fmt: skip
    scheme = segmentation.parse_scheme(scheme_json)
    return export.map_layer(_result.units, _areas, scheme, level, list(shown))


@st.cache_data(show_spinner=False, max_entries=8)
def _areas(_store, version: float, gemeente: str, level: str):
    return _store.areas(level=level, gemeente=gemeente)


store = page_setup("Vraaggroepen")
version = store.version()
if "vg_scheme" not in st.session_state:
    st.session_state["vg_scheme"] = segmentation.default_scheme().to_json()
scheme = segmentation.parse_scheme(st.session_state["vg_scheme"])

col_a, col_b = st.columns([2, 2])
area = col_a.text_input(
    "Gebied (gemeentecode, buurtcode of naam van een opgeslagen gebied)", "GM0080", key="vg_area"
).strip()
try:
    levels = segmentation.available_levels(store, segmentation.resolve_area(area))
except TransitieatlasError as err:
    st.warning(md(str(err)))
    st.stop()
level = col_b.radio("Niveau", levels, format_func=LEVEL_LABELS.get, key="vg_level", horizontal=True)
try:
    result = _segment(store, version, area, level or levels[0], scheme.to_json())
except TransitieatlasError as err:
    st.warning(md(str(err)))
    st.stop()

st.caption(
    "Eerste regel die past wint; wat geen regel pakt valt in de restgroep. Warmtevraag in GJ per "
    "jaar (Vesta-kengetallen); investering laag–hoog in euro. Methode en bronnen: "
    "docs/methode-vraaggroepen.md."
)
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
shapes, colours, tooltips, legend = _map_layer(
    result, areas, version, area, result.level, scheme.to_json(), tuple(shown)
)
title = "Vraaggroep" + ("" if result.level == "pand" else " (grootste groep per gebied)")
area_map(
    shapes,
    colours,
    tooltips,
    legend,
    legend_title=title,
    key=f"vg_map_{area}_{result.level}",
    coverage=result.level != "pand",  # panden are separate shapes, not a coverage
)

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
table = export.with_interest(segmentation.to_frame(result.results), interest)
shown_columns = {**COLUMN_LABELS, **({export.INTEREST_COLUMN: INTEREST_LABEL} if interest else {})}
st.dataframe(
    table[list(shown_columns)].rename(columns=shown_columns), hide_index=True, width="stretch"
)
st.caption(f"Methode: {table['method'].iloc[0]}")
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
    c1, c2, c3 = st.columns(3)
    if c1.button("Toepassen", key="vg_apply"):
        try:
            new = rows_to_scheme(
                edited.to_dict("records"), scheme.name, scheme.remainder, scheme.description
            )
        except TransitieatlasError as err:
            st.error(md(str(err)))
        else:
            st.session_state["vg_scheme"] = new.to_json()
            st.rerun()
    if c2.button("Terug naar standaard", key="vg_reset"):
        st.session_state["vg_scheme"] = segmentation.default_scheme().to_json()
        st.rerun()
    c3.download_button(
        "Indeling bewaren (JSON)",
        scheme.to_json().encode("utf-8"),
        "indeling.json",
        "application/json",
    )
    upload = st.file_uploader("Indeling inlezen (JSON)", type=["json"], key="vg_upload")
    if upload is not None and st.button("Ingelezen indeling gebruiken", key="vg_use_upload"):
        try:
            st.session_state["vg_scheme"] = segmentation.parse_scheme(
                upload.getvalue().decode("utf-8")
            ).to_json()
        except (TransitieatlasError, UnicodeDecodeError) as err:
            st.error(md(str(err)))
        else:
            st.rerun()
