"""``transitieatlas wup AREA --format html|pdf``: the concept-WUP, and ``transitieatlas market
AREA``: the market size for the open invitation to suppliers (CSV or a one-page text)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from transitieatlas.cli.examples import add_settings_argument, parse_settings
from transitieatlas.csvsafe import frame_to_csv
from transitieatlas.db import wup as wup_db
from transitieatlas.finance import market, service, wup
from transitieatlas.finance.examples import check_participation, settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "wup",
        help="concept-wijkuitvoeringsplan als HTML of PDF",
        description="Het concept-WUP: vraaggroepen, technieken, rekenvoorbeelden, deelname, "
        "solidariteit, markt en de teksten van de raad. Methode: docs/methode-rekenvoorbeelden.md.",
    )
    _common(parser)
    parser.add_argument("--format", choices=["html", "pdf"], default="html")
    parser.add_argument("--output", "-o", type=Path, help="bestand (standaard: wup-AREA.html/.pdf)")
    parser.set_defaults(func=run_wup)

    mparser = subparsers.add_parser(
        "market",
        help="omvang van de markt per techniek en vraaggroep (open uitnodiging aan leveranciers)",
    )
    _common(mparser)
    mparser.add_argument("--format", choices=["csv", "text"], default="csv")
    mparser.set_defaults(func=run_market)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("area", help="gemeente- of buurtcode, bijvoorbeeld GM0080")
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
        help="auto (standaard): segmentatie op pandniveau als de opslag panden heeft, anders Startanalyse",
    )
    parser.add_argument("--participation", type=float, default=1.0, help="deelname 0–1")
    add_settings_argument(parser)


def run_wup(args: argparse.Namespace) -> int:
    area = args.area.strip().upper()
    overrides = parse_settings(args.settings)
    settings(overrides)
    check_participation(args.participation)
    level, source = service.resolve(area, args.level, args.bron)
    views = service.area_groups(area, level, source)
    texts = wup_db.current_sections(area)
    sections = [(key, head, texts.get(key, "")) for key, head in wup_db.SECTIONS.items()]
    html = wup.render_html(
        area,
        views,
        sections,
        args.participation,
        overrides,
        map_frame=service.map_frame(area, level, source),
        context=service.area_context(area, level),
    )
    output = args.output or Path(f"wup-{area}.{args.format}")
    if args.format == "html":
        output.write_text(html, encoding="utf-8")
    else:
        output.write_bytes(wup.render_pdf(html))
    print(f"Concept-WUP geschreven naar {output}", file=sys.stderr)
    return 0


def run_market(args: argparse.Namespace) -> int:
    area = args.area.strip().upper()
    c = settings(parse_settings(args.settings))
    check_participation(args.participation)
    views = service.area_groups(area, *service.resolve(area, args.level, args.bron))
    items = [(v.group, v.household, service.default_configurations(v)[0]) for v in views]
    table = market.market_size(items, args.participation, c)
    if args.format == "csv":
        frame_to_csv(table, sys.stdout)
    else:
        print(market.invitation_text(area, table))
    return 0
