"""Demand groups for an area in the local store: picks the level and inputs, builds the units,
classifies them and sums per group. The bridge between the store and the pure segmentation
modules, used by the CLI (``transitieatlas segment``) and the Vraaggroepen page.

Area: a gemeente code (``GM0221``), a buurt code (``BU00801001``) or a saved gebied's name.
Level (``auto`` picks the finest available): ``pand`` where BAG panden lie in the area,
else ``cel`` where the CBS 100 m grid is present, else ``buurt``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from transitieatlas.areas.codes import gemeente_of
from transitieatlas.errors import InputError, NotInStore
from transitieatlas.heat import common as heat_common
from transitieatlas.heat import service as heat_service
from transitieatlas.heat import stock as heat_stock
from transitieatlas.heat import utility as heat_utility
from transitieatlas.segmentation import capacity as cap
from transitieatlas.segmentation import parkshare, surplus
from transitieatlas.segmentation.groups import GroupResult, classify, summarise
from transitieatlas.segmentation.scheme import Scheme
from transitieatlas.segmentation.units import pand_heat, units_from_panden, units_from_stock
from transitieatlas.store.opendata import Store

LEVELS = ("pand", "cel", "buurt")
DIRECT_COUNTS = tuple(c for c in heat_service.STOCK_INDICATORS if c != "pct_bouwjaar_vanaf_2000")
"""Counts by construction period an area can have of its own (not summed from its cells)."""


@dataclass
class Segmentation:
    """Groups of one area: results per group, the classified units and the area's totals."""

    area: str
    level: str
    results: list[GroupResult]
    units: pd.DataFrame
    totals: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    heat_sources: pd.DataFrame = field(default_factory=pd.DataFrame)
    """The heat sources in or near the area (RD New points) with ``unit``: the unit each is
    assigned to, None when it is in no group (see :mod:`.surplus`)."""
    surplus_notes: list[str] = field(default_factory=list)
    """Dutch notes on the surplus (sources without capacity, sources in no group); apart from
    ``notes`` so the page can show them beside the surplus columns."""


@dataclass(frozen=True)
class AreaUnits:
    """The units of one area at one level before any scheme is applied (what a scheme change
    does not change: the page builds them once per area and level, then classifies per scheme).
    """

    area: str
    level: str
    units: pd.DataFrame
    totals: dict[str, float]
    notes: tuple[str, ...]
    constants: Mapping[str, float]
    heat_sources: pd.DataFrame = field(default_factory=pd.DataFrame)
    surplus_notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Area:
    """What AREA resolved to: its gemeente and, for a buurt or a gebied, the buurt codes."""

    name: str
    gemeente: str
    buurten: tuple[str, ...] = ()


def resolve_area(area: str) -> Area:
    """A gemeente code, a buurt code or the name of a saved gebied (Dutch error otherwise)."""
    text = (area or "").strip()
    upper = text.upper()
    if upper.startswith("GM") and len(upper) == 6 and upper[2:].isdigit():
        return Area(upper, upper)
    if upper.startswith("BU") and len(upper) == 10 and upper[2:].isdigit():
        return Area(upper, str(gemeente_of(upper)), (upper,))
    if upper[:2] in ("GM", "BU", "WK") and upper[2:].isdigit():
        raise InputError(
            f"'{area}' is geen geldige code: een gemeente is GM + 4 cijfers (GM0221), "
            "een buurt BU + 8 cijfers (BU00801001)."
        )
    try:
        from transitieatlas.db import gebieden

        saved = gebieden.load_afbakening(text)
    except NotInStore as err:
        raise InputError(
            f"'{area}' is geen gemeentecode (GM0221), buurtcode (BU00801001) of opgeslagen gebied."
        ) from err
    codes = tuple(c for c in saved["codes"] if str(c).startswith("BU"))
    return Area(saved["name"], saved["gemeente_code"] or str(gemeente_of(codes[0])), codes)


def segment(
    store: Store,
    area: str,
    scheme: Scheme,
    level: str = "auto",
    business_parks: gpd.GeoDataFrame | None = None,
    constants: Mapping[str, float] | None = None,
) -> Segmentation:
    """Demand groups of ``area`` at ``level`` (``auto``, ``pand``, ``cel`` or ``buurt``)."""
    return apply_scheme(build_units(store, area, level, business_parks, constants), scheme)


