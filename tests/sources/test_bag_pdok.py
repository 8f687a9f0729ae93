"""BAG panden from PDOK's OGC API, against recorded pages served by a local HTTP server.

The pages are the real Delft Wippolder panden (PDOK BAG schema) split over two pages with a
``next`` link, as the OGC API pages them.
"""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import geopandas as gpd
import pytest
import shapely

from transitieatlas.cli import main
from transitieatlas.errors import SourceUnavailable
from transitieatlas.frames import ImportBatch, Provenance
from transitieatlas.sources import bag, bag_pdok
from transitieatlas.store.opendata import open_store

FIXTURES = Path(__file__).parents[1] / "fixtures"


def _uuid(identificatie: str) -> str:
    """A pand's feature id as PDOK's v2 API gives it: a UUID, not the BAG id."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"pand/{identificatie}"))


def _serve(monkeypatch, tmp_path, collections: dict[str, list[dict]], page_size: int):
    """A local OGC API serving ``collections`` (name → features) in pages with next links."""
    seen: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server API)
            parsed = urlparse(self.path)
            query = parse_qs(parsed.query)
            seen.append({"path": parsed.path, **query})
            if "broken" in self.path:
                self.send_response(500)
                self.end_headers()
                return
            name = parsed.path.split("/collections/")[1].split("/")[0]
            features = collections.get(name, [])
            page = int(query.get("page", ["1"])[0])
            body = {
                "type": "FeatureCollection",
                "features": features[(page - 1) * page_size : page * page_size],
                "links": [],
            }
            if page * page_size < len(features):
                body["links"].append(
                    {
                        "rel": "next",
                        "href": f"{base}/collections/{name}/items?page={page + 1}&f=json",
                    }
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
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    monkeypatch.setenv("TRANSITIEATLAS_BAG_URL", base)
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path))
    return httpd, base, seen


def _features(frame: gpd.GeoDataFrame) -> list[dict]:
    return json.loads(frame.to_json(drop_id=True))["features"]


@pytest.fixture
def server(shared_data, monkeypatch, tmp_path):
    """The real Delft Wippolder panden (PDOK BAG schema) over two pages; no VBOs."""
    frame = gpd.read_file(shared_data / "bag/delft_wippolder_sample/wippolder.gpkg")
    frame["identificatie"] = frame["identificatie"].astype(str).str.zfill(16)
    httpd, base, seen = _serve(monkeypatch, tmp_path, {"pand": _features(frame)}, 35)
    yield base, seen
    httpd.shutdown()


SITTARD_VBO = {
    # a v2 feature as PDOK returned it (recorded; see sources/bag_pdok.py), here in RD New
    "type": "Feature",
    "properties": {
        "bronhouder_identificatie": "1883", "bronhouder_naam": "Sittard-Geleen",
        "documentdatum": "2018-04-04", "documentnummer": "correctie",
        "gebruiksdoel": "woonfunctie", "geconstateerd": "N",
        "hoofdadres_identificatie": "0000200000057534", "hoofdadres_status": "Naamgeving ingetrokken",
        "huisletter": "A", "huisnummer": 32, "identificatie": "0000010000057469",
        "openbare_ruimte_identificatie": "1883300000001522", "openbare_ruimte_naam": "Steenweg",
        "openbare_ruimte_naam_kort": None, "openbare_ruimte_status": "Naamgeving uitgegeven",
        "oppervlakte": 72,
        "pand.href": ["https://api.pdok.nl/kadaster/bag/ogc/v2/collections/pand/items/"
                      "4c396a25-0e16-586f-a298-3252f8795942"],
        "postcode": "6131BE", "provincie_afkorting": "Li", "provincie_naam": "Limburg",
        "rdf_seealso": "http://bag.basisregistraties.overheid.nl/bag/id/verblijfsobject/0000010000057469",
        "status": "Verblijfsobject ingetrokken", "toevoeging": None,
        "woonplaats_identificatie": "3512", "woonplaats_naam": "Sittard",
        "woonplaats_status": "Woonplaats aangewezen",
    },
    "geometry": {"type": "Point", "coordinates": [188391.884, 334586.439]},
    "id": "80f96ef7-dfa4-5197-b681-cfd92b10757e",
}  # fmt: skip
BOX = (206_200, 447_300, 206_400, 447_600)


@pytest.fixture
def doesburg_server(shared_data, monkeypatch, tmp_path):
    """Real Doesburg panden (190 in BOX, v2 schema: feature id a UUID, no floor area) and the
    two real Doesburg VBOs in the v2 schema (``pand.href`` to the pand's UUID), with the
    recorded withdrawn Sittard VBO between them; pages of 100."""
    panden = gpd.read_file(shared_data / "bag/doesburg_panden_2020/doesburg_panden_20200915.gpkg")
    panden = panden[panden.intersects(shapely.box(*BOX))]
    pand_features = _features(panden[["identificatie", "bouwjaar", "status", "geometry"]])
    for feature in pand_features:
        feature["id"] = _uuid(feature["properties"]["identificatie"])
    units = bag.read_bag(FIXTURES / "bag" / "9999VBO15092020.zip").units
    unit_features = []
    for row in units.itertuples():
        unit_features.append({
            "type": "Feature", "id": _uuid(f"vbo/{row.id}"),
            "properties": {
                "identificatie": row.id, "gebruiksdoel": row.gebruiksdoel,
                "oppervlakte": int(row.oppervlakte), "status": row.status,
                "pand.href": [f"https://api.pdok.nl/kadaster/bag/ogc/v2/collections/pand/items/"
                              f"{_uuid(row.pand_id)}"],
            },
            "geometry": shapely.geometry.mapping(row.geometry),
        })  # fmt: skip
    vbo = [unit_features[0], SITTARD_VBO, unit_features[1]]
    httpd, base, seen = _serve(
        monkeypatch, tmp_path, {"pand": pand_features, "verblijfsobject": vbo}, 100
    )
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
    assert {s["path"] for s in seen} == {"/collections/pand/items"}


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
    assert "panden en 0 verblijfsobjecten van BU05030001 opgeslagen" in capsys.readouterr().out


def test_vbos_are_fetched_and_linked_to_their_pand_through_the_pand_uuid(doesburg_server):
    base, seen = doesburg_server
    messages: list[str] = []
    read = bag_pdok.fetch_bag(BOX, progress=messages.append)
    assert read.read == 190 and len(read.buildings) == 182  # 8 demolished left out
    assert "BAG-panden: pagina 2, 190 panden" in messages
    assert "BAG-verblijfsobjecten: pagina 1, 3 verblijfsobjecten" in messages
    assert read.units_read == 3
    units = read.units.set_index("id")
    assert list(units.index) == ["0221010000330226", "0221010000330999"]  # Sittard: ingetrokken
    assert units.loc["0221010000330226", "pand_id"] == "0221100000312938"
    assert units.loc["0221010000330999", "pand_id"] == "0221100000311191"
    assert units.loc["0221010000330226", "oppervlakte"] == 223
    panden = read.buildings.set_index("id")
    assert panden.loc["0221100000312938", "gebruiksdoel"] == "woonfunctie"
    assert panden.loc["0221100000312938", "oppervlakte_m2"] == 223
    assert int(panden["gebruiksdoel"].notna().sum()) == 2
    vbo_query = next(s for s in seen if s["path"] == "/collections/verblijfsobject/items")
    assert vbo_query["bbox"] == ["206200,447300,206400,447600"]
    assert vbo_query["crs"] == vbo_query["bbox-crs"] == [bag_pdok.RD_CRS_URI]


def test_cli_fetch_stores_panden_and_vbos_together(doesburg_server, capsys):
    area = gpd.GeoDataFrame(
        {"code": ["BU02210000"], "name": ["Binnenstad"], "level": "buurt",
         "gemeente_code": "GM0221", "wijk_code": "WK022100", "year": 2019},
        geometry=[shapely.box(*BOX)], crs="EPSG:28992",
    )  # fmt: skip
    open_store().write(ImportBatch().add("areas", area, Provenance("test", "buurt", 2019)))
    assert main(["bag", "fetch", "BU02210000"]) == 0
    out = capsys.readouterr().out
    assert "2 verblijfsobjecten van BU02210000 opgeslagen" in out
    store = open_store()
    assert set(store.units()["id"]) == {"0221010000330226", "0221010000330999"}
    assert set(store.units()["pand_id"]) <= set(store.buildings()["id"])
    (units,) = store.datasets("units")
    assert units.provenance.table_id == "pdok-bag-ogc-verblijfsobject"
    assert units.provenance.source == "BAG verblijfsobjecten (Kadaster) BU02210000"
