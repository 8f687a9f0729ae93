"""Presentations: the default one, saving, rendering on real Leeuwarden data, the HTML and PDF
export, and ``transitieatlas check --offline`` (network refused while it runs)."""

from __future__ import annotations

import re
import shutil
import socket

import pytest
from _evening import import_leeuwarden, seed_actors, write_tiny

from transitieatlas.accounts.auth import UserInfo
from transitieatlas.cli import main as cli
from transitieatlas.errors import InputError, NotInStore
from transitieatlas.evening import deck, offline, preflight, presentations, screens
from transitieatlas.store.opendata import open_store

EDITOR = UserInfo("redacteur", "editor")
DEFAULT_KINDS = ["tekst", "tekst", "kerncijfers", "warmtevraag", "warmtenet", "transitiekaart"]


@pytest.fixture(scope="module")
def base_home(shared_data, tmp_path_factory):
    home = import_leeuwarden(tmp_path_factory.mktemp("evening-present"), shared_data)
    seed_actors(home)
    return home


@pytest.fixture
def home(base_home, tmp_path, monkeypatch):
    """A private copy of the Leeuwarden home (store + database) per test."""
    copy = tmp_path / "home"
    shutil.copytree(base_home, copy)
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(copy))
    return copy


def test_default_presentation_is_written_once():
    first = presentations.ensure_default()
    assert first.name == "Informatieavond" and first.area_code == "GM0080"
    assert [s["kind"] for s in first.screens] == DEFAULT_KINDS
    presentations.ensure_default()
    assert [p.name for p in presentations.list_presentations()] == ["Informatieavond"]
    assert presentations.get_presentation(None) == first


def test_save_rejects_bad_definitions_and_writes_nothing():
    with pytest.raises(InputError) as err:
        presentations.save_presentation(
            "Avond", "", "Leeuwarden", [{"kind": "grafiek"}, {"kind": "kaart"}], user=EDITOR
        )
    text = str(err.value)
    assert "'Leeuwarden' is geen geldige" in text
    assert "scherm 1: Onbekend soort scherm 'grafiek'" in text
    assert "scherm 2: Een kaartscherm heeft een indicator nodig" in text
    assert [p.name for p in presentations.list_presentations()] == ["Informatieavond"]
    with pytest.raises(NotInStore, match="Bestaande presentaties: Informatieavond"):
        presentations.get_presentation("Avond")


def test_default_presentation_renders_leeuwarden(home):
    slides = presentations.render_all(open_store(), presentations.get_presentation())
    assert [s.kind for s in slides] == DEFAULT_KINDS
    assert all(s.area == "Leeuwarden (GM0080)" for s in slides)
    assert all(s.sources for s in slides)
    heat, net, actors = slides[3], slides[4], slides[5]
    # Leeuwarden has only the EXTRAQT model: 1 641 441 668 kWh × 0,0036 GJ/kWh
    assert heat.lines[0].startswith("Warmtevraag van de woningen: 5.909.190 GJ per jaar")
    assert "(modeluitkomst van derden)" in heat.lines[0]
    assert net.lines[0].endswith("van de 134 buurten zijn kandidaat voor een warmtenet "
                                 "(eerste scan, geen haalbaarheidsstudie).")  # fmt: skip
    assert actors.lines == ["3 actoren die bijdragen of kunnen bijdragen aan de energietransitie."]
    key = slides[2]
    assert key.table[0] == ("Kenmerk", "Leeuwarden", "Gemeente", "Nederland")
    rows = {row[0]: row[1] for row in key.table[1:]}
    assert rows["Gemodelleerde warmtevraag woningen (EXTRAQT)"] == "1.641.441.668 kWh"
    assert key.data_date == heat.data_date