def build_units(
    store: Store,
    area: str,
    level: str = "auto",
    business_parks: gpd.GeoDataFrame | None = None,
    constants: Mapping[str, float] | None = None,
) -> AreaUnits:
    """The unclassified units of ``area`` at ``level``, its totals and notes (see :func:`segment`)."""
    where = resolve_area(area)
    if level not in (*LEVELS, "auto"):
        raise InputError(f"Onbekend niveau '{level}': kies pand, cel of buurt.")
    values = cap.load_constants(constants)
    if level == "auto":
        level = available_levels(store, where)[0]
    if level == "pand":
        units, totals, notes = _pand_units(store, where, values, business_parks)
    elif level == "cel":
        units, totals, notes = _cell_units(store, where, values, business_parks)
    else:
        units, totals, notes = _buurt_units(store, where, values, business_parks)
    units, more_totals, more_notes, sources = _with_surplus(store, where, level, units, values)
    totals.update(more_totals)
    return AreaUnits(
        where.name, level, units, totals, tuple(notes), values, sources, tuple(more_notes)
    )


def apply_scheme(built: AreaUnits, scheme: Scheme) -> Segmentation:
    """Classify the units of :func:`build_units` by ``scheme`` and sum per group (``built`` is
    left unchanged, so it can be cached and classified again by another scheme)."""
    assignment = classify(built.units, scheme)
    units = built.units.assign(
        group=assignment["group"].to_numpy(), rule_nr=assignment["rule_nr"].to_numpy()
    )
    results = summarise(units, scheme, built.level, built.constants, assignment)
    park_method = parkshare.method_clause(built.notes)
    if park_method:  # the exports carry the method per group, not the notes
        results = [replace(r, method=f"{r.method}; {park_method}") for r in results]
    notes = list(built.notes)
    empty = [r.label for r in results if not (r.dwellings > 0 or (r.buildings or 0) > 0)]
    if empty:
        notes.append("lege groepen in dit gebied: " + ", ".join(empty))
    return Segmentation(
        built.area,
        built.level,
        results,
        units,
        dict(built.totals),
        notes,
        built.heat_sources,
        list(built.surplus_notes),
    )


def gemeenten_with_panden(store: Store) -> list[str]:
    """The gemeente codes (``GM`` + the first four digits of the 16-digit BAG pand id) of the
    panden in the store, fewest panden first."""
    panden = store.buildings()
    if panden.empty:
        return []
    ids = panden["id"].astype(str)
    prefixes = ids[ids.str.len() == 16].str[:4]
    return ["GM" + p for p in prefixes.value_counts(ascending=True).index]


def available_levels(store: Store, where: Area) -> list[str]:
    """The levels the store has inputs for, finest first."""
    levels = []
    if not _panden(store, where).empty:
        levels.append("pand")
    if not _cells(store, where).empty:
        levels.append("cel")
    if not store.areas(level="buurt", gemeente=where.gemeente).empty:
        levels.append("buurt")
    if not levels:
        raise NotInStore(
            f"Geen panden, vierkanten of buurten van {where.gemeente} in de lokale opslag. "
            "Importeer ze eerst (transitieatlas import of transitieatlas bag import)."
        )
    return levels


# -- pand level ------------------------------------------------------------------------------
def _panden(store: Store, where: Area) -> gpd.GeoDataFrame:
    """Current panden whose centroid lies in the area (gemeente polygon, else BAG id prefix),
    with their energy labels (looked up after the selection: the store holds other areas too)."""
    panden = store.buildings()
    if panden.empty:
        return panden
    polygons = _area_polygons(store, where)
    if polygons is None:
        keep = (panden["id"].astype(str).str[:4] == where.gemeente[2:]).to_numpy()
        return heat_service.buildings_with_labels(store, panden[keep].reset_index(drop=True))
    inside = gpd.sjoin(
        gpd.GeoDataFrame(geometry=panden.geometry.centroid, crs=panden.crs),
        polygons[["geometry"]],
        predicate="within",
    )
    keep = panden.index.isin(inside.index)
    if not where.buurten:  # a gemeente: also its panden just outside a generalised boundary
        keep |= (panden["id"].astype(str).str[:4] == where.gemeente[2:]).to_numpy()
    return heat_service.buildings_with_labels(store, panden[keep].reset_index(drop=True))


def _area_polygons(store: Store, where: Area) -> gpd.GeoDataFrame | None:
    if where.buurten:
        found = store.areas(codes=list(where.buurten))
        found = found[found.geometry.notna()]
        return found if not found.empty else None
    gemeente = store.areas(codes=[where.gemeente])
    gemeente = gemeente[gemeente.geometry.notna()]
    return gemeente if not gemeente.empty else None


