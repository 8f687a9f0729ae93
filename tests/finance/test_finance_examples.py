"""Worked examples: a hand-computed household, collective vs individual, participation and bad input."""

import pytest

from transitieatlas.errors import InputError
from transitieatlas.finance import sweep as sw
from transitieatlas.finance.examples import Configuration, settings, worked_example
from transitieatlas.finance.groups import Household

HH = Household(
    space_heat_gj=40.0,
    hot_water_gj=8.0,
    floor_area_m2=100.0,
    share_meergezins=0.0,
    label="F",
    space_heat_after_gj={"D": 30.0, "B": 20.0},
    insulation_eur={"D": (6000.0, 9000.0), "B": (12000.0, 16000.0)},
)
OWN = (("eigen_geld", 1.0),)


def test_hand_computed_hybrid_individual():
    """Hand computation (catalogue and constant values as in data/):
    kW = (30 + 8) GJ / 0.0036 / 2000 h = 5.278; hybrid €3,520 + 250–380 €/kW = €4,839–5,526;
    ISDE €1,250 + 225 × 5.278 = €2,437.5; process €5,000 + advice €600 (individual);
    annuity 2% over 15 years: factor 0.0778255.
    Bill now: gas 40/(0.995·0.03165) + 8/(0.657·0.03165) + 37 = 1,691.9 m³ → ×€1.40 + €300 = €2,668.66.
    After (hybrid covers 78% of space heat at SPF 3.6): 0.78·30/3.6/0.0036 = 1,805.6 kWh × €0.30;
    gas 0.22·30/(0.995·0.03165) + 8/(0.657·0.03165) + 37 = 631.3 m³ → €1,725.49 in all.
    Net = capital + maintenance 4% of the heat pump + insurance 0.15% + after − before:
    €30.40 (low) to €57.05 (high) per month."""
    conf = Configuration("hybride_isolatie_d", "individueel", OWN)
    ex = worked_example(HH, 100, conf)
    low, high = ex.net_monthly
    assert low == pytest.approx(30.40, abs=0.01)
    assert high == pytest.approx(57.05, abs=0.01)
    bills = {
        line.item.split(":")[0]: line.low_eur for line in ex.lines if "Energierekening" in line.item
    }
    assert bills["Energierekening nu (vervalt)"] == pytest.approx(-2668.66, abs=0.01)
    assert bills["Energierekening straks"] == pytest.approx(1725.49, abs=0.01)
    assert ex.investment_eur == pytest.approx((16439.44, 20125.56), abs=0.01)


def test_lines_add_up_and_every_line_has_a_source():
    ex = worked_example(HH, 100, Configuration("lucht_wp_isolatie", "energiecooperatie", OWN))
    assert sum(x.low_eur for x in ex.lines) / 12 == pytest.approx(ex.net_monthly[0])
    assert all(x.source and x.per in ("jaar", "maand") for x in ex.lines)
    assert all(x.low_eur <= x.high_eur + 1e-9 for x in ex.lines)


def test_collective_is_cheaper_than_individual_and_says_why():
    ind = worked_example(HH, 200, Configuration("lucht_wp_isolatie", "individueel", OWN))
    col = worked_example(HH, 200, Configuration("lucht_wp_isolatie", "inkoopvereniging", OWN))
    assert col.net_monthly[1] < ind.net_monthly[1]
    assert any("groepskorting 15%" in x.item for x in col.lines)
    assert not any("groepskorting" in x.item for x in ind.lines)


def _line(example, start):
    return next(x for x in example.lines if x.item.startswith(start))


def test_heat_network_costs_more_per_household_when_fewer_join():
    conf = Configuration("warmtenet", "energiecooperatie", OWN)
    at30 = worked_example(HH, 200, conf, participation=0.3)
    at100 = worked_example(HH, 200, conf, participation=1.0)
    # network share per participant: 9000 × (0.8 / p + 0.2), annuity 4% over 30 years
    # (factor 0.04 / (1 − 1.04^−30) = 0.0578301): 9000 × 2.8667 × 0.0578301 = 1492.02 at 30%
    assert _line(at30, "Aandeel in het wijkwarmtenet").low_eur == pytest.approx(1492.02, abs=0.01)
    assert _line(at100, "Aandeel in het wijkwarmtenet").low_eur == pytest.approx(520.47, abs=0.01)
    assert at30.net_monthly[0] > at100.net_monthly[0]


def test_going_off_gas_avoids_the_boiler_the_hybrid_keeps_it():
    net = worked_example(HH, 200, Configuration("warmtenet", "energiecooperatie", OWN))
    boiler = _line(net, "Vervanging en onderhoud cv-ketel (vervalt)")
    # kW = max(4, 48/0.0036/2000 = 6.67); €2,098 + 98.78 × 6.67 = €2,757 → annuity 2% over
    # 15 years (0.0778255) = €214.6 + 5% maintenance €137.9 = €352.4 a year avoided (low case)
    assert boiler.high_eur == pytest.approx(-(2757.0 * 0.0778255 + 0.05 * 2757.0), abs=0.5)
    hybrid = worked_example(HH, 200, Configuration("hybride_isolatie_d", "individueel", OWN))
    assert not any(x.item.startswith("Vervanging en onderhoud cv-ketel") for x in hybrid.lines)


