"""Heat demand for the areas in the local store: picks the inputs, runs a method, adds land area.

The bridge between :mod:`transitieatlas.store.opendata` and the pure heat modules, used by the CLI
(``transitieatlas heat``) and the Warmtevraag page. Which figures it uses (indicator names
of ``data/indicators.csv`` and the column mappings):

- gas: ``woningvoorraad`` + ``aardgas_woningen_tj`` / ``aardgas_woningen_mln_m3`` /
  ``gem_aardgas_woning``, optional ``pct_stadsverwarming``, ``woningen_gasverwarmd``;
- buildings, first that is present: Zwolle building counts ``gebouwen_bouwjaar_*`` (+ label
  classes ``gebouwen_energie_*``); CBS grid counts ``woningen_bouwjaar_*``; BAG panden in the
  store; else the CBS share built before/after 2000 (coarse, said so in ``note``). From BAG
  panden with gebruiksdoel the non-residential objects are added (:mod:`.utility`), and the
  EP-Online labels in the store replace Vesta's default label per pand.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from transitieatlas.areas.codes import gemeente_of, level_of, wijk_of
from transitieatlas.errors import NotInStore
from transitieatlas.frames import RD_NEW
from transitieatlas.heat import common as heat
from transitieatlas.heat import methods as heat_methods
from transitieatlas.heat import network as heatnet
from transitieatlas.heat import stock as heat_stock
from transitieatlas.heat import utility as heat_utility
from transitieatlas.sources import bag_units, eponline
from transitieatlas.store.opendata import Store

COARSE_PERIODS = {"_voor_2000": (None, 1999), "_vanaf_2000": (2000, 2020)}
PLURAL = {"buurt": "buurten", "wijk": "wijken", "cel": "vierkanten", "gemeente": "gemeenten"}
STOCK_INDICATORS = (
    *heat_stock.BUILDING_PERIODS,
    *heat_stock.GRID_PERIODS,
    *heat_stock.PBL_PERIODS,
    "pct_bouwjaar_vanaf_2000",
)


def available_methods(store: Store, areas: gpd.GeoDataFrame) -> list[str]:
    """The methods the store has inputs for, for these areas (gas first)."""
    present = set(store.figures(codes=areas["code"])["indicator"].unique())
    gas_ok = "woningvoorraad" in present and bool(present & set(heat_methods.get("gas").inputs))
    usable = {
        "gas": gas_ok,
        "buildings": bool(present & set(STOCK_INDICATORS)) or _buildings_overlap(store, areas),
        "model": bool(present & set(heat_methods.get("model").inputs)),
    }
    return [name for name in heat_methods.method_names() if usable.get(name)]


def load_areas(
    store: Store, gemeente: str, level: str, year: int | None = None
) -> gpd.GeoDataFrame:
    """The areas of ``gemeente`` at ``level`` or :class:`NotInStore` with a Dutch hint.

    When the store has figures but no polygons for them (e.g. the Utrecht 2020 buurt rows),
    the areas come from the figure codes, without geometry (land area then unknown).
    """
    areas = store.areas(level=level, gemeente=gemeente, year=year)
    areas = areas[areas["code"] != gemeente]
    if areas.empty and level in ("buurt", "wijk"):
        areas = _without_polygon(sorted(_figure_codes(store, gemeente, level)), gemeente, level)
    if areas.empty:
        raise NotInStore(
            f"Geen {PLURAL.get(level, level)} van {gemeente} in de lokale opslag. Haal ze op met "
            f"'transitieatlas fetch --gemeente {gemeente}' of importeer de spiegel met "
            "'transitieatlas import'."
        )
    return areas.reset_index(drop=True)


def _figure_codes(store: Store, gemeente: str, level: str) -> set[str]:
    """CBS codes of ``level`` in ``gemeente`` that have figures in the store."""
    codes = pd.Series(sorted(store.figure_codes()), dtype=object)
    return set(codes[(codes.map(level_of) == level) & (codes.map(gemeente_of) == gemeente)])


def _without_polygon(codes: list[str], gemeente: str, level: str) -> gpd.GeoDataFrame:
    """Areas known only from their figures: no geometry, so land area and density stay empty."""
    return gpd.GeoDataFrame(
        {"code": codes, "name": codes, "level": level, "gemeente_code": gemeente,
         "wijk_code": [wijk_of(c) for c in codes], "year": None, "dataset": None},
        geometry=[None] * len(codes), crs=RD_NEW,
    )  # fmt: skip


def add_figure_only_areas(
    store: Store, areas: gpd.GeoDataFrame, gemeente: str, level: str, year: int | None
) -> gpd.GeoDataFrame:
    """``areas`` plus the areas of ``level`` that have figures in ``year`` but no polygon.

    Counting is driven by the figures: a buurt the map lacks (e.g. BU03440621, new in the
    2020 division, absent from the 2014 polygons) stays in every table and total.
    """
    if level not in ("buurt", "wijk") or year is None:
        return areas
    missing = sorted(_figure_codes(store, gemeente, level) - set(areas["code"]))
    if not missing:
        return areas
    present = store.figures(codes=missing, year=year)
    missing = sorted(set(present["code"]))
    if not missing:
        return areas
    extra = _without_polygon(missing, gemeente, level)
    out = pd.concat([areas, extra], ignore_index=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:28992")


def figures_until(figures: pd.DataFrame, year: int | None) -> pd.DataFrame:
    """Wide figures per code, each indicator from its latest year not after ``year``."""
    frame = figures
    if year is not None:
        frame = frame[pd.to_numeric(frame["year"], errors="coerce") <= year]
    wide = heat.wide_figures(frame)
    if year is not None:
        wide["year"] = year
    return wide


def method_year(figures: pd.DataFrame, method: str, year: int | None) -> int | None:
    """The year to compute for: ``year`` when given, else the latest year holding the
    method's year indicators (:attr:`HeatMethod.year_from`: gas figures for ``gas``, a
    dwelling count for ``buildings``)."""
    if year is not None:
        return year
    wanted = heat_methods.get(method).year_from
    years = pd.to_numeric(figures.loc[figures["indicator"].isin(wanted), "year"], errors="coerce")
    return int(years.max()) if years.notna().any() else None


def _stock(store: Store, areas: gpd.GeoDataFrame, wide: pd.DataFrame, level: str) -> pd.DataFrame:
    index = pd.Index(areas["code"], name="code")
    wide = wide.reindex(index)
    dwellings = (
        pd.to_numeric(wide["woningvoorraad"], errors="coerce") if "woningvoorraad" in wide else None
    )
    periods = {k: v for k, v in heat_stock.BUILDING_PERIODS.items() if k in wide}
    if periods and dwellings is not None:
        labels = {k: v for k, v in heat_stock.BUILDING_LABELS.items() if k in wide} or None
        counts = wide[[*periods, *(labels or {})]]
        stock = heat_stock.stock_from_period_counts(counts, dwellings, periods, labels)
        if not stock.empty:
            return stock
    from_pbl = _stock_from_pbl(wide)
    if from_pbl is not None:
        return from_pbl
    if any(c in wide for c in heat_stock.GRID_PERIODS):
        grid = wide.reset_index()
        if "buurt_code" in areas:
            grid["buurt_code"] = areas["buurt_code"].to_numpy()
        return heat_stock.stock_from_grid(grid)
    from_panden = _stock_from_panden(store, areas, level)
    if from_panden is not None:
        return from_panden
    if level in ("buurt", "wijk"):
        from_cells = _stock_from_cells(store, areas, level)
        if from_cells is not None:
            return from_cells
    if dwellings is not None and "pct_bouwjaar_vanaf_2000" in wide:
        after = pd.to_numeric(wide["pct_bouwjaar_vanaf_2000"], errors="coerce") / 100.0
        counts = pd.DataFrame({"_voor_2000": 1.0 - after, "_vanaf_2000": after}, index=index)
        share = (
            pd.to_numeric(wide["pct_meergezinswoning"], errors="coerce") / 100.0
            if "pct_meergezinswoning" in wide
            else None
        )
        stock = heat_stock.stock_from_period_counts(counts, dwellings, COARSE_PERIODS, None, share)
        stock["note"] = (
            "grof: alleen aandeel vóór/na 2000 bekend; type, oppervlakte en label aangenomen"
        )
        return stock
    raise NotInStore(
        "Geen gegevens over de woningvoorraad naar bouwjaar voor deze gebieden "
        "(BAG-panden, CBS-vierkanten of tellingen naar bouwperiode). Importeer die eerst."
    )


def _stock_from_pbl(wide: pd.DataFrame) -> pd.DataFrame | None:
    """The stock from PBL Startanalyse counts by period and type (with label shares), or None."""
    columns = [c for c in heat_stock.PBL_PERIODS if c in wide]
    if not columns:
        return None
    stock = heat_stock.stock_from_type_period_counts(wide[wide[columns].notna().any(axis=1)])
    return None if stock.empty else stock


def buildings_with_labels(
    store: Store, buildings: gpd.GeoDataFrame | None = None
) -> gpd.GeoDataFrame:
    """The BAG panden in the store (or ``buildings``, some of them) as heat and segmentation
    use them: panden without ``gebruiksdoel``/floor area/unit count get these from the
    verblijfsobjecten in the store (:func:`sources.bag_units.fill_from_units`, the one place
    that sums units per pand), and ``label`` (A–G) from the EP-Online labels in the store
    where a pand has one (:func:`heat.utility.pand_labels`), a label with only a VBO id
    counting for the VBO's pand (:func:`sources.eponline.with_pand_ids`)."""
    buildings = store.buildings() if buildings is None else buildings
    if buildings.empty:
        return buildings
    units = store.units()
    if not units.empty:
        buildings = bag_units.fill_from_units(buildings, units)
    labels = store.energy_labels()
    if labels.empty:
        return buildings
    labels = eponline.with_pand_ids(labels, units)
    found = buildings["id"].astype(str).map(heat_utility.pand_labels(labels))
    out = buildings.copy()
    out["label"] = found.where(found.notna(), out.get("label"))
    return out