def _pand_units(
    store: Store, where: Area, values: Mapping[str, float], parks: gpd.GeoDataFrame | None
) -> tuple[pd.DataFrame, dict[str, float], list[str]]:
    panden = _panden(store, where)
    if panden.empty:
        raise NotInStore(f"Geen BAG-panden van {where.name} in de lokale opslag.")
    buurten = store.areas(level="buurt", gemeente=where.gemeente)
    codes = pd.Series(where.gemeente, index=panden.index, dtype=object)
    if not buurten.empty:
        joined = gpd.sjoin(
            gpd.GeoDataFrame(geometry=panden.geometry.centroid, crs=panden.crs),
            buurten[["code", "geometry"]],
            predicate="within",
        )
        joined = joined[~joined.index.duplicated()]
        codes.loc[joined.index] = joined["code"]
    area_values = heat_service.figures_until(store.figures(codes=list(codes.unique())), None)
    known = panden[panden["gebruiksdoel"].notna()] if "gebruiksdoel" in panden else panden.iloc[:0]
    # Heat once, per pand: the units get it per pand, the totals are its sums (the heat
    # module's figures are sums over rows, so this equals the area computed as one code).
    heat = pand_heat(known, known["id"].astype(str))
    units = units_from_panden(
        panden,
        codes,
        area_values,
        parks,
        values["share_owner_occupied_default"],
        values.get("turnover_existing_owner_per_year", float("nan")),
        heat=heat,
    )
    notes = []
    unknown = int(units["functie"].eq("onbekend").sum())
    if unknown:
        notes.append(
            f"{unknown} panden zonder gebruiksdoel (geen verblijfsobjecten in de bron of de opslag; "
            "importeer ze met transitieatlas bag import of bag fetch): "
            "woningen en warmtevraag onbekend"
        )
    totals = {
        "buildings": float(len(panden)),
        "dwellings": float(heat["dwellings"].sum()),
        "heat_demand_gj": float(heat["heat_demand_gj"].sum()),
        "utility_heat_demand_gj": float(heat["utility_heat_demand_gj"].sum()),
    }
    unknown_area = _utility_without_area(known)
    if unknown_area:
        notes.append(
            f"{unknown_area:g} niet-woonobjecten zonder bekende oppervlakte: geen warmtevraag"
        )
    return units, totals, notes


def _utility_without_area(panden: pd.DataFrame) -> float:
    """Non-residential objects in ``panden`` whose floor area is unknown (no heat figure)."""
    stock = heat_utility.utility_stock_from_panden(panden, pd.Series("gebied", index=panden.index))
    return float(stock.loc[stock["floor_area_m2"].isna(), "objects"].sum()) if len(stock) else 0.0


# -- surplus heat -----------------------------------------------------------------------------
def _with_surplus(
    store: Store, where: Area, level: str, units: pd.DataFrame, values: Mapping[str, float]
) -> tuple[pd.DataFrame, dict[str, float], list[str], pd.DataFrame]:
    """``units`` with the surplus figures of the heat sources in the store (:mod:`.surplus`),
    the area's surplus totals, Dutch notes and the sources in or near the area (with their
    ``unit``); without heat sources in the store the figures stay absent (NaN per group) and a
    note says so."""
    sources = store.heat_sources()
    if sources.empty:
        note = ("overschot onbekend: geen warmtebronnen in de lokale opslag (importeer de "
                "PBL-warmtebronnen met transitieatlas import)")  # fmt: skip
        return units, {}, [note], sources
    hours = surplus.full_load_hours(values)
    distance = values[surplus.DISTANCE_KEY]
    if level == "pand":
        outline = _outline(_area_polygons(store, where), where.name)
        sources = _near(sources, [outline, units], distance)
        unit_of = surplus.assign_to_panden(sources, units, distance)["unit"]
        inside = surplus.assign_to_areas(sources, outline)
        place = inside.where(inside.notna() & unit_of.isna(), None).dropna()
        place = "gebied " + place.astype(str)
        reason = f"geen pand in de opslag binnen {distance:g} m"
    else:
        areas = _level_areas(store, where, level)
        sources = _near(sources, [areas], 0.0)
        area_of = surplus.assign_to_areas(sources, areas)
        unit_of = surplus.non_residential_unit(units, area_of)
        place = area_of.where(area_of.notna() & unit_of.isna(), None).dropna()
        place = ("buurt " if level == "buurt" else "vierkant ") + place.astype(str)
        reason = f"dit niveau ({level}) telt alleen woningen, geen bedrijfspanden"
    near = sources[sources["id"].astype(str).isin(set(unit_of.dropna().index) | set(place.index))]
    near = near.assign(unit=unit_of.reindex(near["id"].astype(str)).to_numpy())
    gj = surplus.source_heat_gj(sources, hours)
    figures = surplus.per_unit(sources, unit_of, gj, units.index)
    units = units.assign(**{c: figures[c].to_numpy() for c in surplus.FIGURES})
    totals = {f"{c}": float(figures[c].sum()) for c in surplus.FIGURES}
    totals["surplus_sources_unassigned"] = float(len(place))
    notes = surplus.data_notes(near, hours) + surplus.unassigned_notes(sources, place, reason)
    return units, totals, notes, near.reset_index(drop=True)


