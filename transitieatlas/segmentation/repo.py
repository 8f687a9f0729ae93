"""Segmentation schemes and business-park polygons in the database: save (a new version each
time), load, history.

The scheme is checked (:func:`transitieatlas.segmentation.scheme.parse_scheme`) and a polygon
is read and checked (:func:`read_park_file`) before anything is written, so bad input changes
nothing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from transitieatlas.accounts import auth
from transitieatlas.accounts.auth import UserInfo
from transitieatlas.db import maybe_session
from transitieatlas.db.models import BusinessPark, SegmentationScheme
from transitieatlas.errors import InputError, NotInStore
from transitieatlas.segmentation.scheme import Scheme, parse_scheme
from transitieatlas.sources import files


def save_scheme(
    name: str,
    scheme: Scheme | str,
    author: str = "",
    note: str = "",
    session: Session | None = None,
    user: UserInfo | None = None,
) -> int:
    """Store ``scheme`` as the next version of ``name``; returns the version number.

    From the app ``user`` is given: it must have the editor role and becomes the author.
    """
    if user is not None:
        author = auth.require_role(user, "editor", "een indeling opslaan").name
    name = (name or "").strip()
    if not name:
        raise InputError("Geef de indeling een naam.")
    if len(name) > NAME_LIMIT:
        raise InputError(f"De naam is te lang (hoogstens {NAME_LIMIT} tekens).")
    checked = parse_scheme(scheme) if isinstance(scheme, str) else parse_scheme(scheme.to_dict())
    with maybe_session(session) as s:
        latest = s.scalar(
            select(func.max(SegmentationScheme.version)).where(SegmentationScheme.name == name)
        )
        version = int(latest or 0) + 1
        s.add(SegmentationScheme(name=name, version=version, scheme=checked.to_json(),
                                 author=author or "", note=note or ""))  # fmt: skip
        s.flush()
    return version


def load_scheme(name: str, version: int | None = None, session: Session | None = None) -> Scheme:
    """The newest (or the given) version of a saved scheme."""
    with maybe_session(session) as s:
        query = select(SegmentationScheme).where(SegmentationScheme.name == (name or "").strip())
        if version is not None:
            query = query.where(SegmentationScheme.version == version)
        row = s.scalars(query.order_by(SegmentationScheme.version.desc())).first()
        if row is None:
            raise NotInStore(f"Er is geen opgeslagen indeling '{name}'" + (
                f" met versie {version}." if version else "."))  # fmt: skip
        return parse_scheme(row.scheme)


def list_schemes(session: Session | None = None) -> list[str]:
    """Names of the saved schemes, alphabetically."""
    with maybe_session(session) as s:
        return sorted(set(s.scalars(select(SegmentationScheme.name))))


def history(name: str, session: Session | None = None) -> list[dict[str, Any]]:
    """All versions of a scheme, newest first: ``version, author, note, created_at, groups``."""
    with maybe_session(session) as s:
        rows = s.scalars(
            select(SegmentationScheme)
            .where(SegmentationScheme.name == (name or "").strip())
            .order_by(SegmentationScheme.version.desc())
        ).all()
        return [
            {"version": r.version, "author": r.author, "note": r.note,
             "created_at": r.created_at.isoformat(),
             "groups": len(parse_scheme(r.scheme).groups)}
            for r in rows
        ]  # fmt: skip


# -- business parks (bedrijventerreinen) -------------------------------------------------------
RD_NEW = "EPSG:28992"
MAX_PARK_HA = 5_000.0
"""A business park larger than this (ha) is refused as a likely wrong file (a whole gemeente)."""
NAME_LIMIT = 200


def read_park_file(data: bytes, filename: str = "terrein.geojson") -> shapely.Geometry:
    """The union of the polygons in an uploaded GeoJSON/GeoPackage file, in RD New (m).

    Uses the project's file reader (CRS to RD New, outside-the-Netherlands check, repair of
    invalid polygons); refuses files without polygons and areas over :data:`MAX_PARK_HA`.
    """
    suffix = "".join(Path(filename).suffixes[-2:]).lower() or ".geojson"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"terrein{suffix}"
        path.write_bytes(data)
        frame = files.read_geodata(path)
    return park_geometry(frame, filename)


def parks_from_files(paths: list[Path]) -> gpd.GeoDataFrame:
    """Business parks read from files (one (multi)polygon per file, named after the file),
    RD New, without saving them (:func:`read_park_file`); a missing file is one Dutch line."""
    shapes = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as err:
            raise InputError(f"Bestand '{path}' bestaat niet of is niet te lezen.") from err
        shapes.append(read_park_file(data, Path(path).name))
    return gpd.GeoDataFrame({"name": [Path(p).name for p in paths]}, geometry=shapes, crs=RD_NEW)


def park_geometry(frame: gpd.GeoDataFrame, label: str) -> shapely.Geometry:
    """One (multi)polygon from the polygonal features of ``frame`` (RD New), checked."""
    geoms = frame.geometry[frame.geometry.notna() & ~frame.geometry.is_empty]
    polygons = geoms[geoms.geom_type.isin(["Polygon", "MultiPolygon"])]
    if polygons.empty:
        raise InputError(
            f"{label}: geen vlak (polygoon) gevonden; een bedrijventerrein is een vlak, "
            "geen punt of lijn."
        )
    shape = shapely.union_all(polygons.to_numpy())
    hectares = shape.area / 10_000.0
    if hectares > MAX_PARK_HA:
        raise InputError(
            f"{label}: het vlak is {hectares:,.0f} ha; dat is te groot voor een "
            f"bedrijventerrein (hoogstens {MAX_PARK_HA:,.0f} ha)."
        )
    return shape


def save_park(
    name: str,
    shape: shapely.Geometry,
    author: str = "",
    session: Session | None = None,
    user: UserInfo | None = None,
) -> int:
    """Store ``shape`` (RD New) as the next version of the business park ``name``; ``user``
    as in :func:`save_scheme`."""
    if user is not None:
        author = auth.require_role(user, "editor", "een bedrijventerrein opslaan").name
    name = (name or "").strip()
    if not name:
        raise InputError("Geef het bedrijventerrein een naam.")
    if len(name) > NAME_LIMIT:
        raise InputError(f"De naam is te lang (hoogstens {NAME_LIMIT} tekens).")
    if shape is None or shape.is_empty or shape.geom_type not in ("Polygon", "MultiPolygon"):
        raise InputError("Een bedrijventerrein is een vlak (polygoon).")
    with maybe_session(session) as s:
        latest = s.scalar(select(func.max(BusinessPark.version)).where(BusinessPark.name == name))
        version = int(latest or 0) + 1
        s.add(BusinessPark(name=name, version=version, geometry_wkt=shape.wkt,
                           area_ha=round(shape.area / 10_000.0, 4), author=author or ""))  # fmt: skip
        s.flush()
    return version


def list_parks(session: Session | None = None) -> list[dict[str, Any]]:
    """The saved business parks (newest version each): ``name, version, area_ha, author,
    created_at``, alphabetically."""
    with maybe_session(session) as s:
        rows = s.scalars(select(BusinessPark).order_by(BusinessPark.version)).all()
        newest = {r.name: r for r in rows}
        return [
            {"name": r.name, "version": r.version, "area_ha": r.area_ha, "author": r.author,
             "created_at": r.created_at.isoformat()}
            for _, r in sorted(newest.items())
        ]  # fmt: skip


def load_parks(names: list[str], session: Session | None = None) -> gpd.GeoDataFrame:
    """The newest polygon of each named business park (column ``name``), RD New."""
    wanted = [str(n).strip() for n in names]
    with maybe_session(session) as s:
        rows = s.scalars(
            select(BusinessPark).where(BusinessPark.name.in_(wanted)).order_by(BusinessPark.version)
        ).all()
        newest = {r.name: r.geometry_wkt for r in rows}
    missing = [n for n in wanted if n not in newest]
    if missing:
        raise NotInStore(f"Er is geen opgeslagen bedrijventerrein '{missing[0]}'.")
    return gpd.GeoDataFrame(
        {"name": wanted},
        geometry=[shapely.from_wkt(newest[n]) for n in wanted],
        crs=RD_NEW,
    )
