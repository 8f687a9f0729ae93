"""One login for the whole app, rights re-read on every rerun, Dutch errors on bad form input.

Driven through Streamlit's AppTest on the real app (``app.py`` with its navigation), so
the session state is shared between pages exactly as in a browser session.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from transitieatlas import db
from transitieatlas.accounts import auth
from transitieatlas.voting import rounds

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "transitieatlas" / "pages"


@pytest.fixture(autouse=True)
def _accounts():
    auth.add_user("vera", "admin", "vera-wachtwoord")
    yield
    db.dispose_all()


def _page(at: AppTest, name: str) -> AppTest:
    at.switch_page(str(PAGES / f"{name}.py"))
    at.run()
    assert not at.exception, at.exception
    return at


def _login(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_pw").input(password)
    next(b for b in at.button if b.label == "Inloggen").click().run()
    assert not at.exception, at.exception
    return at


def _labels(at: AppTest) -> set[str]:
    return {b.label for b in at.button}


def _app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    return at


def test_one_login_and_one_logout_for_every_page():
    at = _page(_app(), "stemmen")
    assert "Ronde openen" not in _labels(at)
    _login(at, "vera", "vera-wachtwoord")
    assert "Ronde openen" in _labels(at)

    # the same session on the Transitiekaart's editorial page: logged in there too
    _page(at, "actoren_beheer")
    assert "Uitloggen" in _labels(at)
    assert not any("Deze pagina is voor de redactie" in i.value for i in at.info)

    # log out there ...
    next(b for b in at.button if b.label == "Uitloggen").click().run()
    assert not at.exception, at.exception
    # ... and the chair's powers are gone on Stemmen and Kwesties as well
    _page(at, "stemmen")
    assert "Ronde openen" not in _labels(at)
    _page(at, "kwesties")
    assert "Kwestie opslaan" not in _labels(at)
    assert "Inloggen" in _labels(at)


def test_blocked_or_demoted_user_loses_rights_at_the_next_rerun():
    auth.add_user("bert", "admin", "bert-wachtwoord")
    at = _page(_app(), "actoren_beheer")
    _login(at, "bert", "bert-wachtwoord")
    assert "Account aanmaken" in _labels(at)  # the admin's Accounts tab

    auth.set_role("bert", "editor")  # demoted by another admin
    at.run()
    assert "Account aanmaken" not in _labels(at)
    assert "Goedkeuren" not in _labels(at) and "Uitloggen" in _labels(at)

    auth.set_active("bert", False)  # blocked
    at.run()
    assert "Uitloggen" not in _labels(at)
    assert any("Deze pagina is voor de redactie" in i.value for i in at.info)
    _page(at, "stemmen")
    assert "Ronde openen" not in _labels(at)


def test_login_failures_are_throttled_with_a_dutch_message():
    at = _page(_app(), "kwesties")
    for _ in range(5):
        _login(at, "vera", "fout-wachtwoord")
        assert any("klopt niet" in e.value for e in at.error)
    _login(at, "vera", "vera-wachtwoord")  # the right password, but too late
    assert any("Te veel mislukte pogingen" in e.value for e in at.error)
    assert "Uitloggen" not in _labels(at)


@pytest.mark.parametrize("seed", ["18446744073709551616", "²", "-3", "12a"])
def test_bad_seed_on_the_close_round_form_gives_dutch_message(seed):
    chair = auth.UserInfo("vera", "admin")
    round_id = rounds.open_round("Najaar", "approval", ["A", "B"], user=chair)
    rounds.enter_paper_ballot(round_id, "burgers", ["A"], user=chair)
    at = _page(_app(), "stemmen")
    _login(at, "vera", "vera-wachtwoord")
    at.text_input(key=f"seed_{round_id}").input(seed)
    next(b for b in at.button if b.label == "Ronde sluiten").click().run()
    assert not at.exception, at.exception
    errors = " ".join(e.value for e in at.error)
    assert "startgetal" in errors.lower()
    assert rounds.get_round(round_id).status == rounds.OPEN
