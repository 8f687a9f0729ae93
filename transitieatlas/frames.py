"""The canonical frames: the contract between sources, store and domain (docs/architecture.md).

Defined once here and imported by both :mod:`transitieatlas.sources` (which build them) and
:mod:`transitieatlas.store` (which keeps them), so the sources never import the store.

- areas: GeoDataFrame with :data:`AREA_COLUMNS` + geometry in RD New (:data:`RD_NEW`);
- figures: long DataFrame with :data:`FIGURE_COLUMNS`;
- buildings: GeoDataFrame (BAG panden) in RD New;
- heat_sources: GeoDataFrame of points (:data:`HEAT_SOURCE_COLUMNS`) in RD New.

An importer returns an :class:`ImportBatch` of ``(kind, frame, Provenance)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

import geopandas as gpd
import pandas as pd

RD_NEW = "EPSG:28992"
"""Amersfoort / RD New: every geometry in the store uses it (WGS84 only for display)."""
KINDS = ("areas", "figures", "buildings", "units", "labels", "heat_sources")
AREA_COLUMNS = ["code", "name", "level", "gemeente_code", "wijk_code", "year"]
FIGURE_COLUMNS = ["code", "year", "indicator", "value", "unit", "source"]
LEVELS = ("gemeente", "wijk", "buurt", "cel")
HEAT_SOURCE_COLUMNS = [
    "id", "naam", "type_bron", "vermogen_mw", "capfactor", "volfactor", "temperatuur_c", "status",
]  # fmt: skip
"""Heat sources (points in RD New): ``id`` (text), ``naam``, ``type_bron`` (e.g. Industrie,
BioWKK; None when unknown), ``vermogen_mw`` (thermal capacity, MW; NaN = unknown),
``capfactor`` and ``volfactor`` (the source file's own fields, ratio; NaN = unknown),
``temperatuur_c`` (°C), ``status`` (e.g. Optie B), ``geometry``."""
COARSE_GRID_M = 50.0
"""Areas may carry ``precision_m``: the grid (m) their vertices snap to, e.g. about 310 for
the 2014 CBS TopoJSON. Above this value a polygon is coarse, and its area and every density
computed from it are marked as such (docs/methode-warmtevraag.md)."""


@dataclass(frozen=True)
class Provenance:
    """Where a dataset comes from, shown next to every figure and map.

    ``licence`` is the attribution text, e.g. ``"Bron: CBS, CC BY 4.0"``;
    ``origin`` the URL or file path; ``retrieved`` an ISO date.

    >>> Provenance("CBS Kerncijfers", "85984NED", 2024, "2026-11-26", "Bron: CBS, CC BY 4.0").citation()
    'CBS Kerncijfers (85984NED, 2024), opgehaald 2026-11-26. Bron: CBS, CC BY 4.0.'
    """

    source: str
    table_id: str
    year: int | None
    retrieved: str = field(default_factory=lambda: date.today().isoformat())
    licence: str = ""
    origin: str = ""
    note: str = ""

    def citation(self) -> str:
        """One line for under a map or table, e.g. ``Bron: CBS … (85984NED, 2024), opgehaald 2026-11-26``."""
        year = f", {self.year}" if self.year else ""
        licence = f" {self.licence}." if self.licence else ""
        return (
            f"{self.source} ({self.table_id}{year}), opgehaald {self.retrieved}.{licence}".strip()
        )


@dataclass
class ImportBatch:
    """Frames to write together, all or nothing. ``kind`` is ``areas``, ``figures``,
    ``buildings``, ``units`` (BAG verblijfsobjecten), ``labels`` (EP-Online energy labels per
    BAG object) or ``heat_sources`` (points with :data:`HEAT_SOURCE_COLUMNS`)."""

    items: list[tuple[str, pd.DataFrame, Provenance]] = field(default_factory=list)

    def add(self, kind: str, frame: pd.DataFrame, provenance: Provenance) -> ImportBatch:
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; use one of {KINDS}")
        self.items.append((kind, frame, provenance))
        return self

    def __len__(self) -> int:
        return len(self.items)


class AreaReader(Protocol):
    """What a source adapter may read back while importing: areas already known.

    :class:`transitieatlas.store.opendata.Store` satisfies it; the sources only see this
    protocol, so they never import the store.
    """

    def areas(
        self,
        level: str | None = None,
        gemeente: str | None = None,
        codes: Iterable[str] | None = None,
        year: int | None = None,
    ) -> gpd.GeoDataFrame: ...


__all__ = [
    "AREA_COLUMNS",
    "FIGURE_COLUMNS",
    "HEAT_SOURCE_COLUMNS",
    "KINDS",
    "LEVELS",
    "RD_NEW",
    "AreaReader",
    "ImportBatch",
    "Provenance",
]
