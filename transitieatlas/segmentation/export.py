"""Demand groups on the map and as files: colours per group, legend with counts, GeoJSON,
a standalone folium HTML map, and the table as CSV/XLSX bytes (pure: no store, no streamlit).

At ``pand`` level every pand has its own group. At ``cel``/``buurt`` level an area's
dwellings are spread over several groups: the map colours each area by the group with the
most dwellings there (stated in the legend title), the tooltip lists the shares.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from transitieatlas.csvsafe import frame_to_csv, guard_frame
from transitieatlas.segmentation.details import rule_text
from transitieatlas.segmentation.groups import TABLE_COLUMNS, GroupResult, to_frame
from transitieatlas.segmentation.scheme import Scheme
from transitieatlas.segmentation.surplus import describe_source
from transitieatlas.tooltips import TipTable

PALETTE = (
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4",
    "#b2df8a", "#fb9a99", "#cab2d6", "#ff7f00", "#6a3d9a", "#b15928", "#8dd3c7", "#bebada",
)  # fmt: skip
REMAINDER_COLOUR = "#bdbdbd"


def group_colours(scheme: Scheme) -> dict[str, str]:
    """A fixed colour per group (in scheme order); the remainder is grey."""
    out = {}
    for i, (group, _) in enumerate(g for g in scheme.groups if g[0] != scheme.remainder.group):
        out[group] = PALETTE[i % len(PALETTE)]
    out[scheme.remainder.group] = REMAINDER_COLOUR
    return out


def map_layer(
    units: pd.DataFrame,
    areas: gpd.GeoDataFrame | None,
    scheme: Scheme,
    level: str,
    shown: list[str] | None = None,
) -> tuple[gpd.GeoDataFrame, dict[str, str | None], TipTable, list[tuple[str, str]]]:
    """``(shapes with code + geometry, colours, tooltips, legend)`` for the map component.

    The tooltips are a :class:`~transitieatlas.maps.payload.TipTable`: at pand level a template
    over the group with its rule (changes with the scheme) and the construction year and
    dwellings (static: sent to the browser once per area); ``tips.texts()`` gives the texts.

    ``units`` is a :class:`~transitieatlas.segmentation.service.Segmentation`'s units (with
    ``group``); ``areas`` the cells or buurten (for ``cel``/``buurt``); ``shown``: groups to
    colour (the filter), the others stay grey-white. Legend entries carry the counts.
    """
    colours = group_colours(scheme)
    labels = dict(scheme.groups)
    shown_set = set(shown) if shown is not None else set(colours)
    if level == "pand":
        shapes = gpd.GeoDataFrame(
            {"code": units.index.astype(str)}, geometry=units.geometry.to_numpy(), crs=units.crs
        )
        group = units["group"].astype(str).to_numpy()
        codes = shapes["code"].tolist()
        shown_colour = {g: (c if g in shown_set else None) for g, c in colours.items()}
        fill = dict(zip(codes, _each(group, shown_colour.get), strict=True))
        # Each distinct value is formatted once (a few hundred), then spread over the panden.
        label = _each(group, labels.get)
        rule = _each(units["rule_nr"].to_numpy(), lambda r: rule_text(scheme, int(r)))
        tips = TipTable(
            codes,
            "pand {code}: {groep}; bouwjaar {bouwjaar}; {woningen} woningen",
            {
                "groep": [f"{g} ({r})" for g, r in zip(label, rule, strict=True)],
                "bouwjaar": _each(units["bouwjaar"].to_numpy(dtype=float), _year),
                "woningen": _each(units["dwellings"].to_numpy(dtype=float), _text),
            },
            static=frozenset({"bouwjaar", "woningen"}),  # the same for every scheme and filter
        )
        counts = pd.Series(group).value_counts()
        legend = [(colours[g], f"{labels[g]} ({int(counts.get(g, 0))} panden)") for g, _ in scheme.groups
                  if counts.get(g, 0) and g in shown_set]  # fmt: skip
        return shapes, fill, tips, legend
    if areas is None:
        raise ValueError("areas are needed at cel/buurt level")
    shares = units.pivot_table(
        index="code", columns="group", values="dwellings", aggfunc="sum"
    ).fillna(0.0)
    top = shares.idxmax(axis=1)
    shapes = areas[areas["code"].isin(shares.index)][["code", "geometry"]].reset_index(drop=True)
    fill = {c: (colours[g] if g in shown_set else None) for c, g in top.items()}
    texts: dict[str, str] = {}
    for code, row in shares.iterrows():
        total = row.sum()
        parts = [
            f"{labels[g]} {v / total:.0%}"
            for g, v in row.sort_values(ascending=False).items()
            if v > 0
        ][:4]
        texts[str(code)] = f"{code}: {_text(total)} woningen; " + ", ".join(parts)
    per_group = units.groupby("group")["dwellings"].sum()
    legend = [(colours[g], f"{labels[g]} ({_text(per_group.get(g, 0))} woningen)") for g, _ in scheme.groups
              if per_group.get(g, 0) > 0 and g in shown_set]  # fmt: skip
    return shapes, fill, TipTable.from_texts(texts), legend


SOURCE_COLOUR = "#d62728"


def source_markers(
    sources: pd.DataFrame, units: pd.DataFrame, scheme: Scheme
) -> list[dict[str, Any]]:
    """Map markers (WGS84) for the heat sources of a
    :class:`~transitieatlas.segmentation.service.Segmentation`: name, type, capacity and the
    group of the unit the source is assigned to, or "in geen groep"."""
    if sources is None or sources.empty:
        return []
    labels = dict(scheme.groups)
    group = units["group"] if "group" in units else pd.Series(dtype=object)
    points = gpd.GeoSeries(sources.geometry, crs=sources.crs).to_crs("EPSG:4326")
    out = []
    for (_, source), point in zip(sources.iterrows(), points, strict=True):
        unit = source.get("unit")
        where = (
            f"groep {labels.get(group.get(unit), group.get(unit))}"
            if unit is not None and unit in group.index
            else "in geen groep (zie de opmerkingen)"
        )
        out.append(
            {
                "id": f"bron-{source['id']}",
                "lat": point.y,
                "lon": point.x,
                "colour": SOURCE_COLOUR,
                "label": f"warmtebron: {describe_source(source)}",
                "popup": f"warmtebron: {describe_source(source)}; {where}",
            }
        )
    return out


def _each(values: np.ndarray, fn: Callable[[Any], Any]) -> list[Any]:
    """``[fn(v) for v in values]``, calling ``fn`` once per distinct value (NaNs are one value)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    done = np.empty(len(uniques), dtype=object)
    done[:] = [fn(u) for u in uniques]
    return done[codes].tolist()


