"""The prioritisation workflow in the database: kwesties, clusters, rounds, codes, archive."""

from __future__ import annotations

import json
import shlex
from datetime import date

import pytest
from sqlalchemy import inspect, select, text

from transitieatlas import db
from transitieatlas.accounts.auth import PermissionDenied, UserInfo
from transitieatlas.cli import main
from transitieatlas.db.models import VoteBallot, VoteCode
from transitieatlas.errors import InputError, NotInStore
from transitieatlas.voting import rounds
from transitieatlas.voting.published import BallotCount, PublishedResult

CHAIR = UserInfo("voorzitter", "editor")


@pytest.fixture(autouse=True)
def _fresh_db():
    yield
    db.dispose_all()


def test_kwesties_and_clusters():
    a = rounds.add_kwestie(
        "Isolatie eerst", "burgers", "Eerst isoleren", ["BU00800101"], user=CHAIR
    )
    b = rounds.add_kwestie("Warmtenet", "overheid", user=CHAIR)
    c = rounds.add_kwestie("Energiecoach", "Voorzieningen ", user=CHAIR)
    with pytest.raises(InputError) as info:
        rounds.add_kwestie("Warmtenet", "boeren", user=CHAIR)
    assert info.value.problems == [
        "onbekende geleding 'boeren' (kies uit: kennis, burgers, bedrijven, voorzieningen, overheid)",
        "er is al een kwestie met de titel 'Warmtenet'",
    ]
    with pytest.raises(InputError, match="bevat een van de tekens"):
        rounds.add_kwestie("Wind > zon", "kennis", user=CHAIR)
    with pytest.raises(PermissionDenied):
        rounds.add_kwestie("Zonnepanelen", "kennis", user=None)

    rounds.save_cluster("Gebouwen", "over huizen", [a, c], user=CHAIR)
    # voting on clusters is refused while a kwestie is left out
    with pytest.raises(InputError) as info:
        rounds.vote_items("cluster")
    assert info.value.problems == ["'Warmtenet'"]
    # a kwestie moves: it is in exactly one cluster
    rounds.save_cluster("Warmte", "collectieve warmte", [b, c], user=CHAIR)
    clusters = {x.name: x.kwesties for x in rounds.list_clusters()}
    assert clusters == {"Gebouwen": ("Isolatie eerst",), "Warmte": ("Warmtenet", "Energiecoach")}
    assert rounds.vote_items("cluster") == ["Gebouwen", "Warmte"]
    assert rounds.vote_items("kwestie") == ["Isolatie eerst", "Warmtenet", "Energiecoach"]
    kw = {k.title: k for k in rounds.list_kwesties()}
    assert kw["Energiecoach"].geleding == "voorzieningen"
    assert kw["Energiecoach"].cluster == "Warmte"
    assert kw["Isolatie eerst"].links == ("BU00800101",)
    assert kw["Isolatie eerst"].proposed_by == "voorzitter"
    assert kw["Isolatie eerst"].description == "Eerst isoleren"
    with pytest.raises(InputError) as info:
        rounds.save_cluster("", "", [], user=CHAIR)
    assert len(info.value.problems) == 3
    rounds.delete_cluster(rounds.list_clusters()[0].id, user=CHAIR)
    assert rounds.list_kwesties()[0].cluster == ""


def test_open_round_refuses_bad_input_all_at_once():
    with pytest.raises(InputError) as info:
        rounds.open_round(" ", "stv", ["A", "A;B"], shortlist_size=5, user=CHAIR)
    assert info.value.problems == [
        "de ronde heeft geen titel",
        "onbekende methode 'stv' (kies uit: borda, approval)",
        "onderwerp 'A;B' bevat een van de tekens > ; , (die zijn nodig in het stembestand)",
        "de tweede ronde moet tussen 2 en 1 onderwerpen hebben; gekozen: 5",
    ]
    with pytest.raises(InputError, match="minstens twee onderwerpen"):
        rounds.open_round("Ronde", "borda", ["A"], user=CHAIR)
    with pytest.raises(PermissionDenied):
        rounds.open_round("Ronde", "borda", ["A", "B"], user=UserInfo("kijker", "viewer"))


