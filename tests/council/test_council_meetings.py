"""Meetings: the fixed agenda with its variable parts, kwesties per geleding, minutes."""

from __future__ import annotations

from datetime import date

import pytest

from transitieatlas import db
from transitieatlas.accounts.auth import PermissionDenied, UserInfo
from transitieatlas.cli import main
from transitieatlas.council import agenda, campaign_repo, indicator_repo, meeting_repo, speaking
from transitieatlas.errors import InputError
from transitieatlas.geledingen import GELEDINGEN
from transitieatlas.voting import rounds

CHAIR = UserInfo("voorzitter", "editor")


@pytest.fixture(autouse=True)
def _fresh_db():
    yield
    db.dispose_all()


def test_fixed_structure_of_4_6_5():
    assert agenda.item_numbers() == [
        "1", "2", "3", "3a", "3b", "4", "4a", "4b", "4c", "4d",
        "5", "5a", "5b", "5c", "6", "7", "8", "9",
    ]  # fmt: skip
    empty = agenda.to_markdown(agenda.AgendaInput(held_on=date(2026, 3, 5)))
    assert empty.startswith("# Agenda vergadering wijk/dorpsraad, 5 maart 2026\n")
    for line in (
        "## 1. Opening en welkom",
        "### 3b. Onderhoud van het dashboard",
        "- Geen wijzigingen sinds de vorige vergadering.",
        "- Burgers: geen nieuwe kwesties",
        "- Nog geen campagnes.",
        "## 9. Nabespreking",
    ):
        assert line in empty.splitlines()