def _panden_with_codes(
    store: Store, areas: gpd.GeoDataFrame, level: str
) -> tuple[gpd.GeoDataFrame, pd.Series | None] | None:
    """The panden with gebruiksdoel and the area code of each (None = its 100 m cell), or None."""
    buildings = buildings_with_labels(store)
    if buildings.empty or "gebruiksdoel" not in buildings:
        return None
    codes = None
    if level != "cel":
        joined = gpd.sjoin(
            gpd.GeoDataFrame(geometry=buildings.geometry.centroid, crs=buildings.crs),
            areas[["code", "geometry"]],
            how="left",
            predicate="within",
        )
        codes = joined.loc[~joined.index.duplicated(), "code"]
    return buildings, codes


def _stock_from_panden(store: Store, areas: gpd.GeoDataFrame, level: str) -> pd.DataFrame | None:
    """The stock from BAG panden in the store (each pand in the area holding its centroid), or None."""
    found = _panden_with_codes(store, areas, level)
    if found is None:
        return None
    stock = heat_stock.stock_from_panden(*found)
    stock = stock[stock["code"].isin(areas["code"])] if level != "cel" else stock
    return None if stock.empty else stock


def _with_utility(
    result: pd.DataFrame,
    store: Store,
    areas: gpd.GeoDataFrame,
    level: str,
    constants: dict[str, float] | None,
) -> pd.DataFrame:
    """A dwellings result from BAG panden plus the panden's non-residential objects."""
    found = _panden_with_codes(store, areas, level)
    if found is None:
        return result
    stock = heat_utility.utility_stock_from_panden(*found)
    if level != "cel":
        stock = stock[stock["code"].isin(areas["code"])]
    if stock.empty:
        return result
    return heat_utility.add_utility(result, heat_utility.heat_demand_from_utility(stock, constants))


