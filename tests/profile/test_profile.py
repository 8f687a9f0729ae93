"""The area profile on a small hand-made store (see tests/_profile_store.py for the numbers)."""

from __future__ import annotations

import math

import pytest
from _profile_store import B1, B2, B3, B4, GM, make_store

from transitieatlas.errors import NotInStore
from transitieatlas.profile.build import area_index, build_profile, collect, neighbours, theme_of


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


def test_shared_area_index_gives_the_same_profiles(store):
    # the page indexes the areas once and passes them to every collect()
    shared = area_index(store)
    for codes in (B1, B2, GM, [B1, B3]):
        alone = _profile(store, codes).to_json()
        reused = build_profile(codes, collect(store, codes, shared)).to_json()
        assert reused == alone
    assert reused["neighbours"] == [B2]  # the set B1+B3 touches B2 only


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
    assert theme_of("gebouwen_bouwjaar_1945_1960") == "Bouwjaar"
    assert theme_of("inwoners_0_17") == "Bevolking"


# -- real data from ../shared/data ---------------------------------------------------
UTRECHT_CSV = "cbs/kwb_buurt_rows/utrecht_provincie_2020/buurten.csv"
ZWOLLE_GEOJSON = (
    "regional/zwolle_energy_transition/energy_buurt_mapped/energy_buurt_{}_mapped.geojson"
)


@pytest.fixture(scope="module")
def real_store(shared_data, tmp_path_factory):
    """The Utrecht 2020 buurt rows and two Zwolle years, imported by the mirror importer."""
    from transitieatlas.store.importing import import_paths
    from transitieatlas.store.opendata import Store

    store = Store(tmp_path_factory.mktemp("real") / "store")
    files = [shared_data / UTRECHT_CSV] + [
        shared_data / ZWOLLE_GEOJSON.format(year) for year in (2020, 2021)
    ]
    summaries = import_paths(files, store)
    assert all(s.error is None for s in summaries)
    return store


def test_utrecht_gemeente_2020_aggregated_from_its_buurten(real_store, shared_data):
    import pandas as pd

    raw = pd.read_csv(shared_data / UTRECHT_CSV)
    raw = raw[raw["buurt_code"].str.startswith("BU0344")]
    both = raw.dropna(subset=["woningvoorraad", "gemiddelde_woningwaarde"])
    expected_woz = (both["woningvoorraad"] * both["gemiddelde_woningwaarde"]).sum() / both[
        "woningvoorraad"
    ].sum()
    koop = raw.dropna(subset=["woningvoorraad", "koopwoning_percentage"])
    expected_koop = (koop["woningvoorraad"] * koop["koopwoning_percentage"]).sum() / koop[
        "woningvoorraad"
    ].sum()

    profile = build_profile("GM0344", collect(real_store, "GM0344"), year=2020)
    assert profile.level == "gemeente"
    assert profile.figure("woningvoorraad").value == raw["woningvoorraad"].sum()
    assert profile.figure("gem_woz_woning").value == pytest.approx(expected_woz)
    assert profile.figure("pct_koopwoningen").value == pytest.approx(expected_koop)
    # a plain mean of the percentages would be a different (wrong) number
    plain_mean = raw["koopwoning_percentage"].mean()
    assert profile.figure("pct_koopwoningen").value != pytest.approx(plain_mean, abs=0.3)
    assert profile.figure("gem_woz_woning").note == (
        f"berekend uit de buurten: gewogen naar woningvoorraad; {len(both)} van {len(raw)} "
        "buurten met waarde"
    )
    assert profile.aggregated_from.startswith(f"alle cijfers berekend uit {len(raw)} buurten")


def test_utrecht_buurt_compared_with_its_gemeente(real_store, shared_data):
    import pandas as pd

    raw = pd.read_csv(shared_data / UTRECHT_CSV).set_index("buurt_code")
    code = raw[raw.index.str.startswith("BU0344")].index[0]
    profile = build_profile(code, collect(real_store, code))
    assert profile.year == 2020
    assert profile.figure("woningvoorraad").value == raw.at[code, "woningvoorraad"]
    gm = build_profile("GM0344", collect(real_store, "GM0344"), year=2020)
    assert profile.figure("gem_woz_woning").gemeente == pytest.approx(
        gm.figure("gem_woz_woning").value
    )
    assert profile.gemeente_code == "GM0344"


def test_zwolle_gemeente_sums_its_buurten_with_trend(real_store, shared_data):
    import geopandas as gpd
    import pandas as pd

    profile = build_profile("GM0193", collect(real_store, "GM0193"))
    assert profile.year == 2021
    assert profile.years == [2020, 2021]
    raw = gpd.read_file(shared_data / ZWOLLE_GEOJSON.format(2021))
    expected = pd.to_numeric(raw["bevolking_totaal_[aantal]"], errors="coerce").sum()
    assert profile.figure("inwoners").value == expected
    assert len(profile.units) == 78
    trend = profile.trends[
        (profile.trends["role"] == "gebied") & (profile.trends["indicator"] == "inwoners")
    ]
    assert trend["year"].tolist() == [2020, 2021]


def test_zwolle_buurt_has_neighbours_on_the_map(real_store):
    data = collect(real_store, "GM0193-0101")
    profile = build_profile("GM0193-0101", data)
    assert profile.name == "Binnenstad-Noord"
    assert 2 <= len(profile.neighbours) <= 10
    assert all(code.startswith("GM0193-") for code, _ in profile.neighbours)
    assert set(profile.map_areas["role"]) == {"gebied", "omgeving"}
