"""The bridge between the inputs (mirror files today, the vraaggroepen store later) and the
pure finance modules: demand groups of an area, default configurations, and the payloads
the CLI and the page show. Shapes data; computes nothing of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import pandas as pd

from transitieatlas.areas.codes import gemeente_of
from transitieatlas.errors import InputError, NotInStore
from transitieatlas.finance import catalogue, groups, preselect
from transitieatlas.finance import sweep as sweep_mod
from transitieatlas.finance.examples import Configuration, Example, settings, worked_example
from transitieatlas.finance.groups import DemandGroup, Household
from transitieatlas.heat import network as heatnet
from transitieatlas.sources import finance_inputs

COLLECTIVE_FINANCING = (("gebouwgebonden", 1.0),)
INDIVIDUAL_FINANCING = (("energiebespaarlening", 1.0),)


@dataclass(frozen=True)
class GroupView:
    """A group with its household averages, pre-selection and the PBL comparison."""

    group: DemandGroup
    household: Household
    choices: tuple[preselect.Choice, ...]
    pbl_comparison: str


def _screen(group: DemandGroup, hh: Household) -> DemandGroup:
    stock = group.stock
    before_2000 = stock["bouwjaarklasse"].isin(
        [
            "voor 1930",
            "1930 - 1945",
            "1946 - 1964",
            "1965 - 1974",
            "1975 - 1991",
            "1992 - 1995",
            "1996 - 1999",
        ]
    )
    share_old = float(stock.loc[before_2000, "dwellings"].sum() / stock["dwellings"].sum())
    frame = pd.DataFrame(
        {
            "code": [group.code],
            "heat_density_gj_per_ha": [group.heat_density_gj_per_ha],
            "share_meergezins": [hh.share_meergezins],
            "share_before_2000": [share_old],
        }
    )
    judged = heatnet.screen(frame).iloc[0]
    return replace(
        group, heatnet_candidate=bool(judged["candidate"]), heatnet_reason=str(judged["reason"])
    )


def _nearest_source(gemeente: str, codes: list[str] | None) -> tuple[str, float] | None:
    """The nearest of PBL's candidate heat sources to the area (None without the files)."""
    try:
        outline = finance_inputs.startanalyse_outline(gemeente, codes)
        return preselect.nearest_source(outline, finance_inputs.heat_sources())
    except NotInStore:
        return None


SOURCES = ("startanalyse", "segmentatie")
"""Where demand groups come from: the finance package's own two groups from the mirror
(``startanalyse``), or the vraaggroepen of the segmentation package on the local store."""


def _segmentation_groups(area: str, level: str) -> list[DemandGroup]:
    # Imported here: the segmentation package reads the store and is only needed on request.
    from transitieatlas.segmentation import default_scheme
    from transitieatlas.segmentation.service import segment
    from transitieatlas.store.opendata import open_store

    scheme = default_scheme()
    seg = segment(open_store(), area, scheme, level)
    made = groups.groups_from_segmentation(
        seg.results, seg.units, area, seg.level, groups.dwelling_groups(scheme)
    )
    if not made:
        raise InputError(
            f"De segmentatie van {area} ({seg.level}) heeft geen groepen met woningen "
            "(zonder verblijfsobjecten zijn woningen onbekend); kies bron startanalyse."
        )
    return made


def _store_has_panden(area: str) -> bool:
    from transitieatlas.segmentation.service import available_levels, resolve_area
    from transitieatlas.store.opendata import open_store

    try:
        return "pand" in available_levels(open_store(), resolve_area(area))
    except (NotInStore, InputError):
        return False


def resolve(area: str, level: str = "auto", source: str = "auto") -> tuple[str, str]:
    """``(level, source)`` with ``auto`` resolved: level ``pand`` when the local store holds
    BAG panden of the area (then source ``segmentatie``: the default scheme's vraaggroepen),
    else ``buurt`` from the PBL Startanalyse. Explicit choices are kept."""
    area = area.strip().upper()
    panden = None
    if level == "auto":
        panden = _store_has_panden(area)
        level = "pand" if panden else "buurt"
    if source == "auto":
        if level == "buurt":
            source = "startanalyse"
        else:
            panden = _store_has_panden(area) if panden is None else panden
            source = "segmentatie" if panden else "startanalyse"
    return level, source


