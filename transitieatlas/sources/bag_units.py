"""BAG verblijfsobjecten (units): the canonical frame and their sums per pand (pure, no I/O).

A verblijfsobject (VBO) is the addressable unit inside one or more panden; it carries what a
pand does not: ``gebruiksdoel`` (one or more uses) and ``oppervlakte`` (gebruiksoppervlakte,
m²). Every reader (LV BAG extract, GeoPackage/GeoJSON, PDOK OGC API) turns its VBOs into the
**canonical units frame** (:data:`UNIT_COLUMNS`, RD New points):

- ``id``: the 16-digit VBO id (``NL.IMBAG.Verblijfsobject.`` prefix stripped);
- ``pand_id``: the pand(en) it is part of, 16-digit ids comma-separated (BAG ``maaktDeelUitVan``;
  a unit in several panden lists all of them); None when the source gives no resolvable pand;
- ``gebruiksdoel``: the distinct uses, sorted and comma-separated (as in PDOK's pand schema);
- ``oppervlakte``: gebruiksoppervlakte in m² (float; NaN when unknown);
- ``status``: the BAG status.

:func:`fill_from_units` is the ONE place where units become pand attributes (used for BAG
files, for the store's VBOs under panden of any source, and so by heat and segmentation).
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

RD_NEW = "EPSG:28992"
PAND_PREFIX = "NL.IMBAG.Pand."
UNIT_PREFIX = "NL.IMBAG.Verblijfsobject."
END_FIELDS = ("eindGeldigheid", "eindRegistratie", "tijdstipInactief")
"""LV BAG voorkomen fields that are empty only for the current voorkomen."""
GONE_UNIT_STATUSES = (
    "Verblijfsobject ingetrokken",
    "Niet gerealiseerd verblijfsobject",
    "Verblijfsobject ten onrechte opgevoerd",
)
"""VBO statuses that are not current units (BAG "actueel bestaand" excludes them)."""
PAND_REF_COLUMNS = (
    "pand_identificatie",
    "pandidentificatie",
    "pandRef",
    "pandref",
    "maaktDeelUitVan",
    "pand.href",
    "pand",
)
"""Columns that link a VBO to its pand: WFS/GeoPackage (``pand_identificatie``,
``pandidentificatie``), LV BAG through GDAL's LVBAG driver (``pandRef``, a list; the XML
element is ``maaktDeelUitVan``), PDOK OGC API v2 (``pand.href``, a list of links)."""
UNIT_COLUMNS = ["id", "pand_id", "gebruiksdoel", "oppervlakte", "status", "geometry"]
SUMMARY_COLUMNS = [
    "gebruiksdoel",
    "aantal_verblijfsobjecten",
    "woningen",
    "oppervlakte_m2",
    "oppervlakte_min",
    "oppervlakte_max",
]
"""Pand attributes summed from its units (:func:`unit_summary`)."""


def strip_prefix(values: pd.Series, prefix: str) -> pd.Series:
    """16-digit BAG ids: without the ``NL.IMBAG.<Type>.`` prefix of the LV BAG XML, and with
    the leading zeros back where a file stored the id as a number (``503100000000296``).

    >>> strip_prefix(pd.Series(["NL.IMBAG.Pand.0221100000311383", "503100000000296"]), PAND_PREFIX).tolist()
    ['0221100000311383', '0503100000000296']
    """
    text = values.astype(str).str.strip().str.removeprefix(prefix).str.removesuffix(".0")
    digits = text.str.fullmatch(r"\d{1,15}")
    return text.where(~digits, text.str.zfill(16))


def current_only(frame: pd.DataFrame, gone: tuple[str, ...]) -> pd.DataFrame:
    """Rows of the current voorkomen (LV BAG end fields empty) whose status is not in ``gone``."""
    keep = pd.Series(True, index=frame.index)
    for column in END_FIELDS:
        if column in frame.columns:
            keep &= frame[column].isna()
    keep &= ~frame["status"].astype(str).isin(gone)
    return frame[keep]


def first_column(frame: pd.DataFrame, names: tuple[str, ...]) -> str | None:
    """The first of ``names`` that is a column of ``frame``."""
    return next((n for n in names if n in frame.columns), None)


def is_unit_frame(frame: pd.DataFrame) -> bool:
    """True when most rows have a verblijfsobject status (``Verblijfsobject in gebruik`` …)."""
    if "status" not in frame.columns or frame.empty:
        return False
    return bool(
        frame["status"].astype(str).str.lower().str.contains("verblijfsobject").mean() > 0.5
    )


def as_list(value: object) -> list[str]:
    """A list of text values from a list, array, comma-separated text or nothing."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if isinstance(value, list | tuple | np.ndarray):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return [v.strip() for v in str(value).split(",") if v.strip()]


