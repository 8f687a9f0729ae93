"""Solidarity (sections 3.1 and 4.5.9): households that cannot carry their worked example,
and what a solidarity fund or compensation would have to cover."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from transitieatlas.finance.examples import Example
from transitieatlas.finance.groups import DemandGroup


@dataclass(frozen=True)
class Solidarity:
    """How many cannot invest, and the fund needed for them (€, low–high)."""

    households_cannot_invest: int
    share: float
    share_source: str
    investment_fund_eur: tuple[float, float]
    monthly_gap_fund_eur: tuple[float, float]
    years: int


def solidarity(group: DemandGroup, example: Example, c: Mapping[str, float]) -> Solidarity:
    """Households that cannot invest = share × participants (share from the group's
    investment capacity when known, else ``share_cannot_invest_default``).

    Fund for the investment = those households × (investment − subsidy), low–high.
    Fund for the monthly gap = those households × max(0, net monthly cost) × 12 × years."""
    if group.share_cannot_invest is not None:
        share, source = group.share_cannot_invest, "investeringscapaciteit van de vraaggroep"
    else:
        share, source = (
            c["share_cannot_invest_default"],
            "finance_constants share_cannot_invest_default (brontekst §3.1)",
        )
    n = (
        int(round(share * example.participants))
        if example.participants > 1
        else int(round(share * group.households))
    )
    inv_low = max(0.0, example.investment_eur[0] - example.subsidy_eur[1])
    inv_high = max(0.0, example.investment_eur[1] - example.subsidy_eur[0])
    years = int(c["solidarity_years"])
    low_m, high_m = example.net_monthly
    return Solidarity(
        households_cannot_invest=n,
        share=share,
        share_source=source,
        investment_fund_eur=(n * inv_low, n * inv_high),
        monthly_gap_fund_eur=(n * max(0.0, low_m) * 12 * years, n * max(0.0, high_m) * 12 * years),
        years=years,
    )
