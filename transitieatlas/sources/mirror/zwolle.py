"""Zwolle: its own buurt division (codes ``GM0193-<BRTNR>``), energy and demographic GeoJSONs
2015–2023, tables keyed by buurt name and the Klimaatmonitor "Thema's" XLSX exports."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from transitieatlas.errors import InputError
from transitieatlas.frames import ImportBatch
from transitieatlas.sources import files, tables
from transitieatlas.sources.mirror._common import (
    Context,
    FileImport,
    figures_from,
    file_provenance,
    make_areas,
)

ZWOLLE_GM = "GM0193"
ZWOLLE_LICENCE = "Bron: Gemeente Zwolle, Klimaatmonitor (RWS), CBS; bewerking jenkenpow76 (MIT)"


def zwolle_codes(brtnr: pd.Series) -> pd.Series:
    """Codes of Zwolle's own buurt division: ``GM0193-<BRTNR>`` (4 digits)."""
    return brtnr.map(lambda n: f"{ZWOLLE_GM}-{int(n):04d}")


def import_zwolle_geojson(path: Path, ctx: Context) -> FileImport:
    """Zwolle buurt polygons (municipal division) with energy or demographic figures."""
    result = FileImport()
    frame = files.read_geodata(path)
    year = tables.year_from_text(path.name)
    if year is None:
        raise InputError(f"{path.name}: geen jaartal in de bestandsnaam.")
    codes = zwolle_codes(frame["BRTNR"])
    areas = make_areas(frame, codes, frame["OFFICIËLE"], "buurt", year, result.warnings)
    areas["gemeente_code"] = ZWOLLE_GM
    note = "gemeentelijke buurtindeling van Zwolle (geen CBS-codes)"
    source = f"Gemeente Zwolle, buurtgrenzen ({path.stem})"
    result.batch.add("areas", areas, file_provenance(ctx, path, source, year, ZWOLLE_LICENCE, note))
    energy = "energy" in path.name
    mapping = "zwolle_klimaatmonitor" if energy else "zwolle_demografie"
    label = (
        f"Klimaatmonitor via Gemeente Zwolle {year}"
        if energy
        else f"Gemeente Zwolle, demografie {year}"
    )
    table = frame.drop(columns="geometry")
    if energy:
        table = _zero_columns_to_nan(table, result)
    figures = figures_from(table, codes, year, mapping, label, result)
    result.batch.add(
        "figures", figures, file_provenance(ctx, path, label, year, ZWOLLE_LICENCE, note)
    )
    return result


def _zero_columns_to_nan(table: pd.DataFrame, result: FileImport) -> pd.DataFrame:
    """A figure that is 0 in every buurt was missing in the source export ('' / '?')."""
    table = table.copy()
    rules = tables.load_mapping("zwolle_klimaatmonitor")
    zeroed = []
    for column in table.columns:
        rule = rules.get(tables.header_key(column))
        if rule and rule.indicator:
            values = tables.numeric(table[column])
            if len(values) and (values.fillna(0) == 0).all():
                table[column] = np.nan
                zeroed.append(rule.indicator)
    if zeroed:
        result.warnings.append(
            "overal 0, in de bron ontbrekend, als leeg opgeslagen: " + ", ".join(zeroed)
        )
    return table


def import_zwolle_table(path: Path, ctx: Context) -> FileImport:
    """Zwolle tables keyed by buurt name, matched to the Zwolle buurten in the store."""
    name = path.name.lower()
    if "building" in name:
        mapping, year, note = "zwolle_gebouwen", 2024, "jaar niet vermeld; bouwjaarklassen tot 2024"
    elif "demographics" in name:
        mapping, year, note = "zwolle_demografie", None, ""
    else:
        mapping, year, note = "zwolle_klimaatmonitor", None, ""
    res = tables.import_table(
        path, ctx.known, source=mapping, gemeente=ZWOLLE_GM, year=year, areas=ctx.areas(ZWOLLE_GM)
    )
    kind, frame, prov = res.batch.items[0]
    label = f"Gemeente Zwolle ({path.name})"
    frame = frame.assign(source=label)
    prov = file_provenance(ctx, path, label, prov.year, ZWOLLE_LICENCE, note)
    warns = res.warnings + (
        [f"niet gekoppelde namen: {', '.join(res.unmatched_keys[:10])}"]
        if res.unmatched_keys
        else []
    )
    return FileImport(ImportBatch().add(kind, frame, prov), warns, res.unmapped)
