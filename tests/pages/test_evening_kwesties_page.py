"""The Kwesties page turns a closed survey's ranking into kwesties (presidium only)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from transitieatlas import db
from transitieatlas.accounts import auth
from transitieatlas.accounts.auth import UserInfo
from transitieatlas.evening import survey_repo
from transitieatlas.voting import rounds

PAGE = str(Path(__file__).resolve().parents[2] / "transitieatlas" / "pages" / "kwesties.py")
CHAIR = UserInfo("voorzitter", "editor")
QUESTIONS = [{"id": "kw", "kind": "rangorde", "text": "Belangrijk?", "options": ["A", "B"]}]


@pytest.fixture(autouse=True)
def _survey():
    auth.add_user(CHAIR.name, CHAIR.role, "voorzitter-wachtwoord")
    survey_repo.create_survey("avond", "Avond", QUESTIONS, min_count=1)
    survey_repo.answer("avond", "t1", "overheid", {"kw": ["B", "A"]})
    yield
    db.dispose_all()


def _page(user: UserInfo | None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    if user is not None:
        at.session_state["user"] = user
    at.run()
    assert not at.exception, at.exception
    return at


def test_presidium_makes_kwesties_from_a_closed_survey_in_one_step():
    at = _page(CHAIR)
    assert not [b for b in at.button if b.key == "kw_from_survey"]  # still open: not offered
    survey_repo.close_survey("avond")
    at = _page(CHAIR)
    assert at.selectbox(key="kw_survey").value == "avond"
    next(b for b in at.button if b.key == "kw_from_survey").click().run()
    assert not at.exception, at.exception
    assert [(k.title, k.geleding) for k in rounds.list_kwesties()] == [
        ("B", "overheid"),
        ("A", "overheid"),
    ]
    assert any("2 kwesties gemaakt uit de enquête" in s.value for s in at.success)
    assert not [b for b in _page(None).button if b.key == "kw_from_survey"]  # public: nothing