def cast_all(round_id: int, votes: dict[str, list[str]]) -> list[str]:
    """Issue codes per geleding and cast ``votes[geleding]`` = ballots like 'A;B' or 'A>B'."""
    counts = {g: len(v) for g, v in votes.items()}
    codes = rounds.issue_codes(round_id, counts, user=CHAIR)
    receipts = []
    for geleding, ballots in votes.items():
        mine = [c for c, g in codes if g == geleding]
        for code, ballot in zip(mine, ballots, strict=True):
            choices = [x for x in ballot.replace(">", ";").split(";") if x]
            receipts.append(rounds.cast_ballot(code.lower().replace("-", " "), choices))
    return receipts


def test_two_round_vote_from_opening_to_recount(tmp_path, capsys):
    first = rounds.open_round(
        "Prioriteiten 2026", "approval", ["A", "B", "C", "D"], shortlist_size=2, user=CHAIR
    )
    cast_all(
        first,
        {
            "burgers": ["A;B", "A", "B;C", ""],  # counted 3: A 2/3, B 2/3, C 1/3
            "kennis": ["C;A"],  # A 1, C 1
            "overheid": ["B"],  # B 1
        },
    )
    # totals: A 5/3, B 5/3, C 4/3, D 0; A-B tie: burgers equal, kennis A, overheid B -> lot
    info = rounds.get_round(first)
    assert info.result is None and info.ballots == 6 and info.codes_spent == 6
    assert info.is_open and info.order() == [] and info.shortlist() == []
    with pytest.raises(InputError, match="pas zichtbaar als de ronde gesloten is"):
        rounds.result(first)
    with pytest.raises(InputError, match="pas openbaar"):
        rounds.export_csv(first)
    outcome = rounds.close_round(first, user=CHAIR, seed=11)
    assert outcome.seed == 11
    assert [r.total_exact for r in outcome.ranking] == ["5/3", "5/3", "4/3", "0"]
    assert {r.item for r in outcome.ranking[:2]} == {"A", "B"}
    assert outcome.ties[0].decided_by == "loting"
    assert outcome.ballots["burgers"] == BallotCount(counted=3, blank=1)
    assert outcome.absent == ("bedrijven", "voorzieningen")
    assert rounds.result(first) == outcome == rounds.get_round(first).result

    # a closed round cannot change
    with pytest.raises(InputError, match="gesloten"):
        rounds.issue_codes(first, {"burgers": 1}, user=CHAIR)
    with pytest.raises(InputError, match="gesloten"):
        rounds.enter_paper_ballot(first, "burgers", ["A"], user=CHAIR)
    with pytest.raises(InputError, match="gesloten"):
        rounds.close_round(first, user=CHAIR)

    second = rounds.open_second_round(first, user=CHAIR)
    with pytest.raises(InputError, match="al een tweede ronde"):
        rounds.open_second_round(first, user=CHAIR)
    shortlist = outcome.order()[:2]
    assert list(rounds.get_round(second).items) == shortlist
    assert rounds.get_round(first).shortlist() == shortlist
    assert rounds.get_round(second).method == "borda"
    assert rounds.get_round(first).second_round_id == second
    x, y = shortlist
    cast_all(second, {"kennis": [f"{y}>{x}"], "bedrijven": [f"{x}>{y}", f"{x}"]})
    rounds.enter_paper_ballot(second, "voorzieningen", [y], user=CHAIR)
    # m = 2: x: kennis 0, bedrijven 1, voorzieningen 0 -> 1; y: 1 + 0 + 1 -> 2
    final = rounds.close_round(second, user=CHAIR, next_vote_on=date(2027, 3, 1))
    assert [(r.item, r.total) for r in final.ranking] == [(y, 2.0), (x, 1.0)]
    assert rounds.get_round(second).next_vote_on == date(2027, 3, 1)
    assert [r.id for r in rounds.archive()] == [second, first]

    # anyone can recount the archive with `transitieatlas tally`
    for round_id in (first, second):
        path = tmp_path / f"stemronde-{round_id}.csv"
        path.write_text(rounds.export_csv(round_id), encoding="utf-8")
        command = rounds.recount_command(round_id, str(path))
        args = shlex.split(command)[1:]
        assert main(args) == 0
        assert json.loads(capsys.readouterr().out) == rounds.result(round_id).to_json()


