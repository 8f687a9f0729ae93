"""``transitieatlas dashboard AREA --format json|csv``: the council's indicator dashboard.

AREA is the name of a saved gebiedsafbakening or area code(s) separated by commas. Every
active indicator gives one row: ``name,unit,source,owner,direction,latest_value,
latest_date,target,target_date,progress,trend,gemeente,nederland`` (see docs/raad.md).
Computed indicators (heat demand, demand groups) are computed from the store on the spot;
when one cannot be, its note goes to stderr.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import io
import json
import sys

from transitieatlas.accounts.auth import UserInfo
from transitieatlas.csvsafe import guard_mapping


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``dashboard`` subcommand."""
    parser = subparsers.add_parser(
        "dashboard", help="dashboard van duurzaamheidsindicatoren van de raad (JSON of CSV)"
    )
    parser.add_argument("area", metavar="GEBIED", help="naam van een opgeslagen gebied of code(s)")
    parser.add_argument("--format", choices=["json", "csv"], default="json")
    parser.add_argument(
        "--start-indicators",
        action="store_true",
        help="voeg eerst de voorgestelde startindicatoren toe (data/council_start_indicators.csv)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from transitieatlas.council import indicator_repo
    from transitieatlas.council.dashboard import CSV_COLUMNS
    from transitieatlas.store.opendata import open_store

    if args.start_indicators:
        admin = UserInfo(name=f"{getpass.getuser()} (CLI)", role="admin")
        for name in indicator_repo.seed_start_indicators(user=admin):
            print(f"Toegevoegd: {name}", file=sys.stderr)
    area = indicator_repo.resolve_area(args.area)
    rows = indicator_repo.dashboard(area, open_store())
    for row in rows:  # why a computed indicator has no value (heat demand, demand groups)
        if row.get("note"):
            print(f"let op: {row['name']}: {row['note']}", file=sys.stderr)
    if args.format == "json":
        out = {"area": area.name, "codes": list(area.codes), "indicators": rows}
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1, default=str) + "\n")
        return 0
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(guard_mapping(r) for r in rows)
    sys.stdout.write(buffer.getvalue())
    return 0
