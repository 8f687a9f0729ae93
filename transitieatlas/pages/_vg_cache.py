"""The Vraaggroepen page's caches, and their warm-up when the app starts.

Speed (issue 10: area and group change under 0.5 s, 1 s for a 50 000-pand city): the units of
an area are built once per area, level and chosen business parks, a scheme change only
classifies them again; ``cache_resource`` hands back the same objects without copying (they are
never changed in place). The functions live here, not in the page script, so that a background
thread can fill them: :func:`start_warm_up` (called by every page's setup, once per store
version) builds, for every gemeente with BAG panden in the store, what the page's first visit
of that gemeente needs (units, groups of the default scheme, map layer, geometry files),
smallest gemeente first, so small areas are ready at once. A
user who then opens the gemeente waits as for a later visit; one who is quicker waits for the
warm-up's own computation (the caches hold a lock per key), never for a second one.
"""

from __future__ import annotations

import threading
from typing import Any

import streamlit as st

from transitieatlas import config, segmentation
from transitieatlas.errors import TransitieatlasError
from transitieatlas.maps import component
from transitieatlas.segmentation import export, repo
from transitieatlas.store.opendata import Store


@st.cache_resource(show_spinner="Panden, vierkanten of buurten laden…", max_entries=8)
def units(_store: Store, version: float, area: str, level: str, parks: tuple) -> Any:
    polygons = repo.load_parks([name for name, _ in parks]) if parks else None
    return segmentation.build_units(_store, area, level, business_parks=polygons)


@st.cache_resource(show_spinner="Vraaggroepen berekenen…", max_entries=16)
def segment(
    _store: Store, version: float, area: str, level: str, scheme_json: str, parks: tuple
) -> segmentation.Segmentation:
    scheme = segmentation.parse_scheme(scheme_json)
    return segmentation.apply_scheme(units(_store, version, area, level, parks), scheme)


@st.cache_resource(show_spinner=False, max_entries=16)
def map_layer(_result, _areas, version: float, area: str, level: str, scheme_json: str,
              shown: tuple[str, ...], parks: tuple) -> Any:  # fmt: skip
    scheme = segmentation.parse_scheme(scheme_json)
    return export.map_layer(_result.units, _areas, scheme, level, list(shown))


@st.cache_resource(show_spinner=False, max_entries=16)
def markers(_result, _scheme, version: float, area: str, level: str, scheme_json: str,
            parks: tuple) -> list[dict[str, Any]]:  # fmt: skip
    return export.source_markers(_result.heat_sources, _result.units, _scheme)


# Which levels an area has is asked on every rerun; it reads the panden (0.05-0.1 s for a city).
@st.cache_data(show_spinner=False, max_entries=32, ttl=600)
def levels(_store: Store, version: float, area: str) -> list[str]:
    return segmentation.available_levels(_store, segmentation.resolve_area(area))


@st.cache_data(show_spinner=False, max_entries=8)
def default_area(_store: Store, version: float, preferred: str = "GM0080") -> str:
    """The area the page opens on: ``preferred`` when the store has data for it, else the
    gemeente with the most panden (so the map shows at once), else ``preferred``."""
    try:
        levels(_store, version, preferred)
        return preferred
    except TransitieatlasError:
        found = segmentation.gemeenten_with_panden(_store)
        return found[-1] if found else preferred


def geometry_key(version: float, area: str, level: str) -> str:
    """The map's name for its geometry (the store version changes with every import)."""
    return f"vraaggroepen|{version}|{area}|{level}"


def warm_up(store: Store, version: float) -> list[str]:
    """Fill the caches for the first visit of every gemeente with panden (default scheme, all
    groups shown, no business park) and write its map geometry; returns the gemeenten done."""
    scheme = segmentation.default_scheme()
    scheme_json, shown = scheme.to_json(), tuple(g for g, _ in scheme.groups)
    done = []
    for gemeente in segmentation.gemeenten_with_panden(store):
        try:
            if "pand" not in levels(store, version, gemeente):
                continue
            result = segment(store, version, gemeente, "pand", scheme_json, ())
            shapes, *_ = map_layer(result, None, version, gemeente, "pand", scheme_json, shown, ())
            markers(result, scheme, version, gemeente, "pand", scheme_json, ())
            key = geometry_key(version, gemeente, "pand")
            component.prepare_geometry(shapes, component.geometry_dir(), False, key)
        except TransitieatlasError:
            continue
        done.append(gemeente)
    return done


_started: set[tuple[str, float]] = set()
_lock = threading.Lock()


def start_warm_up(store: Store) -> threading.Thread | None:
    """Run :func:`warm_up` in a background thread, once per store folder and version (unless
    switched off: :func:`transitieatlas.config.warm_up_enabled`)."""
    if not config.warm_up_enabled():
        return None
    version = store.version()
    key = (str(store.root), version)
    with _lock:
        if key in _started:
            return None
        _started.add(key)
    thread = threading.Thread(
        target=warm_up, args=(store, version), name="vraaggroepen-warm-up", daemon=True
    )
    thread.start()
    return thread
