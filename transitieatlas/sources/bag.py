"""BAG buildings (Kadaster, Basisregistratie Adressen en Gebouwen) from files.

Three kinds of file give the canonical buildings frame (``docs/architecture.md``):

- the **LV BAG extract** (Kadaster's XML per gemeente, a zip such as ``0221PND15092020.zip``),
  read through GDAL's ``LVBAG`` driver (bundled with pyogrio); a zip may hold the XML files
  of panden (``PND``) and of verblijfsobjecten (``VBO``), or further zips holding them;
- the **BAG GeoPackage** PDOK publishes (layers ``pand`` and ``verblijfsobject``);
- GeoPackage / GeoJSON layers in the **PDOK BAG WFS schema** (``pand`` with
  ``gebruiksdoel``, ``oppervlakte_min``/``_max``, ``aantal_verblijfsobjecten``), e.g. the
  Delft sample, or derived files with only ``identificatie``/``bouwjaar``/``status``.

Only **current** objects are kept: the current voorkomen of each object (no end of validity,
no end of registration, not inactive), and not demolished, not realised or wrongly
registered (:data:`GONE_STATUSES`). The construction year 9999 is BAG's placeholder for
"unknown" and becomes NaN.

**Verblijfsobjecten** (LV BAG ``VBO`` XML, a layer named like ``verblijfsobject``, or a
GeoJSON of VBOs) come back as the canonical units frame of
:mod:`transitieatlas.sources.bag_units` (only current units: not withdrawn, not realised or
wrongly registered); a file may hold only VBOs. When it holds panden too, they are summed per
pand by :func:`transitieatlas.sources.bag_units.fill_from_units`: ``gebruiksdoel`` (the
distinct purposes, comma-separated), ``aantal_verblijfsobjecten``, ``woningen`` (units with
woonfunctie), ``oppervlakte_m2`` (sum of the units' floor area), ``oppervlakte_min``/``_max``.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from transitieatlas.errors import InputError
from transitieatlas.sources import bag_units, files
from transitieatlas.sources.bag_units import (
    END_FIELDS,
    GONE_UNIT_STATUSES,
    PAND_PREFIX,
    UNIT_PREFIX,
    first_column,
    strip_prefix,
)

RD_NEW = "EPSG:28992"
BAG_LICENCE = "Bron: Kadaster (BAG), CC0"
UNKNOWN_YEAR = 9999
"""BAG's placeholder construction year for "not (yet) known"."""
GONE_STATUSES = ("Pand gesloopt", "Niet gerealiseerd pand", "Pand ten onrechte opgevoerd")
"""Pand statuses that are not current buildings (BAG "actueel bestaand" excludes them)."""
STANDING_STATUSES = (
    "Pand in gebruik",
    "Pand in gebruik (niet ingemeten)",
    "Verbouwing pand",
    "Sloopvergunning verleend",
)
"""Statuses of panden that stand today (not only a building permit)."""
LV_BOOKKEEPING = (
    "tijdstipRegistratieLV",
    "tijdstipEindRegistratieLV",
    "tijdstipInactiefLV",
    "tijdstipNietBagLV",
)
"""LV BAG registration fields of the national copy, not kept in the store."""
BUILDING_COLUMNS = ["id", "bouwjaar", "gebruiksdoel", "status", "oppervlakte_m2"]

Progress = Callable[[str], None]


@dataclass
class BagRead:
    """Buildings read from a file plus what the user should know about it."""

    buildings: gpd.GeoDataFrame
    notes: list[str] = field(default_factory=list)
    read: int = 0
    """Objects in the file before the current/existing filter."""
    units: gpd.GeoDataFrame | None = None
    """The file's current verblijfsobjecten (canonical units frame), None when it has none."""
    units_read: int = 0
    """Verblijfsobject voorkomens in the file before the current/existing filter."""


