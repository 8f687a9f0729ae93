"""The count of a council vote in which the five geledingen weigh equally.

Pure module: ballots in, a :class:`TallyResult` out; no files, no database, no streamlit.
Source of the rules: the taakdemocratie source document (sections 3.2, 4.4.2, 4.6.5) as
specified in issue 5.

With ``m >= 2`` items:

- **borda** (ranking): the item at position ``i`` (0 = first) of a ballot gets
  ``m - 1 - i`` points, unranked items 0. A geleding's score for an item is the mean, over
  that geleding's counted ballots, of ``points / (m - 1)``; so each score lies in [0, 1].
- **approval**: a geleding's score for an item is the share of its counted ballots that
  approve the item.
- Blank ballots are abstentions: recorded, never counted in a mean.
- **total** = the sum of the scores of the geledingen present (at most 5). A geleding
  without counted ballots contributes nothing and is reported absent; nothing is
  redistributed.
- **ties** on the total: first the pairwise rule (the item that more geledingen score
  strictly higher than the other wins; in a group of three or more tied items the items
  are ordered by their number of pairwise wins, recursively within equal numbers); what
  remains tied is ordered by lot, ``random.Random(seed).sample``, with the seed recorded.

All arithmetic is exact (:class:`fractions.Fraction`) so that ties are found exactly;
:meth:`TallyResult.to_dict` rounds to 6 decimals for output and keeps the exact totals as
strings ("7/3").
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from transitieatlas.errors import InputError
from transitieatlas.geledingen import GELEDINGEN

METHODS: tuple[str, ...] = ("borda", "approval")
"""``borda`` = ranking (rangorde), ``approval`` = goedkeuring (ja/nee per onderwerp)."""

METHOD_LABELS: dict[str, str] = {"borda": "rangorde (Borda)", "approval": "goedkeuring"}
"""Dutch label per method."""

DECIMALS = 6
"""Decimals of the floats in :meth:`TallyResult.to_dict`."""


@dataclass(frozen=True)
class Ballot:
    """One voter's ballot.

    ``choices`` is the ranking (first = most preferred) for borda or the approved items
    (order irrelevant) for approval; empty means a blank ballot (abstention). ``voter``
    (a name or an anonymous ballot id) and ``row`` (line number in a file) only serve to
    find duplicates and to point at problems.
    """

    geleding: str
    choices: tuple[str, ...] = ()
    voter: str = ""
    row: int | None = None

    @property
    def blank(self) -> bool:
        """True for a blank ballot (an abstention)."""
        return not self.choices


@dataclass(frozen=True)
class RankedItem:
    """One line of the priority list (toplijst)."""

    item: str
    rank: int
    total: Fraction
    per_geleding: dict[str, Fraction]
    """Score in [0, 1] per geleding present (absent geledingen are left out)."""

    @property
    def weakest(self) -> tuple[tuple[str, ...], Fraction] | None:
        """The present geleding(en) with the lowest support for this item, and that score."""
        if not self.per_geleding:
            return None
        low = min(self.per_geleding.values())
        names = tuple(g for g in GELEDINGEN if self.per_geleding.get(g) == low)
        return names, low


@dataclass(frozen=True)
class TieBreak:
    """How one group of items with exactly the same total was put in order."""

    total: Fraction
    order: tuple[str, ...]
    """The tied items in their final order."""
    pairwise: tuple[tuple[str, str, int, int], ...]
    """Per pair ``(a, b, n_a, n_b)``: geledingen scoring ``a`` strictly higher, and ``b``."""
    lots: tuple[tuple[str, ...], ...]
    """Each group still tied after the pairwise rule, in the order the lot gave."""

    @property
    def decided_by(self) -> str:
        """``geledingen``, ``loting`` or ``geledingen en loting`` (Dutch, for users)."""
        if not self.lots:
            return "geledingen"
        if any(len(lot) == len(self.order) for lot in self.lots):
            return "loting"
        return "geledingen en loting"


@dataclass(frozen=True)
class TallyResult:
    """The outcome of a count; see the module docstring for the rules."""

    method: str
    items: tuple[str, ...]
    ranking: tuple[RankedItem, ...]
    present: tuple[str, ...]
    absent: tuple[str, ...]
    ties: tuple[TieBreak, ...]
    seed: int
    counted: dict[str, int] = field(default_factory=dict)
    """Number of counted (non-blank) ballots per geleding."""
    blank: dict[str, int] = field(default_factory=dict)
    """Number of blank ballots (abstentions) per geleding."""

    def order(self) -> list[str]:
        """The items from first to last place."""
        return [r.item for r in self.ranking]

    def to_dict(self) -> dict:
        """JSON-ready form (the output of ``transitieatlas tally --format json``)."""
        return {
            "method": self.method,
            "items": list(self.items),
            "ranking": [_ranked_dict(r) for r in self.ranking],
            "geledingen_present": list(self.present),
            "geledingen_absent": list(self.absent),
            "ties": [_tie_dict(t) for t in self.ties],
            "seed": self.seed,
            "ballots": {
                g: {"counted": self.counted.get(g, 0), "blank": self.blank.get(g, 0)}
                for g in GELEDINGEN
            },
        }


def _num(value: Fraction) -> float:
    return round(float(value), DECIMALS)


def _ranked_dict(r: RankedItem) -> dict:
    weakest = r.weakest
    return {
        "item": r.item,
        "rank": r.rank,
        "total": _num(r.total),
        "total_exact": str(r.total),
        "per_geleding": {g: _num(s) for g, s in r.per_geleding.items()},
        "weakest": None
        if weakest is None
        else {"geledingen": list(weakest[0]), "score": _num(weakest[1])},
    }


def _tie_dict(t: TieBreak) -> dict:
    return {
        "items": list(t.order),
        "total": _num(t.total),
        "total_exact": str(t.total),
        "decided_by": t.decided_by,
        "pairwise": [
            {"a": a, "b": b, "geledingen_a_higher": na, "geledingen_b_higher": nb}
            for a, b, na, nb in t.pairwise
        ],
        "lots": [list(lot) for lot in t.lots],
    }


# --- validation -------------------------------------------------------------------------


def where(ballot: Ballot, index: int) -> str:
    """Dutch location of a ballot for messages: its file line, else its position."""
    return f"regel {ballot.row}" if ballot.row is not None else f"stembiljet {index + 1}"


def items_from_ballots(ballots: Iterable[Ballot]) -> list[str]:
    """All items named on the ballots, sorted (so the order never depends on ballot order)."""
    return sorted({c for b in ballots for c in b.choices})


def ballot_problems(
    ballots: Sequence[Ballot], items: Sequence[str] | None, method: str
) -> list[str]:
    """Every reason (Dutch) why these ballots cannot be counted; empty when they can.

    Checks: the method, at least two distinct items, each geleding known, each voter once,
    no item twice on one ballot, every item on a ballot among ``items`` (when given).
    """
    problems: list[str] = []
    if method not in METHODS:
        problems.append(f"onbekende methode '{method}' (kies uit: {', '.join(METHODS)})")
    problems += _item_list_problems(ballots, items)
    seen: dict[str, list[str]] = {}
    for i, ballot in enumerate(ballots):
        loc = where(ballot, i)
        if not ballot.geleding:
            problems.append(f"{loc}: geleding ontbreekt")
        elif ballot.geleding not in GELEDINGEN:
            problems.append(
                f"{loc}: onbekende geleding '{ballot.geleding}' (kies uit: {', '.join(GELEDINGEN)})"
            )
        if ballot.voter:
            seen.setdefault(ballot.voter, []).append(loc)
        problems += [f"{loc}: {p}" for p in choice_problems(ballot.choices, items)]
    for voter, locs in seen.items():
        if len(locs) > 1:
            problems.append(f"kiezer '{voter}' heeft meer dan één keer gestemd ({', '.join(locs)})")
    return problems


def _item_list_problems(ballots: Sequence[Ballot], items: Sequence[str] | None) -> list[str]:
    problems: list[str] = []
    names = list(items) if items is not None else items_from_ballots(ballots)
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"onderwerp '{name}' staat meer dan één keer in de lijst onderwerpen")
    if any(not n.strip() for n in names):
        problems.append("de lijst onderwerpen bevat een lege naam")
    if len(set(names)) < 2:
        problems.append(
            f"er zijn minstens twee onderwerpen nodig om te stemmen; nu {len(set(names))}"
        )
    return problems


def choice_problems(choices: Sequence[str], items: Sequence[str] | None) -> list[str]:
    """Dutch problems of one ballot's choices: an item twice, an item not in ``items``."""
    problems: list[str] = []
    for name in sorted({c for c in choices if choices.count(c) > 1}):
        problems.append(f"'{name}' staat meer dan één keer op het stembiljet")
    if items is not None:
        for name in sorted(set(choices) - set(items)):
            problems.append(f"'{name}' is geen onderwerp van deze stemming")
    return problems


