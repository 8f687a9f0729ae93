"""Backup and restore hold everything users created; malformed backups write nothing."""

from __future__ import annotations

import copy
import json

import pytest

from transitieatlas import db
from transitieatlas.accounts import auth
from transitieatlas.accounts.auth import UserInfo
from transitieatlas.actors import repo
from transitieatlas.cli import main
from transitieatlas.db import backup as db_backup
from transitieatlas.db import gebieden
from transitieatlas.db.models import Base
from transitieatlas.errors import InputError
from transitieatlas.voting import rounds

ADMIN = UserInfo("beheer (CLI)", "admin")
ANNA = UserInfo("anna", "editor")


@pytest.fixture(autouse=True)
def _dispose():
    yield
    db.dispose_all()


def _fill() -> dict[str, int]:
    """One of everything a user can make; returns the receipts' round and an open round."""
    auth.add_user("anna", "editor", "anna-wachtwoord")
    auth.add_user("bea", "admin", "bea-wachtwoord")
    auth.set_active("bea", False)
    first = repo.create_actor(
        {"name": "Dorpsbelang", "geleding": "burgers", "lon": 5.8, "lat": 53.2}, ANNA
    )
    second = repo.submit_actor({"name": "Zonnecoöperatie", "geleding": "bedrijven"}, "Piet")
    repo.add_relation(first, second, "werkt samen met", ANNA)
    repo.edit_actor(first, {"description": "de vereniging"}, ANNA, 1)
    repo.delete_actor(second, ANNA)
    gebieden.save_afbakening("Oud-Oost", ["BU00800101", "BU00800102"], "GM0080", user=ANNA)
    k1 = rounds.add_kwestie("Isolatie", "burgers", "dak en spouw", ["BU00800101"], user=ANNA)
    k2 = rounds.add_kwestie("Warmtenet", "overheid", user=ANNA)
    rounds.save_cluster("Warmte", "samen goedkoper", [k1, k2], user=ANNA)
    closed = rounds.open_round("Voorjaar", "approval", ["A", "B", "C"], shortlist_size=2, user=ANNA)
    codes = rounds.issue_codes(closed, {"burgers": 2, "kennis": 1}, user=ANNA)
    for (code, _), choice in zip(codes, [["A"], ["A", "B"], ["C"]], strict=True):
        rounds.cast_ballot(code, choice)
    rounds.enter_paper_ballot(closed, "overheid", ["B"], user=ANNA)
    rounds.close_round(closed, user=ANNA, seed=7)
    second_round = rounds.open_second_round(closed, user=ANNA)
    rounds.issue_codes(second_round, {"voorzieningen": 2}, user=ANNA)
    (code, _), *_ = rounds.issue_codes(second_round, {"bedrijven": 1}, user=ANNA)
    rounds.cast_ballot(code, ["B", "A"])
    return {"closed": closed, "open": second_round}


def _contents(data: dict) -> dict:
    return data["tables"]


def test_backup_restores_everything_into_an_empty_home(fresh_database):
    ids = _fill()
    data = repo.backup(ADMIN)
    counts = {name: len(rows) for name, rows in _contents(data).items()}
    # every table users fill is in the backup (also those of later domains, empty here)
    assert set(counts) == set(Base.metadata.tables) - {"rate_limits"}
    counts = {name: n for name, n in counts.items() if n}
    assert counts == {
        "gebiedsafbakening": 1,
        "users": 2,
        "actors": 2,
        "clusters": 1,
        "vote_rounds": 2,
        "actor_relations": 1,
        "actor_history": counts["actor_history"],
        "kwesties": 2,
        "vote_codes": 6,
        "vote_ballots": 5,
        "vote_receipts": 4,
    }
    assert counts["actor_history"] >= 6
    assert "rate_limits" not in _contents(data)
    assert all("password_hash" not in u for u in _contents(data)["users"])
    text = repo.backup_json(ADMIN)
    published = rounds.result(ids["closed"])
    ballots_csv = rounds.export_csv(ids["closed"])
    receipts = rounds.receipts(ids["closed"])

    fresh_database()
    restored = repo.restore(json.loads(text), ADMIN)
    assert {k: v for k, v in restored.items() if v} == counts
    again = repo.backup(ADMIN)
    assert _contents(again) == _contents(data)  # every row and value, table by table

    # and the app works on it: archive, recount, receipts, the open round goes on
    assert rounds.result(ids["closed"]) == published
    assert rounds.export_csv(ids["closed"]) == ballots_csv
    assert rounds.receipts(ids["closed"]) == receipts
    assert rounds.get_round(ids["open"]).ballots == 1
    spare = [c["code"] for c in rounds.code_list(ids["open"], user=ANNA) if not c["spent"]]
    assert len(spare) == 2
    rounds.cast_ballot(spare[0], ["A"])
    assert rounds.get_round(ids["open"]).ballots == 2
    assert [k.cluster for k in rounds.list_kwesties()] == ["Warmte", "Warmte"]
    assert gebieden.load_afbakening("Oud-Oost")["owner"] == "anna"
    assert [u["active"] for u in auth.list_users()] == [True, False]
    assert auth.authenticate("anna", "anna-wachtwoord") is None  # no hashes: by design
    auth.set_password("anna", "nieuw wachtwoord")
    assert auth.authenticate("anna", "nieuw wachtwoord").name == "anna"
    assert repo.create_actor({"name": "Na herstel", "geleding": "kennis"}, ANNA) == 3


