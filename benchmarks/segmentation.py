"""``make bench`` (part): demand groups on real panden, server side.

Times, on the real Doesburg panden (7 395, LV BAG-derived GeoPackage), the 60 Delft panden and
a **made-up city of about 50 000 panden built by tiling Doesburg's real footprints** (7 copies
side by side, ids made unique; labelled as such):

- segment: build the units (with heat via the heat module where BAG gives a use) and classify
  them with the default scheme, then sum per group;
- group change: classify again with one threshold changed and build the map's style payload
  (colours only; the geometry is cached by hash, so a group change sends no geometry);
- area change (first time): the geometry payload of all panden (simplified levels, encoded).

Not measured here: drawing in the browser (benchmarks/maps.py measures that for areas).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import geopandas as gpd  # noqa: E402
import pandas as pd  # noqa: E402
import shapely  # noqa: E402

from benchmarks import data  # noqa: E402
from transitieatlas.maps import payload  # noqa: E402
from transitieatlas.segmentation import (  # noqa: E402
    classify,
    default_scheme,
    export,  # noqa: E402
    parse_scheme,
    summarise,
)
from transitieatlas.segmentation.units import units_from_panden  # noqa: E402
from transitieatlas.sources import bag  # noqa: E402

GOALS_S = {"segment": 1.0, "group change": 0.5, "area change": 1.0}
REPEATS = 3


def panden_sets() -> dict[str, gpd.GeoDataFrame]:
    root = data.mirror()
    doesburg = bag.read_bag(
        root / "bag/doesburg_panden_2020/doesburg_panden_20200915.gpkg"
    ).buildings
    delft = bag.read_bag(root / "bag/delft_wippolder_sample/wippolder.gpkg").buildings
    return {
        "Doesburg (7 395 panden, echt)": doesburg,
        "Delft Wippolder (60 panden, echt)": delft,
        "Stad van 51 765 panden (7× Doesburg naast elkaar, gemaakt)": tiled(doesburg, 7),
    }


def tiled(panden: gpd.GeoDataFrame, copies: int) -> gpd.GeoDataFrame:
    """``copies`` of the panden side by side (shifted east by the set's width + 200 m)."""
    minx, _, maxx, _ = panden.total_bounds
    step = maxx - minx + 200.0
    parts = []
    for k in range(copies):
        part = panden.copy()
        part["id"] = f"T{k}-" + part["id"].astype(str)
        part["geometry"] = shapely.transform(
            part.geometry.to_numpy(), lambda xy, k=k: xy + [k * step, 0]
        )
        parts.append(part)
    return gpd.GeoDataFrame(
        pd.concat(parts, ignore_index=True), geometry="geometry", crs=panden.crs
    )


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    out = action()
    return time.perf_counter() - start, out


def bench(name: str, panden: gpd.GeoDataFrame) -> dict[str, float]:
    scheme = default_scheme()
    data_ = scheme.to_dict()
    old = [r["group"] for r in data_["rules"]].index("voor_1945")
    data_["rules"][old]["when"][0]["value"] = 1930
    changed = parse_scheme(data_)
    codes = pd.Series("gebied", index=panden.index)
    seg, grp, area = [], [], []
    for _ in range(REPEATS):

        def segment():
            units = units_from_panden(panden, codes)
            assignment = classify(units, scheme)
            summarise(units, scheme, "pand", assignment=assignment)
            return units.assign(
                group=assignment["group"].to_numpy(), rule_nr=assignment["rule_nr"].to_numpy()
            )

        t, units = timed(segment)
        seg.append(t)

        def group_change(units=units):
            assignment = classify(units, changed)
            moved = units.assign(
                group=assignment["group"].to_numpy(), rule_nr=assignment["rule_nr"].to_numpy()
            )
            shapes, colours, tips, legend = export.map_layer(moved, None, changed, "pand")
            return payload.style_payload(list(shapes["code"]), colours, tips, legend)

        grp.append(timed(group_change)[0])
        shapes = gpd.GeoDataFrame(
            {"code": units.index.astype(str)}, geometry=units.geometry.to_numpy(), crs=units.crs
        )
        area.append(timed(lambda shapes=shapes: payload.geometry_payload(shapes))[0])
    return {"segment": statistics.median(seg), "group change": statistics.median(grp),
            "area change": statistics.median(area)}  # fmt: skip


def main() -> None:
    print("Vraaggroepen op panden (server, mediaan van 3; doel tussen haakjes)")
    print(f"{'set':62} {'indelen':>10} {'groep wijzigen':>16} {'gebied (geometrie)':>20}")
    for name, panden in panden_sets().items():
        r = bench(name, panden)
        cells = [
            f"{r[k]:.2f} s ({GOALS_S[k]:.1f})" for k in ("segment", "group change", "area change")
        ]
        print(f"{name:62} {cells[0]:>10} {cells[1]:>16} {cells[2]:>20}")


if __name__ == "__main__":
    main()