def _near(sources: gpd.GeoDataFrame, frames: list[pd.DataFrame], margin: float) -> gpd.GeoDataFrame:
    """The sources within the bounding box of ``frames`` widened by ``margin`` (m): a cheap
    cut before the spatial joins (the store holds the sources of the whole country)."""
    boxes = [f.total_bounds for f in frames if isinstance(f, gpd.GeoDataFrame) and len(f)]
    if not boxes:
        return sources.iloc[:0]
    low = np.min([b[:2] for b in boxes], axis=0) - margin
    high = np.max([b[2:] for b in boxes], axis=0) + margin
    x = shapely.get_x(sources.geometry.to_numpy())
    y = shapely.get_y(sources.geometry.to_numpy())
    keep = (x >= low[0]) & (x <= high[0]) & (y >= low[1]) & (y <= high[1])
    return sources[keep]


def _outline(polygons: gpd.GeoDataFrame | None, name: str) -> gpd.GeoDataFrame:
    """The area's polygons as ``code`` + geometry (empty without polygons)."""
    if polygons is None:
        return gpd.GeoDataFrame({"code": []}, geometry=[], crs="EPSG:28992")
    return gpd.GeoDataFrame(
        {"code": [name] * len(polygons)}, geometry=polygons.geometry.to_numpy(), crs=polygons.crs
    )


def _level_areas(store: Store, where: Area, level: str) -> gpd.GeoDataFrame:
    """The cells or buurten whose units were built (``code`` + geometry)."""
    if level == "cel":
        return _cells(store, where)
    buurten = heat_service.load_areas(store, where.gemeente, "buurt")
    if where.buurten:
        buurten = buurten[buurten["code"].isin(where.buurten)]
    return buurten.reset_index(drop=True)


# -- cel and buurt level ---------------------------------------------------------------------
def _cells(store: Store, where: Area) -> gpd.GeoDataFrame:
    cells = store.areas(level="cel", gemeente=where.gemeente)
    if where.buurten and "buurt_code" in cells:
        cells = cells[cells["buurt_code"].isin(where.buurten)]
    return cells.reset_index(drop=True)


def _cell_units(
    store: Store,
    where: Area,
    values: Mapping[str, float],
    parks: gpd.GeoDataFrame | None = None,
) -> tuple[pd.DataFrame, dict[str, float], list[str]]:
    cells = _cells(store, where)
    if cells.empty:
        raise NotInStore(f"Geen CBS-vierkanten van 100 m voor {where.name} in de lokale opslag.")
    wide = heat_service.figures_until(store.figures(codes=cells["code"]), None)
    wide = wide.reindex(pd.Index(cells["code"], name="code"))
    stock = heat_service._stock(store, cells, wide, "cel")
    dwellings = _number(wide, "woningvoorraad")
    area_values = pd.DataFrame(
        {
            "share_koop": _number(wide, "pct_koopwoningen") / 100.0,
            "share_corporatie": _number(wide, "huurwoningen_corporatie")
            / dwellings.where(dwellings > 0),
            "woz": _number(wide, "gem_woz_woning"),
            "woningdichtheid": dwellings,  # a cell is 1 ha
        },
        index=wide.index,
    )
    return _with_parks(_stock_units(stock, area_values, values), cells, parks, "cel")


