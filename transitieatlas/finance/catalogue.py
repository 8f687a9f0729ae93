"""The technique catalogue and the finance tables, read from ``data/`` (each row cites its source).

Tables: ``techniques.csv`` (per technique: investment low–high as fixed + per kW + per m²,
maintenance share per year, lifetime, effect on gas/electricity/heat), ``insulation_costs.csv``
(label steps per Vesta dwelling type and period), ``finance_packages.csv`` (techniques that go
together), ``finance_financing.csv`` (rate and term per financing form),
``finance_cooperation.csv`` (which collective advantages a form of cooperation gets) and
``finance_constants.csv`` (prices and every other parameter).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

import pandas as pd

from transitieatlas import config
from transitieatlas.errors import InputError


@dataclass(frozen=True)
class Technique:
    """One catalogue row. Investment per dwelling = fixed + per_kw × kW + per_m2 × m² (€)."""

    name: str
    label_nl: str
    kind: str
    applies_to: str
    invest_fixed: tuple[float, float]
    invest_per_kw: tuple[float, float]
    invest_per_m2: tuple[float, float]
    maintenance_share_per_year: float
    lifetime_years: float
    heat_supply: str
    spf_space: float
    spf_hot_water: float
    hp_share_space: float
    target_label: str
    electric_cooking: bool
    removes_gas_connection: bool
    subsidy_fixed_eur: float
    subsidy_per_kw_eur: float
    price_year: int
    source: str
    status: str


@dataclass(frozen=True)
class Financing:
    """A financing form: annual interest rate (fraction) and term (years)."""

    name: str
    label_nl: str
    rate: float
    term_years: int
    source: str
    status: str


@dataclass(frozen=True)
class Cooperation:
    """A form of cooperation and the collective advantages it gets (each an explicit flag)."""

    name: str
    label_nl: str
    collective: bool
    group_discount: bool
    shared_process: bool
    collective_subsidy: bool
    shared_expertise: bool
    maintenance_discount: bool
    description: str


@dataclass(frozen=True)
class Package:
    """Techniques that together make one configuration (e.g. insulation + heat pump)."""

    name: str
    label_nl: str
    techniques: tuple[str, ...]
    description: str


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(config.REFERENCE_DIR / name, dtype=str, keep_default_na=False)


def _num(text: str) -> float:
    return float(text) if text.strip() else float("nan")


@lru_cache(maxsize=1)
def techniques() -> dict[str, Technique]:
    """All techniques by name."""
    out: dict[str, Technique] = {}
    for r in _read("techniques.csv").to_dict("records"):
        out[r["name"]] = Technique(
            name=r["name"],
            label_nl=r["label_nl"],
            kind=r["kind"],
            applies_to=r["applies_to"],
            invest_fixed=(_num(r["invest_fixed_low_eur"]), _num(r["invest_fixed_high_eur"])),
            invest_per_kw=(_num(r["invest_per_kw_low_eur"]), _num(r["invest_per_kw_high_eur"])),
            invest_per_m2=(_num(r["invest_per_m2_low_eur"]), _num(r["invest_per_m2_high_eur"])),
            maintenance_share_per_year=_num(r["maintenance_share_per_year"]),
            lifetime_years=_num(r["lifetime_years"]),
            heat_supply=r["heat_supply"],
            spf_space=_num(r["spf_space"]),
            spf_hot_water=_num(r["spf_hot_water"]),
            hp_share_space=_num(r["hp_share_space"]),
            target_label=r["target_label"],
            electric_cooking=r["electric_cooking"] == "1",
            removes_gas_connection=r["removes_gas_connection"] == "1",
            subsidy_fixed_eur=_num(r["subsidy_fixed_eur"]),
            subsidy_per_kw_eur=_num(r["subsidy_per_kw_eur"]),
            price_year=int(r["price_year"]),
            source=r["source"],
            status=r["status"],
        )
    return out


def technique(name: str) -> Technique:
    """One technique; an unknown name is an :class:`InputError` listing the known ones.

    >>> technique("lucht_water_warmtepomp").invest_fixed
    (4652.0, 6843.0)
    """
    known = techniques()
    if name not in known:
        raise InputError(
            f"Techniek '{name}' staat niet in de catalogus. Kies uit: {', '.join(sorted(known))}."
        )
    return known[name]


@lru_cache(maxsize=1)
def packages() -> dict[str, Package]:
    """Configurations of techniques by name (``data/finance_packages.csv``)."""
    out = {}
    for r in _read("finance_packages.csv").to_dict("records"):
        names = tuple(n for n in r["techniques"].split(";") if n)
        for n in names:
            technique(n)
        out[r["name"]] = Package(r["name"], r["label_nl"], names, r["description"])
    return out


def package(name: str) -> Package:
    """One package; unknown → :class:`InputError` with the known names."""
    known = packages()
    if name not in known:
        raise InputError(
            f"Configuratie '{name}' bestaat niet. Kies uit: {', '.join(sorted(known))}."
        )
    return known[name]


@lru_cache(maxsize=1)
def financing_forms() -> dict[str, Financing]:
    """Financing forms by name (``data/finance_financing.csv``)."""
    return {
        r["name"]: Financing(
            r["name"],
            r["label_nl"],
            float(r["rate"]),
            int(r["term_years"]),
            r["source"],
            r["status"],
        )
        for r in _read("finance_financing.csv").to_dict("records")
    }


def financing(name: str) -> Financing:
    """One financing form; unknown → :class:`InputError`."""
    known = financing_forms()
    if name not in known:
        raise InputError(
            f"Financieringsvorm '{name}' bestaat niet. Kies uit: {', '.join(sorted(known))}."
        )
    return known[name]


RATE_PREFIX = "rate_"
TERM_PREFIX = "term_years_"


def financing_settings() -> dict[str, float]:
    """Rate (fraction/yr) and term (years) of every financing form as editable settings:
    ``rate_<form>`` and ``term_years_<form>`` (defaults from ``finance_financing.csv``).

    >>> financing_settings()["rate_hypotheek"], financing_settings()["term_years_hypotheek"]
    (0.04, 30.0)
    """
    out: dict[str, float] = {}
    for f in financing_forms().values():
        out[RATE_PREFIX + f.name] = f.rate
        out[TERM_PREFIX + f.name] = float(f.term_years)
    return out


def financing_with(name: str, values: Mapping[str, float] | None) -> Financing:
    """Financing form ``name`` with the rate and term of ``values`` (the user's settings)
    where given; unknown name → :class:`InputError`."""
    form = financing(name)
    if not values:
        return form
    return replace(
        form,
        rate=float(values.get(RATE_PREFIX + name, form.rate)),
        term_years=int(values.get(TERM_PREFIX + name, form.term_years)),
    )


def financing_changed(name: str, values: Mapping[str, float] | None) -> bool:
    """Whether ``values`` change the rate or term of form ``name`` (rates compared to
    1e-9, so 4.35% typed on the page as a percentage counts as unchanged)."""
    form, used = financing(name), financing_with(name, values)
    return abs(used.rate - form.rate) > 1e-9 or used.term_years != form.term_years


@lru_cache(maxsize=1)
def cooperation_forms() -> dict[str, Cooperation]:
    """Forms of cooperation by name (``data/finance_cooperation.csv``)."""
    out = {}
    for r in _read("finance_cooperation.csv").to_dict("records"):
        flags = {
            k: r[k] == "1"
            for k in (
                "collective",
                "group_discount",
                "shared_process",
                "collective_subsidy",
                "shared_expertise",
                "maintenance_discount",
            )
        }
        out[r["name"]] = Cooperation(
            r["name"], r["label_nl"], description=r["description"], **flags
        )
    return out


def cooperation(name: str) -> Cooperation:
    """One form of cooperation; unknown → :class:`InputError`."""
    known = cooperation_forms()
    if name not in known:
        raise InputError(
            f"Samenwerkingsvorm '{name}' bestaat niet. Kies uit: {', '.join(sorted(known))}."
        )
    return known[name]


@lru_cache(maxsize=1)
def constants_table() -> pd.DataFrame:
    """``finance_constants.csv`` as a frame (name, value, unit, description, source, status)."""
    table = _read("finance_constants.csv")
    table["value"] = table["value"].astype(float)
    return table


@lru_cache(maxsize=1)
def _constants() -> tuple[tuple[str, float], ...]:
    table = constants_table()
    return tuple(zip(table["name"], table["value"].astype(float), strict=True))


def constants() -> dict[str, float]:
    """Every finance constant by name (a fresh dict: callers may change it)."""
    return {name: float(value) for name, value in _constants()}


@lru_cache(maxsize=1)
def _sources() -> dict[str, str]:
    table = constants_table()
    return dict(zip(table["name"], table["source"], strict=True))


def constant_source(name: str) -> str:
    """The source text of one constant or financing setting (``rate_<form>``,
    ``term_years_<form>``: the form's source in ``finance_financing.csv``)."""
    for prefix in (RATE_PREFIX, TERM_PREFIX):
        if name.startswith(prefix) and name[len(prefix) :] in financing_forms():
            form = financing_forms()[name[len(prefix) :]]
            return f"data/finance_financing.csv ({form.name}): {form.source} [{form.status}]"
    return _sources()[name]


@lru_cache(maxsize=1)
def insulation_costs() -> pd.DataFrame:
    """Label-step investments per Vesta dwelling type and period (``insulation_costs.csv``)."""
    table = _read("insulation_costs.csv")
    for col in ("low_fixed_eur", "low_per_m2_eur", "high_fixed_eur", "high_per_m2_eur"):
        table[col] = table[col].astype(float)
    return table


@lru_cache(maxsize=1)
def etm_costs() -> pd.DataFrame:
    """The Energietransitiemodel's figures per technique (``etm_costs.csv``; quintel/etsource,
    commit in the ``source`` column): investment (€), fixed O&M (€/yr), lifetime (years) and
    the reference capacity (kW) at which the catalogue's range is compared with it."""
    table = _read("etm_costs.csv")
    for col in ("initial_investment_eur", "fixed_om_eur_per_year", "technical_lifetime_years"):
        table[col] = table[col].map(_num)
    table["reference_kw"] = table["reference_kw"].map(_num).fillna(0.0)
    return table


def etm_comparison() -> pd.DataFrame:
    """The catalogue beside the ETM as a second source, one row per technique of
    :func:`etm_costs`: catalogue investment low–high at the reference capacity
    (fixed + per kW × kW; € per dwelling), ETM's investment, whether ETM lies within the
    range, and both lifetimes (years).

    >>> row = etm_comparison().set_index("technique").loc["lucht_water_warmtepomp"]
    >>> [float(row[k]) for k in ("catalogue_low_eur", "catalogue_high_eur", "etm_eur")]
    [8092.0, 11995.0, 9098.0]
    >>> bool(row["etm_within"])
    True
    """
    rows = []
    for r in etm_costs().to_dict("records"):
        t = technique(r["technique"])
        kw = float(r["reference_kw"])
        low = t.invest_fixed[0] + t.invest_per_kw[0] * kw
        high = t.invest_fixed[1] + t.invest_per_kw[1] * kw
        etm = float(r["initial_investment_eur"])
        rows.append(
            {
                "technique": t.name,
                "reference_kw": kw,
                "catalogue_low_eur": low,
                "catalogue_high_eur": high,
                "etm_eur": etm,
                "etm_within": bool(low <= etm <= high) if etm == etm else None,
                "catalogue_lifetime_years": t.lifetime_years,
                "etm_lifetime_years": float(r["technical_lifetime_years"]),
                "etm_file": r["etm_file"],
            }
        )
    return pd.DataFrame(rows)
