"""The area profile on a small hand-made store (see tests/_profile_store.py for the numbers)."""

from __future__ import annotations

import math

import pytest
from _profile_store import B1, B2, B3, B4, GM, make_store

from transitieatlas.errors import NotInStore
from transitieatlas.profile import build_profile, collect, neighbours, theme_of


@pytest.fixture
def store(tmp_path):
    return make_store(tmp_path / "store")


def _profile(store, codes, year=None):
    return build_profile(codes, collect(store, codes), year=year)


def test_buurt_profile_has_own_figures_and_comparisons(store):
    profile = _profile(store, B1)
    assert (profile.code, profile.name, profile.level, profile.year) == (
        B1,
        "Kerkbuurt",
        "buurt",
        2021,
    )
    koop = profile.figure("pct_koopwoningen")
    assert koop.value == 20
    assert koop.note is None
    # gemeente: no own koop row → from its 4 buurten weighted by dwellings:
    # (100*20 + 300*60 + 600*50 + 50*10) / 1050 = 48.095…
    assert koop.gemeente == pytest.approx(50500 / 1050)
    assert koop.nederland == 57.0
    assert koop.omgeving == 60.0  # the only touching buurt is BU99990002
    assert profile.neighbours == [(B2, "Molenbuurt")]
    # the gemeente's own inwoners row (2600) wins over the sum of its buurten (2550)
    assert profile.figure("inwoners").gemeente == 2600
    assert profile.aggregated_from is None
    assert profile.gemeente_name == "Testdorp"
    assert profile.data_date == "2026-01-03"
    assert "Bron: CBS, CC BY 4.0" in profile.sources[0]


def test_wijk_without_own_row_is_aggregated_and_says_so(store):
    profile = _profile(store, "WK999900")
    assert profile.figure("woningvoorraad").value == 400
    assert profile.figure("pct_koopwoningen").value == pytest.approx(50.0)  # not 40
    assert profile.figure("gem_woz_woning").value == pytest.approx(275.0)
    assert profile.figure("pct_koopwoningen").note == (
        "berekend uit de buurten: gewogen naar woningvoorraad; 2 van 2 buurten met waarde"
    )
    assert (
        profile.aggregated_from
        == "alle cijfers berekend uit 2 buurten: dit gebied heeft geen eigen rij"
    )
    assert profile.units == [B1, B2]
    assert [c for c, _ in profile.neighbours] == ["WK999901"]


def test_gemeente_mixes_own_row_and_buurten(store):
    profile = _profile(store, GM, year=2021)
    assert profile.figure("inwoners").value == 2600
    assert profile.figure("inwoners").note is None
    # WOZ over the 3 buurten that have it: (100*200 + 300*300 + 50*400) / 450
    woz = profile.figure("gem_woz_woning")
    assert woz.value == pytest.approx(130000 / 450)
    assert "3 van 4 buurten met waarde" in woz.note
    assert profile.aggregated_from.startswith("3 van 4 cijfers berekend uit 4 buurten")
    assert profile.gemeente_code is None


def test_set_of_buurten_and_trends(store):
    profile = _profile(store, [B1, B2])
    assert profile.level == "gebiedsafbakening"
    assert profile.name == "Gebiedsafbakening (2 buurten)"
    assert profile.figure("inwoners").value == 950
    assert [c for c, _ in profile.neighbours] == [B3]
    assert math.isnan(profile.figure("gem_woz_woning").omgeving)  # B3 has no WOZ
    trend = profile.trends
    gebied = trend[(trend["role"] == "gebied") & (trend["indicator"] == "inwoners")]
    assert gebied.set_index("year")["value"].to_dict() == {2020: 900, 2021: 950}
    nl = trend[trend["role"] == "nederland"]
    assert set(nl["year"]) == {2021}
    assert set(profile.map_areas["role"]) == {"gebied", "omgeving"}
    values = profile.map_values.set_index(["code", "indicator"])["value"]
    assert values[(B3, "woningvoorraad")] == 600


def test_wijk_in_set_expands_and_buurt_not_counted_twice(store):
    profile = _profile(store, ["WK999900", B1, B3])
    assert profile.units == [B1, B2, B3]
    assert profile.figure("woningvoorraad").value == 1000


def test_neighbours_skip_overlapping_and_far_areas(store):
    data = collect(store, B2)
    assert neighbours([B2], data) == [B1, B3]
    assert neighbours([B4], data) == []


def test_json_shape(store):
    payload = _profile(store, B1, year=2020).to_json()
    assert {"code", "name", "level", "year", "indicators"} <= set(payload)
    assert payload["indicators"]["inwoners"] == {
        "value": 200.0,
        "unit": "aantal",
        "source": "CBS Kerncijfers wijken en buurten (test)",
    }
    assert payload["comparisons"]["pct_koopwoningen"]["nederland"] is None  # NL only in 2021


def test_unknown_code_and_year(store):
    with pytest.raises(NotInStore, match="BU00000000"):
        _profile(store, "BU00000000")
    with pytest.raises(NotInStore, match="2019"):
        _profile(store, B1, year=2019)


def test_themes():
    assert theme_of("pct_koopwoningen") == "Eigendom"
    assert theme_of("gem_aardgas_woning") == "Energie"
    assert theme_of("iets_anders") == "Overig"
