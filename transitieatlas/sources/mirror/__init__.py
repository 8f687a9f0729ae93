"""The offline mirror: recognise each file of a folder of previously downloaded open data.

One module per provider builds the canonical frames of a file (nothing is written here;
:mod:`transitieatlas.store.importing` writes them to the store, file by file):

- :mod:`.cbs`: national gemeenten 2022 / wijken 2024 GeoJSON (WGS84 → RD New), the 2014/2015
  TopoJSON (own decoder; ``GemeenteDetail`` gives 2015 gemeente figures of the land parts),
  the KWB 2024 subset JSON mapped through the real 85984NED DataProperties, the Utrecht buurt
  rows (no geometry, year "waarschijnlijk 2020") and CBS metadata (skipped);
- :mod:`.fryslan`: the Fryslân warmtekaart layers;
- :mod:`.zwolle`: Zwolle's own buurt division (``GM0193-<BRTNR>``) and its tables;
- :mod:`.grid`: Ermelo buurten 2021 and the CBS 100 m grid (level ``cel``);
- :mod:`.bag`: BAG panden (buildings) and verblijfsobjecten (units, LV BAG ``VBO`` zips);
- :mod:`.pbl`: PBL Startanalyse buurten and the MT heat sources (points);
- :mod:`.generic`: anything else (geodata with a code column, tables with a column mapping).

:data:`RECOGNISERS` is the one list of (path pattern, recogniser): its order is the import
order, so tables keyed by area name (Zwolle) find the areas imported just before them.
A new provider adds a module here and its patterns to that list.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

from transitieatlas.sources import tables
from transitieatlas.sources.mirror import bag, cbs, fryslan, generic, grid, pbl, zwolle
from transitieatlas.sources.mirror._common import Context, FileImport, Recogniser

RECOGNISERS: list[tuple[str, Recogniser]] = [
    ("*gemeente_gegeneraliseerd_*.geojson", cbs.import_cbs_boundaries),
    ("*/Gemeente_*_layer_*.json", cbs.import_cbs_boundaries),
    ("*/Wijk_*_layer_*.json", cbs.import_cbs_boundaries),
    ("*/Buurt_*_layer_*.json", cbs.import_cbs_boundaries),
    ("*/Wijken20*.geojson", cbs.import_cbs_boundaries),
    ("*/GemeenteDetail_*_layer_*.json", cbs.import_gemeente_detail),
    ("*NED*/stripped_filtered_data_*.json", cbs.import_kwb_subset),
    ("*/DataProperties.json", cbs.skip_metadata),
    ("*/TableInfos.json", cbs.skip_metadata),
    ("*/CategoryGroups.json", cbs.skip_metadata),
    ("*utrecht_provincie_*/buurten.csv", cbs.import_utrecht_rows),
    ("*/buurt_potentie_extraqt.geojson*", fryslan.import_frl_potentie),
    ("*/koopwoningen_frl.geojson*", fryslan.import_frl_layer),
    ("*/wooncorporatie_frl.geojson*", fryslan.import_frl_layer),
    ("*/energiearmoede_frl.geojson*", fryslan.import_frl_layer),
    ("*/warmtenet_full.geojson*", fryslan.skip_heat_networks),
    ("*/energy_buurt_*_mapped.geojson", zwolle.import_zwolle_geojson),
    ("*/demographics_buurt_*_mapped.geojson", zwolle.import_zwolle_geojson),
    ("*zwolle*/energyconsumption_buurt_*.csv", zwolle.import_zwolle_table),
    ("*zwolle*/demographics_buurt_combined.csv", zwolle.import_zwolle_table),
    ("*/Zwolle_Neighbourhood_Aggregated_Buildings.csv", zwolle.import_zwolle_table),
    ("*/themas_*_zwolle.xlsx", zwolle.import_zwolle_table),
    ("*/CBS_buurten_*.gpkg", grid.import_cbs_buurten_gpkg),
    ("*/CBS_Statistiek.gpkg", grid.import_grid),
    ("*/bag/*/[0-9][0-9][0-9][0-9]PND*.zip", bag.skip_lvbag_beside_gpkg),
    ("*/bag/*/[0-9][0-9][0-9][0-9]VBO*.zip", bag.import_bag_file),
    ("*/bag/*/doesburg_panden_*.gpkg", bag.import_bag_file),
    ("*/bag/*.gpkg", bag.import_bag),
    ("*/startanalyse20*/GM*.geojson*", pbl.import_startanalyse),
    ("*/warmtebronnen_mt_*/*.geojson", pbl.import_heat_sources),
]
"""(pattern on ``/`` + the path, recogniser), in import order; the first match wins.
Files no pattern matches go to :func:`generic.import_generic`."""
IGNORED_NAMES = {"readme.md", "readme.txt", "license", "licence", ".ds_store"}


def recognise(path: Path) -> tuple[int, Recogniser]:
    """The recogniser for ``path`` and its place in the import order."""
    text = "/" + Path(path).as_posix()
    for order, (pattern, recogniser) in enumerate(RECOGNISERS):
        if fnmatch.fnmatchcase(text, pattern):
            return order, recogniser
    return len(RECOGNISERS), generic.import_generic


def mirror_files(folder: Path) -> list[Path]:
    """Every file of the mirror in import order (hidden files and READMEs left out)."""
    paths = [
        p for p in Path(folder).rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and p.name.lower() not in IGNORED_NAMES
    ]  # fmt: skip
    return sorted(paths, key=lambda p: (recognise(p)[0], p.as_posix()))


# -- running ------------------------------------------------------------------------------
def import_file(path: Path, ctx: Context) -> FileImport:
    """Recognise one file and build its batch (nothing is written)."""
    _, recogniser = recognise(path)
    return _zero_everywhere_to_missing(recogniser(path, ctx))


def _zero_everywhere_to_missing(result: FileImport) -> FileImport:
    """Apply :func:`tables.zero_everywhere_to_missing` to every figures frame of a file."""
    changed: list[str] = []
    for i, (kind, frame, prov) in enumerate(result.batch.items):
        if kind == "figures":
            frame, hit = tables.zero_everywhere_to_missing(frame)
            result.batch.items[i] = (kind, frame, prov)
            changed += [h for h in hit if h not in changed]
    if changed:
        result.warnings.append(f"{tables.ALL_ZERO_NOTE}: {', '.join(changed)}")
    return result


__all__ = [
    "RECOGNISERS",
    "Context",
    "FileImport",
    "Recogniser",
    "import_file",
    "mirror_files",
    "recognise",
]
