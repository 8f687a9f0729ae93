"""The offline area map: one Streamlit component (``areamap``) drawing areas with Leaflet.

No request leaves the machine: Leaflet and Leaflet.markercluster are vendored in
``frontend/vendor`` and there is no basemap unless ``tile_url`` is given (then missing tiles
degrade to the plain background).

How geometry is sent once (the mechanism, in short):

1. :func:`prepare_geometry` hashes the areas (:func:`payload.geometry_hash`) and writes the
   geometry payload as files ``<hash>.json`` (codes, bounds, coarsest level) and
   ``<hash>.<i>.json`` (finer levels, computed in a background thread) into
   ``$TRANSITIEATLAS_HOME/cache/areamap/``. Existing files are reused, also after a restart.
2. That folder is served by Streamlit's own component file route, by declaring it as a second
   (never rendered) component ``areamap_geometry``; the map iframe fetches
   ``../<that component>/<hash>.json`` from the same server.
3. The render arguments carry only the hash and that URL plus the style (colours, tooltips,
   legend, selection). The browser keeps decoded geometry per hash in memory, so a change of
   indicator, class scheme or selection redraws colours only; the polygons are neither re-sent
   nor rebuilt.
"""

from __future__ import annotations

import math
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from transitieatlas import config
from transitieatlas.errors import InputError
from transitieatlas.maps import payload

FRONTEND_DIR = Path(__file__).resolve().parent / "frontend"
_MEMORY_SIZE = 16


@dataclass(frozen=True)
class GeometryRef:
    """A geometry payload on disk: its hash, the codes in payload order and its folder."""

    hash: str
    codes: tuple[str, ...]
    directory: Path

    @property
    def file(self) -> Path:
        return self.directory / f"{self.hash}.json"


_memory: OrderedDict[tuple[str, str], GeometryRef] = OrderedDict()
_pending: set[tuple[str, str]] = set()
_lock = threading.Lock()


def geometry_dir() -> Path:
    """Folder of the cached geometry payloads (under ``TRANSITIEATLAS_HOME``)."""
    path = config.home() / "cache" / "areamap"
    path.mkdir(parents=True, exist_ok=True)
    return path


def prepare_geometry(
    areas: Any, directory: Path | None = None, coverage: bool = True, key: str | None = None
) -> GeometryRef:
    """Make sure the geometry payload of ``areas`` exists on disk; return its reference.

    ``areas`` is the canonical areas frame (``code`` + polygons in RD New). Costs one hash of
    the geometry when it was prepared before; otherwise the coarsest level is computed now and
    the finer levels in a background thread. ``coverage=False`` for separate shapes such as
    panden (one level, quantised only, see :mod:`payload`). ``key``: the caller's name for
    exactly this geometry, hashed instead of the geometry (:func:`payload.geometry_hash`).
    """
    directory = directory or geometry_dir()
    digest = payload.geometry_hash(areas, coverage=coverage, key=key)
    slot = (str(directory), digest)
    with _lock:
        ref = _memory.get(slot)
        if ref is not None and ref.file.exists():
            _memory.move_to_end(slot)
            return ref
    main = directory / f"{digest}.json"
    if main.exists():
        frame = orjson.loads(main.read_bytes())
        _complete_levels(areas, frame, directory)
    else:
        frame = _write_geometry(areas, digest, directory, coverage)
    ref = GeometryRef(digest, tuple(frame["codes"]), directory)
    with _lock:
        _memory[slot] = ref
        while len(_memory) > _MEMORY_SIZE:
            _memory.popitem(last=False)
    return ref


def _write_geometry(
    areas: Any, digest: str, directory: Path, coverage: bool = True
) -> dict[str, Any]:
    """Compute and write the main file now; start the finer levels in the background."""
    codes, geoms, skipped = payload.clean_areas(areas, repair=coverage)
    if not codes:
        raise InputError("Er zijn geen gebieden met een vlak om op de kaart te tekenen.")
    frame = payload.geometry_frame(codes, geoms, skipped, coverage)
    tolerances = payload.level_tolerances(geoms, coverage=coverage)
    lat_mid = (frame["bounds"][0][0] + frame["bounds"][1][0]) / 2
    first = payload.level_entry(geoms, tolerances[0], frame)
    frame["levels"] = [first] + [
        {
            "tolerance_m": tol,
            "max_zoom": payload.max_zoom_for(tol, lat_mid),
            "file": f"{digest}.{i}.json",
        }
        for i, tol in enumerate(tolerances[1:], start=1)
    ]
    frame["hash"] = digest
    _atomic_write(directory / f"{digest}.json", frame)
    _start_levels(geoms, frame, directory)
    return frame


