"""The evening's survey: equal weight per geleding, the minimum count, one answer per phone,
closing, consent, and the light web server on 127.0.0.1 answered by many phones at once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from transitieatlas.accounts.auth import UserInfo
from transitieatlas.cli import main as cli
from transitieatlas.council import campaign_repo
from transitieatlas.errors import InputError
from transitieatlas.evening import survey, survey_repo, survey_server

QUESTIONS = [
    {"id": "wanneer", "kind": "keuze", "text": "Wanneer?", "options": ["nu", "later"]},
    {"id": "kw", "kind": "rangorde", "text": "Belangrijk?", "options": ["A", "B", "C"]},
    {"id": "gr", "kind": "groep", "text": "Groep?", "options": ["huurders", "eigenaren"]},
]


def _a(geleding, when, order, groups=()):
    return survey.check_answer(
        QUESTIONS, geleding, {"wanneer": when, "kw": list(order), "gr": list(groups)}
    )


def test_equal_weight_per_geleding_and_minimum_count():
    answers = (
        [_a("burgers", "later", "ABC", ["huurders"]) for _ in range(6)]
        + [_a("kennis", "nu", "CBA") for _ in range(4)]
        + [_a("kennis", "later", "CBA", ["huurders", "eigenaren"])]
        + [_a("bedrijven", "nu", "BAC") for _ in range(2)]  # below the minimum: not counted
    )
    when, ranking, groups = survey.results(QUESTIONS, answers, min_count=5)
    assert when.shown == ["kennis", "burgers"] and when.hidden == {"bedrijven": 2}
    # burgers: later 6/6; kennis: nu 4/5, later 1/5 → later 1 + 0,2 = 1,2; nu 0,8
    assert [(o, round(t, 6)) for o, t, _ in when.ranking] == [("later", 1.2), ("nu", 0.8)]
    assert when.ranking[0][2] == {"kennis": 0.2, "burgers": 1.0}
    # Borda, 3 items: first 1, second 0,5, last 0 → A: 1 + 0 = 1; B: 0,5 + 0,5; C: 0 + 1
    assert [(o, t) for o, t, _ in ranking.ranking] == [("A", 1.0), ("B", 1.0), ("C", 1.0)]
    # nothing ticked is an abstention (as a blank ballot): kennis counts its one ticking answer
    assert [(o, t) for o, t, _ in groups.ranking] == [("huurders", 2.0), ("eigenaren", 1.0)]


def test_answer_problems_are_listed_in_dutch():
    with pytest.raises(InputError) as err:
        survey.check_answer(QUESTIONS, "", {"wanneer": "misschien", "kw": ["A", "A", "B"]})
    text = str(err.value)
    assert "kies uw geleding" in text
    assert "'Wanneer?': kies één van de antwoorden" in text
    assert "'Belangrijk?': geef elk onderwerp precies één plaats" in text


def test_one_answer_per_phone_closing_and_consent():
    survey_repo.create_survey("avond", "Avond", QUESTIONS, min_count=1)
    raw = {"wanneer": "nu", "kw": ["A", "B", "C"], "gr": []}
    survey_repo.answer("avond", "tel-1", "burgers", raw, {"name": "Anna", "contact": "a@b.nl"})
    with pytest.raises(survey_repo.AlreadyAnswered, match="één antwoord per telefoon"):
        survey_repo.answer("avond", "tel-1", "kennis", raw)
    survey_repo.answer("avond", "tel-2", "kennis", raw)
    survey_repo.close_survey("avond")
    with pytest.raises(survey_repo.SurveyClosed, match="gesloten"):
        survey_repo.answer("avond", "tel-3", "kennis", raw)
    assert survey_repo.answer_count("avond") == 2
    admin = UserInfo("beheer", "admin")
    campaign_repo.create_campaign("WUP", "Warmtenet", user=admin)
    (contact,) = survey_repo.contacts("avond", user=admin, campaign="WUP")
    assert contact["name"] == "Anna" and contact["consent"] == survey.CONSENT_TEXT
    with pytest.raises(InputError, match="al een enquête 'avond'"):
        survey_repo.create_survey("avond", "Nog eens")


@pytest.fixture
def server():
    srv = survey_server.make_server("127.0.0.1", 0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


FORM = {"geleding": "burgers", "q_wanneer": "later", "q_kw_0": "2", "q_kw_1": "1", "q_kw_2": "3",
        "q_gr": ["huurders", "eigenaren"]}  # fmt: skip


def test_server_form_answer_second_answer_and_close(server):
    survey_repo.create_survey("avond", "Avond in de Wâlde", QUESTIONS, min_count=1)
    phone = requests.Session()
    page = phone.get(f"{server}/enquete/avond", timeout=10)
    assert page.status_code == 200 and "Avond in de Wâlde" in page.text
    assert "ta_phone" in phone.cookies and len(page.content) < 10_000  # light: no map
    assert "<script" not in page.text
    done = phone.post(f"{server}/enquete/avond", data=FORM, timeout=10)
    assert done.status_code == 200 and "Dank u wel" in done.text
    again = phone.post(f"{server}/enquete/avond", data=FORM, timeout=10)
    assert again.status_code == 409 and "één antwoord per telefoon" in again.text
    other = requests.Session()
    other.get(f"{server}/enquete/avond", timeout=10)
    bad = other.post(f"{server}/enquete/avond", data={**FORM, "contact_name": "Bob"}, timeout=10)
    assert bad.status_code == 400 and "geen toestemming" in bad.text
    results = requests.get(f"{server}/enquete/avond/uitslag", timeout=10).text
    assert "1 antwoorden" in results and "<td>B</td>" in results
    assert (
        requests.get(f"{server}/enquete/avond/qr.svg", timeout=10).text.lstrip().startswith("<?xml")
    )
    survey_repo.close_survey("avond")
    closed = other.post(f"{server}/enquete/avond", data=FORM, timeout=10)
    assert closed.status_code == 410 and "gesloten" in closed.text
    assert requests.get(f"{server}/enquete/onbekend", timeout=10).status_code == 404
    _, results_, n = survey_repo.survey_results("avond")
    assert n == 1 and results_[1].ranking[0][0] == "B"  # B was ranked first


def test_forty_phones_at_once_none_lost(server):
    survey_repo.create_survey("druk", "Druk", QUESTIONS, min_count=1)

    def phone(i: int) -> int:
        with requests.Session() as s:
            s.get(f"{server}/enquete/druk", timeout=60)
            form = {**FORM, "geleding": ["kennis", "burgers", "bedrijven"][i % 3]}
            return s.post(f"{server}/enquete/druk", data=form, timeout=60).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(phone, range(40)))
    assert codes == [200] * 40
    assert survey_repo.answer_count("druk") == 40


def test_cli_create_results_and_contacts(capsys):
    assert (
        cli(["survey", "create", "avond", "--kwesties", "Isoleren; Warmtenet", "--minimum", "1"])
        == 0
    )
    raw = {"van_gas_af": "later", "kwesties": ["Warmtenet", "Isoleren"], "groepen": []}
    survey_repo.answer("avond", "t1", "overheid", raw)
    capsys.readouterr()
    assert cli(["survey", "results", "avond"]) == 0
    out = capsys.readouterr().out
    assert "1 antwoorden" in out and " 1.00  Warmtenet  (Overheid 100%)" in out
    assert cli(["survey", "close", "avond"]) == 0
    assert cli(["survey", "create", "leeg", "--minimum", "0"]) == 1
