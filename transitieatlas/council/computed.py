"""Computed dashboard indicators: heat demand and demand groups of the council's area.

The bridge between the dashboard and the store, through the same services the ``heat`` and
``segment`` CLIs use (:mod:`transitieatlas.heat.service`,
:mod:`transitieatlas.segmentation.service`), so a dashboard figure equals what those
commands give for the same area:

- ``warmtevraag`` (``method:measure``): heat demand of the dwellings at buurt level for each
  gemeente of the area, summed over the area's buurten (a buurt code, or every buurt of a
  wijk or gemeente code); one point per year the method has figures for
  (:attr:`HeatMethod.year_from`), at most ``dashboard_heat_max_years`` (the newest);
  inputs without any year give one point dated today;
- ``vraaggroep`` (``group:measure``): the demand groups of the default scheme at the finest
  level the store has (pand, cel, buurt), per gemeente or buurt code of the area (a wijk is
  its buurten), summed. Groups have no years: the one point is dated today.

Method note: ``docs/raad.md``; constants: ``data/council_constants.csv``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from transitieatlas.areas.codes import gemeente_of, level_of, wijk_of
from transitieatlas.council import constants
from transitieatlas.council import dashboard as dash
from transitieatlas.errors import InputError, NotInStore
from transitieatlas.heat import methods as heat_methods
from transitieatlas.heat import service as heat_service


def group_names() -> list[str]:
    """The demand groups of the default scheme (in its order, remainder last)."""
    from transitieatlas.segmentation import default_scheme

    return [g for g, _ in default_scheme().groups]


def _dwellings(table: Any) -> float:
    """Dwellings of the buurten in ``table`` (those with a heat demand)."""
    return float(table["dwellings"].sum())


def in_area(code: str, area_codes: Sequence[str]) -> bool:
    """True when buurt ``code`` lies in the area (itself, its wijk or its gemeente listed).

    >>> in_area("BU00801001", ["GM0080"]), in_area("BU00801001", ["WK008011"])
    (True, False)
    """
    return code in area_codes or bool({gemeente_of(code), wijk_of(code)} & set(area_codes))


class Computer:
    """Computes the computed indicators of one area; each heat run and each segmentation is
    done once per dashboard (several indicators share them)."""

    def __init__(self, store: Any, codes: Sequence[str], today: date | None = None) -> None:
        self.store = store
        self.codes = list(codes)
        self.today = today or date.today()
        self._heat: dict[tuple[str, str, int | None], Any] = {}
        self._groups: dict[str, list[dict[str, Any]]] = {}
        self.last_gemeente: float | None = None

    # -- heat demand -----------------------------------------------------------------------
    def heat(self, spec: str) -> tuple[list[dash.Point], str]:
        """Points of a ``warmtevraag`` indicator and a Dutch note when there are none
        (the gemeente comparison of the latest year is then in :attr:`last_gemeente`)."""
        method, measure = dash.parse_computed("warmtevraag", spec)
        gemeenten = sorted({g for g in map(gemeente_of, self.codes) if g})
        if not gemeenten:
            return [], "geen gemeente, wijk of buurt in dit gebied"
        totals: dict[int | None, list[float]] = {}
        notes = []
        for gemeente in gemeenten:
            try:
                for year, *sums in self._heat_years(gemeente, method):
                    total = totals.setdefault(year, [0.0, 0.0, 0.0, 0.0])
                    for i, part in enumerate(sums):
                        total[i] += part
            except (NotInStore, InputError) as err:
                notes.append(str(err))
        values = {
            year: value
            for year, (gj, dwellings, _, _) in totals.items()
            if (value := dash.heat_value(measure, gj, dwellings)) is not None
        }
        points = dash.year_points({y: v for y, v in values.items() if y is not None})
        if not points and None in values:  # inputs without a year: dated today
            points = [
                dash.Point(self.today.isoformat(), dash.decimal_year(self.today), values[None])
            ]
        if not points and not notes:
            notes.append("geen warmtevraag bekend voor de buurten van dit gebied")
        self.last_gemeente = None
        if points and set(self.codes) != set(gemeenten):  # the whole gemeente, latest year
            latest = totals[int(points[-1].label) if None not in values else None]
            self.last_gemeente = dash.heat_value(measure, latest[2], latest[3])
        return points, " ".join(notes)

    def _heat_years(
        self, gemeente: str, method: str
    ) -> list[tuple[int | None, float, float, float, float]]:
        """``(year, GJ, dwellings, GJ, dwellings)`` of the area's buurten in ``gemeente`` and
        of all its buurten, per year (None when the method's inputs carry no year)."""
        spec = heat_methods.get(method)
        buurten = heat_service.load_areas(self.store, gemeente, "buurt")
        mine = [c for c in buurten["code"] if in_area(c, self.codes)]
        if not mine:
            return []
        figures = self.store.figures(codes=mine)
        years = figures.loc[figures["indicator"].isin(spec.year_from), "year"].dropna()
        newest = sorted({int(y) for y in years})[
            -int(constants.value("dashboard_heat_max_years")) :
        ]
        wanted: list[int | None] = [*newest] or [None]
        out = []
        for year in wanted:
            key = (gemeente, method, year)
            if key not in self._heat:
                self._heat[key], _ = heat_service.compute(
                    self.store, gemeente, "buurt", method, year
                )
            table = self._heat[key]
            rows = table[table["code"].isin(mine)]
            gj = rows["heat_demand_gj"].sum(min_count=1)
            when = rows["year"].dropna()
            if not math.isnan(float(gj)):
                found = int(when.iloc[0]) if len(when) else None
                known = table[table["heat_demand_gj"].notna()]  # per dwelling: same buurten
                out.append(
                    (found, float(gj), _dwellings(known[known["code"].isin(mine)]),
                     float(known["heat_demand_gj"].sum()), _dwellings(known))
                )  # fmt: skip
        return out

    # -- demand groups ---------------------------------------------------------------------
    def group(self, spec: str) -> tuple[list[dash.Point], str]:
        """The one point (dated today) of a ``vraaggroep`` indicator and a Dutch note."""
        group, measure = dash.parse_computed("vraaggroep", spec)
        rows: list[dict[str, Any]] = []
        notes = []
        for part in self._segment_parts():
            try:
                rows += self._segment(part)
            except (NotInStore, InputError) as err:
                notes.append(str(err))
        if not self._segment_parts():
            notes.append(
                "vraaggroepen gaan over CBS-codes (GM…, WK…, BU…); dit gebied heeft ze niet"
            )
        value = dash.group_value(rows, group, measure)
        if value is None:
            if rows:
                notes.append(
                    f"de bron geeft geen {dash.GROUP_MEASURES[measure][1]} voor deze groep"
                )
            return [], " ".join(notes)
        day = self.today
        return [dash.Point(day.isoformat(), dash.decimal_year(day), value)], " ".join(notes)

    def _segment_parts(self) -> list[str]:
        """The gemeente and buurt codes to segment (a wijk code becomes its buurten)."""
        parts: list[str] = []
        for code in self.codes:
            level = level_of(code)
            if level == "wijk":
                buurten = self.store.areas(level="buurt", gemeente=gemeente_of(code))
                parts += [c for c in buurten["code"] if wijk_of(c) == code]
            elif level in ("gemeente", "buurt") and code[:2] in ("GM", "BU") and "-" not in code:
                parts.append(code)
        return list(dict.fromkeys(parts))

    def _segment(self, code: str) -> list[dict[str, Any]]:
        if code not in self._groups:
            from transitieatlas.segmentation import default_scheme, segment

            result = segment(self.store, code, default_scheme())
            self._groups[code] = [r.row() for r in result.results]
        return self._groups[code]


_CACHE: dict[tuple[Any, ...], tuple[list[dash.Point], str, dict[str, float | None]]] = {}
CACHE_SIZE = 64
"""Computed rows kept per process, keyed by the store's folder and version (every import
changes it), the area, the indicator and the day: the Dashboard page reruns often."""


def points_for(
    computer: Computer, indicator: dict[str, Any]
) -> tuple[list[dash.Point], str, dict[str, float | None]]:
    """Points, note and comparisons (``gemeente``: heat demand only) of a computed
    ``indicator`` (its ``kind`` and ``store_indicator``)."""
    store = computer.store
    key = (
        str(getattr(store, "root", id(store))),
        store.version() if hasattr(store, "version") else None,
        tuple(computer.codes),
        indicator["kind"],
        indicator["store_indicator"],
        computer.today,
    )
    if key not in _CACHE:
        if len(_CACHE) >= CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        if indicator["kind"] == "warmtevraag":
            points, note = computer.heat(indicator["store_indicator"])
            _CACHE[key] = (points, note, {"gemeente": computer.last_gemeente})
        else:
            points, note = computer.group(indicator["store_indicator"])
            _CACHE[key] = (points, note, {})
    points, note, comparisons = _CACHE[key]
    return list(points), note, dict(comparisons)


def source_text(indicator: dict[str, Any]) -> str:
    """The indicator's own source, else the method text of its kind."""
    if indicator["source"]:
        return str(indicator["source"])
    method, _ = dash.parse_computed(indicator["kind"], indicator["store_indicator"])
    label = heat_methods.METHODS[method].label if method in heat_methods.METHODS else ""
    return dash.computed_method(indicator["kind"], indicator["store_indicator"], label)
