"""The offline mirror: a folder of previously downloaded open-data files, imported at once.

:func:`import_mirror` walks the folder (``../shared/data`` by default, see its README),
recognises every file that holds areas, figures or buildings and writes each file as its
own dataset(s) in the store. One bad file does not stop the others: it is reported in
its :class:`FileSummary`. Files are imported in a fixed order so that tables keyed by
area name (the Zwolle series) find the areas imported just before them.

Known files and their quirks (``RECOGNISERS``):

- national gemeenten 2022 GeoJSON, wijken 2024 GeoJSON (WGS84 → RD New);
- the 2014/2015 national TopoJSON (own decoder); ``GemeenteDetail`` gives 2015 gemeente
  figures from its land parts (CBS negative missing codes → NaN);
- the KWB 2024 gemeente/wijk subset JSON, keys mapped through the real 85984NED
  DataProperties in the mirror (by title, via :func:`transitieatlas.sources.cbs.parse_rows`);
- the Utrecht buurt rows CSV (no geometry; year "waarschijnlijk 2020");
- Fryslân warmtekaart: ``buurt_potentie`` (declares CRS84, holds RD New), the koopwoningen /
  wooncorporatie / energiearmoede layers without buurtcode (joined by name + gemeente,
  else by polygon overlap), fractions 0–1 → %; the modelled heat networks are skipped;
- Zwolle: municipal buurt division (codes ``GM0193-<BRTNR>``), energy GeoJSONs 2015–2023,
  demographics, building aggregates and the Klimaatmonitor "Thema's" XLSX exports;
- Ermelo buurten 2021 and the CBS 100 m grid (level ``cel``, each cell keeps its buurtcode);
- the BAG sample of Delft (buildings).

Other files are tried generically (geodata with a code column, tables with a column
mapping) and otherwise listed as skipped with the reason.
"""

from __future__ import annotations

import fnmatch
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from transitieatlas.errors import InputError, TransitieatlasError
from transitieatlas.sources import files, tables
from transitieatlas.store.opendata import ImportBatch, Provenance, Store

RD_NEW = "EPSG:28992"
CBS_LICENCE = "Bron: CBS, CC BY 4.0"
CBS_KADASTER_LICENCE = "Bron: CBS, Kadaster, CC BY 4.0"
ZWOLLE_GM = "GM0193"
LEVEL_OF_PREFIX = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}
MATCH_MIN_OVERLAP = 0.8
"""Polygons of two files are the same buurt when intersection / union ≥ this."""

Progress = Callable[[str], None]


@dataclass
class FileSummary:
    """What happened to one file of the mirror."""

    file: str
    datasets: list[str] = field(default_factory=list)
    rows: int = 0
    warnings: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    error: str | None = None
    skipped: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class FileImport:
    """A recogniser's result: the batch to write plus what to tell the user."""

    batch: ImportBatch = field(default_factory=ImportBatch)
    warnings: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    skipped: str | None = None


@dataclass
class Context:
    """Shared state while importing: the store and frames other files join against."""

    store: Store
    root: Path
    cache: dict[str, object] = field(default_factory=dict)
    options: dict[str, object] = field(default_factory=dict)
    """For files no recogniser knows: ``source`` (column mapping), ``gemeente``, ``year``."""

    def areas(self, gemeente: str) -> gpd.GeoDataFrame:
        """The store's areas of ``gemeente``, kept until the next areas write."""
        key = f"areas:{gemeente}"
        if key not in self.cache:
            self.cache[key] = self.store.areas(gemeente=gemeente)
        return self.cache[key]  # type: ignore[return-value]

    def forget_areas(self) -> None:
        for key in [k for k in self.cache if k.startswith("areas:")]:
            del self.cache[key]

    def origin(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(self.root.resolve().parent))
        except ValueError:
            return str(path)


Recogniser = Callable[[Path, Context], FileImport]


# -- helpers ------------------------------------------------------------------------------
def _prov(
    ctx: Context, path: Path, source: str, year: int | None, licence: str, note: str = ""
) -> Provenance:
    return Provenance(
        source=source,
        table_id=path.name,
        year=year,
        retrieved=date.fromtimestamp(path.stat().st_mtime).isoformat(),
        licence=licence,
        origin=ctx.origin(path),
        note=note,
    )


def cbs_parents(code: str) -> tuple[str | None, str | None]:
    """``(gemeente_code, wijk_code)`` of a CBS code (itself as gemeente for GM codes)."""
    digits = code[2:]
    if code.startswith("GM"):
        return code, None
    if code.startswith("WK"):
        return f"GM{digits[:4]}", None
    if code.startswith("BU"):
        return f"GM{digits[:4]}", f"WK{digits[:6]}"
    return None, None


