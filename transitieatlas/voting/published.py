"""The published result of a closed round as typed, frozen records.

Pure module. The database keeps the result as the JSON of
:meth:`transitieatlas.voting.count.TallyResult.to_dict` (also the output of
``transitieatlas tally --format json``); :meth:`PublishedResult.from_json` reads that JSON
and :meth:`PublishedResult.to_json` gives it back with the same keys, key order and values,
so stored results and exports stay byte-identical. Scores are the rounded floats of the
JSON (6 decimals, in [0, 1] per geleding; totals at most 5); ``total_exact`` keeps the
exact fraction as text ("5/3").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Weakest:
    """The present geleding(en) with the lowest support for an item, and that score."""

    geledingen: tuple[str, ...]
    score: float

    def to_json(self) -> dict[str, Any]:
        """JSON form ``{"geledingen": [...], "score": ...}``."""
        return {"geledingen": list(self.geledingen), "score": self.score}


@dataclass(frozen=True)
class PublishedItem:
    """One line of the published toplijst."""

    item: str
    rank: int
    total: float
    total_exact: str
    per_geleding: dict[str, float]
    """Score in [0, 1] per geleding present, in the order of the JSON."""
    weakest: Weakest | None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PublishedItem:
        """Read one entry of the JSON ``ranking`` list."""
        weak = data["weakest"]
        return cls(
            item=data["item"],
            rank=data["rank"],
            total=data["total"],
            total_exact=data["total_exact"],
            per_geleding=dict(data["per_geleding"]),
            weakest=None if weak is None else Weakest(tuple(weak["geledingen"]), weak["score"]),
        )

    def to_json(self) -> dict[str, Any]:
        """JSON form, keys in the order of ``TallyResult.to_dict``."""
        return {
            "item": self.item,
            "rank": self.rank,
            "total": self.total,
            "total_exact": self.total_exact,
            "per_geleding": dict(self.per_geleding),
            "weakest": None if self.weakest is None else self.weakest.to_json(),
        }


@dataclass(frozen=True)
class PairCount:
    """For two tied items: how many geledingen scored ``a`` strictly higher, and ``b``."""

    a: str
    b: str
    geledingen_a_higher: int
    geledingen_b_higher: int

    def to_json(self) -> dict[str, Any]:
        """JSON form, keys in the order of ``TallyResult.to_dict``."""
        return {
            "a": self.a,
            "b": self.b,
            "geledingen_a_higher": self.geledingen_a_higher,
            "geledingen_b_higher": self.geledingen_b_higher,
        }


@dataclass(frozen=True)
class PublishedTie:
    """How one group of items with exactly the same total was put in order."""

    items: tuple[str, ...]
    """The tied items in their final order."""
    total: float
    total_exact: str
    decided_by: str
    """``geledingen``, ``loting`` or ``geledingen en loting`` (Dutch)."""
    pairwise: tuple[PairCount, ...]
    lots: tuple[tuple[str, ...], ...]
    """Each group still tied after the pairwise rule, in the order the lot gave."""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PublishedTie:
        """Read one entry of the JSON ``ties`` list."""
        return cls(
            items=tuple(data["items"]),
            total=data["total"],
            total_exact=data["total_exact"],
            decided_by=data["decided_by"],
            pairwise=tuple(PairCount(**p) for p in data["pairwise"]),
            lots=tuple(tuple(lot) for lot in data["lots"]),
        )

    def to_json(self) -> dict[str, Any]:
        """JSON form, keys in the order of ``TallyResult.to_dict``."""
        return {
            "items": list(self.items),
            "total": self.total,
            "total_exact": self.total_exact,
            "decided_by": self.decided_by,
            "pairwise": [p.to_json() for p in self.pairwise],
            "lots": [list(lot) for lot in self.lots],
        }


@dataclass(frozen=True)
class BallotCount:
    """Counted (non-blank) and blank ballots of one geleding."""

    counted: int
    blank: int


@dataclass(frozen=True)
class PublishedResult:
    """The published result of a closed round (the JSON of ``TallyResult.to_dict``)."""

    method: str
    items: tuple[str, ...]
    ranking: tuple[PublishedItem, ...]
    present: tuple[str, ...]
    """Geledingen with at least one counted ballot (JSON ``geledingen_present``)."""
    absent: tuple[str, ...]
    """Geledingen without counted ballots (JSON ``geledingen_absent``)."""
    ties: tuple[PublishedTie, ...]
    seed: int
    ballots: dict[str, BallotCount]
    """Ballots per geleding, in the order of the JSON (all five geledingen)."""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PublishedResult:
        """Read the stored JSON; a missing key raises KeyError (the JSON is ours)."""
        return cls(
            method=data["method"],
            items=tuple(data["items"]),
            ranking=tuple(PublishedItem.from_json(r) for r in data["ranking"]),
            present=tuple(data["geledingen_present"]),
            absent=tuple(data["geledingen_absent"]),
            ties=tuple(PublishedTie.from_json(t) for t in data["ties"]),
            seed=data["seed"],
            ballots={g: BallotCount(n["counted"], n["blank"]) for g, n in data["ballots"].items()},
        )

    def to_json(self) -> dict[str, Any]:
        """The JSON again, equal key for key and in the same order as what was read."""
        return {
            "method": self.method,
            "items": list(self.items),
            "ranking": [r.to_json() for r in self.ranking],
            "geledingen_present": list(self.present),
            "geledingen_absent": list(self.absent),
            "ties": [t.to_json() for t in self.ties],
            "seed": self.seed,
            "ballots": {
                g: {"counted": n.counted, "blank": n.blank} for g, n in self.ballots.items()
            },
        }

    def order(self) -> list[str]:
        """The items from first to last place."""
        return [r.item for r in self.ranking]
