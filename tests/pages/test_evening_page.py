"""The Presentatie page through Streamlit's AppTest (no browser) on the hand-made store."""

from __future__ import annotations

from pathlib import Path

from _evening import write_tiny
from streamlit.testing.v1 import AppTest

from transitieatlas.accounts.auth import UserInfo
from transitieatlas.evening import presentations

EDITOR = UserInfo("redacteur", "editor")
PAGE = str(Path(__file__).resolve().parents[2] / "transitieatlas" / "pages" / "presentatie.py")


def _deck_html(at: AppTest) -> str:
    (element,) = at.get("iframe")  # components.html
    return element.proto.srcdoc


def test_page_shows_the_chosen_presentation_without_editing_controls():
    write_tiny()
    presentations.save_presentation(
        "Proef", "Proefavond", "GM0997",
        [{"kind": "tekst", "text": "taakdemocratie"}, {"kind": "kaart", "indicator": "pct_koopwoningen"}],
        user=EDITOR,
    )  # fmt: skip
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.query_params["p"] = "Proef"
    at.run()
    assert not at.exception
    assert at.sidebar.selectbox[0].value == "Proef"
    html = _deck_html(at)
    assert html.count("<section") == 2 and "Wat is een taakdemocratie?" in html
    assert "Koopwoningen · Proefdorp · 2023" in html
    assert len(at.button) == 0 and len(at.text_input) == 0  # nothing to edit


def test_page_says_what_is_missing_in_dutch():
    write_tiny()
    presentations.save_presentation(
        "Leeg", "Leeg", "GM0997", [{"kind": "transitiekaart"}], user=EDITOR
    )
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.query_params["p"] = "Leeg"
    at.run()
    assert not at.exception
    assert "nog geen goedgekeurde actoren" in at.error[0].value
    assert "transitieatlas check --offline" in at.info[0].value


def _editor(user: UserInfo | None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    if user is not None:
        at.session_state["user"] = user
    at.session_state["pres_mode"] = "Bewerken"
    at.run()
    assert not at.exception, at.exception
    return at


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def _plain(text: str) -> str:
    """Markdown text without its escapes (user text is escaped on the page)."""
    return text.replace("\\", "")


def _listed(at: AppTest) -> list[str]:
    """The numbered screen list of the editor."""
    return [_plain(m.value) for m in at.markdown if _plain(m.value)[:3] in ("1. ", "2. ", "3. ")]


def test_editor_needs_the_editor_role():
    from transitieatlas.accounts import auth

    auth.add_user("kijker", "viewer", "kijker-wachtwoord")
    for user in (None, UserInfo("kijker", "viewer")):
        at = _editor(user)
        assert "als redacteur of presidium" in at.info[0].value
        assert not [b for b in at.button if b.key and b.key.startswith("pe_")]


def test_editor_creates_reorders_removes_and_saves():
    from transitieatlas.accounts import auth

    write_tiny()
    auth.add_user(EDITOR.name, EDITOR.role, "redacteur-wachtwoord")
    at = _editor(EDITOR)
    assert at.selectbox(key="pe_start").value == "(nieuwe presentatie)"
    at.text_input(key="pe_name").set_value("Proefavond")
    at.text_input(key="pe_title").set_value("Avond in Proefdorp")
    at.text_input(key="pe_area").set_value("GM0997").run()
    # a map of an indicator the store lacks is refused in Dutch, and not added
    at.selectbox(key="pe_kind").set_value("kaart").run()
    at.text_input(key="pe_indicator").set_value("inwoners")
    _button(at, "pe_add").click().run()
    assert not at.exception, at.exception
    assert _plain(at.error[0].value) == (
        "Dit scherm kan niet worden toegevoegd: de opslag heeft geen waarden van 'inwoners' "
        "voor Proefdorp. Kies uit: pct_koopwoningen"
    )
    assert _listed(at) == []
    at.text_input(key="pe_indicator").set_value("pct_koopwoningen")
    _button(at, "pe_add").click().run()
    at.selectbox(key="pe_kind").set_value("tekst").run()
    _button(at, "pe_add").click().run()
    at.selectbox(key="pe_kind").set_value("warmtenet").run()
    _button(at, "pe_add").click().run()
    assert not at.exception, at.exception
    assert _listed(at) == [
        "1. Kaart van een indicator: pct_koopwoningen",
        "2. Tekstscherm: taakdemocratie",
        "3. Warmtenet-scan",
    ]
    _button(at, "pe_up_1").click().run()  # the text screen first
    _button(at, "pe_del_2").click().run()  # no heat data in Proefdorp: remove that screen
    assert _listed(at)[0] == "1. Tekstscherm: taakdemocratie" and len(_listed(at)) == 2
    _button(at, "pe_save").click().run()
    assert not at.exception, at.exception
    saved = presentations.get_presentation("Proefavond")
    assert (saved.title, saved.area_code) == ("Avond in Proefdorp", "GM0997")
    assert list(saved.screens) == [
        {"kind": "tekst", "text": "taakdemocratie"},
        {"kind": "kaart", "indicator": "pct_koopwoningen"},
    ]
    # and it is shown in presentation mode
    at.radio(key="pres_mode").set_value("Presenteren")
    at.query_params["p"] = "Proefavond"
    at.run()
    assert "Koopwoningen · Proefdorp · 2023" in _deck_html(at)


def test_editor_refuses_saving_without_a_name_or_screens():
    from transitieatlas.accounts import auth

    write_tiny()
    auth.add_user(EDITOR.name, EDITOR.role, "redacteur-wachtwoord")
    at = _editor(EDITOR)
    at.text_input(key="pe_area").set_value("GM0997")
    _button(at, "pe_save").click().run()
    assert not at.exception, at.exception
    text = at.error[0].value
    assert "de presentatie heeft een naam nodig" in text
    assert "minstens één scherm" in text
    assert [p.name for p in presentations.list_presentations()] == ["Informatieavond"]
