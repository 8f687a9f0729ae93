"""The local store of open data: everything fetched or imported, kept on disk with provenance.

Layout under ``config.store_dir()``::

    manifest.json              list of datasets with their provenance
    areas/<dataset>.parquet    GeoParquet, EPSG:28992 (see docs/architecture.md)
    figures/<dataset>.parquet  long table: code, year, indicator, value, unit, source
    buildings/<dataset>.parquet  BAG panden (sources/bag.py, bag_pdok.py)
    units/<dataset>.parquet      BAG verblijfsobjecten, points (sources/bag_units.py)
    labels/<dataset>.parquet   EP-Online energy labels per BAG object (sources/eponline.py)
    heat_sources/<dataset>.parquet  heat sources (points, GeoParquet; sources/heatsources.py)

Writes are atomic: data files are written under new names first and the manifest is
replaced in one ``os.replace``; files of a failed write are removed, so an interrupted
fetch or a failed import leaves the store as it was. Re-importing a dataset with the
same id (same source, table and year) replaces the earlier one.

Writers serialise on a file lock (``.manifest.lock``, :mod:`filelock`) around the
read-modify-replace of the manifest, so two imports at once (two processes) both keep
all their datasets. A full disk or a permission problem ends as one Dutch
:class:`~transitieatlas.errors.StoreWriteError`; temporary files are removed.
"""

from __future__ import annotations

import errno
import json
import os
import re
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from filelock import FileLock, Timeout

from transitieatlas import config
from transitieatlas.errors import InputError, StoreWriteError
from transitieatlas.frames import (
    AREA_COLUMNS,
    FIGURE_COLUMNS,
    HEAT_SOURCE_COLUMNS,
    LEVELS,
    RD_NEW,
    ImportBatch,
    Provenance,
)

LOCK_TIMEOUT_S = 600.0
"""How long a writer waits for another writer's manifest update (seconds)."""


@dataclass
class DatasetInfo:
    """One dataset in the manifest."""

    id: str
    kind: str
    path: str
    rows: int
    provenance: Provenance
    written: str

    def to_json(self) -> dict:
        return {**asdict(self), "provenance": asdict(self.provenance)}

    @classmethod
    def from_json(cls, data: dict) -> DatasetInfo:
        return cls(**{**data, "provenance": Provenance(**data["provenance"])})


def dataset_id(kind: str, provenance: Provenance) -> str:
    """Stable id from kind, source, table and year, so a re-import replaces the old copy."""
    raw = f"{kind}-{provenance.source}-{provenance.table_id}-{provenance.year or ''}"
    return re.sub(r"[^a-z0-9]+", "-", raw.lower()).strip("-")[:120]


REQUIRED_COLUMNS = {
    "areas": AREA_COLUMNS,
    "figures": FIGURE_COLUMNS,
    "units": ["id", "pand_id", "gebruiksdoel", "oppervlakte"],
    "labels": ["vbo_id", "pand_id", "label"],
    "heat_sources": HEAT_SOURCE_COLUMNS,
}
"""Columns a frame of each kind must have (buildings: only a geometry with a CRS)."""
WITHOUT_GEOMETRY = {
    "buildings": "gebouwen zonder geometrie of coördinatenstelsel",
    "units": "verblijfsobjecten zonder geometrie of coördinatenstelsel",
    "heat_sources": "warmtebronnen zonder geometrie of coördinatenstelsel",
}


def _validate(kind: str, frame: pd.DataFrame, provenance: Provenance) -> list[str]:
    """Every problem with one frame, in Dutch; empty when it can be stored."""
    label = f"{provenance.source} ({provenance.table_id})"
    problems: list[str] = []
    missing = [c for c in REQUIRED_COLUMNS.get(kind, []) if c not in frame.columns]
    if missing:
        problems.append(f"{label}: kolommen ontbreken: {', '.join(missing)}")
    if kind in WITHOUT_GEOMETRY and (not isinstance(frame, gpd.GeoDataFrame) or frame.crs is None):
        problems.append(f"{label}: {WITHOUT_GEOMETRY[kind]}")
    if kind == "areas":
        problems += _area_problems(frame, label)
    if kind == "heat_sources":
        problems += _heat_source_problems(frame, label)
    return problems


