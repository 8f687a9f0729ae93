"""A small hand-made store for the profile tests (shared by the profile, export and CLI tests).

Gemeente GM9999 "Testdorp" (a 3 × 1 km strip) with two wijken and four buurten of 1 km²:

    x (km)   0-1          1-2          2-3          (10-11: far away, not a neighbour)
             BU99990001   BU99990002   BU99990101   BU99990102
             wijk WK999900             wijk WK999901
    dwellings 100          300          600          50
    koop %    20           60           50           10
    WOZ (k€)  200          300          NaN          400
    inwoners  250 (2020: 200) 700       1500         100

GM9999 has its own row only for 2021 (inwoners 2600); NL01 has rows for 2021.
Figures exist for 2020 and 2021 (2020: buurten only).
"""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from transitieatlas.frames import ImportBatch, Provenance
from transitieatlas.store.opendata import Store

GM = "GM9999"
B1, B2, B3, B4 = "BU99990001", "BU99990002", "BU99990101", "BU99990102"
SRC = "CBS Kerncijfers wijken en buurten (test)"


def _areas() -> gpd.GeoDataFrame:
    km = 1000.0
    x0, y0 = 200_000.0, 500_000.0
    rows = [
        (GM, "Testdorp", "gemeente", GM, None, box(x0, y0, x0 + 3 * km, y0 + km)),
        ("WK999900", "Oud", "wijk", GM, None, box(x0, y0, x0 + 2 * km, y0 + km)),
        ("WK999901", "Nieuw", "wijk", GM, None, box(x0 + 2 * km, y0, x0 + 3 * km, y0 + km)),
        (B1, "Kerkbuurt", "buurt", GM, "WK999900", box(x0, y0, x0 + km, y0 + km)),
        (B2, "Molenbuurt", "buurt", GM, "WK999900", box(x0 + km, y0, x0 + 2 * km, y0 + km)),
        (B3, "Nieuwland", "buurt", GM, "WK999901", box(x0 + 2 * km, y0, x0 + 3 * km, y0 + km)),
        (B4, "Buitengebied", "buurt", GM, "WK999901", box(x0 + 10 * km, y0, x0 + 11 * km, y0 + km)),
    ]
    frame = pd.DataFrame(
        rows, columns=["code", "name", "level", "gemeente_code", "wijk_code", "geometry"]
    )
    frame["year"] = 2021
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:28992")


def _figures() -> pd.DataFrame:
    per_buurt = {
        B1: (100, 20, 200, 250),
        B2: (300, 60, 300, 700),
        B3: (600, 50, math.nan, 1500),
        B4: (50, 10, 400, 100),
    }
    rows = []
    for year in (2020, 2021):
        for code, (dw, koop, woz, inw) in per_buurt.items():
            if year == 2020 and code == B1:
                inw = 200
            rows += [
                (code, year, "woningvoorraad", dw, "aantal"),
                (code, year, "pct_koopwoningen", koop, "%"),
                (code, year, "gem_woz_woning", woz, "x 1 000 euro"),
                (code, year, "inwoners", inw, "aantal"),
            ]
    rows += [
        (GM, 2021, "inwoners", 2600, "aantal"),
        ("NL01", 2021, "inwoners", 17_900_000, "aantal"),
        ("NL01", 2021, "pct_koopwoningen", 57.0, "%"),
    ]
    frame = pd.DataFrame(rows, columns=["code", "year", "indicator", "value", "unit"])
    frame["value"] = frame["value"].astype(float)
    frame["source"] = SRC
    return frame


def make_store(root) -> Store:
    """Write the test areas and figures into a store at ``root``."""
    store = Store(root)
    batch = ImportBatch()
    batch.add(
        "areas",
        _areas(),
        Provenance(
            "CBS wijk- en buurtkaart (test)",
            "test-areas",
            2021,
            "2026-01-02",
            "Bron: CBS, CC BY 4.0",
        ),
    )
    batch.add(
        "figures",
        _figures(),
        Provenance(SRC, "test-kwb", 2021, "2026-01-03", "Bron: CBS, CC BY 4.0"),
    )
    store.write(batch)
    return store
