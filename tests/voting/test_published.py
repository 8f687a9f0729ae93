"""The typed published result reads and writes the tally JSON byte for byte."""

from __future__ import annotations

import json

import pytest

from transitieatlas.voting.count import Ballot, tally
from transitieatlas.voting.published import (
    BallotCount,
    PairCount,
    PublishedResult,
    Weakest,
)

CASES = {
    # approval, two geledingen, a lot between A and B (one geleding each), C unsupported
    "lot": (
        [Ballot("burgers", ("A",)), Ballot("kennis", ("B",)), Ballot("kennis", ())],
        "approval",
        ["A", "B", "C"],
    ),
    # borda over three items, three geledingen present, no tie
    "borda": (
        [
            Ballot("kennis", ("P", "Q", "R")),
            Ballot("burgers", ("Q", "P", "R")),
            Ballot("burgers", ("Q", "R", "P")),
            Ballot("overheid", ("R",)),
        ],
        "borda",
        ["P", "Q", "R"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_round_trip_is_byte_identical(case):
    ballots, method, items = CASES[case]
    data = tally(ballots, method, items, seed=4).to_dict()
    stored = json.dumps(data)  # how the database and the CLI write it
    again = PublishedResult.from_json(json.loads(stored)).to_json()
    assert json.dumps(again) == stored
    assert json.dumps(again, indent=2, ensure_ascii=False) == json.dumps(
        data, indent=2, ensure_ascii=False
    )


def test_fields_of_a_hand_counted_tie():
    # approval: burgers 'A' -> A 1, B 0; kennis 'B' (+ one blank) -> B 1, A 0: totals 1 = 1
    ballots, method, items = CASES["lot"]
    result = PublishedResult.from_json(tally(ballots, method, items, seed=4).to_dict())
    assert result.method == "approval" and result.items == ("A", "B", "C")
    assert set(result.order()[:2]) == {"A", "B"} and result.order()[2] == "C"
    assert [r.rank for r in result.ranking] == [1, 2, 3]
    first = result.ranking[0]
    assert first.total == 1.0 and first.total_exact == "1"
    assert result.ranking[2].per_geleding == {"kennis": 0.0, "burgers": 0.0}
    assert result.ranking[2].weakest == Weakest(("kennis", "burgers"), 0.0)
    assert result.present == ("kennis", "burgers")
    assert result.absent == ("bedrijven", "voorzieningen", "overheid")
    (tie,) = result.ties
    assert tie.decided_by == "loting" and tie.total_exact == "1"
    assert tie.items == tuple(result.order()[:2])
    assert tie.pairwise == (PairCount("A", "B", 1, 1),)
    assert tie.lots == (tie.items,)
    assert result.seed == 4
    assert result.ballots["kennis"] == BallotCount(counted=1, blank=1)
    assert list(result.ballots) == ["kennis", "burgers", "bedrijven", "voorzieningen", "overheid"]


def test_weakest_none_survives_the_round_trip():
    # a round where a geleding is present but an item has no per-geleding score cannot
    # occur; weakest is None only with no geleding present, so build that JSON by hand
    data = tally([Ballot("burgers", ("A",))], "approval", ["A", "B"], seed=1).to_dict()
    data["ranking"][1]["per_geleding"] = {}
    data["ranking"][1]["weakest"] = None
    result = PublishedResult.from_json(data)
    assert result.ranking[1].weakest is None
    assert json.dumps(result.to_json()) == json.dumps(data)
