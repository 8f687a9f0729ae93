"""The Presentatie page through Streamlit's AppTest (no browser) on the hand-made store."""

from __future__ import annotations

from pathlib import Path

from _evening import write_tiny
from streamlit.testing.v1 import AppTest

from transitieatlas.evening import presentations

PAGE = str(Path(__file__).resolve().parents[2] / "transitieatlas" / "pages" / "presentatie.py")


def _deck_html(at: AppTest) -> str:
    (element,) = at.get("iframe")  # components.html
    return element.proto.srcdoc


def test_page_shows_the_chosen_presentation_without_editing_controls():
    write_tiny()
    presentations.save_presentation(
        "Proef", "Proefavond", "GM0997",
        [{"kind": "tekst", "text": "taakdemocratie"}, {"kind": "kaart", "indicator": "pct_koopwoningen"}],
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
    presentations.save_presentation("Leeg", "Leeg", "GM0997", [{"kind": "transitiekaart"}])
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.query_params["p"] = "Leeg"
    at.run()
    assert not at.exception
    assert "nog geen goedgekeurde actoren" in at.error[0].value
    assert "transitieatlas check --offline" in at.info[0].value
