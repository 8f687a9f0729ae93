"""``transitieatlas segment AREA [--scheme FILE | --saved-scheme NAME[@VERSION]]
[--business-park NAME ...] [--business-park-file FILE ...] [--level pand|cel|buurt]
[--natural-moments] --format csv|json``.

One row per demand group with :data:`transitieatlas.segmentation.COLUMNS` (``--natural-moments``
appends ``buyers_per_year`` and ``new_build_buildings``); JSON also gives the surplus heat per
group (``surplus_sources``, ``surplus_mw``, ``surplus_gj``). AREA is a gemeente code, a buurt code
or a saved gebied's name; saved schemes and business parks come from the database (made on the
Vraaggroepen page), parks also straight from GeoJSON/GeoPackage files. At cel and buurt level a
park splits each area by the share of its area inside (:mod:`transitieatlas.segmentation.
parkshare`). Method: ``docs/methode-vraaggroepen.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

from transitieatlas import segmentation
from transitieatlas.csvsafe import frame_to_csv
from transitieatlas.errors import InputError
from transitieatlas.segmentation import repo
from transitieatlas.segmentation.groups import JSON_COLUMNS, SURPLUS_COLUMNS, TABLE_COLUMNS
from transitieatlas.store.opendata import open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "segment",
        help="vraaggroepen: gebouwen en woningen per groep met warmtevraag en investeringsruimte",
        description="Deel de gebouwen of woningen van een gebied in vraaggroepen in (eerste regel "
        "die past wint) en geef per groep aantallen, warmtevraag (GJ/jaar) en investeringsruimte "
        "(€, laag–hoog). Methode en bronnen: docs/methode-vraaggroepen.md.",
    )
    parser.add_argument(
        "area", help="gemeentecode (GM0221), buurtcode of naam van een opgeslagen gebied"
    )
    parser.add_argument(
        "--scheme", type=Path, default=None,
        help="indeling als JSON-bestand (standaard: data/vraaggroepen_standaard.json)",
    )  # fmt: skip
    parser.add_argument(
        "--level", choices=[*segmentation.LEVELS, "auto"], default="auto",
        help="pand, cel (100 m-vierkant) of buurt; standaard het fijnste dat er is",
    )  # fmt: skip
    parser.add_argument(
        "--saved-scheme", default=None, metavar="NAAM[@VERSIE]",
        help="een in de app opgeslagen indeling (standaard de nieuwste versie)",
    )  # fmt: skip
    parser.add_argument(
        "--business-park", action="append", default=[], metavar="NAAM",
        help="opgeslagen bedrijventerrein voor de regel 'op een bedrijventerrein' (herhaalbaar); "
        "per vierkant of buurt naar het deel van de oppervlakte op het terrein",
    )  # fmt: skip
    parser.add_argument(
        "--business-park-file", action="append", default=[], type=Path, metavar="BESTAND",
        help="bedrijventerrein uit een GeoJSON- of GeoPackage-bestand, zonder het op te slaan "
        "(herhaalbaar)",
    )  # fmt: skip
    parser.add_argument(
        "--natural-moments", action="store_true",
        help="ook kopers van een bestaande woning per jaar (schatting) en nieuwbouwpanden",
    )  # fmt: skip
    parser.add_argument("--format", choices=["csv", "json"], default="csv")
    parser.add_argument("--output", type=Path, default=None, help="schrijf naar dit bestand")
    parser.add_argument(
        "--enquete",
        metavar="NAAM",
        help="voeg de belangstelling uit deze enquête toe (kolom survey_interest)",
    )
    parser.set_defaults(func=run)


def _scheme(args: argparse.Namespace) -> segmentation.Scheme:
    if args.scheme and args.saved_scheme:
        raise InputError(
            "Kies --scheme (een bestand) of --saved-scheme (opgeslagen), niet allebei."
        )
    if args.saved_scheme:
        name, _, version = str(args.saved_scheme).partition("@")
        if version and not version.isdigit():
            raise InputError(f"'{version}' is geen versienummer (bijvoorbeeld Wijkraad@2).")
        return repo.load_scheme(name, int(version) if version else None)
    return segmentation.load_scheme(args.scheme) if args.scheme else segmentation.default_scheme()


def _parks(args: argparse.Namespace) -> gpd.GeoDataFrame | None:
    """The saved (``--business-park``) and file (``--business-park-file``) parks, or None."""
    frames = [repo.load_parks(args.business_park)] if args.business_park else []
    if args.business_park_file:
        frames.append(repo.parks_from_files(args.business_park_file))
    if not frames:
        return None
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=repo.RD_NEW)


def run(args: argparse.Namespace) -> int:
    scheme = _scheme(args)
    parks = _parks(args)
    result = segmentation.segment(open_store(), args.area, scheme, args.level, parks)
    if args.natural_moments:
        columns = TABLE_COLUMNS if args.format == "json" else TABLE_COLUMNS[: -len(SURPLUS_COLUMNS)]
    else:
        columns = JSON_COLUMNS if args.format == "json" else segmentation.COLUMNS
    table = segmentation.to_frame(result.results, columns)
    if args.enquete:
        from transitieatlas.evening import survey_repo
        from transitieatlas.segmentation import export

        interest, _ = survey_repo.group_interest(args.enquete)
        table = export.with_interest(table, interest)
    handle = args.output.open("w", encoding="utf-8", newline="") if args.output else sys.stdout
    try:
        if args.format == "csv":
            frame_to_csv(table, handle, float_format="%.3f")
        else:
            records = json.loads(table.to_json(orient="records", force_ascii=False))
            json.dump(records, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
    except BrokenPipeError:  # piped into `head`
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
    finally:
        if args.output:
            handle.close()
    for note in [*result.notes, *result.surplus_notes]:
        print(f"let op: {note}", file=sys.stderr)
    return 0
