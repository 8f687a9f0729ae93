"""Read the raw inputs the finance package builds demand groups from, out of the mirror.

Until the segmentation package (vraaggroepen) stores demand groups, the worked examples
start from the PBL Startanalyse 2020 per buurt (dwellings by type, construction period and
label; PBL's cheapest strategy ``sln_V01``, here ``pbl_strategie``) and, for pand level, the BAG panden of Doesburg.
Paths follow ``TRANSITIEATLAS_MIRROR`` (default ``../shared/data``).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd

from transitieatlas import config
from transitieatlas.errors import InputError, NotInStore
from transitieatlas.sources import tables

STARTANALYSE = Path("pbl/startanalyse2020_buurten")
DOESBURG_PANDEN = Path("bag/doesburg_panden_2020/doesburg_panden_20200915.gpkg")


def _mirror() -> Path:
    root = config.mirror_dir()
    if root is None:
        raise NotInStore("Geen map met open data gevonden (zet TRANSITIEATLAS_MIRROR).")
    return root


STARTANALYSE_KEYS = {
    "BU_CODE": "code",
    "sln_V01": "pbl_strategie",
    "ref_2019_H07": "pbl_ref2019_warmtedichtheid_gj_per_ha",
}
"""Startanalyse fields without an indicator in the column mapping, and their names here:
the buurt code, PBL's cheapest strategy (text) and the 2019 heat density (H02+H03 per ha)."""


def startanalyse(gemeente: str) -> pd.DataFrame:
    """The Startanalyse properties of one gemeente (``GMxxxx``), one row per buurt, as text.

    Columns carry stable names: indicators through ``data/column_mappings/pbl_startanalyse.csv``
    (``wt_vrijsaa`` → ``woningen_vrijstaand``, ``won_bp1`` → ``woningen_bouwjaar_voor_1930``,
    ``I11_aantalweq`` → ``woningequivalenten`` …) and :data:`STARTANALYSE_KEYS`; the domain
    never sees PBL's own field names.
    """
    path = _mirror() / STARTANALYSE / f"{gemeente}.geojson.gz"
    if not path.exists():
        raise NotInStore(f"Geen PBL Startanalyse voor {gemeente} in {path.parent}.")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    return indicator_columns(pd.DataFrame([f["properties"] for f in data["features"]]))


def indicator_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Startanalyse fields renamed to indicator names (unmapped fields keep their name)."""
    rules = tables.load_mapping("pbl_startanalyse")
    rename = {
        c: r.indicator
        for c in frame.columns
        if (r := rules.get(tables.header_key(c))) and r.indicator
    }
    rename.update({k: v for k, v in STARTANALYSE_KEYS.items() if k in frame.columns})
    return frame.rename(columns=rename)


def panden(gemeente: str) -> pd.DataFrame:
    """BAG panden (``identificatie``, ``bouwjaar``, ``status``) of a gemeente with a pand file."""
    if gemeente != "GM0221":
        raise InputError(
            f"Voor {gemeente} zijn geen BAG-panden in de mirror; alleen Doesburg (GM0221)."
        )
    import pyogrio

    return pyogrio.read_dataframe(
        _mirror() / DOESBURG_PANDEN,
        columns=["identificatie", "bouwjaar", "status"],
        read_geometry=False,
    )


def startanalyse_gemeenten() -> list[str]:
    """Gemeente codes with a Startanalyse file in the mirror (empty without a mirror)."""
    root = config.mirror_dir()
    if root is None or not (root / STARTANALYSE).is_dir():
        return []
    return sorted(p.name.split(".")[0] for p in (root / STARTANALYSE).glob("GM*.geojson.gz"))


HEAT_SOURCES = Path("pbl/warmtebronnen_mt_2020/20200213_MT_bronnen.geojson")


def heat_sources() -> pd.DataFrame:
    """PBL's candidate heat sources (648 points): ``bron_naam``, ``type_bron``,
    ``MWcapaciteit``, ``Brontemperatuur`` and ``X``/``Y`` in RD New (EPSG:28992)."""
    import pyogrio

    path = _mirror() / HEAT_SOURCES
    if not path.exists():
        raise NotInStore(f"Geen warmtebronnen in {path.parent}.")
    return pyogrio.read_dataframe(
        path,
        columns=["bron_naam", "type_bron", "MWcapaciteit", "Brontemperatuur", "X", "Y"],
        read_geometry=False,
    )


def startanalyse_outline(gemeente: str, codes: list[str] | None = None):  # type: ignore[no-untyped-def]
    """The union of the Startanalyse buurt polygons (all, or ``codes``) in RD New (a shapely geometry)."""
    import pyogrio

    path = _mirror() / STARTANALYSE / f"{gemeente}.geojson.gz"
    if not path.exists():
        raise NotInStore(f"Geen PBL Startanalyse voor {gemeente} in {path.parent}.")
    frame = pyogrio.read_dataframe(f"/vsigzip/{path}", columns=["BU_CODE"])
    if codes:
        frame = frame[frame["BU_CODE"].isin(codes)]
    return frame.to_crs(28992).geometry.union_all()


def startanalyse_polygons(gemeente: str):  # type: ignore[no-untyped-def]
    """Startanalyse buurt polygons in RD New with ``code`` and the dwelling-type counts, under
    the same indicator names as :func:`startanalyse` (``woningen_vrijstaand`` …)."""
    import pyogrio

    path = _mirror() / STARTANALYSE / f"{gemeente}.geojson.gz"
    if not path.exists():
        raise NotInStore(f"Geen PBL Startanalyse voor {gemeente} in {path.parent}.")
    columns = [
        "BU_CODE",
        "wt_vrijsaa",
        "wt_21kap",
        "wt_rwhoek",
        "wt_rwtusse",
        "wt_mgz_laa",
        "wt_mgz_hoo",
    ]
    frame = pyogrio.read_dataframe(f"/vsigzip/{path}", columns=columns).to_crs(28992)
    return indicator_columns(frame)


def panden_polygons(gemeente: str):  # type: ignore[no-untyped-def]
    """BAG pand footprints (RD New) with ``bouwjaar`` and ``status``."""
    if gemeente != "GM0221":
        raise InputError(
            f"Voor {gemeente} zijn geen BAG-panden in de mirror; alleen Doesburg (GM0221)."
        )
    import pyogrio

    return pyogrio.read_dataframe(_mirror() / DOESBURG_PANDEN, columns=["bouwjaar", "status"])
