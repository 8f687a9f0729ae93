"""Files no provider recogniser knows: geodata with a column of CBS codes → areas (and
figures through the best column mapping); a table → figures; anything else is skipped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd

from transitieatlas.errors import InputError
from transitieatlas.frames import Provenance
from transitieatlas.sources import files, tables
from transitieatlas.sources.mirror._common import (
    LEVEL_OF_PREFIX,
    Context,
    FileImport,
    geo_notes,
    make_areas,
)


def import_generic(path: Path, ctx: Context) -> FileImport:
    """Any other file: geodata with a code column → areas; a table → figures; else skip."""
    kind = files.suffix(path)
    if kind in (".csv", ".xlsx"):
        opts = ctx.options
        res = tables.import_table(
            path,
            ctx.known,
            source=opts.get("source"),  # type: ignore[arg-type]
            gemeente=opts.get("gemeente"),  # type: ignore[arg-type]
            year=opts.get("year"),  # type: ignore[arg-type]
        )
        return FileImport(res.batch, res.warnings, res.unmapped)
    if kind not in files.GEO_SUFFIXES:
        return FileImport(skipped=f"geen gegevensbestand ({kind or 'zonder extensie'})")
    return import_generic_geodata(path, ctx)


NAME_COLUMNS = {
    "buurt": ("buurtnaam", "statnaam", "naam", "name"),
    "wijk": ("wijknaam", "statnaam", "naam", "name", "Wijk"),
    "gemeente": ("gemeentenaam", "statnaam", "naam", "name"),
}


def area_code_column(table: pd.DataFrame) -> str | None:
    """The column that names each area: CBS codes, as unique as possible.

    In a CBS wijk- en buurtkaart layer of buurten, ``buurtcode`` (unique) wins over
    ``wijkcode`` and ``gemeentecode`` (repeated).
    """
    best, best_score = None, 0.0
    for column in table.columns:
        values = table[column].astype(str).str.strip()
        looks = values.str.match(tables.CBS_CODE)
        if looks.mean() < 0.8:
            continue
        score = values[looks].nunique() / len(values)
        if score > best_score:
            best, best_score = column, score
    return best


def import_generic_geodata(path: Path, ctx: Context) -> FileImport:
    """Areas (and figures) from a geodata file with a column of CBS codes, layer by layer.

    Fits the CBS wijk- en buurtkaart GeoPackage (layers gemeenten, wijken, buurten):
    the code column is found per layer, water parts are dropped, the year comes from
    ``jaarstatcode`` or the file name, and attributes become figures through the column
    mapping that covers most of them (unmapped ones are reported).
    """
    result = FileImport()
    frame = files.read_geodata(path)
    result.warnings.extend(geo_notes(frame))
    parts = frame.groupby("layer", sort=False) if "layer" in frame.columns else [(None, frame)]
    for layer, part in parts:
        part = part.drop(columns="layer", errors="ignore")
        if layer is not None:  # columns of the other layers are all empty here
            empty = [c for c in part.columns if c != "geometry" and part[c].isna().all()]
            part = part.drop(columns=empty)
        _generic_layer(path, ctx, part, layer, result)
    result.unmapped = list(dict.fromkeys(result.unmapped))
    if not len(result.batch):
        raise InputError(
            f"{path.name}: geen kolom met gebiedscodes (zoals BU00800000) gevonden; "
            "dit bestand kan niet als gebieden worden ingelezen."
        )
    return result


def _generic_layer(
    path: Path, ctx: Context, frame: gpd.GeoDataFrame, layer: str | None, result: FileImport
) -> None:
    table = pd.DataFrame(frame.drop(columns="geometry"))
    code_col = area_code_column(table)
    label = f"{path.name}" + (f", laag {layer}" if layer else "")
    if code_col is None:
        result.warnings.append(f"{label}: geen gebiedscodes, overgeslagen")
        return
    codes = table[code_col].astype(str).str.strip()
    if "water" in table.columns:  # CBS kaart: water parts repeating a gemeente's code
        water_part = (table["water"].astype(str).str.upper() == "JA") & codes.duplicated(keep=False)
        frame, table, codes = frame[~water_part], table[~water_part], codes[~water_part]
    level = LEVEL_OF_PREFIX[codes.iloc[0][:2]]
    name_col = next((c for c in NAME_COLUMNS[level] if c in table.columns), None)
    names = table[name_col] if name_col else names_from_table(table, codes)
    given = ctx.options.get("year")
    year = int(given) if isinstance(given, int) else table_year(table, path)
    areas = make_areas(frame, codes, names, level, year, result.warnings)
    table_id = path.name + (f":{layer}" if layer else "")
    prov = Provenance(f"Bestand {label}", table_id, year, date.today().isoformat(), "",
                      ctx.origin(path), "; ".join(geo_notes(frame)))  # fmt: skip
    result.batch.add("areas", areas, prov)
    source, rules = tables.best_mapping(table)
    if source is None or year is None:
        return
    figures, unmapped = tables.wide_to_figures(table, codes, year, rules, label, skip=[code_col])
    result.unmapped.extend(unmapped)
    if not figures.empty:
        result.batch.add("figures", figures, prov)


def names_from_table(table: pd.DataFrame, codes: pd.Series) -> pd.Series:
    name_col = tables.find_name_column(table)
    return table[name_col] if name_col else codes


def table_year(table: pd.DataFrame, path: Path) -> int | None:
    if "jaarstatcode" in table.columns and table["jaarstatcode"].notna().any():
        return tables.year_from_text(str(table["jaarstatcode"].dropna().iloc[0]))
    return tables.year_from_text(path.name)
