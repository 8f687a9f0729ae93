"""A map below a button that puts two lines above it: the map's position shifts by two.

For tests/browser/test_map_handshake.py. React keys the map by its element id and the lines by
their index, so the shift makes React move the map's iframe in the DOM, which reloads it.
"""

import geopandas as gpd
import streamlit as st
from shapely.geometry import box

from transitieatlas.maps.component import area_map

st.title("Kaart die verschuift")
if st.button("Twee regels erboven"):
    st.session_state["lines_above"] = True
if st.session_state.get("lines_above"):
    st.write("regel 1")
    st.write("regel 2")
areas = gpd.GeoDataFrame(
    {"code": ["A", "B"]},
    geometry=[box(155_000, 463_000, 155_100, 463_100), box(155_200, 463_000, 155_300, 463_100)],
    crs=28992,
)
area_map(areas, key="shift_map", height=300)
st.write("onder de kaart")
