"""``transitieatlas bag import FILE [--gemeente GMxxxx]``: BAG panden into the local store.

Reads the Kadaster LV BAG extract (zip/xml), the BAG GeoPackage of PDOK or a GeoPackage /
GeoJSON layer in the PDOK WFS schema (:mod:`transitieatlas.sources.bag`); only current,
existing panden. ``--gemeente`` refuses a file of another gemeente.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from transitieatlas.errors import NotInStore
from transitieatlas.sources import bag, bag_pdok
from transitieatlas.store.opendata import ImportBatch, Provenance, open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "bag",
        help="BAG-panden (gebouwen) inlezen",
        description="BAG-panden (Kadaster) in de lokale opslag zetten: alleen actuele, "
        "bestaande panden; bouwjaar 9999 telt als onbekend.",
    )
    sub = parser.add_subparsers(dest="bag_command", metavar="ACTIE", required=True)
    imp = sub.add_parser("import", help="een BAG-bestand inlezen (LV BAG-zip, GeoPackage, GeoJSON)")
    imp.add_argument("file", type=Path, help="het bestand")
    imp.add_argument("--gemeente", default=None, help="weiger een bestand van een andere gemeente")
    imp.set_defaults(func=run_import)
    fetch = sub.add_parser("fetch", help="BAG-panden van een gemeente of buurt ophalen bij PDOK")
    fetch.add_argument("area", help="gemeentecode of buurtcode waarvan de grens in de opslag staat")
    fetch.set_defaults(func=run_fetch)


def run_import(args: argparse.Namespace) -> int:
    read = bag.read_bag(args.file, gemeente=args.gemeente)
    gemeente = args.gemeente.upper() if args.gemeente else bag.gemeente_of_ids(read.buildings["id"])
    prov = Provenance(
        source=f"BAG panden (Kadaster){' ' + gemeente if gemeente else ''}",
        table_id=args.file.name,
        year=None,
        retrieved=date.today().isoformat(),
        licence=bag.BAG_LICENCE,
        origin=str(args.file),
        note="; ".join(read.notes),
    )
    (info,) = open_store().write(ImportBatch().add("buildings", read.buildings, prov))
    print(f"ok  {args.file.name}: {info.rows} panden ({read.read} gelezen)")
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
    read = bag_pdok.fetch_panden(tuple(area.total_bounds), progress=print)
    panden = read.buildings
    inside = gpd.sjoin(
        gpd.GeoDataFrame(geometry=panden.geometry.centroid, crs=panden.crs),
        area[["geometry"]],
        predicate="within",
    )
    panden = panden[panden.index.isin(inside.index)].reset_index(drop=True)
    prov = Provenance(
        source=f"BAG panden (Kadaster) {code}",
        table_id="pdok-bag-ogc-pand",
        year=date.today().year,
        retrieved=date.today().isoformat(),
        licence=bag.BAG_LICENCE + "; via PDOK",
        origin=bag_pdok.base_url(),
        note="; ".join(read.notes),
    )
    (info,) = store.write(ImportBatch().add("buildings", panden, prov))
    print(f"ok  {info.rows} panden van {code} opgeslagen ({read.read} in het kader opgehaald)")
    return 0
