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
"unknown" and becomes NaN. Verblijfsobjecten, when present, are summed per pand:
``gebruiksdoel`` (the distinct purposes, comma-separated), ``aantal_verblijfsobjecten``,
``woningen`` (units with woonfunctie), ``oppervlakte_m2`` (sum of the units' floor area).
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
from transitieatlas.sources import files

RD_NEW = "EPSG:28992"
BAG_LICENCE = "Bron: Kadaster (BAG), CC0"
UNKNOWN_YEAR = 9999
"""BAG's placeholder construction year for "not (yet) known"."""
GONE_STATUSES = ("Pand gesloopt", "Niet gerealiseerd pand", "Pand ten onrechte opgevoerd")
"""Pand statuses that are not current buildings (BAG "actueel bestaand" excludes them)."""
GONE_UNIT_STATUSES = (
    "Verblijfsobject ingetrokken",
    "Niet gerealiseerd verblijfsobject",
    "Verblijfsobject ten onrechte opgevoerd",
)
STANDING_STATUSES = (
    "Pand in gebruik",
    "Pand in gebruik (niet ingemeten)",
    "Verbouwing pand",
    "Sloopvergunning verleend",
)
"""Statuses of panden that stand today (not only a building permit)."""
PAND_PREFIX = "NL.IMBAG.Pand."
UNIT_PREFIX = "NL.IMBAG.Verblijfsobject."
END_FIELDS = ("eindGeldigheid", "eindRegistratie", "tijdstipInactief")
"""LV BAG voorkomen fields that are empty only for the current voorkomen."""
LV_BOOKKEEPING = (
    "tijdstipRegistratieLV",
    "tijdstipEindRegistratieLV",
    "tijdstipInactiefLV",
    "tijdstipNietBagLV",
)
"""LV BAG registration fields of the national copy, not kept in the store."""
BUILDING_COLUMNS = ["id", "bouwjaar", "gebruiksdoel", "status", "oppervlakte_m2"]
PAND_REF_COLUMNS = ("pand_identificatie", "pandidentificatie", "pandref", "maaktDeelUitVan")

Progress = Callable[[str], None]


@dataclass
class BagRead:
    """Buildings read from a file plus what the user should know about it."""

    buildings: gpd.GeoDataFrame
    notes: list[str] = field(default_factory=list)
    read: int = 0
    """Objects in the file before the current/existing filter."""


# -- public entry points --------------------------------------------------------------------
def read_bag(path: str | Path, gemeente: str | None = None) -> BagRead:
    """Current BAG panden of a file (LV BAG zip/XML, BAG GeoPackage or WFS-schema layer).

    ``gemeente`` (``GM0221``): refuse, with a Dutch message, a file whose panden belong to
    another gemeente (by the gemeente number that starts every BAG id). Raises
    :class:`InputError` for a file that is not BAG.
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
            "het BAG-GeoPackage van PDOK en GeoPackage/GeoJSON-lagen met BAG-panden."
        )
    if gemeente:
        check_gemeente(result.buildings, gemeente, path.name)
    return result


def check_gemeente(buildings: pd.DataFrame, gemeente: str, label: str) -> None:
    """Raise :class:`InputError` when most panden belong to another gemeente than ``gemeente``.

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
        f"({share:.0%} van de panden). Kies het bestand van {gemeente.upper()} of de juiste gemeente."
    )


