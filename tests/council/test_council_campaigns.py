"""Campaigns: one step from a closed round's toplijst, five seats, milestones, canvas."""

from __future__ import annotations

from datetime import date

import pytest

from transitieatlas import db
from transitieatlas.accounts.auth import PermissionDenied, UserInfo
from transitieatlas.actors import repo as actor_repo
from transitieatlas.council import campaign_repo as repo
from transitieatlas.council import campaigns, indicator_repo
from transitieatlas.errors import InputError
from transitieatlas.geledingen import GELEDINGEN
from transitieatlas.voting import rounds

CHAIR = UserInfo("voorzitter", "editor")


@pytest.fixture(autouse=True)
def _fresh_db():
    yield
    db.dispose_all()


def closed_round() -> int:
    """A Borda round over three kwesties in which 'Warmtenet' wins for every geleding."""
    round_id = rounds.open_round(
        "Prioriteiten 2026", "borda", ["Isolatie", "Warmtenet", "Zon op daken"], user=CHAIR
    )
    for g in GELEDINGEN:
        rounds.enter_paper_ballot(
            round_id, g, ["Warmtenet", "Isolatie", "Zon op daken"], user=CHAIR
        )
    rounds.close_round(round_id, user=CHAIR, seed=1)
    return round_id


def test_campaign_from_toplijst_in_one_step_with_five_vacant_seats():
    round_id = closed_round()
    cid = repo.create_from_round(
        round_id, assignment="Maak een WUP", budget_eur=5000, project_leader="An", user=CHAIR
    )
    c = repo.get_campaign(cid)
    assert (c["title"], c["subject"], c["round_id"]) == (
        "Campagne Warmtenet",
        "Warmtenet",
        round_id,
    )
    assert (c["budget_eur"], c["status"]) == (5000.0, "voorbereiding")
    assert [s["geleding"] for s in c["seats"]] == list(GELEDINGEN)
    assert all(s["vacant"] for s in c["seats"])
    assert c["seats"][0]["label"] == "Kennis en wetenschap: vacant"
    second = repo.create_from_round(round_id, rank=3, user=CHAIR)
    assert repo.get_campaign(second)["subject"] == "Zon op daken"
    with pytest.raises(InputError, match="plaatsen 1 tot en met 3"):
        repo.create_from_round(round_id, rank=4, user=CHAIR)
    with pytest.raises(PermissionDenied):
        repo.create_from_round(round_id, rank=2, user=None)
    open_id = rounds.open_round("Nog open", "approval", ["A", "B"], user=CHAIR)
    with pytest.raises(InputError, match="nog niet gesloten"):
        repo.create_from_round(open_id, user=CHAIR)


def test_seats_link_to_actors_and_refuse_unknown_ones():
    cid = repo.create_campaign("WUP", "Warmtenet", user=CHAIR)
    school = actor_repo.create_actor({"name": "De Regenboog", "geleding": "voorzieningen"}, CHAIR)
    shop = actor_repo.create_actor({"name": "Bakkerij Jansen", "geleding": "bedrijven"}, CHAIR)
    pending = actor_repo.submit_actor({"name": "Nieuwe club", "geleding": "burgers"})
    repo.fill_seat(cid, "voorzieningen", school, user=CHAIR)
    before = repo.get_campaign(cid)["seats"]
    with pytest.raises(InputError, match="Actor 9999 staat niet"):
        repo.fill_seat(cid, "bedrijven", 9999, user=CHAIR)
    with pytest.raises(InputError, match="niet bij Burgers"):
        repo.fill_seat(cid, "burgers", shop, user=CHAIR)
    with pytest.raises(InputError, match="staat niet \\(goedgekeurd\\)"):
        repo.fill_seat(cid, "burgers", pending, user=CHAIR)
    assert repo.get_campaign(cid)["seats"] == before  # nothing changed
    seats = {s["geleding"]: s for s in before}
    assert seats["voorzieningen"]["actor"] == "De Regenboog"
    assert seats["voorzieningen"]["label"] == "Maatschappelijke voorzieningen: De Regenboog"
    assert sum(s["vacant"] for s in before) == 4
    # a deleted actor leaves a vacant seat; the seat itself stays
    actor_repo.delete_actor(school, CHAIR)
    seats = {s["geleding"]: s for s in repo.get_campaign(cid)["seats"]}
    assert len(seats) == 5 and seats["voorzieningen"]["vacant"]
    assert repo.seat_actor_ids([repo.get_campaign(cid)]) == {}


