"""EP-Online energy labels: the export read in RVO's format, latest label per object, Dutch
errors, the join to real Delft BAG panden in the store, and rules on ``label`` at pand level.

The fixture ``tests/fixtures/eponline/ep_online_delft.csv`` has the columns of RVO's
``v<date>_v2_csv.csv`` export (order as read by 3DGI/wijklabels ``src/wijklabels/load.py`` @
00da62f4) and real BAG pand ids of Delft (Wippolder sample) and Doesburg; the addresses are
left empty because they are not in our data.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from transitieatlas.cli import main
from transitieatlas.errors import InputError, NotInStore
from transitieatlas.sources import eponline
from transitieatlas.store.labels import import_labels
from transitieatlas.store.opendata import open_store

FIXTURE = Path(__file__).parents[1] / "fixtures" / "eponline" / "ep_online_delft.csv"
OFFICE = "0503100000025503"  # kantoorfunctie, 1933, 569 m²
HOUSE = "0503100000004254"  # woonfunctie, 1925, 146 m²
SCHOOL = "0503100000032817"  # kantoor- en onderwijsfunctie
DOESBURG = "0221100000334154"


def test_read_keeps_the_latest_label_per_pand_by_registration_date():
    read = eponline.read_labels(FIXTURE)
    assert read.read == 8
    labels = read.labels.set_index("pand_id")
    assert sorted(labels.index) == sorted([OFFICE, HOUSE, SCHOOL, DOESBURG])
    # three office records: C (registered 2015), B (2022-06-03), G (opname 2023 but
    # registered 2022-01-01): the latest registration wins
    assert labels.loc[OFFICE, "label"] == "B"
    assert labels.loc[OFFICE, "registratiedatum"] == pd.Timestamp("2022-06-03")
    assert labels.loc[HOUSE, ["energieklasse", "label"]].tolist() == ["A++", "A"]
    assert any("2 oudere labels" in n for n in read.notes)
    assert any("1 regels zonder geldige energieklasse" in n for n in read.notes)
    assert any("1 regels zonder BAG-id" in n for n in read.notes)


def test_header_after_a_publication_line_and_lower_case_names(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8")
    path = tmp_path / "ep.csv"
    path.write_text("PublicatieDatum;20240101\n" + text.lower(), encoding="utf-8")
    labels = eponline.read_labels(path).labels.set_index("pand_id")
    assert labels.loc[OFFICE, "label"] == "B"


def test_wrong_columns_are_named_in_dutch(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text("adres;label;datum\nMekelweg 5;B;20220101\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        eponline.read_labels(path)
    message = str(err.value)
    assert "mist kolommen" in message and "Pand_energieklasse" in message
    assert "Pand_bagverblijfsobjectid of Pand_bagpandid" in message


@pytest.fixture
def delft_store(shared_data, tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path / "home"))
    gpkg = shared_data / "bag/delft_wippolder_sample/wippolder.gpkg"
    assert main(["bag", "import", str(gpkg)]) == 0
    return open_store()


def test_import_joins_to_the_panden_in_the_store(delft_store, capsys):
    assert main(["labels", "import", str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    assert "3 labels opgeslagen" in out and "1 labels horen bij panden die niet" in out
    stored = open_store().energy_labels().set_index("pand_id")
    assert sorted(stored.index) == sorted([OFFICE, HOUSE, SCHOOL])
    assert stored.loc[SCHOOL, "label"] == "D"


def test_a_file_without_matching_bag_ids_changes_nothing(delft_store, tmp_path, capsys):
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    only_doesburg = [lines[0]] + [line for line in lines[1:] if DOESBURG in line]
    path = tmp_path / "doesburg.csv"
    path.write_text("\n".join(only_doesburg) + "\n", encoding="utf-8")
    assert main(["labels", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Geen enkel label in doesburg.csv hoort bij een BAG-pand" in err
    assert "niets opgeslagen" in err
    assert open_store().energy_labels().empty
    assert not open_store().datasets("labels")


def test_import_before_any_panden_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path / "leeg"))
    with pytest.raises(NotInStore, match="importeer die eerst"):
        import_labels(FIXTURE, open_store())