# -- public entry points --------------------------------------------------------------------
def read_bag(path: str | Path, gemeente: str | None = None) -> BagRead:
    """Current BAG panden and verblijfsobjecten of a file (LV BAG zip/XML, BAG GeoPackage or
    WFS-schema layer); either may be absent (``buildings`` then empty, ``units`` None).

    ``gemeente`` (``GM0221``): refuse, with a Dutch message, a file whose panden or
    verblijfsobjecten belong to another gemeente (by the gemeente number that starts every
    BAG id). Raises :class:`InputError` for a file that is not BAG.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: bestand niet gevonden.")
    kind = files.suffix(path)
    if kind in (".zip", ".xml") or path.is_dir():
        result = _read_lvbag(path)
    elif kind in files.GEO_SUFFIXES:
        result = _read_geodata(path)
    else:
        raise InputError(
            f"{path.name}: geen BAG-bestand. Bruikbaar zijn het LV BAG-extract (zip of xml), "
            "het BAG-GeoPackage van PDOK en GeoPackage/GeoJSON-lagen met BAG-panden of "
            "-verblijfsobjecten."
        )
    if gemeente:
        check_gemeente(result.buildings, gemeente, path.name)
        if result.units is not None:
            check_gemeente(result.units, gemeente, path.name, "verblijfsobjecten")
    return result


def check_gemeente(
    buildings: pd.DataFrame, gemeente: str, label: str, noun: str = "panden"
) -> None:
    """Raise :class:`InputError` when most objects (``noun``: panden, verblijfsobjecten) belong
    to another gemeente than ``gemeente``.

    A BAG id starts with the four digits of the gemeente that registered it (after a merger
    the old number stays, so a minority of other numbers is allowed).
    """
    if buildings.empty:
        return
    numbers = buildings["id"].astype(str).str[:4]
    wanted = gemeente.upper().removeprefix("GM")
    share = float((numbers == wanted).mean())
    if share >= 0.5:
        return
    found = numbers.value_counts().index[0]
    raise InputError(
        f"{label}: dit BAG-bestand hoort bij gemeente GM{found}, niet bij {gemeente.upper()} "
        f"({share:.0%} van de {noun}). Kies het bestand van {gemeente.upper()} of de juiste gemeente."
    )


def canonical(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The canonical buildings frame from a frame in the WFS/GeoPackage schema.

    ``identificatie`` → ``id`` (prefix ``NL.IMBAG.Pand.`` stripped), ``bouwjaar`` or
    ``oorspronkelijkBouwjaar`` (9999 → NaN), ``status``, ``gebruiksdoel`` (None when the
    source has none), ``oppervlakte_m2`` (the given total, else NaN); other columns kept.
    """
    ident = first_column(frame, ("identificatie", "id", "pandidentificatie"))
    if ident is None or "status" not in frame.columns:
        raise InputError(
            "geen BAG-panden: kolommen 'identificatie' en 'status' ontbreken "
            f"(gevonden: {', '.join(map(str, frame.columns[:12]))})."
        )
    year_col = first_column(frame, ("bouwjaar", "oorspronkelijkBouwjaar", "oorspronkelijkbouwjaar"))
    years = (
        pd.to_numeric(frame[year_col], errors="coerce")
        if year_col
        else pd.Series(np.nan, index=frame.index)
    )
    area = first_column(frame, ("oppervlakte_m2", "oppervlakte"))
    out = gpd.GeoDataFrame(
        {
            "id": strip_prefix(frame[ident], PAND_PREFIX).to_numpy(),
            "bouwjaar": years.where(years != UNKNOWN_YEAR).astype(float).to_numpy(),
            "gebruiksdoel": (frame["gebruiksdoel"].to_numpy() if "gebruiksdoel" in frame else None),
            "status": frame["status"].astype(str).to_numpy(),
            "oppervlakte_m2": (
                pd.to_numeric(frame[area], errors="coerce").to_numpy() if area else np.nan
            ),
        },
        geometry=shapely.force_2d(np.asarray(frame.geometry.values)),
        crs=RD_NEW,
    )
    used = {ident, year_col, area, "gebruiksdoel", "status", "geometry", frame.geometry.name,
            *END_FIELDS, *LV_BOOKKEEPING}  # fmt: skip
    for column in frame.columns:
        if column not in used and column not in out.columns:
            out[column] = frame[column].to_numpy()
    return out


def current_only(frame: pd.DataFrame, gone: tuple[str, ...] = GONE_STATUSES) -> pd.DataFrame:
    """Rows of the current voorkomen (LV BAG end fields empty) with an existing status."""
    return bag_units.current_only(frame, gone)


