"""Two `transitieatlas import FOLDER` processes at once must not lose a dataset (issue 9.1)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from transitieatlas.store.opendata import open_store

FILES_PER_PROCESS = 20


def _geojson(code: str, x: float) -> dict:
    """One buurt of 100 × 100 m in RD New, inside the Netherlands."""
    ring = [[x, 450_000], [x + 100, 450_000], [x + 100, 450_100], [x, 450_100], [x, 450_000]]
    return {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
        "features": [
            {
                "type": "Feature",
                "properties": {"buurtcode": code, "buurtnaam": f"Buurt {code}"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        ],
    }


def _folder(root: Path, name: str, first: int) -> Path:
    folder = root / name
    folder.mkdir()
    for i in range(first, first + FILES_PER_PROCESS):
        code = f"BU0080{i:04d}"
        path = folder / f"buurt_{code}.geojson"
        x = 150_000 + (i % 1000) * 200 + (i // 1000) * 10_000  # inside the Netherlands
        path.write_text(json.dumps(_geojson(code, x)), encoding="utf-8")
    return folder


def test_two_imports_at_once_keep_every_dataset(tmp_path, _private_home):
    folders = [_folder(tmp_path, "a", 0), _folder(tmp_path, "b", 1000)]
    env = {**os.environ, "TRANSITIEATLAS_HOME": str(_private_home)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "transitieatlas", "import", str(folder)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in folders
    ]
    outputs = [p.communicate(timeout=600) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, out + err
        assert out.count("ok  ") == FILES_PER_PROCESS
    store = open_store()
    infos = store.datasets("areas")
    assert len(infos) == 2 * FILES_PER_PROCESS
    codes = set(store.areas(level="buurt")["code"])
    assert len(codes) == 2 * FILES_PER_PROCESS
    on_disk = {p.relative_to(store.root).as_posix() for p in store.root.rglob("*.parquet")}
    assert on_disk == {i.path for i in infos}, "orphan parquet files"
    leftovers = [p.name for p in store.root.rglob("*") if p.name.startswith(".manifest-")]
    assert leftovers == []