def make_areas(
    frame: gpd.GeoDataFrame,
    codes: pd.Series,
    names: pd.Series,
    level: str,
    year: int | None,
    warnings: list[str],
) -> gpd.GeoDataFrame:
    """Canonical areas frame; gemeente/wijk codes from the CBS code; empty geometries dropped."""
    codes = codes.astype(str).str.strip()
    parents = codes.map(cbs_parents)
    names = names.where(names.notna() & (names.astype(str).str.strip() != ""), codes)
    areas = gpd.GeoDataFrame(
        {
            "code": codes.values,
            "name": names.astype(str).values,
            "level": level,
            "gemeente_code": [p[0] for p in parents],
            "wijk_code": [p[1] for p in parents],
            "year": year,
        },
        geometry=frame.geometry.values,
        crs=RD_NEW,
    )
    empty = areas.geometry.isna() | areas.geometry.is_empty
    if empty.any():
        warnings.append(f"{int(empty.sum())} gebieden zonder geometrie niet als vlak opgeslagen")
    if frame.attrs.get("grid_m"):  # coarse polygons (files.COARSE_GRID_M): say so per area
        areas["precision_m"] = round(float(frame.attrs["grid_m"]))
    areas = areas[~empty]
    twice = areas["code"].duplicated()
    if twice.any():
        codes = sorted(set(areas.loc[twice, "code"]))
        warnings.append(
            f"{int(twice.sum())} dubbele gebiedscode(s), alleen het eerste object bewaard: "
            + ", ".join(codes[:5]) + (" …" if len(codes) > 5 else "")
        )  # fmt: skip
    return areas[~twice].reset_index(drop=True)


def _figures(
    frame: pd.DataFrame,
    codes: pd.Series,
    year: int | pd.Series,
    mapping: str,
    label: str,
    result: FileImport,
    skip: tuple[str, ...] = (),
) -> pd.DataFrame:
    rules = tables.load_mapping(mapping)
    figures, unmapped = tables.wide_to_figures(frame, codes, year, rules, label, skip=skip)
    result.unmapped.extend(unmapped)
    return figures


def _geo_notes(frame: gpd.GeoDataFrame) -> list[str]:
    return list(frame.attrs.get("notes", []))


def best_overlap(left: gpd.GeoDataFrame, right: gpd.GeoDataFrame, code_column: str) -> pd.Series:
    """For each row of ``left``: the ``code_column`` of the ``right`` polygon it overlaps
    best, when intersection / union ≥ :data:`MATCH_MIN_OVERLAP` (else NaN)."""
    out = pd.Series(np.nan, index=left.index, dtype=object)
    right = right[~(right.geometry.isna() | right.geometry.is_empty)]
    if left.empty or right.empty:
        return out
    pairs = gpd.sjoin(left[["geometry"]], right[[code_column, "geometry"]], predicate="intersects")
    if pairs.empty:
        return out
    a = left.geometry.loc[pairs.index].values
    b = right.geometry.loc[pairs["index_right"]].values
    inter = a.intersection(b).area
    union = a.area + b.area - inter
    pairs = pairs.assign(iou=np.where(union > 0, inter / np.where(union > 0, union, 1), 0.0))
    pairs = pairs[pairs["iou"] >= MATCH_MIN_OVERLAP].sort_values("iou")
    best = pairs[~pairs.index.duplicated(keep="last")]
    out.loc[best.index] = best[code_column].values
    return out


# -- CBS boundaries ---------------------------------------------------------------------
def import_cbs_boundaries(path: Path, ctx: Context) -> FileImport:
    """A CBS gebiedsindeling (GeoJSON or TopoJSON): areas by ``statcode``/``wijkcode``."""
    result = FileImport()
    frame = files.read_geodata(path)
    result.warnings.extend(_geo_notes(frame))
    code_col = next(c for c in ("statcode", "wijkcode", "gemeentecode") if c in frame.columns)
    name_col = next((c for c in ("statnaam", "Wijk", "wijknaam") if c in frame.columns), code_col)
    codes = frame[code_col].astype(str).str.strip()
    level = LEVEL_OF_PREFIX[codes.iloc[0][:2]]
    year = tables.year_from_text(path.name) or tables.year_from_text(str(path.parent))
    areas = make_areas(frame, codes, frame[name_col], level, year, result.warnings)
    note = "; ".join(_geo_notes(frame))
    if path.suffix == ".json":
        note = (
            note + "; " if note else ""
        ) + "grof (TopoJSON, 1000×1000 raster): niet voor buurtniveau"
    plural = {"gemeente": "gemeenten", "wijk": "wijken", "buurt": "buurten"}[level]
    source = f"CBS gebiedsindeling {plural} {year}"
    result.batch.add("areas", areas, _prov(ctx, path, source, year, CBS_KADASTER_LICENCE, note))
    return result


def import_gemeente_detail(path: Path, ctx: Context) -> FileImport:
    """CBS wijk- en buurtkaart 2015, gemeente layer with Kerncijfers: figures of land parts."""
    result = FileImport()
    frame = files.read_geodata(path)
    land = frame[frame["water"] == "NEE"].drop(columns="geometry")
    result.warnings.append(
        f"{int((frame['water'] != 'NEE').sum())} waterdelen overgeslagen; "
        "vlakken staan al in Gemeente_2015"
    )
    label = "CBS Wijk- en buurtkaart 2015, gemeenten (Kerncijfers)"
    figures = _figures(land, land["gemeentecode"], 2015, "cbs_wijkenbuurtenkaart", label, result,
                       skip=("buurtcode", "buurtnaam", "wijkcode", "wijknaam"))  # fmt: skip
    result.batch.add("figures", figures, _prov(ctx, path, label, 2015, CBS_KADASTER_LICENCE))
    return result


