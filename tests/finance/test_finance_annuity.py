"""Annuity capital cost against hand-computed cases and one published example."""

import pytest

from transitieatlas.errors import InputError
from transitieatlas.finance.annuity import annual_payment, monthly_payment


def test_annuity_15000_at_5_5_percent_over_28_years():
    # 15000 · 0.055 / (1 − 1.055^−28) = 825 / 0.77667 = 1062.2
    assert annual_payment(15_000, 0.055, 28) == pytest.approx(1062.2, abs=0.1)


def test_zero_rate_is_straight_repayment():
    assert annual_payment(12_000, 0.0, 12) == pytest.approx(1000.0)


def test_nothing_borrowed_costs_nothing():
    assert annual_payment(0.0, 0.05, 10) == 0.0


def test_warmtefonds_published_example():
    # Nationaal Warmtefonds, 'Voorbeelden Energiebespaarlening': €15,000 over 10 years at
    # 4.35% effective → €153.80 per month (https://www.warmtefonds.nl/particulieren/voorbeelden-energiebespaarlening)
    assert monthly_payment(15_000, 0.0435, 10) == pytest.approx(153.80, abs=0.05)


@pytest.mark.parametrize("rate", [-0.01, 1.5])
def test_rate_outside_0_100_percent_is_refused_in_dutch(rate):
    with pytest.raises(InputError, match="tussen 0% en 100%"):
        annual_payment(10_000, rate, 10)


def test_term_must_be_positive():
    with pytest.raises(InputError, match="looptijd"):
        annual_payment(10_000, 0.03, 0)
