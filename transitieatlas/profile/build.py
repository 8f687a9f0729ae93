"""The area profile (wijk- of dorpsprofiel) of one area or a gebiedsafbakening.

For the chosen area and year the profile lists the key figures by theme (bevolking,
huishoudens, wonen, eigendom, bouwjaar, energie, inkomen, oppervlakte en dichtheid),
each with its unit and source, and compares it with

- the gemeente (own row, or aggregated from its buurten),
- Nederland (code ``NL01``, only when the store holds it),
- the surrounding areas: areas of the same level whose polygon touches the area
  (polygons within :data:`NEIGHBOUR_BUFFER_M` metres in RD New, not overlapping it).

A gemeente or wijk without its own row for an indicator and year gets the figure
aggregated from its buurten (sums and weighted means, see :mod:`transitieatlas.areas.aggregate`)
and the note says so. Trends are the same figures for every year the data hold.

:func:`build_profile` is pure (it takes a :class:`ProfileData` of frames);
:func:`collect` is the only function that reads, from a store object it is given.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from transitieatlas.areas.aggregate import Rule, aggregate_figures, rules_from_registry
from transitieatlas.areas.codes import gemeente_of, level_of, wijk_of
from transitieatlas.errors import NotInStore
from transitieatlas.indicators import fallback_label

NEDERLAND = "NL01"
NEIGHBOUR_BUFFER_M = 25.0
"""Polygons closer than this (metres, RD New) count as touching; gaps in CBS maps are smaller."""
MAX_OVERLAP = 0.02
"""A candidate that overlaps the area by more than this share of its own area is not a
neighbour but another version of (part of) the same area (e.g. an older buurt division)."""

THEMES: list[tuple[str, list[str]]] = [
    (
        "Bevolking",
        [
            "inwoners",
            "mannen",
            "vrouwen",
            "leeftijd_0_15",
            "leeftijd_15_25",
            "leeftijd_25_45",
            "leeftijd_45_65",
            "leeftijd_65_plus",
        ],
    ),
    ("Huishoudens", ["huishoudens", "gem_huishoudensgrootte"]),
    (
        "Wonen",
        [
            "woningvoorraad",
            "gem_woz_woning",
            "pct_eengezinswoning",
            "pct_meergezinswoning",
            "pct_onbewoond",
        ],
    ),
    (
        "Eigendom",
        ["pct_koopwoningen", "pct_huurwoningen", "pct_corporatie", "pct_overige_verhuurders"],
    ),
    (
        "Bouwjaar",
        [
            "pct_bouwjaar_voor_2000",
            "pct_bouwjaar_vanaf_2000",
            "pct_bouwjaar_ouder_dan_10_jaar",
            "pct_bouwjaar_laatste_10_jaar",
        ],
    ),
    (
        "Energie",
        [
            "gem_aardgas_woning",
            "gem_elektriciteit_woning",
            "pct_stadsverwarming",
            "aardgas_woningen_tj",
            "aardgas_woningen_mln_m3",
            "elektriciteit_woningen_gwh",
            "woningen_gasverwarmd",
            "woningen_elektrisch_verwarmd",
            "pv_installaties_woningen",
            "pct_woningen_met_pv",
            "co2_aardgas_woningen_kton",
            "warmtevraag_model_kwh",
            "pct_energiearmoede",
        ],
    ),
    (
        "Inkomen",
        [
            "gem_inkomen_inwoner",
            "gem_gestandaardiseerd_inkomen_huishouden",
            "pct_huishoudens_laag_inkomen",
        ],
    ),
    (
        "Oppervlakte en dichtheid",
        [
            "oppervlakte_totaal_ha",
            "oppervlakte_land_ha",
            "oppervlakte_water_ha",
            "bevolkingsdichtheid",
            "omgevingsadressendichtheid",
            "stedelijkheid",
            "bedrijfsvestigingen",
        ],
    ),
]
OTHER_THEME = "Overig"
_THEME_OF = {name: theme for theme, names in THEMES for name in names}
_ORDER = {name: i for i, name in enumerate(n for _, names in THEMES for n in names)}
LEVEL_WORD = {"gemeente": "gemeente", "wijk": "wijk", "buurt": "buurt", "cel": "gebied"}


_THEME_PREFIXES = [
    ("gebouwen_bouwjaar", "Bouwjaar"),
    ("gebouwen_energie", "Energie"),
    ("inwoners_", "Bevolking"),
    ("leeftijd_", "Bevolking"),
    ("pct_huishoudens", "Huishoudens"),
    ("gem_inkomen", "Inkomen"),
    ("aardgas", "Energie"),
    ("elektriciteit", "Energie"),
    ("co2_", "Energie"),
    ("pv_", "Energie"),
    ("warmte", "Energie"),
    ("woningen_", "Energie"),
    ("woonruimten", "Wonen"),
    ("gebouwen", "Wonen"),
    ("pct_gebouwen", "Wonen"),
]


METHOD_NOTE = (
    "**Zo zijn de cijfers berekend.** Heeft een gemeente of wijk voor een jaar geen eigen cijfer, "
    "dan is het berekend uit haar buurten; dat staat dan bij het cijfer. Aantallen (inwoners, "
    "woningen, hectares) zijn opgeteld. Gemiddelden en percentages zijn gewogen: een "
    "percentage koopwoningen of een gemiddelde WOZ-waarde telt mee naar het aantal woningen "
    "van de buurt, een gemiddeld inkomen per inwoner naar het aantal inwoners. Een gewoon "
    "gemiddelde van percentages wordt nooit genomen: ontbreekt het gewicht, dan blijft het "
    "cijfer leeg. Bij elk berekend cijfer staat hoeveel buurten een waarde hadden (bijvoorbeeld "
    "'12 van 14 buurten met waarde'); een som over een deel van de buurten heet onvolledig. "
    "Klassen zoals de mate van stedelijkheid worden niet gemiddeld. 'Omgeving' zijn de "
    "gebieden van hetzelfde niveau die aan het gebied grenzen (op minder dan 25 meter), samen "
    "genomen op dezelfde manier. Nederland (NL01) staat er alleen bij als de opslag dat cijfer heeft."
)
"""Dutch method note for users (shown on the page and in the exports)."""


def theme_of(indicator: str) -> str:
    """The profile theme of an indicator: from :data:`THEMES`, else by name prefix for
    source-specific names (e.g. ``gebouwen_bouwjaar_1945_1960`` → Bouwjaar), else ``Overig``."""
    if indicator in _THEME_OF:
        return _THEME_OF[indicator]
    for prefix, theme in _THEME_PREFIXES:
        if indicator.startswith(prefix):
            return theme
    return OTHER_THEME


_CBS_PART = re.compile(r"^(WK\d{6}|BU\d{8})$")
"""CBS wijk and buurt codes: figure-only codes (always CBS codes) join such a division."""


@dataclass
class ProfileData:
    """Everything a profile is computed from (frames in the canonical formats).

    ``areas``: areas GeoDataFrame (EPSG:28992) with code, name, level, gemeente_code,
    wijk_code (and ``dataset``); ``figures``: long figures of all years (with ``dataset``);
    ``rules``: aggregation rules by indicator; ``labels``: Dutch label per indicator;
    ``provenance``: Provenance per dataset id, for the source list and data date.
    """

    areas: gpd.GeoDataFrame
    figures: pd.DataFrame
    rules: Mapping[str, Rule] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    provenance: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._index_areas()
        self._index_figures()

    def with_figures(
        self,
        figures: pd.DataFrame,
        rules: Mapping[str, Rule],
        labels: Mapping[str, str],
        provenance: Mapping[str, Any],
    ) -> ProfileData:
        """The same areas with other figures; the area indexes (and the spatial index of
        the polygons) are shared instead of being built again."""
        data = copy.copy(self)
        data.figures, data.rules, data.labels, data.provenance = figures, rules, labels, provenance
        data._index_figures()
        return data

    def _index_areas(self) -> None:
        areas = self.areas.copy()
        for column, parent_of in (("gemeente_code", gemeente_of), ("wijk_code", wijk_of)):
            if column in areas:
                missing = areas[column].isna()
                if missing.any():  # derive only the missing parents (a code parse each)
                    derived = areas.loc[missing, "code"].map(parent_of)
                    areas[column] = areas[column].fillna(derived)
        self.areas = areas
        self._by_code = areas.set_index("code", drop=False)
        self._part_rows: dict[tuple[str, str], dict[Any, list[int]]] = {}
        years = pd.to_numeric(areas["year"], errors="coerce").fillna(0)
        self._area_year = dict(zip(areas["code"], years, strict=True))
        self._area_codes = set(areas["code"])

    def _index_figures(self) -> None:
        self._own = self.figures.groupby(["code", "year"]).indices  # key → row positions
        self._rows = {key: len(rows) for key, rows in self._own.items()}
        self._rows_total = self.figures.groupby("code").size().to_dict()
        self._figure_only: dict[tuple[str, str], list[str]] = {}
        for code in set(self.figures["code"]) - self._area_codes:
            level = level_of(code)
            if level not in ("buurt", "wijk"):
                continue
            for parent in {p for p in (gemeente_of(code), wijk_of(code)) if p and p != code}:
                self._figure_only.setdefault((level, parent), []).append(code)

    def own(self, code: str, year: int) -> pd.DataFrame:
        """The figures the data hold for ``code`` itself in ``year`` (may be empty)."""
        rows = self._own.get((code, year))
        return self.figures.iloc[rows] if rows is not None else self.figures.iloc[0:0]

    def has_area(self, code: str) -> bool:
        return code in self._by_code.index

    def name(self, code: str) -> str:
        if code == NEDERLAND:
            return "Nederland"
        if self.has_area(code):
            return str(self._by_code.at[code, "name"])
        return code

    def level(self, code: str) -> str | None:
        if code == NEDERLAND:
            return "land"
        if self.has_area(code):
            return str(self._by_code.at[code, "level"])
        return level_of(code)

    def _parts(self, code: str) -> tuple[list[list[str]], str]:
        """Candidate divisions of a gemeente or wijk into parts, one code list per dataset
        (plus the codes that only occur in the figures), and the parts' level."""
        level = self.level(code)
        if level not in ("gemeente", "wijk"):
            return [], "gebied"
        key = "gemeente_code" if level == "gemeente" else "wijk_code"
        part_levels = ("buurt", "wijk") if level == "gemeente" else ("buurt",)
        for part_level in part_levels:
            parts = self.areas.iloc[self._part_positions(key, part_level, code)]
            by = parts["dataset"].fillna("") if "dataset" in parts else pd.Series("", parts.index)
            groups = [sorted(g["code"]) for _, g in parts.groupby(by)]
            loose = self._figure_only.get((part_level, code), [])
            if loose:
                groups.append(sorted(loose))
            if groups:
                return groups, part_level
        return [], "gebied"

    def _part_positions(self, key: str, level: str, parent: str) -> list[int]:
        """Row positions in ``areas`` of the areas of ``level`` whose ``key`` column is
        ``parent`` (ascending); the grouping is built once per (key, level)."""
        if (key, level) not in self._part_rows:
            positions = np.flatnonzero(
                (self.areas["level"] == level).fillna(False).to_numpy(dtype=bool)
            )
            grouped: dict[Any, list[int]] = {}
            for position, parent_code in zip(
                positions, self.areas[key].to_numpy()[positions], strict=True
            ):
                if isinstance(parent_code, str):
                    grouped.setdefault(parent_code, []).append(int(position))
            self._part_rows[key, level] = grouped
        return self._part_rows[key, level].get(parent, [])

    def children(self, code: str, year: int | None = None) -> tuple[list[str], str]:
        """The buurten of a gemeente or wijk (wijken when a gemeente has no buurten here).

        Where the data hold several divisions (e.g. the 2014 CBS buurten and a municipal
        division), the one with the most figures in ``year`` is used, so no area counts twice.
        """
        groups, word = self._parts(code)
        if not groups:
            return [], word
        loose = set(self._figure_only.get((word, code), []))
        divisions = [g for g in groups if not set(g) <= loose] if loose else groups

        def score(group: list[str]) -> tuple[int, float, int]:
            if year is None:
                rows = sum(self._rows_total.get(c, 0) for c in group)
            else:
                rows = sum(self._rows.get((c, year), 0) for c in group)
            years = [self._area_year.get(c, 0) for c in group]
            return rows, max(years), len(group)

        best = max(divisions, key=score) if divisions else sorted(loose)
        if loose and all(_CBS_PART.match(c) for c in best):
            best = sorted(set(best) | loose)  # figures without a polygon count too
        if year is not None:  # the buurten the figures of that year have
            with_rows = [c for c in best if self._rows.get((c, year), 0)]
            best = with_rows or best
        return best, word

    def all_children(self, code: str) -> list[str]:
        """Every part of a gemeente or wijk in any division the data hold."""
        return sorted({c for group in self._parts(code)[0] for c in group})


