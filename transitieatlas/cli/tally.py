"""``transitieatlas tally``: recount a vote from a ballot CSV (voter,geleding,ballot)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from transitieatlas.errors import InputError
from transitieatlas.geledingen import LABELS
from transitieatlas.voting import ballots
from transitieatlas.voting import count as voting


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``tally`` subcommand."""
    parser = subparsers.add_parser(
        "tally",
        help="tel een stemming waarin de vijf geledingen even zwaar wegen",
        description=(
            "Tel de stemmen in een CSV met kolommen voter,geleding,ballot. "
            "ballot is A>B>C voor een rangorde (borda), A;B voor goedkeuring (approval), "
            "leeg voor een blanco stem. Elke geleding weegt even zwaar."
        ),
    )
    parser.add_argument("ballots", type=Path, metavar="BALLOTS.csv", help="het stembestand")
    parser.add_argument("--method", required=True, choices=voting.METHODS, help="telmethode")
    parser.add_argument(
        "--items", help="de onderwerpen, met komma's gescheiden (standaard: alle genoemde)"
    )
    parser.add_argument("--seed", type=int, help="startgetal voor de loting bij gelijke stand")
    parser.add_argument("--format", choices=("json", "text"), default="json", help="uitvoer")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read, validate and count; print the result on stdout."""
    try:
        text = args.ballots.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise InputError(f"Kan het stembestand {args.ballots} niet lezen: {err.strerror}") from err
    except UnicodeDecodeError as err:
        raise InputError(f"Het stembestand {args.ballots} is geen UTF-8-tekst") from err
    items = [i.strip() for i in args.items.split(",")] if args.items is not None else None
    parsed, names = ballots.parse_csv(text, args.method, items)
    result = voting.tally(parsed, args.method, names, seed=args.seed)
    if args.format == "json":
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_text(result))
    return 0


def format_text(result: voting.TallyResult) -> str:
    """A short Dutch table of the result, for reading in a terminal."""
    lines = [f"Methode: {voting.METHOD_LABELS[result.method]}; loting-startgetal: {result.seed}"]
    for r in result.ranking:
        parts = ", ".join(f"{g} {float(s):.3f}" for g, s in r.per_geleding.items())
        lines.append(f"{r.rank:>3}. {r.item}: {float(r.total):.3f}  ({parts})")
    if result.absent:
        lines.append("Afwezig: " + ", ".join(LABELS[g] for g in result.absent))
    for tie in result.ties:
        lines.append(f"Gelijke stand {', '.join(tie.order)}: beslist door {tie.decided_by}")
    return "\n".join(lines) + "\n"
