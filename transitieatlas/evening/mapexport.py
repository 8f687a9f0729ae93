"""One map to take home: a standalone folium HTML file that opens offline, or a PNG.

HTML: folium (the project's map library) with Leaflet 1.9.4 *inlined* from the vendored copy
in ``transitieatlas/maps/frontend/vendor/leaflet`` (its images as ``data:`` URIs), none of
folium's CDN links (jQuery, Bootstrap, Font Awesome are not needed for polygons and popups),
no basemap tiles. The legend and the source line are plain HTML beside the map (a branca
legend would pull d3 from a CDN). Area names are HTML-escaped before they reach a tooltip or
popup. Geometry: coverage-simplified at :data:`SIMPLIFY_M` metres (shared borders stay shared)
and rounded to :data:`DECIMALS` decimals of a degree (about 1 m).

PNG: the same classes and colours drawn with matplotlib, for slides and the newsletter.

Classes and colours: :func:`transitieatlas.profile.choropleth.choropleth` (ColorBrewer YlGnBu,
grey for "geen gegevens"). Pure: returns ``str`` / ``bytes``; the caller writes the file.
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import shapely

from transitieatlas.evening.mapdata import MapData
from transitieatlas.maps import payload
from transitieatlas.profile.choropleth import Choropleth, choropleth

if TYPE_CHECKING:
    import folium
    from matplotlib.figure import Figure

LEAFLET_DIR = Path(__file__).resolve().parents[1] / "maps" / "frontend" / "vendor" / "leaflet"
SIMPLIFY_M = 5.0
"""Simplification tolerance in metres (RD New): invisible at neighbourhood zoom."""
DECIMALS = 5
"""Decimals of a degree kept in the HTML (1e-5° ≈ 1.1 m north-south)."""
OUTLINE = "#4d4d4d"

_CSS = """
.ta-box{position:absolute;z-index:1000;background:rgba(255,255,255,.92);padding:6px 10px;
 font:14px/1.35 system-ui,-apple-system,'Segoe UI',sans-serif;color:#222;border-radius:4px;
 box-shadow:0 1px 4px rgba(0,0,0,.3)}