def test_milestones_canvas_and_team():
    cid = repo.create_campaign("WUP", "Warmtenet", user=CHAIR)
    a = repo.add_milestone(cid, "Startbericht", date(2026, 2, 1), user=CHAIR)
    b = repo.add_milestone(cid, "Informatieavond", date(2026, 3, 1), user=CHAIR)
    repo.set_progress(a, 100, user=CHAIR)
    repo.set_progress(b, 25, user=CHAIR)
    with pytest.raises(InputError, match="van 0 tot 100, niet 120"):
        repo.set_progress(b, 120, user=CHAIR)
    assert repo.get_campaign(cid)["progress"] == 62.5
    indicator_repo.add_indicator(
        "Huishoudens ingetekend", "handmatig", "aantal", "kennis", "hoger", "WUP", user=CHAIR
    )
    canvas = {
        "goal": " Iedereen van het gas ",
        "partners": {"bedrijven": "installateurs"},
        "indicators": ["Huishoudens ingetekend"],
    }
    repo.update_campaign(
        cid, canvas=canvas, status="lopend", team_accounts=["an", "an", " "], user=CHAIR
    )
    c = repo.get_campaign(cid)
    assert c["canvas"]["goal"] == "Iedereen van het gas"
    assert c["canvas"]["partners"] == {
        "kennis": "",
        "burgers": "",
        "bedrijven": "installateurs",
        "voorzieningen": "",
        "overheid": "",
    }
    assert (c["status"], c["team_accounts"]) == ("lopend", ["an"])
    with pytest.raises(InputError) as info:
        repo.update_campaign(cid, canvas={"indicators": ["Onbekend"]}, status="klaar", user=CHAIR)
    assert info.value.problems == [
        "onbekende status 'klaar' (kies uit: voorbereiding, lopend, afgerond, gestopt)",
        "onbekende indicator 'Onbekend'",
    ]
    assert repo.get_campaign(cid)["status"] == "lopend"
    assert repo.may_see_personal(UserInfo("an", "editor"), c)
    assert not repo.may_see_personal(UserInfo("bob", "editor"), c)
    assert repo.may_see_personal(UserInfo("beheer", "admin"), c)
    assert not repo.may_see_personal(None, c)


def test_pure_seats_and_progress():
    assert campaigns.milestone_progress([]) is None
    seats = campaigns.seats({})
    assert [s["vacant"] for s in seats] == [True] * 5


def test_docstring_examples_run():
    import doctest

    from transitieatlas.council import dashboard

    for module in (campaigns, dashboard):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__


def test_campaign_layer_keeps_seated_actors_with_their_campaign():
    markers = [
        {"id": "1", "lat": 53.2, "lon": 5.8, "label": "Buurtvereniging", "colour": "#E69F00"},
        {"id": "2", "lat": 53.1, "lon": 5.7, "label": "Bakkerij", "colour": "#009E73"},
    ]
    layer = campaigns.campaign_layer(markers, {1: ["WUP", "Zon op daken"]})
    assert layer == [
        {
            "id": "1",
            "lat": 53.2,
            "lon": 5.8,
            "label": "Buurtvereniging · campagne: WUP, Zon op daken",
            "colour": "#E69F00",
        }
    ]
    cid = repo.create_campaign("WUP", "Warmtenet", user=CHAIR)
    club = actor_repo.create_actor({"name": "Club", "geleding": "burgers"}, CHAIR)
    repo.fill_seat(cid, "burgers", club, user=CHAIR)
    assert repo.seat_actor_ids(repo.list_campaigns()) == {club: ["WUP"]}
