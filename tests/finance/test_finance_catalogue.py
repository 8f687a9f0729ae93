"""The technique catalogue: every row cited, ranges ordered, unknown names refused."""

import pytest

from transitieatlas.errors import InputError
from transitieatlas.finance import catalogue

STATUSES = ("geverifieerd", "afgeleid", "aanname")


def test_every_technique_has_source_status_and_ordered_ranges():
    techniques = catalogue.techniques()
    assert len(techniques) >= 10
    for t in techniques.values():
        assert t.source.strip(), t.name
        assert t.status.startswith(STATUSES), t.name
        for low, high in (t.invest_fixed, t.invest_per_kw, t.invest_per_m2):
            assert 0 <= low <= high, t.name
        assert t.lifetime_years >= 0 and 2020 <= t.price_year <= 2026


def test_vesta_figures_as_read():
    hp = catalogue.technique("lucht_water_warmtepomp")
    assert hp.invest_fixed == (4652.0, 6843.0)
    assert hp.invest_per_kw == (430.0, 644.0)
    assert hp.spf_space == 4.25 and hp.maintenance_share_per_year == 0.02
    assert catalogue.technique("gasaansluiting_verwijderen").invest_fixed == (1090.8, 1333.2)


def test_insulation_table_from_vesta():
    table = catalogue.insulation_costs()
    assert len(table) == 792  # 66 type × period rows × 12 label steps
    row = table[
        (table.woningtype == "vrijstaand")
        & (table.bouwjaarklasse == "voor 1930")
        & (table.from_label == "G")
        & (table.to_label == "D")
    ].iloc[0]
    assert (row.low_fixed_eur, row.low_per_m2_eur, row.high_fixed_eur, row.high_per_m2_eur) == (
        2140.0,
        45.0,
        2575.0,
        70.0,
    )
    assert table["status"].str.startswith("geverifieerd").all()


def test_every_constant_has_source_and_status():
    table = catalogue.constants_table()
    assert table["source"].str.strip().ne("").all()
    assert table["status"].str.startswith(STATUSES).all()
    assert catalogue.constants()["price_heat_eur_per_gj"] == 43.79


def test_unknown_technique_is_a_dutch_message_listing_the_known_ones():
    with pytest.raises(InputError, match="staat niet in de catalogus.*lucht_water_warmtepomp"):
        catalogue.technique("kernfusie")


def test_packages_financing_and_cooperation_forms_resolve():
    assert set(catalogue.packages()) >= {"lucht_wp_isolatie", "warmtenet", "hybride_isolatie_d"}
    assert catalogue.financing("energiebespaarlening").rate == 0.0435
    assert catalogue.cooperation("individueel").collective is False
    with pytest.raises(InputError, match="Samenwerkingsvorm"):
        catalogue.cooperation("kartel")


def test_etm_is_a_second_source_with_matching_lifetimes_and_cited_commit():
    frame = catalogue.etm_comparison().set_index("technique")
    # every lifetime in the catalogue that cites the ETM equals the ETM's technical_lifetime
    assert (frame["catalogue_lifetime_years"] == frame["etm_lifetime_years"]).all()
    assert frame.loc["bodem_warmtepomp", "etm_lifetime_years"] == 15  # was an assumed 20
    # hand-computed: Vesta 4 652 + 430 × 8 = 8 092 and 6 843 + 644 × 8 = 11 995 around ETM 9 098
    hp = frame.loc["lucht_water_warmtepomp"]
    assert (hp.catalogue_low_eur, hp.catalogue_high_eur, hp.etm_eur) == (8092.0, 11995.0, 9098.0)
    # the heat-network and low-temperature rows span both sources: Vesta low, ETM high
    assert catalogue.technique("warmtenet_aansluiting").invest_fixed == (4500.0, 10080.0)
    assert catalogue.technique("laagtemperatuur_afgifte").invest_fixed == (1288.0, 4144.0)
    # ETM is cheaper than Vesta for the hybrid (3 819 < 3 520 + 250 × 4) and ground-source pump
    assert not frame.loc["hybride_warmtepomp", "etm_within"]
    assert not frame.loc["bodem_warmtepomp", "etm_within"]
    assert catalogue.etm_costs()["source"].str.contains("54775b3d37fe").all()
    for name in frame.index:
        assert "quintel/etsource" in catalogue.technique(name).source, name


def test_only_cooking_and_the_meter_cupboard_lifetime_remain_assumptions():
    left = [t.name for t in catalogue.techniques().values() if "aanname" in t.status]
    assert left == ["meterkast", "elektrisch_koken"]
    assert catalogue.constants()["pv_yield_kwh_per_kwp"] == 867  # ETM full_load_hours