# --- the count --------------------------------------------------------------------------


def geleding_scores(
    ballots: Sequence[Ballot], items: Sequence[str], method: str
) -> dict[str, dict[str, Fraction]]:
    """Score in [0, 1] per present geleding per item (exact); assumes valid ballots."""
    m = len(items)
    scores: dict[str, dict[str, Fraction]] = {}
    for g in GELEDINGEN:
        counted = [b for b in ballots if b.geleding == g and not b.blank]
        if not counted:
            continue
        points = dict.fromkeys(items, 0)
        for ballot in counted:
            for position, item in enumerate(ballot.choices):
                points[item] += (m - 1 - position) if method == "borda" else 1
        scale = len(counted) * ((m - 1) if method == "borda" else 1)
        scores[g] = {item: Fraction(points[item], scale) for item in items}
    return scores


def tally(
    ballots: Sequence[Ballot],
    method: str,
    items: Sequence[str] | None = None,
    seed: int | None = None,
) -> TallyResult:
    """Count ``ballots`` with ``method`` (``borda`` or ``approval``).

    ``items`` defaults to all items named on the ballots (sorted). ``seed`` drives the lot
    for ties the geledingen cannot decide; when ``None`` a seed is drawn and recorded.
    Raises :class:`InputError` listing every problem when the ballots cannot be counted.
    """
    problems = ballot_problems(ballots, items, method)
    if problems:
        raise InputError("De stemmen kunnen niet worden geteld:", problems)
    names = tuple(items) if items is not None else tuple(items_from_ballots(ballots))
    if seed is None:
        seed = secrets.randbelow(2**32)
    scores = geleding_scores(ballots, names, method)
    present = tuple(g for g in GELEDINGEN if g in scores)
    totals = {item: sum((scores[g][item] for g in present), Fraction(0)) for item in names}
    rng = random.Random(seed)
    order: list[str] = []
    ties: list[TieBreak] = []
    for total in sorted(set(totals.values()), reverse=True):
        group = [item for item in names if totals[item] == total]
        if len(group) == 1:
            order += group
            continue
        lots: list[tuple[str, ...]] = []
        ordered = _order_tied(group, scores, present, rng, lots)
        pairs = _pairwise_table(group, scores, present)
        ties.append(TieBreak(total, tuple(ordered), pairs, tuple(lots)))
        order += ordered
    ranking = tuple(
        RankedItem(item, rank, totals[item], {g: scores[g][item] for g in present})
        for rank, item in enumerate(order, start=1)
    )
    return TallyResult(
        method=method,
        items=names,
        ranking=ranking,
        present=present,
        absent=tuple(g for g in GELEDINGEN if g not in scores),
        ties=tuple(ties),
        seed=seed,
        counted={g: sum(1 for b in ballots if b.geleding == g and not b.blank) for g in GELEDINGEN},
        blank={g: sum(1 for b in ballots if b.geleding == g and b.blank) for g in GELEDINGEN},
    )


