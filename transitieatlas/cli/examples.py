"""``transitieatlas examples AREA --group G [--participation 0.5] --format json|csv``: worked
examples (rekenvoorbeelden) per demand group. See ``docs/methode-rekenvoorbeelden.md``."""

from __future__ import annotations

import argparse
import csv
import json
import sys

from transitieatlas.csvsafe import guard_mapping
from transitieatlas.finance import service


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "examples",
        help="rekenvoorbeelden per vraaggroep: investering, lasten, energierekening, netto maandlast",
        description="Rekenvoorbeelden (collectief en individueel) voor één vraaggroep van een gebied. "
        "Methode en bronnen: docs/methode-rekenvoorbeelden.md.",
    )
    parser.add_argument("area", help="gemeente- of buurtcode, bijvoorbeeld GM0080 of BU00801001")
    parser.add_argument(
        "--group",
        required=True,
        help="code van de vraaggroep, bijvoorbeeld eengezins of meergezins (een onbekende code toont de keuzes)",
    )
    parser.add_argument(
        "--level",
        choices=["auto", "buurt", "pand"],
        default="auto",
        help="auto (standaard): pand als de lokale opslag BAG-panden van het gebied heeft, anders buurt",
    )
    parser.add_argument(
        "--bron",
        choices=["auto", *service.SOURCES],
        default="auto",
        help="vraaggroepen uit de PBL Startanalyse of uit de segmentatie (standaardschema) in de "
        "lokale opslag; auto (standaard): segmentatie op pandniveau, anders de Startanalyse",
    )
    parser.add_argument(
        "--participation", type=float, default=1.0, help="deelname als fractie 0–1 (standaard 1)"
    )
    parser.add_argument("--format", choices=["json", "csv"], default="json")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    level, source = service.resolve(args.area, args.level, args.bron)
    view = service.group_view(args.area, args.group, level, source)
    exs = service.examples(view, args.participation)
    payload = service.examples_payload(args.area.strip().upper(), view, args.participation, exs)
    if args.format == "json":
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    rows = service.examples_rows(payload)
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(guard_mapping(r) for r in rows)
    return 0
