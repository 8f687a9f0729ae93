"""Council-written concept-WUP sections: append-only history in the database."""

from __future__ import annotations

import pytest

from transitieatlas import db
from transitieatlas.db import wup
from transitieatlas.errors import InputError


@pytest.fixture(autouse=True)
def temp_home(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("TRANSITIEATLAS_DB_URL", raising=False)
    yield
    db.dispose_all()


def test_saving_twice_keeps_both_versions_newest_current():
    wup.save_section("GM0080", "organisatievorm", "Een energiecoöperatie.", "voorzitter")
    wup.save_section("GM0080", "organisatievorm", "Een gebiedscoöperatie.", "presidium")
    wup.save_section("GM0221", "organisatievorm", "Inkoopvereniging.")
    assert wup.current_sections("GM0080") == {"organisatievorm": "Een gebiedscoöperatie."}
    versions = wup.history("GM0080", "organisatievorm")
    assert [v["text"] for v in versions] == ["Een gebiedscoöperatie.", "Een energiecoöperatie."]
    assert versions[1]["author"] == "voorzitter"


def test_unknown_section_and_overlong_text_are_refused_and_nothing_is_written():
    with pytest.raises(InputError, match="Onderdeel 'begroting' bestaat niet"):
        wup.save_section("GM0080", "begroting", "x")
    with pytest.raises(InputError, match="te lang"):
        wup.save_section("GM0080", "besluiten", "x" * 20_001)
    assert wup.current_sections("GM0080") == {}
