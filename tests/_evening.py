"""Stores for the information-evening tests: real Leeuwarden data and a tiny hand-made gemeente."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from transitieatlas.frames import ImportBatch, Provenance
from transitieatlas.store.opendata import open_store

FRYSLAN = [
    "regional/friesland_warmtekaart/buurt_potentie_extraqt.geojson.gz",
    "regional/friesland_warmtekaart/koopwoningen_frl.geojson.gz",
    "cbs/boundaries/gemeenten_2022/gemeente_gegeneraliseerd_2022.geojson",
]
XSS = "<script>alert('x')</script>"
TINY_VALUES = {"BU09970001": 10.0, "BU09970002": 20.0, "BU09970003": 30.0, "BU09970004": math.nan}


def import_leeuwarden(home: Path, shared_data: Path) -> Path:
    """Import the Fryslân buurten (Leeuwarden: 134) with koopwoningen and modelled heat demand."""
    from transitieatlas.cli import main as cli

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRANSITIEATLAS_HOME", str(home))
        assert cli(["import", *(str(shared_data / p) for p in FRYSLAN)]) == 0
    return home


def write_tiny(home: Path | None = None) -> None:
    """GM0997 'Proefdorp': four 1 km² buurten, one named like a script, one without a value."""
    codes = list(TINY_VALUES)
    names = ["Noord", XSS, "Zuid", "Leeg"]
    shapes = [box(200_000 + 1000 * i, 550_000, 201_000 + 1000 * i, 551_000) for i in range(4)]
    buurten = gpd.GeoDataFrame(
        {"code": codes, "name": names, "level": "buurt", "gemeente_code": "GM0997",
         "wijk_code": "WK099700", "year": 2023},
        geometry=shapes, crs="EPSG:28992",
    )  # fmt: skip
    gemeente = gpd.GeoDataFrame(
        {"code": ["GM0997"], "name": ["Proefdorp"], "level": "gemeente",
         "gemeente_code": "GM0997", "wijk_code": None, "year": 2023},
        geometry=[box(200_000, 550_000, 204_000, 551_000)], crs="EPSG:28992",
    )  # fmt: skip
    rows = [
        {"code": c, "year": 2023, "indicator": "pct_koopwoningen", "value": v, "unit": "%",
         "source": "test"}
        for c, v in TINY_VALUES.items()
    ]  # fmt: skip
    areas = pd.concat([gemeente, buurten], ignore_index=True)
    batch = ImportBatch().add(
        "areas",
        gpd.GeoDataFrame(areas, geometry="geometry", crs="EPSG:28992"),
        Provenance("Proefkaart", "buurten", 2023, retrieved="2026-11-30", licence="Bron: test"),
    )
    batch.add(
        "figures",
        pd.DataFrame(rows),
        Provenance("Proefcijfers", "kwb", 2023, retrieved="2026-11-29", licence="Bron: test"),
    )
    store = open_store(home / "store") if home else open_store()
    store.write(batch)


ACTORS_CSV = (
    "name,geleding,kind,description,website,lon,lat,tags\n"
    "Bewonersvereniging Oud-Oost,burgers,bewonersvereniging,,,5.8100,53.2000,wup\n"
    "Basisschool De Wâlde,voorzieningen,school,,,5.8100,53.1950,school\n"
    "Installatiebedrijf Post,bedrijven,installateur,,,5.7800,53.2100,\n"
)


def seed_actors(home: Path) -> None:
    """Three approved actors (burgers, voorzieningen, bedrijven) on Leeuwarden's map."""
    from transitieatlas import db
    from transitieatlas.accounts.auth import UserInfo
    from transitieatlas.actors import model as d
    from transitieatlas.actors import repo as actor_repo

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRANSITIEATLAS_HOME", str(home))
        mp.delenv("TRANSITIEATLAS_DB_URL", raising=False)
        actor_repo.import_actors(
            d.parse_csv(ACTORS_CSV), UserInfo("test", "admin"), buurten=actor_repo.store_buurten()
        )
        db.dispose_all()
