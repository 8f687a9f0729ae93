"""``transitieatlas profile``: JSON, HTML, PDF and the errors, on a small store."""

from __future__ import annotations

import json

import pytest
from _profile_store import B1, B2, make_store

from transitieatlas import config
from transitieatlas.cli import main


@pytest.fixture
def store():
    return make_store(config.store_dir())


def test_json_of_a_buurt(store, capsys):
    assert main(["profile", B1, "--year", "2021", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert (payload["code"], payload["name"], payload["level"], payload["year"]) == (
        B1,
        "Kerkbuurt",
        "buurt",
        2021,
    )
    assert payload["indicators"]["pct_koopwoningen"] == {
        "value": 20.0,
        "unit": "%",
        "source": "CBS Kerncijfers wijken en buurten (test)",
    }
    assert payload["comparisons"]["pct_koopwoningen"]["gemeente"] == pytest.approx(50500 / 1050)


def test_json_of_a_set_written_to_file(store, tmp_path, capsys):
    out = tmp_path / "p.json"
    assert main(["profile", f"{B1},{B2}", "--output", str(out)]) == 0
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["level"] == "gebiedsafbakening"
    assert payload["indicators"]["pct_koopwoningen"]["value"] == pytest.approx(50.0)
    assert payload["aggregated_from"] == "berekend uit 2 buurten"


def test_html_and_pdf(store, tmp_path, capsys):
    assert main(["profile", "WK999900", "--format", "html"]) == 0
    assert "<title>Gebiedsprofiel Oud</title>" in capsys.readouterr().out
    pdf = tmp_path / "p.pdf"
    assert main(["profile", "WK999900", "--format", "pdf", "--output", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_unknown_code_is_one_dutch_line(store, capsys):
    assert main(["profile", "BU12345678", "--format", "json"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "transitieatlas: Onbekend gebied: BU12345678 staat niet in de lokale opslag "
        "(importeer of haal eerst gegevens op)."
    ]


def test_year_without_data_and_bad_map_indicator(store, capsys):
    assert main(["profile", B1, "--year", "2015"]) == 1
    assert "Geen cijfers voor BU99990001 in 2015 (wel in: 2020, 2021)" in capsys.readouterr().err
    assert main(["profile", B1, "--format", "html", "--indicator", "bestaat_niet"]) == 1
    assert "Kies uit: gem_woz_woning, inwoners" in capsys.readouterr().err


def test_empty_store_and_no_code(capsys):
    assert main(["profile", "GM0080"]) == 1
    assert "Onbekend gebied: GM0080" in capsys.readouterr().err
    assert main(["profile"]) == 1
    assert "Geef een gebiedscode" in capsys.readouterr().err


def test_saved_gebiedsafbakening(store, capsys):
    from transitieatlas.accounts.auth import UserInfo
    from transitieatlas.db.gebieden import save_afbakening

    save_afbakening("Dorpsraad Oud", [B1, B2], "GM9999", user=UserInfo("anna", "editor"))
    assert main(["profile", "--gebied", "Dorpsraad Oud"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["name"] == "Dorpsraad Oud"
    assert payload["indicators"]["woningvoorraad"]["value"] == 400
    assert main(["profile", "--gebied", "Bestaat niet"]) == 1
    assert "Er is geen gebiedsafbakening met de naam 'Bestaat niet'" in capsys.readouterr().err
