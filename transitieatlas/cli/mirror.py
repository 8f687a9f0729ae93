"""``transitieatlas mirror [--path P] [--if-empty]``: import the offline mirror into the store.

The mirror is a folder of previously downloaded open-data files (``TRANSITIEATLAS_MIRROR``,
default ``../shared/data`` beside the checkout). ``make run`` calls this command with
``--if-empty`` before starting the app, so a fresh clone opens on real data without
network. With no mirror the command explains how to get data and exits 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from transitieatlas import config
from transitieatlas.store import importing
from transitieatlas.store.opendata import open_store

NO_MIRROR = """Er is geen map met eerder gedownloade open data (offline spiegel) gevonden.
Zo komt u aan gegevens:
  1. Met internet: transitieatlas fetch --gemeente GM0080 --year 2024
     (cijfers van het CBS en kaarten van PDOK; vervang GM0080 door uw gemeentecode).
  2. Zonder internet: zet de map met bestanden neer als ../shared/data naast deze map,
     of wijs ernaar met TRANSITIEATLAS_MIRROR=/pad/naar/map, en draai transitieatlas mirror.
  3. Eigen bestanden: transitieatlas import bestand.gpkg tabel.xlsx ...
De app start ook zonder gegevens en legt daar hetzelfde uit."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "mirror", help="de offline spiegel met open-databestanden in de lokale opslag zetten"
    )
    parser.add_argument("--path", default=None, help="map van de spiegel (standaard de ingestelde)")
    parser.add_argument(
        "--if-empty",
        action="store_true",
        help="niets doen als de lokale opslag al gegevens heeft (gebruikt door make run)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    folder = Path(args.path) if args.path else config.mirror_dir()
    if folder is None or not folder.is_dir():
        if args.path:
            print(f"Map {args.path} bestaat niet.")
        print(NO_MIRROR)
        return 0
    store = open_store()
    if args.if_empty and not store.is_empty():
        print(
            f"De lokale opslag heeft al gegevens ({len(store.datasets())} datasets); niets gedaan."
        )
        return 0
    print(f"Spiegel {folder} importeren …", flush=True)
    summaries = importing.import_mirror(
        folder, store, progress=lambda line: print(line, flush=True)
    )
    failed = [s for s in summaries if s.error]
    imported = [s for s in summaries if s.datasets]
    for summary in summaries:
        if summary.unmapped:
            print(f"    {summary.file}: niet gekoppelde kolommen: {', '.join(summary.unmapped)}")
    print(
        f"Klaar: {len(imported)} bestanden geïmporteerd, "
        f"{sum(1 for s in summaries if s.skipped)} overgeslagen, {len(failed)} met een fout."
    )
    if failed:
        print(
            f"transitieatlas: {len(failed)} bestand(en) uit de spiegel niet geïmporteerd.",
            file=sys.stderr,
        )
    return 1 if failed and not imported else 0