def _stock_from_cells(store: Store, areas: gpd.GeoDataFrame, level: str) -> pd.DataFrame | None:
    """The stock of buurten (or wijken) as the sum of their CBS 100 m cells, or None.

    Each cell carries the buurt it lies in (``buurt_code``, from the CBS grid file); the stock
    rows of a cell are relabelled to that buurt (or its wijk), so the heat demand of a buurt is
    exactly the sum of its cells' heat demand.
    """
    gemeenten = [g for g in areas["gemeente_code"].dropna().unique()]
    cells = pd.concat([store.areas(level="cel", gemeente=g) for g in gemeenten] or [pd.DataFrame()])
    if cells.empty or "buurt_code" not in cells:
        return None
    cells = cells.reset_index(drop=True)
    cell_wide = figures_until(store.figures(codes=cells["code"]), None)
    cell_wide = cell_wide.reindex(pd.Index(cells["code"], name="code"))
    if not any(c in cell_wide for c in heat_stock.GRID_PERIODS):
        return None
    stock = _stock(store, cells, cell_wide, "cel")
    parent = dict(zip(cells["code"], cells["buurt_code"], strict=True))
    if level == "wijk":
        parent = {cell: wijk_of(buurt) for cell, buurt in parent.items() if buurt}
    stock = stock.assign(code=stock["code"].map(parent))
    stock = stock[stock["code"].isin(areas["code"])]
    if stock.empty:
        return None
    note = "opgeteld uit de CBS-vierkanten van 100 m in dit gebied"
    stock["note"] = stock["note"].fillna("") + "; " + note if "note" in stock else note
    return stock


