"""Tests of ``transitieatlas actors ...`` and ``transitieatlas users ...``."""

from __future__ import annotations

import io
import json

import pytest

from transitieatlas import db
from transitieatlas.accounts import auth
from transitieatlas.actors import repo as actor_repo
from transitieatlas.cli import main

CSV_TEXT = (
    "name,geleding,kind,description,website,contact,address,lon,lat,tags,buurt,status\n"
    "Dorpsbelang,burgers,vereniging,'=1+1,,,,5.8,53.2,wup,,approved\n"
    "Basisschool,voorzieningen,school,,,,,5.81,53.21,,,approved\n"
)


@pytest.fixture(autouse=True)
def _dispose():
    yield
    db.dispose_all()


def test_import_export_round_trip_via_cli(tmp_path, capsys):
    source = tmp_path / "actoren.csv"
    source.write_text(CSV_TEXT, encoding="utf-8")
    assert main(["actors", "--user", "beheer", "import", str(source)]) == 0
    assert "2 actoren geïmporteerd" in capsys.readouterr().out
    out = tmp_path / "uit.csv"
    assert main(["actors", "export", "--format", "csv", "--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == CSV_TEXT
    assert main(["actors", "export", "--format", "geojson"]) == 0
    assert len(json.loads(capsys.readouterr().out)["features"]) == 2
    assert actor_repo.actor_history(1, auth.UserInfo("x", "admin"))[0].user == "beheer"
    capsys.readouterr()
    assert main(["actors", "list", "--status", "approved"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in listed] == ["2", "1"]  # by name: Basisschool, Dorpsbelang
    assert "goedgekeurd" in listed[0]


def test_import_pending_and_errors_on_stderr(tmp_path, capsys):
    source = tmp_path / "a.csv"
    source.write_text("name,geleding,lon,lat\nA,kennis,5.8,53.2\n,boeren,0,0\n", encoding="utf-8")
    assert main(["actors", "import", str(source)]) == 1
    err = capsys.readouterr().err
    assert (
        "rij 3, name: de naam is leeg" in err
        and "rij 3, geleding" in err
        and "rij 3, lon/lat" in err
    )
    assert actor_repo.list_actors(auth.UserInfo("x", "admin")) == []
    source.write_text("name,geleding,lon,lat\nA,kennis,5.8,53.2\n", encoding="utf-8")
    assert main(["actors", "import", "--pending", str(source)]) == 0
    assert "1 actor geïmporteerd, als aanmelding" in capsys.readouterr().out
    assert actor_repo.list_actors() == []
    assert main(["actors", "export", "--public"]) == 0
    assert capsys.readouterr().out.count("\n") == 1  # header only
    assert main(["actors", "import", str(tmp_path / "weg.csv")]) == 1


def test_backup_restore_via_cli(tmp_path, monkeypatch, capsys):
    source = tmp_path / "actoren.csv"
    source.write_text(CSV_TEXT, encoding="utf-8")
    main(["actors", "import", str(source)])
    monkeypatch.setattr("sys.stdin", io.StringIO("een goed wachtwoord\n"))
    assert main(["users", "add", "anna", "--role", "editor", "--password-stdin"]) == 0
    backup = tmp_path / "backup.json"
    assert main(["actors", "backup", "--output", str(backup)]) == 0
    assert main(["actors", "restore", str(backup)]) == 1  # database not empty
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path / "nieuw"))
    capsys.readouterr()
    assert main(["actors", "restore", str(backup)]) == 0
    out = capsys.readouterr().out
    assert "2 actoren" in out and "users passwd" in out
    assert main(["actors", "export"]) == 0
    assert capsys.readouterr().out == CSV_TEXT
    assert main(["users", "list"]) == 0
    assert "geen wachtwoord" in capsys.readouterr().out


def test_users_add_validates_password(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("kort\n"))
    assert main(["users", "add", "bob", "--password-stdin"]) == 1
    assert "minstens 8 tekens" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("lang genoeg\n"))
    assert main(["users", "add", "bob", "--role", "admin", "--password-stdin"]) == 0
    assert auth.authenticate("bob", "lang genoeg").role == "admin"
    monkeypatch.setattr("sys.stdin", io.StringIO("nog langer nu\n"))
    assert main(["users", "passwd", "bob", "--password-stdin"]) == 0
    assert auth.authenticate("bob", "nog langer nu") is not None
    assert main(["users", "block", "bob"]) == 0
    assert auth.authenticate("bob", "nog langer nu") is None
