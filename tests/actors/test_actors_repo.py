"""Tests of the actor repository: workflow, roles, history, conflicts, import, backup."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
from shapely.geometry import box

from transitieatlas import db
from transitieatlas.accounts import auth
from transitieatlas.accounts.auth import PermissionDenied, UserInfo
from transitieatlas.actors import model as d
from transitieatlas.actors import repo
from transitieatlas.actors.records import ActorHistoryEntry
from transitieatlas.actors.repo import ActorConflict
from transitieatlas.db import gebieden
from transitieatlas.db.models import Actor
from transitieatlas.errors import InputError, NotInStore

ANNA = UserInfo("anna", "editor")
BOB = UserInfo("bob", "editor")
ADMIN = UserInfo("beheer", "admin")
VIEWER = UserInfo("kijker", "viewer")

CSV_TEXT = (
    "name,geleding,kind,description,website,contact,address,lon,lat,tags,buurt,status\n"
    "<img src=x onerror=alert(1)>,burgers,vereniging,'=1+1,https://a.nl,'+31 58 1,,5.8,53.2,wup;zon,,approved\n"
    'Energiecoöperatie,bedrijven,coöperatie,"twee\nregels, met komma",,,Dorpsstraat 1,5.81,53.21,,,pending\n'
    "Gemeente,overheid,gemeente,,,,Stadhuis,,,,,approved\n"
)


@pytest.fixture(autouse=True)
def _dispose():
    yield
    db.dispose_all()


def _new(name="Dorpsbelang", geleding="burgers", **extra):
    return {"name": name, "geleding": geleding, "lon": 5.8, "lat": 53.2, **extra}


def test_submission_is_pending_and_invisible_to_viewers():
    actor_id = repo.submit_actor(_new(private_contact="06-12345678"), submitter="Piet")
    assert repo.list_actors() == []
    assert repo.list_actors(VIEWER) == []
    with pytest.raises(NotInStore):
        repo.get_actor(actor_id)
    seen = repo.get_actor(actor_id, ANNA)
    assert seen.status == "pending" and seen.private_contact == "06-12345678"
    repo.approve_actor(actor_id, ANNA, seen.version)
    public = repo.list_actors()
    assert [a.name for a in public] == ["Dorpsbelang"]
    assert public[0].private_contact is None and public[0].submitted_by is None
    assert "06-12345678" not in repo.export_actors(None, "csv")
    assert "06-12345678" not in repo.export_actors(None, "geojson")


def test_viewer_cannot_edit_or_approve():
    actor_id = repo.submit_actor(_new())
    for call in (
        lambda: repo.create_actor(_new("X"), VIEWER),
        lambda: repo.create_actor(_new("X"), None),
        lambda: repo.edit_actor(actor_id, {"name": "Y"}, VIEWER, 1),
        lambda: repo.approve_actor(actor_id, None),
        lambda: repo.delete_actor(actor_id, VIEWER),
        lambda: repo.actor_history(actor_id, VIEWER),
        lambda: repo.import_actors([], ANNA),  # import is for administrators
    ):
        with pytest.raises(PermissionDenied, match="ingelogd"):
            call()
    assert repo.get_actor(actor_id, ANNA).version == 1


def test_history_records_who_when_field_old_new():
    actor_id = repo.create_actor(_new(kind="vereniging"), ANNA)
    version = repo.edit_actor(actor_id, {"kind": "stichting", "tags": "wup;zon"}, BOB, 1)
    assert version == 2
    history = repo.actor_history(actor_id, ADMIN)
    assert history[0] == ActorHistoryEntry(
        history[0].at, "anna", "create", "status", None, "approved"
    )
    edits = [(h.user, h.field, h.old, h.new) for h in history if h.action == "edit"]
    assert edits == [("bob", "kind", "vereniging", "stichting"), ("bob", "tags", "", "wup;zon")]
    assert all(h.at[:4].isdigit() for h in history)


def test_conflict_shows_both_versions_and_keeps_the_first_save():
    actor_id = repo.create_actor(_new(description="oud"), ANNA)
    opened = repo.get_actor(actor_id, ANNA).version  # both editors open version 1
    repo.edit_actor(actor_id, {"description": "van Anna"}, ANNA, opened)
    with pytest.raises(ActorConflict) as err:
        repo.edit_actor(actor_id, {"description": "van Bob"}, BOB, opened)
    conflict = err.value
    assert conflict.mine.description == "van Bob"
    assert conflict.theirs.description == "van Anna" and conflict.theirs.version == 2
    assert conflict.differences == [("description", "van Bob", "van Anna")]
    assert "versie 1" in str(conflict) and "versie 2" in str(conflict)
    assert repo.get_actor(actor_id, ANNA).description == "van Anna"


def test_conflict_detected_at_write_time_when_row_changed_underneath():
    actor_id = repo.create_actor(_new(description="oud", private_contact="06-1"), ANNA)
    with db.session_scope() as slow:
        held = slow.get(Actor, actor_id)  # Bob's session holds version 1 (kept referenced)
        assert held.version == 1
        repo.edit_actor(actor_id, {"description": "van Anna"}, ANNA, 1)  # own session, commits
        with pytest.raises(ActorConflict) as err:
            repo.edit_actor(actor_id, {"description": "van Bob"}, BOB, 1, session=slow)
    assert err.value.theirs.description == "van Anna"
    # theirs is read as the editor sees it: the private contact is no false difference
    assert err.value.differences == [("description", "van Bob", "van Anna")]
    assert repo.get_actor(actor_id, ANNA).description == "van Anna"


def test_soft_delete_and_restore():
    actor_id = repo.create_actor(_new(), ANNA)
    repo.delete_actor(actor_id, ANNA, 1)
    assert repo.list_actors() == [] and repo.list_actors(ANNA) == []
    assert [a.id for a in repo.list_actors(ANNA, include_deleted=True)] == [actor_id]
    repo.restore_actor(actor_id, BOB)
    assert [a.name for a in repo.list_actors()] == ["Dorpsbelang"]
    actions = [h.action for h in repo.actor_history(actor_id, ANNA)]
    assert actions[-2:] == ["delete", "restore"]


def test_reject_keeps_actor_off_the_public_map():
    actor_id = repo.submit_actor(_new())
    repo.reject_actor(actor_id, ANNA, 1)
    assert repo.list_actors() == []
    assert repo.list_actors(ANNA, statuses=["rejected"])[0].id == actor_id


def test_duplicate_and_invalid_submissions_raise_dutch_errors():
    repo.create_actor(_new(), ANNA)
    with pytest.raises(InputError, match="staat op deze plek al"):
        repo.submit_actor(_new(name=" dorpsbelang "))
    with pytest.raises(InputError) as err:
        repo.submit_actor({"name": "", "geleding": "x", "lon": 0, "lat": 0})
    assert len(err.value.problems) == 3


def test_relations_visible_only_between_public_actors():
    a = repo.create_actor(_new("Vereniging"), ANNA)
    b = repo.create_actor(_new("Coöperatie", "bedrijven", lon=5.9), ANNA)
    c = repo.submit_actor(_new("Nieuw", "kennis", lon=6.0))
    repo.add_relation(a, b, "lid van", ANNA)
    repo.add_relation(a, c, "werkt samen met", ANNA)
    assert [r.kind for r in repo.list_relations()] == ["lid van"]
    assert len(repo.list_relations(ANNA)) == 2
    with pytest.raises(InputError):
        repo.add_relation(a, a, "", ANNA)
    assert repo.actor_history(a, ANNA)[-1].new == "werkt samen met → Nieuw"


def test_import_export_round_trip_is_exact_also_into_a_fresh_install(fresh_database):
    rows = d.parse_csv(CSV_TEXT)
    assert repo.import_actors(rows, ADMIN) == 3
    for actor in repo.list_actors(ADMIN):  # batch insert: each history belongs to its actor
        names = [h.new for h in repo.actor_history(actor.id, ADMIN) if h.field == "name"]
        assert names == [actor.name]
    exported = repo.export_actors(ADMIN, "csv")
    assert sorted(exported.splitlines()) == sorted(CSV_TEXT.splitlines())
    geojson = repo.export_actors(ADMIN, "geojson")
    fresh_database()
    assert repo.import_actors(d.parse_geojson(geojson), ADMIN) == 3
    assert repo.export_actors(ADMIN, "csv") == exported
    assert repo.export_actors(ADMIN, "geojson") == geojson


def test_import_pending_and_bad_file_writes_nothing():
    assert repo.import_actors(d.parse_csv(CSV_TEXT), ADMIN, pending=True) == 3
    assert repo.list_actors() == []
    before = repo.export_actors(ADMIN)
    bad = CSV_TEXT + "Nieuw,kennis,,,,,,5.9,53.3,,,\nLeeg,boeren,,,,,,1.0,40.0,,,\n"
    with pytest.raises(InputError) as err:
        repo.import_actors(d.parse_csv(bad), ADMIN)
    problems = err.value.problems
    # rows 2–4 duplicate the database, row 6: two problems; row 5 is fine but not written
    assert [p.split(":")[0] for p in problems] == [
        "rij 2, name",
        "rij 3, name",
        "rij 4, name",
        "rij 6, geleding",
        "rij 6, lon/lat",
    ]
    assert repo.export_actors(ADMIN) == before


def test_import_derives_buurt_from_location():
    buurten = gpd.GeoDataFrame(
        {"code": ["BU00800001"]},
        geometry=[box(180_000, 575_000, 190_000, 585_000)],
        crs="EPSG:28992",
    )
    text = "name,geleding,lon,lat,buurt\nA,kennis,5.8,53.2,BU_FOUT\nB,kennis,6.5,53.2,\n"
    repo.import_actors(d.parse_csv(text), ADMIN, buurten=buurten)
    codes = {a.name: a.buurt_code for a in repo.list_actors(ADMIN)}
    assert codes == {"A": "BU00800001", "B": ""}
    actor = repo.list_actors(ADMIN)[0]
    # a form sends every field again: an unchanged place keeps its buurt, with or without polygons
    same_place = {"lon": str(actor.lon), "lat": str(actor.lat), "kind": "school"}
    version = repo.edit_actor(actor.id, same_place, ANNA, actor.version)
    assert repo.get_actor(actor.id, ANNA).buurt_code == "BU00800001"
    repo.edit_actor(actor.id, {"lon": 6.5}, ANNA, version, buurten=buurten)
    assert repo.get_actor(actor.id, ANNA).buurt_code == ""


def test_backup_and_restore_into_a_fresh_database(fresh_database):
    auth.add_user("anna", "editor", "een lang wachtwoord")
    repo.import_actors(d.parse_csv(CSV_TEXT), ADMIN)
    first = repo.list_actors(ADMIN)[0]
    repo.edit_actor(first.id, {"kind": "stichting"}, ANNA, first.version)
    repo.delete_actor(repo.list_actors(ADMIN)[1].id, ANNA)
    ids = [a.id for a in repo.list_actors(ADMIN)]
    repo.add_relation(ids[0], ids[1], "lid van", ANNA)
    gebieden.save_afbakening("Oud-Oost", ["BU00800101"], "GM0080", user=ANNA)
    backup = repo.backup_json(ADMIN)
    assert "scrypt" not in backup
    assert all("password_hash" not in u for u in json.loads(backup)["tables"]["users"])
    history = repo.actor_history(first.id, ANNA)
    export = repo.export_actors(ADMIN)
    with pytest.raises(InputError, match="niet leeg"):
        repo.restore(repo.backup(ADMIN), ADMIN)

    fresh_database()
    counts = repo.restore(json.loads(backup), ADMIN)
    assert {k: v for k, v in counts.items() if v} == {
        "users": 1,
        "actors": 3,
        "actor_relations": 1,
        "gebiedsafbakening": 1,
        "actor_history": len(json.loads(backup)["tables"]["actor_history"]),
    }
    assert repo.export_actors(ADMIN) == export
    assert repo.actor_history(first.id, ANNA) == history
    assert len(repo.list_actors(ANNA, include_deleted=True)) == 3
    assert gebieden.load_afbakening("Oud-Oost")["codes"] == ["BU00800101"]
    assert auth.authenticate("anna", "een lang wachtwoord") is None  # no hashes in a backup
    auth.set_password("anna", "nieuw wachtwoord")
    assert auth.authenticate("anna", "nieuw wachtwoord") == UserInfo("anna", "editor", 1)
    new_id = repo.create_actor(_new("Na herstel", lon=6.1), ANNA)  # ids continue after restore
    assert new_id == 4
    with pytest.raises(InputError, match="geen back-up"):
        repo.restore({"format": "iets"}, ADMIN)


def test_zelfmelding_is_rate_limited_per_client_and_in_total():
    for i in range(5):
        repo.submit_actor(_new(f"Melding {i}", lon=5.8 + i / 100), "Piet", client="192.0.2.7")
    with pytest.raises(InputError, match="te veel aanmeldingen"):
        repo.submit_actor(_new("Melding 6", lon=5.9), "Piet", client="192.0.2.7")
    repo.submit_actor(_new("Van elders", lon=5.95), "Els", client="192.0.2.8")
    names = [a.name for a in repo.list_actors(ANNA, statuses=["pending"])]
    assert "Melding 6" not in names and "Van elders" in names and len(names) == 6


def test_zelfmelding_length_limits_are_in_the_domain():
    with pytest.raises(InputError) as err:
        repo.submit_actor(
            _new("N" * 301, description="d" * 5001, tags=[f"t{i}" for i in range(31)])
        )
    assert [p.split(":")[0] for p in err.value.problems] == ["name", "description", "tags"]
    with pytest.raises(InputError, match="een label is langer dan 50 tekens"):
        repo.submit_actor(_new(tags=["x" * 51]))
    with pytest.raises(InputError, match="uw naam is langer dan 200 tekens"):
        repo.submit_actor(_new(), "p" * 201)
    assert repo.list_actors(ANNA) == []


def test_csv_export_of_the_longest_accepted_values_imports_again(fresh_database):
    longest = _new(
        "N" * 300,
        description="=d\n" + "d" * 4997,
        tags=[f"{i:02d}" + "t" * 48 for i in range(30)],
    )
    repo.create_actor(longest, ANNA)
    exported = repo.export_actors(ADMIN, "csv")
    fresh_database()
    assert repo.import_actors(d.parse_csv(exported), ADMIN) == 1
    assert repo.export_actors(ADMIN, "csv") == exported
    (back,) = repo.list_actors(ADMIN)
    assert back.description == longest["description"] and list(back.tags) == longest["tags"]


def test_a_huge_csv_cell_is_read_and_refused_by_the_limit_not_by_the_csv_reader():
    # Python's csv module refuses cells over 131,072 characters ("field larger than field
    # limit"); the file must be read and the limit named in Dutch instead.
    text = "name,geleding,description\nGroot,burgers," + "x" * 1_000_000 + "\n"
    rows = d.parse_csv(text)
    assert len(rows[0].values["description"]) == 1_000_000
    with pytest.raises(InputError, match="description: langer dan 5000 tekens"):
        repo.import_actors(rows, ADMIN)