# -- LV BAG extract --------------------------------------------------------------------------
def lvbag_members(path: Path) -> list[str]:
    """GDAL paths of the XML files in an LV BAG zip (one nested zip level), a folder or an XML."""
    if path.is_dir():
        return [str(p) for p in sorted(path.rglob("*.xml"))]
    if path.suffix.lower() == ".xml":
        return [str(path)]
    try:
        with zipfile.ZipFile(path) as archive:
            names = sorted(archive.namelist())
    except (zipfile.BadZipFile, OSError) as err:
        raise InputError(
            f"{path.name}: het zip-bestand is beschadigd of afgebroken ({err})."
        ) from err
    members = [f"/vsizip/{path}/{n}" for n in names if n.lower().endswith(".xml")]
    for inner in (n for n in names if n.lower().endswith(".zip")):
        if any(kind in inner.upper() for kind in ("PND", "VBO")):
            with zipfile.ZipFile(path) as archive, archive.open(inner) as handle:
                inner_names = zipfile.ZipFile(handle).namelist()
            base = f"/vsizip/{{/vsizip/{path}/{inner}}}"
            members += [f"{base}/{n}" for n in sorted(inner_names) if n.lower().endswith(".xml")]
    if not members:
        raise InputError(f"{path.name}: geen LV BAG-bestanden (XML) in dit zip-bestand.")
    return members


def _read_lvbag(path: Path) -> BagRead:
    if "LVBAG" not in pyogrio.list_drivers():
        raise InputError(
            f"{path.name}: deze installatie kan het LV BAG-formaat niet lezen (GDAL zonder "
            "LVBAG-stuurprogramma). Gebruik het BAG-GeoPackage van PDOK."
        )
    panden: list[gpd.GeoDataFrame] = []
    units: list[gpd.GeoDataFrame] = []
    for member in lvbag_members(path):
        layer = _lvbag_layer(member, path.name)
        frame = _read_ogr(member, layer, path.name)
        (panden if layer == "Pand" else units).append(frame)
    if panden:
        raw = pd.concat(panden, ignore_index=True)
        result = _finish(gpd.GeoDataFrame(raw, geometry="geometry", crs=raw.crs), path.name)
    else:
        result = BagRead(empty_buildings())
    if units:
        raw_units = pd.concat(units, ignore_index=True)
        _with_units(result, gpd.GeoDataFrame(raw_units, geometry="geometry", crs=raw_units.crs),
                    path.name)  # fmt: skip
    else:
        result.notes.append("alleen panden: geen verblijfsobjecten (gebruiksdoel, oppervlakte)")
    return result


def _with_units(result: BagRead, raw: pd.DataFrame, label: str) -> None:
    """Put the current verblijfsobjecten of ``raw`` in ``result`` and sum them per pand."""
    try:
        units = bag_units.canonical_units(raw)
    except ValueError as err:
        raise InputError(f"{label}: {err}") from err
    dupes = units["id"].duplicated()
    if dupes.any():
        raise InputError(
            f"{label}: {int(dupes.sum())} verblijfsobjecten komen dubbel voor als actueel."
        )
    result.units, result.units_read = units, len(raw)
    gone = len(raw) - len(units)
    if gone:
        result.notes.append(
            f"{gone} niet-actuele voorkomens of ingetrokken/niet gerealiseerde "
            "verblijfsobjecten weggelaten"
        )
    no_pand = int(units["pand_id"].isna().sum())
    if no_pand:
        result.notes.append(f"{no_pand} verblijfsobjecten zonder bekend pand")
    if not result.buildings.empty:
        result.buildings = bag_units.fill_from_units(result.buildings, units)


def empty_buildings() -> gpd.GeoDataFrame:
    """A canonical buildings frame without rows."""
    return gpd.GeoDataFrame(
        {c: pd.Series(dtype=object) for c in BUILDING_COLUMNS}, geometry=[], crs=RD_NEW
    )


