"""``transitieatlas areas``: the buurten of a gemeente with their area, on the real Fryslân file."""

from __future__ import annotations

import csv
import io
import json
import os
import sys

import pytest

from transitieatlas.cli import main

FRYSLAN = "regional/friesland_warmtekaart/buurt_potentie_extraqt.geojson.gz"


@pytest.fixture
def leeuwarden_store(shared_data):
    assert main(["import", str(shared_data / FRYSLAN)]) == 0


def test_areas_csv_lists_134_leeuwarden_buurten(leeuwarden_store, capsys):
    capsys.readouterr()
    assert main(["areas", "GM0080", "--level", "buurt", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 134
    assert {"code", "name", "gemeente_code", "level", "area_ha"} <= set(rows[0])
    assert all(r["code"].startswith("BU0080") and r["gemeente_code"] == "GM0080" for r in rows)
    assert {r["level"] for r in rows} == {"buurt"}
    total = sum(float(r["area_ha"]) for r in rows)
    assert 25_000 < total < 26_000  # the gemeente is about 25 500 ha (CBS: 25 506 ha in 2024)
    assert {r["area_source"] for r in rows} == {"polygoon (RD New)"}


def test_areas_json(leeuwarden_store, capsys):
    capsys.readouterr()
    assert main(["areas", "GM0080", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 134 and data[0]["area_ha"] > 0


def test_unknown_or_bad_gemeente_is_one_dutch_line(leeuwarden_store, capsys):
    capsys.readouterr()
    assert main(["areas", "GM9999"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Geen buurten van GM9999" in err[0]
    assert main(["areas", "Leeuwarden"]) == 1
    assert "geen geldige gemeentecode" in capsys.readouterr().err


def test_output_into_a_closed_pipe_is_not_an_error(leeuwarden_store, monkeypatch):
    """`transitieatlas areas … | head -1`: a reader that went away is no error and no traceback."""
    read_fd, write_fd = os.pipe()
    os.close(read_fd)  # the reader is gone, as `head` is after one line
    closed = os.fdopen(write_fd, "w")
    monkeypatch.setattr(sys, "stdout", closed)
    try:
        assert main(["areas", "GM0080"]) == 0
    finally:
        monkeypatch.undo()
        closed.close()
