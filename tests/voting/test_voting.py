"""The count: hand-computed cases, ties both ways, absent geledingen and properties."""

from __future__ import annotations

import json
import random
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transitieatlas.errors import InputError
from transitieatlas.geledingen import GELEDINGEN
from transitieatlas.voting import count as voting
from transitieatlas.voting.count import Ballot, tally


def b(geleding: str, ballot: str, voter: str = "") -> Ballot:
    """Shorthand: 'A>B' (ranking) or 'A;B' (approval) or '' (blank)."""
    sep = ">" if ">" in ballot else ";"
    return Ballot(geleding, tuple(x for x in ballot.split(sep) if x), voter)


def test_borda_hand_computed_with_partial_rankings_blank_and_absent():
    # m = 3 items, so points are 2, 1, 0 and scores are points / 2, averaged per geleding.
    ballots = [
        b("burgers", "A>B>C"),  # A 2, B 1, C 0
        b("burgers", "B>A"),  # B 2, A 1, C 0 -> burgers: A 3/4, B 3/4, C 0
        b("kennis", "C>A"),  # kennis: C 2/2 = 1, A 1/2, B 0
        b("overheid", ""),  # blank only: overheid is absent
        b("bedrijven", "A"),  # A 2
        b("bedrijven", "A"),  # A 2
        b("bedrijven", "B>C"),  # B 2, C 1 -> bedrijven: A 4/6, B 2/6, C 1/6
    ]
    result = tally(ballots, "borda", ["A", "B", "C"], seed=1)
    # totals: A = 3/4 + 1/2 + 2/3 = 23/12; B = 3/4 + 0 + 1/3 = 13/12; C = 0 + 1 + 1/6 = 14/12
    assert [(r.item, r.rank, r.total) for r in result.ranking] == [
        ("A", 1, F(23, 12)),
        ("C", 2, F(14, 12)),
        ("B", 3, F(13, 12)),
    ]
    assert result.ranking[0].per_geleding == {
        "kennis": F(1, 2),
        "burgers": F(3, 4),
        "bedrijven": F(2, 3),
    }
    assert result.present == ("kennis", "burgers", "bedrijven")
    assert result.absent == ("voorzieningen", "overheid")
    assert result.counted == {
        "kennis": 1,
        "burgers": 2,
        "bedrijven": 3,
        "voorzieningen": 0,
        "overheid": 0,
    }
    assert result.blank["overheid"] == 1
    # weakest support for A: kennis with 1/2; for B: kennis with 0
    assert result.ranking[0].weakest == (("kennis",), F(1, 2))
    assert result.ranking[2].weakest == (("kennis",), F(0))
    assert result.ties == ()


def test_approval_hand_computed_and_json_shape():
    ballots = [
        b("burgers", "A;B"),
        b("burgers", "A"),
        b("burgers", "B"),
        b("burgers", ""),  # blank: not in the mean -> burgers: A 2/3, B 2/3, C 0
        b("kennis", "C"),  # kennis: C 1, A 0, B 0
    ]
    result = tally(ballots, "approval", ["A", "B", "C"], seed=42)
    # totals: C = 1, A = 2/3, B = 2/3 -> A and B tied; every geleding scores them equally,
    # so the lot decides.
    assert result.ranking[0].item == "C"
    assert result.ranking[0].total == 1
    assert {r.item for r in result.ranking[1:]} == {"A", "B"}
    assert len(result.ties) == 1
    tie = result.ties[0]
    assert tie.total == F(2, 3)
    assert tie.pairwise == (("A", "B", 0, 0),)
    assert tie.decided_by == "loting"
    data = json.loads(json.dumps(result.to_dict()))
    assert set(data) >= {
        "method",
        "items",
        "ranking",
        "geledingen_present",
        "geledingen_absent",
        "ties",
        "seed",
    }
    assert data["method"] == "approval"
    assert data["seed"] == 42
    assert data["geledingen_present"] == ["kennis", "burgers"]
    assert data["geledingen_absent"] == ["bedrijven", "voorzieningen", "overheid"]
    second = data["ranking"][1]
    assert second["total"] == 0.666667  # 2/3 rounded to 6 decimals
    assert second["total_exact"] == "2/3"
    assert second["per_geleding"] == {"kennis": 0.0, "burgers": 0.666667}
    assert second["weakest"] == {"geledingen": ["kennis"], "score": 0.0}
    assert data["ties"][0]["decided_by"] == "loting"
    assert data["ballots"]["burgers"] == {"counted": 3, "blank": 1}


# Equal totals, but A is scored higher by three geledingen and B by only two:
#   burgers, kennis, bedrijven: 'A;B' and 'A' -> A 1, B 1/2 (A higher, margin 1/2 each)
#   overheid: 'B' -> A 0, B 1 (B higher by 1)
#   voorzieningen: 'A;B' and 'B' -> A 1/2, B 1 (B higher by 1/2)
#   totals: A = 1+1+1+0+1/2 = 7/2; B = 1/2*3 + 1 + 1 = 7/2.
PAIRWISE_CASE = [
    *(b(g, x) for g in ("burgers", "kennis", "bedrijven") for x in ("A;B", "A")),
    b("overheid", "B"),
    b("voorzieningen", "A;B"),
    b("voorzieningen", "B"),
]


