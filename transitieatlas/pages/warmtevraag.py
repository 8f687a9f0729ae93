"""Page "Warmtevraag": heat demand per buurt or 100 m cell on the map, the table, the
calibration of both methods and the heat-network screen with adjustable thresholds.

Thin: all arithmetic is in transitieatlas.heat.common*, heat_store and heatnet.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from transitieatlas.areas import catalog
from transitieatlas.csvsafe import frame_to_csv
from transitieatlas.errors import TransitieatlasError
from transitieatlas.heat import methods as heat_methods
from transitieatlas.heat import network as heatnet
from transitieatlas.heat import service as heat_store
from transitieatlas.maps.component import area_map
from transitieatlas.pages._setup import page_setup, show_sources
from transitieatlas.pages._ui import choose_gemeente, md
from transitieatlas.profile.choropleth import choropleth, scheme_label, scheme_names
from transitieatlas.text import format_value

CANDIDATE, NOT_CANDIDATE = "#d55e00", "#9ecae1"
LEVEL_LABELS = {"buurt": "buurten", "cel": "vierkanten van 100 m"}
COLUMN_LABELS = {
    "code": "code",
    "name": "naam",
    "year": "jaar",
    "dwellings": "woningen",
    "final_energy_gj": "gas/energie (GJ)",
    "heat_demand_gj": "warmtevraag (GJ)",
    "space_heating_gj": "ruimteverwarming (GJ)",
    "hot_water_gj": "warm tapwater (GJ)",
    "cooking_gj": "koken (GJ)",
    "land_area_ha": "land (ha)",
    "heat_density_gj_per_ha": "warmtedichtheid (GJ/ha)",
    "note": "toelichting",
}


@st.cache_data(show_spinner="Warmtevraag berekenen…", max_entries=32)
def _compute(_store, version: float, gemeente: str, level: str, method: str, year: int | None):
    return heat_store.compute(_store, gemeente, level, method, year)


@st.cache_data(show_spinner="Beide methoden vergelijken…", max_entries=16)
def _calibration(_store, version: float, gemeente: str, level: str, year: int | None):
    return heat_store.calibration(_store, gemeente, level, year)


@st.cache_data(show_spinner="Alle methoden naast PBL zetten…", max_entries=8)
def _side_by_side(_store, version: float, gemeente: str, level: str):
    return heat_store.methods_side_by_side(_store, gemeente, level)


@st.cache_data(show_spinner=False, max_entries=32)
def _shares(_store, version: float, codes: tuple[str, ...], year: int | None):
    return heat_store.screen_inputs(_store, pd.Series(codes), year)


store = page_setup("Warmtevraag")
version = store.version()
options = catalog.gemeenten(store)
cells = store.areas(level="cel")
cell_gemeenten = sorted(cells["gemeente_code"].dropna().unique()) if not cells.empty else []
col_a, col_b, col_c, col_d = st.columns([2, 1, 2, 1])
chosen = choose_gemeente(options, key="warmte_gemeente", where=col_a, extra=cell_gemeenten)
if chosen is None:
    st.info("De opslag heeft nog geen buurten of vierkanten. Importeer eerst gegevens.")
    st.stop()
gemeente: str = chosen
levels = (["buurt"] if gemeente in set(options["code"]) else []) + (
    ["cel"] if gemeente in cell_gemeenten else []
)
level = col_b.radio("Niveau", levels, format_func=LEVEL_LABELS.get, key="warmte_level") or "buurt"
level_areas = store.areas(level=level, gemeente=gemeente)
methods = heat_store.available_methods(store, level_areas) or heat_methods.method_names()
method = (
    col_c.radio("Methode", methods, format_func=heat_methods.label, key="warmte_method")
    or methods[0]
)
year_text = col_d.text_input("Jaar (leeg = nieuwste)", value="", key="warmte_year")
year = int(year_text) if year_text.strip().isdigit() else None

try:
    result, areas = _compute(store, version, gemeente, level, method, year)
except TransitieatlasError as err:
    st.warning(md(str(err)))
    st.stop()

st.caption(
    "Warmtevraag van woningen in GJ per jaar; warmtedichtheid in GJ per hectare land. "
    "Hoe dit berekend is, met elke constante en haar bron: docs/methode-warmtevraag.md."
)
tab_map, tab_table, tab_cal, tab_net = st.tabs(
    ["Kaart", "Tabel", "Kalibratie (beide methoden)", "Warmtenet-scan"]
)

with tab_map:
    scheme = st.selectbox(
        "Klassenindeling",
        scheme_names(),
        format_func=scheme_label,
        key="warmte_scheme",
        placeholder="Kies een klassenindeling",
    )
    names = dict(zip(result["code"], result["name"], strict=True))
    chart = choropleth(result.set_index("code")["heat_density_gj_per_ha"], names, "GJ/ha", scheme)
    area_map(
        areas,
        chart.colours,
        chart.tooltips,
        chart.legend,
        legend_title="Warmtedichtheid",
        key=f"warmte_map_{gemeente}_{level}",
    )
    total = result["heat_demand_gj"].sum(min_count=1)
    st.metric("Warmtevraag totaal", "onbekend" if pd.isna(total) else format_value(total, "GJ", 0))
    show_sources(store, areas["dataset"].tolist())

with tab_table:
    shown = result[[c for c in COLUMN_LABELS if c in result]].rename(columns=COLUMN_LABELS)
    st.dataframe(shown, hide_index=True, width="stretch")
    st.download_button(
        "Download als CSV",
        (frame_to_csv(result) or "").encode("utf-8"),
        file_name=f"warmtevraag_{gemeente}_{level}_{method}.csv",
        mime="text/csv",
    )

with tab_cal:
    st.write(
        "Beide methoden per gebied naast elkaar. Verschil = woningvoorraad − gasverbruik, "
        "in GJ en in % van de gasmethode. Een crisisjaar (2022–2023) geeft een laag gasverbruik."
    )
    try:
        cal = _calibration(store, version, gemeente, level, year)
        st.dataframe(
            cal.rename(
                columns={
                    "name": "naam",
                    "dwellings_gas": "woningen (gas)",
                    "dwellings_buildings": "woningen (voorraad)",
                    "heat_gas_gj": "uit gas (GJ)",
                    "heat_buildings_gj": "uit voorraad (GJ)",
                    "difference_gj": "verschil (GJ)",
                    "difference_pct": "verschil (%)",
                }
            ),
            hide_index=True,
            width="stretch",
        )
    except TransitieatlasError as err:
        st.info(md(f"Vergelijken kan hier niet: {err}"))
    side = _side_by_side(store, version, gemeente, level)
    if "pbl_ref_all_gj" in side and side["pbl_ref_all_gj"].notna().any():
        st.subheader("Alle methoden naast de referentie van PBL")
        st.write(
            "PBL Startanalyse 2020: ruimteverwarming + warm tapwater in 2019, alle gebouwen. "
            "Het deel woningen = referentie × woningen / woningequivalenten. "
            "Verhouding = methode / deel woningen."
        )
        st.dataframe(
            side.rename(columns={"name": "naam", "pbl_ref_all_gj": "PBL alle gebouwen (GJ)",
                                 "pbl_ref_dwellings_gj": "PBL deel woningen (GJ)"}),
            hide_index=True,
            width="stretch",
        )  # fmt: skip

with tab_net:
    defaults = heatnet.default_thresholds()
    s1, s2, s3, s4 = st.columns(4)
    density = s1.slider(
        "Min. warmtedichtheid (GJ/ha)", 0, 3000, int(defaults.min_density_gj_per_ha), 10
    )
    multi = s2.slider(
        "Min. meergezinswoningen (%)", 0, 100, int(100 * defaults.min_share_meergezins)
    )
    corp = s3.slider(
        "Min. corporatiewoningen (%)", 0, 100, int(100 * defaults.min_share_corporatie)
    )
    old = s4.slider("Min. gebouwd vóór 2000 (%)", 0, 100, int(100 * defaults.min_share_before_2000))
    st.caption(
        "Standaardwaarden en bronnen: transitieatlas/data/heat_constants.csv. Een drempel van 0 zet het criterium uit; "
        "ontbrekende gegevens worden niet getoetst."
    )
    shares = _shares(store, version, tuple(result["code"]), year)
    merged = result.merge(shares, left_on="code", right_index=True, how="left")
    screened = heatnet.screen(
        merged, heatnet.Thresholds(density, multi / 100, corp / 100, old / 100)
    )
    colours = {
        c: CANDIDATE if ok else NOT_CANDIDATE
        for c, ok in zip(screened["code"], screened["candidate"], strict=True)
    }
    tooltips = {
        c: f"{n}: {r}"
        for c, n, r in zip(screened["code"], screened["name"], screened["reason"], strict=True)
    }
    area_map(
        areas,
        colours,
        tooltips,
        [(CANDIDATE, "kandidaat"), (NOT_CANDIDATE, "geen kandidaat")],
        legend_title="Warmtenet-kandidaat",
        key=f"warmte_net_{gemeente}_{level}",
    )
    st.write(f"**{int(screened['candidate'].sum())}** van {len(screened)} gebieden zijn kandidaat.")
    st.dataframe(
        screened[["code", "name", "heat_density_gj_per_ha", "candidate", "reason"]].rename(
            columns={
                "name": "naam",
                "heat_density_gj_per_ha": "GJ/ha",
                "candidate": "kandidaat",
                "reason": "reden",
            }
        ),
        hide_index=True,
        width="stretch",
    )