def _area_problems(frame: pd.DataFrame, label: str) -> list[str]:
    problems: list[str] = []
    if not isinstance(frame, gpd.GeoDataFrame) or frame.crs is None:
        problems.append(f"{label}: geen geometrie of geen coördinatenstelsel")
    elif frame.crs.to_epsg() != 28992:
        problems.append(f"{label}: geometrie niet in RD New (EPSG:28992)")
    if "code" in frame.columns and frame["code"].duplicated().any():
        dupes = sorted(frame.loc[frame["code"].duplicated(), "code"].astype(str).unique())[:5]
        problems.append(f"{label}: dubbele gebiedscodes: {', '.join(dupes)}")
    if "level" in frame.columns and not frame["level"].isin(LEVELS).all():
        problems.append(f"{label}: onbekend niveau (toegestaan: {', '.join(LEVELS)})")
    return problems


def _heat_source_problems(frame: pd.DataFrame, label: str) -> list[str]:
    """Heat sources must be points in RD New (columns and CRS are checked in ``_validate``)."""
    if not isinstance(frame, gpd.GeoDataFrame) or frame.crs is None:
        return []
    if frame.crs.to_epsg() != 28992:
        return [f"{label}: geometrie niet in RD New (EPSG:28992)"]
    if len(frame) and not (frame.geom_type == "Point").all():
        return [f"{label}: warmtebronnen moeten punten zijn"]
    return []


