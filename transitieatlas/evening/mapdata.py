"""One indicator over a set of areas, read from the local store, ready to draw on a map.

The bridge between :mod:`transitieatlas.store.opendata` and the pure map export: picks the
areas of a gemeente (its buurten, else its wijken), a wijk (its buurten) or one buurt, the
indicator's values for the newest year (or the year asked), its Dutch label and unit from
``data/indicators.csv``, and the provenance of the data (source lines and data date).
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from transitieatlas import indicators as registry
from transitieatlas.areas.codes import level_of, validate_code
from transitieatlas.errors import InputError, NotInStore
from transitieatlas.store.opendata import Store


@dataclass
class MapData:
    """What one exported map shows.

    ``areas``: canonical areas frame (RD New); ``values``: indicator value per area code
    (NaN = no value); ``unit`` as in the store (``%``, ``kWh``, ``aantal`` …); ``sources``:
    one citation line per dataset used; ``data_date``: ISO date the data were retrieved.
    """

    area_code: str
    area_name: str
    indicator: str
    label: str
    unit: str
    year: int
    areas: gpd.GeoDataFrame
    values: pd.Series
    sources: list[str]
    data_date: str
    datasets: list[str]

    @property
    def names(self) -> dict[str, str]:
        """Area code → name."""
        return dict(zip(self.areas["code"], self.areas["name"], strict=True))

    @property
    def title(self) -> str:
        """Dutch map title, e.g. ``Koopwoningen · Leeuwarden · 2023``."""
        return f"{self.label} · {self.area_name} · {self.year}"


def map_areas(store: Store, area: str) -> tuple[str, gpd.GeoDataFrame]:
    """Name of ``area`` and the areas drawn for it (buurten of a gemeente or wijk; the buurt).

    Raises :class:`NotInStore` (Dutch) when the store has no polygons for it.
    """
    code = validate_code(area)
    level = level_of(code)
    if level == "gemeente":
        parts = store.areas(level="buurt", gemeente=code)
        if parts.empty:
            parts = store.areas(level="wijk", gemeente=code)
    elif level == "wijk":
        buurten = store.areas(level="buurt", gemeente="GM" + code[2:6])
        parts = buurten[buurten["wijk_code"] == code]
    else:
        parts = store.areas(codes=[code])
    parts = parts[parts.geometry.notna() & ~parts.geometry.is_empty]
    if parts.empty:
        raise NotInStore(
            f"De opslag heeft geen kaart van {code}. Importeer eerst de buurten, "
            "bijvoorbeeld met: transitieatlas mirror"
        )
    own = store.areas(codes=[code])
    name = str(own["name"].iloc[0]) if not own.empty else code
    return name, parts.reset_index(drop=True)


def available_indicators(store: Store, codes: list[str]) -> list[str]:
    """Indicators with at least one value for ``codes``, sorted."""
    figures = store.figures(codes=codes)
    return sorted(figures.dropna(subset=["value"])["indicator"].unique())


def load_map_data(store: Store, area: str, indicator: str, year: int | None = None) -> MapData:
    """The map of ``indicator`` over ``area`` (see the module docstring).

    Raises :class:`InputError` in Dutch, naming the indicators the store does have for the
    area, when ``indicator`` has no values there (or not in ``year``).
    """
    name, areas = map_areas(store, area)
    codes = areas["code"].tolist()
    figures = store.figures(codes=codes, indicators=[indicator]).dropna(subset=["value"])
    if year is not None:
        figures = figures[figures["year"] == year]
    if figures.empty:
        known = available_indicators(store, codes)
        when = f" in {year}" if year is not None else ""
        raise InputError(
            f"De opslag heeft geen waarden van '{indicator}' voor {name}{when}. "
            f"Kies uit: {', '.join(known) or 'geen (importeer eerst gegevens)'}"
        )
    chosen = int(figures["year"].max())
    rows = figures[figures["year"] == chosen]
    values = rows.set_index("code")["value"].astype(float).reindex(codes)
    unit = str(rows["unit"].dropna().iloc[0]) if rows["unit"].notna().any() else ""
    known_names = registry.load_indicators()
    label = known_names[indicator].label_nl if indicator in known_names else indicator
    datasets = [*dict.fromkeys([*rows["dataset"], *areas["dataset"]])]
    provenances = [p for p in (store.provenance(d) for d in datasets) if p is not None]
    sources = [*dict.fromkeys(p.citation() for p in provenances)]
    data_date = max((p.retrieved for p in provenances), default="onbekend")
    return MapData(
        area_code=validate_code(area),
        area_name=name,
        indicator=indicator,
        label=label,
        unit=unit,
        year=chosen,
        areas=areas,
        values=values,
        sources=sources,
        data_date=data_date,
        datasets=datasets,
    )