def pand_ids(value: object, pand_refs: Mapping[str, str] | None = None) -> str | None:
    """The 16-digit pand ids of one VBO's pand reference, comma-separated, or None.

    A reference is a pand id (with or without ``NL.IMBAG.Pand.``) or a PDOK OGC API link
    ``…/collections/pand/items/<feature id>``; a link ending in a feature UUID is resolved
    through ``pand_refs`` (feature id → pand id), else dropped.

    >>> pand_ids(["https://x/collections/pand/items/9a46-uuid"], {"9a46-uuid": "0221100000312938"})
    '0221100000312938'
    >>> pand_ids("NL.IMBAG.Pand.0221100000311191") , pand_ids(None)
    ('0221100000311191', None)
    """
    found: list[str] = []
    for ref in as_list(value):
        tail = ref.split("?")[0].rstrip("/").rsplit("/", 1)[-1].removeprefix(PAND_PREFIX)
        if tail.isdigit() and len(tail) <= 16:
            found.append(tail.zfill(16))
        elif pand_refs and tail in pand_refs:
            found.append(str(pand_refs[tail]))
    return ",".join(dict.fromkeys(found)) or None


def canonical_units(
    frame: pd.DataFrame, pand_refs: Mapping[str, str] | None = None
) -> gpd.GeoDataFrame:
    """The canonical units frame (:data:`UNIT_COLUMNS`) of the current VBOs in ``frame``.

    ``frame`` is in the LV BAG, WFS/GeoPackage or OGC API schema (``identificatie``,
    ``gebruiksdoel``, ``oppervlakte``, ``status``, a pand reference of
    :data:`PAND_REF_COLUMNS`). Only the current voorkomen of units not withdrawn, not realised
    or wrongly registered (:data:`GONE_UNIT_STATUSES`) are kept. Raises ``ValueError`` (with a
    Dutch text) when the columns are missing.
    """
    ident = first_column(frame, ("identificatie", "id"))
    ref = first_column(frame, PAND_REF_COLUMNS)
    if ident is None or "status" not in frame.columns or ref is None:
        raise ValueError(
            "geen BAG-verblijfsobjecten: kolommen 'identificatie', 'status' en een verwijzing naar "
            f"het pand ontbreken (gevonden: {', '.join(map(str, frame.columns[:12]))})."
        )
    current = current_only(frame, GONE_UNIT_STATUSES)
    area = (
        pd.to_numeric(current["oppervlakte"], errors="coerce")
        if "oppervlakte" in current
        else np.nan
    )
    uses = (
        current["gebruiksdoel"]
        if "gebruiksdoel" in current
        else pd.Series(None, index=current.index)
    )
    geometry = current.geometry if isinstance(current, gpd.GeoDataFrame) else None
    points = (
        shapely.force_2d(np.asarray(geometry.values))
        if geometry is not None
        else np.full(len(current), None)
    )
    return gpd.GeoDataFrame(
        {
            "id": strip_prefix(current[ident], UNIT_PREFIX).to_numpy(),
            "pand_id": [pand_ids(v, pand_refs) for v in current[ref]],
            "gebruiksdoel": [",".join(sorted(set(as_list(v)))) or None for v in uses],
            "oppervlakte": np.asarray(area, dtype=float) if not np.isscalar(area) else area,
            "status": current["status"].astype(str).to_numpy(),
        },
        geometry=points,
        crs=geometry.crs if geometry is not None and geometry.crs is not None else RD_NEW,
    ).reset_index(drop=True)


