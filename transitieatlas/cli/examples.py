"""``transitieatlas examples AREA --group G [--participation 0.5] --format json|csv``: worked
examples (rekenvoorbeelden) per demand group. See ``docs/methode-rekenvoorbeelden.md``."""

from __future__ import annotations

import argparse
import csv
import json
import sys

from transitieatlas.csvsafe import guard_mapping
from transitieatlas.errors import InputError
from transitieatlas.finance import service
from transitieatlas.finance.examples import Configuration, check_participation, settings


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
    add_settings_argument(parser)
    parser.add_argument(
        "--configuratie",
        help="reken ook deze configuratie door (naam uit data/finance_packages.csv, "
        "bijvoorbeeld hybride_isolatie_d); een onbekende naam toont de keuzes",
    )
    parser.add_argument(
        "--samenwerking", default="individueel", help="samenwerkingsvorm bij --configuratie"
    )
    parser.add_argument(
        "--financiering", default="energiebespaarlening", help="financiering bij --configuratie"
    )
    parser.add_argument("--format", choices=["json", "csv"], default="json")
    parser.set_defaults(func=run)


def add_settings_argument(parser: argparse.ArgumentParser) -> None:
    """``--set NAAM=WAARDE`` (repeatable): a price or parameter of data/finance_constants.csv."""
    parser.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="NAAM=WAARDE",
        help="wijzig een prijs of parameter uit data/finance_constants.csv, bijvoorbeeld "
        "--set price_gas_eur_per_m3=1,45, of de rente (fractie per jaar) en looptijd (jaren) van "
        "een financieringsvorm uit data/finance_financing.csv: --set rate_hypotheek=0,045 "
        "--set term_years_hypotheek=20 (herhaalbaar)",
    )


def parse_settings(items: list[str]) -> dict[str, float]:
    """``["naam=1,45", …]`` → ``{"naam": 1.45}``; a malformed item is one Dutch message.

    >>> parse_settings(["price_gas_eur_per_m3=1,45", "hp_min_kw = 5"])
    {'price_gas_eur_per_m3': 1.45, 'hp_min_kw': 5.0}
    """
    out: dict[str, float] = {}
    for item in items:
        name, sep, value = item.partition("=")
        try:
            if not sep or not name.strip():
                raise ValueError
            out[name.strip()] = float(value.strip().replace(",", "."))
        except ValueError:
            raise InputError(
                f"'{item}' is geen instelling: schrijf NAAM=WAARDE, bijvoorbeeld "
                "price_gas_eur_per_m3=1,45."
            ) from None
    return out


def run(args: argparse.Namespace) -> int:
    overrides = parse_settings(args.settings)
    settings(overrides)  # refuse bad prices before the (slower) groups are built
    check_participation(args.participation)
    level, source = service.resolve(args.area, args.level, args.bron)
    view = service.group_view(args.area, args.group, level, source)
    confs = service.default_configurations(view)
    if args.configuratie:
        confs.append(
            Configuration(args.configuratie, args.samenwerking, ((args.financiering, 1.0),))
        )
    exs = service.examples(view, args.participation, confs, overrides)
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
