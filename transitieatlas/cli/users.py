"""``transitieatlas users add|list|passwd|block|unblock``: accounts for editors and administrators.

Passwords are asked at a prompt (twice) or read from the first line of stdin with
``--password-stdin``; never pass them as an argument (they would end up in the shell history).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from transitieatlas.accounts import auth
from transitieatlas.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("users", help="accounts voor redacteuren en beheerders")
    sub = parser.add_subparsers(dest="users_command", metavar="ACTIE", required=True)

    p = sub.add_parser("add", help="een account aanmaken")
    p.add_argument("name")
    p.add_argument("--role", choices=list(auth.ROLES), default="editor", help="standaard: editor")
    p.add_argument(
        "--password-stdin", action="store_true", help="wachtwoord van de eerste regel van stdin"
    )
    p.set_defaults(func=run_add)

    p = sub.add_parser("passwd", help="een nieuw wachtwoord instellen")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=run_passwd)

    p = sub.add_parser("list", help="alle accounts (zonder wachtwoorden)")
    p.set_defaults(func=run_list)

    for name, active in (("block", False), ("unblock", True)):
        p = sub.add_parser(
            name, help="account blokkeren" if not active else "account weer toelaten"
        )
        p.add_argument("name")
        p.set_defaults(func=run_block, active=active)


def read_password(from_stdin: bool) -> str:
    """The new password from stdin (first line) or from two prompts that must agree."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Wachtwoord: ")
    if getpass.getpass("Nog een keer: ") != first:
        raise InputError("De twee wachtwoorden zijn niet gelijk.")
    return first


def run_add(args: argparse.Namespace) -> int:
    user = auth.add_user(args.name, args.role, read_password(args.password_stdin))
    print(f"Account '{user.name}' aangemaakt ({auth.ROLE_LABELS[user.role]}).")
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    auth.set_password(args.name, read_password(args.password_stdin))
    print(f"Nieuw wachtwoord ingesteld voor '{args.name}'.")
    return 0


def run_list(args: argparse.Namespace) -> int:
    for user in auth.list_users():
        flags = [] if user["active"] else ["geblokkeerd"]
        if not user["has_password"]:
            flags.append("geen wachtwoord")
        extra = f"  ({', '.join(flags)})" if flags else ""
        print(f"{user['name']:<20} {auth.ROLE_LABELS[user['role']]:<10}{extra}")
    return 0


def run_block(args: argparse.Namespace) -> int:
    auth.set_active(args.name, args.active)
    print(f"Account '{args.name}' {'weer toegelaten' if args.active else 'geblokkeerd'}.")
    return 0
