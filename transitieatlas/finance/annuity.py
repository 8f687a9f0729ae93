"""Capital cost by annuity: the equal yearly payment that repays a loan with interest.

    payment = P · r / (1 − (1 + r)^−n)      (r = yearly rate, n = years; r = 0 → P / n)

Computed with ``numpy_financial.pmt`` (the spreadsheet PMT function, NumPy's former
financial functions, maintained as a separate package) rather than by hand.
"""

from __future__ import annotations

from functools import lru_cache

import numpy_financial as npf

from transitieatlas.errors import InputError


def check_rate(rate: float, what: str = "rente") -> None:
    """Refuse a rate below 0% or above 100% per year with a Dutch message."""
    if not 0.0 <= rate <= 1.0:
        raise InputError(
            f"De {what} moet tussen 0% en 100% per jaar liggen (nu {rate * 100:.1f}%)."
        )


def annual_payment(principal_eur: float, rate: float, years: int) -> float:
    """Yearly annuity (€/yr) for ``principal_eur`` at ``rate`` (fraction/yr) over ``years``.

    >>> round(annual_payment(15_000, 0.055, 28))
    1062
    >>> annual_payment(12_000, 0.0, 12)
    1000.0
    """
    check_rate(rate)
    if years <= 0:
        raise InputError(f"De looptijd moet minstens 1 jaar zijn (nu {years}).")
    if principal_eur <= 0:
        return 0.0
    return principal_eur * annuity_factor(rate, years)


@lru_cache(maxsize=256)
def annuity_factor(rate: float, years: int) -> float:
    """Yearly payment per euro borrowed (the payment is linear in the principal, so the
    factor is computed once per rate and term).

    >>> round(annuity_factor(0.02, 15), 7)
    0.0778255
    """
    return float(-npf.pmt(rate, years, 1.0))


def monthly_payment(principal_eur: float, effective_rate: float, years: int) -> float:
    """Monthly annuity (€/month) at an effective yearly rate (monthly rate (1+r)^(1/12) − 1).

    The Nationaal Warmtefonds example (€15,000, 10 years, 4.35% effective) says €153.80:

    >>> round(monthly_payment(15_000, 0.0435, 10), 2)
    153.77
    """
    check_rate(effective_rate)
    if years <= 0:
        raise InputError(f"De looptijd moet minstens 1 jaar zijn (nu {years}).")
    monthly = (1.0 + effective_rate) ** (1.0 / 12.0) - 1.0
    return float(-npf.pmt(monthly, years * 12, principal_eur))
