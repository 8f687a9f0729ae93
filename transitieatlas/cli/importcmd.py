"""``transitieatlas import PATH...``: geodata files, key-figure tables or a mirror folder into the store.

Single files are all read first and written together: when one of them cannot be used,
the command stops with one Dutch line naming the file and the store stays as it was.
A folder is imported as an offline mirror, file by file (see ``transitieatlas mirror``).
"""

from __future__ import annotations

import argparse
import sys

from transitieatlas.store import importing
from transitieatlas.store.opendata import open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="bestanden (GeoPackage, GeoJSON, TopoJSON, GeoParquet, CSV, XLSX) of een map importeren",
    )
    parser.add_argument("paths", nargs="+", metavar="PAD", help="bestand(en) of map(pen)")
    parser.add_argument(
        "--source",
        default=None,
        help="kolomindeling voor tabellen (naam van een bestand in transitieatlas/data/column_mappings)",
    )
    parser.add_argument(
        "--gemeente", default=None, help="gemeentecode voor tabellen met buurtnamen, bv. GM0193"
    )
    parser.add_argument("--year", type=int, default=None, help="jaar van de cijfers in een tabel")
    parser.set_defaults(func=run)


def print_summaries(summaries: list[importing.FileSummary]) -> None:
    """One line per file, then the unmapped columns of each file."""
    for summary in summaries:
        print(importing.describe(summary))
        if summary.unmapped:
            print(f"    niet gekoppelde kolommen: {', '.join(summary.unmapped)}")


def run(args: argparse.Namespace) -> int:
    store = open_store()
    options = {"source": args.source, "gemeente": args.gemeente, "year": args.year}
    summaries = importing.import_paths(args.paths, store, options=options)
    print_summaries(summaries)
    failed = [s for s in summaries if s.error]
    rows = sum(s.rows for s in summaries)
    print(f"Klaar: {rows} rijen uit {len(summaries) - len(failed)} bestand(en) opgeslagen.")
    if failed:
        print(
            f"transitieatlas: {len(failed)} bestand(en) niet geïmporteerd (zie FOUT hierboven).",
            file=sys.stderr,
        )
        return 1
    return 0