def canonical(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The canonical buildings frame from a frame in the WFS/GeoPackage schema.

    ``identificatie`` → ``id`` (prefix ``NL.IMBAG.Pand.`` stripped), ``bouwjaar`` or
    ``oorspronkelijkBouwjaar`` (9999 → NaN), ``status``, ``gebruiksdoel`` (None when the
    source has none), ``oppervlakte_m2`` (the given total, else NaN); other columns kept.
    """
    ident = _first_column(frame, ("identificatie", "id", "pandidentificatie"))
    if ident is None or "status" not in frame.columns:
        raise InputError(
            "geen BAG-panden: kolommen 'identificatie' en 'status' ontbreken "
            f"(gevonden: {', '.join(map(str, frame.columns[:12]))})."
        )
    year_col = _first_column(
        frame, ("bouwjaar", "oorspronkelijkBouwjaar", "oorspronkelijkbouwjaar")
    )
    years = (
        pd.to_numeric(frame[year_col], errors="coerce")
        if year_col
        else pd.Series(np.nan, index=frame.index)
    )
    area = _first_column(frame, ("oppervlakte_m2", "oppervlakte"))
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
    keep = pd.Series(True, index=frame.index)
    for column in END_FIELDS:
        if column in frame.columns:
            keep &= frame[column].isna()
    keep &= ~frame["status"].astype(str).isin(gone)
    return frame[keep]


def attach_units(panden: gpd.GeoDataFrame, units: pd.DataFrame) -> gpd.GeoDataFrame:
    """Sum verblijfsobjecten per pand: ``gebruiksdoel`` (distinct, sorted, comma-separated),
    ``aantal_verblijfsobjecten``, ``woningen`` (units with woonfunctie), ``oppervlakte_m2``.

    ``units`` has ``pand_id``, ``gebruiksdoel`` (one or more, comma-separated) and
    ``oppervlakte`` (m²). A unit in several panden counts in each (as BAG registers it).

    >>> p = gpd.GeoDataFrame({"id": ["1", "2"], "status": ["Pand in gebruik"] * 2},
    ...                      geometry=[shapely.box(0, 0, 1, 1)] * 2, crs=RD_NEW)
    >>> u = pd.DataFrame({"pand_id": ["1", "1"], "gebruiksdoel": ["woonfunctie", "winkelfunctie"],
    ...                   "oppervlakte": [80.0, 40.0]})
    >>> attach_units(p, u)[["gebruiksdoel", "woningen", "oppervlakte_m2"]].values.tolist()
    [['winkelfunctie,woonfunctie', 1.0, 120.0], [None, 0.0, nan]]
    """
    units = units.assign(
        pand_id=units["pand_id"].astype(str),
        oppervlakte=pd.to_numeric(units["oppervlakte"], errors="coerce"),
        _woon=units["gebruiksdoel"].astype(str).str.contains("woonfunctie").astype(float),
    )
    grouped = units.groupby("pand_id")
    doel = grouped["gebruiksdoel"].agg(_join_uses)
    summary = pd.DataFrame(
        {
            "gebruiksdoel": doel,
            "aantal_verblijfsobjecten": grouped.size().astype(float),
            "woningen": grouped["_woon"].sum(),
            "oppervlakte_m2": grouped["oppervlakte"].sum(min_count=1),
            "oppervlakte_min": grouped["oppervlakte"].min(),
            "oppervlakte_max": grouped["oppervlakte"].max(),
        }
    )
    out = panden.drop(columns=[c for c in summary.columns if c in panden.columns]).copy()
    joined = summary.reindex(out["id"].astype(str))
    for column in summary.columns:
        out[column] = joined[column].to_numpy()
    out["gebruiksdoel"] = out["gebruiksdoel"].where(out["gebruiksdoel"].notna(), None)
    for column in ("aantal_verblijfsobjecten", "woningen"):
        out[column] = out[column].fillna(0.0)
    return out


def _join_uses(values: pd.Series) -> str | None:
    """The distinct purposes of a pand's units, sorted and comma-separated."""
    uses = sorted({u.strip() for v in values.dropna() for u in str(v).split(",") if u.strip()})
    return ",".join(uses) or None


def strip_prefix(values: pd.Series, prefix: str) -> pd.Series:
    """16-digit BAG ids: without the ``NL.IMBAG.<Type>.`` prefix of the LV BAG XML, and with
    the leading zeros back where a file stored the id as a number (``503100000000296``).

    >>> strip_prefix(pd.Series(["NL.IMBAG.Pand.0221100000311383", "503100000000296"]), PAND_PREFIX).tolist()
    ['0221100000311383', '0503100000000296']
    """
    text = values.astype(str).str.strip().str.removeprefix(prefix).str.removesuffix(".0")
    digits = text.str.fullmatch(r"\d{1,15}")
    return text.where(~digits, text.str.zfill(16))


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
    if not panden:
        raise InputError(f"{path.name}: het LV BAG-extract bevat geen panden (objecttype PND).")
    raw = pd.concat(panden, ignore_index=True)
    result = _finish(gpd.GeoDataFrame(raw, geometry="geometry", crs=raw.crs), path.name)
    if units:
        unit_frame = current_only(pd.concat(units, ignore_index=True), GONE_UNIT_STATUSES)
        result.buildings = attach_units(result.buildings, _lvbag_units(unit_frame))
    else:
        result.notes.append("alleen panden: geen verblijfsobjecten (gebruiksdoel, oppervlakte)")
    return result


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


def _lvbag_units(frame: pd.DataFrame) -> pd.DataFrame:
    ref = _first_column(frame, PAND_REF_COLUMNS)
    if ref is None:
        raise InputError("verblijfsobjecten zonder verwijzing naar hun pand (maaktDeelUitVan).")
    rows = frame[[ref, "gebruiksdoel", "oppervlakte"]].copy()
    rows[ref] = rows[ref].map(_as_list)
    rows = rows.explode(ref)
    rows["gebruiksdoel"] = rows["gebruiksdoel"].map(lambda v: ",".join(_as_list(v)))
    return pd.DataFrame(
        {
            "pand_id": strip_prefix(rows[ref], PAND_PREFIX).to_numpy(),
            "gebruiksdoel": rows["gebruiksdoel"].to_numpy(),
            "oppervlakte": rows["oppervlakte"].to_numpy(),
        }
    )


def _as_list(value: object) -> list[str]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if isinstance(value, list | tuple | np.ndarray):
        return [str(v) for v in value]
    return [v.strip() for v in str(value).split(",") if v.strip()]


# -- GeoPackage / GeoJSON --------------------------------------------------------------------
def _read_geodata(path: Path) -> BagRead:
    layers = files.list_layers(path) if files.suffix(path) == ".gpkg" else [None]
    pand_layer = next((layer for layer in layers if layer and "pand" in layer.lower()), layers[0])
    unit_layer = next(
        (layer for layer in layers if layer and "verblijfsobject" in layer.lower()), None
    )
    frame = files.read_geodata(path, layer=pand_layer)
    result = _finish(frame, path.name)
    result.notes = list(frame.attrs.get("notes", [])) + result.notes
    if unit_layer:
        units = current_only(files.read_geodata(path, layer=unit_layer), GONE_UNIT_STATUSES)
        ref = _first_column(units, PAND_REF_COLUMNS)
        if ref is None:
            raise InputError(f"{path.name}: verblijfsobjecten zonder kolom met het pand-id.")
        result.buildings = attach_units(
            result.buildings,
            pd.DataFrame(
                {
                    "pand_id": strip_prefix(units[ref], PAND_PREFIX),
                    "gebruiksdoel": units["gebruiksdoel"],
                    "oppervlakte": units["oppervlakte"],
                }
            ),  # fmt: skip
        )
    elif "gebruiksdoel" not in frame.columns:
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


def _first_column(frame: pd.DataFrame, names: tuple[str, ...]) -> str | None:
    return next((n for n in names if n in frame.columns), None)


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
    "attach_units",
    "canonical",
    "check_gemeente",
    "current_only",
    "gemeente_of_ids",
    "lvbag_members",
    "read_bag",
    "standing",
]
