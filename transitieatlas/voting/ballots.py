"""The ballot CSV: ``voter,geleding,ballot``, the exchange format of ``transitieatlas tally``.

Pure module (takes and returns text). ``ballot`` is ``A>B>C`` for a ranking (borda),
``A;B`` for approval, empty for a blank ballot (abstention). The archive of closed rounds
exports exactly this format, so anyone can recount a published vote.

Every problem in a file is reported at once, with its line number (the header is line 1),
and then nothing is counted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from transitieatlas.csvsafe import guard_row, restore_row
from transitieatlas.errors import InputError
from transitieatlas.geledingen import normalise
from transitieatlas.voting import count as voting

COLUMNS: tuple[str, ...] = ("voter", "geleding", "ballot")
SEPARATORS: dict[str, str] = {"borda": ">", "approval": ";"}
"""The separator between items on a ballot, per method."""


def item_name_problems(items: Sequence[str]) -> list[str]:
    """Dutch problems with item names that this format cannot carry (``>``, ``;``, empty)."""
    problems = []
    for name in items:
        if not name.strip():
            problems.append("een onderwerp heeft een lege naam")
        elif any(sep in name for sep in SEPARATORS.values()):
            problems.append(f"onderwerp '{name}': de tekens '>' en ';' mogen niet in een naam")
        elif name != name.strip():
            problems.append(f"onderwerp '{name}': naam begint of eindigt met een spatie")
    return problems


def parse_choices(text: str, method: str) -> tuple[tuple[str, ...], list[str]]:
    """Split one ballot field into items; returns the choices and Dutch problems."""
    text = text.strip()
    if not text:
        return (), []
    if method not in SEPARATORS:
        return (), []
    sep = SEPARATORS[method]
    other = SEPARATORS["approval" if method == "borda" else "borda"]
    problems = []
    if other in text:
        hint = (
            "een rangorde schrijf je als A>B>C"
            if method == "borda"
            else "goedkeuring schrijf je als A;B"
        )
        problems.append(f"'{other}' hoort niet bij methode {method} ({hint})")
        return (), problems
    parts = tuple(p.strip() for p in text.split(sep))
    if any(not p for p in parts):
        problems.append(f"lege plaats in '{text}'")
    return tuple(p for p in parts if p), problems


def parse_csv(
    text: str, method: str, items: Sequence[str] | None = None
) -> tuple[list[voting.Ballot], list[str]]:
    """Parse and validate a ballot CSV; returns the ballots and the items of the count.

    Raises :class:`InputError` listing every problem (with line numbers) when the file
    cannot be counted: wrong columns, unknown geleding, a voter twice, an item twice on one
    ballot, an item outside ``items``, fewer than two items, a ballot in the wrong syntax.
    """
    problems: list[str] = []
    if method not in voting.METHODS:
        raise InputError(f"onbekende methode '{method}' (kies uit: {', '.join(voting.METHODS)})")
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    rows = map(restore_row, reader)
    header = [h.strip().lower() for h in next(rows, [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        found = ",".join(header) or "(leeg bestand)"
        hint = " Gebruik komma's als scheidingsteken." if ";" in found else ""
        raise InputError(
            f"Het stembestand mist kolom(men) {', '.join(missing)}; gevonden: {found}.{hint}"
        )
    col = {c: header.index(c) for c in COLUMNS}
    ballots: list[voting.Ballot] = []
    for row in rows:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        cells = {c: (row[i].strip() if i < len(row) else "") for c, i in col.items()}
        if not cells["voter"]:
            problems.append(f"regel {line}: kiezer ontbreekt")
        choices, syntax = parse_choices(cells["ballot"], method)
        problems += [f"regel {line}: {p}" for p in syntax]
        ballots.append(voting.Ballot(normalise(cells["geleding"]), choices, cells["voter"], line))
    if items is not None:
        problems += item_name_problems(items)
    problems += voting.ballot_problems(ballots, items, method)
    if problems:
        raise InputError("Het stembestand kan niet worden geteld:", problems)
    names = list(items) if items is not None else voting.items_from_ballots(ballots)
    return ballots, names


def to_csv(ballots: Sequence[voting.Ballot], method: str) -> str:
    """Write ballots in this format (``voter`` = the ballot's voter label or its number)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    sep = SEPARATORS[method]
    for i, ballot in enumerate(ballots, start=1):
        writer.writerow(
            guard_row([ballot.voter or str(i), ballot.geleding, sep.join(ballot.choices)])
        )
    return out.getvalue()
