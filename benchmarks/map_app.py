"""Small demo app around the offline area map, for the browser tests and ``make bench``.

Run: ``streamlit run benchmarks/map_app.py`` (with the repository on ``PYTHONPATH``).

Environment:
- ``AREAMAP_SETS``: comma-separated area sets offered (keys of ``benchmarks.data.AREA_SETS``;
  default ``leeuwarden,zwolle``); the query parameter ``?set=<key>`` picks the first shown.
- ``AREAMAP_MODE``: ``component`` (default, :func:`transitieatlas.maps.component.area_map`) or
  ``folium`` (the naive route: a folium GeoJson of the raw polygons through ``st_folium``, with
  Leaflet served from ``./static`` beside the script; needs ``server.enableStaticServing``).
- ``AREAMAP_HOSTILE_TOOLTIP=1``: the first area's tooltip carries HTML, to prove it shows as text.
- ``AREAMAP_MARKERS=1``: 60 markers close together near the middle (they cluster) and one lone
  marker, labelled with HTML, in the second-largest area.
- ``AREAMAP_PRELOAD=1``: read every offered area set at the first run (so that clicks measure the
  map, not the reading of the mirror files).

The chosen area set and indicator survive a page switch (kept in ``st.session_state``).

Pages: "Kaart" (the map) and "Leeg" (nothing), so a page switch can be measured.
"""

from __future__ import annotations

import json
import os

import numpy as np
import shapely
import streamlit as st

from benchmarks import data

RAMP = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"]
INDICATORS = {
    "oppervlakte": "Oppervlakte (ha)",
    "afstand": "Afstand tot het midden (km)",  # of the bounding box
}


def area_sets() -> list[str]:
    keys = os.environ.get("AREAMAP_SETS", "leeuwarden,zwolle").split(",")
    return [k.strip() for k in keys if k.strip() in data.AREA_SETS]


@st.cache_resource(show_spinner=False)
def load_set(key: str):
    return data.load(key)


@st.cache_data(show_spinner=False)
def indicator_values(key: str, indicator: str) -> dict[str, float]:
    """A value per area computed from its geometry (ha or km), for colouring only."""
    gdf = load_set(key)
    if indicator == "oppervlakte":
        values = gdf.geometry.area / 10_000
    else:
        xmin, ymin, xmax, ymax = gdf.total_bounds
        centre = shapely.Point((xmin + xmax) / 2, (ymin + ymax) / 2)
        values = gdf.geometry.centroid.distance(centre) / 1_000
    return dict(zip(gdf["code"], values.round(1), strict=True))


def classify(values: dict[str, float], unit: str):
    """Five quantile classes → (colours per code, legend)."""
    array = np.asarray(list(values.values()), dtype=float)
    edges = np.unique(np.quantile(array, np.linspace(0, 1, len(RAMP) + 1)))
    classes = np.clip(np.searchsorted(edges, array, side="right") - 1, 0, len(edges) - 2)
    colours = {code: RAMP[c] for code, c in zip(values, classes, strict=True)}
    legend = [
        (RAMP[i], f"{edges[i]:.1f} – {edges[i + 1]:.1f} {unit}") for i in range(len(edges) - 1)
    ]
    return colours, legend


def choice(label: str, options: list[str], name: str, default: str, labels: dict) -> str:
    """A radio whose choice survives a page switch.

    Streamlit drops a widget's state when its page is left, so the choice is also kept under
    ``name`` and put back into the widget's key before the widget is created.
    """
    widget = f"{name}_radio"
    if st.session_state.get(widget) not in options:
        kept = st.session_state.get(name, default)
        st.session_state[widget] = kept if kept in options else options[0]
    value = st.radio(label, options, key=widget, format_func=labels.get, horizontal=True)
    st.session_state[name] = value
    return value