def _buildings_overlap(store: Store, areas: gpd.GeoDataFrame) -> bool:
    """True when BAG panden in the store lie within the bounding box of ``areas``."""
    buildings = store.buildings()
    if buildings.empty or areas.geometry.isna().all():
        return False
    minx, miny, maxx, maxy = areas.total_bounds
    return bool(len(buildings.cx[minx:maxx, miny:maxy]))


def compute(
    store: Store,
    gemeente: str,
    level: str = "buurt",
    method: str = "gas",
    year: int | None = None,
    constants: dict[str, float] | None = None,
) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    """Heat demand per area of ``gemeente`` (columns :data:`heat.OUTPUT_COLUMNS`) and the areas."""
    spec = heat_methods.get(method)
    areas = load_areas(store, gemeente, level, None)
    figures = store.figures(codes=areas["code"])
    when = method_year(figures, method, year)
    more = add_figure_only_areas(store, areas, gemeente, level, when)
    if len(more) > len(areas):
        areas = more
        figures = store.figures(codes=areas["code"])
        when = method_year(figures, method, year)
    wide = figures_until(figures, when)
    if spec.takes == "stock":
        # building counts (e.g. Zwolle 2024) may be newer than the year asked: use them anyway
        wide = wide.combine_first(figures_until(figures, None))
    wide = wide.reindex(pd.Index(areas["code"], name="code"))
    if spec.takes == "stock":
        stock = _stock(store, areas, wide, level)
        result = spec.function(stock, constants)
        from_panden = "note" in stock and stock["note"].eq(heat_stock.PANDEN_NOTE).any()
        if method == "buildings" and from_panden:
            result = _with_utility(result, store, areas, level, constants)
    else:
        if not any(c in wide and wide[c].notna().any() for c in spec.inputs):
            raise NotInStore(
                f"Geen {spec.missing} voor de {PLURAL.get(level, level)} van {gemeente} "
                "in de opslag" + (f" (jaar {when})." if when else ".")
            )
        result = spec.function(wide, constants)
    result["year"] = when
    land = heat.land_area(areas, wide)
    if level == "cel":
        land["land_area_source"] = heat.LAND_FROM_CELL
    names = dict(zip(areas["code"], areas["name"], strict=True))
    out = heat.finish(result, names, land)
    out = _note_missing_polygons(out, areas)
    out = out[out["code"].isin(areas["code"])].sort_values("code").reset_index(drop=True)
    return out, areas


NO_POLYGON_NOTE = "geen polygoon in de opslag: oppervlakte en warmtedichtheid onbekend"