.ta-title{top:10px;left:60px;font-size:17px;font-weight:600}
.ta-legend{bottom:30px;right:10px} .ta-legend i{display:inline-block;width:18px;height:14px;
 margin-right:6px;vertical-align:middle;border:1px solid #666}
.ta-source{bottom:4px;left:4px;right:4px;font-size:11px;padding:2px 6px;box-shadow:none}
"""


@cache
def leaflet_assets() -> tuple[str, str]:
    """Leaflet's CSS (images inlined as ``data:`` URIs) and JavaScript, from the vendored copy."""
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        data = (LEAFLET_DIR / match.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(data).decode('ascii')})"

    css = re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)
    js = (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")
    return css, js


def classes(data: MapData, scheme: str = "quantiles", k: int = 5) -> Choropleth:
    """Classes, colours, tooltips and legend of the map (see the module docstring)."""
    return choropleth(data.values, data.names, unit=data.unit, scheme=scheme, k=k)


def display_geometry(areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``code`` + WGS84 polygons, simplified and rounded for display (see the module docstring)."""
    codes, geoms, _ = payload.clean_areas(areas)
    simple = payload.simplify_level(geoms, SIMPLIFY_M)
    wgs = gpd.GeoSeries(simple, crs=payload.RD_EPSG).to_crs(4326).to_numpy()
    rounded = shapely.transform(wgs, lambda xy: np.round(xy, DECIMALS))
    return gpd.GeoDataFrame({"code": codes}, geometry=list(rounded), crs=4326)


def _geojson(data: MapData, chart: Choropleth) -> dict:
    shapes = display_geometry(data.areas)
    shapes["colour"] = [chart.colours.get(c, "#ffffff") for c in shapes["code"]]
    shapes["tekst"] = [html.escape(chart.tooltips.get(c, c)) for c in shapes["code"]]
    return json.loads(shapes.to_json(drop_id=True))


def _boxes(data: MapData, chart: Choropleth) -> str:
    rows = "".join(
        f'<div><i style="background:{html.escape(colour)}"></i>{html.escape(label)}</div>'
        for colour, label in chart.legend
    )
    sources = " · ".join(html.escape(s) for s in data.sources)
    return (
        f'<div class="ta-box ta-title">{html.escape(data.title)}</div>'
        f'<div class="ta-box ta-legend"><b>{html.escape(data.label)}</b>{rows}</div>'
        f'<div class="ta-box ta-source">{sources} · gegevens van {html.escape(data.data_date)}'
        " · kaart: Transitieatlas</div>"
    )


def folium_map(data: MapData, scheme: str = "quantiles", k: int = 5) -> folium.Map:
    """The folium map with Leaflet inlined, no CDN links and no tiles."""
    import folium
    from branca.element import Element

    chart = classes(data, scheme, k)
    shapes = _geojson(data, chart)
    fmap = folium.Map(tiles=None, control_scale=True, zoom_snap=0.25)
    fmap.default_js = []  # folium's CDN links: Leaflet comes inline below, the rest is unused
    fmap.default_css = []
    root: Any = fmap.get_root()
    css, js = leaflet_assets()
    root.header.add_child(Element(f"<title>{html.escape(data.title)}</title>"), name="ta_title")
    root.header.add_child(Element(f"<style>{css}{_CSS}</style>"), name="ta_leaflet_css")
    root.header.add_child(Element(f"<script>{js}</script>"), name="ta_leaflet_js")
    layer = folium.GeoJson(
        shapes,
        name=data.label,
        style_function=lambda f: {
            "fillColor": f["properties"]["colour"],
            "color": OUTLINE,
            "weight": 0.8,
            "fillOpacity": 0.85,
        },
        highlight_function=lambda f: {"weight": 3, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(fields=["tekst"], labels=False),
        popup=folium.GeoJsonPopup(fields=["tekst"], labels=False),
    )
    layer.add_to(fmap)
    root.html.add_child(Element(_boxes(data, chart)))
    xmin, ymin, xmax, ymax = shapely.total_bounds(
        [shapely.geometry.shape(f["geometry"]) for f in shapes["features"]]
    )
    fmap.fit_bounds([[ymin, xmin], [ymax, xmax]])
    return fmap


def folium_html(data: MapData, scheme: str = "quantiles", k: int = 5) -> str:
    """The map as one standalone HTML document (opens offline, nothing beside it)."""
    text = folium_map(data, scheme, k).get_root().render()
    return text.replace("<html>", '<html lang="nl">', 1)


def draw_map(
    fig: Figure,
    areas: gpd.GeoDataFrame,
    colours: dict[str, str],
    legend: list[tuple[str, str]],
    legend_title: str | None = None,
    markers: list[dict] | None = None,
    rect: tuple[float, float, float, float] = (0.02, 0.08, 0.70, 0.82),
    fontsize: float = 11,
) -> None:
    """Draw ``areas`` (RD New) filled with ``colours`` (code → CSS colour) on ``fig`` inside
    ``rect`` (figure fractions), with the legend to the right; ``markers``: dicts with ``x``,
    ``y`` (RD New metres) and ``colour``, drawn as dots; ``fontsize`` of the legend (pt)."""
    from matplotlib.patches import Patch

    ax = fig.add_axes(rect)
    ax.set_axis_off()
    ax.set_aspect("equal")
    fills = [colours.get(c, "#ffffff") for c in areas["code"]]
    areas.plot(ax=ax, color=fills, edgecolor=OUTLINE, linewidth=0.4)
    for m in markers or []:
        ax.plot(m["x"], m["y"], "o", color=m["colour"], markersize=fontsize * 0.9,
                markeredgecolor="#000000")  # fmt: skip
    handles = [Patch(facecolor=c, edgecolor=OUTLINE, label=t) for c, t in legend]
    title = legend_title if legend_title and len(legend_title) < 40 else None
    left = rect[0] + rect[2] + 0.02
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(left, rect[1] + rect[3]),
               frameon=False, title=title, fontsize=fontsize, title_fontsize=fontsize + 1)  # fmt: skip


def map_figure(
    data: MapData, scheme: str = "quantiles", k: int = 5, figsize: tuple[float, float] = (10, 7.5)
) -> Figure:
    """The map drawn with matplotlib: classes, legend, title and source line."""
    from matplotlib.figure import Figure

    chart = classes(data, scheme, k)
    fig = Figure(figsize=figsize)
    draw_map(fig, data.areas, chart.colours, chart.legend, data.label)
    fig.suptitle(data.title, fontsize=15, x=0.02, ha="left")
    source = " · ".join(data.sources) + f" · gegevens van {data.data_date}"
    fig.text(0.02, 0.02, wrap(source, 150), fontsize=7, color="#444444", va="bottom")
    return fig


def wrap(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def map_png(data: MapData, scheme: str = "quantiles", k: int = 5, dpi: int = 150) -> bytes:
    """The map as PNG bytes (10 × 7,5 inch at ``dpi``; 150 dpi gives 1500 × 1125 pixels)."""
    buffer = io.BytesIO()
    map_figure(data, scheme, k).savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
