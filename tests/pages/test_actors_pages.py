"""The Transitiekaart and Actoren-beheren pages through Streamlit's AppTest (no browser)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box
from streamlit.testing.v1 import AppTest

from transitieatlas import db
from transitieatlas.accounts import auth
from transitieatlas.accounts.auth import UserInfo
from transitieatlas.actors import repo as actor_repo
from transitieatlas.frames import ImportBatch, Provenance
from transitieatlas.store.opendata import open_store

ANNA = UserInfo("anna", "editor")
PAGES = Path(__file__).resolve().parents[2] / "transitieatlas" / "pages"
KAART = str(PAGES / "transitiekaart.py")
BEHEER = str(PAGES / "actoren_beheer.py")


@pytest.fixture(autouse=True)
def seeded(_private_home):
    """Two hand-made buurten around Leeuwarden's centre in the store, an account for Anna."""
    buurten = gpd.GeoDataFrame(
        {
            "code": ["BU00800001", "BU00800002"],
            "name": ["West", "Oost"],
            "level": "buurt",
            "gemeente_code": "GM0080",
            "wijk_code": "WK008000",
            "year": 2024,
        },
        geometry=[box(181_000, 578_500, 182_000, 579_500), box(182_000, 578_500, 183_000, 579_500)],
        crs="EPSG:28992",
    )
    open_store().write(ImportBatch().add("areas", buurten, Provenance("test", "buurten", 2024)))
    auth.add_user("anna", "editor", "anna-wachtwoord")
    yield
    db.dispose_all()


def _run(path: str, state: dict | None = None) -> AppTest:
    at = AppTest.from_file(path, default_timeout=60)
    for key, value in (state or {}).items():
        at.session_state[key] = value
    return at.run()


def test_public_page_shows_only_approved_and_vacant_seats():
    approved = actor_repo.create_actor({"name": "Dorpsbelang", "geleding": "burgers"}, ANNA)
    actor_repo.submit_actor({"name": "Nog niet goedgekeurd", "geleding": "kennis"})
    at = _run(KAART)
    assert not at.exception
    table = at.table[0].value
    assert table.loc["Burgers", "Actoren"] == 1
    assert table.loc["Kennis en wetenschap", "Zetel"] == "vacant (lege zetel)"
    assert approved == 1


def test_point_click_fills_the_zelfmelding_and_submission_is_pending():
    event = {"type": "point", "lat": 53.2005, "lon": 5.79123, "seq": 1}
    at = _run(KAART, {"tk_map": event})
    assert at.text_input(key="tk_new_lon").value == "5.791230"
    at.text_input(key="tk_new_name").input("Buurthuis <script>")
    at.selectbox(key="tk_new_geleding").select("voorzieningen")
    at.text_input(key="tk_submitter").input("Piet")
    next(b for b in at.button if b.label == "Aanmelden").click()
    at.run()
    assert not at.error and at.success
    pending = actor_repo.list_actors(ANNA)
    assert [(a.name, a.status, a.lon) for a in pending] == [
        ("Buurthuis <script>", "pending", 5.79123)
    ]
    # the buurt was derived from the clicked point (RD x ≈ 181 7xx → West)
    assert pending[0].buurt_code == "BU00800001"
    assert actor_repo.list_actors() == []


def test_beheer_needs_login_and_approves():
    actor_id = actor_repo.submit_actor({"name": "Energiecoöperatie", "geleding": "bedrijven"})
    at = _run(BEHEER)
    assert not at.exception
    assert "Log links in" in at.info[0].value
    assert len(at.tabs) == 0  # a viewer cannot reach editing
    at.text_input(key="login_name").input("anna")
    at.text_input(key="login_pw").input("fout")
    next(b for b in at.button if b.label == "Inloggen").click()
    at.run()
    assert "klopt niet" in at.error[0].value
    at.text_input(key="login_pw").input("anna-wachtwoord")
    next(b for b in at.button if b.label == "Inloggen").click()
    at.run()
    assert len(at.tabs) == 7
    at.button(key=f"be_ok_{actor_id}").click()
    at.run()
    assert actor_repo.get_actor(actor_id).status == "approved"


def test_beheer_conflict_shows_both_versions():
    actor_id = actor_repo.create_actor(
        {"name": "Dorpsbelang", "geleding": "burgers", "description": "oud"}, ANNA
    )
    at = _run(BEHEER, {"user": ANNA})
    assert at.session_state[f"be_opened_{actor_id}"] == 1
    # Bob saves first, while Anna has version 1 open in her form.
    actor_repo.edit_actor(actor_id, {"description": "van Bob"}, UserInfo("bob", "editor"), 1)
    at.text_area(key=f"be_{actor_id}_1_description").input("van Anna")
    next(b for b in at.button if b.label == "Opslaan").click()
    at.run()
    assert "intussen door iemand anders gewijzigd" in at.error[0].value
    diff = at.dataframe[0].value
    assert list(diff.iloc[0]) == ["Rol in de transitie", "van Anna", "van Bob"]
    assert actor_repo.get_actor(actor_id).description == "van Bob"


def test_beheer_map_click_fills_new_actor_and_marker_opens_it():
    actor_id = actor_repo.create_actor(
        {"name": "Dorpsbelang", "geleding": "burgers", "lon": 5.79, "lat": 53.2}, ANNA
    )
    at = _run(BEHEER, {"user": ANNA})
    assert not at.exception
    at.session_state["be_map"] = {"type": "point", "lat": 53.2011, "lon": 5.8022, "seq": 1}
    at.run()
    assert at.text_input(key="be_new_lon").value == "5.802200"
    assert at.text_input(key=f"be_{actor_id}_1_lat").value == "53.201100"
    at.text_input(key="be_new_name").input("Kerk")
    at.selectbox(key="be_new_geleding").select("voorzieningen")
    next(b for b in at.button if b.label == "Toevoegen").click()
    at.run()
    new = next(a for a in actor_repo.list_actors() if a.name == "Kerk")
    assert (new.lon, new.lat, new.status) == (5.8022, 53.2011, "approved")
    at.session_state["be_map"] = {"type": "marker", "id": str(new.id), "seq": 2}
    at.run()
    assert at.selectbox(key="be_edit_id").value == new.id


def test_admin_makes_an_account_on_the_page_editor_cannot():
    at = _run(BEHEER, {"user": ANNA})
    assert len(at.tabs) == 7  # no Accounts tab for an editor
    auth.add_user("beheer", "admin", "beheer-wachtwoord")
    at = _run(BEHEER, {"user": UserInfo("beheer", "admin")})
    assert len(at.tabs) == 8
    at.text_input(key="be_user_name").input("Bram")
    at.text_input(key="be_user_pw").input("kort")
    next(b for b in at.button if b.label == "Account aanmaken").click()
    at.run()
    assert "minstens 8 tekens" in at.error[0].value
    at.text_input(key="be_user_pw").input("lang genoeg wachtwoord")
    next(b for b in at.button if b.label == "Account aanmaken").click()
    at.run()
    assert auth.authenticate("Bram", "lang genoeg wachtwoord") == UserInfo("Bram", "editor", 3)