def area_groups(
    area: str, level: str = "buurt", source: str = "startanalyse"
) -> tuple[GroupView, ...]:
    """Demand groups of ``area`` (gemeente or buurt code) at ``level`` (buurt or pand), from
    ``source`` (see :data:`SOURCES`).

    Groups from the Startanalyse files are cached (the files do not change while the app
    runs); groups from the segmentation read the store each time, so an import shows at once.
    """
    if source == "segmentatie":
        return _area_groups(area, level, source)
    return _cached_area_groups(area, level, source)


@lru_cache(maxsize=32)
def _cached_area_groups(area: str, level: str, source: str) -> tuple[GroupView, ...]:
    return _area_groups(area, level, source)


def _area_groups(area: str, level: str, source: str) -> tuple[GroupView, ...]:
    area = area.strip().upper()
    gemeente = gemeente_of(area)
    if gemeente is None:
        raise InputError(f"'{area}' is geen gemeente- of buurtcode (zoals GM0080 of BU00800000).")
    if source not in SOURCES:
        raise InputError(f"Bron '{source}' onbekend: kies {' of '.join(SOURCES)}.")
    if source == "segmentatie":
        raw = _segmentation_groups(area, level)
        try:
            rows = finance_inputs.startanalyse(gemeente)
            rows = rows[rows["code"] == area] if area.startswith("BU") else rows
            strategy = groups._weighted_strategy(
                rows.assign(woningvoorraad=pd.to_numeric(rows["woningvoorraad"], errors="coerce"))
            )
            raw = [replace(g, pbl_strategy=strategy) for g in raw]
        except NotInStore:
            pass  # no Startanalyse for this gemeente: no PBL reference to compare with
    elif level == "pand":
        rows = finance_inputs.startanalyse(gemeente)
        won = pd.to_numeric(rows["woningvoorraad"], errors="coerce").sum()
        multi = (
            pd.to_numeric(rows["woningen_meergezins_laag"], errors="coerce").sum()
            + pd.to_numeric(rows["woningen_meergezins_hoog"], errors="coerce").sum()
        )
        raw = groups.groups_from_panden(finance_inputs.panden(gemeente), area, float(multi / won))
        strategy = groups._weighted_strategy(
            rows.assign(woningvoorraad=pd.to_numeric(rows["woningvoorraad"], errors="coerce"))
        )
        raw = [replace(g, pbl_strategy=strategy) for g in raw]
    elif level == "buurt":
        rows = finance_inputs.startanalyse(gemeente)
        if area.startswith("BU"):
            rows = rows[rows["code"] == area]
            if rows.empty:
                raise InputError(f"Buurt {area} staat niet in de PBL Startanalyse van {gemeente}.")
        raw = groups.groups_from_startanalyse(rows, area)
    else:
        raise InputError(f"Niveau '{level}' onbekend: kies buurt of pand.")
    heat_source = _nearest_source(gemeente, [area] if area.startswith("BU") else None)
    views = []
    for g in raw:
        hh = groups.household(g)
        g = _screen(g, hh)
        choices = preselect.preselect(g, hh, heat_source)
        views.append(
            GroupView(g, hh, tuple(choices), preselect.compare_with_pbl(choices, g.pbl_strategy))
        )
    return tuple(views)


def group_view(
    area: str, code: str, level: str = "buurt", source: str = "startanalyse"
) -> GroupView:
    """One group of an area; an unknown code lists the known ones."""
    views = area_groups(area, level, source)
    for v in views:
        if v.group.code == code:
            return v
    raise InputError(
        f"Vraaggroep '{code}' bestaat niet in {area}. Kies uit: {', '.join(v.group.code for v in views)}."
    )


def default_configurations(view: GroupView) -> list[Configuration]:
    """Per pre-selected package a maximally collective configuration, and beside the first
    package without a heat network the individual variant (section 4.5.7)."""
    confs = []
    for choice in view.choices:
        coop = "energiecooperatie" if choice.package == "warmtenet" else "inkoopvereniging"
        confs.append(Configuration(choice.package, coop, COLLECTIVE_FINANCING))
    individual = next((c.package for c in view.choices if c.package != "warmtenet"), None)
    if individual:
        confs.append(Configuration(individual, "individueel", INDIVIDUAL_FINANCING))
    return confs


def examples(
    view: GroupView,
    participation: float = 1.0,
    configurations: list[Configuration] | None = None,
    overrides: dict[str, float] | None = None,
) -> list[Example]:
    """Worked examples of ``configurations`` (default: :func:`default_configurations`)."""
    c = settings(overrides)
    confs = configurations or default_configurations(view)
    return [
        worked_example(view.household, view.group.households, conf, c, participation)
        for conf in confs
    ]


def _r(x: float) -> float:
    return float(np.round(x, 2))