def import_kwb_subset(path: Path, ctx: Context) -> FileImport:
    """KWB gemeente/wijk rows keyed by code; keys mapped via the table's DataProperties."""
    from transitieatlas.sources import cbs

    result = FileImport()
    match = re.search(r"\d{5}NED", str(path))
    if not match:
        raise InputError(f"{path.name}: geen CBS-tabelnummer (zoals 85984NED) in het pad.")
    table_id = match.group(0)
    props_path = _find_data_properties(path, ctx, table_id)
    props = json.loads(props_path.read_text(encoding="utf-8"))
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = [{cbs.REGION_KEY: code, **values} for code, values in data.items()]
    year = next((y for y, t in cbs.kwb_tables().items() if t.table_id == table_id), None)
    if year is None:
        raise InputError(f"{path.name}: tabel {table_id} staat niet in data/kwb_tables.csv.")
    parsed = cbs.parse_rows(rows, props, table_id, year)
    keys = {k for v in data.values() for k in v}
    present = {ind for key, ind in parsed.mapping.items() if key in keys}
    figures = parsed.figures[parsed.figures["indicator"].isin(present)].reset_index(drop=True)
    result.unmapped.extend(sorted(keys - set(parsed.mapping)))
    note = f"subset (gemeenten en wijken); kolommen vertaald via {props_path.name}"
    source = f"CBS {table_id} Kerncijfers wijken en buurten {year}"
    result.batch.add("figures", figures, _prov(ctx, path, source, year, CBS_LICENCE, note))
    return result


def _find_data_properties(path: Path, ctx: Context, table_id: str) -> Path:
    for folder in (path.parent, path.parent.parent, ctx.root):
        hits = sorted(folder.rglob("DataProperties.json"))
        for hit in hits:
            if table_id in str(hit.parent):
                return hit
    raise InputError(
        f"{path.name}: de kolombeschrijving (DataProperties.json) van {table_id} ontbreekt."
    )


def import_utrecht_rows(path: Path, ctx: Context) -> FileImport:
    """Utrecht buurt rows (KWB + Leefbaarometer, no geometry), year most likely 2020."""
    note = "jaar niet vermeld, waarschijnlijk 2020 (buurtindeling 2020); geen geometrie"
    prov = _prov(ctx, path, "CBS Kerncijfers wijken en buurten (provincie Utrecht, bewerkt)",
                 2020, CBS_LICENCE + "; Leefbaarometer (BZK)", note)  # fmt: skip
    res = tables.import_table(path, ctx.store, source="utrecht_buurten_2020", year=2020,
                              require_known=False, provenance=prov)  # fmt: skip
    missing_gas = int(
        res.figures.loc[res.figures["indicator"] == "gem_aardgas_woning", "value"].isna().sum()
    )
    warns = [w for w in res.warnings if not w.startswith("namen")]
    warns.append(f"{missing_gas} buurten zonder aardgasverbruik (leeg in het bestand)")
    return FileImport(res.batch, warns, res.unmapped)


# -- Fryslân ------------------------------------------------------------------------------
FRL_SOURCE = "Warmtekaart Fryslân (n-guy-en/Warmtekaart), CBS-buurten"
FRL_LICENCE = "Bron: CBS, CC BY 4.0; bewerking n-guy-en/Warmtekaart (geen licentiebestand)"
FRL_YEAR = 2023
FRL_NOTE = (
    "jaar van de buurtindeling niet vermeld; codes volgen de indeling na 2019, aangenomen 2023"
)


def _potentie(path: Path, ctx: Context) -> gpd.GeoDataFrame:
    """The buurt_potentie layer (codes + polygons) the other Fryslân layers join to."""
    if "potentie" not in ctx.cache:
        source = path.parent / "buurt_potentie_extraqt.geojson.gz"
        if source.is_file():
            ctx.cache["potentie"] = files.read_geodata(source)
        else:
            areas = ctx.store.areas(level="buurt")
            ctx.cache["potentie"] = areas.rename(
                columns={"code": "buurtcode", "name": "buurtnaam"}
            ).assign(gemeentenaam=None)
    return ctx.cache["potentie"]  # type: ignore[return-value]


