"""Pre-selection of technique packages per demand group (section 4.5.4), each with its reason
in Dutch, beside PBL's cheapest strategy per buurt (Startanalyse 2020, ``sln_V01``).

Rules (thresholds from ``data/heat_constants.csv`` via the heat-network screen):

1. Heat network: the group's area passes the heat-network screen
   (:mod:`transitieatlas.heat.network`), or one of PBL's 648 candidate heat sources lies
   within ``max_source_km`` of it and the group is mostly multi-family.
2. All-electric (air): always listed as the reference; insulation to label B first.
3. All-electric (ground): single-family groups only (room for a ground loop).
4. Hybrid heat pump with insulation to D: when the typical label is E or worse or most
   dwellings are older than 1945 (hard to insulate to B): a step, not yet gas-free.
"""

from __future__ import annotations

from dataclasses import dataclass

from transitieatlas.finance import catalogue
from transitieatlas.finance.examples import eur
from transitieatlas.finance.groups import DemandGroup, Household

PBL_STRATEGIES = {
    "s1": ("lucht_wp_isolatie", "individuele elektrische warmtepomp (S1)"),
    "s2": ("warmtenet", "warmtenet met middentemperatuurbron (S2)"),
    "s3": ("warmtenet", "warmtenet met lagetemperatuurbron (S3)"),
    "s4": ("hybride_isolatie_d", "groen gas met hybride warmtepomp of HR-ketel (S4)"),
    "s5": ("", "waterstof (S5)"),
}
"""PBL strategy families (technical note Startanalyse 2020, p. 2) → the nearest package."""


@dataclass(frozen=True)
class Choice:
    """One pre-selected package with its reason."""

    package: str
    label_nl: str
    reason: str


def _old_share(group: DemandGroup) -> float:
    stock = group.stock
    old = stock["bouwjaarklasse"].isin(["voor 1930", "1930 - 1945"])
    return float(stock.loc[old, "dwellings"].sum() / stock["dwellings"].sum())


def nearest_source(outline, sources) -> tuple[str, float] | None:  # type: ignore[no-untyped-def]
    """Name and distance (km; 0 inside the area) of the candidate heat source nearest to
    ``outline`` (a shapely geometry in RD New); ``sources`` has ``bron_naam``, ``X``, ``Y`` (RD)."""
    import shapely

    if sources is None or len(sources) == 0 or outline is None or outline.is_empty:
        return None
    points = shapely.points(sources["X"].to_numpy(float), sources["Y"].to_numpy(float))
    distances = shapely.distance(outline, points)
    i = int(distances.argmin())
    return str(sources["bron_naam"].iloc[i]), float(distances[i]) / 1000.0


def preselect(
    group: DemandGroup,
    hh: Household,
    source: tuple[str, float] | None = None,
    max_source_km: float = 5.0,
) -> list[Choice]:
    """The packages worth a worked example for ``group``, most collective first."""
    choices: list[Choice] = []
    multi = hh.share_meergezins
    if group.heatnet_candidate:
        choices.append(Choice("warmtenet", "", f"Warmtenet-screening: {group.heatnet_reason}"))
    elif source is not None and source[1] <= max_source_km and multi >= 0.5:
        choices.append(
            Choice(
                "warmtenet",
                "",
                f"Kandidaat-warmtebron '{source[0]}' (PBL-bronnenlijst) ligt op {source[1]:.1f} km "
                f"(≤ {max_source_km:.0f} km) en {multi * 100:.0f}% van de woningen is gestapeld.",
            )
        )
    step = hh.insulation_eur["B"]
    choices.append(
        Choice(
            "lucht_wp_isolatie",
            "",
            f"Referentie zonder collectieve infrastructuur: gemiddeld label {hh.label}; de schil naar "
            f"label B kost {eur(step[0])}–{eur(step[1])} per woning (Vesta), daarna werkt een "
            "lucht-waterwarmtepomp op lage temperatuur.",
        )
    )
    if multi < 0.5:
        choices.append(
            Choice(
                "bodem_wp_isolatie",
                "",
                f"{(1 - multi) * 100:.0f}% eengezinswoningen: ruimte voor een bodemlus; duurder maar zuiniger en langer mee.",
            )
        )
    old = _old_share(group)
    if hh.label in "GFE" or old > 0.5:
        choices.append(
            Choice(
                "hybride_isolatie_d",
                "",
                f"Typisch label {hh.label}, {old * 100:.0f}% gebouwd vóór 1945: naar label B is duur of "
                "lastig; een hybride warmtepomp met isolatie naar D is een tussenstap (nog niet aardgasvrij).",
            )
        )
    return [Choice(c.package, catalogue.package(c.package).label_nl, c.reason) for c in choices]


def compare_with_pbl(choices: list[Choice], pbl_strategy: str) -> str:
    """A Dutch sentence comparing the pre-selection with PBL's cheapest strategy."""
    if not pbl_strategy:
        return "PBL Startanalyse 2020: geen goedkoopste strategie bekend voor dit gebied."
    package, text = PBL_STRATEGIES.get(pbl_strategy[:2], ("", pbl_strategy))
    first = choices[0] if choices else None
    if first and first.package == package:
        return (
            f"PBL Startanalyse 2020 noemt als goedkoopste strategie {pbl_strategy}: {text}. "
            "Dat komt overeen met de eerste keuze hier."
        )
    listed = any(c.package == package for c in choices)
    why = (
        "PBL rekent met nationale kosten (alle partijen samen, inclusief netten), "
        "deze voorselectie met de maandlasten van een huishouden en de drempels van de warmtenet-screening"
    )
    return (
        f"PBL Startanalyse 2020 noemt als goedkoopste strategie {pbl_strategy}: {text}. "
        + (
            "Die staat ook in de voorselectie, maar niet bovenaan. "
            if listed
            else "Die staat niet in de voorselectie. "
        )
        + f"Verschil: {why}."
    )
