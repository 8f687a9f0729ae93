"""``transitieatlas signups import|export``: sign-ups (intekeningen) of a campaign.

``import FILE`` (CSV or XLSX with address or bag_id, buurt, group, name, contact, consent,
date, optional status) stores all rows or none and lists every problem by row.
``export AREA --public`` gives only ``buurt,group,households,signed_up,share``. Personal
data (import, export without ``--public``) need an account in the campaign team (or an
administrator): ``--user NAME`` and the password (asked, or ``TRANSITIEATLAS_PASSWORD``).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from transitieatlas import config
from transitieatlas.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``signups import`` and ``signups export``."""
    parser = subparsers.add_parser(
        "signups", help="intekeningen van een campagne (importeren, tellen)"
    )
    parser.add_argument("--campaign", help="naam van de campagne (standaard: de enige campagne)")
    parser.add_argument("--user", help="uw account in het campagneteam (voor persoonsgegevens)")
    sub = parser.add_subparsers(dest="signups_command", metavar="ACTIE", required=True)
    p = sub.add_parser("import", help="intekeningen uit CSV of Excel (alles of niets)")
    p.add_argument("file", type=Path, metavar="BESTAND")
    p.set_defaults(func=run_import)
    p = sub.add_parser("export", help="intekeningen per buurt en vraaggroep als CSV")
    p.add_argument("area", metavar="GEBIED", help="naam van een opgeslagen gebied of code(s)")
    p.add_argument("--public", action="store_true", help="alleen aantallen en aandelen")
    p.add_argument("--format", choices=["csv"], default="csv")
    p.set_defaults(func=run_export)


def _campaign(args: argparse.Namespace) -> dict:
    from transitieatlas.council import campaign_repo

    if args.campaign:
        return campaign_repo.campaign_by_title(args.campaign)
    campaigns = campaign_repo.list_campaigns()
    if len(campaigns) != 1:
        names = ", ".join(f"'{c['title']}'" for c in campaigns) or "geen"
        raise InputError(f"Kies een campagne met --campaign (er zijn: {names}).")
    return campaigns[0]


def _team_member(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from transitieatlas.accounts import auth

    if not args.user:
        raise InputError("Persoonsgegevens alleen voor het campagneteam: geef --user NAAM.")
    password = config.cli_password() or getpass.getpass("Wachtwoord: ")
    user = auth.authenticate(args.user, password)
    if user is None:
        raise InputError("Naam of wachtwoord klopt niet (of het account is geblokkeerd).")
    return user


def run_import(args: argparse.Namespace) -> int:
    from transitieatlas.council import signup_repo
    from transitieatlas.council.signups import read_table

    if not args.file.is_file():
        raise InputError(f"Bestand '{args.file}' bestaat niet.")
    campaign = _campaign(args)
    rows = read_table(args.file.name, args.file.read_bytes())
    ids = signup_repo.import_signups(campaign["id"], rows, user=_team_member(args))
    print(f"{len(ids)} intekening(en) opgeslagen voor '{campaign['title']}'.")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from transitieatlas.council import indicator_repo, signup_repo
    from transitieatlas.council.signups import PRIVATE_COLUMNS, PUBLIC_COLUMNS, to_csv

    campaign = _campaign(args)
    area = indicator_repo.resolve_area(args.area)
    if args.public:
        rows = signup_repo.public_counts(campaign["id"], area.codes)
        sys.stdout.write(to_csv(rows, PUBLIC_COLUMNS))
        return 0
    wanted = set(area.codes)
    from transitieatlas.areas.codes import gemeente_of, wijk_of

    rows = [
        r
        for r in signup_repo.private_list(campaign["id"], user=_team_member(args))
        if r["buurt"] in wanted or {gemeente_of(r["buurt"]), wijk_of(r["buurt"])} & wanted
    ]
    sys.stdout.write(to_csv(rows, PRIVATE_COLUMNS))
    return 0
