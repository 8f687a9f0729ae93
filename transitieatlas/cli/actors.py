"""``transitieatlas actors import|export|backup|restore|list``: the transitiekaart's actors.

The CLI acts as administrator (whoever has the shell has the database); ``--user`` is
the name written into the history.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from transitieatlas.accounts.auth import UserInfo
from transitieatlas.actors import repo as actor_repo
from transitieatlas.actors.model import STATUS_LABELS, parse_file
from transitieatlas.errors import InputError

RESTORE_LABELS = {
    "users": "accounts",
    "actors": "actoren",
    "actor_relations": "relaties",
    "actor_history": "wijzigingen",
    "gebiedsafbakening": "gebiedsafbakeningen",
    "clusters": "clusters",
    "kwesties": "kwesties",
    "vote_rounds": "stemrondes",
    "vote_codes": "stemcodes",
    "vote_ballots": "stembiljetten",
    "vote_receipts": "bewijsnummers",
}
"""Dutch names of the tables in the restore report (others print their table name)."""


def _admin(args: argparse.Namespace) -> UserInfo:
    return UserInfo(name=args.user or f"{getpass.getuser()} (CLI)", role="admin")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "actors", help="actoren van de transitiekaart importeren, exporteren, back-up"
    )
    parser.add_argument(
        "--user", default=None, help="naam voor de geschiedenis (standaard: uw gebruikersnaam)"
    )
    sub = parser.add_subparsers(dest="actors_command", metavar="ACTIE", required=True)

    p = sub.add_parser("import", help="actoren uit CSV, GeoJSON of Excel (.xlsx) toevoegen")
    p.add_argument(
        "file",
        type=Path,
        help="bestand met kolommen name,geleding,kind,description,website,lon,lat,tags",
    )
    p.add_argument(
        "--pending", action="store_true", help="als aanmelding importeren (nog goed te keuren)"
    )
    p.set_defaults(func=run_import)

    p = sub.add_parser("export", help="actoren als CSV of GeoJSON")
    p.add_argument("--format", choices=["csv", "geojson"], default="csv")
    p.add_argument("--output", "-o", type=Path, default=None, help="bestand (standaard: scherm)")
    p.add_argument(
        "--public", action="store_true", help="alleen wat het publiek ziet (goedgekeurd)"
    )
    p.set_defaults(func=run_export)

    p = sub.add_parser(
        "backup",
        help="alles wat gebruikers maakten (actoren, gebieden, kwesties, stemrondes, "
        "stemmen, accounts zonder wachtwoorden) als JSON",
    )
    p.add_argument(
        "--output",
        "-o",
        type=Path,
        default=None,
        help="bestand (standaard: transitieatlas-backup-DATUM.json)",
    )
    p.set_defaults(func=run_backup)

    p = sub.add_parser("restore", help="een back-up terugzetten")
    p.add_argument("file", type=Path)
    p.add_argument("--replace", action="store_true", help="een niet-lege database overschrijven")
    p.set_defaults(func=run_restore)

    p = sub.add_parser("list", help="actoren als tabel op het scherm")
    p.add_argument("--status", choices=["pending", "approved", "rejected"], default=None)
    p.set_defaults(func=run_list)


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise InputError(f"Bestand '{path}' bestaat niet.")
    return path.read_bytes()


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    output.write_text(text, encoding="utf-8", newline="")
    print(f"Geschreven: {output}", file=sys.stderr)


def run_import(args: argparse.Namespace) -> int:
    rows = parse_file(args.file.name, _read(args.file))
    count = actor_repo.import_actors(
        rows, _admin(args), pending=args.pending, buurten=actor_repo.store_buurten()
    )
    how = (
        "als aanmelding (nog goed te keuren)"
        if args.pending
        else "goedgekeurd of met de status uit het bestand"
    )
    print(f"{count} {'actor' if count == 1 else 'actoren'} geïmporteerd, {how}.")
    return 0


def run_export(args: argparse.Namespace) -> int:
    user = None if args.public else _admin(args)
    _write(actor_repo.export_actors(user, args.format), args.output)
    return 0


def run_backup(args: argparse.Namespace) -> int:
    output = args.output or Path(f"transitieatlas-backup-{datetime.now(UTC):%Y%m%d-%H%M%S}.json")
    _write(actor_repo.backup_json(_admin(args)), output)
    return 0


def run_restore(args: argparse.Namespace) -> int:
    try:
        data = json.loads(_read(args.file).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"'{args.file}' is geen leesbare back-up ({err}).") from err
    counts = actor_repo.restore(data, _admin(args), replace=args.replace)
    parts = ", ".join(f"{n} {RESTORE_LABELS.get(t, t)}" for t, n in counts.items())
    print(f"Teruggezet: {parts}.")
    if counts.get("users"):
        print(
            "Accounts hebben geen wachtwoord meer: geef elk een nieuw met 'transitieatlas users passwd NAAM'."
        )
    return 0


def run_list(args: argparse.Namespace) -> int:
    statuses = [args.status] if args.status else None
    for actor in actor_repo.list_actors(_admin(args), statuses=statuses):
        status = STATUS_LABELS.get(actor.status, actor.status)
        print(f"{actor.id:>5}  {actor.geleding:<13} {status:<11} {actor.name}")
    return 0
