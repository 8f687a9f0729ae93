"""``make bench`` (part): demand groups on panden, the Vraaggroepen page's server path.

Sets (panden in a fresh local store, as ``transitieatlas import`` / ``bag import`` puts them):

- Doesburg: the real LV BAG-derived GeoPackage (7 395 current panden in the file, 7 393 counted:
  two on the border belong to Zevenaar and Bronckhorst);
- Delft Wippolder: the real 60-pand sample (59 counted: one sample row has no gemeente number);
- a **made-up city of 51 765 panden built by tiling Doesburg's real footprints** (7 copies side by
  side, ids made unique under the made-up gemeente code GM9999; labelled as such).

Every step calls what ``pages/vraaggroepen.py`` calls, in the same order (only Streamlit itself
is left out: the ``st.cache_resource`` wrappers are the caches named below):

- indelen (segment): ``segmentation.build_units`` (store → units, with heat) + ``apply_scheme``;
- gebied wijzigen (area change, first time): segment + ``export.map_layer`` + what
  ``maps.component.area_map`` does on the server (``prepare_geometry`` into an empty geometry
  cache: hash, quantise, encode, write; then the style), i.e. ``component.render_args``;
- groep wijzigen (group change: one threshold of the scheme changed): ``apply_scheme`` on the
  cached units + ``map_layer`` + ``area_map``'s server work (geometry cached on disk: hash only);
- filter (the "Groepen op de kaart" selection): ``map_layer`` + ``area_map``'s server work;
- gebied (warm): the area change again, its geometry files already on disk (a return to an
  area, or a second user): segment + map layer + style, the geometry named by its key only;
- naief (folium): the naive route beside it, ``export.folium_html`` (folium GeoJSON of all panden).

Not measured here: the browser (benchmarks/vraaggroepen_browser.py measures this page from the
click to the map redrawn; benchmarks/maps.py the drawing of areas).
Times are medians of ``REPEATS`` rounds, each area change into a new, empty geometry folder;
each shown as wall-clock time and, in brackets, the CPU time of this process (on the shared
2-core machine the wall time is several times the CPU time; on a quiet machine they are close).
Measured 2026-12-01 under a load average of about 20 (CPU s, before → after): Doesburg area
change 0.96 → 0.41, group change 0.33 (1.6 with the files the page then built on every rerun)
→ 0.12; the 51 765-pand city: area change 7.5 → 2.4, group change 1.2 → 0.5-0.7, segmenting 0.6.
Then (seg-speed2, main and branch run side by side under a load average of about 10, CPU s
main → branch): Doesburg area change 0.40 → 0.30, group change 0.13 → 0.06; Delft area change
0.58 → 0.34 (heat once per build, labels after selection); city area change 1.72 → 1.42
(1.4-1.8 over runs: pyproj 0.45 and segmenting 0.5 remain), group change 0.56 → 0.41; back
to an area whose geometry is on disk (warm): city 0.93, Doesburg 0.22, Delft 0.30.
Then (next session, load 1.8, wall = CPU): RD→WGS84 through a grid of exact PROJ nodes, no
validity repair for panden, ring structure without ring objects, tooltips as a template: city
area change 1.16 (quiet, before) → 0.96 s, group change 0.29, filter 0.14; Doesburg 0.27 /
0.05 / 0.03; the style sent per change 5 599 → 204 kB (city), 800 → 30 kB (Doesburg).
Segmenting itself grew with heat sources and verblijfsobjecten (city 0.33 → 0.56 s, Delft
0.14 → 0.26). What the user waits for in the browser: ``benchmarks/vraaggroepen_browser.py``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

os.environ["TRANSITIEATLAS_HOME"] = tempfile.mkdtemp(prefix="bench-segmentation-")

import geopandas as gpd  # noqa: E402
import pandas as pd  # noqa: E402
import shapely  # noqa: E402

from benchmarks import data  # noqa: E402
from transitieatlas import segmentation  # noqa: E402
from transitieatlas.frames import ImportBatch, Provenance  # noqa: E402
from transitieatlas.maps import component  # noqa: E402
from transitieatlas.segmentation import export  # noqa: E402
from transitieatlas.store import importing  # noqa: E402
from transitieatlas.store.opendata import Store, open_store  # noqa: E402

DOESBURG = "bag/doesburg_panden_2020/doesburg_panden_20200915.gpkg"
DELFT = "bag/delft_wippolder_sample/wippolder.gpkg"
HEAT_SOURCES = "pbl/warmtebronnen_mt_2020/20200213_MT_bronnen.geojson"
TILED_CODE = "GM9999"
COPIES = 7
REPEATS = 5
SETS = {
    "GM0221": ("Doesburg (7 393 panden, echt)", 0.5),
    "GM0503": ("Delft Wippolder (59 panden, echt)", 0.5),
    TILED_CODE: ("Stad van 51 765 panden (7× Doesburg, gemaakt)", 1.0),
}
"""Area code → (label, goal in s for area change, group change and segmenting)."""


def seeded_store() -> Store:
    """A fresh store with the real Doesburg and Delft panden, the tiled city and PBL's heat
    sources (the surplus step of every segmentation: about 0.03 s CPU for Doesburg and 0.05 s
    for the city, measured 2026-12-01 under a load average of about 5)."""
    root = data.mirror()
    store = open_store()
    importing.import_paths([root / DOESBURG, root / DELFT, root / HEAT_SOURCES], store)
    doesburg = store.buildings()
    doesburg = doesburg[doesburg["id"].astype(str).str.len() == 16]
    doesburg = doesburg[doesburg["id"].astype(str).str[:4].isin(["0221", "0299", "1876"])]
    city = tiled(doesburg.drop(columns=["dataset"]), COPIES)
    note = f"gemaakt: {COPIES} kopieën van de echte Doesburgse panden naast elkaar (benchmark)"
    provenance = Provenance("Benchmark", "tiled-doesburg", 2020, licence="", note=note)
    store.write(ImportBatch().add("buildings", city, provenance))
    return open_store()


def tiled(panden: gpd.GeoDataFrame, copies: int) -> gpd.GeoDataFrame:
    """``copies`` of the panden side by side (shifted east by the set's width + 200 m), with
    ids ``9999`` + copy number + the last 11 digits of the BAG id (unique, gemeente GM9999)."""
    minx, _, maxx, _ = panden.total_bounds
    step = maxx - minx + 200.0
    parts = []
    for k in range(copies):
        part = panden.copy()
        part["id"] = f"9999{k}" + part["id"].astype(str).str[5:]
        part["geometry"] = shapely.transform(
            part.geometry.to_numpy(), lambda xy, k=k: xy + [k * step, 0]
        )
        parts.append(part)
    city = gpd.GeoDataFrame(
        pd.concat(parts, ignore_index=True), geometry="geometry", crs=panden.crs
    )
    if city["id"].duplicated().any():
        raise ValueError("tiled ids are not unique")
    return city


def timed(action: Callable[[], Any]) -> tuple[tuple[float, float], Any]:
    """((wall s, CPU s of this process), result): on a shared machine the CPU time shows the
    work itself, the wall time what a user waits."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = action()
    return (time.perf_counter() - wall, time.process_time() - cpu), out


def changed_scheme(year: int = 1930) -> segmentation.Scheme:
    """The default scheme with one threshold changed (voor 1945 → voor ``year``), as in the
    editor (the browser benchmark changes it to a new year on every group change)."""
    raw = segmentation.default_scheme().to_dict()
    for rule in raw["rules"]:
        if rule["group"] == "voor_1945":
            rule["when"][0]["value"] = year
    return segmentation.parse_scheme(raw)


def draw(result: Any, scheme: Any, shown: list[str], directory: Path, key: str) -> dict[str, Any]:
    """The page's map step: map layer, then area_map's server work (geometry named by ``key``,
    as the page names it: store version + area + level); returns the style payload."""
    shapes, colours, tips, legend = export.map_layer(result.units, None, scheme, "pand", shown)
    args = component.render_args(
        shapes, colours, tips, legend, directory=directory, route="areamap_geometry",
        legend_title="Vraaggroep", coverage=False, geometry_key=key,
    )  # fmt: skip
    return args["style"]


def one_round(store: Store, area: str, directory: Path) -> dict[str, Any]:
    """One round of the page's steps for ``area``, the area change into an empty ``directory``."""
    scheme, changed = segmentation.default_scheme(), changed_scheme()
    groups = [g for g, _ in scheme.groups]
    key = f"vraaggroepen|{store.version()}|{area}|pand"

    def segment() -> Any:
        built = segmentation.build_units(store, area, "pand")
        return built, segmentation.apply_scheme(built, scheme)

    def area_change() -> Any:
        built, result = segment()
        return built, result, draw(result, scheme, groups, directory, key)

    t_segment = timed(segment)[0]
    t_area, (built, result, style) = timed(area_change)

    def group_change() -> Any:
        moved = segmentation.apply_scheme(built, changed)
        return moved, draw(moved, changed, groups, directory, key)

    t_group, (moved, _) = timed(group_change)
    t_filter = timed(lambda: draw(moved, changed, groups[:3], directory, key))[0]
    t_warm = timed(area_change)[0]  # back to this area: its geometry files exist
    return {
        "segment": t_segment, "area": t_area, "group": t_group, "filter": t_filter,
        "warm": t_warm,
        "result": result, "panden": len(result.units),
        "moved": int((moved.units["group"] != result.units["group"]).sum()),
        "style_kb": len(json.dumps(style, separators=(",", ":"))) / 1024,
        "geometry_kb": sum(f.stat().st_size for f in directory.glob("*.json")) / 1024,
        "static_kb": sum(f.stat().st_size for f in directory.glob("*.tip-*.json")) / 1024,
    }  # fmt: skip


def bench(store: Store, area: str) -> dict[str, Any]:
    rounds = []
    for _ in range(REPEATS):
        rounds.append(one_round(store, area, Path(tempfile.mkdtemp(prefix="geometry-"))))
    out = dict(rounds[-1])
    for key in ("segment", "area", "group", "filter", "warm"):
        out[key] = tuple(statistics.median(r[key][i] for r in rounds) for i in (0, 1))
    scheme = segmentation.default_scheme()
    shapes, colours, tips, legend = export.map_layer(out["result"].units, None, scheme, "pand")
    out["folium"], html = timed(lambda: export.folium_html(shapes, colours, tips, legend, "-"))
    out["folium_kb"] = len(html) / 1024
    return out


def cell(times: tuple[float, float], goal: float | None = None) -> str:
    """``wall s [CPU s] (goal)``."""
    text = f"{times[0]:.2f} s [{times[1]:.2f}]"
    return text + (f" ({goal:.1f})" if goal is not None else "")


def main() -> None:
    store = seeded_store()
    print(
        f"Vraaggroepen op panden: serverwerk van de pagina; mediaan van {REPEATS}, wandklok "
        "[CPU-tijd van het proces] (doel); naief = folium-HTML van alle panden, 1×"
    )
    names = ("indelen", "gebied wijzigen", "gebied (warm)", "groep wijzigen", "filter", "naief")
    widths = (20, 20, 20, 20, 15, 7)
    print(
        f"{'set':46} {'panden':>6} "
        + " ".join(f"{n:>{w}}" for n, w in zip(names, widths, strict=True))
    )
    for area, (label, goal) in SETS.items():
        r = bench(store, area)
        cells = [cell(r["segment"], goal), cell(r["area"], goal), cell(r["warm"], goal),
                 cell(r["group"], goal), cell(r["filter"]), f"{r['folium'][0]:.1f} s"]  # fmt: skip
        print(
            f"{label:46} {r['panden']:>6} "
            + " ".join(f"{c:>{w}}" for c, w in zip(cells, widths, strict=True))
        )
        print(
            f"{'':53} geometrie {r['geometry_kb'] - r['static_kb']:.0f} kB en vaste "
            f"tooltipkolommen {r['static_kb']:.0f} kB eenmaal per gebied, stijl "
            f"{r['style_kb']:.0f} kB per wijziging, folium-HTML {r['folium_kb']:.0f} kB; {r['moved']} panden naar een andere "
            "groep bij de drempelwijziging"
        )


if __name__ == "__main__":
    main()
