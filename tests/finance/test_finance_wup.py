"""The concept-WUP document (HTML and PDF) and the market export, on real Doesburg panden."""

from __future__ import annotations

import csv
import io

import pytest

from transitieatlas import db
from transitieatlas.cli import main
from transitieatlas.db import wup as wup_db
from transitieatlas.finance import service, wup


@pytest.fixture(scope="module")
def doesburg(shared_data):
    return service.area_groups("GM0221", "pand")


@pytest.fixture(autouse=True)
def _close_db():
    yield
    db.dispose_all()


def test_html_has_every_chapter_the_council_text_escaped_and_sources(doesburg):
    sections = [
        ("organisatievorm", "Organisatievorm", "Een <b>coöperatie</b>"),
        ("besluiten", "Besluiten", ""),
    ]
    html = wup.render_html("GM0221", doesburg, sections, participation=0.5)
    for heading in (
        "1. Het gebied",
        "2. Vraaggroepen en warmtevraag",
        "3. Voorselectie van technieken per groep",
        "4. Samenwerkingsvormen en financiering",
        "5. Rekenvoorbeelden: collectief naast individueel",
        "6. Wat als de bundeling niet (helemaal) lukt?",
        "7. Solidariteit",
        "8. De markt: open uitnodiging aan leveranciers",
        "9. Door de raad zelf te schrijven",
        "Bijlage: bronnen van alle getallen",
    ):
        assert heading in html
    assert "Een &lt;b&gt;coöperatie&lt;/b&gt;" in html and "Nog niet geschreven" in html
    assert html.count("<svg") == len(doesburg)  # one sweep chart per group
    assert "98006a82fd884961621124713de36310391f8cfe" in html  # Vesta commit cited
    assert "Individueel" in html and "Inkoopvereniging" in html


def test_pdf_is_a_real_pdf(doesburg):
    html = wup.render_html("GM0221", doesburg[:1], [], participation=1.0)
    pdf = wup.render_pdf(html)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 20_000


def test_cli_wup_uses_the_councils_saved_text(shared_data, tmp_path, capsys):
    wup_db.save_section("GM0221", "besluiten", "De raad kiest voor een inkoopvereniging.")
    out = tmp_path / "wup.html"
    assert main(["wup", "GM0221", "--level", "pand", "--output", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "De raad kiest voor een inkoopvereniging." in html
    assert 'alt="Kaart van de vraaggroepen"' in html and "Panden in gebruik (BAG)" in html
    assert "Concept-WUP geschreven" in capsys.readouterr().err


def test_cli_market_csv_and_text(shared_data, capsys):
    assert main(["market", "GM0221", "--level", "pand", "--participation", "0.5"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["group"] for r in rows} == {"voor1945", "1945-1974", "1975-1991", "vanaf1992"}
    for r in rows:
        assert int(r["investment_low_eur"]) <= int(r["investment_high_eur"])
    assert main(["market", "GM0221", "--level", "pand", "--format", "text"]) == 0
    assert "Open uitnodiging aan leveranciers — GM0221" in capsys.readouterr().out


def test_map_shows_the_same_panden_and_buurten_as_the_groups(doesburg):
    frame = service.map_frame("GM0221", "pand")
    assert len(frame) == sum(v.group.households for v in doesburg)
    counts = frame["group"].value_counts().to_dict()
    assert counts == {v.group.code: v.group.households for v in doesburg}
    buurten = service.map_frame("GM0080", "buurt")
    assert set(buurten["group"]) == {"eengezins", "meergezins"}
    assert list(service.map_frame("BU00801001", "buurt")["code"]) == ["BU00801001"]
    png = wup.group_map_png(frame, {v.group.code: v.group.label for v in doesburg})
    assert png.startswith("iVBOR")  # base64 of the PNG signature


def test_wup_shows_the_rates_in_use_and_the_catalogue_default(doesburg):
    html = wup.render_html("GM0221", doesburg[:1], [], 1.0, {"rate_hypotheek": 0.05})
    assert "5,00%" in html and "eigen invoer; catalogus: 4,00%, 30 jaar, aanname" in html
    # without overrides every form shows its catalogue rate and no 'eigen invoer'
    plain = wup.render_html("GM0221", doesburg[:1], [], 1.0)
    assert "eigen invoer" not in plain and "4,35%" in plain