@dataclass
class KeyFigure:
    """One indicator of the profile with its comparisons (values in ``unit``)."""

    indicator: str
    label: str
    theme: str
    value: float
    unit: str
    source: str
    note: str | None = None
    gemeente: float | None = None
    nederland: float | None = None
    omgeving: float | None = None
    aggregation: str = "none"
    """``sum`` (counts: comparing with larger areas makes no sense), ``weighted_mean`` or ``none``."""


@dataclass
class Profile:
    """The area profile; ``to_json()`` gives the CLI's JSON."""

    code: str
    name: str
    level: str
    year: int | None
    codes: list[str]
    units: list[str]
    gemeente_code: str | None
    gemeente_name: str | None
    figures: list[KeyFigure]
    aggregated_from: str | None
    neighbours: list[tuple[str, str]]
    trends: pd.DataFrame
    map_areas: gpd.GeoDataFrame
    map_values: pd.DataFrame
    sources: list[str]
    data_date: str | None
    years: list[int] = field(default_factory=list)

    def figure(self, indicator: str) -> KeyFigure | None:
        return next((f for f in self.figures if f.indicator == indicator), None)

    def by_theme(self) -> list[tuple[str, list[KeyFigure]]]:
        """Key figures grouped by theme, in the order of :data:`THEMES`."""
        themes = [t for t, _ in THEMES] + [OTHER_THEME]
        grouped = [(t, [f for f in self.figures if f.theme == t]) for t in themes]
        return [(t, figs) for t, figs in grouped if figs]

    def to_json(self) -> dict[str, Any]:
        """``{"code","name","level","year","indicators":{name:{"value","unit","source"}}}`` plus
        ``comparisons``, ``notes``, ``aggregated_from``, ``neighbours``, ``sources``, ``data_date``."""
        return {
            "code": self.code,
            "name": self.name,
            "level": self.level,
            "year": self.year,
            "indicators": {
                f.indicator: {"value": _num(f.value), "unit": f.unit, "source": f.source}
                for f in self.figures
            },
            "comparisons": {
                f.indicator: {
                    "gemeente": _num(f.gemeente),
                    "nederland": _num(f.nederland),
                    "omgeving": _num(f.omgeving),
                }
                for f in self.figures
            },
            "notes": {f.indicator: f.note for f in self.figures if f.note},
            "aggregated_from": self.aggregated_from,
            "gemeente": self.gemeente_code,
            "neighbours": [code for code, _ in self.neighbours],
            "sources": self.sources,
            "data_date": self.data_date,
        }


