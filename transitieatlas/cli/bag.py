"""``transitieatlas bag import FILE [--gemeente GMxxxx]`` and ``bag fetch AREA``: BAG panden
and verblijfsobjecten into the local store.

``import`` reads the Kadaster LV BAG extract (zip/xml, ``PND`` and/or ``VBO``), the BAG
GeoPackage of PDOK or a GeoPackage / GeoJSON layer in the PDOK WFS schema
(:mod:`transitieatlas.sources.bag`); only current, existing objects. ``--gemeente`` refuses a
file of another gemeente. ``fetch`` asks PDOK's BAG OGC API for the panden whose centroid lies
in the area and the verblijfsobjecten in them or in the area (:mod:`.bag_pdok`). Panden and
verblijfsobjecten of one file or fetch are written together or not at all.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date
from pathlib import Path

from transitieatlas.errors import NotInStore
from transitieatlas.sources import bag, bag_pdok
from transitieatlas.store.opendata import ImportBatch, Provenance, open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "bag",
        help="BAG-panden en -verblijfsobjecten (gebouwen) inlezen",
        description="BAG-panden en -verblijfsobjecten (Kadaster) in de lokale opslag zetten: "
        "alleen actuele, bestaande objecten; bouwjaar 9999 telt als onbekend. Panden zonder "
        "gebruiksdoel of oppervlakte krijgen die van hun verblijfsobjecten.",
    )
    sub = parser.add_subparsers(dest="bag_command", metavar="ACTIE", required=True)
    imp = sub.add_parser(
        "import", help="een BAG-bestand inlezen (LV BAG-zip PND/VBO, GeoPackage, GeoJSON)"
    )
    imp.add_argument("file", type=Path, help="het bestand")
    imp.add_argument("--gemeente", default=None, help="weiger een bestand van een andere gemeente")
    imp.set_defaults(func=run_import)
    fetch = sub.add_parser(
        "fetch", help="BAG-panden en -verblijfsobjecten van een gemeente of buurt ophalen bij PDOK"
    )
    fetch.add_argument("area", help="gemeentecode of buurtcode waarvan de grens in de opslag staat")
    fetch.set_defaults(func=run_fetch)


def run_import(args: argparse.Namespace) -> int:
    read = bag.read_bag(args.file, gemeente=args.gemeente)
    ids = (
        read.buildings["id"] if not read.buildings.empty or read.units is None else read.units["id"]
    )
    gemeente = args.gemeente.upper() if args.gemeente else bag.gemeente_of_ids(ids)
    prov = Provenance(
        source=f"BAG panden (Kadaster){' ' + gemeente if gemeente else ''}",
        table_id=args.file.name,
        year=None,
        retrieved=date.today().isoformat(),
        licence=bag.BAG_LICENCE,
        origin=str(args.file),
        note="; ".join(read.notes),
    )
    infos = open_store().write(_batch(read, prov))
    print(f"ok  {args.file.name}: {_counts(read, infos)} ({_read_counts(read)})")
    for note in read.notes:
        print(f"  {note}")
    return 0


def run_fetch(args: argparse.Namespace) -> int:
    import geopandas as gpd

    store = open_store()
    code = args.area.strip().upper()
    area = store.areas(codes=[code])
    area = area[area.geometry.notna()]
    if area.empty:
        raise NotInStore(
            f"De grens van {code} staat niet in de opslag; haal eerst de gebieden op "
            f"('transitieatlas fetch --gemeente ...' of 'transitieatlas import')."
        )
    read = bag_pdok.fetch_bag(tuple(area.total_bounds), progress=print)
    panden = read.buildings
    inside = gpd.sjoin(
        gpd.GeoDataFrame(geometry=panden.geometry.centroid, crs=panden.crs),
        area[["geometry"]],
        predicate="within",
    )
    read.buildings = panden[panden.index.isin(inside.index)].reset_index(drop=True)
    if read.units is not None and not read.units.empty:
        units = read.units
        kept = units["pand_id"].fillna("").str.split(",").map(
            lambda ids: bool(set(ids) & set(read.buildings["id"]))
        )  # fmt: skip
        within = units.geometry.within(area.geometry.union_all())
        read.units = units[kept | within].reset_index(drop=True)
    prov = Provenance(
        source=f"BAG panden (Kadaster) {code}",
        table_id="pdok-bag-ogc-pand",
        year=date.today().year,
        retrieved=date.today().isoformat(),
        licence=bag.BAG_LICENCE + "; via PDOK",
        origin=bag_pdok.base_url(),
        note="; ".join(read.notes),
    )
    infos = store.write(_batch(read, prov))
    print(
        f"ok  {_counts(read, infos)} van {code} opgeslagen ({read.read} panden en "
        f"{read.units_read} verblijfsobjecten in het kader opgehaald)"
    )
    for note in read.notes:
        print(f"  {note}")
    return 0


def _batch(read: bag.BagRead, prov: Provenance) -> ImportBatch:
    """Panden and verblijfsobjecten of one file or fetch as one all-or-nothing write."""
    batch = ImportBatch()
    if not read.buildings.empty or read.units is None:
        batch.add("buildings", read.buildings, prov)
    if read.units is not None:
        unit_prov = replace(
            prov,
            source=prov.source.replace("BAG panden", "BAG verblijfsobjecten"),
            table_id=prov.table_id.replace("ogc-pand", "ogc-verblijfsobject"),
        )
        batch.add("units", read.units, unit_prov)
    return batch


def _counts(read: bag.BagRead, infos: list) -> str:
    rows = {info.kind: info.rows for info in infos}
    parts = []
    if "buildings" in rows:
        parts.append(f"{rows['buildings']} panden")
    if "units" in rows:
        parts.append(f"{rows['units']} verblijfsobjecten")
    return " en ".join(parts)


def _read_counts(read: bag.BagRead) -> str:
    parts = [f"{read.read} gelezen"] if read.read else []
    if read.units is not None:
        parts.append(f"{read.units_read} verblijfsobjecten gelezen")
    return ", ".join(parts) or "0 gelezen"
