"""``transitieatlas areas GMxxxx --level buurt|wijk --format csv|json``: the areas of a gemeente."""

from __future__ import annotations

import argparse
import json
import sys

from transitieatlas.areas.codes import areas_table, validate_code
from transitieatlas.csvsafe import frame_to_csv
from transitieatlas.errors import NotInStore
from transitieatlas.store.opendata import open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("areas", help="gebieden van een gemeente als CSV of JSON")
    parser.add_argument("gemeente", help="gemeentecode, bijvoorbeeld GM0080")
    parser.add_argument("--level", choices=["buurt", "wijk", "gemeente"], default="buurt")
    parser.add_argument("--format", choices=["csv", "json"], default="csv")
    parser.add_argument(
        "--year", type=int, default=None, help="indeling van dit jaar (standaard: nieuwste)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    gemeente = validate_code(args.gemeente, "gemeente")
    store = open_store()
    areas = store.areas(level=args.level, gemeente=gemeente, year=args.year)
    if areas.empty:
        raise NotInStore(
            f"Geen {args.level}en van {gemeente} in de lokale opslag. "
            f"Haal ze op met 'transitieatlas fetch --gemeente {gemeente} --year 2024' "
            "of importeer bestanden met 'transitieatlas import PAD'."
        )
    figures = store.figures(codes=areas["code"], indicators=["oppervlakte_totaal_ha"])
    table = areas_table(areas, figures)
    if args.format == "csv":
        frame_to_csv(table, sys.stdout)
    else:
        json.dump(table.to_dict(orient="records"), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    return 0