def _note_missing_polygons(table: pd.DataFrame, areas: gpd.GeoDataFrame) -> pd.DataFrame:
    """Say in ``note`` why land area and density are empty for areas without a polygon."""
    geometry = areas.geometry
    lacking = set(areas.loc[(geometry.isna() | geometry.is_empty).to_numpy(), "code"])
    hit = table["code"].isin(lacking) & table["land_area_ha"].isna()
    coarse = table["land_area_source"] == heat.LAND_FROM_COARSE_POLYGON
    for rows, text in ((hit, NO_POLYGON_NOTE), (coarse, heat.COARSE_NOTE)):
        if rows.any():
            note = table.loc[rows, "note"].fillna("").astype(str)
            table.loc[rows, "note"] = note.where(note == "", note + "; ") + text
    return table


def calibration(
    store: Store, gemeente: str, level: str = "buurt", year: int | None = None
) -> pd.DataFrame:
    """Both methods side by side for ``gemeente`` (same year for both, the gas year)."""
    gas, _ = compute(store, gemeente, level, "gas", year)
    when = int(gas["year"].dropna().iloc[0]) if gas["year"].notna().any() else year
    buildings, _ = compute(store, gemeente, level, "buildings", when)
    return heat.calibration(gas, buildings)


def methods_side_by_side(store: Store, gemeente: str, level: str = "buurt") -> pd.DataFrame:
    """Every method the store has inputs for (each for its own latest year) next to PBL's
    2019 reference per area (:func:`transitieatlas.heat.common.side_by_side`)."""
    areas = load_areas(store, gemeente, level)
    results = {}
    for method in available_methods(store, areas):
        try:
            results[method], _ = compute(store, gemeente, level, method)
        except NotInStore:
            continue
    reference = figures_until(store.figures(codes=areas["code"]), None)
    reference = reference.reindex(pd.Index(areas["code"], name="code"))
    return heat.side_by_side(results, reference)


def screen_inputs(store: Store, codes: pd.Series, year: int | None = None) -> pd.DataFrame:
    """Shares per area for the heat-network screen (0–1), from whatever the store holds:
    ``share_meergezins``, ``share_corporatie``, ``share_before_2000``."""
    wide = figures_until(store.figures(codes=codes), year).reindex(pd.Index(codes, name="code"))
    shares = heatnet.shares_from_figures(wide)
    dwellings = (
        pd.to_numeric(wide["woningvoorraad"], errors="coerce") if "woningvoorraad" in wide else None
    )
    if dwellings is not None:
        positive = dwellings.where(dwellings > 0)
        if "meergezinswoningen" in wide:
            shares["share_meergezins"] = shares["share_meergezins"].fillna(
                wide["meergezinswoningen"] / positive
            )
        if "huurwoningen_corporatie" in wide:
            shares["share_corporatie"] = shares["share_corporatie"].fillna(
                wide["huurwoningen_corporatie"] / positive
            )
    if "pct_bouwjaar_vanaf_2000" in wide:
        shares["share_before_2000"] = shares["share_before_2000"].fillna(
            1.0 - pd.to_numeric(wide["pct_bouwjaar_vanaf_2000"], errors="coerce") / 100.0
        )
    old = [
        c
        for c in (
            "woningen_bouwjaar_voor_1945",
            "woningen_bouwjaar_1945_1965",
            "woningen_bouwjaar_1965_1975",
            "woningen_bouwjaar_1975_1985",
            "woningen_bouwjaar_1985_1995",
        )
        if c in wide
    ]
    if old and dwellings is not None:
        # 1995–2005 counted half before 2000 (an assumption: even spread over the years)
        half = (
            wide["woningen_bouwjaar_1995_2005"] / 2.0
            if "woningen_bouwjaar_1995_2005" in wide
            else 0.0
        )
        shares["share_before_2000"] = shares["share_before_2000"].fillna(
            (wide[old].sum(axis=1, min_count=1) + half) / dwellings.where(dwellings > 0)
        )
    periods = {k: v for k, v in heat_stock.BUILDING_PERIODS.items() if k in wide}
    if periods:
        counts = wide[list(periods)].apply(pd.to_numeric, errors="coerce")
        before = counts[[c for c, (_, end) in periods.items() if end <= 2000]].sum(axis=1)
        total = counts.sum(axis=1)
        shares["share_before_2000"] = shares["share_before_2000"].fillna(
            before / total.where(total > 0)
        )
    return shares.clip(0.0, 1.0)