def test_codes_per_geleding_moderation_and_agenda(capsys, tmp_path):
    first = meeting_repo.create_meeting(date(2026, 1, 10), user=CHAIR)
    meeting_repo.save_minutes(first, "Besproken: de opzet.", user=CHAIR)
    with pytest.raises(InputError, match="al een vergadering op 10 januari 2026"):
        meeting_repo.create_meeting(date(2026, 1, 10), user=CHAIR)
    meeting = meeting_repo.create_meeting(date(2026, 3, 5), user=CHAIR)
    codes = meeting_repo.issue_codes(meeting, {"burgers": 2, "bedrijven": 1}, user=CHAIR)
    assert [g for _, g in codes] == ["burgers", "burgers", "bedrijven"]
    with pytest.raises(PermissionDenied):
        meeting_repo.issue_codes(meeting, {"kennis": 1}, user=None)
    burger_code, _ = codes[0]
    sub = meeting_repo.submit_kwestie(burger_code.lower(), "Energiecoach per straat")
    with pytest.raises(InputError, match="al gebruikt"):
        meeting_repo.submit_kwestie(burger_code, "Nog een")
    with pytest.raises(InputError, match="bestaat niet"):
        meeting_repo.submit_kwestie("AAAA-AAAA", "Onbekend")
    spam = meeting_repo.submit_kwestie(codes[2][0], "Koop onze ketels")
    kwestie_id = meeting_repo.moderate(sub, True, user=CHAIR)
    assert meeting_repo.moderate(spam, False, user=CHAIR) is None
    (kw,) = rounds.list_kwesties()
    assert (kw.id, kw.title, kw.geleding) == (
        kwestie_id,
        "Energiecoach per straat",
        "burgers",
    )
    assert [s["status"] for s in meeting_repo.list_submissions(meeting)] == [
        "geaccepteerd",
        "afgewezen",
    ]
    # a closed round, a campaign with a filled seat and a dashboard change feed the agenda
    round_id = rounds.open_round("Ronde maart", "borda", ["Warmtenet", "Isolatie"], user=CHAIR)
    for g in GELEDINGEN:
        rounds.enter_paper_ballot(round_id, g, ["Warmtenet", "Isolatie"], user=CHAIR)
    rounds.close_round(round_id, user=CHAIR, seed=3, next_vote_on=date(2026, 9, 1))
    campaign_repo.create_from_round(round_id, user=CHAIR)
    indicator_repo.add_indicator(
        "Huishoudens ingetekend", "handmatig", "aantal", "kennis", "hoger", "WUP", user=CHAIR
    )
    text = agenda.to_markdown(meeting_repo.agenda_input(date(2026, 3, 5)))
    lines = text.splitlines()
    assert "- Verslag vaststellen: vergadering van 10 januari 2026" in lines
    assert "- Burgers: Energiecoach per straat" in lines
    assert "- Bedrijven: geen nieuwe kwesties" in lines  # the rejected one is not on it
    assert "- Uitslag 'Ronde maart': 1. Warmtenet, 2. Isolatie" in lines
    assert "- Volgende stemming gepland op 1 september 2026." in lines
    assert (
        "- Campagne Warmtenet (voorbereiding); vacant: Kennis en wetenschap, Burgers, "
        "Bedrijven, Maatschappelijke voorzieningen, Overheid" in lines
    )
    assert "- Hoogste kwesties zonder campagne: Isolatie" in lines
    assert "- Toegevoegd: Huishoudens ingetekend (door voorzitter: WUP)" in lines
    # the CLI: generated, then the presidium's edited text
    assert main(["agenda", "--meeting", "2026-03-05", "--format", "md"]) == 0
    assert capsys.readouterr().out == text
    meeting_repo.save_agenda(meeting, "# Agenda\n\n- <script>x</script>", user=CHAIR)
    assert main(["agenda", "--meeting", "2026-03-05", "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert "<li>&lt;script&gt;x&lt;/script&gt;</li>" in page and "<script>" not in page
    pdf = tmp_path / "agenda.pdf"
    assert main(["agenda", "--meeting", "2026-03-05", "--format", "pdf", "-o", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000
    assert main(["agenda", "--meeting", "5-3-2026"]) == 1
    assert "geen datum" in capsys.readouterr().err


def test_agenda_html_escapes_app_text():
    data = agenda.AgendaInput(
        held_on=date(2026, 3, 5),
        kwesties_in=[{"title": "<img src=x onerror=alert(1)>", "geleding": "kennis"}],
    )
    page = agenda.to_html(data)
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "\\<img" in agenda.to_markdown(data)


def test_minutes_concept_then_adopted_and_published():
    meeting = meeting_repo.create_meeting(date(2026, 3, 5), user=CHAIR)
    assert meeting_repo.published_minutes() == []
    with pytest.raises(InputError, match="nog leeg"):
        meeting_repo.adopt_minutes(meeting, date(2026, 4, 1), user=CHAIR)
    meeting_repo.save_minutes(meeting, "Concept: de raad koos Warmtenet.", user=CHAIR)
    assert meeting_repo.published_minutes() == []  # a concept stays internal by default
    meeting_repo.save_minutes(
        meeting, "Concept: de raad koos Warmtenet.", publish_concept=True, user=CHAIR
    )
    assert [m.minutes_status for m in meeting_repo.published_minutes()] == ["concept"]
    campaign = campaign_repo.create_campaign("WUP", "Warmtenet", user=CHAIR)
    dec = meeting_repo.add_decision(
        meeting, "Start de WUP-campagne", campaign_id=campaign, user=CHAIR
    )
    with pytest.raises(InputError, match="De kwestie 99 bestaat niet"):
        meeting_repo.add_decision(meeting, "x", kwestie_id=99, user=CHAIR)
    assert meeting_repo.decisions(meeting) == [
        {
            "id": dec,
            "text": "Start de WUP-campagne",
            "kwestie": None,
            "campaign": "WUP",
            "indicator": None,
        }
    ]
    with pytest.raises(InputError, match="vóór de vergadering"):
        meeting_repo.adopt_minutes(meeting, date(2026, 3, 1), user=CHAIR)
    meeting_repo.adopt_minutes(meeting, date(2026, 4, 2), user=CHAIR)
    with pytest.raises(InputError, match="vastgesteld en verandert niet meer"):
        meeting_repo.save_minutes(meeting, "anders", user=CHAIR)
    (published,) = meeting_repo.published_minutes()
    assert (published.minutes_status, published.adopted_on) == (
        "vastgesteld",
        date(2026, 4, 2),
    )
    assert published.minutes_md == "Concept: de raad koos Warmtenet."


def test_speaking_time_equal_shares():
    events = [(0.0, "kennis"), (90.0, "burgers"), (100.0, None), (200.0, "kennis")]
    used = speaking.used_seconds(events, now=230.0)
    assert used == {
        "kennis": 120.0,
        "burgers": 10.0,
        "bedrijven": 0.0,
        "voorzieningen": 0.0,
        "overheid": 0.0,
    }
    assert set(speaking.used_seconds([], now=5.0).values()) == {0.0}
    assert speaking.allotted_seconds(10) == 120.0  # a fifth of ten minutes
    state = speaking.timer_state(events, now=230.0, item_minutes=5)
    table = speaking.state_rows(state)
    assert table[0] == {
        "Geleding": "Kennis en wetenschap",
        "Gesproken": "2:00",
        "Over": "-1:00 (te lang)",
        "Nu aan het woord": "●",
    }
    assert table[1]["Over"] == "0:50"
    assert (state.elapsed, state.item_left, state.speaker) == (130.0, 170.0, "kennis")
    kennis, burgers = state.shares[0], state.shares[1]
    assert kennis.over and kennis.used_fraction == 1.0  # capped for the progress bar
    assert burgers.used_fraction == pytest.approx(10 / 60) and not burgers.over
    assert state.ticking


def test_speaking_timer_ticks_with_the_clock_and_stops_with_nobody():
    """The live view only re-reads the clock: a second later the speaker has one second
    more and one second less left; with nobody speaking nothing changes and it stops."""
    events = [(10.0, "overheid")]
    before = speaking.timer_state(events, now=70.0, item_minutes=10)
    after = speaking.timer_state(events, now=71.0, item_minutes=10)
    overheid = [s for s in after.shares if s.geleding == "overheid"][0]
    assert (overheid.used, overheid.left) == (61.0, 59.0)
    assert after.item_left == before.item_left - 1 == 539.0
    assert all(s.used == 0 for s in after.shares if s.geleding != "overheid")
    stopped = [*events, (100.0, None)]
    a = speaking.timer_state(stopped, now=200.0, item_minutes=10)
    b = speaking.timer_state(stopped, now=500.0, item_minutes=10)
    assert a == b and not a.ticking and a.elapsed == 90.0
    empty = speaking.timer_state([], now=5.0, item_minutes=10)
    assert empty.elapsed == 0 and not empty.ticking and empty.item_left == 600.0