def map_page() -> None:
    sets = area_sets()
    if os.environ.get("AREAMAP_PRELOAD"):
        for name in sets:
            load_set(name)
    wanted = st.query_params.get("set")
    key = choice("Gebied", sets, "area_set", wanted if wanted in sets else sets[0], data.AREA_SETS)
    indicator = choice("Indicator", list(INDICATORS), "indicator", "oppervlakte", INDICATORS)
    gdf = load_set(key)
    values = indicator_values(key, indicator)
    unit = "ha" if indicator == "oppervlakte" else "km"
    colours, legend = classify(values, unit)
    names = dict(zip(gdf["code"], gdf["name"], strict=True))
    tooltips = {c: f"{names[c]}\n{INDICATORS[indicator]}: {v}" for c, v in values.items()}
    if os.environ.get("AREAMAP_HOSTILE_TOOLTIP"):
        first = gdf["code"].iloc[0]
        tooltips[first] = f"{names[first]} <b>vet</b><img src=x onerror=alert(1)>"
    if os.environ.get("AREAMAP_MODE", "component") == "folium":
        folium_map(gdf, colours)
        return
    from transitieatlas.maps.component import area_map

    markers = demo_markers(gdf) if os.environ.get("AREAMAP_MARKERS") else None
    event = area_map(
        gdf,
        colours=colours,
        tooltips=tooltips,
        legend=legend,
        legend_title=INDICATORS[indicator],
        markers=markers,
        key="kaart",
    )
    st.write("Laatste klik:", json.dumps(event, sort_keys=True) if event else "geen")


def demo_markers(gdf) -> list[dict]:
    """60 markers within 300 m of a point in the 3rd-largest area (they cluster), plus one
    lone marker with an HTML label in the 2nd-largest area."""
    import geopandas as gpd

    by_size = gdf.assign(ha=gdf.geometry.area).sort_values("ha")
    centre = by_size.geometry.iloc[-3].representative_point()
    angles = np.linspace(0, 2 * np.pi, 60, endpoint=False)
    points = [shapely.Point(centre.x + 300 * np.cos(a), centre.y + 300 * np.sin(a)) for a in angles]
    points.append(by_size.geometry.iloc[-2].representative_point())
    wgs = gpd.GeoSeries(points, crs=gdf.crs).to_crs(4326)
    markers = [
        {"id": f"actor-{i}", "lat": p.y, "lon": p.x, "label": f"Actor {i}", "popup": "Vereniging"}
        for i, p in enumerate(wgs.iloc[:-1])
    ]
    lone = wgs.iloc[-1]
    markers.append(
        {
            "id": "dorpshuis",
            "lat": lone.y,
            "lon": lone.x,
            "label": "<b>Dorpshuis</b>",
            "popup": "Open <i>elke</i> dag",
            "colour": "#1b9e77",
        }
    )
    return markers


def folium_map(gdf, colours: dict[str, str]) -> None:
    """The naive route: raw polygons as one folium GeoJson through st_folium."""
    import folium
    from streamlit_folium import st_folium

    folium.Map.default_js = [("leaflet", "/app/static/leaflet/leaflet.js")]
    folium.Map.default_css = [("leaflet_css", "/app/static/leaflet/leaflet.css")]
    wgs = gdf.to_crs(4326)
    xmin, ymin, xmax, ymax = wgs.total_bounds
    fmap = folium.Map(tiles=None, location=[(ymin + ymax) / 2, (xmin + xmax) / 2])
    folium.GeoJson(
        wgs,
        style_function=lambda f: {
            "fillColor": colours.get(f["properties"]["code"], "#d9d9d9"),
            "color": "#ffffff",
            "weight": 0.8,
            "fillOpacity": 0.8,
        },
        tooltip=folium.GeoJsonTooltip(["name"]),
    ).add_to(fmap)
    fmap.fit_bounds([[ymin, xmin], [ymax, xmax]])
    st_folium(fmap, height=520, returned_objects=[], key="folium")


def empty_page() -> None:
    st.write("Lege pagina.")


st.navigation(
    [
        st.Page(map_page, title="Kaart", url_path="kaart", default=True),
        st.Page(empty_page, title="Leeg", url_path="leeg"),
    ]
).run()