def import_frl_potentie(path: Path, ctx: Context) -> FileImport:
    """Fryslân buurten with modelled heat demand: areas (CRS override) + figures."""
    result = FileImport()
    frame = _potentie(path, ctx)
    result.warnings.extend(_geo_notes(frame))
    names = _fill_frl_names(frame, path, ctx)
    missing = int(names.isna().sum())
    if missing:
        result.warnings.append(f"{missing} buurten zonder naam (code gebruikt als naam)")
    areas = make_areas(frame, frame["buurtcode"], names, "buurt", FRL_YEAR, result.warnings)
    note = FRL_NOTE + "; " + "; ".join(_geo_notes(frame))
    result.batch.add("areas", areas, _prov(ctx, path, FRL_SOURCE, FRL_YEAR, FRL_LICENCE, note))
    label = "Warmtekaart Fryslân, gemodelleerde warmtevraag (EXTRAQT)"
    table = frame.drop(columns="geometry")
    figures = _figures(table, table["buurtcode"], FRL_YEAR, "friesland_warmtekaart", label, result)
    prov = _prov(
        ctx, path, label, FRL_YEAR, FRL_LICENCE, "modeluitkomst, geen officiële statistiek"
    )
    result.batch.add("figures", figures, prov)
    return result


FRL_NAME_DONORS = ("koopwoningen_frl", "energiearmoede_frl", "wooncorporatie_frl")


def _read_cached(ctx: Context, path: Path) -> gpd.GeoDataFrame:
    """``files.read_geodata`` once per file during one import."""
    key = f"geo:{path.resolve()}"
    if key not in ctx.cache:
        ctx.cache[key] = files.read_geodata(path)
    return ctx.cache[key]  # type: ignore[return-value]


def _fill_frl_names(frame: gpd.GeoDataFrame, path: Path, ctx: Context) -> pd.Series:
    """Buurt names; missing ones taken from the sibling layers by polygon overlap."""
    names = frame["buurtnaam"].copy()
    for donor_name in FRL_NAME_DONORS:
        lacking = names.isna() & ~(frame.geometry.is_empty | frame.geometry.isna())
        donor_path = path.parent / f"{donor_name}.geojson.gz"
        if not lacking.any() or not donor_path.is_file():
            continue
        donor = _read_cached(ctx, donor_path)
        found = best_overlap(frame[lacking], donor.assign(_name=donor["buurtnaam"]), "_name")
        names.loc[found.index] = names.loc[found.index].fillna(found)
    return names


def import_frl_layer(path: Path, ctx: Context) -> FileImport:
    """A Fryslân layer without buurtcode: join by name + gemeente, else by polygon overlap."""
    result = FileImport()
    frame = _read_cached(ctx, path)
    result.warnings.extend(_geo_notes(frame))
    potentie = _potentie(path, ctx)
    key = ["_naam", "_gemeente"]
    lookup = potentie.assign(
        _naam=potentie["buurtnaam"].map(tables.normalise_name),
        _gemeente=potentie["gemeentenaam"].map(tables.normalise_name),
    )
    lookup = lookup[(lookup["_naam"] != "") & (lookup["_gemeente"] != "")]
    lookup = lookup.drop_duplicates(key, keep=False).set_index(key)["buurtcode"]
    wanted = pd.MultiIndex.from_arrays(
        [
            frame["buurtnaam"].map(tables.normalise_name),
            frame["gemeentenaam"].map(tables.normalise_name),
        ]
    )
    codes = pd.Series(lookup.reindex(wanted).values, index=frame.index, dtype=object)
    by_name = int(codes.notna().sum())
    rest = codes.isna()
    spatial = best_overlap(frame[rest], potentie, "buurtcode")
    taken = set(codes.dropna())
    spatial = spatial.where(~spatial.isin(taken) & ~spatial.duplicated(keep=False))
    codes.loc[rest] = spatial
    unmatched = int(codes.isna().sum())
    result.warnings.append(
        f"{by_name} buurten gekoppeld op naam en gemeente, {int(spatial.notna().sum())} op "
        f"ligging; {unmatched} niet gekoppeld (andere buurtindeling)"
    )
    keep = codes.notna()
    table = frame[keep].drop(columns="geometry")
    label = f"Warmtekaart Fryslân, {path.name.split('_frl')[0]} (CBS)"
    figures = _figures(table, codes[keep], FRL_YEAR, "friesland_warmtekaart", label, result)
    prov = _prov(
        ctx, path, label, FRL_YEAR, FRL_LICENCE, FRL_NOTE + "; fracties 0–1 omgerekend naar %"
    )
    result.batch.add("figures", figures, prov)
    return result


def skip_heat_networks(path: Path, ctx: Context) -> FileImport:
    return FileImport(
        skipped="gemodelleerde warmtenetten (punten en leidingen per woonplaats), "
        "geen buurt- of gebouwgegevens; niet geïmporteerd"
    )


# -- Zwolle -------------------------------------------------------------------------------
ZWOLLE_LICENCE = "Bron: Gemeente Zwolle, Klimaatmonitor (RWS), CBS; bewerking jenkenpow76 (MIT)"


def zwolle_codes(brtnr: pd.Series) -> pd.Series:
    """Codes of Zwolle's own buurt division: ``GM0193-<BRTNR>`` (4 digits)."""
    return brtnr.map(lambda n: f"{ZWOLLE_GM}-{int(n):04d}")


