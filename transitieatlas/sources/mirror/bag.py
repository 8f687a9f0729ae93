"""BAG panden (PDOK BAG WFS schema, e.g. the Delft sample) as the canonical buildings frame."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np

from transitieatlas.frames import RD_NEW, Provenance
from transitieatlas.sources import bag as bag_source
from transitieatlas.sources import files, tables
from transitieatlas.sources.mirror._common import Context, FileImport, file_provenance, geo_notes


def import_bag(path: Path, ctx: Context) -> FileImport:
    """BAG panden (PDOK BAG WFS schema) as the canonical buildings frame."""
    result = FileImport()
    frame = files.read_geodata(path)
    result.warnings.extend(geo_notes(frame))
    buildings = gpd.GeoDataFrame(
        {
            # 16-digit ids: the sample stores them as numbers, without the leading zero
            "id": bag_source.strip_prefix(frame["identificatie"], bag_source.PAND_PREFIX).values,
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
    prov = file_provenance(ctx, path, "BAG panden (Kadaster), voorbeeld Delft Wippolder", None,
                 "Bron: Kadaster (BAG), CC0; via 3DBAG/geodepot (Apache-2.0)", note)  # fmt: skip
    result.batch.add("buildings", buildings, prov)
    return result


def import_bag_file(path: Path, ctx: Context) -> FileImport:
    """Mirror: BAG panden (buildings) and verblijfsobjecten (units) of one gemeente
    (GeoPackage/GeoJSON or LV BAG zip)."""
    read = bag_source.read_bag(path)
    ids = read.units["id"] if read.buildings.empty and read.units is not None else None
    gemeente = bag_source.gemeente_of_ids(read.buildings["id"] if ids is None else ids)
    year = bag_source.extract_year(path.name) if files.suffix(path) == ".zip" else None
    year = year or tables.year_from_text(path.name) or tables.year_from_text(path.parent.name)
    prov = Provenance(
        source=f"BAG panden (Kadaster){' ' + gemeente if gemeente else ''}",
        table_id=path.name,
        year=year,
        retrieved=date.fromtimestamp(path.stat().st_mtime).isoformat(),
        licence=bag_source.BAG_LICENCE,
        origin=ctx.origin(path),
        note="; ".join(read.notes),
    )
    result = FileImport(warnings=list(read.notes))
    if not read.buildings.empty or read.units is None:
        result.batch.add("buildings", read.buildings, prov)
    if read.units is not None:
        unit_prov = replace(prov, source=prov.source.replace("BAG panden", "BAG verblijfsobjecten"))
        result.batch.add("units", read.units, unit_prov)
    return result


def skip_lvbag_beside_gpkg(path: Path, ctx: Context) -> FileImport:
    """Mirror: the LV BAG zip whose panden the GeoPackage beside it already holds."""
    if not any(path.parent.glob("*.gpkg")):
        return import_bag_file(path, ctx)
    return FileImport(
        skipped="officieel LV BAG-extract; dezelfde actuele panden staan in het GeoPackage "
        "ernaast, dat sneller leest en is geïmporteerd (dit bestand: 'transitieatlas bag import')"
    )
