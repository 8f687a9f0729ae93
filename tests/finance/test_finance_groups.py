"""Demand groups for the worked examples, on the real Leeuwarden Startanalyse and Doesburg panden."""

import pandas as pd
import pytest

from transitieatlas.errors import InputError
from transitieatlas.finance import groups, preselect, service
from transitieatlas.sources import finance_inputs


@pytest.fixture(scope="module")
def leeuwarden(shared_data):
    return finance_inputs.startanalyse("GM0080")


def test_leeuwarden_groups_hold_every_dwelling(leeuwarden):
    made = groups.groups_from_startanalyse(leeuwarden, "GM0080")
    by_code = {g.code: g.households for g in made}
    # Startanalyse 2020: 62,407 dwellings; wt_* single-family types 40,469, multi-family 21,938
    assert by_code == {"eengezins": 40469, "meergezins": 21938}
    assert sum(g.stock["dwellings"].sum() for g in made) == pytest.approx(62407, abs=0.01)


def test_household_averages_are_plausible_and_insulation_lowers_demand(leeuwarden):
    made = groups.groups_from_startanalyse(leeuwarden, "GM0080")
    eg = groups.household(made[0])
    mg = groups.household(made[1])
    assert 25 < eg.space_heat_gj < 60 and 10 < mg.space_heat_gj < eg.space_heat_gj
    assert eg.space_heat_after_gj["B"] < eg.space_heat_after_gj["D"] <= eg.space_heat_gj
    assert 0 < eg.insulation_eur["D"][0] <= eg.insulation_eur["D"][1]
    assert eg.insulation_eur["D"][1] < eg.insulation_eur["B"][1]
    assert eg.share_meergezins == 0.0 and mg.share_meergezins == 1.0


def test_a_dwelling_already_at_the_target_label_pays_nothing():
    stock = pd.DataFrame(
        {
            "woningtype": ["rijwoning tussen"],
            "bouwjaarklasse": ["2006 - 2010"],
            "dwellings": [10.0],
            "label": ["A"],
        }
    )
    g = groups.DemandGroup("x", "x", "BU0", "buurt", 10, stock)
    hh = groups.household(g)
    assert hh.insulation_eur["B"] == (0.0, 0.0)
    assert hh.space_heat_after_gj["B"] == pytest.approx(hh.space_heat_gj)


def test_an_empty_group_is_refused():
    stock = pd.DataFrame(columns=["woningtype", "bouwjaarklasse", "dwellings"])
    with pytest.raises(InputError, match="geen woningen"):
        groups.household(groups.DemandGroup("x", "Leeg", "BU0", "buurt", 0, stock))


def test_doesburg_pand_level_counts_panden_in_use(shared_data):
    panden = finance_inputs.panden("GM0221")
    made = groups.groups_from_panden(panden, "GM0221", 0.2)
    in_use = panden["status"].astype(str).str.startswith(("Pand in gebruik", "Verbouwing pand"))
    known_year = pd.to_numeric(panden["bouwjaar"], errors="coerce") < 9999
    assert sum(g.households for g in made) == int((in_use & known_year).sum())
    assert {g.level for g in made} == {"pand"}


def test_preselection_and_pbl_comparison_for_a_real_buurt(shared_data):
    views = service.area_groups("BU00801001")  # De Waag, PBL: s2e (heat network)
    assert {v.group.pbl_strategy for v in views} == {"s2e"}
    for v in views:
        assert v.choices and all(c.reason for c in v.choices)
        assert "s2e" in v.pbl_comparison
    multi = next(v for v in views if v.group.code == "meergezins")
    assert all(c.package != "bodem_wp_isolatie" for c in multi.choices)


def test_compare_with_pbl_says_when_it_agrees():
    choices = [preselect.Choice("warmtenet", "Warmtenet", "reden")]
    assert "komt overeen" in preselect.compare_with_pbl(choices, "s2e")
    assert "niet in de voorselectie" in preselect.compare_with_pbl(choices, "s1a")