def test_codes_are_one_time_and_not_linked_to_ballots():
    round_id = rounds.open_round("Geheim", "borda", ["A", "B", "C"], user=CHAIR)
    codes = rounds.issue_codes(round_id, {"burgers": 3, "kennis": 1}, user=CHAIR)
    assert [g for _, g in codes] == ["kennis"] + ["burgers"] * 3  # fixed geleding order
    assert all(len(c) == 9 and c[4] == "-" for c, _ in codes)
    assert len({c for c, _ in codes}) == 4
    code = codes[1][0]
    info = rounds.check_code(code.lower())
    assert (info.code, info.geleding, info.round_id, info.items) == (
        code,
        "burgers",
        round_id,
        ("A", "B", "C"),
    )
    # an invalid ballot is refused and does not spend the code
    with pytest.raises(InputError) as info:
        rounds.cast_ballot(code, ["A", "A", "Z"])
    assert info.value.problems == [
        "'A' staat meer dan één keer op het stembiljet",
        "'Z' is geen onderwerp van deze stemming",
    ]
    receipt = rounds.cast_ballot(code, ["C", "A"])
    with pytest.raises(InputError, match="al gestemd"):
        rounds.cast_ballot(code, ["A"])
    with pytest.raises(InputError, match="bestaat niet"):
        rounds.cast_ballot("AAAA-AAAA", ["A"])
    rounds.cast_ballot(codes[0][0], [])  # blank, by kennis
    listed = rounds.code_list(round_id, user=CHAIR)
    assert [(c["geleding"], c["spent"]) for c in listed if c["spent"]] == [
        ("kennis", True),
        ("burgers", True),
    ]
    assert [c["code"] for c in listed if c["geleding"] == "burgers" and c["spent"]] == [code]
    with pytest.raises(PermissionDenied):
        rounds.code_list(round_id, user=None)

    # the schema cannot link a ballot to a code, a voter or a time
    engine = db.get_engine()
    columns = {c["name"] for c in inspect(engine).get_columns("vote_ballots")}
    assert columns == {"ballot_id", "round_id", "geleding", "choices", "source"}
    assert {c["name"] for c in inspect(engine).get_columns("vote_codes")} == {
        "code",
        "round_id",
        "geleding",
        "spent",
    }
    assert {c["name"] for c in inspect(engine).get_columns("vote_receipts")} == {
        "receipt",
        "round_id",
        "geleding",
    }
    with db.session_scope() as s:
        stored = s.scalars(select(VoteBallot)).all()
        dumped = json.dumps([[b.ballot_id, b.geleding, b.choices, b.source] for b in stored])
        assert all(rounds.normalise_code(c) not in dumped for c, _ in codes)
        assert rounds.normalise_code(receipt) not in rounds.normalise_code(dumped)
        assert sorted(b.choices for b in stored) == [[], ["C", "A"]]
        assert s.scalar(select(VoteCode.spent).where(VoteCode.code == rounds.normalise_code(code)))


def test_approval_choices_lose_their_ticking_order_and_close_needs_a_vote():
    round_id = rounds.open_round("Ja/nee", "approval", ["A", "B", "C"], user=CHAIR)
    with pytest.raises(InputError, match="nog geen enkele geldige stem"):
        rounds.close_round(round_id, user=CHAIR)
    rounds.enter_paper_ballot(round_id, "bedrijven", ["C", "A"], user=CHAIR)
    rounds.close_round(round_id, user=CHAIR)
    csv_text = rounds.export_csv(round_id)
    assert csv_text.splitlines()[1].endswith(",bedrijven,A;C")
    assert rounds.get_round(round_id).result.seed == rounds.result(round_id).seed
    with pytest.raises(InputError, match="geen tweede ronde gepland"):
        rounds.open_second_round(round_id, user=CHAIR)
    with pytest.raises(NotInStore):
        rounds.get_round(999)