def _num(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


# -- figures of one area or a set -----------------------------------------------------
FIGURE_COLUMNS = ["indicator", "value", "unit", "source", "note", "dataset"]


def area_figures(code: str, year: int, data: ProfileData) -> pd.DataFrame:
    """Figures of one area in ``year``: its own rows, and for indicators it lacks (or holds
    as missing), the aggregate over its buurten with a note saying so."""
    return area_figures_years(code, [year], data).drop(columns="year")


def area_figures_years(code: str, years: list[int], data: ProfileData) -> pd.DataFrame:
    """:func:`area_figures` for several years at once (column ``year`` added); years with
    the same parts are aggregated in one pass."""
    own = data.figures[(data.figures["code"] == code) & data.figures["year"].isin(years)]
    out = pd.DataFrame(
        {
            "year": own["year"].astype(int).to_numpy(),
            "indicator": own["indicator"].to_numpy(),
            "value": own["value"].astype(float).to_numpy(),
            "unit": own["unit"].to_numpy(),
            "source": own["source"].to_numpy(),
            "note": None,
            "dataset": own["dataset"].to_numpy() if "dataset" in own else None,
        },
        columns=["year", *FIGURE_COLUMNS],
    )
    by_parts: dict[tuple[str, ...], tuple[str, list[int]]] = {}
    for year in years:
        children, word = data.children(code, year)
        if children:
            by_parts.setdefault(tuple(children), (word, []))[1].append(year)
    if not by_parts:
        return out
    have = set(
        zip(
            out.loc[out["value"].notna(), "year"],
            out.loc[out["value"].notna(), "indicator"],
            strict=True,
        )
    )
    parts = []
    for part_codes, (word, part_years) in by_parts.items():
        rows = data.figures[data.figures["year"].isin(part_years)]
        agg = aggregate_figures(rows, list(part_codes), data.rules, word)
        keep = [
            (y, i) not in have and v == v
            for y, i, v in zip(agg["year"], agg["indicator"], agg["value"], strict=True)
        ]
        agg = agg[keep]
        if not agg.empty:
            note = "berekend uit de " + ("wijken" if word == "wijk" else "buurten") + ": "
            parts.append(
                agg.assign(note=note + agg["note"], dataset=None)[["year", *FIGURE_COLUMNS]]
            )
    if not parts:
        return out
    agg = pd.concat(parts, ignore_index=True)
    replaced = set(zip(agg["year"], agg["indicator"], strict=True))
    mask = [(y, i) not in replaced for y, i in zip(out["year"], out["indicator"], strict=True)]
    out = out[mask]
    return pd.concat([out, agg], ignore_index=True) if not out.empty else agg


def _unit_word(units: Iterable[str], data: ProfileData) -> str:
    """The Dutch word for the units' level when they share one (``buurt``), else ``gebied``."""
    levels = {data.level(u) for u in units}
    level = levels.pop() if len(levels) == 1 else None
    return LEVEL_WORD.get(level, "gebied") if level is not None else "gebied"


def expand_units(codes: Iterable[str], year: int, data: ProfileData) -> list[str]:
    """The areas a set is aggregated over: each code itself when it has its own figures for
    ``year`` (or no parts in the data), else its buurten; buurten whose wijk or gemeente is
    already in the set are dropped so nothing counts twice."""
    units: list[str] = []
    for code in codes:
        children, _ = data.children(code, year)
        if children and data.own(code, year).empty:
            units.extend(children)
        else:
            units.append(code)
    units = list(dict.fromkeys(units))
    unit_set = set(units)
    by_code = data._by_code
    kept = []
    for code in units:
        parents = set()
        if code in by_code.index:
            parents = {by_code.at[code, "wijk_code"], by_code.at[code, "gemeente_code"]} - {code}
        if not (parents & unit_set):
            kept.append(code)
    return kept


def set_figures(codes: list[str], year: int, data: ProfileData) -> tuple[pd.DataFrame, list[str]]:
    """Figures of a set of areas in ``year`` aggregated over its units; returns (figures, units)."""
    units = expand_units(codes, year, data)
    word = _unit_word(units, data)
    if len(units) == 1:
        return area_figures(units[0], year, data), units
    agg = aggregate_figures(data.figures[data.figures["year"] == year], units, data.rules, word)
    agg = agg.assign(dataset=None)[FIGURE_COLUMNS]
    return agg, units


# -- neighbours -----------------------------------------------------------------------
def neighbours(codes: list[str], data: ProfileData, level: str | None = None) -> list[str]:
    """Areas of ``level`` (default: the level of the first code) that touch the set.

    Touching: within :data:`NEIGHBOUR_BUFFER_M` m of the union of the set's polygons
    (RD New) while overlapping it by at most :data:`MAX_OVERLAP` of their area.
    Candidates from the same dataset as the set are preferred when there are any.
    """
    areas = data.areas
    own = areas[areas["code"].isin(codes)]
    if own.empty or own.geometry.isna().all():
        parts = [c for code in codes for c in data.children(code)[0]]
        own = areas[areas["code"].isin(parts)]
    if own.empty:
        return []
    level = level or data.level(codes[0])
    union = own.geometry.union_all()
    excluded = set(codes) | set(own["code"])
    # the spatial index of all areas is built once per ProfileData; filter the few hits
    hits = areas.iloc[np.sort(areas.sindex.query(union.buffer(NEIGHBOUR_BUFFER_M), "intersects"))]
    near = hits[(hits["level"] == level) & ~hits["code"].isin(excluded)]
    near = near[near.geometry.notna() & ~near.geometry.is_empty]
    if near.empty:
        return []
    overlap = near.geometry.intersection(union).area / near.geometry.area.where(
        near.geometry.area > 0
    )
    near = near[overlap.fillna(0) <= MAX_OVERLAP]
    if "dataset" in near and "dataset" in own:
        same = near[near["dataset"].isin(set(own["dataset"]))]
        near = same if not same.empty else near
    return sorted(near["code"])


# -- the profile ----------------------------------------------------------------------
def available_years(codes: list[str], data: ProfileData) -> list[int]:
    """Years with figures for the set itself or for its parts."""
    related = set(codes)
    for code in codes:
        related.update(data.all_children(code))
    years = data.figures.loc[data.figures["code"].isin(related), "year"]
    return sorted(int(y) for y in years.dropna().unique())


def _target_figures(
    codes: list[str], year: int, data: ProfileData
) -> tuple[pd.DataFrame, list[str]]:
    if len(codes) == 1:
        figs = area_figures(codes[0], year, data)
        children, _ = data.children(codes[0], year)
        units = children if figs["note"].notna().any() else [codes[0]]
        return figs, units
    return set_figures(codes, year, data)


def _values(frame: pd.DataFrame) -> dict[str, float]:
    return dict(zip(frame["indicator"], frame["value"].astype(float), strict=True))


def _aggregated_from(
    codes: list[str], figs: pd.DataFrame, units: list[str], data: ProfileData
) -> str | None:
    """Dutch sentence when (some) figures are computed from parts, else None."""
    word = _unit_word(units, data)
    plural = {"buurt": "buurten", "wijk": "wijken", "gemeente": "gemeenten"}.get(word, "gebieden")
    if len(codes) > 1:
        return f"berekend uit {len(units)} {plural if len(units) != 1 else word}"
    n_agg = int(figs["note"].notna().sum())
    if n_agg == 0:
        return None
    if n_agg == len(figs):
        return f"alle cijfers berekend uit {len(units)} {plural}: dit gebied heeft geen eigen rij"
    return (
        f"{n_agg} van {len(figs)} cijfers berekend uit {len(units)} {plural} "
        "(waar dit gebied geen eigen cijfer heeft)"
    )


def build_profile(
    codes: list[str] | str,
    data: ProfileData,
    year: int | None = None,
    name: str | None = None,
) -> Profile:
    """The profile of one area code, or of a set of codes (a gebiedsafbakening).

    ``year`` None: the latest year with figures. Raises :class:`NotInStore` (Dutch) when a
    code is neither an area nor has figures, or the year holds no figures for the area.
    """
    codes = [codes] if isinstance(codes, str) else list(dict.fromkeys(codes))
    _check_known(codes, data)
    years = available_years(codes, data)
    if year is None:
        if not years:
            raise NotInStore(f"Voor {', '.join(codes)} staan geen cijfers in de lokale opslag.")
        year = years[-1]
    elif year not in years:
        known = ", ".join(map(str, years)) or "geen"
        raise NotInStore(f"Geen cijfers voor {', '.join(codes)} in {year} (wel in: {known}).")

    figs, units = _target_figures(codes, year, data)
    single = len(codes) == 1
    level = data.level(codes[0]) if single else "gebiedsafbakening"
    gm = _gemeente(codes, data)
    comparisons = _comparisons(codes, year, gm, level, data)
    neigh = neighbours(codes, data, level=data.level(units[0]) if not single else None)
    key_figures = _key_figures(figs, comparisons, data, year, neigh)
    return Profile(
        code=codes[0] if single else ",".join(codes),
        name=name or (data.name(codes[0]) if single else _set_name(units, data)),
        level=str(level),
        year=int(year),
        codes=codes,
        units=units,
        gemeente_code=gm,
        gemeente_name=data.name(gm) if gm else None,
        figures=key_figures,
        aggregated_from=_aggregated_from(codes, figs, units, data),
        neighbours=[(c, data.name(c)) for c in neigh],
        trends=trends(codes, data, gm, years),
        map_areas=_map_areas(units, neigh, data),
        map_values=_map_values(units + neigh, year, data),
        sources=_sources(figs, list(dict.fromkeys(codes + units)), year, data),
        data_date=_data_date(list(dict.fromkeys(codes + units)), year, data),
        years=years,
    )


def _set_name(units: list[str], data: ProfileData) -> str:
    word = _unit_word(units, data)
    plural = {"buurt": "buurten", "wijk": "wijken", "gemeente": "gemeenten"}.get(word, "gebieden")
    return f"Gebiedsafbakening ({len(units)} {plural if len(units) != 1 else word})"


def _check_known(codes: list[str], data: ProfileData) -> None:
    known_figs = set(data.figures["code"])
    unknown = [
        c
        for c in codes
        if not data.has_area(c) and c not in known_figs and not data.all_children(c)
    ]
    if unknown:
        raise NotInStore(
            f"Onbekend gebied: {', '.join(unknown)} staat niet in de lokale opslag "
            "(importeer of haal eerst gegevens op)."
        )


def _gemeente(codes: list[str], data: ProfileData) -> str | None:
    gms = set()
    for code in codes:
        if data.level(code) in ("gemeente", "land"):
            return None
        gm = data._by_code.at[code, "gemeente_code"] if data.has_area(code) else gemeente_of(code)
        gms.add(gm)
    return gms.pop() if len(gms) == 1 and None not in gms else None


def _comparisons(
    codes: list[str], year: int, gm: str | None, level: str | None, data: ProfileData
) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    if gm:
        out["gemeente"] = _values(area_figures(gm, year, data))
    if level != "land":
        out["nederland"] = _values(data.own(NEDERLAND, year))
    return out


def _key_figures(
    figs: pd.DataFrame,
    comparisons: dict[str, dict[str, float]],
    data: ProfileData,
    year: int,
    neigh: list[str],
) -> list[KeyFigure]:
    omgeving = _values(set_figures(neigh, year, data)[0]) if neigh else {}
    result = []
    for row in figs.itertuples(index=False):
        result.append(
            KeyFigure(
                indicator=row.indicator,
                label=data.labels.get(row.indicator) or fallback_label(row.indicator),
                theme=theme_of(row.indicator),
                value=float(row.value),
                unit=str(row.unit or ""),
                source=str(row.source or ""),
                note=row.note if isinstance(row.note, str) else None,
                gemeente=comparisons.get("gemeente", {}).get(row.indicator),
                nederland=comparisons.get("nederland", {}).get(row.indicator),
                omgeving=omgeving.get(row.indicator),
                aggregation=_aggregation(row.indicator, data),
            )
        )
    return sorted(result, key=lambda f: (_ORDER.get(f.indicator, 10_000), f.indicator))


def _aggregation(indicator: str, data: ProfileData) -> str:
    rule = data.rules.get(indicator)
    return rule.aggregation if rule else "none"


def _target_years(codes: list[str], years: list[int], data: ProfileData) -> pd.DataFrame:
    """Figures of the area or set for every year in ``years`` (column ``year``)."""
    if len(codes) == 1:
        return area_figures_years(codes[0], years, data)
    by_units: dict[tuple[str, ...], list[int]] = {}
    for year in years:
        by_units.setdefault(tuple(expand_units(codes, year, data)), []).append(year)
    frames = []
    for units, unit_years in by_units.items():
        word = _unit_word(units, data)
        rows = data.figures[data.figures["year"].isin(unit_years)]
        frames.append(aggregate_figures(rows, list(units), data.rules, word))
    return (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["year", "indicator", "value", "unit"])
    )


