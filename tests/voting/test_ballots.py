"""The ballot CSV: parsing, every problem at once with line numbers, and the round trip."""

from __future__ import annotations

import pytest

from transitieatlas.errors import InputError
from transitieatlas.voting import ballots
from transitieatlas.voting import count as voting
from transitieatlas.voting.count import Ballot

GOOD = """voter,geleding,ballot
p1,burgers,A>B>C
p2, Kennis ,C > A
p3,overheid,

p4,bedrijven,B
"""


def test_parse_rankings_blank_rows_and_spacing():
    parsed, items = ballots.parse_csv(GOOD, "borda")
    assert items == ["A", "B", "C"]
    assert parsed == [
        Ballot("burgers", ("A", "B", "C"), "p1", 2),
        Ballot("kennis", ("C", "A"), "p2", 3),  # geleding case and spaces ignored
        Ballot("overheid", (), "p3", 4),  # empty ballot = blank
        Ballot("bedrijven", ("B",), "p4", 6),  # the empty line 5 is skipped
    ]


def test_parse_approval_with_byte_order_mark_and_quoted_field():
    text = '\ufeffvoter,geleding,ballot\r\n1,burgers,"A;B"\r\n2,kennis,C\r\n'
    parsed, items = ballots.parse_csv(text, "approval", ["A", "B", "C", "D"])
    assert items == ["A", "B", "C", "D"]
    assert [x.choices for x in parsed] == [("A", "B"), ("C",)]


def test_every_problem_listed_with_its_line():
    text = """voter,geleding,ballot
p1,burgers,A>B>A
p2,boeren,A
p1,kennis,X
,overheid,A;B
p5,,A>>B
"""
    with pytest.raises(InputError) as info:
        ballots.parse_csv(text, "borda", ["A", "B"])
    assert info.value.problems == [
        "regel 5: kiezer ontbreekt",
        "regel 5: ';' hoort niet bij methode borda (een rangorde schrijf je als A>B>C)",
        "regel 6: lege plaats in 'A>>B'",
        "regel 2: 'A' staat meer dan één keer op het stembiljet",
        "regel 3: onbekende geleding 'boeren' (kies uit: kennis, burgers, bedrijven, voorzieningen, overheid)",
        "regel 4: 'X' is geen onderwerp van deze stemming",
        "regel 6: geleding ontbreekt",
        "kiezer 'p1' heeft meer dan één keer gestemd (regel 2, regel 4)",
    ]
    assert str(info.value).startswith("Het stembestand kan niet worden geteld:\n- regel 5")


def test_ranking_syntax_refused_for_approval():
    with pytest.raises(InputError) as info:
        ballots.parse_csv(
            "voter,geleding,ballot\n1,burgers,A>B\n2,kennis,B\n", "approval", ["A", "B"]
        )
    assert info.value.problems == [
        "regel 2: '>' hoort niet bij methode approval (goedkeuring schrijf je als A;B)"
    ]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("voter;geleding;ballot\n1;burgers;A\n", "Gebruik komma's als scheidingsteken"),
        ("naam,geleding,stem\n", "mist kolom(men) voter, ballot"),
        ("", "(leeg bestand)"),
    ],
)
def test_wrong_columns_refused(text, fragment):
    with pytest.raises(InputError, match="mist kolom") as info:
        ballots.parse_csv(text, "borda")
    assert fragment in str(info.value)


def test_item_names_that_the_format_cannot_carry():
    assert ballots.item_name_problems(["A", "B>C", "D;E", " ", "F "]) == [
        "onderwerp 'B>C': de tekens '>' en ';' mogen niet in een naam",
        "onderwerp 'D;E': de tekens '>' en ';' mogen niet in een naam",
        "een onderwerp heeft een lege naam",
        "onderwerp 'F ': naam begint of eindigt met een spatie",
    ]


@pytest.mark.parametrize("method", voting.METHODS)
def test_to_csv_round_trip_gives_the_same_count(method):
    original = [
        Ballot("burgers", ("Warmtenet", "Isolatie, eerst"), "x1"),
        Ballot("kennis", (), "x2"),
        Ballot("overheid", ("Isolatie, eerst",), ""),
    ]
    text = ballots.to_csv(original, method)
    assert text.splitlines()[0] == "voter,geleding,ballot"
    assert text.splitlines()[3] == '3,overheid,"Isolatie, eerst"'
    parsed, items = ballots.parse_csv(text, method)
    assert [(x.geleding, x.choices) for x in parsed] == [(x.geleding, x.choices) for x in original]
    assert (
        voting.tally(parsed, method, items, seed=1).to_dict()
        == voting.tally(original, method, items, seed=1).to_dict()
    )
