"""What the store offers, shaped for choosing an area: gemeenten, wijken and buurten with names.

These functions read from a :class:`~transitieatlas.store.opendata.Store` and return plain frames;
the pages and the CLI call them, and they are tested without Streamlit.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from transitieatlas.areas.codes import area_ha, gemeente_of, wijk_of
from transitieatlas.frames import COARSE_GRID_M
from transitieatlas.store.opendata import Store
from transitieatlas.text import format_value

DEFAULT_GEMEENTE = "GM0080"  # Leeuwarden: the default area of the app


def gemeenten(store: Store) -> pd.DataFrame:
    """Gemeenten for which the store holds buurten: ``code, name, buurten`` sorted by name.

    The name comes from the store's gemeente polygons or figures; else the code is shown.
    """
    buurten = store.areas(level="buurt")
    if buurten.empty:
        return pd.DataFrame(columns=["code", "name", "buurten"])
    gm = buurten["gemeente_code"].fillna(buurten["code"].map(gemeente_of))
    counts = gm.value_counts().rename_axis("code").reset_index(name="buurten")
    names = store.areas(level="gemeente", codes=counts["code"]).set_index("code")["name"]
    counts["name"] = counts["code"].map(names).fillna(counts["code"])
    return counts[["code", "name", "buurten"]].sort_values("name").reset_index(drop=True)


def default_gemeente(options: pd.DataFrame) -> str | None:
    """Leeuwarden when present, else the gemeente with the most buurten."""
    if options.empty:
        return None
    if DEFAULT_GEMEENTE in set(options["code"]):
        return DEFAULT_GEMEENTE
    return str(options.sort_values("buurten", ascending=False)["code"].iloc[0])


def buurten_of(store: Store, gemeente: str) -> gpd.GeoDataFrame:
    """The buurten of one gemeente (EPSG:28992), with ``wijk_code`` filled from the code."""
    buurten = store.areas(level="buurt", gemeente=gemeente)
    buurten["wijk_code"] = buurten["wijk_code"].fillna(buurten["code"].map(wijk_of))
    return buurten.sort_values("name").reset_index(drop=True)


def wijken_of(store: Store, buurten: pd.DataFrame) -> pd.DataFrame:
    """Wijken that hold the given buurten: ``code, name`` (name from the store, else the code)."""
    codes = sorted(c for c in buurten["wijk_code"].dropna().unique())
    names = (
        store.areas(level="wijk", codes=codes).set_index("code")["name"]
        if codes
        else pd.Series(dtype=str)
    )
    return pd.DataFrame({"code": codes, "name": [names.get(c, c) for c in codes]})


def toggle(selection: list[str], code: str) -> list[str]:
    """Add ``code`` to the selection, or remove it when it is already there (a map click)."""
    return [c for c in selection if c != code] if code in selection else [*selection, code]


def expand_to_buurten(codes: list[str], buurten: pd.DataFrame) -> list[str]:
    """Buurt codes of a saved afbakening: wijk codes become their buurten; unknown codes drop out."""
    known = set(buurten["code"])
    result: list[str] = []
    for code in codes:
        picked = (
            buurten.loc[buurten["wijk_code"] == code, "code"].tolist()
            if code.startswith("WK")
            else [code]
        )
        result.extend(c for c in picked if c in known and c not in result)
    return result


def selection_summary(buurten: gpd.GeoDataFrame, selection: list[str]) -> str:
    """One Dutch line about the chosen buurten: how many and their area in ha (RD polygons)."""
    chosen = buurten[buurten["code"].isin(selection)]
    if chosen.empty:
        return "Nog geen buurten gekozen."
    hectares = float(area_ha(chosen.geometry).sum())
    word = "buurt" if len(chosen) == 1 else "buurten"
    coarse = ""
    if "precision_m" in chosen:  # polygons from a coarse source (e.g. the 2014 TopoJSON)
        grid = pd.to_numeric(chosen["precision_m"], errors="coerce")
        if grid.gt(COARSE_GRID_M).any():
            coarse = f" (grove kaart, raster ~{grid.max():.0f} m: oppervlakte onnauwkeurig)"
    return f"Gekozen: {len(chosen)} {word}, samen {format_value(hectares, 'ha', 0)}{coarse}."