def examples_payload(area: str, view: GroupView, participation: float, exs: list[Example]) -> dict:
    """The JSON shape of ``transitieatlas examples`` (issue 11)."""
    return {
        "area": area,
        "group": view.group.code,
        "participation": participation,
        "configurations": [
            {
                "name": ex.configuration.name,
                "technique": ex.configuration.package,
                "cooperation": ex.configuration.cooperation,
                "financing": ", ".join(
                    f"{catalogue.financing(n).label_nl} {s * 100:.0f}%"
                    for n, s in ex.configuration.financing
                ),
                "lines": [
                    {
                        "item": line.item,
                        "low_eur": _r(line.low_eur),
                        "high_eur": _r(line.high_eur),
                        "per": line.per,
                        "source": line.source,
                    }
                    for line in ex.lines
                ],
                "net_monthly_cost_low_eur": _r(ex.net_monthly[0]),
                "net_monthly_cost_high_eur": _r(ex.net_monthly[1]),
            }
            for ex in exs
        ],
    }


def examples_rows(payload: dict) -> list[dict]:
    """One row per configuration and line (the CSV of ``transitieatlas examples``)."""
    rows = []
    for conf in payload["configurations"]:
        for line in conf["lines"]:
            rows.append(
                {
                    "area": payload["area"],
                    "group": payload["group"],
                    "participation": payload["participation"],
                    "configuration": conf["name"],
                    "technique": conf["technique"],
                    "cooperation": conf["cooperation"],
                    "financing": conf["financing"],
                    **line,
                    "net_monthly_cost_low_eur": conf["net_monthly_cost_low_eur"],
                    "net_monthly_cost_high_eur": conf["net_monthly_cost_high_eur"],
                }
            )
    return rows


@dataclass(frozen=True)
class Recalculation:
    """What the page shows after a price or participation change."""

    examples: tuple[Example, ...]
    sweep: tuple[sweep_mod.SweepRow, ...]
    break_even: float | None


def recalculate(
    view: GroupView,
    configurations: list[Configuration],
    overrides: dict[str, float] | None,
    participation: float,
) -> Recalculation:
    """Examples at ``participation``, the sweep at 30/50/75/100% and the heat network's
    break-even against the first individual configuration (the page's whole computation;
    timed in ``make bench``, goal well under 0.1 s)."""
    c = settings(overrides)
    hh, n = view.household, view.group.households
    exs = tuple(worked_example(hh, n, conf, c, participation) for conf in configurations)
    rows = tuple(sweep_mod.sweep(hh, n, configurations, c))
    network = next((x for x in configurations if x.package == "warmtenet"), None)
    alternative = next((x for x in configurations if x.cooperation == "individueel"), None)
    be = (
        sweep_mod.break_even_participation(hh, n, network, alternative, c)
        if network and alternative
        else None
    )
    return Recalculation(exs, rows, be)


def map_frame(area: str, level: str = "buurt", source: str = "startanalyse"):  # type: ignore[no-untyped-def]
    """Geometries coloured by demand group for the concept-WUP map (None without files).

    With ``source`` ``segmentatie``: the segmentation's units (panden, cells or buurten with a
    geometry) of the groups that get worked examples, with ``group``."""
    gemeente = gemeente_of(area.strip().upper())
    if gemeente is None:
        return None
    if source == "segmentatie":
        return _segmentation_map_frame(area.strip().upper(), level)
    try:
        if level == "pand":
            return groups.map_frame_panden(finance_inputs.panden_polygons(gemeente))
        frame = groups.map_frame_buurten(finance_inputs.startanalyse_polygons(gemeente))
        return frame[frame["code"] == area] if area.startswith("BU") else frame
    except NotInStore:
        return None


def _segmentation_map_frame(area: str, level: str):  # type: ignore[no-untyped-def]
    from transitieatlas.segmentation import default_scheme
    from transitieatlas.segmentation.service import segment
    from transitieatlas.store.opendata import open_store

    try:
        seg = segment(open_store(), area, default_scheme(), level)
    except (NotInStore, InputError):
        return None
    units = seg.units
    if "geometry" not in units or units.geometry.isna().all():
        return None
    shown = {
        g.code
        for g in groups.groups_from_segmentation(
            seg.results, units, area, seg.level, groups.dwelling_groups(default_scheme())
        )
    }
    return units[units["group"].isin(shown) & units.geometry.notna()][["group", "geometry"]]