def import_zwolle_geojson(path: Path, ctx: Context) -> FileImport:
    """Zwolle buurt polygons (municipal division) with energy or demographic figures."""
    result = FileImport()
    frame = files.read_geodata(path)
    year = tables.year_from_text(path.name)
    if year is None:
        raise InputError(f"{path.name}: geen jaartal in de bestandsnaam.")
    codes = zwolle_codes(frame["BRTNR"])
    areas = make_areas(frame, codes, frame["OFFICIËLE"], "buurt", year, result.warnings)
    areas["gemeente_code"] = ZWOLLE_GM
    note = "gemeentelijke buurtindeling van Zwolle (geen CBS-codes)"
    source = f"Gemeente Zwolle, buurtgrenzen ({path.stem})"
    result.batch.add("areas", areas, _prov(ctx, path, source, year, ZWOLLE_LICENCE, note))
    energy = "energy" in path.name
    mapping = "zwolle_klimaatmonitor" if energy else "zwolle_demografie"
    label = (
        f"Klimaatmonitor via Gemeente Zwolle {year}"
        if energy
        else f"Gemeente Zwolle, demografie {year}"
    )
    table = frame.drop(columns="geometry")
    if energy:
        table = _zero_columns_to_nan(table, result)
    figures = _figures(table, codes, year, mapping, label, result)
    result.batch.add("figures", figures, _prov(ctx, path, label, year, ZWOLLE_LICENCE, note))
    return result


def _zero_columns_to_nan(table: pd.DataFrame, result: FileImport) -> pd.DataFrame:
    """A figure that is 0 in every buurt was missing in the source export ('' / '?')."""
    table = table.copy()
    rules = tables.load_mapping("zwolle_klimaatmonitor")
    zeroed = []
    for column in table.columns:
        rule = rules.get(tables.header_key(column))
        if rule and rule.indicator:
            values = tables.numeric(table[column])
            if len(values) and (values.fillna(0) == 0).all():
                table[column] = np.nan
                zeroed.append(rule.indicator)
    if zeroed:
        result.warnings.append(
            "overal 0, in de bron ontbrekend, als leeg opgeslagen: " + ", ".join(zeroed)
        )
    return table


def import_zwolle_table(path: Path, ctx: Context) -> FileImport:
    """Zwolle tables keyed by buurt name, matched to the Zwolle buurten in the store."""
    name = path.name.lower()
    if "building" in name:
        mapping, year, note = "zwolle_gebouwen", 2024, "jaar niet vermeld; bouwjaarklassen tot 2024"
    elif "demographics" in name:
        mapping, year, note = "zwolle_demografie", None, ""
    else:
        mapping, year, note = "zwolle_klimaatmonitor", None, ""
    res = tables.import_table(
        path, ctx.store, source=mapping, gemeente=ZWOLLE_GM, year=year, areas=ctx.areas(ZWOLLE_GM)
    )
    kind, frame, prov = res.batch.items[0]
    label = f"Gemeente Zwolle ({path.name})"
    frame = frame.assign(source=label)
    prov = _prov(ctx, path, label, prov.year, ZWOLLE_LICENCE, note)
    warns = res.warnings + (
        [f"niet gekoppelde namen: {', '.join(res.unmatched_keys[:10])}"]
        if res.unmatched_keys
        else []
    )
    return FileImport(ImportBatch().add(kind, frame, prov), warns, res.unmapped)


# -- Ermelo, grid, BAG --------------------------------------------------------------------
def import_cbs_buurten_gpkg(path: Path, ctx: Context) -> FileImport:
    """CBS wijk- en buurtkaart buurten (GeoPackage): areas + the filled attributes."""
    result = FileImport()
    frame = files.read_geodata(path)
    result.warnings.extend(_geo_notes(frame))
    year = _generic_year(pd.DataFrame(frame.drop(columns="geometry")), path)
    if year is None:
        raise InputError(
            f"{path.name}: geen jaar gevonden (kolom jaarstatcode of jaartal in de naam)."
        )
    codes = frame["buurtcode"].astype(str)
    areas = make_areas(frame, codes, frame["buurtnaam"], "buurt", year, result.warnings)
    source = f"CBS Wijk- en buurtkaart {year}, buurten"
    note = "vroege uitgave: de meeste kenmerken zijn leeg"
    result.batch.add("areas", areas, _prov(ctx, path, source, year, CBS_KADASTER_LICENCE, note))
    table = frame.drop(columns="geometry")
    figures = _figures(table, codes, year, "cbs_wijkenbuurtenkaart", source, result)
    all_missing = figures.groupby("indicator")["value"].apply(lambda v: v.isna().all())
    empty = sorted(all_missing[all_missing].index)
    figures = figures[~figures["indicator"].isin(empty)]
    if empty:
        result.warnings.append(f"{len(empty)} kenmerken helemaal leeg, niet opgeslagen")
    result.batch.add("figures", figures, _prov(ctx, path, source, year, CBS_KADASTER_LICENCE, note))
    return result