def _buurt_units(
    store: Store,
    where: Area,
    values: Mapping[str, float],
    parks: gpd.GeoDataFrame | None = None,
) -> tuple[pd.DataFrame, dict[str, float], list[str]]:
    buurten = heat_service.load_areas(store, where.gemeente, "buurt")
    if where.buurten:
        buurten = buurten[buurten["code"].isin(where.buurten)].reset_index(drop=True)
    if buurten.empty:
        raise NotInStore(f"Geen buurten van {where.name} in de lokale opslag.")
    wide = heat_service.figures_until(store.figures(codes=buurten["code"]), None)
    wide = wide.reindex(pd.Index(buurten["code"], name="code"))
    direct = [c for c in DIRECT_COUNTS if c in wide and wide[c].notna().any()]
    cells = _cells(store, Area(where.name, where.gemeente, tuple(buurten["code"])))
    if not direct and not cells.empty and "buurt_code" in cells:
        # Parks split each cell (finer than the buurt), so the buurt is its cells' sum.
        units, totals, notes = _cell_units(
            store, Area(where.name, where.gemeente, tuple(buurten["code"])), values, parks
        )
        parent = dict(zip(cells["code"], cells["buurt_code"], strict=True))
        units = units.assign(code=units["code"].map(parent))
        notes.append("buurten opgeteld uit hun CBS-vierkanten van 100 m")
        return units, totals, notes
    stock = heat_service._stock(store, buurten, wide, "buurt")
    dwellings = _number(wide, "woningvoorraad")
    land = heat_common.land_area(buurten, wide)["land_area_ha"].reindex(wide.index)
    area_values = pd.DataFrame(
        {
            "share_koop": _number(wide, "pct_koopwoningen") / 100.0,
            "share_corporatie": _number(wide, "pct_corporatie") / 100.0,
            "woz": _number(wide, "gem_woz_woning"),
            "woningdichtheid": dwellings / land.where(land > 0),
        },
        index=wide.index,
    )
    units, totals, notes = _with_parks(
        _stock_units(stock, area_values, values), buurten, parks, "buurt"
    )
    utility = _number(wide, "utiliteitsgebouwen")
    if utility.notna().any():
        totals["utility_buildings"] = float(utility.sum())
        notes.append(utility_note(float(utility.sum())))
    return units, totals, notes


def utility_note(count: float) -> str:
    """Why utility buildings counted per buurt get no heat demand (Dutch, for the notes).

    >>> utility_note(12)
    '12 utiliteitsgebouwen (PBL Startanalyse) zonder oppervlakte in de bron: hun warmtevraag is niet berekend en niet meegeteld'
    """
    return (
        f"{count:g} utiliteitsgebouwen (PBL Startanalyse) zonder oppervlakte in de bron: "
        "hun warmtevraag is niet berekend en niet meegeteld"
    )


def _stock_units(
    stock: pd.DataFrame, area_values: pd.DataFrame, values: Mapping[str, float]
) -> tuple[pd.DataFrame, dict[str, float], list[str]]:
    rows = heat_stock.stock_rows_gj(stock)
    units = units_from_stock(rows, area_values, values)
    total = heat_stock.heat_demand_from_buildings(stock)
    totals = {
        "dwellings": float(total["dwellings"].sum()),
        "heat_demand_gj": float(total["heat_demand_gj"].sum()),
    }
    notes = sorted(set(stock["note"].dropna())) if "note" in stock else []
    missing = area_values[["share_koop"]].isna().all(axis=1).sum()
    if missing:
        notes.append(
            f"{int(missing)} gebieden zonder aandeel koopwoningen: landelijk aandeel "
            f"{values['share_owner_occupied_default']:.1%} gebruikt"
        )
    return units, totals, notes


def _with_parks(
    built: tuple[pd.DataFrame, dict[str, float], list[str]],
    areas: gpd.GeoDataFrame,
    parks: gpd.GeoDataFrame | None,
    level: str,
) -> tuple[pd.DataFrame, dict[str, float], list[str]]:
    """The units, totals and notes of ``built`` with each unit split by the share of its area
    inside the business parks, and a note that says so (:mod:`.parkshare`); unchanged, with
    ``bedrijventerrein`` unknown, when no park is chosen. Totals do not change."""
    units, totals, notes = built
    if parks is None or parks.empty:
        return units, totals, notes
    shares = parkshare.park_shares(areas, parks)
    split = parkshare.split_by_share(units, shares)
    return split, totals, [*notes, parkshare.share_note(shares, level)]


def _number(wide: pd.DataFrame, column: str) -> pd.Series:
    if column not in wide:
        return pd.Series(np.nan, index=wide.index)
    return pd.to_numeric(wide[column], errors="coerce")