class Store:
    """The local open-data store in folder ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._cache: dict[str, pd.DataFrame] = {}

    # -- manifest ---------------------------------------------------------------
    @property
    def manifest_path(self) -> Path:
        return self.root / "manifest.json"

    def datasets(self, kind: str | None = None) -> list[DatasetInfo]:
        """The datasets in the store, newest write last."""
        if not self.manifest_path.exists():
            return []
        data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        infos = [DatasetInfo.from_json(d) for d in data.get("datasets", [])]
        return [i for i in infos if kind is None or i.kind == kind]

    def is_empty(self) -> bool:
        return not self.datasets()

    def version(self) -> float:
        """A number that changes with every write (the manifest's modification time; 0.0
        for an empty store): the key under which pages cache what they read."""
        path = self.manifest_path
        return path.stat().st_mtime if path.exists() else 0.0

    def _lock(self) -> FileLock:
        """The writers' lock around reading, changing and replacing the manifest."""
        self.root.mkdir(parents=True, exist_ok=True)
        return FileLock(self.root / ".manifest.lock", timeout=LOCK_TIMEOUT_S)

    def _write_manifest(self, infos: list[DatasetInfo]) -> None:
        """Replace the manifest in one ``os.replace``; the temporary file never stays behind."""
        payload = json.dumps(
            {"datasets": [i.to_json() for i in infos]}, ensure_ascii=False, indent=1
        )
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".manifest-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.manifest_path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    # -- writing ----------------------------------------------------------------
    def write(self, batch: ImportBatch) -> list[DatasetInfo]:
        """Write every frame of ``batch``, or none of them; returns the new manifest entries.

        Raises :class:`InputError` for frames that cannot be stored and
        :class:`StoreWriteError` when the disk is full or not writable (store unchanged).
        """
        problems = [p for kind, frame, prov in batch.items for p in _validate(kind, frame, prov)]
        if problems:
            raise InputError("Deze gegevens kunnen niet worden opgeslagen:", problems)
        written: list[Path] = []
        new: list[DatasetInfo] = []
        try:
            for kind, frame, prov in batch.items:
                ds_id = dataset_id(kind, prov)
                rel = f"{kind}/{ds_id}-{uuid.uuid4().hex[:8]}.parquet"
                path = self.root / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                written.append(path)
                _to_parquet(frame, path)
                new.append(
                    DatasetInfo(ds_id, kind, rel, len(frame), prov, date.today().isoformat())
                )
            with self._locked():  # data files have unique names; only the manifest is shared
                old = self.datasets()
                replaced = {i.id for i in new}
                self._write_manifest([i for i in old if i.id not in replaced] + new)
                for info in old:
                    if info.id in replaced:
                        (self.root / info.path).unlink(missing_ok=True)
        except BaseException as err:
            for path in written:
                path.unlink(missing_ok=True)
            if isinstance(err, OSError) and not isinstance(err, StoreWriteError):
                raise _write_error(err) from err
            raise
        finally:
            self._cache.clear()
        return new

    def remove(self, ids: Iterable[str]) -> None:
        """Drop datasets by id (their files too)."""
        ids = set(ids)
        try:
            with self._locked():
                infos = self.datasets()
                self._write_manifest([i for i in infos if i.id not in ids])
                for info in infos:
                    if info.id in ids:
                        (self.root / info.path).unlink(missing_ok=True)
        except OSError as err:
            if isinstance(err, StoreWriteError):
                raise
            raise _write_error(err) from err
        finally:
            self._cache.clear()

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the writers' lock; a writer that waits too long gets a Dutch error."""
        try:
            lock = self._lock()
            lock.acquire()
        except Timeout as err:
            raise StoreWriteError(
                f"De lokale opslag ({self.root}) is al {LOCK_TIMEOUT_S:.0f} s bezet door een "
                "andere import; probeer het later opnieuw. Er is niets gewijzigd."
            ) from err
        try:
            yield
        finally:
            lock.release()

    # -- reading ----------------------------------------------------------------
    def _read(self, info: DatasetInfo) -> pd.DataFrame:
        if info.path not in self._cache:
            path = self.root / info.path
            frame = (
                gpd.read_parquet(path)
                if info.kind in ("areas", "buildings", "units", "heat_sources")
                else pd.read_parquet(path)
            )
            self._cache[info.path] = frame
        return self._cache[info.path]

    def areas(
        self,
        level: str | None = None,
        gemeente: str | None = None,
        codes: Iterable[str] | None = None,
        year: int | None = None,
    ) -> gpd.GeoDataFrame:
        """Area polygons (EPSG:28992), one row per code.

        Per gemeente and level only the newest division is returned (for ``year``
        given: the newest not after it), so old buurten are not mixed with new ones;
        when several datasets hold the same code, the latest written wins.
        Column ``dataset`` names the dataset each row comes from.
        """
        frames = []
        wanted = None if codes is None else _code_index(codes)
        for order, info in enumerate(self.datasets("areas")):
            frame = self._read(info)
            if level is not None:
                frame = frame[frame["level"] == level]
            if gemeente is not None:
                frame = frame[(frame["gemeente_code"] == gemeente) | (frame["code"] == gemeente)]
            if wanted is not None:
                frame = frame[wanted.get_indexer(frame["code"]) >= 0]
            if frame.empty:
                continue
            frame = frame.assign(dataset=info.id, _order=order)
            frames.append(frame)
        if not frames:
            return gpd.GeoDataFrame(
                columns=[*AREA_COLUMNS, "dataset", "geometry"], geometry="geometry", crs=RD_NEW
            )
        out = pd.concat(frames, ignore_index=True)
        out = gpd.GeoDataFrame(out, geometry="geometry", crs=RD_NEW)
        out["_year"] = pd.to_numeric(out["year"], errors="coerce").fillna(0)
        if year is not None:
            out = out[out["_year"] <= year]
        out = _newest_division(out)
        out = out.sort_values(["code", "_year", "_order"]).drop_duplicates("code", keep="last")
        return out.drop(columns=["_year", "_order", "_group"]).reset_index(drop=True)

    def figures(
        self,
        codes: Iterable[str] | None = None,
        indicators: Iterable[str] | None = None,
        year: int | None = None,
    ) -> pd.DataFrame:
        """Figures in the long format; ``dataset`` names where each row comes from.

        Where two datasets give the same (code, year, indicator), the latest written wins.
        """
        frames = []
        wanted = None if codes is None else _code_index(codes)
        ind_list = None if indicators is None else list(indicators)
        for info in self.datasets("figures"):
            frame = self._read(info)
            if wanted is not None:
                frame = frame[wanted.get_indexer(frame["code"]) >= 0]
            if ind_list is not None:
                frame = frame[frame["indicator"].isin(ind_list)]
            if year is not None:
                frame = frame[frame["year"] == year]
            if not frame.empty:
                frames.append(frame.assign(dataset=info.id))
        if not frames:
            return pd.DataFrame(columns=[*FIGURE_COLUMNS, "dataset"])
        out = pd.concat(frames, ignore_index=True)
        return out.drop_duplicates(["code", "year", "indicator"], keep="last").reset_index(
            drop=True
        )

    def figure_codes(self) -> set[str]:
        """The distinct area codes that have figures in any dataset (cheaper than
        ``set(figures()["code"])``: nothing is concatenated)."""
        codes: set[str] = set()
        for info in self.datasets("figures"):
            codes.update(np.asarray(self._read(info)["code"].dropna().unique()).tolist())
        return codes

    def buildings(self) -> gpd.GeoDataFrame:
        """All buildings (BAG panden) in the store, EPSG:28992."""
        frames = [self._read(i).assign(dataset=i.id) for i in self.datasets("buildings")]
        if not frames:
            return gpd.GeoDataFrame(columns=["id", "geometry"], geometry="geometry", crs=RD_NEW)
        return gpd.GeoDataFrame(
            pd.concat(frames, ignore_index=True), geometry="geometry", crs=RD_NEW
        )

    def units(self) -> gpd.GeoDataFrame:
        """All BAG verblijfsobjecten in the store (canonical units frame of
        :mod:`transitieatlas.sources.bag_units` plus ``dataset``), EPSG:28992; a VBO in two
        datasets (two imports of the same gemeente) counts once, the newest write wins."""
        frames = [self._read(i).assign(dataset=i.id) for i in self.datasets("units")]
        if not frames:
            return gpd.GeoDataFrame(
                {c: pd.Series(dtype=object) for c in ("id", "pand_id", "gebruiksdoel")}
                | {"oppervlakte": pd.Series(dtype=float)},
                geometry=[], crs=RD_NEW,
            )  # fmt: skip
        units = pd.concat(frames, ignore_index=True)
        units = units.drop_duplicates("id", keep="last").reset_index(drop=True)
        return gpd.GeoDataFrame(units, geometry="geometry", crs=RD_NEW)

    def heat_sources(self) -> gpd.GeoDataFrame:
        """All heat sources (points, EPSG:28992) with :data:`HEAT_SOURCE_COLUMNS` and ``dataset``;
        ``id`` is made unique across datasets as ``<dataset>:<id>`` only when two datasets
        share an id."""
        frames = [self._read(i).assign(dataset=i.id) for i in self.datasets("heat_sources")]
        if not frames:
            return gpd.GeoDataFrame(
                columns=[*HEAT_SOURCE_COLUMNS, "dataset", "geometry"],
                geometry="geometry",
                crs=RD_NEW,
            )
        out = gpd.GeoDataFrame(
            pd.concat(frames, ignore_index=True), geometry="geometry", crs=RD_NEW
        )
        if out["id"].duplicated().any():
            out["id"] = out["dataset"] + ":" + out["id"].astype(str)
        return out

    def energy_labels(self) -> pd.DataFrame:
        """All EP-Online energy labels in the store (one row per BAG object per dataset;
        columns of :data:`transitieatlas.sources.eponline.COLUMNS` and ``dataset``)."""
        frames = [self._read(i).assign(dataset=i.id) for i in self.datasets("labels")]
        if not frames:
            return pd.DataFrame(columns=["vbo_id", "pand_id", "label", "registratiedatum"])
        return pd.concat(frames, ignore_index=True)

    def provenance(self, dataset: str) -> Provenance | None:
        """The provenance of a dataset id (as found in the ``dataset`` column)."""
        for info in self.datasets():
            if info.id == dataset:
                return info.provenance
        return None


