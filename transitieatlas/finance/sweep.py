"""The 4.5.10 question: what if the bundling does not (fully) come about?

Net monthly cost per household at several participation levels, the break-even
participation of a heat network against an individual alternative, and the cost left to
those who stay on gas when others leave the gas grid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from transitieatlas.finance.examples import (
    Configuration,
    check_participation,
    settings,
    worked_example,
)
from transitieatlas.finance.groups import Household

LEVELS = (0.3, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class SweepRow:
    """Net monthly cost (€/month, low–high) of one configuration at one participation."""

    configuration: str
    participation: float
    net_monthly_low_eur: float
    net_monthly_high_eur: float
    gas_stayer_extra_monthly_eur: float | None

    @property
    def net_monthly_mid_eur(self) -> float:
        """The middle of the range (what the chart's line shows)."""
        return (self.net_monthly_low_eur + self.net_monthly_high_eur) / 2.0


def gas_stayer_extra_yearly(participation: float, c: Mapping[str, float]) -> float | None:
    """Extra yearly grid cost per household that stays on gas when a share ``participation``
    leaves, if the area's gas-grid cost were carried by the stayers (an upper bound: the
    fixed share f of the grid cost T per connection is spread over fewer connections):

        extra = f · T · p / (1 − p)

    >>> round(gas_stayer_extra_yearly(0.5, {"gasnet_fixed_share": 0.8, "gas_fixed_eur_per_year": 300}))
    240
    """
    check_participation(participation)
    if participation >= 1.0:
        return None
    f, t = c["gasnet_fixed_share"], c["gas_fixed_eur_per_year"]
    return f * t * participation / (1.0 - participation)


def sweep(
    hh: Household,
    households: int,
    configurations: Sequence[Configuration],
    values: Mapping[str, float] | None = None,
    levels: Sequence[float] = LEVELS,
) -> list[SweepRow]:
    """Net monthly cost per household for each configuration at each participation level."""
    c = values if values is not None else settings()
    rows = []
    for p in levels:
        extra = gas_stayer_extra_yearly(p, c)
        for conf in configurations:
            low, high = worked_example(hh, households, conf, c, p).net_monthly
            rows.append(SweepRow(conf.name, p, low, high, None if extra is None else extra / 12.0))
    return rows


def break_even_participation(
    hh: Household,
    households: int,
    network: Configuration,
    alternative: Configuration,
    values: Mapping[str, float] | None = None,
) -> float | None:
    """Smallest participation (0–1) at which the heat network's mid net monthly cost is at most
    the alternative's (at full participation); None when even 100% is not enough.

    The network's cost per participant falls monotonically with participation, so bisection
    on the mid value ((low + high) / 2) finds the crossing to 0.1 percentage point."""
    c = values if values is not None else settings()

    def mid(conf: Configuration, p: float) -> float:
        low, high = worked_example(hh, households, conf, c, p).net_monthly
        return (low + high) / 2.0

    target = mid(alternative, 1.0)
    if mid(network, 1.0) > target:
        return None
    lo, hi = 0.001, 1.0
    if mid(network, lo) <= target:
        return lo
    while hi - lo > 0.001:
        m = (lo + hi) / 2.0
        if mid(network, m) <= target:
            hi = m
        else:
            lo = m
    return hi
