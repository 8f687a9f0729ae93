"""Ermelo: the CBS wijk- en buurtkaart buurten GeoPackage and the CBS 100 m grid
(level ``cel``; each cell keeps its buurtcode)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from transitieatlas.errors import InputError
from transitieatlas.sources import files
from transitieatlas.sources.mirror._common import (
    CBS_KADASTER_LICENCE,
    CBS_LICENCE,
    Context,
    FileImport,
    figures_from,
    file_provenance,
    geo_notes,
    make_areas,
)
from transitieatlas.sources.mirror.generic import table_year


def import_cbs_buurten_gpkg(path: Path, ctx: Context) -> FileImport:
    """CBS wijk- en buurtkaart buurten (GeoPackage): areas + the filled attributes."""
    result = FileImport()
    frame = files.read_geodata(path)
    result.warnings.extend(geo_notes(frame))
    year = table_year(pd.DataFrame(frame.drop(columns="geometry")), path)
    if year is None:
        raise InputError(
            f"{path.name}: geen jaar gevonden (kolom jaarstatcode of jaartal in de naam)."
        )
    codes = frame["buurtcode"].astype(str)
    areas = make_areas(frame, codes, frame["buurtnaam"], "buurt", year, result.warnings)
    source = f"CBS Wijk- en buurtkaart {year}, buurten"
    note = "vroege uitgave: de meeste kenmerken zijn leeg"
    result.batch.add(
        "areas", areas, file_provenance(ctx, path, source, year, CBS_KADASTER_LICENCE, note)
    )
    table = frame.drop(columns="geometry")
    figures = figures_from(table, codes, year, "cbs_wijkenbuurtenkaart", source, result)
    all_missing = figures.groupby("indicator")["value"].apply(lambda v: v.isna().all())
    empty = sorted(all_missing[all_missing].index)
    figures = figures[~figures["indicator"].isin(empty)]
    if empty:
        result.warnings.append(f"{len(empty)} kenmerken helemaal leeg, niet opgeslagen")
    result.batch.add(
        "figures", figures, file_provenance(ctx, path, source, year, CBS_KADASTER_LICENCE, note)
    )
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
    result.batch.add("areas", areas, file_provenance(ctx, path, source, year, licence, note))
    table = frame.drop(columns="geometry")
    figures = figures_from(table, codes, year, "cbs_vierkant100m", source, result)
    result.batch.add("figures", figures, file_provenance(ctx, path, source, year, licence, note))
    return result
