"""``transitieatlas profile CODE [--year YYYY] --format json|html|pdf [--output F]``: the area profile.

CODE is a gemeente, wijk or buurt code; several codes (or ``--gebied NAAM``, a saved
gebiedsafbakening) give the profile of the set. JSON and HTML go to stdout unless
``--output`` is given; a PDF needs ``--output`` or is written to ``profiel-CODE-JAAR.pdf``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from transitieatlas.errors import InputError
from transitieatlas.profile.choropleth import SCHEMES, scheme_names
from transitieatlas.store.opendata import open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "profile", help="gebiedsprofiel (wijk- of dorpsprofiel) als JSON, HTML of PDF"
    )
    parser.add_argument(
        "codes", nargs="*", metavar="CODE", help="gebiedscode(s), bijvoorbeeld GM0080 of BU00800000"
    )
    parser.add_argument("--gebied", help="naam van een opgeslagen gebiedsafbakening")
    parser.add_argument("--year", type=int, default=None, help="peiljaar (standaard: nieuwste)")
    parser.add_argument("--format", choices=["json", "html", "pdf"], default="json")
    parser.add_argument("--output", "-o", help="bestand om naar te schrijven")
    parser.add_argument("--indicator", help="indicator voor de kaart in HTML/PDF")
    parser.add_argument(
        "--scheme",
        choices=scheme_names(),
        default="quantiles",
        help="klasse-indeling: " + "; ".join(f"{s.name}: {s.label}" for s in SCHEMES.values()),
    )
    parser.add_argument("--klassen", type=int, default=5, help="aantal klassen op de kaart (2-9)")
    parser.set_defaults(func=run)


def _codes(args: argparse.Namespace) -> tuple[list[str], str | None]:
    codes = [c.strip() for arg in args.codes for c in arg.split(",") if c.strip()]
    name = None
    if args.gebied:
        from transitieatlas.db.gebieden import load_afbakening

        saved = load_afbakening(args.gebied)
        codes += saved["codes"]
        name = saved["name"]
    if not codes:
        raise InputError("Geef een gebiedscode (bijvoorbeeld GM0080) of --gebied NAAM.")
    return [
        c.upper() if c[:2].lower() in ("gm", "wk", "bu", "nl") and "-" not in c else c
        for c in codes
    ], name


def run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: every CLI start builds all subcommands' parsers.
    from transitieatlas.profile.build import build_profile, collect
    from transitieatlas.profile.export import profile_html, profile_pdf

    codes, name = _codes(args)
    store = open_store()
    profile = build_profile(codes, collect(store, codes), year=args.year, name=name)
    options = {"map_indicator": args.indicator, "scheme": args.scheme, "k": args.klassen}
    if args.format == "json":
        text = json.dumps(profile.to_json(), ensure_ascii=False, indent=1) + "\n"
        return _emit_text(text, args.output)
    if args.format == "html":
        return _emit_text(profile_html(profile, **options), args.output)
    output = Path(args.output or f"profiel-{codes[0]}-{profile.year}.pdf")
    output.write_bytes(profile_pdf(profile, **options))
    print(f"PDF geschreven: {output}", file=sys.stderr)
    return 0


def _emit_text(text: str, output: str | None) -> int:
    if output:
        Path(output).write_text(text, encoding="utf-8")
        print(f"Geschreven: {output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
