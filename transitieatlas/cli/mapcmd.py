"""``transitieatlas map export AREA --indicator NAME --format html|png [--output F]``.

One map to take home: a standalone HTML file (folium, Leaflet inlined: opens without
internet) or a PNG for slides and the newsletter. AREA is a gemeente (its buurten), a wijk
(its buurten) or a buurt. Default file name: ``kaart-AREA-INDICATOR.html|png``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from transitieatlas.profile.choropleth import SCHEMES


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("map", help="een kaart als los HTML- of PNG-bestand")
    commands = parser.add_subparsers(dest="map_command", metavar="OPDRACHT", required=True)
    export = commands.add_parser(
        "export", help="kaart van één indicator als HTML (werkt offline) of PNG"
    )
    export.add_argument("area", metavar="GEBIED", help="gemeente-, wijk- of buurtcode (GM0080)")
    export.add_argument("--indicator", required=True, help="indicator, bv. pct_koopwoningen")
    export.add_argument("--format", choices=["html", "png"], default="html")
    export.add_argument("--year", type=int, default=None, help="jaar (standaard: nieuwste)")
    export.add_argument("--scheme", choices=list(SCHEMES), default="quantiles")
    export.add_argument("--klassen", type=int, default=5, help="aantal klassen (2-9)")
    export.add_argument("--output", "-o", help="bestand (standaard kaart-GEBIED-INDICATOR.*)")
    export.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    from transitieatlas.evening import mapdata, mapexport
    from transitieatlas.profile.choropleth import check_scheme
    from transitieatlas.store.opendata import open_store

    check_scheme(args.scheme, args.klassen)
    data = mapdata.load_map_data(open_store(), args.area, args.indicator, args.year)
    output = Path(args.output or f"kaart-{data.area_code}-{args.indicator}.{args.format}")
    if args.format == "html":
        content = mapexport.folium_html(data, args.scheme, args.klassen).encode("utf-8")
    else:
        content = mapexport.map_png(data, args.scheme, args.klassen)
    tmp = output.with_name(f".{output.name}.tmp")
    tmp.write_bytes(content)
    tmp.replace(output)  # never a half-written file
    print(f"Kaart geschreven: {output}", file=sys.stderr)
    return 0