def _complete_levels(areas: Any, frame: Mapping[str, Any], directory: Path) -> None:
    """Restart the finer levels when their files are missing (e.g. after an interrupted run)."""
    missing = [lv for lv in frame["levels"][1:] if not (directory / lv["file"]).exists()]
    if missing:
        _, geoms, _ = payload.clean_areas(areas, repair=frame.get("coverage", True))
        _start_levels(geoms, frame, directory)


def _start_levels(geoms: Any, frame: Mapping[str, Any], directory: Path) -> None:
    key = (str(directory), frame["hash"])
    with _lock:
        if key in _pending or len(frame["levels"]) < 2:
            return
        _pending.add(key)

    def work() -> None:
        try:
            for level in frame["levels"][1:]:
                target = directory / level["file"]
                if not target.exists():
                    entry = payload.level_entry(geoms, level["tolerance_m"], frame)
                    _atomic_write(target, entry)
        finally:
            with _lock:
                _pending.discard(key)

    threading.Thread(target=work, name=f"areamap-{frame['hash']}", daemon=True).start()


def wait_for_levels(ref: GeometryRef, timeout_s: float = 60.0) -> bool:
    """Block until the finer levels of ``ref`` are written (for tests and the benchmark)."""
    import time

    deadline = time.monotonic() + timeout_s
    key = (str(ref.directory), ref.hash)
    while time.monotonic() < deadline:
        with _lock:
            if key not in _pending:
                return True
        time.sleep(0.05)
    return False


def _atomic_write(path: Path, data: Any) -> None:
    """Write JSON to ``path`` via a temporary file and a rename, so readers never see half.

    ``orjson`` (compact UTF-8, like ``json.dumps(separators=(",", ":"))``): several times
    faster than the standard library's C encoder on the long coordinate lists."""
    text = orjson.dumps(data, option=orjson.OPT_SERIALIZE_NUMPY)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def static_tip_files(table: payload.TipTable, ref: GeometryRef, route: str) -> dict[str, Any]:
    """The ``static`` columns of ``table`` as tip columns that name a file
    ``<geometry hash>.tip-<column>.json`` beside the geometry (:func:`payload.tip_payload` of
    that column, written once, when missing): the browser fetches each such file once and
    keeps it, so a change of group or filter re-sends only the columns that changed (for
    51 765 panden: about 0.3 MB instead of 5.6 MB of texts)."""
    columns = {}
    for name in sorted(table.static):
        file = f"{ref.hash}.tip-{name}.json"
        target = ref.directory / file
        if not target.exists():
            _atomic_write(target, payload.tip_payload(table, ref.codes, [name])["columns"][name])
        columns[name] = {"url": f"../{route}/{file}"}
    return columns


