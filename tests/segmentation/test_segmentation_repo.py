"""Saved segmentation schemes: versions with history; a bad scheme is not written."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from transitieatlas.db.models import Base
from transitieatlas.errors import InputError, NotInStore
from transitieatlas.segmentation import default_scheme, parse_scheme, repo


@pytest.fixture
def session():
    # the schema from the ORM classes (tests/db/test_db.py checks it against the migrations)
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        yield s


def test_versions_and_history(session):
    scheme = default_scheme()
    assert repo.save_scheme("Wijkraad", scheme, "Anna", "standaard", session=session) == 1
    data = scheme.to_dict()
    old = [r["group"] for r in data["rules"]].index("voor_1945")
    data["rules"][old]["when"][0]["value"] = 1930  # vóór 1930 instead of 1945
    assert repo.save_scheme("Wijkraad", parse_scheme(data), "Bram", "grens 1930", session) == 2
    assert repo.load_scheme("Wijkraad", session=session).rules[old].when[0].value == 1930
    assert repo.load_scheme("Wijkraad", 1, session=session) == scheme
    hist = repo.history("Wijkraad", session=session)
    assert [h["version"] for h in hist] == [2, 1] and hist[0]["author"] == "Bram"
    assert repo.list_schemes(session=session) == ["Wijkraad"]


def test_bad_input_changes_nothing(session):
    bad = '{"name": "x", "rules": [{"group": "a", "label": "A", "when": [{"attribute": "kleur", "op": "==", "value": 1}]}]}'
    with pytest.raises(InputError, match="onbekend kenmerk"):
        repo.save_scheme("Wijkraad", bad, session=session)
    with pytest.raises(InputError, match="naam"):
        repo.save_scheme("  ", default_scheme(), session=session)
    assert repo.list_schemes(session=session) == []
    with pytest.raises(NotInStore, match="geen opgeslagen indeling"):
        repo.load_scheme("Wijkraad", session=session)