def trends(codes: list[str], data: ProfileData, gm: str | None, years: list[int]) -> pd.DataFrame:
    """Long frame ``role, code, year, indicator, value, unit`` over ``years``; ``role`` is
    ``gebied``, ``gemeente`` or ``nederland``."""
    rows = [_target_years(codes, years, data).assign(role="gebied", code=",".join(codes))]
    if gm:
        rows.append(area_figures_years(gm, years, data).assign(role="gemeente", code=gm))
    nl = data.figures[(data.figures["code"] == NEDERLAND) & data.figures["year"].isin(years)]
    if not nl.empty:
        rows.append(nl.assign(role="nederland"))
    columns = ["role", "code", "year", "indicator", "value", "unit"]
    frame = (
        pd.concat([r[columns] for r in rows if not r.empty], ignore_index=True)
        if any(not r.empty for r in rows)
        else pd.DataFrame(columns=columns)
    )
    frame = frame.dropna(subset=["value"]).astype({"year": int})
    return frame.sort_values(["role", "indicator", "year"]).reset_index(drop=True)


def _map_areas(units: list[str], neigh: list[str], data: ProfileData) -> gpd.GeoDataFrame:
    areas = data.areas
    shown = areas[areas["code"].isin(units + neigh)][["code", "name", "level", "geometry"]].copy()
    shown["role"] = shown["code"].map(lambda c: "gebied" if c in set(units) else "omgeving")
    return gpd.GeoDataFrame(shown.reset_index(drop=True), geometry="geometry", crs=areas.crs)


