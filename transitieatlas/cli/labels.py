"""``transitieatlas labels import FILE``: EP-Online energy labels into the local store.

Reads RVO's EP-Online export (:mod:`transitieatlas.sources.eponline`), keeps the latest label
per BAG object and stores the labels of the BAG panden already in the store
(:mod:`transitieatlas.store.labels`). A file without any label of a pand in the store is
refused; nothing is written then.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from transitieatlas.store.labels import import_labels
from transitieatlas.store.opendata import open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "labels",
        help="energielabels (EP-Online) inlezen",
        description="Energielabels uit de EP-Online-export van RVO (CSV met ';') koppelen aan de "
        "BAG-panden in de lokale opslag; per object telt het nieuwste label.",
    )
    sub = parser.add_subparsers(dest="labels_command", metavar="ACTIE", required=True)
    imp = sub.add_parser("import", help="een EP-Online-bestand inlezen")
    imp.add_argument("file", type=Path, help="het CSV-bestand van EP-Online")
    imp.set_defaults(func=run_import)


def run_import(args: argparse.Namespace) -> int:
    info, read, notes = import_labels(args.file, open_store())
    panden = info.rows
    print(f"ok  {args.file.name}: {panden} labels opgeslagen ({read.read} regels gelezen)")
    for note in notes:
        print(f"  {note}")
    return 0
