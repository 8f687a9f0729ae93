"""What a click on the map shows: a pand's attributes, group and rule; a buurt's groups."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from transitieatlas import segmentation
from transitieatlas.segmentation import details
from transitieatlas.segmentation.scheme import Condition, Rule, Scheme
from transitieatlas.store import importing
from transitieatlas.store.opendata import open_store

SCHEME = Scheme(
    "proef",
    (
        Rule("oud", "Oude woningen", (Condition("bouwjaar", "<", 1945),)),
        Rule("groot", "Grote panden", (Condition("grondvlak_m2", ">=", 500),)),
    ),
)


def test_rule_text_names_the_rule_or_the_remainder():
    assert details.rule_text(SCHEME, 1) == "regel 1: bouwjaar kleiner dan 1945"
    assert details.rule_text(SCHEME, 2) == "regel 2: grondvlak_m2 minstens 500"
    assert details.rule_text(SCHEME, 0) == "restgroep: alle overige"


def test_pand_details_by_hand():
    units = pd.DataFrame(
        {
            "group": ["oud"], "rule_nr": [1], "bouwjaar": [1921.0], "grondvlak_m2": [1234.4],
            "woz": [np.nan], "bedrijventerrein": [np.bool_(True)], "dwellings": [3.0],
            "heat_demand_gj": [151.6], "floor_area_m2": [np.nan],
        },
        index=pd.Index(["0221100000312345"], name="id"),
    )  # fmt: skip
    rows = dict(details.pand_details(units, "0221100000312345", SCHEME))
    assert rows["Vraaggroep"] == "Oude woningen"
    assert rows["Ingedeeld door"] == "regel 1: bouwjaar kleiner dan 1945"
    assert rows["Bouwjaar"] == "1921"  # a year, not "1.921"
    assert rows["Grondvlak van het pand"] == "1.234 m²"
    assert rows["Gemiddelde WOZ-waarde"] == "onbekend"
    assert rows["Op een bedrijventerrein"] == "ja"
    assert rows["Woningen"] == "3" and rows["Warmtevraag"] == "152 GJ/jaar"
    assert rows["Vloeroppervlakte"] == "onbekend"
    assert details.pand_details(units, "bestaat-niet", SCHEME) == []


def test_area_details_share_the_dwellings_of_one_area():
    units = pd.DataFrame(
        {
            "code": ["BU1", "BU1", "BU1", "BU2"],
            "group": ["oud", "overig", "oud", "oud"],
            "rule_nr": [1, 0, 1, 1],
            "dwellings": [30.0, 20.0, 50.0, 7.0],
            "heat_demand_gj": [1000.0, 400.0, 1500.0, 70.0],
        }
    )
    table = details.area_details(units, "BU1", SCHEME)
    assert table["groep"].tolist() == ["Oude woningen", "Overig"]
    assert table["woningen"].tolist() == [80.0, 20.0]
    assert table["aandeel"].tolist() == pytest.approx([0.8, 0.2])
    assert table["warmtevraag_gj"].tolist() == [2500.0, 400.0]
    assert details.area_details(units, "BU9", SCHEME).empty


def test_a_delft_pand_reads_as_its_row_and_its_rule(_private_home, shared_data):
    importing.import_paths(
        [shared_data / "bag/delft_wippolder_sample/wippolder.gpkg"], open_store()
    )
    scheme = segmentation.default_scheme()
    result = segmentation.segment(open_store(), "GM0503", scheme, "pand")
    for code, row in result.units.iterrows():
        rows = dict(details.pand_details(result.units, str(code), scheme))
        assert rows["Vraaggroep"] == dict(scheme.groups)[row["group"]]
        number = int(row["rule_nr"])
        if number:
            assert rows["Ingedeeld door"].endswith(scheme.rules[number - 1].describe())
        assert rows["Gebruiksdoel (BAG)"] == (
            "onbekend" if pd.isna(row["gebruiksdoel"]) else str(row["gebruiksdoel"])
        )