@pytest.mark.parametrize("items", [["A", "B"], ["B", "A"]])
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_tie_decided_by_geledingen_whatever_the_order_or_seed(items, seed):
    result = tally(PAIRWISE_CASE, "approval", items, seed=seed)
    assert [r.total for r in result.ranking] == [F(7, 2), F(7, 2)]
    assert result.order() == ["A", "B"]
    (tie,) = result.ties
    assert tie.decided_by == "geledingen"
    assert tie.lots == ()
    pair = tie.pairwise[0]
    assert {pair[0]: pair[2], pair[1]: pair[3]} == {"A": 3, "B": 2}


def test_tie_decided_by_geledingen_the_other_way():
    # The same case with the names swapped: now B is scored higher by three geledingen.
    swap = {"A": "B", "B": "A"}
    ballots = [Ballot(x.geleding, tuple(swap[c] for c in x.choices)) for x in PAIRWISE_CASE]
    assert tally(ballots, "approval", ["A", "B"], seed=0).order() == ["B", "A"]


def test_lot_is_reproducible_from_the_recorded_seed_and_really_random():
    ballots = [b("burgers", "A"), b("kennis", "B")]  # A 1, B 1 and one geleding each way
    orders = set()
    for seed in range(40):
        first = tally(ballots, "approval", ["A", "B"], seed=seed)
        again = tally(list(reversed(ballots)), "approval", ["A", "B"], seed=first.seed)
        assert first.order() == again.order()
        assert first.ties[0].lots == (tuple(first.order()),)
        assert first.order() == random.Random(seed).sample(["A", "B"], 2)
        orders.add(tuple(first.order()))
    assert orders == {("A", "B"), ("B", "A")}


def test_seed_is_drawn_and_recorded_when_not_given():
    ballots = [b("burgers", "A"), b("kennis", "B")]
    result = tally(ballots, "approval")
    assert isinstance(result.seed, int)
    assert tally(ballots, "approval", seed=result.seed).order() == result.order()


def test_three_way_tie_pairwise_then_lot():
    # burgers and kennis: 'A;B', 'A;C' -> A 1, B 1/2, C 1/2; overheid: 'B;C' -> A 0, B 1, C 1
    # totals: A = 2, B = 2, C = 2. A beats B and C in 2 geledingen against 1;
    # B and C are scored equally everywhere, so the lot orders them after A.
    ballots = [
        *(b(g, x) for g in ("burgers", "kennis") for x in ("A;B", "A;C")),
        b("overheid", "B;C"),
    ]
    for seed in range(10):
        result = tally(ballots, "approval", ["A", "B", "C"], seed=seed)
        assert result.order()[0] == "A"
        (tie,) = result.ties
        assert tie.decided_by == "geledingen en loting"
        assert tie.lots == (tuple(result.order()[1:]),)
        assert set(tie.lots[0]) == {"B", "C"}


def test_cyclic_pairwise_tie_goes_to_lot():
    # Borda, m = 3. Each geleding gives one full ranking (scores 1, 1/2, 0):
    #   burgers A>B>C, kennis B>C>A, overheid C>A>B -> every item totals 3/2,
    #   and A beats B 2-1, B beats C 2-1, C beats A 2-1: a cycle, so the lot decides.
    ballots = [b("burgers", "A>B>C"), b("kennis", "B>C>A"), b("overheid", "C>A>B")]
    result = tally(ballots, "borda", seed=5)
    assert {r.total for r in result.ranking} == {F(3, 2)}
    assert result.ties[0].decided_by == "loting"
    assert result.ties[0].lots == (tuple(result.order()),)


def test_forty_voters_cannot_outweigh_the_other_four():
    # Four geledingen with one voter each approve only X (X 1, Y 0 each -> X 4);
    # 40 burgers approve only Y (Y 1 -> total 1). X wins 4 to 1.
    ballots = [b(g, "X") for g in ("kennis", "bedrijven", "voorzieningen", "overheid")]
    ballots += [b("burgers", "Y", voter=f"v{i}") for i in range(40)]
    result = tally(ballots, "approval", seed=0)
    assert [(r.item, r.total) for r in result.ranking] == [("X", 4), ("Y", 1)]


def test_absent_geleding_is_not_redistributed():
    # Only burgers vote: totals stay on the scale of one geleding (max 1), not scaled to 5.
    result = tally([b("burgers", "A>B"), b("burgers", "B>A")], "borda", seed=0)
    assert [r.total for r in result.ranking] == [F(1, 2), F(1, 2)]
    assert result.absent == ("kennis", "bedrijven", "voorzieningen", "overheid")


def test_all_blank_means_all_absent_and_zero_totals():
    result = tally([b("burgers", ""), b("kennis", "")], "borda", ["A", "B"], seed=0)
    assert result.present == ()
    assert [r.total for r in result.ranking] == [0, 0]
    assert result.blank == {g: (1 if g in ("burgers", "kennis") else 0) for g in GELEDINGEN}
    assert result.to_dict()["ranking"][0]["weakest"] is None


