"""BAG panden (PDOK BAG WFS schema, e.g. the Delft sample) as the canonical buildings frame."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np

from transitieatlas.frames import RD_NEW
from transitieatlas.sources import files, tables
from transitieatlas.sources.mirror._common import Context, FileImport, file_provenance, geo_notes


def import_bag(path: Path, ctx: Context) -> FileImport:
    """BAG panden (PDOK BAG WFS schema) as the canonical buildings frame."""
    result = FileImport()
    frame = files.read_geodata(path)
    result.warnings.extend(geo_notes(frame))
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
    prov = file_provenance(ctx, path, "BAG panden (Kadaster), voorbeeld Delft Wippolder", None,
                 "Bron: Kadaster (BAG), CC0; via 3DBAG/geodepot (Apache-2.0)", note)  # fmt: skip
    result.batch.add("buildings", buildings, prov)
    return result