def test_presentation_helpers_on_a_hand_counted_result():
    from transitieatlas.voting.count import Ballot, tally

    # approval: burgers 'A;B' and 'A' -> A 1, B 1/2; kennis 'B' -> B 1, A 0
    # totals A 1, B 3/2, C 0; nobody else voted
    ballots = [Ballot("burgers", ("A", "B")), Ballot("burgers", ("A",)), Ballot("kennis", ("B",))]
    result = PublishedResult.from_json(
        tally(ballots, "approval", ["A", "B", "C"], seed=4).to_dict()
    )
    rows = rounds.toplijst_rows(result)
    assert rows[0] == {
        "Plaats": 1,
        "Onderwerp": "B",
        "Totaal (max. 5)": "1,500",
        "Zwakste steun": "Burgers: 0,500",
        "Kennis en wetenschap": "1,000",
        "Burgers": "0,500",
        "Bedrijven": "afwezig",
        "Maatschappelijke voorzieningen": "afwezig",
        "Overheid": "afwezig",
    }
    assert rows[2]["Zwakste steun"] == "Kennis en wetenschap, Burgers: 0,000"
    bars = rounds.contribution_rows(result)
    assert {(b["onderwerp"], b["geleding"], b["score"]) for b in bars if b["onderwerp"] == "A"} == {
        ("A", "Kennis en wetenschap", 0.0),
        ("A", "Burgers", 1.0),
    }
    assert rounds.describe_ties(result) == []

    # a tie the geledingen cannot break: burgers 'A', kennis 'B' -> A 1, B 1, one each
    tied = tally([Ballot("burgers", ("A",)), Ballot("kennis", ("B",))], "approval", seed=4)
    (line,) = rounds.describe_ties(PublishedResult.from_json(tied.to_dict()))
    first, second = tied.order()
    assert line == (
        f"'{first}' en '{second}' hadden precies hetzelfde totaal (1,000). "
        f"Per paar: 'A' hoger bij 1, 'B' hoger bij 1 geleding(en). Wat daarna nog gelijk stond "
        f"is geloot (startgetal 4): '{first}' vóór '{second}'."
    )


def test_printable_codes_skip_spent_ones_and_escape_html():
    page = rounds.codes_printable_html(
        "Ronde <1>",
        [
            {"code": "ABCD-EFGH", "geleding": "burgers", "spent": False},
            {"code": "JKMN-PQRS", "geleding": "kennis", "spent": True},
        ],
    )
    assert page.count('class="slip"') == 1
    assert "ABCD-EFGH" in page and "JKMN-PQRS" not in page
    assert "Ronde &lt;1&gt;" in page and "Ronde <1>" not in page


def test_recount_command_survives_spaces_and_quotes_in_item_names():
    items = ["Huis 't Hoog", "Warmte $net"]
    round_id = rounds.open_round("Quotes", "borda", items, user=CHAIR)
    rounds.enter_paper_ballot(round_id, "kennis", ["Warmte $net"], user=CHAIR)
    rounds.close_round(round_id, user=CHAIR, seed=5)
    args = shlex.split(rounds.recount_command(round_id, "map met spatie/r.csv"))
    assert args == [
        "transitieatlas",
        "tally",
        "map met spatie/r.csv",
        "--method",
        "borda",
        "--items",
        "Huis 't Hoog,Warmte $net",
        "--seed",
        "5",
        "--format",
        "json",
    ]


def test_printable_codes_carry_the_voting_link_as_text_and_qr():
    page = rounds.codes_printable_html(
        "Ronde",
        [
            {"code": "ABCD-EFGH", "geleding": "burgers", "spent": False},
            {"code": "JKMN-PQRS", "geleding": "overheid", "spent": False},
        ],
        vote_url="https://raad.example/stemmen",
    )
    assert page.count("<svg") == 2
    assert "https://raad.example/stemmen?code=ABCD-EFGH" in page
    assert "https://raad.example/stemmen?code=JKMN-PQRS" in page


def _rows_in_storage_order(round_id: int) -> list[str]:
    """The ballots' single choice in the order the database holds the rows (SQLite's rowid,
    PostgreSQL's ctid: the physical order)."""
    with db.session_scope() as s:
        physical = "ctid" if s.get_bind().dialect.name == "postgresql" else "rowid"
        rows = s.execute(
            text(f"SELECT choices FROM vote_ballots WHERE round_id = :r ORDER BY {physical}"),
            {"r": round_id},
        ).all()
    return [json.loads(r[0])[0] if isinstance(r[0], str) else r[0][0] for r in rows]


def test_open_round_rows_do_not_reveal_the_order_of_casting():
    items = [f"K{i:02d}" for i in range(14)]
    round_id = rounds.open_round("Volgorde", "borda", items, user=CHAIR)
    codes = rounds.issue_codes(round_id, {"burgers": len(items)}, user=CHAIR)
    orders = []
    for n, ((code, _), item) in enumerate(zip(codes, items, strict=True), start=1):
        rounds.cast_ballot(code, [item])  # the n-th voter picks item n: order is visible
        orders.append(_rows_in_storage_order(round_id))
        assert sorted(orders[-1]) == items[:n]  # every ballot is there, open round
    # 14! orders: the chance that a random shuffle keeps the casting order is 1 in 8.7e10
    assert orders[-1] != items
    # and the newest ballot is not always the last row (as an append would make it)
    assert [o[-1] for o in orders[1:]] != items[1:]
    with db.session_scope() as s:
        ids = s.scalars(select(VoteBallot.ballot_id)).all()
    assert len(set(ids)) == len(items) and all(len(i) == 16 for i in ids)


