"""``transitieatlas check --offline [PRESENTATIE]``: the checklist before the evening.

Renders every screen of the presentation (default: the default presentation) from the local
store with every connection to another machine refused, and checks that the map assets and
settings need no internet. Prints a Dutch checklist; exit code 1 when anything is missing.
"""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check", help="controleren of de informatieavond zonder internet kan (--offline)"
    )
    parser.add_argument("presentation", nargs="?", metavar="PRESENTATIE")
    parser.add_argument(
        "--offline", action="store_true", help="controleren zonder netwerk (verplicht)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from transitieatlas.errors import InputError
    from transitieatlas.evening import preflight, presentations
    from transitieatlas.store.opendata import open_store

    if not args.offline:
        raise InputError("Alleen de offline controle bestaat: transitieatlas check --offline")
    pres = presentations.get_presentation(args.presentation)
    print(f"Controle voor de informatieavond: presentatie '{pres.name}' ({pres.area_code})")
    checks = preflight.run_checks(open_store(), pres)
    for check in checks:
        print(check.line())
    problems = sum(1 for c in checks if not c.ok)
    if problems:
        print(f"{problems} probleem/problemen: los ze op en controleer opnieuw.")
        return 1
    print("Alles in orde: de avond kan zonder internet.")
    return 0
