"""Solidarity fund and market size, hand-checked on a small group."""

import pandas as pd
import pytest
from test_finance_examples import HH, OWN

from transitieatlas.finance import market, solidarity
from transitieatlas.finance.examples import Configuration, settings, worked_example
from transitieatlas.finance.groups import DemandGroup

GROUP = DemandGroup("g", "Groep", "BU0", "buurt", 200, pd.DataFrame())


def test_solidarity_uses_the_default_share_and_covers_investment_and_gap():
    c = settings()
    ex = worked_example(
        HH, 200, Configuration("hybride_isolatie_d", "inkoopvereniging", OWN), c, 0.5
    )
    s = solidarity.solidarity(GROUP, ex, c)
    # 15% of the 100 participants = 15 households
    assert s.households_cannot_invest == 15 and s.share == 0.15
    low_inv = ex.investment_eur[0] - ex.subsidy_eur[1]
    assert s.investment_fund_eur[0] == pytest.approx(15 * low_inv)
    low_m, high_m = ex.net_monthly
    assert s.monthly_gap_fund_eur[1] == pytest.approx(15 * max(0, high_m) * 12 * 15)


def test_solidarity_prefers_the_groups_own_capacity():
    c = settings()
    ex = worked_example(HH, 200, Configuration("hybride_isolatie_d", "individueel", OWN), c)
    group = DemandGroup("g", "Groep", "BU0", "buurt", 200, pd.DataFrame(), share_cannot_invest=0.4)
    s = solidarity.solidarity(group, ex, c)
    assert s.households_cannot_invest == 80 and "vraaggroep" in s.share_source


def test_market_size_units_times_unit_investment():
    c = settings()
    table = market.market_size(
        [(GROUP, HH, Configuration("hybride_isolatie_d", "inkoopvereniging", OWN))], 0.5, c
    )
    row = table.set_index("technique").loc["isolatie_naar_d"]
    # 100 units × €6,000–9,000 (the household's label step to D)
    assert (row.units, row.investment_low_eur, row.investment_high_eur) == (100, 600_000, 900_000)
    text = market.invitation_text("Testwijk", table)
    assert "Open uitnodiging" in text and "100 stuks" in text