def import_grid(path: Path, ctx: Context) -> FileImport:
    """CBS 100 m grid cells: areas of level ``cel`` (with their buurtcode) + figures."""
    result = FileImport()
    frame = files.read_geodata(path)
    codes = frame["c28992r100"].astype(str)
    year = 2020
    areas = make_areas(frame, codes, codes, "cel", year, result.warnings)
    areas["gemeente_code"] = frame["gemeentecode"].values
    areas["wijk_code"] = frame["wijkcode"].values
    areas["buurt_code"] = frame["buurtcode"].values
    note = (
        "jaar niet vermeld; laag gemaakt in december 2021, waarschijnlijk vierkantstatistiek 2020"
    )
    source = "CBS Vierkantstatistieken 100 m (Ermelo, Harderwijk, Zeewolde)"
    licence = CBS_LICENCE + "; samengesteld in Tauvic/BuurtKaart (AGPL-3.0)"
    result.batch.add("areas", areas, _prov(ctx, path, source, year, licence, note))
    table = frame.drop(columns="geometry")
    figures = _figures(table, codes, year, "cbs_vierkant100m", source, result)
    result.batch.add("figures", figures, _prov(ctx, path, source, year, licence, note))
    return result


def import_bag(path: Path, ctx: Context) -> FileImport:
    """BAG panden (PDOK BAG WFS schema) as the canonical buildings frame."""
    result = FileImport()
    frame = files.read_geodata(path)
    result.warnings.extend(_geo_notes(frame))
    buildings = gpd.GeoDataFrame(
        {
            "id": frame["identificatie"].astype(str).values,
            "bouwjaar": tables.numeric(frame["bouwjaar"]).values,
            "gebruiksdoel": frame["gebruiksdoel"].values,
            "status": frame["status"].values,
            "oppervlakte_m2": np.nan,
        },
        geometry=frame.geometry.values,
        crs=RD_NEW,
    )
    for column in frame.columns:
        if column not in ("identificatie", "bouwjaar", "gebruiksdoel", "status", "geometry"):
            buildings[column] = frame[column].values
    note = "oppervlakte_min/-max zijn de kleinste en grootste verblijfsobjecten; totale oppervlakte onbekend"
    prov = _prov(ctx, path, "BAG panden (Kadaster), voorbeeld Delft Wippolder", None,
                 "Bron: Kadaster (BAG), CC0; via 3DBAG/geodepot (Apache-2.0)", note)  # fmt: skip
    result.batch.add("buildings", buildings, prov)
    return result


# -- generic fallbacks --------------------------------------------------------------------
def skip_metadata(path: Path, ctx: Context) -> FileImport:
    return FileImport(
        skipped="beschrijving van een CBS-tabel (metadata), gebruikt bij de KWB-cijfers"
    )


def import_generic(path: Path, ctx: Context) -> FileImport:
    """Any other file: geodata with a code column → areas; a table → figures; else skip."""
    kind = files.suffix(path)
    if kind in (".csv", ".xlsx"):
        opts = ctx.options
        res = tables.import_table(
            path,
            ctx.store,
            source=opts.get("source"),  # type: ignore[arg-type]
            gemeente=opts.get("gemeente"),  # type: ignore[arg-type]
            year=opts.get("year"),  # type: ignore[arg-type]
        )
        return FileImport(res.batch, res.warnings, res.unmapped)
    if kind not in files.GEO_SUFFIXES:
        return FileImport(skipped=f"geen gegevensbestand ({kind or 'zonder extensie'})")
    return import_generic_geodata(path, ctx)


NAME_COLUMNS = {
    "buurt": ("buurtnaam", "statnaam", "naam", "name"),
    "wijk": ("wijknaam", "statnaam", "naam", "name", "Wijk"),
    "gemeente": ("gemeentenaam", "statnaam", "naam", "name"),
}


def area_code_column(table: pd.DataFrame) -> str | None:
    """The column that names each area: CBS codes, as unique as possible.

    In a CBS wijk- en buurtkaart layer of buurten, ``buurtcode`` (unique) wins over
    ``wijkcode`` and ``gemeentecode`` (repeated).
    """
    best, best_score = None, 0.0
    for column in table.columns:
        values = table[column].astype(str).str.strip()
        looks = values.str.match(tables.CBS_CODE)
        if looks.mean() < 0.8:
            continue
        score = values[looks].nunique() / len(values)
        if score > best_score:
            best, best_score = column, score
    return best


def import_generic_geodata(path: Path, ctx: Context) -> FileImport:
    """Areas (and figures) from a geodata file with a column of CBS codes, layer by layer.

    Fits the CBS wijk- en buurtkaart GeoPackage (layers gemeenten, wijken, buurten):
    the code column is found per layer, water parts are dropped, the year comes from
    ``jaarstatcode`` or the file name, and attributes become figures through the column
    mapping that covers most of them (unmapped ones are reported).
    """
    result = FileImport()
    frame = files.read_geodata(path)
    result.warnings.extend(_geo_notes(frame))
    parts = frame.groupby("layer", sort=False) if "layer" in frame.columns else [(None, frame)]
    for layer, part in parts:
        part = part.drop(columns="layer", errors="ignore")
        if layer is not None:  # columns of the other layers are all empty here
            empty = [c for c in part.columns if c != "geometry" and part[c].isna().all()]
            part = part.drop(columns=empty)
        _generic_layer(path, ctx, part, layer, result)
    result.unmapped = list(dict.fromkeys(result.unmapped))
    if not len(result.batch):
        raise InputError(
            f"{path.name}: geen kolom met gebiedscodes (zoals BU00800000) gevonden; "
            "dit bestand kan niet als gebieden worden ingelezen."
        )
    return result


