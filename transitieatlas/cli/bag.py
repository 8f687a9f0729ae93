"""``transitieatlas bag import FILE [--gemeente GMxxxx]``: BAG panden into the local store.

Reads the Kadaster LV BAG extract (zip/xml), the BAG GeoPackage of PDOK or a GeoPackage /
GeoJSON layer in the PDOK WFS schema (:mod:`transitieatlas.sources.bag`); only current,
existing panden. ``--gemeente`` refuses a file of another gemeente.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from transitieatlas.sources import bag
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
