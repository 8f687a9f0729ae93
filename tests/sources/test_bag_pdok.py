"""BAG panden from PDOK's OGC API, against recorded pages served by a local HTTP server.

The pages are the real Delft Wippolder panden (PDOK BAG schema) split over two pages with a
``next`` link, as the OGC API pages them.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import geopandas as gpd
import pytest
import shapely

from transitieatlas.cli import main
from transitieatlas.errors import SourceUnavailable
from transitieatlas.frames import ImportBatch, Provenance
from transitieatlas.sources import bag_pdok
from transitieatlas.store.opendata import open_store


@pytest.fixture
def server(shared_data, monkeypatch, tmp_path):
    frame = gpd.read_file(shared_data / "bag/delft_wippolder_sample/wippolder.gpkg")
    frame["identificatie"] = frame["identificatie"].astype(str).str.zfill(16)
    features = json.loads(frame.to_json(drop_id=True))["features"]
    pages = {1: features[:35], 2: features[35:]}
    seen: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server API)
            query = parse_qs(urlparse(self.path).query)
            seen.append(query)
            if "broken" in self.path:
                self.send_response(500)
                self.end_headers()
                return
            page = int(query.get("page", ["1"])[0])
            body = {"type": "FeatureCollection", "features": pages[page], "links": []}
            if page == 1:
                body["links"].append(
                    {"rel": "next", "href": f"{base}/collections/pand/items?page=2&f=json"}
                )
            raw = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/geo+json")
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("TRANSITIEATLAS_BAG_URL", base)
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path))
    yield base, seen
    httpd.shutdown()


def test_pages_are_followed_and_cached(server):
    base, seen = server
    messages: list[str] = []
    read = bag_pdok.fetch_panden((85_000, 447_000, 85_500, 447_200), progress=messages.append)
    assert len(read.buildings) == 60 and read.read == 60
    assert messages[-1] == "BAG-panden: pagina 2, 60 panden"
    first = seen[0]
    assert first["bbox"] == ["85000,447000,85500,447200"] and first["limit"] == ["1000"]
    assert first["crs"] == [bag_pdok.RD_CRS_URI]
    assert read.buildings["id"].str.startswith("0503").sum() == 59
    bag_pdok.fetch_panden((85_000, 447_000, 85_500, 447_200))
    assert len(seen) == 2  # the second fetch came from the HTTP cache


def test_server_error_is_a_dutch_message(server):
    base, _ = server
    with pytest.raises(SourceUnavailable, match="niet bereikbaar"):
        bag_pdok.fetch_panden((0, 0, 1, 1), url=f"{base}/broken")


def test_cli_fetch_keeps_the_panden_inside_the_area(server, capsys):
    area = gpd.GeoDataFrame(
        {"code": ["BU05030001"], "name": ["Wippolder-west"], "level": "buurt",
         "gemeente_code": "GM0503", "wijk_code": "WK050300", "year": 2024},
        geometry=[shapely.box(85_290, 447_040, 85_380, 447_170)], crs="EPSG:28992",
    )  # fmt: skip
    open_store().write(ImportBatch().add("areas", area, Provenance("test", "buurt", 2024)))
    assert main(["bag", "fetch", "BU05030001"]) == 0
    stored = open_store().buildings()
    assert 0 < len(stored) < 60
    centroids = stored.geometry.centroid
    assert (centroids.x < 85_380).all()
    assert "panden van BU05030001 opgeslagen" in capsys.readouterr().out
