"""``transitieatlas present list|save|export``: presentations for the information evening.

``present save NAAM --gebied GM0080 --scherm tekst:taakdemocratie --scherm kaart:pct_koopwoningen``
stores an ordered list of screens; ``present export [NAAM] --format html|pdf`` writes it.

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
    save = commands.add_parser("save", help="een presentatie opslaan (of vervangen)")
    save.add_argument("name", metavar="NAAM")
    save.add_argument("--gebied", required=True, help="gemeente-, wijk- of buurtcode (GM0080)")
    save.add_argument("--titel", default="")
    save.add_argument(
        "--scherm",
        action="append",
        required=True,
        metavar="SOORT[:WAARDE]",
        help="scherm, in volgorde; herhaal: tekst:taakdemocratie, kerncijfers, "
        "kaart:pct_koopwoningen, warmtevraag, warmtenet, transitiekaart, "
        "vraaggroepen[:buurt|cel|pand], uitslag[:RONDE], enquete:NAAM",
    )
    save.set_defaults(func=run_save)
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


def parse_screen(text: str) -> dict:
    """``kaart:pct_koopwoningen`` → ``{"kind": "kaart", "indicator": "pct_koopwoningen"}``."""
    kind, _, value = text.partition(":")
    kind = kind.strip()
    if not value:
        return {"kind": kind}
    key = {"tekst": "text", "enquete": "survey", "uitslag": "round", "vraaggroepen": "niveau"}.get(
        kind, "indicator"
    )
    return {"kind": kind, key: int(value) if key == "round" and value.isdigit() else value.strip()}


def run_save(args: argparse.Namespace) -> int:
    import getpass

    from transitieatlas.accounts.auth import UserInfo
    from transitieatlas.evening import presentations

    user = UserInfo(name=f"{getpass.getuser()} (CLI)", role="admin")  # as `actors import`
    pres = presentations.save_presentation(
        args.name, args.titel, args.gebied, [parse_screen(s) for s in args.scherm], user=user
    )
    print(
        f"Presentatie '{pres.name}' opgeslagen: {len(pres.screens)} schermen, gebied {pres.area_code}."
    )
    print(f'Controleer haar vooraf met: transitieatlas check --offline "{pres.name}"')
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
