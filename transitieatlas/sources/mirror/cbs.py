"""CBS files of the mirror: gebiedsindelingen (GeoJSON/TopoJSON), the 2015 gemeente layer,
the KWB subset JSON keyed through its DataProperties, the Utrecht buurt rows and metadata."""

from __future__ import annotations

import json
import re
from pathlib import Path

from transitieatlas.errors import InputError
from transitieatlas.sources import files, tables
from transitieatlas.sources.mirror._common import (
    CBS_KADASTER_LICENCE,
    CBS_LICENCE,
    LEVEL_OF_PREFIX,
    Context,
    FileImport,
    figures_from,
    file_provenance,
    geo_notes,
    make_areas,
)


# -- CBS boundaries ---------------------------------------------------------------------
def import_cbs_boundaries(path: Path, ctx: Context) -> FileImport:
    """A CBS gebiedsindeling (GeoJSON or TopoJSON): areas by ``statcode``/``wijkcode``."""
    result = FileImport()
    frame = files.read_geodata(path)
    result.warnings.extend(geo_notes(frame))
    code_col = next(c for c in ("statcode", "wijkcode", "gemeentecode") if c in frame.columns)
    name_col = next((c for c in ("statnaam", "Wijk", "wijknaam") if c in frame.columns), code_col)
    codes = frame[code_col].astype(str).str.strip()
    level = LEVEL_OF_PREFIX[codes.iloc[0][:2]]
    year = tables.year_from_text(path.name) or tables.year_from_text(str(path.parent))
    areas = make_areas(frame, codes, frame[name_col], level, year, result.warnings)
    note = "; ".join(geo_notes(frame))
    if path.suffix == ".json":
        note = (
            note + "; " if note else ""
        ) + "grof (TopoJSON, 1000×1000 raster): niet voor buurtniveau"
    plural = {"gemeente": "gemeenten", "wijk": "wijken", "buurt": "buurten"}[level]
    source = f"CBS gebiedsindeling {plural} {year}"
    result.batch.add(
        "areas", areas, file_provenance(ctx, path, source, year, CBS_KADASTER_LICENCE, note)
    )
    return result


def import_gemeente_detail(path: Path, ctx: Context) -> FileImport:
    """CBS wijk- en buurtkaart 2015, gemeente layer with Kerncijfers: figures of land parts."""
    result = FileImport()
    frame = files.read_geodata(path)
    land = frame[frame["water"] == "NEE"].drop(columns="geometry")
    result.warnings.append(
        f"{int((frame['water'] != 'NEE').sum())} waterdelen overgeslagen; "
        "vlakken staan al in Gemeente_2015"
    )
    label = "CBS Wijk- en buurtkaart 2015, gemeenten (Kerncijfers)"
    figures = figures_from(land, land["gemeentecode"], 2015, "cbs_wijkenbuurtenkaart", label, result,
                       skip=("buurtcode", "buurtnaam", "wijkcode", "wijknaam"))  # fmt: skip
    result.batch.add(
        "figures", figures, file_provenance(ctx, path, label, 2015, CBS_KADASTER_LICENCE)
    )
    return result


def import_kwb_subset(path: Path, ctx: Context) -> FileImport:
    """KWB gemeente/wijk rows keyed by code; keys mapped via the table's DataProperties."""
    from transitieatlas.sources import cbs

    result = FileImport()
    match = re.search(r"\d{5}NED", str(path))
    if not match:
        raise InputError(f"{path.name}: geen CBS-tabelnummer (zoals 85984NED) in het pad.")
    table_id = match.group(0)
    props_path = _find_data_properties(path, ctx, table_id)
    props = json.loads(props_path.read_text(encoding="utf-8"))
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = [{cbs.REGION_KEY: code, **values} for code, values in data.items()]
    year = next((y for y, t in cbs.kwb_tables().items() if t.table_id == table_id), None)
    if year is None:
        raise InputError(
            f"{path.name}: tabel {table_id} staat niet in transitieatlas/data/kwb_tables.csv."
        )
    parsed = cbs.parse_rows(rows, props, table_id, year)
    keys = {k for v in data.values() for k in v}
    present = {ind for key, ind in parsed.mapping.items() if key in keys}
    figures = parsed.figures[parsed.figures["indicator"].isin(present)].reset_index(drop=True)
    result.unmapped.extend(sorted(keys - set(parsed.mapping)))
    note = f"subset (gemeenten en wijken); kolommen vertaald via {props_path.name}"
    source = f"CBS {table_id} Kerncijfers wijken en buurten {year}"
    result.batch.add(
        "figures", figures, file_provenance(ctx, path, source, year, CBS_LICENCE, note)
    )
    return result


def _find_data_properties(path: Path, ctx: Context, table_id: str) -> Path:
    for folder in (path.parent, path.parent.parent, ctx.root):
        hits = sorted(folder.rglob("DataProperties.json"))
        for hit in hits:
            if table_id in str(hit.parent):
                return hit
    raise InputError(
        f"{path.name}: de kolombeschrijving (DataProperties.json) van {table_id} ontbreekt."
    )


def import_utrecht_rows(path: Path, ctx: Context) -> FileImport:
    """Utrecht buurt rows (KWB + Leefbaarometer, no geometry), year most likely 2020."""
    note = "jaar niet vermeld, waarschijnlijk 2020 (buurtindeling 2020); geen geometrie"
    prov = file_provenance(ctx, path, "CBS Kerncijfers wijken en buurten (provincie Utrecht, bewerkt)",
                 2020, CBS_LICENCE + "; Leefbaarometer (BZK)", note)  # fmt: skip
    res = tables.import_table(path, ctx.known, source="utrecht_buurten_2020", year=2020,
                              require_known=False, provenance=prov)  # fmt: skip
    missing_gas = int(
        res.figures.loc[res.figures["indicator"] == "gem_aardgas_woning", "value"].isna().sum()
    )
    warns = [w for w in res.warnings if not w.startswith("namen")]
    warns.append(f"{missing_gas} buurten zonder aardgasverbruik (leeg in het bestand)")
    return FileImport(res.batch, warns, res.unmapped)


def skip_metadata(path: Path, ctx: Context) -> FileImport:
    return FileImport(
        skipped="beschrijving van een CBS-tabel (metadata), gebruikt bij de KWB-cijfers"
    )