def _map_values(codes: list[str], year: int, data: ProfileData) -> pd.DataFrame:
    """``code, indicator, value, unit`` for every map area (own rows, else from its parts)."""
    frames = []
    for code in dict.fromkeys(codes):
        figs = area_figures(code, year, data)
        if not figs.empty:
            frames.append(figs[["indicator", "value", "unit"]].assign(code=code))
    if not frames:
        return pd.DataFrame(columns=["code", "indicator", "value", "unit"])
    return pd.concat(frames, ignore_index=True)[["code", "indicator", "value", "unit"]]


def _datasets(codes: list[str], year: int, data: ProfileData) -> list[str]:
    """Datasets that hold figures of ``codes`` in ``year``."""
    if "dataset" not in data.figures:
        return []
    rows = data.figures[data.figures["code"].isin(codes) & (data.figures["year"] == year)]
    return list(dict.fromkeys(rows["dataset"].dropna()))


def _sources(figs: pd.DataFrame, codes: list[str], year: int, data: ProfileData) -> list[str]:
    """Citation per dataset (provenance) behind the figures, else the figures' source text."""
    lines = [
        data.provenance[ds].citation()
        for ds in _datasets(codes, year, data)
        if ds in data.provenance
    ]
    if not lines:
        lines = sorted({s for src in figs["source"].dropna() for s in str(src).split("; ")})
    return list(dict.fromkeys(lines))