def _code_index(codes: Iterable[str]) -> pd.Index:
    """The codes as a unique index: ``index.get_indexer(column) >= 0`` is ``column.isin(codes)``,
    several times faster on Arrow string columns (``isin`` converts every value per call)."""
    return pd.Index(list(codes)).unique()


def _newest_division(areas: pd.DataFrame) -> pd.DataFrame:
    """Per gemeente and level, keep only the newest division (year) in the frame.

    Buurten are redrawn over the years: the 2014 buurten of Leeuwarden must not be
    mixed with the 2023 ones. A gemeente is its own group.
    """
    gemeente = areas["gemeente_code"].where(areas["gemeente_code"].notna(), areas["code"].str[:6])
    areas = areas.assign(_group=areas["level"].astype(str) + "|" + gemeente.astype(str))
    newest = areas.groupby("_group")["_year"].transform("max")
    return areas[areas["_year"] == newest]


def _to_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Write a frame (GeoParquet for GeoDataFrames) under a temp name, then move it in place;
    the temporary file is removed when the write fails."""
    tmp = path.with_suffix(".tmp")
    try:
        frame.to_parquet(tmp, index=False)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_error(err: OSError) -> StoreWriteError:
    """One Dutch line for a failed write: disk full, no permission, or another OS error."""
    if err.errno == errno.ENOSPC or err.errno == errno.EDQUOT:
        why = "de schijf is vol"
    elif err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "geen schrijfrechten"
    else:
        why = err.strerror or type(err).__name__
    return StoreWriteError(
        f"De lokale opslag kon niet worden bijgewerkt: {why}. Er is niets gewijzigd; "
        "maak ruimte vrij en probeer het opnieuw."
    )


def open_store(root: Path | None = None) -> Store:
    """The store under ``config.store_dir()`` (or ``root``)."""
    return Store(root or config.store_dir())
