import pytest

from transitieatlas import indicators
from transitieatlas.errors import InputError

HEADER = "name,label_nl,unit,aggregation,weight,cbs_match,source\n"


def test_registry_loads_with_units_and_weights():
    registry = indicators.load_indicators()
    assert len(registry) >= 40
    gas = registry["gem_aardgas_woning"]
    assert gas.unit == "m³"
    assert gas.aggregation == "weighted_mean"
    assert gas.weight == "woningvoorraad"
    assert gas.cbs_pairs[0] == ("Gemiddeld aardgasverbruik", "Gemiddeld aardgasverbruik totaal")
    assert registry["inwoners"].aggregation == "sum"
    assert registry["stedelijkheid"].aggregation == "none"
    # every weight names a registry indicator that is itself summable
    for ind in registry.values():
        if ind.weight:
            assert registry[ind.weight].aggregation == "sum", ind.name


def test_cbs_paths_of_three_levels():
    paths = indicators.get("gem_aardgas_appartement").cbs_paths
    assert paths[0] == ("Gemiddeld aardgasverbruik", "Naar woningtype", "Appartement")
    assert paths[1] == ("Gemiddeld aardgasverbruik", "Appartement")


def test_cbs_match_with_comma_in_parent_title():
    pairs = indicators.get("bedrijfsvestigingen").cbs_pairs
    assert pairs == (("Bedrijfsvestigingen, SBI 2008", "Bedrijfsvestigingen totaal"),)


def test_registry_is_cached_but_returns_fresh_dicts():
    first, second = indicators.load_indicators(), indicators.load_indicators()
    assert first is not second
    assert first["inwoners"] is second["inwoners"]
    first.pop("inwoners")
    assert "inwoners" in indicators.load_indicators()


def test_get_unknown_lists_valid_names():
    with pytest.raises(InputError) as err:
        indicators.get("aardgas")
    message = str(err.value)
    assert "Onbekende indicator 'aardgas'" in message
    assert "gem_aardgas_woning" in message and "inwoners" in message


def test_invalid_registry_reports_every_problem(tmp_path):
    path = tmp_path / "indicators.csv"
    path.write_text(
        HEADER
        + "a,A,aantal,sum,,Bevolking/Aantal,CBS\n"
        + "b,B,%,gemiddeld,a,,CBS\n"
        + "c,C,%,weighted_mean,onbekend,,CBS\n"
        + "d,D,%,weighted_mean,,,CBS\n"
        + "a,E,aantal,sum,,ZonderSchuineStreep,CBS\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        indicators.load_indicators(path)
    problems = err.value.problems
    assert any("gemiddeld" in p and "aggregatie" in p for p in problems)
    assert any("'onbekend' is geen bekende indicator" in p for p in problems)
    assert any("'d': weighted_mean zonder gewicht" in p for p in problems)
    assert any("komt twee keer voor" in p for p in problems)
    assert any("ZonderSchuineStreep" in p for p in problems)
    assert any("gewicht alleen bij weighted_mean" in p for p in problems)
    assert len(problems) == 6


def test_missing_column_is_reported(tmp_path):
    path = tmp_path / "indicators.csv"
    path.write_text("name,label_nl,unit\ninwoners,Inwoners,aantal\n", encoding="utf-8")
    with pytest.raises(InputError, match="kolommen ontbreken: aggregation, weight, cbs_match"):
        indicators.load_indicators(path)