def _lvbag_layer(member: str, label: str) -> str:
    try:
        layers = [str(name) for name, _ in pyogrio.list_layers(member)]
    except Exception as err:  # pyogrio raises several error types
        raise InputError(
            f"{label}: {Path(member).name} is geen leesbaar LV BAG-bestand ({err})."
        ) from err
    for wanted in ("Pand", "Verblijfsobject"):
        if wanted in layers:
            return wanted
    raise InputError(f"{label}: {Path(member).name} bevat geen panden of verblijfsobjecten.")


# -- GeoPackage / GeoJSON --------------------------------------------------------------------
def _read_geodata(path: Path) -> BagRead:
    layers = files.list_layers(path) if files.suffix(path) == ".gpkg" else [None]
    unit_layer = next(
        (layer for layer in layers if layer and "verblijfsobject" in layer.lower()), None
    )
    pand_layer = next((layer for layer in layers if layer and "pand" in layer.lower()), None)
    if pand_layer is None and unit_layer is None:
        pand_layer = layers[0]
    frame = files.read_geodata(path, layer=pand_layer) if pand_layer or not unit_layer else None
    if frame is not None and bag_units.is_unit_frame(frame):  # a GeoJSON of verblijfsobjecten
        frame, unit_frame = None, frame
    else:
        unit_frame = files.read_geodata(path, layer=unit_layer) if unit_layer else None
    if frame is not None:
        result = _finish(frame, path.name)
        result.notes = list(frame.attrs.get("notes", [])) + result.notes
    else:
        result = BagRead(empty_buildings())
    if unit_frame is not None:
        _with_units(result, unit_frame, path.name)
    elif frame is not None and "gebruiksdoel" not in frame.columns:
        result.notes.append("alleen panden: geen verblijfsobjecten (gebruiksdoel, oppervlakte)")
    return result


# -- shared ----------------------------------------------------------------------------------
def _finish(raw: gpd.GeoDataFrame, label: str) -> BagRead:
    """Current, existing panden in the canonical frame, with notes."""
    try:
        buildings = canonical(current_only(raw))
    except InputError as err:
        raise InputError(f"{label}: {err}") from err
    notes = []
    unknown = int(buildings["bouwjaar"].isna().sum())
    if unknown:
        notes.append(f"{unknown} panden zonder bekend bouwjaar (9999 of leeg)")
    gone = len(raw) - len(buildings)
    if gone:
        notes.append(
            f"{gone} niet-actuele voorkomens of gesloopte/niet gerealiseerde panden weggelaten"
        )
    dupes = buildings["id"].duplicated()
    if dupes.any():
        raise InputError(f"{label}: {int(dupes.sum())} panden komen dubbel voor als actueel.")
    return BagRead(buildings.reset_index(drop=True), notes, len(raw))


def _read_ogr(target: str, layer: str, label: str) -> gpd.GeoDataFrame:
    try:
        frame = gpd.read_file(target, layer=layer, engine="pyogrio")
    except Exception as err:  # pyogrio raises several error types; all mean "unreadable"
        raise InputError(f"{label}: het LV BAG-bestand kan niet worden gelezen ({err}).") from err
    if frame.crs is None:
        frame = frame.set_crs(RD_NEW)
    return frame.to_crs(RD_NEW)


def standing(buildings: pd.DataFrame) -> pd.Series:
    """True for panden that stand today (not only a building permit)."""
    return buildings["status"].astype(str).isin(STANDING_STATUSES)


def gemeente_of_ids(ids: pd.Series) -> str | None:
    """The gemeente (``GM0221``) whose number starts most BAG ids, or None."""
    numbers = ids.astype(str).str[:4]
    numbers = numbers[numbers.str.fullmatch(r"\d{4}")]
    return None if numbers.empty else f"GM{numbers.value_counts().index[0]}"


def extract_year(name: str) -> int | None:
    """Year of the extract date ``DDMMYYYY`` in ``0221PND15092020.zip``."""
    stem = name.split(".")[0]
    tail = stem[-8:]
    return int(tail[4:]) if tail.isdigit() else None


__all__ = [
    "extract_year",
    "BagRead",
    "GONE_UNIT_STATUSES",
    "PAND_PREFIX",
    "UNIT_PREFIX",
    "empty_buildings",
    "strip_prefix",
    "canonical",
    "check_gemeente",
    "current_only",
    "gemeente_of_ids",
    "lvbag_members",
    "read_bag",
    "standing",
]