# -- the area and its profile for the concept-WUP -----------------------------------------------
PROFILE_ROWS = 18
"""How many key figures of the area profile the concept-WUP shows (in the profile's order)."""


@dataclass(frozen=True)
class AreaContext:
    """What the concept-WUP says about the area itself (read from the local store).

    ``profile``: key figures as dicts (``label``, ``value``, ``unit``, ``gemeente``,
    ``nederland``, ``source``; comparisons None where the profile has none); ``heat``: heat
    demand per method over the area (``method``, ``label``, ``year``, ``dwellings``,
    ``heat_demand_gj``, ``areas``); ``notes``: Dutch lines on what is missing and why."""

    name: str
    year: int | None
    profile: tuple[dict, ...]
    heat: tuple[dict, ...]
    notes: tuple[str, ...]


def _profile_rows(store, area: str) -> tuple[str, int | None, tuple[dict, ...]]:  # type: ignore[no-untyped-def]
    from transitieatlas.profile.build import build_profile, collect

    profile = build_profile(area, collect(store, area))
    rows = tuple(
        {
            "label": f.label,
            "value": f.value,
            "unit": f.unit,
            "gemeente": f.gemeente if f.aggregation != "sum" else None,
            "nederland": f.nederland if f.aggregation != "sum" else None,
            "source": f.source,
        }
        for f in profile.figures[:PROFILE_ROWS]
    )
    return profile.name, profile.year, rows


def _heat_rows(store, area: str, level: str) -> tuple[tuple[dict, ...], list[str]]:  # type: ignore[no-untyped-def]
    from transitieatlas.heat import common as heat_common
    from transitieatlas.heat import methods as heat_methods
    from transitieatlas.heat import service as heat_service

    gemeente = str(gemeente_of(area))
    heat_level = "buurt" if level == "pand" else level
    areas = heat_service.load_areas(store, gemeente, heat_level)
    rows, notes = [], []
    usable = heat_service.available_methods(store, areas)
    for method in usable:
        try:
            table, _ = heat_service.compute(store, gemeente, heat_level, method)
        except (NotInStore, InputError) as err:
            notes.append(f"{heat_methods.label(method)}: {err}")
            continue
        if area.startswith("BU"):
            table = table[table["code"] == area]
        year = table["year"].dropna()
        rows.append(
            {
                "method": method,
                "label": heat_methods.label(method),
                "year": int(year.iloc[0]) if len(year) else None,
                "dwellings": float(pd.to_numeric(table["dwellings"], errors="coerce").sum()),
                "heat_demand_gj": float(
                    pd.to_numeric(table["heat_demand_gj"], errors="coerce").sum()
                ),
                "areas": len(table),
            }
        )
    missing = [heat_methods.label(m) for m in heat_methods.method_names() if m not in usable]
    if missing:
        notes.append("Geen invoer in de opslag voor de methode(n): " + "; ".join(missing) + ".")
    reference = heat_service.figures_until(store.figures(codes=areas["code"]), None)
    if heat_common.PBL_REFERENCE in reference:
        ref = pd.to_numeric(reference[heat_common.PBL_REFERENCE], errors="coerce")
        if area.startswith("BU"):
            ref = ref[ref.index == area]
        if ref.notna().any():
            rows.append(
                {
                    "method": "pbl_referentie",
                    "label": "PBL Startanalyse 2020, referentie 2019 (alle gebouwen, ook utiliteit)",
                    "year": 2019,
                    "dwellings": float("nan"),
                    "heat_demand_gj": float(ref.sum()),
                    "areas": int(ref.notna().sum()),
                }
            )
    return tuple(rows), notes


def area_context(area: str, level: str = "buurt") -> AreaContext:
    """The area's profile (key figures with gemeente/NL comparisons) and its heat demand per
    method from the local store, for the concept-WUP. Whatever the store lacks becomes a Dutch
    note instead of an error, so the document can still be made."""
    from transitieatlas.store.opendata import open_store

    area = area.strip().upper()
    store = open_store()
    notes: list[str] = []
    name: str = area
    year: int | None = None
    profile: tuple[dict, ...] = ()
    try:
        name, year, profile = _profile_rows(store, area)
    except (NotInStore, InputError) as err:
        notes.append(f"Geen gebiedsprofiel: {err}")
    heat: tuple[dict, ...] = ()
    try:
        heat, heat_notes = _heat_rows(store, area, level)
        notes.extend(heat_notes)
    except (NotInStore, InputError) as err:
        notes.append(f"Geen warmtevraag uit de opslag: {err}")
    return AreaContext(name, year, profile, heat, tuple(notes))