def _counts() -> dict[str, int]:
    with db.session_scope() as s:
        return {t: 1 for t in db_backup.filled_tables(s)}


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format_version="twee"), "ongeldig versienummer"),
        (lambda d: d["tables"]["actors"][0].pop("geleding"), "kolom 'geleding' ontbreekt"),
        (lambda d: d["tables"]["users"].append("anna"), "geen object maar str"),
        (
            lambda d: d["tables"]["users"][0].update(role="superadmin"),
            "onbekende waarde 'superadmin'",
        ),
        (
            lambda d: d["tables"]["vote_rounds"][0].update(seed="7"),
            "'seed' heeft een ongeldige waarde",
        ),
        (lambda d: d["tables"].update(kwesties="alles"), "kwesties: geen lijst van rijen"),
        (lambda d: d.pop("tables"), "het deel 'tables' ontbreekt"),
    ],
)
def test_malformed_backup_is_refused_in_dutch_and_writes_nothing(fresh_database, mutate, message):
    _fill()
    data = repo.backup(ADMIN)
    fresh_database()
    bad = copy.deepcopy(data)
    mutate(bad)
    with pytest.raises(InputError, match=message):
        repo.restore(bad, ADMIN)
    assert _counts() == {}
    # a good copy of the same backup still restores afterwards
    assert repo.restore(data, ADMIN)["actors"] == 2


def test_superadmin_in_a_replace_restore_leaves_the_database_as_it_was():
    _fill()
    data = repo.backup(ADMIN)
    data["tables"]["users"][0]["role"] = "superadmin"
    before = repo.backup(ADMIN)["tables"]
    with pytest.raises(InputError, match="er is niets veranderd"):
        repo.restore(data, ADMIN, replace=True)
    assert repo.backup(ADMIN)["tables"] == before
    assert [u["role"] for u in auth.list_users()] == ["editor", "admin"]


def test_cli_restore_of_text_and_broken_files_prints_one_dutch_line(tmp_path, capsys):
    text = tmp_path / "notities.txt"
    text.write_text("dit is geen back-up\n", encoding="utf-8")
    assert main(["actors", "restore", str(text)]) == 1
    err = capsys.readouterr().err
    assert "geen leesbare back-up" in err and "Traceback" not in err
    rows = tmp_path / "rijen.json"
    rows.write_text(
        json.dumps(
            {"format": "transitieatlas-backup", "format_version": 2, "tables": {"users": [1, 2]}}
        ),
        encoding="utf-8",
    )
    assert main(["actors", "restore", str(rows)]) == 1
    err = capsys.readouterr().err
    assert "users, rij 1: geen object maar int" in err and "Traceback" not in err
    assert _counts() == {}


def test_version_1_backups_still_restore():
    old = {
        "format": "transitieatlas-backup",
        "format_version": 1,
        "actors": [],
        "relations": [],
        "history": [],
        "afbakeningen": [
            {
                "id": 1,
                "name": "Oud",
                "description": "",
                "codes": ["BU1"],
                "gemeente_code": "GM0080",
                "created_at": "2026-01-01T10:00:00",
                "updated_at": "2026-01-01T10:00:00",
            }
        ],
        "users": [
            {
                "id": 1,
                "name": "anna",
                "role": "editor",
                "active": True,
                "created_at": "2026-01-01T10:00:00",
            }
        ],
    }
    counts = repo.restore(old, ADMIN)
    assert counts["gebiedsafbakening"] == 1 and counts["users"] == 1
    assert gebieden.load_afbakening("Oud")["owner"] == ""