def test_archive_lets_anyone_recount_and_voters_check_without_proving_a_choice():
    round_id = rounds.open_round("Bewijs", "approval", ["A", "B", "C"], user=CHAIR)
    codes = rounds.issue_codes(round_id, {"burgers": 3, "kennis": 1}, user=CHAIR)
    receipts = [
        rounds.cast_ballot(code, choice)
        for (code, _), choice in zip(codes, [[], ["A"], ["B"], ["A", "C"]], strict=True)
    ]
    rounds.enter_paper_ballot(round_id, "overheid", ["C"], user=CHAIR)
    assert all(len(r) == 11 and r[5] == "-" for r in receipts)
    with pytest.raises(InputError, match="pas openbaar"):
        rounds.receipts(round_id)
    rounds.close_round(round_id, user=CHAIR, seed=3)

    ballots_csv = rounds.export_csv(round_id)
    # ballots are numbered after sorting by geleding and choice: no receipt, no order
    assert ballots_csv.splitlines() == [
        "voter,geleding,ballot",
        "1,kennis,",
        "2,burgers,A",
        "3,burgers,A;C",
        "4,burgers,B",
        "5,overheid,C",
    ]
    assert not any(rounds.normalise_code(r) in rounds.normalise_code(ballots_csv) for r in receipts)
    listed = rounds.receipts(round_id)
    assert sorted(r for r, _ in listed) == sorted(receipts)  # paper ballots have none
    assert [g for _, g in codes] == ["kennis", "burgers", "burgers", "burgers"]
    assert [g for r, g in listed if r == receipts[0]] == ["kennis"]
    assert rounds.receipts_csv(round_id).splitlines()[0] == "bewijsnummer,geleding"
    assert rounds.receipt_counted(round_id, receipts[0].lower().replace("-", " "))
    assert not rounds.receipt_counted(round_id, "AAAAA-AAAAA")


@pytest.mark.parametrize("typed", ["18446744073709551616", "²", "١٢", "-1", "1e3"])
def test_bad_seeds_are_refused_in_dutch(typed):
    with pytest.raises(InputError, match="startgetal"):
        rounds.parse_seed(typed)


def test_good_seeds_and_the_largest_one_are_stored():
    assert rounds.parse_seed("") is None
    assert rounds.parse_seed(" 42 ") == 42
    round_id = rounds.open_round("Groot", "approval", ["A", "B"], user=CHAIR)
    rounds.enter_paper_ballot(round_id, "burgers", ["A"], user=CHAIR)
    with pytest.raises(InputError, match="startgetal"):
        rounds.close_round(round_id, user=CHAIR, seed=2**64)
    rounds.close_round(round_id, user=CHAIR, seed=rounds.parse_seed(str(rounds.MAX_SEED)))
    assert rounds.result(round_id).seed == rounds.MAX_SEED


def test_long_texts_are_refused_with_the_limit_named():
    with pytest.raises(InputError) as err:
        rounds.add_kwestie(
            "T" * 201,
            "burgers",
            description="x" * 5001,
            links=["https://example.org"] * 21,
            proposed_by="p" * 201,
            user=CHAIR,
        )
    assert err.value.problems == [
        "de titel is langer dan 200 tekens",
        "de toelichting is langer dan 5000 tekens",
        "de naam van wie de kwestie inbracht is langer dan 200 tekens",
        "meer dan 20 verwijzingen",
    ]
    assert rounds.list_kwesties() == []
    kid = rounds.add_kwestie("Warmte", "burgers", description="d" * 5000, user=CHAIR)
    with pytest.raises(InputError, match="de uitleg is langer dan 2000 tekens"):
        rounds.save_cluster("C", "u" * 2001, [kid], user=CHAIR)
    with pytest.raises(InputError, match="meer dan 50 onderwerpen"):
        rounds.open_round("R", "approval", [f"i{n}" for n in range(51)], user=CHAIR)
