"""Shared pieces of the mirror recognisers: the result type, the import context and helpers
that build canonical frames (areas with CBS parents, figures through a column mapping)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from transitieatlas.frames import RD_NEW, AreaReader, ImportBatch, Provenance
from transitieatlas.sources import files, tables

CBS_LICENCE = "Bron: CBS, CC BY 4.0"
CBS_KADASTER_LICENCE = "Bron: CBS, Kadaster, CC BY 4.0"
LEVEL_OF_PREFIX = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}
MATCH_MIN_OVERLAP = 0.8
"""Polygons of two files are the same buurt when intersection / union ≥ this."""


@dataclass
class FileImport:
    """A recogniser's result: the batch to write plus what to tell the user."""

    batch: ImportBatch = field(default_factory=ImportBatch)
    warnings: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    skipped: str | None = None


@dataclass
class Context:
    """Shared state while importing: the areas known so far and frames other files join against.

    ``known`` is the store seen through :class:`~transitieatlas.frames.AreaReader` (the
    recognisers read areas written by earlier files; they never write).
    """

    known: AreaReader
    root: Path
    cache: dict[str, object] = field(default_factory=dict)
    options: dict[str, object] = field(default_factory=dict)
    """For files no recogniser knows: ``source`` (column mapping), ``gemeente``, ``year``."""

    def areas(self, gemeente: str) -> gpd.GeoDataFrame:
        """The known areas of ``gemeente``, kept until the next areas write."""
        key = f"areas:{gemeente}"
        if key not in self.cache:
            self.cache[key] = self.known.areas(gemeente=gemeente)
        return self.cache[key]  # type: ignore[return-value]

    def forget_areas(self) -> None:
        """Drop the cached areas (after a write of new areas)."""
        for key in [k for k in self.cache if k.startswith("areas:")]:
            del self.cache[key]

    def origin(self, path: Path) -> str:
        """``path`` relative to the mirror's parent folder (as shown to users)."""
        try:
            return str(path.resolve().relative_to(self.root.resolve().parent))
        except ValueError:
            return str(path)


Recogniser = Callable[[Path, Context], FileImport]


# -- helpers ------------------------------------------------------------------------------
def file_provenance(
    ctx: Context, path: Path, source: str, year: int | None, licence: str, note: str = ""
) -> Provenance:
    """Provenance of a mirror file: its name as table id, its date as retrieval date."""
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
    if frame.attrs.get("grid_m"):  # coarse polygons (frames.COARSE_GRID_M): say so per area
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


def figures_from(
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


def geo_notes(frame: gpd.GeoDataFrame) -> list[str]:
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


def read_cached(ctx: Context, path: Path) -> gpd.GeoDataFrame:
    """``files.read_geodata`` once per file during one import."""
    key = f"geo:{path.resolve()}"
    if key not in ctx.cache:
        ctx.cache[key] = files.read_geodata(path)
    return ctx.cache[key]  # type: ignore[return-value]