def test_invalid_input_lists_every_problem_and_counts_nothing():
    ballots = [
        Ballot("burgers", ("A", "A"), "p1", row=2),
        Ballot("boeren", ("A",), "p2", row=3),
        Ballot("kennis", ("Z",), "p1", row=4),
        Ballot("", (), "p3", row=5),
    ]
    with pytest.raises(InputError) as info:
        tally(ballots, "borda", ["A", "B"])
    problems = info.value.problems
    assert problems == [
        "regel 2: 'A' staat meer dan één keer op het stembiljet",
        "regel 3: onbekende geleding 'boeren' (kies uit: kennis, burgers, bedrijven, voorzieningen, overheid)",
        "regel 4: 'Z' is geen onderwerp van deze stemming",
        "regel 5: geleding ontbreekt",
        "kiezer 'p1' heeft meer dan één keer gestemd (regel 2, regel 4)",
    ]


@pytest.mark.parametrize(
    ("items", "ballots", "fragment"),
    [
        (["A"], [b("burgers", "A")], "minstens twee onderwerpen nodig om te stemmen; nu 1"),
        (None, [b("burgers", "A")], "minstens twee onderwerpen"),
        (["A", "A"], [b("burgers", "A")], "'A' staat meer dan één keer in de lijst"),
    ],
)
def test_fewer_than_two_items_refused(items, ballots, fragment):
    with pytest.raises(InputError) as info:
        tally(ballots, "borda", items)
    assert any(fragment in p for p in info.value.problems)


def test_unknown_method_refused():
    with pytest.raises(InputError, match="onbekende methode 'stv'"):
        tally([b("burgers", "A>B")], "stv")


def test_shortlist_takes_the_best_k_after_tie_breaks():
    ballots = [b("burgers", "A;B"), b("kennis", "B;C"), b("overheid", "B")]
    first = tally(ballots, "approval", ["A", "B", "C", "D"], seed=0)
    # B 3, then A 1 and C 1 (tied; burgers vs kennis: lot), D 0
    assert voting.shortlist(first, 3)[0] == "B"
    assert set(voting.shortlist(first, 3)[1:]) == {"A", "C"}
    with pytest.raises(InputError):
        voting.shortlist(first, 1)


# --- properties -------------------------------------------------------------------------

ITEMS = ["A", "B", "C", "D"]


@st.composite
def elections(draw):
    m = draw(st.integers(2, 4))
    items = ITEMS[:m]
    method = draw(st.sampled_from(voting.METHODS))
    n = draw(st.integers(1, 14))
    ballots = []
    for i in range(n):
        geleding = draw(st.sampled_from(GELEDINGEN))
        if method == "borda":
            perm = draw(st.permutations(items))
            choices = tuple(perm[: draw(st.integers(0, m))])
        else:
            choices = tuple(x for x in items if draw(st.booleans()))
        ballots.append(Ballot(geleding, choices, f"v{i}"))
    return items, method, ballots


@settings(max_examples=150, deadline=None, database=None)
@given(elections(), st.sampled_from(GELEDINGEN), st.integers(2, 5))
def test_duplicating_a_geledings_ballots_changes_nothing(election, geleding, times):
    items, method, ballots = election
    extra = [
        Ballot(x.geleding, x.choices, f"{x.voter}-{k}")
        for k in range(1, times)
        for x in ballots
        if x.geleding == geleding
    ]
    base = tally(ballots, method, items, seed=7).to_dict()
    more = tally(ballots + extra, method, items, seed=7).to_dict()
    base.pop("ballots")
    more.pop("ballots")
    assert more == base


@settings(max_examples=150, deadline=None, database=None)
@given(elections(), st.randoms(use_true_random=False))
def test_permuting_ballots_changes_nothing(election, rnd):
    items, method, ballots = election
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert (
        tally(shuffled, method, items, seed=3).to_dict()
        == tally(ballots, method, items, seed=3).to_dict()
    )


@settings(max_examples=150, deadline=None, database=None)
@given(elections(), st.sampled_from(GELEDINGEN), st.data())
def test_one_geleding_of_any_size_moves_each_total_by_at_most_one(election, geleding, data):
    items, method, ballots = election
    others = [x for x in ballots if x.geleding != geleding]
    if method == "borda":
        choice = tuple(data.draw(st.permutations(items)))
    else:
        choice = tuple(data.draw(st.lists(st.sampled_from(items), min_size=1, unique=True)))
    crowd = [Ballot(geleding, choice, f"crowd{i}") for i in range(40)]
    without = tally(others, method, items, seed=1)
    with_crowd = tally(others + crowd, method, items, seed=1)
    before = {r.item: r.total for r in without.ranking}
    for r in with_crowd.ranking:
        assert 0 <= r.total - before[r.item] <= 1
        assert all(0 <= s <= 1 for s in r.per_geleding.values())
