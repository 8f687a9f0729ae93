"""Heat-network screen: which buurten are candidates for a collective heat network (warmtenet).

A first screen, not a feasibility study. An area is a candidate when

1. its heat density (GJ per ha of land per year) is at least ``min_density_gj_per_ha``, and
2. its share of multi-family dwellings is at least ``min_share_meergezins`` **or** its share of
   housing-corporation dwellings is at least ``min_share_corporatie`` (one large owner or
   stacked buildings make collective connection easier), and
3. its share of dwellings built before 2000 is at least ``min_share_before_2000`` (older stock
   has a higher heat demand and often needs high-temperature heat).

A criterion whose data are missing is *not tested* and does not block; the reason says so.
A threshold of 0 switches a criterion off. Defaults and their sources are in
``data/heat_constants.csv`` (``heatnet_*``); see ``docs/methode-warmtevraag.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from transitieatlas.heat import common as heat


@dataclass(frozen=True)
class Thresholds:
    """Thresholds of the screen (shares as fractions 0–1, density in GJ/ha/yr)."""

    min_density_gj_per_ha: float
    min_share_meergezins: float
    min_share_corporatie: float
    min_share_before_2000: float


def default_thresholds() -> Thresholds:
    """The defaults from ``data/heat_constants.csv``.

    >>> default_thresholds().min_density_gj_per_ha
    360.0
    """
    c = heat.load_constants()
    return Thresholds(
        min_density_gj_per_ha=c["heatnet_min_density_gj_per_ha"],
        min_share_meergezins=c["heatnet_min_share_meergezins"],
        min_share_corporatie=c["heatnet_min_share_corporatie"],
        min_share_before_2000=c["heatnet_min_share_before_2000"],
    )


def shares_from_figures(figures_wide: pd.DataFrame) -> pd.DataFrame:
    """Shares (0–1) from CBS percentages: ``pct_meergezinswoning``, ``pct_corporatie``,
    ``pct_bouwjaar_voor_2000`` → ``share_meergezins``, ``share_corporatie``, ``share_before_2000``."""
    out = pd.DataFrame(index=figures_wide.index)
    for pct, share in (
        ("pct_meergezinswoning", "share_meergezins"),
        ("pct_corporatie", "share_corporatie"),
        ("pct_bouwjaar_voor_2000", "share_before_2000"),
    ):
        values = figures_wide.get(pct, np.nan)
        out[share] = pd.to_numeric(values, errors="coerce") / 100.0
    return out


def _pct(value: float) -> str:
    return f"{100 * value:.0f}%"


def _judge(row: pd.Series, t: Thresholds) -> tuple[bool, str]:
    density = row.get("heat_density_gj_per_ha", np.nan)
    parts: list[str] = []
    ok = True
    if not np.isfinite(density):
        ok = False
        parts.append("warmtedichtheid onbekend")
    elif density >= t.min_density_gj_per_ha:
        parts.append(f"warmtedichtheid {density:.0f} GJ/ha ≥ {t.min_density_gj_per_ha:.0f}")
    else:
        ok = False
        parts.append(f"warmtedichtheid {density:.0f} GJ/ha < {t.min_density_gj_per_ha:.0f}")

    multi, corp = row.get("share_meergezins", np.nan), row.get("share_corporatie", np.nan)
    checks = []
    if t.min_share_meergezins > 0 and np.isfinite(multi):
        checks.append(
            (
                multi >= t.min_share_meergezins,
                f"{_pct(multi)} meergezinswoningen {'≥' if multi >= t.min_share_meergezins else '<'} {_pct(t.min_share_meergezins)}",
            )
        )
    if t.min_share_corporatie > 0 and np.isfinite(corp):
        checks.append(
            (
                corp >= t.min_share_corporatie,
                f"{_pct(corp)} corporatiewoningen {'≥' if corp >= t.min_share_corporatie else '<'} {_pct(t.min_share_corporatie)}",
            )
        )
    if checks:
        ok = ok and any(passed for passed, _ in checks)
        parts.append(" of ".join(text for _, text in checks))
    elif t.min_share_meergezins > 0 or t.min_share_corporatie > 0:
        parts.append("woningtype en eigendom onbekend (niet getoetst)")

    old = row.get("share_before_2000", np.nan)
    if t.min_share_before_2000 > 0:
        if np.isfinite(old):
            passed = old >= t.min_share_before_2000
            ok = ok and passed
            parts.append(
                f"{_pct(old)} gebouwd vóór 2000 {'≥' if passed else '<'} {_pct(t.min_share_before_2000)}"
            )
        else:
            parts.append("bouwperiode onbekend (niet getoetst)")
    return ok, ("Kandidaat: " if ok else "Geen kandidaat: ") + "; ".join(parts) + "."


def screen(areas: pd.DataFrame, thresholds: Thresholds | None = None) -> pd.DataFrame:
    """Mark each area as heat-network candidate or not, with the reason in Dutch.

    ``areas`` has ``code`` (and ``name``), ``heat_density_gj_per_ha`` and optionally
    ``share_meergezins``, ``share_corporatie``, ``share_before_2000`` (0–1). Returns the same
    rows with ``candidate`` (bool) and ``reason`` added.

    >>> a = pd.DataFrame({"code": ["B1", "B2"], "heat_density_gj_per_ha": [500.0, 100.0],
    ...                   "share_meergezins": [0.7, 0.1]})
    >>> t = Thresholds(360, 0.5, 0.3, 0)
    >>> screen(a, t)["candidate"].tolist()
    [True, False]
    >>> screen(a, t).loc[1, "reason"]
    'Geen kandidaat: warmtedichtheid 100 GJ/ha < 360; 10% meergezinswoningen < 50%.'
    """
    t = thresholds or default_thresholds()
    out = areas.reset_index(drop=True).copy()
    judged = [_judge(row, t) for _, row in out.iterrows()]
    out["candidate"] = [ok for ok, _ in judged]
    out["reason"] = [reason for _, reason in judged]
    return out
