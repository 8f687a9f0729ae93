"""``transitieatlas segment AREA [--scheme FILE] [--level pand|cel|buurt] --format csv|json``.

One row per demand group with :data:`transitieatlas.segmentation.COLUMNS`. AREA is a gemeente
code, a buurt code or a saved gebied's name. Method: ``docs/methode-vraaggroepen.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from transitieatlas import segmentation
from transitieatlas.csvsafe import frame_to_csv
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
    parser.add_argument("--format", choices=["csv", "json"], default="csv")
    parser.add_argument("--output", type=Path, default=None, help="schrijf naar dit bestand")
    parser.add_argument(
        "--enquete",
        metavar="NAAM",
        help="voeg de belangstelling uit deze enquête toe (kolom survey_interest)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    scheme = segmentation.load_scheme(args.scheme) if args.scheme else segmentation.default_scheme()
    result = segmentation.segment(open_store(), args.area, scheme, args.level)
    table = segmentation.to_frame(result.results)
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
    for note in result.notes:
        print(f"let op: {note}", file=sys.stderr)
    return 0
