"""Maps: compact geometry/style payloads (pure) and the offline Leaflet component ``area_map``.

``from transitieatlas.maps.component import area_map`` in pages; the payload functions in
:mod:`transitieatlas.maps.payload` need no Streamlit.
"""