def test_unknown_group_lists_the_known_ones(shared_data):
    with pytest.raises(InputError, match="Kies uit: eengezins, meergezins"):
        service.group_view("GM0080", "villas")


def test_recalculate_returns_examples_sweep_and_break_even(shared_data):
    view = service.group_view("GM0080", "meergezins")
    confs = service.default_configurations(view)
    result = service.recalculate(view, confs, {"price_gas_eur_per_m3": 1.6}, 0.5)
    assert len(result.examples) == len(confs)
    assert len(result.sweep) == 4 * len(confs)
    assert {e.participation for e in result.examples} == {0.5}
    # a dearer gas price makes going off gas cheaper compared with now
    base = service.recalculate(view, confs, None, 0.5)
    assert result.examples[0].net_monthly[0] < base.examples[0].net_monthly[0]


def test_nearest_heat_source_hand_case_and_real_sources(shared_data):
    from shapely.geometry import box

    sources = pd.DataFrame({"bron_naam": ["A", "B"], "X": [5000.0, 200.0], "Y": [0.0, 0.0]})
    # box 0–100 m: B lies 100 m east of its edge, A 4.9 km
    assert preselect.nearest_source(box(0, 0, 100, 100), sources) == ("B", 0.1)
    real = finance_inputs.heat_sources()
    assert len(real) == 648
    name, km = preselect.nearest_source(
        finance_inputs.startanalyse_outline("GM0080", ["BU00801001"]), real
    )
    assert name == "FrieslandCampina Leeuwarden" and 1.0 < km < 1.6


def test_a_nearby_source_puts_a_heat_network_in_the_preselection_of_flats():
    stock = pd.DataFrame(
        {
            "woningtype": ["meergezins: laag en midden"],
            "bouwjaarklasse": ["1965 - 1974"],
            "dwellings": [100.0],
        }
    )
    g = groups.DemandGroup("m", "Flats", "BU0", "buurt", 100, stock, heatnet_candidate=False)
    hh = groups.household(g)
    near = preselect.preselect(g, hh, ("Gieterij", 0.8))
    far = preselect.preselect(g, hh, ("Gieterij", 12.0))
    assert near[0].package == "warmtenet" and "Gieterij" in near[0].reason
    assert all(c.package != "warmtenet" for c in far)


def test_groups_from_the_segmentation_package_carry_its_capacity():
    from types import SimpleNamespace

    units = pd.DataFrame(
        {
            "group": ["koop", "koop", "corp", "bedrijf"],
            "woningtype": ["rijwoning tussen", "vrijstaand", "meergezins: hoog", None],
            "bouwjaar": [1969.5, 1914.5, 1983.0, 1990.0],
            "dwellings": [60.0, 40.0, 50.0, float("nan")],
            "label": ["D", None, "C", None],
            "oppervlakte_m2": [110.0, 160.0, 70.0, 500.0],
        }
    )
    results = [
        SimpleNamespace(
            group="koop",
            label="Koopwoningen",
            rule="eigendom = koop",
            dwellings=100.0,
            households_cannot_invest=12.0,
            method="capaciteit",
        ),
        SimpleNamespace(
            group="corp",
            label="Corporatie",
            rule="eigendom = corporatie",
            dwellings=50.0,
            households_cannot_invest=float("nan"),
            method="capaciteit",
        ),
        SimpleNamespace(
            group="bedrijf",
            label="Bedrijven",
            rule="rest",
            dwellings=0.0,
            households_cannot_invest=0.0,
            method="",
        ),
    ]
    made = groups.groups_from_segmentation(results, units, "BU0", "buurt")
    assert [g.code for g in made] == ["koop", "corp"]
    koop = made[0]
    assert koop.households == 100 and koop.share_cannot_invest == pytest.approx(0.12)
    assert list(koop.stock["bouwjaarklasse"]) == ["1965 - 1974", "voor 1930"]
    assert made[1].share_cannot_invest is None
    hh = groups.household(koop)
    assert hh.floor_area_m2 == pytest.approx(0.6 * 110 + 0.4 * 160)