def unit_summary(units: pd.DataFrame) -> pd.DataFrame:
    """Per pand id (index): :data:`SUMMARY_COLUMNS` from its units.

    ``gebruiksdoel``: the distinct uses, sorted, comma-separated; ``aantal_verblijfsobjecten``;
    ``woningen``: units with a woonfunctie; ``oppervlakte_m2``: the sum of the units' floor area
    (m²); ``oppervlakte_min``/``_max``: the smallest and largest unit (as PDOK's pand schema).
    A unit in several panden counts in each (as BAG registers it).

    >>> u = pd.DataFrame({"pand_id": ["1", "1,2"], "gebruiksdoel": ["woonfunctie", "winkelfunctie"],
    ...                   "oppervlakte": [80.0, 40.0]})
    >>> unit_summary(u).loc["1"].astype(object).map(str).tolist()
    ['winkelfunctie,woonfunctie', '2.0', '1.0', '120.0', '40.0', '80.0']
    """
    rows = units.assign(pand_id=units["pand_id"].map(as_list)).explode("pand_id")
    rows = rows[rows["pand_id"].notna()]
    rows = rows.assign(
        oppervlakte=pd.to_numeric(rows["oppervlakte"], errors="coerce"),
        _woon=rows["gebruiksdoel"].astype(str).str.contains("woonfunctie").astype(float),
    )
    grouped = rows.groupby("pand_id")
    return pd.DataFrame(
        {
            "gebruiksdoel": grouped["gebruiksdoel"].agg(_join_uses),
            "aantal_verblijfsobjecten": grouped.size().astype(float),
            "woningen": grouped["_woon"].sum(),
            "oppervlakte_m2": grouped["oppervlakte"].sum(min_count=1),
            "oppervlakte_min": grouped["oppervlakte"].min(),
            "oppervlakte_max": grouped["oppervlakte"].max(),
        },
        columns=SUMMARY_COLUMNS,
    )


def fill_from_units(panden: gpd.GeoDataFrame, units: pd.DataFrame) -> gpd.GeoDataFrame:
    """Panden whose :data:`SUMMARY_COLUMNS` are missing get them from their units.

    Column by column, only where a pand has no value (a PDOK pand keeps its own
    ``gebruiksdoel`` and count and gets only the floor area it lacks); panden without units
    keep what they had. A pand whose use comes from its units gets all its summary values
    from them, so use and counts never mix sources.

    >>> p = gpd.GeoDataFrame({"id": ["1", "2"], "status": ["Pand in gebruik"] * 2},
    ...                      geometry=[shapely.box(0, 0, 1, 1)] * 2, crs=RD_NEW)
    >>> u = pd.DataFrame({"pand_id": ["1", "1"], "gebruiksdoel": ["woonfunctie", "winkelfunctie"],
    ...                   "oppervlakte": [80.0, 40.0]})
    >>> fill_from_units(p, u)[["gebruiksdoel", "woningen", "oppervlakte_m2"]].values.tolist()
    [['winkelfunctie,woonfunctie', 1.0, 120.0], [None, nan, nan]]
    """
    out = panden.copy()
    if units.empty or out.empty:
        return out
    summary = unit_summary(units).reindex(out["id"].astype(str))
    use_missing = (
        out["gebruiksdoel"].isna().to_numpy()
        if "gebruiksdoel" in out
        else np.ones(len(out), dtype=bool)
    )
    from_units = use_missing & summary["gebruiksdoel"].notna().to_numpy()
    for column in SUMMARY_COLUMNS:
        theirs = summary[column].to_numpy()
        if column not in out:
            out[column] = theirs
            continue
        mine = out[column].to_numpy(dtype=object)
        take = from_units | (pd.isna(mine) & ~pd.isna(theirs))
        out[column] = np.where(take, theirs, mine)
    for column in SUMMARY_COLUMNS[1:]:
        out[column] = pd.to_numeric(out[column], errors="coerce")
    uses = out["gebruiksdoel"].astype(object)
    out["gebruiksdoel"] = uses.where(uses.notna(), None)
    return out


def first_pand(units: pd.DataFrame) -> pd.Series:
    """VBO id → its (first) pand id, for joining what is registered per VBO to panden."""
    known = units[units["pand_id"].notna()]
    return pd.Series(
        known["pand_id"].astype(str).str.split(",").str[0].to_numpy(),
        index=known["id"].astype(str).to_numpy(),
    )


def _join_uses(values: pd.Series) -> str | None:
    """The distinct purposes of a pand's units, sorted and comma-separated."""
    uses = sorted({u for v in values.dropna() for u in as_list(v)})
    return ",".join(uses) or None


__all__ = [
    "GONE_UNIT_STATUSES",
    "PAND_PREFIX",
    "SUMMARY_COLUMNS",
    "UNIT_COLUMNS",
    "UNIT_PREFIX",
    "canonical_units",
    "current_only",
    "fill_from_units",
    "first_pand",
    "is_unit_frame",
    "pand_ids",
    "strip_prefix",
    "unit_summary",
]
