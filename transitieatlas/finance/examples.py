"""Worked examples (rekenvoorbeelden, section 4.5.7): what a configuration costs a household.

A configuration is a package of techniques, a form of cooperation and a financing mix.
Per household of a demand group it gives lines (item, low €, high €, per year, source):

* capital cost per technique: (investment − group discount) as an annuity over the mix;
* subsidies (ISDE, collective, municipal) as an annuity over the same mix, negative;
* process cost and independent advice (individual: per household; collective: a fixed
  amount shared by the participants plus a small amount per household);
* maintenance (a share of the investment per year) and insurance;
* for a heat network: the share of the neighbourhood network, which grows when fewer join;
* the energy bill now (negative: it goes away) and after.

The lines add up to the net yearly cost; ``net_monthly`` = sum / 12. Low uses every low
figure, high every high one. All constants come from :mod:`transitieatlas.finance.catalogue`
(``data/*.csv``) or from the caller's overrides, never from this module.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from transitieatlas.errors import InputError
from transitieatlas.finance import catalogue
from transitieatlas.finance.annuity import annual_payment, check_rate
from transitieatlas.finance.catalogue import Cooperation, Package, Technique
from transitieatlas.finance.groups import Household
from transitieatlas.text import format_number

PRICE_KEYS = (
    "price_gas_eur_per_m3",
    "gas_fixed_eur_per_year",
    "price_electricity_eur_per_kwh",
    "price_heat_eur_per_gj",
    "heat_fixed_eur_per_year",
)
SHARE_KEYS = (
    "insurance_share_per_year",
    "collective_group_discount",
    "collective_maintenance_discount",
    "heatnet_network_fixed_share",
    "gasnet_fixed_share",
    "share_cannot_invest_default",
)

POSITIVE_KEYS = (
    "gj_per_kwh",
    "gas_m3_gj",
    "hp_full_load_hours",
    "boiler_efficiency_space",
    "boiler_efficiency_hot_water",
    "heatnet_network_term_years",
)
"""Constants the computation divides by (or uses as a term): zero is refused."""


@dataclass(frozen=True)
class Line:
    """One line of a worked example (€, per ``per``: ``jaar`` or ``maand``)."""

    item: str
    low_eur: float
    high_eur: float
    per: str
    source: str


@dataclass(frozen=True)
class Configuration:
    """A configuration to compute: package + cooperation + financing mix (shares sum to 1)."""

    package: str
    cooperation: str
    financing: tuple[tuple[str, float], ...]

    @property
    def name(self) -> str:
        coop = catalogue.cooperation(self.cooperation).label_nl
        return f"{catalogue.package(self.package).label_nl} — {coop}"


@dataclass(frozen=True)
class Example:
    """A computed worked example for one household of a group."""

    configuration: Configuration
    participation: float
    participants: float
    lines: tuple[Line, ...]
    investment_eur: tuple[float, float]
    subsidy_eur: tuple[float, float]

    @property
    def net_yearly(self) -> tuple[float, float]:
        return (sum(x.low_eur for x in self.lines), sum(x.high_eur for x in self.lines))

    @property
    def net_monthly(self) -> tuple[float, float]:
        low, high = self.net_yearly
        return (low / 12.0, high / 12.0)


def validate(values: Mapping[str, float]) -> dict[str, float]:
    """Constants with the user's overrides checked: every problem in one Dutch message."""
    problems = [
        f"{key}: geen getal ({value})" for key, value in values.items() if not math.isfinite(value)
    ]
    problems += [
        f"{key}: kan niet negatief zijn ({value})"
        for key, value in values.items()
        if key not in (*PRICE_KEYS, *SHARE_KEYS, "heatnet_network_rate")
        and not key.startswith((catalogue.RATE_PREFIX, catalogue.TERM_PREFIX))
        and math.isfinite(value)
        and value < 0
    ]
    problems += [
        f"{key}: moet groter dan 0 zijn ({values[key]})"
        for key in POSITIVE_KEYS
        if math.isfinite(values[key]) and values[key] == 0
    ]
    for key in PRICE_KEYS:
        if values[key] < 0:
            problems.append(f"{key}: een prijs kan niet negatief zijn ({values[key]})")
    for key in SHARE_KEYS:
        if not 0.0 <= values[key] <= 1.0:
            problems.append(f"{key}: moet tussen 0 en 1 liggen ({values[key]})")
    if values["heatnet_network_rate"] > 1 or values["heatnet_network_rate"] < 0:
        problems.append(
            "heatnet_network_rate: de rente moet tussen 0% en 100% per jaar liggen "
            f"(nu {values['heatnet_network_rate'] * 100:.1f}%)"
        )
    problems += _financing_problems(values)
    if problems:
        raise InputError("Deze invoer kan niet gebruikt worden:", problems)
    return dict(values)


