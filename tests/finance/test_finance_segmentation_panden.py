"""Worked examples for the default scheme's vraaggroepen at pand level (Doesburg BAG panden
without verblijfsobjecten), and the concept-WUP's area chapter, on a store with real data."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from transitieatlas import db
from transitieatlas.cli import main
from transitieatlas.finance import annuity, groups, service, wup
from transitieatlas.segmentation import default_scheme
from transitieatlas.segmentation.groups import to_frame
from transitieatlas.segmentation.service import segment
from transitieatlas.store import importing as mirror
from transitieatlas.store.opendata import open_store

# Hand-computed from data/heat_constants.csv: a pand of unknown use is one dwelling split by
# share_meergezins_default 0.36 and the eengezins mix (0.23 vrijstaand 175 m², 0.17 2-onder-1-kap
# 150 m², 0.18 hoek 135 m², 0.42 tussen 125 m²) with 80 m² for meergezins:
# 0.64 × (40.25 + 25.5 + 24.3 + 52.5) + 0.36 × 80 = 91.232 + 28.8 = 120.032 m².
UNKNOWN_FLOOR_AREA_M2 = 120.032


@pytest.fixture(scope="module")
def home(shared_data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("finance_segment_home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRANSITIEATLAS_HOME", str(folder))
        mirror.import_paths(
            [
                shared_data / "cbs/boundaries/gemeenten_2022/gemeente_gegeneraliseerd_2022.geojson",
                shared_data / "bag/doesburg_panden_2020/doesburg_panden_20200915.gpkg",
                shared_data / "pbl/startanalyse2020_buurten/GM0221.geojson.gz",
                shared_data / "pbl/startanalyse2020_buurten/GM0080.geojson.gz",
                shared_data
                / "cbs/odata/85984NED_kwb2024_gemeente_wijk_subset/stripped_filtered_data_2024.json",
            ],
            open_store(),
        )
    return folder


@pytest.fixture
def store_home(home, monkeypatch):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(home))
    yield home
    db.dispose_all()


def test_dwelling_groups_of_the_default_scheme_are_those_not_chosen_by_use():
    assert groups.dwelling_groups(default_scheme()) == {
        "corporatie", "verspreid", "particuliere_huur", "koop_lage_woz", "appartementen",
        "voor_1945", "1945_1974", "1975_1991", "vanaf_1992",
    }  # fmt: skip


def test_panden_of_unknown_use_count_as_one_dwelling_only_in_dwelling_groups():
    from types import SimpleNamespace

    units = pd.DataFrame(
        {
            "group": ["oud", "oud", "oud", "schuur", "oud"],
            "functie": ["onbekend", "onbekend", "onbekend", "onbekend", "woning"],
            "woningtype": [None, None, None, None, "eengezins"],
            "bouwjaar": [1930.0, 1930.0, 1960.0, 1930.0, float("nan")],
            "dwellings": [float("nan")] * 4 + [1.0],
            "label": [None] * 5,
            "oppervlakte_m2": [float("nan")] * 5,
        }
    )
    results = [
        SimpleNamespace(group=g, label=g, rule="r", dwellings=float("nan"),
                        households_cannot_invest=float("nan"), method="m")
        for g in ("oud", "schuur")
    ]  # fmt: skip
    made = groups.groups_from_segmentation(results, units, "GM0221", "pand", {"oud"})
    assert [g.code for g in made] == ["oud"]  # the shed group tests use: no dwellings assumed
    oud = made[0]
    # three panden with a year; the dwelling without a year has no Vesta class
    assert oud.households == 3 and oud.stock["dwellings"].sum() == pytest.approx(3.0)
    by_class = oud.stock.groupby("bouwjaarklasse")["dwellings"].sum()
    assert by_class.to_dict() == pytest.approx({"1930 - 1945": 2.0, "1946 - 1964": 1.0})
    high = oud.stock[oud.stock["woningtype"] == "meergezins: hoog"]["dwellings"].sum()
    assert high == pytest.approx(3 * 0.36 * 0.15)
    hh = groups.household(oud)
    assert hh.floor_area_m2 == pytest.approx(UNKNOWN_FLOOR_AREA_M2)
    assert hh.share_meergezins == pytest.approx(0.36)
    assert "3 panden zonder verblijfsobjecten" in oud.note
    # without the assumption the group has no dwellings and is skipped
    assert groups.groups_from_segmentation(results, units, "GM0221", "pand") == []


def test_doesburg_examples_at_pand_level_by_hand(store_home, capsys):
    seg = segment(open_store(), "GM0221", default_scheme(), "pand")
    panden = to_frame(seg.results).set_index("group").loc["voor_1945", "buildings"]
    assert main(["examples", "GM0221", "--group", "voor_1945"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["area"] == "GM0221" and payload["group"] == "voor_1945"
    view = service.group_view("GM0221", "voor_1945", "pand", "segmentatie")
    hh = view.household
    # every pand of the group (all built before 1945, so all have a year) is one household
    assert view.group.households == panden > 500
    assert hh.floor_area_m2 == pytest.approx(UNKNOWN_FLOOR_AREA_M2)
    collective = payload["configurations"][0]
    assert collective["technique"] == "lucht_wp_isolatie"
    assert collective["cooperation"] == "inkoopvereniging"
    # heat pump: kW = max(4, (space after label B + hot water) GJ / 0.0036 / 2000 h);
    # investment low = (4 652 + 430 × kW) × (1 − 15% group discount, > 100 participants),
    # financed 100% building-linked at 3.5% over 30 years, written off in at most 15 years
    kw = max(4.0, (hh.space_heat_after_gj["B"] + hh.hot_water_gj) / 0.0036 / 2000)
    invest_low = (4652 + 430 * kw) * 0.85
    line = next(x for x in collective["lines"] if "Lucht-waterwarmtepomp" in x["item"])
    expected = annuity.annual_payment(invest_low, 0.035, 15)
    assert line["low_eur"] == pytest.approx(expected, abs=0.01)
    assert "catalogus lucht_water_warmtepomp" in line["source"]
    # the net monthly cost is the sum of the lines / 12
    total = sum(x["low_eur"] for x in collective["lines"]) / 12
    assert collective["net_monthly_cost_low_eur"] == pytest.approx(total, abs=0.01)


def test_auto_level_and_source_follow_the_store(store_home):
    assert service.resolve("GM0221") == ("pand", "segmentatie")
    assert service.resolve("GM0080") == ("buurt", "startanalyse")
    assert service.resolve("GM0221", "buurt") == ("buurt", "startanalyse")
    assert service.resolve("GM0221", "pand", "startanalyse") == ("pand", "startanalyse")


def test_area_context_has_the_profile_and_heat_demand_per_method(store_home):
    doesburg = service.area_context("GM0221", "pand")
    assert doesburg.name == "Doesburg" and doesburg.year == 2024
    figures = {f["label"]: f["value"] for f in doesburg.profile}
    assert figures["Aantal inwoners"] == 11_079  # CBS KWB 2024
    heat = {h["method"]: h for h in doesburg.heat}
    assert heat["buildings"]["dwellings"] == pytest.approx(3_892)  # Startanalyse buurten
    assert heat["pbl_referentie"]["areas"] == 10
    assert any("uit gasverbruik" in n for n in doesburg.notes)
    buurt = service.area_context("BU00801001", "buurt")
    labels = {f["label"]: f for f in buurt.profile}
    share_a = labels["Woningen met geregistreerd label A (% van alle woningen)"]
    assert share_a["value"] == 4.0 and share_a["gemeente"] == pytest.approx(11.09, abs=0.01)
    assert {h["method"] for h in buurt.heat} == {"buildings", "pbl_referentie"}


def test_wup_shows_the_area_the_methods_and_the_group_map(store_home):
    views = service.area_groups("GM0221", "pand", "segmentatie")
    context = service.area_context("GM0221", "pand")
    frame = service.map_frame("GM0221", "pand", "segmentatie")
    assert frame["group"].value_counts().to_dict() == {
        v.group.code: v.group.households for v in views
    }
    html = wup.render_html("GM0221", views, [], map_frame=frame, context=context)
    assert "1. Het gebied" in html and "Doesburg" in html and "11.079" in html
    assert "Warmtevraag per methode" in html and "PBL Startanalyse 2020, referentie" in html
    assert 'alt="Kaart van de vraaggroepen"' in html
    # one chart per group, and no SVG id defined twice in the document
    ids = [part.split('"', 1)[0] for part in html.split(' id="')[1:]]
    assert len(ids) == len(set(ids)) and html.count("<svg") == len(views)