def _generic_layer(
    path: Path, ctx: Context, frame: gpd.GeoDataFrame, layer: str | None, result: FileImport
) -> None:
    table = pd.DataFrame(frame.drop(columns="geometry"))
    code_col = area_code_column(table)
    label = f"{path.name}" + (f", laag {layer}" if layer else "")
    if code_col is None:
        result.warnings.append(f"{label}: geen gebiedscodes, overgeslagen")
        return
    codes = table[code_col].astype(str).str.strip()
    if "water" in table.columns:  # CBS kaart: water parts repeating a gemeente's code
        water_part = (table["water"].astype(str).str.upper() == "JA") & codes.duplicated(keep=False)
        frame, table, codes = frame[~water_part], table[~water_part], codes[~water_part]
    level = LEVEL_OF_PREFIX[codes.iloc[0][:2]]
    name_col = next((c for c in NAME_COLUMNS[level] if c in table.columns), None)
    names = table[name_col] if name_col else tables_name(table, codes)
    given = ctx.options.get("year")
    year = int(given) if isinstance(given, int) else _generic_year(table, path)
    areas = make_areas(frame, codes, names, level, year, result.warnings)
    table_id = path.name + (f":{layer}" if layer else "")
    prov = Provenance(f"Bestand {label}", table_id, year, date.today().isoformat(), "",
                      ctx.origin(path), "; ".join(_geo_notes(frame)))  # fmt: skip
    result.batch.add("areas", areas, prov)
    source, rules = tables.best_mapping(table)
    if source is None or year is None:
        return
    figures, unmapped = tables.wide_to_figures(table, codes, year, rules, label, skip=[code_col])
    result.unmapped.extend(unmapped)
    if not figures.empty:
        result.batch.add("figures", figures, prov)


def tables_name(table: pd.DataFrame, codes: pd.Series) -> pd.Series:
    name_col = tables.find_name_column(table)
    return table[name_col] if name_col else codes


def _generic_year(table: pd.DataFrame, path: Path) -> int | None:
    if "jaarstatcode" in table.columns and table["jaarstatcode"].notna().any():
        return tables.year_from_text(str(table["jaarstatcode"].dropna().iloc[0]))
    return tables.year_from_text(path.name)


RECOGNISERS: list[tuple[str, Recogniser]] = [
    ("*gemeente_gegeneraliseerd_*.geojson", import_cbs_boundaries),
    ("*/Gemeente_*_layer_*.json", import_cbs_boundaries),
    ("*/Wijk_*_layer_*.json", import_cbs_boundaries),
    ("*/Buurt_*_layer_*.json", import_cbs_boundaries),
    ("*/Wijken20*.geojson", import_cbs_boundaries),
    ("*/GemeenteDetail_*_layer_*.json", import_gemeente_detail),
    ("*NED*/stripped_filtered_data_*.json", import_kwb_subset),
    ("*/DataProperties.json", skip_metadata),
    ("*/TableInfos.json", skip_metadata),
    ("*/CategoryGroups.json", skip_metadata),
    ("*utrecht_provincie_*/buurten.csv", import_utrecht_rows),
    ("*/buurt_potentie_extraqt.geojson*", import_frl_potentie),
    ("*/koopwoningen_frl.geojson*", import_frl_layer),
    ("*/wooncorporatie_frl.geojson*", import_frl_layer),
    ("*/energiearmoede_frl.geojson*", import_frl_layer),
    ("*/warmtenet_full.geojson*", skip_heat_networks),
    ("*/energy_buurt_*_mapped.geojson", import_zwolle_geojson),
    ("*/demographics_buurt_*_mapped.geojson", import_zwolle_geojson),
    ("*zwolle*/energyconsumption_buurt_*.csv", import_zwolle_table),
    ("*zwolle*/demographics_buurt_combined.csv", import_zwolle_table),
    ("*/Zwolle_Neighbourhood_Aggregated_Buildings.csv", import_zwolle_table),
    ("*/themas_*_zwolle.xlsx", import_zwolle_table),
    ("*/CBS_buurten_*.gpkg", import_cbs_buurten_gpkg),
    ("*/CBS_Statistiek.gpkg", import_grid),
    ("*/bag/*.gpkg", import_bag),
]
IGNORED_NAMES = {"readme.md", "readme.txt", "license", "licence", ".ds_store"}


def recognise(path: Path) -> tuple[int, Recogniser]:
    """The recogniser for ``path`` and its place in the import order."""
    text = "/" + Path(path).as_posix()
    for order, (pattern, recogniser) in enumerate(RECOGNISERS):
        if fnmatch.fnmatchcase(text, pattern):
            return order, recogniser
    return len(RECOGNISERS), import_generic