def _year(value: float) -> str:
    return "onbekend" if not np.isfinite(value) else str(int(value))


def _text(value: float) -> str:
    return "onbekend" if not np.isfinite(value) else f"{value:,.0f}".replace(",", ".")


def _texts(tooltips: Mapping[str, str] | TipTable) -> Mapping[str, str]:
    return tooltips.texts() if isinstance(tooltips, TipTable) else tooltips


def geojson_bytes(
    shapes: gpd.GeoDataFrame, colours: dict, tooltips: Mapping[str, str] | TipTable
) -> bytes:
    """The map as GeoJSON (WGS84) with ``code``, ``kleur`` and ``toelichting`` per feature."""
    tooltips = _texts(tooltips)
    frame = shapes.assign(
        kleur=shapes["code"].map(colours), toelichting=shapes["code"].map(tooltips)
    ).to_crs("EPSG:4326")
    return frame.to_json(drop_id=True, ensure_ascii=False).encode("utf-8")


def folium_html(
    shapes: gpd.GeoDataFrame,
    colours: dict,
    tooltips: Mapping[str, str] | TipTable,
    legend: list[tuple[str, str]],
    title: str,
) -> bytes:
    """A standalone HTML map (folium) a presenter can open without the app; legend in HTML."""
    import folium

    tooltips = _texts(tooltips)
    frame = shapes.assign(
        kleur=shapes["code"].map(colours).fillna("#ffffff"),
        toelichting=shapes["code"].map(tooltips),
    ).to_crs("EPSG:4326")
    minx, miny, maxx, maxy = frame.total_bounds
    fmap = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=14, tiles=None)
    folium.GeoJson(
        json.loads(frame.to_json(drop_id=True)),
        style_function=lambda f: {"fillColor": f["properties"]["kleur"], "color": "#555555",
                                  "weight": 0.4, "fillOpacity": 0.8},
        tooltip=folium.GeoJsonTooltip(fields=["toelichting"], labels=False),
    ).add_to(fmap)  # fmt: skip
    fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    items = "".join(
        f'<div><span style="background:{c};width:12px;height:12px;display:inline-block"></span> '
        f"{_escape(label)}</div>"
        for c, label in legend
    )
    box = (
        '<div style="position:fixed;bottom:20px;left:20px;z-index:9999;background:white;'
        f'padding:8px;font:12px sans-serif"><b>{_escape(title)}</b>{items}</div>'
    )
    fmap.get_root().html.add_child(folium.Element(box))  # type: ignore[attr-defined]
    return fmap.get_root().render().encode("utf-8")


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


INTEREST_COLUMN = "survey_interest"
"""Answers of the evening's survey that would join the group (empty: the survey did not ask)."""


def with_interest(table: pd.DataFrame, interest: Mapping[str, int] | None) -> pd.DataFrame:
    """``table`` (:func:`to_frame`) with :data:`INTEREST_COLUMN` when ``interest`` (group label
    as asked in the survey → answers) is given; groups are matched on their label.

    >>> t = pd.DataFrame({"group": ["a", "b"], "label": ["Huur", "Koop"]})
    >>> with_interest(t, {"Koop": 3, "Anders": 1})[INTEREST_COLUMN].tolist()
    [nan, 3.0]
    """
    if interest is None:
        return table
    return table.assign(**{INTEREST_COLUMN: table["label"].map(dict(interest)).astype(float)})


def table_csv(results: list[GroupResult], interest: Mapping[str, int] | None = None) -> bytes:
    """The group table as CSV (spreadsheet-safe cells), with the survey's interest if given."""
    table = with_interest(to_frame(results, TABLE_COLUMNS), interest)
    return (frame_to_csv(table) or "").encode("utf-8")


def table_xlsx(results: list[GroupResult], interest: Mapping[str, int] | None = None) -> bytes:
    """The group table as an Excel workbook (spreadsheet-safe cells)."""
    buffer = io.BytesIO()
    frame = guard_frame(with_interest(to_frame(results, TABLE_COLUMNS), interest))
    frame.to_excel(buffer, index=False, sheet_name="vraaggroepen")
    return buffer.getvalue()