def test_sweep_levels_and_gas_stayers():
    confs = [Configuration("warmtenet", "energiecooperatie", OWN)]
    rows = sw.sweep(HH, 200, confs)
    assert [r.participation for r in rows] == [0.3, 0.5, 0.75, 1.0]
    assert rows[-1].gas_stayer_extra_monthly_eur is None
    # f · T · p / (1 − p) / 12 = 0.8 · 300 · 0.5 / 0.5 / 12 = 20
    assert rows[1].gas_stayer_extra_monthly_eur == pytest.approx(20.0)
    assert rows[0].net_monthly_low_eur > rows[-1].net_monthly_low_eur


def test_break_even_participation_is_where_the_network_matches_the_alternative():
    net = Configuration("warmtenet", "energiecooperatie", OWN)
    alt = Configuration("lucht_wp_isolatie", "individueel", OWN)
    c = settings({"price_heat_eur_per_gj": 30.0, "heatnet_network_cost_per_household_eur": 4000})
    p = sw.break_even_participation(HH, 200, net, alt, c)

    def mid(conf, q):
        lo, hi = worked_example(HH, 200, conf, c, q).net_monthly
        return (lo + hi) / 2

    assert p is not None and 0 < p <= 1
    assert mid(net, p) <= mid(alt, 1.0) + 1e-6
    assert p > 0.01 and mid(net, p - 0.01) > mid(alt, 1.0)


def test_no_break_even_when_even_full_participation_is_dearer():
    net = Configuration("warmtenet", "energiecooperatie", OWN)
    alt = Configuration("lucht_wp_isolatie", "inkoopvereniging", OWN)
    c = settings({"heatnet_network_cost_per_household_eur": 30000})
    assert sw.break_even_participation(HH, 200, net, alt, c) is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"price_gas_eur_per_m3": -0.5}, "negatief"),
        ({"heatnet_network_rate": 1.5}, "100%"),
        ({"insurance_share_per_year": 2.0}, "tussen 0 en 1"),
        ({"kaasprijs": 1.0}, "Onbekende instelling"),
    ],
)
def test_bad_settings_are_refused_in_dutch(overrides, message):
    with pytest.raises(InputError, match=message):
        settings(overrides)


@pytest.mark.parametrize("p", [0.0, -0.2, 1.2])
def test_participation_outside_0_100_is_refused(p):
    with pytest.raises(InputError, match="Deelname moet tussen 0% en 100%"):
        worked_example(
            HH, 100, Configuration("warmtenet", "energiecooperatie", OWN), participation=p
        )


def test_financing_mix_must_add_up_and_be_known():
    with pytest.raises(InputError, match="samen 100%"):
        worked_example(HH, 100, Configuration("warmtenet", "individueel", (("hypotheek", 0.5),)))
    with pytest.raises(InputError, match="Financieringsvorm"):
        worked_example(HH, 100, Configuration("warmtenet", "individueel", (("crypto", 1.0),)))
    with pytest.raises(InputError, match="Configuratie"):
        worked_example(HH, 100, Configuration("zonnewarmte", "individueel", OWN))


def test_financing_rate_and_term_are_settings_with_their_source():
    from transitieatlas.finance.examples import capital_cost, financing_source

    c = settings({"rate_hypotheek": 0.055, "term_years_hypotheek": 28})
    # the hand-computed annuity: €15,000 at 5.5% over 28 years ≈ €1,062 per year
    assert capital_cost(15_000, (("hypotheek", 1.0),), 0, c) == pytest.approx(1062.2, abs=0.1)
    # the catalogue default (4%, 30 years) is used without the setting
    assert capital_cost(15_000, (("hypotheek", 1.0),), 0, settings()) == pytest.approx(
        867.45, abs=0.1
    )
    assert "rente 5,50%, 28 jaar (eigen invoer)" in financing_source((("hypotheek", 1.0),), c)
    assert "(data/finance_financing.csv, aanname)" in financing_source((("hypotheek", 1.0),))


def test_a_changed_loan_rate_reaches_the_capital_lines_and_the_net_cost():
    conf = Configuration("hybride_isolatie_d", "individueel", (("energiebespaarlening", 1.0),))
    base = worked_example(HH, 100, conf, settings())
    free = worked_example(HH, 100, conf, settings({"rate_energiebespaarlening": 0.0}))
    first = next(x for x in free.lines if x.item.startswith("Kapitaallasten"))
    # 0% over the hybrid's term (min(15 years, lifetime)): principal / years
    assert "0,00%" in first.source and "eigen invoer" in first.source
    assert free.net_monthly[0] < base.net_monthly[0]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"rate_hypotheek": 1.2},
            "rente van Verhoging hypotheek (annuïtair): moet tussen 0% en 100%",
        ),
        ({"rate_esco": -0.01}, "rente van ESCo-vergoeding"),
        (
            {"term_years_gebouwgebonden": 0},
            "looptijd van Gebouwgebonden financiering: moet een heel",
        ),
        ({"term_years_hypotheek": 12.5}, "heel aantal jaren groter dan 0 zijn (nu 12,5)"),
        ({"rate_creditcard": 0.2}, "Onbekende instelling"),
    ],
)
def test_bad_financing_settings_are_refused_in_dutch(overrides, message):
    with pytest.raises(InputError) as err:
        settings(overrides)
    assert message in str(err.value)