def _higher(a: str, b: str, scores: dict[str, dict[str, Fraction]], present: Sequence[str]) -> int:
    """Number of present geledingen that score ``a`` strictly higher than ``b``."""
    return sum(1 for g in present if scores[g][a] > scores[g][b])


def _pairwise_table(
    group: Sequence[str], scores: dict[str, dict[str, Fraction]], present: Sequence[str]
) -> tuple[tuple[str, str, int, int], ...]:
    return tuple(
        (a, b, _higher(a, b, scores, present), _higher(b, a, scores, present))
        for i, a in enumerate(group)
        for b in group[i + 1 :]
    )


def _order_tied(
    group: list[str],
    scores: dict[str, dict[str, Fraction]],
    present: Sequence[str],
    rng: random.Random,
    lots: list[tuple[str, ...]],
) -> list[str]:
    """Order tied items by pairwise wins (recursively), then by lot; appends each lot."""
    wins = {
        a: sum(
            1
            for b in group
            if b != a and _higher(a, b, scores, present) > _higher(b, a, scores, present)
        )
        for a in group
    }
    levels = sorted(set(wins.values()), reverse=True)
    if len(levels) == 1:
        drawn = rng.sample(group, len(group))
        lots.append(tuple(drawn))
        return drawn
    ordered: list[str] = []
    for level in levels:
        sub = [a for a in group if wins[a] == level]
        ordered += sub if len(sub) == 1 else _order_tied(sub, scores, present, rng, lots)
    return ordered


def shortlist(result: TallyResult, k: int) -> list[str]:
    """The best ``k`` items of a (first-round) result, for the second round."""
    if k < 2:
        raise InputError(f"een tweede ronde heeft minstens twee onderwerpen nodig; gekozen: {k}")
    return result.order()[:k]