def clean_markers(markers: Iterable[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """Markers as the component expects them; markers without valid coordinates are dropped.

    Each marker: ``id`` (returned on click), ``lat``, ``lon`` (WGS84 degrees), optional
    ``colour`` (CSS), ``label`` (hover text) and ``popup`` (click text); texts are plain text.
    """
    out = []
    for m in markers or []:
        lat, lon = _float(m.get("lat")), _float(m.get("lon"))
        if lat is None or lon is None:
            continue
        out.append(
            {
                "id": str(m.get("id", "")),
                "lat": lat,
                "lon": lon,
                "colour": m.get("colour"),
                "label": None if m.get("label") is None else str(m["label"]),
                "popup": None if m.get("popup") is None else str(m["popup"]),
            }
        )
    return out


def clean_lines(lines: Iterable[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """Lines: ``coords`` as [[lat, lon], ...] (WGS84), optional ``colour``, ``weight``, ``label``."""
    out = []
    for ln in lines or []:
        coords = [[float(a), float(b)] for a, b in ln.get("coords", [])]
        if len(coords) >= 2:
            label = ln.get("label")
            out.append(
                {
                    "coords": coords,
                    "colour": ln.get("colour"),
                    "weight": ln.get("weight"),
                    "label": None if label is None else str(label),
                }
            )
    return out


def _float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _declare(directory: Path) -> tuple[Any, str]:
    """Declare the map component and the geometry file route; return (component, route name)."""
    import streamlit.components.v1 as components

    geometry_route = components.declare_component("areamap_geometry", path=str(directory))
    component = components.declare_component("areamap", path=str(FRONTEND_DIR))
    return component, geometry_route.name


def render_args(
    areas: Any,
    colours: Mapping[str, str | None] | None = None,
    tooltips: Mapping[str, str] | payload.TipTable | None = None,
    legend: Sequence[tuple[str, str]] | None = None,
    selected: Iterable[str] | None = None,
    markers: Iterable[Mapping[str, Any]] | None = None,
    lines: Iterable[Mapping[str, Any]] | None = None,
    height: int = 520,
    *,
    directory: Path,
    route: str,
    legend_title: str | None = None,
    tile_url: str | None = None,
    tile_attribution: str | None = None,
    coverage: bool = True,
    geometry_key: str | None = None,
) -> dict[str, Any]:
    """The server's work for :func:`area_map` (no Streamlit): the geometry files in
    ``directory`` (served under ``route``) and the render arguments sent to the browser."""
    ref = prepare_geometry(areas, directory, coverage, geometry_key)
    # With a geometry key, a tip table's static columns go as files (see static_tip_files).
    table = tooltips if isinstance(tooltips, payload.TipTable) and geometry_key else None
    style = payload.style_payload(
        ref.codes, colours, tooltips, legend, selected=selected, legend_title=legend_title,
        tip_columns=set(table.columns) - table.static if table else None,
    )  # fmt: skip
    if table is not None:
        style["tip"]["columns"].update(static_tip_files(table, ref, route))
    return {
        "geometry": {"hash": ref.hash, "url": f"../{route}/{ref.hash}.json"},
        "style": style,
        "markers": clean_markers(markers),
        "lines": clean_lines(lines),
        "height": int(height),
        "tiles": {"url": tile_url, "attribution": tile_attribution} if tile_url else None,
    }


def area_map(
    areas: Any,
    colours: Mapping[str, str | None] | None = None,
    tooltips: Mapping[str, str] | payload.TipTable | None = None,
    legend: Sequence[tuple[str, str]] | None = None,
    selected: Iterable[str] | None = None,
    markers: Iterable[Mapping[str, Any]] | None = None,
    lines: Iterable[Mapping[str, Any]] | None = None,
    height: int = 520,
    key: str = "areamap",
    *,
    legend_title: str | None = None,
    tile_url: str | None = None,
    tile_attribution: str | None = None,
    coverage: bool = True,
    geometry_key: str | None = None,
) -> dict[str, Any] | None:
    """Draw ``areas`` on the offline map and return the last click, or ``None``.

    ``colours``: code → CSS colour (missing → light grey); ``tooltips``: code → plain text
    (default: the code), or a :class:`payload.TipTable` (with ``geometry_key``, its static
    columns go to the browser once per area, as files beside the geometry); ``legend``: (colour, label) pairs, drawn in the map; ``selected``:
    codes outlined dark; ``markers``/``lines``: see :func:`clean_markers`/:func:`clean_lines`
    (more than 50 markers are clustered); ``height`` in pixels; ``tile_url``: optional
    ``{z}/{x}/{y}`` tile server for those with internet; ``coverage=False`` for separate shapes
    that do not share borders (panden): one level, quantised only, much faster;
    ``geometry_key``: a name that changes whenever the geometry may (e.g. store version + area
    + level), so the geometry itself is not hashed on every rerun.

    The click is ``{"type": "area", "code": ..., "lat": ..., "lon": ...}`` (where in the area),
    ``{"type": "point", "lat": ..., "lon": ...}``
    or ``{"type": "marker", "id": ...}``, each with a ``seq`` number that grows with every
    click; like every Streamlit component value it is returned again on later reruns.
    """
    directory = geometry_dir()
    component, route = _declare(directory)
    args = render_args(
        areas, colours, tooltips, legend, selected, markers, lines, height,
        directory=directory, route=route, legend_title=legend_title, tile_url=tile_url,
        tile_attribution=tile_attribution, coverage=coverage, geometry_key=geometry_key,
    )  # fmt: skip
    # Alone in an un-keyed container. Streamlit's frontend keys the map by its element id but
    # its neighbours by their index, so when elements appear above it React *moves* the map's
    # iframe in the DOM; that reloads the iframe while Streamlit keeps listening to the old
    # window, and the map stays empty for good. The container is keyed by its index: when its
    # place changes it is created anew (with a new listener) instead of moved.
    import streamlit as st

    with st.container():
        return component(key=key, default=None, **args)
