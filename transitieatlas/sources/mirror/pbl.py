"""PBL Startanalyse aardgasvrije buurten 2020 per gemeente (buurten + figures) and the MT heat sources."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from transitieatlas.frames import Provenance
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


def skip_heat_sources(path: Path, ctx: Context) -> FileImport:
    """Mirror: the MT heat sources are points without area or building data."""
    return FileImport(
        skipped="warmtebronnen (punten met vermogen en temperatuur), geen gebieds- of "
        "gebouwgegevens; nog geen kaartlaag gebruikt ze"
    )