def _data_date(codes: list[str], year: int, data: ProfileData) -> str | None:
    """The latest retrieval date (ISO) of the datasets behind the figures."""
    dates = [
        str(data.provenance[ds].retrieved)
        for ds in _datasets(codes, year, data)
        if ds in data.provenance and getattr(data.provenance[ds], "retrieved", None)
    ]
    return max(dates) if dates else None


# -- reading from a store -------------------------------------------------------------
def area_index(store: Any) -> ProfileData:
    """All areas of an opened store, indexed, without figures: pass it to :func:`collect`
    to share the indexes (and the spatial index) between profiles of the same store state."""
    return ProfileData(store.areas(), _empty_figures())


def collect(store: Any, codes: list[str] | str, areas: ProfileData | None = None) -> ProfileData:
    """Read what a profile of ``codes`` needs from an opened store.

    All areas (to find parts and neighbours) and the figures of the codes, their parts,
    their gemeente and its parts, their neighbours and ``NL01``; parts that have figures
    but no polygon (e.g. buurt rows from a table) are found by their code. ``areas``:
    :func:`area_index` of the same store state, to reuse (else built here).
    """
    codes = [codes] if isinstance(codes, str) else list(codes)
    probe = areas if areas is not None else area_index(store)
    wanted = set(codes) | {NEDERLAND}
    for code in codes:
        wanted.update(probe.all_children(code))
        gm = probe._by_code.at[code, "gemeente_code"] if probe.has_area(code) else gemeente_of(code)
        if gm:
            wanted.add(gm)
            wanted.update(probe.all_children(gm))
    known = [c for c in codes if probe.has_area(c)]
    if known:
        for n in neighbours(known, probe, level=probe.level(known[0])):
            wanted.add(n)
            wanted.update(probe.all_children(n))
    loose = {
        c for c in store.figure_codes() - probe._area_codes if {gemeente_of(c), wijk_of(c)} & wanted
    }
    # filtered per dataset before concatenating: far cheaper than reading all figures
    figures = store.figures(codes=sorted(wanted | loose)).reset_index(drop=True)
    provenance = {ds: store.provenance(ds) for ds in figures.get("dataset", pd.Series()).unique()}
    return probe.with_figures(
        figures,
        rules=rules_from_registry(),
        labels=_labels(),
        provenance={k: v for k, v in provenance.items() if v is not None},
    )


def _labels() -> dict[str, str]:
    from transitieatlas.indicators import load_labels

    return load_labels()


def _empty_figures() -> pd.DataFrame:
    return pd.DataFrame(columns=["code", "year", "indicator", "value", "unit", "source", "dataset"])
