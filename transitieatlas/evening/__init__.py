"""The information evening (issue 13, source document section 4.3.3).

- :mod:`~transitieatlas.evening.mapdata`: one indicator over the areas of a gemeente, wijk or
  buurt, read from the store (values, names, unit, sources, data date);
- :mod:`~transitieatlas.evening.mapexport`: that map as a standalone folium HTML file with
  Leaflet inlined (opens offline) or as a PNG (pure: returns ``str`` / ``bytes``);
"""