def mirror_files(folder: Path) -> list[Path]:
    """Every file of the mirror in import order (hidden files and READMEs left out)."""
    paths = [
        p for p in Path(folder).rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and p.name.lower() not in IGNORED_NAMES
    ]  # fmt: skip
    return sorted(paths, key=lambda p: (recognise(p)[0], p.as_posix()))


# -- running ------------------------------------------------------------------------------
def import_file(path: Path, ctx: Context) -> FileImport:
    """Recognise one file and build its batch (nothing is written)."""
    _, recogniser = recognise(path)
    return _zero_everywhere_to_missing(recogniser(path, ctx))


def _zero_everywhere_to_missing(result: FileImport) -> FileImport:
    """Apply :func:`tables.zero_everywhere_to_missing` to every figures frame of a file."""
    changed: list[str] = []
    for i, (kind, frame, prov) in enumerate(result.batch.items):
        if kind == "figures":
            frame, hit = tables.zero_everywhere_to_missing(frame)
            result.batch.items[i] = (kind, frame, prov)
            changed += [h for h in hit if h not in changed]
    if changed:
        result.warnings.append(f"{tables.ALL_ZERO_NOTE}: {', '.join(changed)}")
    return result


def import_mirror(
    folder: str | Path, store: Store, progress: Progress | None = None
) -> list[FileSummary]:
    """Import every file of the mirror ``folder``; one summary per file.

    Each file is written as its own dataset(s), all or nothing per file; a file that
    fails is reported (``error``) and the others go on. Raises :class:`InputError` when
    the folder does not exist.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: map niet gevonden.")
    ctx = Context(store=store, root=folder)
    summaries = []
    for path in mirror_files(folder):
        summary = _import_one(path, ctx)
        summaries.append(summary)
        if progress:
            progress(describe(summary))
    return summaries


def _import_one(path: Path, ctx: Context) -> FileSummary:
    start = time.perf_counter()
    summary = FileSummary(file=ctx.origin(path))
    try:
        result = import_file(path, ctx)
        summary.warnings, summary.unmapped, summary.skipped = (
            result.warnings, result.unmapped, result.skipped,
        )  # fmt: skip
        if len(result.batch):
            infos = ctx.store.write(result.batch)
            if any(kind == "areas" for kind, _, _ in result.batch.items):
                ctx.forget_areas()
            summary.datasets = [i.id for i in infos]
            summary.rows = sum(i.rows for i in infos)
    except TransitieatlasError as err:
        summary.error = str(err)
    except Exception as err:  # one unexpected failure must not stop the other files
        summary.error = f"{path.name}: onverwachte fout ({type(err).__name__}: {err})"
    summary.seconds = round(time.perf_counter() - start, 2)
    return summary


def import_paths(
    paths: list[str | Path],
    store: Store,
    progress: Progress | None = None,
    options: dict[str, object] | None = None,
) -> list[FileSummary]:
    """Import files and mirror folders (``transitieatlas import``).

    Folders are imported as a mirror (file by file). Single files are all read first;
    if any of them fails, :class:`InputError` names the file and nothing is written.
    ``options`` (``source``, ``gemeente``, ``year``) apply to tables no recogniser knows.
    """
    summaries: list[FileSummary] = []
    single = [Path(p) for p in paths if not Path(p).is_dir()]
    for folder in (Path(p) for p in paths if Path(p).is_dir()):
        summaries.extend(import_mirror(folder, store, progress))
    if not single:
        return summaries
    ctx = Context(store=store, root=Path.cwd(), options=dict(options or {}))
    prepared = []
    for path in single:
        if not path.is_file():
            raise InputError(f"{path}: bestand niet gevonden.")
        try:
            result = import_file(path, ctx)
        except TransitieatlasError:
            raise
        except Exception as err:  # name the file for any unexpected failure
            raise InputError(f"{path.name}: kan niet worden geïmporteerd ({err}).") from err
        if result.skipped:
            raise InputError(f"{path.name}: {result.skipped}.")
        prepared.append((path, result))
    batch = ImportBatch()
    for _, result in prepared:
        batch.items.extend(result.batch.items)
    infos = store.write(batch) if len(batch) else []
    ids = iter(infos)
    for path, result in prepared:
        written = [next(ids) for _ in result.batch.items]
        summary = FileSummary(
            file=str(path), datasets=[i.id for i in written], rows=sum(i.rows for i in written),
            warnings=result.warnings, unmapped=result.unmapped, skipped=result.skipped,
        )  # fmt: skip
        summaries.append(summary)
        if progress:
            progress(describe(summary))
    return summaries


def describe(summary: FileSummary) -> str:
    """One Dutch line for a file's summary (for the CLI and the app)."""
    if summary.error:
        return f"FOUT  {summary.file}: {summary.error.splitlines()[0]}"
    if summary.skipped:
        return f"overgeslagen  {summary.file}: {summary.skipped}"
    text = f"ok  {summary.file}: {summary.rows} rijen in {len(summary.datasets)} dataset(s)"
    if summary.warnings:
        text += " — " + "; ".join(summary.warnings)
    return text


__all__ = [
    "FileSummary",
    "describe",
    "import_mirror",
    "import_paths",
    "mirror_files",
    "recognise",
]
