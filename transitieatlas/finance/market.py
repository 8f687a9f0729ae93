"""Market size for the open invitation to suppliers (section 4.5.8): units and total
investment range per technique and group."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from transitieatlas.finance import catalogue
from transitieatlas.finance.examples import Configuration, heat_pump_kw
from transitieatlas.finance.examples import _technique_investment as technique_investment
from transitieatlas.finance.groups import DemandGroup, Household
from transitieatlas.text import format_number


def market_size(
    items: Sequence[tuple[DemandGroup, Household, Configuration]],
    participation: float,
    c: Mapping[str, float],
) -> pd.DataFrame:
    """One row per group × technique: ``group``, ``technique``, ``label_nl``, ``units``,
    ``investment_low_eur``, ``investment_high_eur`` (before discounts and subsidies)."""
    rows = []
    for group, hh, conf in items:
        pkg = catalogue.package(conf.package)
        units = participation * group.households
        target = next(
            (
                catalogue.technique(n).target_label
                for n in pkg.techniques
                if catalogue.technique(n).kind == "isolatie"
            ),
            "",
        )
        kw = heat_pump_kw(hh, hh.space_heat_after_gj[target] if target else hh.space_heat_gj, c)
        for name in pkg.techniques:
            t = catalogue.technique(name)
            low, high = technique_investment(t, hh, kw, c)
            rows.append(
                {
                    "group": group.code,
                    "technique": t.name,
                    "label_nl": t.label_nl,
                    "units": round(units),
                    "investment_low_eur": round(units * low),
                    "investment_high_eur": round(units * high),
                }
            )
    return pd.DataFrame(rows)


def invitation_text(area: str, table: pd.DataFrame) -> str:
    """A one-page Dutch text for the open invitation, with the totals of ``table``."""
    total_low, total_high = table["investment_low_eur"].sum(), table["investment_high_eur"].sum()
    lines = [
        f"Open uitnodiging aan leveranciers — {area}",
        "",
        "De wijk- of dorpsraad bereidt een gezamenlijke aanpak voor om van het aardgas af te gaan.",
        f"De markt in het gebied is naar schatting €{format_number(total_low, 0)} tot "
        f"€{format_number(total_high, 0)} aan investeringen:",
        "",
    ]
    for tech, part in table.groupby("label_nl", sort=False):
        lines.append(
            f"- {tech}: {int(part['units'].sum())} stuks, "
            f"€{format_number(part['investment_low_eur'].sum(), 0)}–"
            f"€{format_number(part['investment_high_eur'].sum(), 0)}"
        )
    lines += [
        "",
        "Wij vragen bedrijven te reageren als zij deeloplossingen of totaaloplossingen kunnen",
        "leveren, voor individuele eigenaren of voor inkoopcombinaties. Lokale en regionale",
        "bedrijven nodigen we in het bijzonder uit. De bedragen zijn bandbreedtes uit de",
        "techniekcatalogus van de transitieatlas (bronnen per regel in de bijlage).",
    ]
    return "\n".join(lines)