def test_html_export_is_one_offline_file_with_every_screen(home, tmp_path):
    out = tmp_path / "avond.html"
    assert cli(["present", "export", "--output", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert offline.non_inline_references(text) == []
    assert offline.outside_urls_in_text(text, {"http://www.w3.org/"}) == []
    assert text.count("<section") == 6
    assert text.count('<img alt="Kaart:') == 3  # heat, heat network, transitiekaart
    assert text.count("Leeuwarden (GM0080) · gegevens van ") == 6  # area and date on each
    for kind in DEFAULT_KINDS:
        assert f'data-kind="{kind}"' in text


def test_pdf_export_has_a_page_per_screen(home, tmp_path):
    out = tmp_path / "avond.pdf"
    assert cli(["present", "export", "Informatieavond", "--format", "pdf", "-o", str(out)]) == 0
    content = out.read_bytes()
    assert content[:5] == b"%PDF-"
    assert len(re.findall(rb"/Type\s*/Page(?!s)", content)) == 6


def test_check_offline_green_on_leeuwarden(home, capsys):
    assert cli(["check", "--offline"]) == 0
    out = capsys.readouterr().out
    assert out.count("[ok]") == 2 + 6 + 1
    assert "Alles in orde" in out and "PROBLEEM" not in out


def test_check_offline_lists_each_missing_screen_and_exits_1(capsys):
    write_tiny()  # Proefdorp: no heat inputs, no actors
    presentations.save_presentation(
        "Proef",
        "Proefavond",
        "GM0997",
        [
            {"kind": "tekst", "text": "taakdemocratie"},
            {"kind": "kaart", "indicator": "pct_koopwoningen"},
            {"kind": "kaart", "indicator": "inwoners"},
            {"kind": "warmtevraag"},
            {"kind": "transitiekaart"},
        ],
        user=EDITOR,
    )
    assert cli(["check", "--offline", "Proef"]) == 1
    out = capsys.readouterr().out
    assert out.count("[PROBLEEM]") == 3
    assert "scherm 3: Kaart van een indicator: inwoners: De opslag heeft geen waarden van " \
           "'inwoners' voor Proefdorp. Kies uit: pct_koopwoningen" in out  # fmt: skip
    assert "scherm 4: Warmtevraag" in out and "Geen gegevens om de warmtevraag" in out
    assert "→ oplossing: zet actoren op de transitiekaart" in out
    assert "3 probleem/problemen" in out
    assert cli(["check", "Proef"]) == 1  # without --offline: says what to type


def test_no_network_refuses_outside_but_not_loopback():
    with preflight.no_network():
        with pytest.raises(preflight.NetworkBlocked):
            socket.create_connection(("192.0.2.1", 80), timeout=1)
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.create_connection(server.getsockname(), timeout=5):
            pass
        server.close()


def test_unknown_screen_kind_is_a_dutch_message():
    with pytest.raises(InputError, match="Kies uit: tekst, kerncijfers, kaart"):
        screens.render(open_store(), "GM0080", {"kind": "grafiek"})


def test_deck_keys_and_footer_in_the_html():
    slide = screens.Slide("tekst", "Titel <b>", "Dorp (GM0997)", "", ["Bron X"], ["Regel & meer"])
    text = deck.deck_html("Avond", [slide])
    assert "Titel &lt;b&gt;" in text and "Regel &amp; meer" in text
    assert "Dorp (GM0997) · gegevens van onbekend" in text and "Bronnen: Bron X" in text
    for key in ("PageDown", "PageUp", "ArrowRight", "ArrowLeft"):
        assert key in text


def test_cli_saves_a_presentation_in_order_and_refuses_bad_screens(capsys):
    assert cli(["present", "save", "Dorp", "--gebied", "gm0997", "--titel", "Dorpsavond",
                "--scherm", "tekst:taakdemocratie", "--scherm", "kaart:pct_koopwoningen"]) == 0  # fmt: skip
    pres = presentations.get_presentation("Dorp")
    assert pres.area_code == "GM0997" and pres.title == "Dorpsavond"
    assert pres.screens == (
        {"kind": "tekst", "text": "taakdemocratie"},
        {"kind": "kaart", "indicator": "pct_koopwoningen"},
    )
    capsys.readouterr()
    assert cli(["present", "save", "Fout", "--gebied", "GM0997", "--scherm", "grafiek"]) == 1
    assert "Onbekend soort scherm 'grafiek'" in capsys.readouterr().err
    assert "Fout" not in [p.name for p in presentations.list_presentations()]


def test_vote_result_and_survey_qr_screens():
    from transitieatlas.accounts.auth import UserInfo
    from transitieatlas.evening import survey_repo
    from transitieatlas.voting import rounds

    write_tiny()
    chair = UserInfo("voorzitter", "editor")
    with pytest.raises(NotInStore, match="nog geen gesloten stemming"):
        screens.render(open_store(), "GM0997", {"kind": "uitslag"})
    rid = rounds.open_round("Prioriteiten", "borda", ["Isoleren", "Warmtenet"], user=chair)
    codes = rounds.issue_codes(rid, {"burgers": 2, "kennis": 1}, user=chair)
    for code, geleding in codes:
        first = "Isoleren" if geleding == "burgers" else "Warmtenet"
        rounds.cast_ballot(code, [first, "Warmtenet" if first == "Isoleren" else "Isoleren"])
    rounds.close_round(rid, user=chair, seed=1)
    slide = screens.render(open_store(), "GM0997", {"kind": "uitslag"})
    # burgers: Isoleren 1, Warmtenet 0; kennis: Warmtenet 1, Isoleren 0 → a tie of 1 + 0,
    # drawn by lot (seed 1): both totals 1,00
    assert slide.table[0] == ("", "Onderwerp", "Totaal", "Kennis en wetenschap", "Burgers")
    assert sorted(row[1:3] for row in slide.table[1:]) == [
        ("Isoleren", "1,00"),
        ("Warmtenet", "1,00"),
    ]
    assert slide.lines[0].endswith("3 stemmen.")
    survey_repo.create_survey("avond", "Avond in Proefdorp")
    qr = screens.render(open_store(), "GM0997", {"kind": "enquete", "survey": "avond",
                                                  "url": "http://192.168.1.20:8502"})  # fmt: skip
    assert (
        qr.lines[0]
        == "Scan de code met uw telefoon, of ga naar http://192.168.1.20:8502/enquete/avond"
    )
    text = deck.deck_html("Avond", [qr, slide])
    assert text.count('<img alt="Kaart:') == 1 and offline.non_inline_references(text) == []


def test_dashboard_screen_lists_the_councils_indicators():
    from transitieatlas.accounts.auth import UserInfo
    from transitieatlas.council import indicator_repo

    write_tiny()
    with pytest.raises(NotInStore, match="nog geen indicatoren op het dashboard"):
        screens.render(open_store(), "GM0997", {"kind": "dashboard"})
    indicator_repo.seed_start_indicators(user=UserInfo("beheer", "admin"))
    names = [i["name"] for i in indicator_repo.list_indicators()]
    slide = screens.render(open_store(), "GM0997", {"kind": "dashboard"})
    assert slide.table[0] == screens.DASHBOARD_COLUMNS
    assert [row[0] for row in slide.table[1:]] == names[: screens.MAX_FIGURES]
    assert slide.area == "Proefdorp (GM0997)"