def _financing_problems(values: Mapping[str, float]) -> list[str]:
    """Rates of the financing forms 0–100% per year, terms a whole number of years > 0."""
    problems = []
    for form in catalogue.financing_forms().values():
        rate = values.get(catalogue.RATE_PREFIX + form.name, form.rate)
        term = values.get(catalogue.TERM_PREFIX + form.name, form.term_years)
        if math.isfinite(rate) and not 0.0 <= rate <= 1.0:
            problems.append(
                f"rente van {form.label_nl}: moet tussen 0% en 100% per jaar liggen "
                f"(nu {format_number(rate * 100, 1)}%; schrijf een fractie, 4,5% = 0,045)"
            )
        if math.isfinite(term) and (term <= 0 or term != int(term)):
            problems.append(
                f"looptijd van {form.label_nl}: moet een heel aantal jaren groter dan 0 zijn "
                f"(nu {format_number(term, 1)})"
            )
    return problems


def settings(overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """The finance constants and the financing forms' rates and terms
    (:func:`catalogue.financing_settings`) with ``overrides`` applied and validated."""
    values = catalogue.constants() | catalogue.financing_settings()
    unknown = sorted(set(overrides or {}) - set(values))
    if unknown:
        raise InputError(
            "Onbekende instelling(en): "
            + ", ".join(unknown)
            + " (de namen staan in data/finance_constants.csv; rente en looptijd heten "
            "rate_<vorm> en term_years_<vorm>, vormen uit data/finance_financing.csv)."
        )
    values.update({k: float(v) for k, v in (overrides or {}).items()})
    return validate(values)


def check_participation(participation: float) -> None:
    """Participation is a fraction 0 < p ≤ 1; otherwise a Dutch message."""
    if not 0.0 < participation <= 1.0:
        raise InputError(f"Deelname moet tussen 0% en 100% liggen (nu {participation * 100:.0f}%).")


def _mix(
    financing: tuple[tuple[str, float], ...], values: Mapping[str, float] | None = None
) -> list[tuple[catalogue.Financing, float]]:
    if not financing:
        raise InputError("Kies minstens één financieringsvorm.")
    total = sum(share for _, share in financing)
    if any(share < 0 for _, share in financing) or abs(total - 1.0) > 1e-6:
        raise InputError(
            f"De aandelen van de financieringsmix moeten samen 100% zijn (nu {total * 100:.0f}%)."
        )
    out = [(catalogue.financing_with(name, values), share) for name, share in financing]
    for form, _ in out:
        check_rate(form.rate, f"rente van {form.label_nl}")
    return out


def capital_cost(
    principal_eur: float,
    financing: tuple[tuple[str, float], ...],
    lifetime_years: float = 0,
    values: Mapping[str, float] | None = None,
) -> float:
    """Yearly capital cost (€/yr) of ``principal_eur`` financed by the mix: per part an annuity
    at its rate over its term, or over the technique's lifetime when that is shorter (a loan
    should not outlive what it paid for; 0 = no lifetime, e.g. a one-off fee). ``values``:
    settings with the user's rates and terms (default: the catalogue's).

    >>> round(capital_cost(15_000, (("hypotheek", 1.0),)))
    867
    >>> round(capital_cost(15_000, (("hypotheek", 1.0),), lifetime_years=15))
    1349
    >>> round(capital_cost(15_000, (("hypotheek", 1.0),), values={"rate_hypotheek": 0.055, "term_years_hypotheek": 28}))
    1062
    """
    return sum(
        annual_payment(
            principal_eur * share,
            form.rate,
            min(form.term_years, int(lifetime_years)) if lifetime_years > 0 else form.term_years,
        )
        for form, share in _mix(financing, values)
    )


def _mix_text(
    financing: tuple[tuple[str, float], ...], values: Mapping[str, float] | None = None
) -> str:
    return ", ".join(
        f"{share * 100:.0f}% {f.label_nl} ({f.rate * 100:.2f}%, {f.term_years} jaar)"
        for f, share in _mix(financing, values)
    )


def financing_source(
    financing: tuple[tuple[str, float], ...], values: Mapping[str, float] | None = None
) -> str:
    """Where each form's rate and term come from: the catalogue row (with its status) or the
    user's own input when ``values`` differ from it."""
    parts = []
    for name, _ in financing:
        form, used = catalogue.financing(name), catalogue.financing_with(name, values)
        own = catalogue.financing_changed(name, values)
        parts.append(
            f"{form.name}: rente {format_number(used.rate * 100, 2)}%, {used.term_years} jaar "
            + ("(eigen invoer)" if own else f"(data/finance_financing.csv, {form.status})")
        )
    return "financiering " + "; ".join(parts)


def heat_pump_kw(hh: Household, space_gj: float, c: Mapping[str, float]) -> float:
    """Heat-pump capacity (kW) from yearly heat: GJ / 0.0036 / full-load hours, at least the minimum."""
    kw = (space_gj + hh.hot_water_gj) / c["gj_per_kwh"] / c["hp_full_load_hours"]
    return max(c["hp_min_kw"], kw)


def _technique_investment(
    t: Technique, hh: Household, kw: float, c: Mapping[str, float]
) -> tuple[float, float]:
    if t.kind == "isolatie":
        return hh.insulation_eur[t.target_label]
    size_kw = c["pv_kwp_per_dwelling"] if t.kind == "opwekking" else kw
    low = t.invest_fixed[0] + t.invest_per_kw[0] * size_kw + t.invest_per_m2[0] * hh.floor_area_m2
    high = t.invest_fixed[1] + t.invest_per_kw[1] * size_kw + t.invest_per_m2[1] * hh.floor_area_m2
    return (min(low, high), max(low, high))


def group_discount(coop: Cooperation, participants: float, c: Mapping[str, float]) -> float:
    """Group discount (fraction) for ``participants``: 0 below the minimum, full from the
    full-discount size, linear between (a staffel)."""
    if not coop.group_discount:
        return 0.0
    lo, hi = c["collective_discount_min_households"], c["collective_discount_full_households"]
    scale = min(1.0, max(0.0, (participants - lo) / max(hi - lo, 1e-9)))
    return c["collective_group_discount"] * scale


def energy_bill(
    hh: Household, techniques: list[Technique], c: Mapping[str, float]
) -> tuple[float, str]:
    """Yearly energy bill for heat, hot water and cooking (€/yr) after ``techniques``
    (none: the gas boiler as now), with a Dutch description of the quantities."""
    target = next((t.target_label for t in techniques if t.kind == "isolatie"), "")
    space = hh.space_heat_after_gj[target] if target else hh.space_heat_gj
    hw = hh.hot_water_gj
    supply = next((t for t in techniques if t.heat_supply), None)
    gas_gj = c["gas_m3_gj"]
    gas_m3 = kwh = heat_gj = 0.0
    if supply is None:
        gas_m3 = space / (c["boiler_efficiency_space"] * gas_gj) + hw / (
            c["boiler_efficiency_hot_water"] * gas_gj
        )
    elif supply.heat_supply == "warmtepomp":
        kwh = (space / supply.spf_space + hw / supply.spf_hot_water) / c["gj_per_kwh"]
    elif supply.heat_supply == "hybride":
        kwh = supply.hp_share_space * space / supply.spf_space / c["gj_per_kwh"]
        gas_m3 = (1 - supply.hp_share_space) * space / (c["boiler_efficiency_space"] * gas_gj)
        gas_m3 += hw / (c["boiler_efficiency_hot_water"] * gas_gj)
    elif supply.heat_supply == "warmtenet":
        heat_gj = space + hw
    cooking_electric = any(t.electric_cooking for t in techniques)
    if cooking_electric:
        kwh += c["electric_cooking_kwh_per_year"]
    else:
        gas_m3 += c["gas_cooking_m3_per_year"]
    gas_connected = not any(t.removes_gas_connection for t in techniques)
    if not gas_connected and gas_m3 > 0:
        raise InputError("Deze configuratie haalt de gasaansluiting weg maar gebruikt nog gas.")
    pv_kwh = sum(
        c["pv_kwp_per_dwelling"] * c["pv_yield_kwh_per_kwp"]
        for t in techniques
        if t.kind == "opwekking"
    )
    cost = (
        gas_m3 * c["price_gas_eur_per_m3"]
        + (c["gas_fixed_eur_per_year"] if gas_connected else 0.0)
        + (kwh - pv_kwh) * c["price_electricity_eur_per_kwh"]
        + (heat_gj * c["price_heat_eur_per_gj"] + c["heat_fixed_eur_per_year"] if heat_gj else 0.0)
    )
    parts = [f"ruimteverwarming {space:.1f} GJ, tapwater {hw:.1f} GJ"]
    if gas_m3:
        parts.append(f"{gas_m3:.0f} m³ gas")
    if kwh:
        parts.append(f"{kwh:.0f} kWh stroom")
    if pv_kwh:
        parts.append(f"−{pv_kwh:.0f} kWh eigen zonnestroom")
    if heat_gj:
        parts.append(f"{heat_gj:.1f} GJ warmte")
    parts.append("gasaansluiting blijft" if gas_connected else "geen gasaansluiting")
    return cost, "; ".join(parts)


def eur(amount: float) -> str:
    """Euros the Dutch way, whole euros with a dot for thousands.

    >>> eur(12345.6)
    '€12.346'
    """
    return "€" + format_number(amount, 0)


def _price_source() -> str:
    return (
        "prijzen uit data/finance_constants.csv (price_gas_eur_per_m3, gas_fixed_eur_per_year, "
        "price_electricity_eur_per_kwh, price_heat_eur_per_gj, heat_fixed_eur_per_year); "
        "warmtevraag: Vesta-kengetallen (data/vesta_kengetallen.csv)"
    )


def _shared(fixed: float, per_household: float, participants: float) -> float:
    return fixed / max(participants, 1.0) + per_household


def worked_example(
    hh: Household,
    households: int,
    configuration: Configuration,
    values: Mapping[str, float] | None = None,
    participation: float = 1.0,
) -> Example:
    """The worked example of ``configuration`` for one household of a group of ``households``
    of whom a share ``participation`` (0–1) joins. ``values``: from :func:`settings`."""
    check_participation(participation)
    c = values if values is not None else settings()
    pkg: Package = catalogue.package(configuration.package)
    coop = catalogue.cooperation(configuration.cooperation)
    mix = configuration.financing
    mix_text = _mix_text(mix, c)
    techniques = [catalogue.technique(n) for n in pkg.techniques]
    for t in techniques:
        if t.applies_to == "eengezins" and hh.share_meergezins > 0.5:
            raise InputError(f"{t.label_nl} past niet bij een groep van vooral meergezinswoningen.")
    participants = participation * households if coop.collective else 1.0
    target = next((t.target_label for t in techniques if t.kind == "isolatie"), "")
    kw = heat_pump_kw(hh, hh.space_heat_after_gj[target] if target else hh.space_heat_gj, c)
    discount = group_discount(coop, participants, c)
    lines: list[Line] = []
    invest_low = invest_high = 0.0
    maint_low = maint_high = 0.0
    sub_low = sub_high = 0.0
    for t in techniques:
        low, high = _technique_investment(t, hh, kw, c)
        low, high = low * (1 - discount), high * (1 - discount)
        invest_low, invest_high = invest_low + low, invest_high + high
        share = t.maintenance_share_per_year * (
            1 - c["collective_maintenance_discount"] if coop.maintenance_discount else 1
        )
        maint_low, maint_high = maint_low + share * low, maint_high + share * high
        subsidy = t.subsidy_fixed_eur + t.subsidy_per_kw_eur * kw
        sub_low, sub_high = sub_low + subsidy, sub_high + subsidy
        note = f" (groepskorting {discount * 100:.0f}%)" if discount else ""
        lines.append(
            Line(
                f"Kapitaallasten {t.label_nl}: investering {eur(low)}–{eur(high)}{note}; {mix_text}"
                + (
                    f"; afgeschreven in hooguit {t.lifetime_years:.0f} jaar levensduur"
                    if t.lifetime_years > 0
                    else ""
                ),
                capital_cost(low, mix, t.lifetime_years, c),
                capital_cost(high, mix, t.lifetime_years, c),
                "jaar",
                f"catalogus {t.name}: {t.source}; {financing_source(mix, c)}",
            )
        )
    # Process cost and independent advice (collective advantages 2 and 4).
    if coop.shared_process:
        process = _shared(
            c["process_cost_collective_fixed_eur"],
            c["process_cost_collective_per_household_eur"],
            participants,
        )
        process_src = "finance_constants: process_cost_collective_fixed_eur / deelnemers + process_cost_collective_per_household_eur"
    else:
        process = c["process_cost_individual_eur"]
        process_src = "finance_constants: process_cost_individual_eur"
    advice = (
        c["expertise_collective_fixed_eur"] / max(participants, 1.0)
        if coop.shared_expertise
        else c["expertise_individual_eur"]
    )
    lines.append(
        Line(
            f"Kapitaallasten proces- en projectkosten {eur(process)} en onafhankelijk advies {eur(advice)}",
            capital_cost(process + advice, mix, 0, c),
            capital_cost(process + advice, mix, 0, c),
            "jaar",
            process_src
            + "; expertise_* ("
            + catalogue.constant_source("process_cost_individual_eur")
            + ")",
        )
    )
    invest_low, invest_high = invest_low + process + advice, invest_high + process + advice
    # Subsidies and contributions, as the annuity they save.
    extra = c["municipal_contribution_per_household_eur"] + (
        c["collective_subsidy_per_household_eur"] if coop.collective_subsidy else 0.0
    )
    sub_low, sub_high = sub_low + extra, sub_high + extra
    if sub_high > 0:
        lines.append(
            Line(
                f"Subsidie en bijdragen {eur(sub_low)} (ISDE per techniek, collectief, gemeente) verlagen de lening",
                -capital_cost(min(sub_high, invest_low), mix, 0, c),
                -capital_cost(min(sub_low, invest_high), mix, 0, c),
                "jaar",
                "techniques.csv subsidy_fixed_eur + subsidy_per_kw_eur × kW (RVO ISDE 2025); finance_constants collective_subsidy_per_household_eur, municipal_contribution_per_household_eur",
            )
        )
    if any(t.heat_supply == "warmtenet" for t in techniques):
        fixed = c["heatnet_network_fixed_share"]
        per_hh = c["heatnet_network_cost_per_household_eur"] * (fixed / participation + (1 - fixed))
        yearly = annual_payment(
            per_hh, c["heatnet_network_rate"], int(c["heatnet_network_term_years"])
        )
        lines.append(
            Line(
                f"Aandeel in het wijkwarmtenet: {eur(per_hh)} per deelnemer bij {participation * 100:.0f}% deelname",
                yearly,
                yearly,
                "jaar",
                "finance_constants heatnet_network_cost_per_household_eur × (vast deel / deelname + variabel deel), annuïteit heatnet_network_rate over heatnet_network_term_years (aanname)",
            )
        )
    lines.append(
        Line(
            "Onderhoud en beheer",
            maint_low,
            maint_high,
            "jaar",
            "techniques.csv maintenance_share_per_year × investering (Vesta R_OH)"
            + ("; min collectief onderhoudscontract" if coop.maintenance_discount else ""),
        )
    )
    if any(t.heat_supply in ("warmtepomp", "warmtenet") for t in techniques):
        boiler = catalogue.technique("hr_ketel")
        b_low, b_high = _technique_investment(boiler, hh, kw, c)
        life = boiler.lifetime_years
        yearly_low = capital_cost(b_low, mix, life, c) + boiler.maintenance_share_per_year * b_low
        yearly_high = (
            capital_cost(b_high, mix, life, c) + boiler.maintenance_share_per_year * b_high
        )
        lines.append(
            Line(
                f"Vervanging en onderhoud cv-ketel (vervalt): {eur(b_low)}–{eur(b_high)} per {boiler.lifetime_years:.0f} jaar",
                -yearly_high,
                -yearly_low,
                "jaar",
                f"catalogus hr_ketel: {boiler.source}",
            )
        )
    ins = c["insurance_share_per_year"]
    lines.append(
        Line(
            "Verzekering (uitbreiding opstalpolis)",
            ins * invest_low,
            ins * invest_high,
            "jaar",
            "finance_constants insurance_share_per_year × investering (aanname)",
        )
    )
    before, before_text = energy_bill(hh, [], c)
    after, after_text = energy_bill(hh, techniques, c)
    lines.append(
        Line(
            f"Energierekening nu (vervalt): {before_text}",
            -before,
            -before,
            "jaar",
            _price_source(),
        )
    )
    lines.append(
        Line(f"Energierekening straks: {after_text}", after, after, "jaar", _price_source())
    )
    return Example(
        configuration=configuration,
        participation=participation,
        participants=participants,
        lines=tuple(lines),
        investment_eur=(invest_low, invest_high),
        subsidy_eur=(sub_low, sub_high),
    )
