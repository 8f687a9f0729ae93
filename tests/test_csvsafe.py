"""One formula guard for every CSV the tool writes, with its exact inverse on import (issue 9.12)."""

from __future__ import annotations

import csv
import io

import geopandas as gpd
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import box

from transitieatlas import csvsafe
from transitieatlas.actors import model as actors
from transitieatlas.cli import main
from transitieatlas.frames import ImportBatch, Provenance
from transitieatlas.sources import tables
from transitieatlas.store.opendata import open_store
from transitieatlas.voting import ballots

HOSTILE = '=HYPERLINK("http://example.org/x","klik")'


@given(st.text())
def test_restore_is_the_exact_inverse(text):
    guarded = csvsafe.neutralise_cell(text)
    assert csvsafe.restore_cell(guarded) == text
    assert not guarded.startswith(csvsafe.DANGEROUS_START)


def test_numbers_are_not_touched_and_text_is():
    frame = pd.DataFrame({"name": [HOSTILE, "-1", "Oog in Al"], "value": [-3.5, 1.0, 2.0]})
    text = csvsafe.frame_to_csv(frame)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["'" + HOSTILE, "-3.5"]
    assert rows[2] == ["'-1", "1.0"]
    assert rows[3] == ["Oog in Al", "2.0"]


def test_actor_csv_uses_the_shared_guard():
    assert actors.neutralise_cell is csvsafe.neutralise_cell
    assert actors.restore_cell is csvsafe.restore_cell


def _store_with_hostile_buurt():
    areas = gpd.GeoDataFrame(
        {"code": ["BU00800001", "BU00800002"], "name": [HOSTILE, "@SUM(A1)"], "level": "buurt",
         "gemeente_code": "GM0080", "wijk_code": "WK008000", "year": 2024},
        geometry=[box(150_000, 580_000, 151_000, 581_000), box(151_000, 580_000, 152_000, 581_000)],
        crs="EPSG:28992",
    )  # fmt: skip
    figures = pd.DataFrame(
        {"code": ["BU00800001", "BU00800001", "BU00800002", "BU00800002"], "year": 2024,
         "indicator": ["woningvoorraad", "gem_aardgas_woning"] * 2,
         "value": [100.0, 1000.0, 50.0, 1200.0], "unit": ["aantal", "m3"] * 2, "source": "test"}
    )  # fmt: skip
    prov = Provenance("Test", "t", 2024)
    open_store().write(ImportBatch().add("areas", areas, prov).add("figures", figures, prov))


def test_areas_csv_is_guarded(capsys):
    _store_with_hostile_buurt()
    assert main(["areas", "GM0080", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["name"] for r in rows] == ["'" + HOSTILE, "'@SUM(A1)"]


def test_heat_csv_is_guarded_and_reads_back(capsys, tmp_path):
    _store_with_hostile_buurt()
    out = tmp_path / "warmte.csv"
    assert main(["heat", "GM0080", "--method", "gas", "--output", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["name"] == "'" + HOSTILE
    frame, _ = tables.read_table(out)
    assert list(frame["name"]) == [HOSTILE, "@SUM(A1)"]


@pytest.mark.parametrize("method", ["borda", "approval"])
def test_ballot_archive_is_guarded_and_recounts(method):
    items = [HOSTILE, "+31 extra", "Gewoon"]
    sep = ballots.SEPARATORS[method]
    text = "voter,geleding,ballot\n"
    original, _ = ballots.parse_csv(
        text + "\n".join(
            f'{i},burgers,"{sep.join(items).replace(chr(34), chr(34) * 2)}"' for i in (1, 2)
        ) + "\n",
        method,
        items,
    )  # fmt: skip
    written = ballots.to_csv(original, method)
    rows = list(csv.reader(io.StringIO(written)))
    assert all(not cell.startswith(csvsafe.DANGEROUS_START) for row in rows for cell in row)
    again, names = ballots.parse_csv(written, method, items)
    assert [b.choices for b in again] == [b.choices for b in original]
    assert names == items


def test_guard_mapping_guards_text_values_only():
    row = {"name": HOSTILE, "n": -2, "empty": None}
    assert csvsafe.guard_mapping(row) == {"name": "'" + HOSTILE, "n": -2, "empty": None}


def test_every_csv_writer_goes_through_the_shared_guard():
    """Each module that writes CSV uses transitieatlas.csvsafe (or writes through one that does)."""
    import re
    from pathlib import Path

    package = Path(csvsafe.__file__).parent
    # domain.to_csv / ballot_csv.to_csv call the guarded writers of actors.model and voting.ballots
    writes = re.compile(
        r"csv\.writer\(|csv\.DictWriter\(|(?<!domain)(?<!ballot_csv)\.to_csv\(|\.to_excel\("
    )
    guarded = re.compile(r"transitieatlas\.csvsafe import|frame_to_csv|guard_row|guard_mapping")
    unguarded = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name != "csvsafe.py"
        and writes.search(text := path.read_text(encoding="utf-8"))
        and not guarded.search(text)
    ]
    assert unguarded == []
