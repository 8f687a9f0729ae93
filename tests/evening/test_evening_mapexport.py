"""Maps to take home: standalone folium HTML (offline) and PNG, on real and hand-made data."""

from __future__ import annotations

import io
import json
import re

import numpy as np
import pytest
from _evening import XSS, import_leeuwarden, write_tiny

from transitieatlas.cli import main as cli
from transitieatlas.errors import InputError, NotInStore
from transitieatlas.evening import mapdata, mapexport, offline
from transitieatlas.store.opendata import open_store

NAMESPACES = {"http://www.w3.org/"}


@pytest.fixture(scope="module")
def leeuwarden_home(shared_data, tmp_path_factory):
    return import_leeuwarden(tmp_path_factory.mktemp("evening-map"), shared_data)


@pytest.fixture
def leeuwarden(leeuwarden_home, monkeypatch):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(leeuwarden_home))
    return open_store()


def _features(text: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'"properties": (\{[^{}]*\})', text)]


def test_leeuwarden_html_is_standalone_and_offline(leeuwarden):
    data = mapdata.load_map_data(leeuwarden, "GM0080", "pct_koopwoningen")
    text = mapexport.folium_html(data)
    assert offline.external_references(text) == []
    assert offline.non_inline_references(text) == []  # images of Leaflet are data: URIs
    css, js = mapexport.leaflet_assets()
    assert text.count(js) == 1  # Leaflet inlined once
    # Outside the inlined Leaflet source (whose comments name bug trackers) no URL at all
    own = text.replace(js, "").replace(css, "")
    assert offline.outside_urls_in_text(own, NAMESPACES) == []
    assert "cdn" not in own.lower()
    feats = _features(text)
    assert len(feats) == 134 == len(data.areas)
    assert data.title == "Koopwoningen · Leeuwarden · 2023"
    assert "Koopwoningen · Leeuwarden · 2023" in text
    assert "gegevens van " + data.data_date in text
    assert "koopwoningen_frl.geojson.gz" in text  # the source line
    missing = [f for f in feats if f["colour"] == "#bdbdbd"]
    assert len(missing) == int(data.values.isna().sum()) > 0
    assert all(f["tekst"].endswith("geen gegevens") for f in missing)


def test_tiny_classes_colours_and_escaped_names(monkeypatch):
    write_tiny()
    data = mapdata.load_map_data(open_store(), "GM0997", "pct_koopwoningen")
    assert data.area_name == "Proefdorp" and data.data_date == "2026-11-30"
    text = mapexport.folium_html(data, "quantiles", 3)
    feats = {f["code"]: f for f in _features(text)}
    colours = {code: f["colour"] for code, f in feats.items()}
    # quantile bounds of 10, 20, 30 in 3 classes: 16,67 and 23,33 (linear interpolation)
    assert colours == {
        "BU09970001": "#edf8b1",
        "BU09970002": "#7fcdbb",
        "BU09970003": "#2c7fb8",
        "BU09970004": "#bdbdbd",
    }
    for label in ("10 – 17%", "17 – 23%", "23 – 30%", "geen gegevens"):
        assert label in text
    assert XSS not in text and "<script>alert" not in text
    # escaped before folium puts it into the tooltip/popup HTML: shown as text, never run
    assert feats["BU09970002"]["tekst"] == "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;: 20%"


def test_png_paints_each_area_in_its_class_colour():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    write_tiny()
    data = mapdata.load_map_data(open_store(), "GM0997", "pct_koopwoningen")
    png = mapexport.map_png(data, "quantiles", 3, dpi=100)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image

    assert Image.open(io.BytesIO(png)).size == (1000, 750)
    fig = mapexport.map_figure(data, "quantiles", 3)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())
    ax = fig.axes[0]
    expected = {"BU09970001": (0xED, 0xF8, 0xB1), "BU09970003": (0x2C, 0x7F, 0xB8)}
    for code, rgb in expected.items():
        point = data.areas.set_index("code").geometry[code].centroid
        x, y = ax.transData.transform((point.x, point.y))
        painted = pixels[int(pixels.shape[0] - y), int(x), :3]
        assert np.abs(painted.astype(int) - np.array(rgb)).max() <= 3, code


def test_unknown_indicator_and_area_say_what_to_do():
    write_tiny()
    with pytest.raises(InputError, match="Kies uit: pct_koopwoningen"):
        mapdata.load_map_data(open_store(), "GM0997", "inwoners")
    with pytest.raises(InputError, match="in 2019"):
        mapdata.load_map_data(open_store(), "GM0997", "pct_koopwoningen", year=2019)
    with pytest.raises(NotInStore, match="geen kaart van GM0998"):
        mapdata.load_map_data(open_store(), "GM0998", "pct_koopwoningen")
    with pytest.raises(InputError, match="geen geldige"):
        mapdata.load_map_data(open_store(), "Leeuwarden", "pct_koopwoningen")


def test_cli_writes_html_and_png_and_nothing_on_error(tmp_path, capsys):
    write_tiny()
    html_file, png_file = tmp_path / "k.html", tmp_path / "k.png"
    assert cli(["map", "export", "GM0997", "--indicator", "pct_koopwoningen",
                "--output", str(html_file)]) == 0  # fmt: skip
    assert cli(["map", "export", "WK099700", "--indicator", "pct_koopwoningen",
                "--format", "png", "--output", str(png_file)]) == 0  # fmt: skip
    assert len(_features(html_file.read_text(encoding="utf-8"))) == 4
    assert png_file.read_bytes()[:4] == b"\x89PNG"
    bad = tmp_path / "bad.html"
    assert cli(["map", "export", "GM0997", "--indicator", "inwoners", "-o", str(bad)]) == 1
    assert "Kies uit: pct_koopwoningen" in capsys.readouterr().err
    assert sorted(tmp_path.iterdir()) == sorted([html_file, png_file])  # nothing half-written


def test_offline_checker_finds_references():
    page = (
        '<html><head><link rel="stylesheet" href="https://cdn.example.org/x.css">'
        "<style>body{background:url(//tiles.example.org/a.png)}</style>"
        '<script src="/app/static/leaflet.js"></script></head>'
        '<body><a href="https://example.org">link</a><img src="data:image/png;base64,AA">'
        '<img src="http://127.0.0.1:8501/x.png"><img src="beside.png"></body></html>'
    )
    assert offline.external_references(page) == [
        "https://cdn.example.org/x.css",
        "//tiles.example.org/a.png",
    ]
    assert offline.non_inline_references(page) == [
        "https://cdn.example.org/x.css",
        "//tiles.example.org/a.png",
        "/app/static/leaflet.js",
        "http://127.0.0.1:8501/x.png",
        "beside.png",
    ]
