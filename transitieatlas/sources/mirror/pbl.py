"""PBL Startanalyse aardgasvrije buurten 2020 per gemeente (buurten + figures) and the MT heat
sources (points, kind ``heat_sources``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from transitieatlas.frames import Provenance
from transitieatlas.sources import heatsources
from transitieatlas.sources import pbl as pbl_source
from transitieatlas.sources.mirror._common import Context, FileImport


def import_startanalyse(path: Path, ctx: Context) -> FileImport:
    """Mirror: one gemeente's Startanalyse buurten → areas + figures (two datasets)."""
    areas, figures, notes, unmapped = pbl_source.read_startanalyse(path)
    gemeente = path.name.split(".")[0].upper()
    prov = Provenance(
        source=f"{pbl_source.SOURCE} {gemeente}",
        table_id=path.name,
        year=pbl_source.YEAR,
        retrieved=date.fromtimestamp(path.stat().st_mtime).isoformat(),
        licence=pbl_source.LICENCE,
        origin=ctx.origin(path),
        note="modeluitkomsten en tellingen van PBL; niet elke buurt van de gemeente is aanwezig",
    )
    result = FileImport(warnings=notes, unmapped=unmapped)
    result.batch.add("areas", areas, prov)
    result.batch.add("figures", figures, prov)
    return result


def import_heat_sources(path: Path, ctx: Context) -> FileImport:
    """Mirror: PBL's MT heat sources (points with capacity and temperature) → heat_sources."""
    sources, notes = heatsources.read_heat_sources(path)
    prov = Provenance(
        source=heatsources.SOURCE,
        table_id=path.name,
        year=2020,
        retrieved=date.fromtimestamp(path.stat().st_mtime).isoformat(),
        licence=heatsources.LICENCE,
        origin=ctx.origin(path),
        note="; ".join(notes),
    )
    result = FileImport(warnings=notes)
    result.batch.add("heat_sources", sources, prov)
    return result
