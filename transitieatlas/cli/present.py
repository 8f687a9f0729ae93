"""``transitieatlas present list`` and ``transitieatlas present export [NAAM] --format html|pdf``.

Without a name the default presentation (the evening for the default area, Leeuwarden) is
used. HTML is one self-contained file (maps included, no reference outside the file) that
runs in a browser without the app or network; PDF has one 16:9 page per screen.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("present", help="presentaties voor de informatieavond")
    commands = parser.add_subparsers(dest="present_command", metavar="OPDRACHT", required=True)
    listing = commands.add_parser("list", help="opgeslagen presentaties en hun schermen")
    listing.set_defaults(func=run_list)
    export = commands.add_parser("export", help="presentatie als los HTML-bestand of PDF")
    export.add_argument("name", nargs="?", metavar="NAAM", help="naam (standaard: de standaard)")
    export.add_argument("--format", choices=["html", "pdf"], default="html")
    export.add_argument("--output", "-o", help="bestand (standaard presentatie-NAAM.html|pdf)")
    export.set_defaults(func=run_export)


def run_list(args: argparse.Namespace) -> int:
    from transitieatlas.evening import presentations, screens

    for p in presentations.list_presentations():
        print(f"{p.name} · {p.title} · gebied {p.area_code}")
        for i, spec in enumerate(p.screens, start=1):
            print(f"  {i}. {screens.describe(spec)}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from transitieatlas.evening import deck, presentations
    from transitieatlas.store.opendata import open_store

    pres = presentations.get_presentation(args.name)
    slides = presentations.render_all(open_store(), pres)
    if args.format == "html":
        content = deck.deck_html(pres.title, slides).encode("utf-8")
    else:
        content = deck.deck_pdf(pres.title, slides)
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in pres.name)
    output = Path(args.output or f"presentatie-{safe}.{args.format}")
    tmp = output.with_name(f".{output.name}.tmp")
    tmp.write_bytes(content)
    tmp.replace(output)  # never a half-written file
    print(f"Presentatie geschreven: {output} ({len(slides)} schermen)", file=sys.stderr)
    return 0
