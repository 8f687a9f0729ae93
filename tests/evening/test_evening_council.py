"""What a closed survey gives the council: its ranking as kwesties (presidium, one step), its
group interest beside the vraaggroepen, and contacts only for the campaign team."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from transitieatlas import db
from transitieatlas.accounts import auth
from transitieatlas.accounts.auth import UserInfo
from transitieatlas.cli import main as cli
from transitieatlas.council import campaign_repo
from transitieatlas.errors import InputError, PermissionDenied
from transitieatlas.evening import survey, survey_repo
from transitieatlas.segmentation import export
from transitieatlas.voting import rounds

CHAIR = UserInfo("voorzitter", "editor")
VIEWER = UserInfo("kijker", "viewer")
QUESTIONS = [
    {"id": "kw", "kind": "rangorde", "text": "Belangrijk?", "options": ["A", "B", "C"]},
    {"id": "gr", "kind": "groep", "text": "Groep?", "options": ["Huurders", "Eigenaren"]},
]


@pytest.fixture(autouse=True)
def _fresh_db():
    yield
    db.dispose_all()


def _answer(phone: str, geleding: str, order: str, groups=(), contact=None) -> None:
    survey_repo.answer(
        "avond", phone, geleding, {"kw": list(order), "gr": list(groups)}, contact=contact
    )


@pytest.fixture
def answered():
    """Two burgers rank B A C, two kennis A B C (minimum 2); one bedrijven answer is hidden."""
    survey_repo.create_survey("avond", "Informatieavond Oud-Oost", QUESTIONS, min_count=2)
    _answer("t1", "burgers", "BAC", ["Huurders"], {"name": "Anna", "contact": "anna@example.nl"})
    _answer("t2", "burgers", "BAC", ["Huurders", "Eigenaren"])
    _answer("t3", "kennis", "ABC", [])
    _answer("t4", "kennis", "ABC", ["Eigenaren"])
    _answer("t5", "bedrijven", "CBA", ["Huurders"])


def test_closed_ranking_becomes_kwesties_of_the_geleding_that_ranked_them_highest(answered):
    with pytest.raises(InputError, match="Sluit de enquête 'avond' eerst"):
        survey_repo.make_kwesties("avond", user=CHAIR)
    survey_repo.close_survey("avond")
    with pytest.raises(PermissionDenied):
        survey_repo.make_kwesties("avond", user=VIEWER)
    assert rounds.list_kwesties() == []
    # Borda over 3 options (1, 0,5, 0): burgers B 1, A 0,5; kennis A 1, B 0,5 → A 1,5 = B 1,5
    # (equal totals keep the order of the options); C 0. bedrijven (1 answer) is not counted.
    added, skipped = survey_repo.make_kwesties("avond", user=CHAIR, top=2)
    assert (added, skipped) == (["A", "B"], [])
    kwesties = {k.title: k for k in rounds.list_kwesties()}
    assert {t: k.geleding for t, k in kwesties.items()} == {"A": "kennis", "B": "burgers"}
    assert kwesties["A"].description == (
        "Uit de enquête 'Informatieavond Oud-Oost': plaats 1 van 3 (totaal 1,50 van 2, elke "
        "geleding weegt even zwaar). Ingebracht namens Kennis en wetenschap, die het onderwerp "
        "het hoogst plaatsten (1,00)."
    )
    assert kwesties["B"].proposed_by == "enquête avond"
    # a second step adds only what is new; existing titles are left alone
    added, skipped = survey_repo.make_kwesties("avond", user=CHAIR)
    assert (added, skipped) == (["C"], ["A", "B"])
    assert len(rounds.list_kwesties()) == 3


def test_too_few_answers_give_no_kwesties():
    survey_repo.create_survey("avond", "Avond", QUESTIONS, min_count=3)
    _answer("t1", "burgers", "ABC")
    survey_repo.close_survey("avond")
    with pytest.raises(InputError, match=r"te weinig antwoorden \(1\)"):
        survey_repo.make_kwesties("avond", user=CHAIR)
    assert rounds.list_kwesties() == []


def test_group_interest_counts_only_shown_geledingen(answered):
    counts, counted = survey_repo.group_interest("avond")
    # burgers: Huurders 2, Eigenaren 1; kennis: Eigenaren 1; bedrijven hidden (1 < 2)
    assert (counts, counted) == ({"Huurders": 2, "Eigenaren": 2}, 4)
    table = pd.DataFrame({"group": ["huur", "koop", "rest"],
                          "label": ["Huurders", "Eigenaren", "Overig"]})  # fmt: skip
    column = export.with_interest(table, counts)[export.INTEREST_COLUMN]
    assert column.tolist()[:2] == [2.0, 2.0] and pd.isna(column.iloc[2])
    assert export.INTEREST_COLUMN not in export.with_interest(table, None)


def test_contacts_only_for_the_campaign_team(answered):
    cid = campaign_repo.create_campaign("WUP Oud-Oost", "Warmtenet", user=CHAIR)
    campaign_repo.update_campaign(cid, team_accounts=["an"], user=CHAIR)
    with pytest.raises(PermissionDenied, match="alleen voor het campagneteam van 'WUP Oud-Oost'"):
        survey_repo.contacts("avond", user=CHAIR, campaign="WUP Oud-Oost")
    with pytest.raises(PermissionDenied):
        survey_repo.contacts("avond", user=None, campaign="WUP Oud-Oost")
    (contact,) = survey_repo.contacts(
        "avond", user=UserInfo("an", "viewer"), campaign="WUP Oud-Oost"
    )
    assert contact["name"] == "Anna" and contact["consent"] == survey.CONSENT_TEXT
    assert contact["geleding"] == "burgers" and contact["consented_at"]


def test_cli_kwesties_interest_and_contacts(answered, monkeypatch, capsys):
    auth.add_user("voorzitter", "editor", "voorzitter-wachtwoord")
    auth.add_user("an", "viewer", "an-wachtwoord-12")
    cid = campaign_repo.create_campaign("WUP Oud-Oost", "Warmtenet", user=CHAIR)
    campaign_repo.update_campaign(cid, team_accounts=["an"], user=CHAIR)
    survey_repo.close_survey("avond")
    capsys.readouterr()
    assert cli(["survey", "kwesties", "avond"]) == 1
    assert "Kwesties maken mag alleen het presidium: geef --user NAAM." in capsys.readouterr().err
    monkeypatch.setenv("TRANSITIEATLAS_PASSWORD", "voorzitter-wachtwoord")
    assert cli(["survey", "kwesties", "avond", "--user", "voorzitter", "--top", "1"]) == 0
    assert capsys.readouterr().out == "1 kwesties gemaakt uit enquête 'avond':\n  + A\n"
    assert cli(["survey", "interesse", "avond"]) == 0
    out = capsys.readouterr().out
    assert "(4 antwoorden geteld)" in out and "     2  Huurders" in out
    assert cli(["survey", "contacts", "avond", "--campaign", "WUP Oud-Oost",
                "--user", "voorzitter"]) == 1  # fmt: skip
    assert "alleen voor het campagneteam" in capsys.readouterr().err
    monkeypatch.setenv("TRANSITIEATLAS_PASSWORD", "an-wachtwoord-12")
    assert cli(["survey", "contacts", "avond", "--campaign", "WUP Oud-Oost", "--user", "an"]) == 0
    rows = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert rows["name"].tolist() == ["Anna"] and rows["contact"].tolist() == ["anna@example.nl"]
